//! Who is asking: the citizen's address, for the `POST` rate limit and the one-hold-per-service
//! rule. Directly connected, it is the TCP peer. Behind the portal's reverse proxy every request
//! comes from the proxy, so the peer would make all citizens one client (one hold per service for
//! the whole city); for peers listed in `--trusted-proxy` the address is read from
//! `X-Forwarded-For` instead, right to left, skipping trusted hops, as nginx's `real_ip_recursive`
//! does. Anyone can write that header, so it is believed only from a trusted peer, and only up to
//! the first address a trusted proxy did not add.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

use crate::error::ApiError;

/// The address a request is attributed to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientAddress(pub IpAddr);

/// The reverse proxies whose `X-Forwarded-For` is believed (none by default).
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Arc<[IpNet]>);

impl TrustedProxies {
    pub fn new(networks: &[IpNet]) -> TrustedProxies {
        TrustedProxies(networks.iter().map(IpNet::trunc).collect())
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|network| network.contains(&address))
    }

    /// The client behind `peer`: the right-most address in `X-Forwarded-For` that is not a
    /// trusted proxy. An unparsable entry ends the walk (what lies left of it is not trusted
    /// either), and so does the header's start (then the left-most trusted hop is the client).
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> ClientAddress {
        let mut client = peer.to_canonical();
        if !self.trusts(client) {
            return ClientAddress(client);
        }
        let forwarded = headers.get_all("x-forwarded-for").iter().filter_map(|value| value.to_str().ok());
        let hops: Vec<&str> = forwarded.flat_map(|value| value.split(',')).collect();
        for hop in hops.iter().rev() {
            let Some(address) = parse_hop(hop) else { break };
            client = address;
            if !self.trusts(address) {
                break;
            }
        }
        ClientAddress(client)
    }
}

/// A trusted proxy as written in the configuration: an address (`10.0.0.5`, that one host) or a
/// network (`10.0.0.0/8`).
pub fn parse_network(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("`{text}` is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/8)"))
}

/// One `X-Forwarded-For` entry: an IPv4 or IPv6 address, optionally with a port (`1.2.3.4:5678`,
/// `[2001:db8::1]:5678`), as some proxies write them.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    let address = hop.parse::<IpAddr>().ok().or_else(|| hop.parse::<SocketAddr>().ok().map(|socket| socket.ip()))?;
    Some(address.to_canonical())
}

/// Attributes each request to its client once, before the rate limit and the handlers read it.
pub async fn identify(State(trusted): State<TrustedProxies>, mut request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(peer)| peer.ip());
    if let Some(peer) = peer {
        let client = trusted.client(peer, request.headers());
        request.extensions_mut().insert(client);
    }
    next.run(request).await
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<ClientAddress>().copied().ok_or(ApiError::NoClientAddress)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn proxies(networks: &[&str]) -> TrustedProxies {
        TrustedProxies::new(&networks.iter().map(|n| parse_network(n).unwrap()).collect::<Vec<IpNet>>())
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn proxies_are_addresses_or_networks() {
        assert_eq!(parse_network(" 10.0.0.5 ").unwrap().to_string(), "10.0.0.5/32");
        assert_eq!(parse_network("fd00::/8").unwrap().to_string(), "fd00::/8");
        assert!(parse_network("10.0.0.0/33").unwrap_err().contains("not an IP address or network"));
        assert!(parse_network("proxy.local").is_err());
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let client = TrustedProxies::default().client(ip("203.0.113.9"), &forwarded(&["198.51.100.1"]));
        assert_eq!(client, ClientAddress(ip("203.0.113.9")), "a client cannot choose its own address");
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let trusted = proxies(&["10.0.0.0/8"]);
        assert_eq!(trusted.client(ip("203.0.113.9"), &forwarded(&["198.51.100.1"])).0, ip("203.0.113.9"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client() {
        let trusted = proxies(&["10.0.0.0/8", "192.168.1.5"]);
        // The citizen forged the first entry; the portal's proxy and an inner proxy added the rest.
        let headers = forwarded(&["1.1.1.1, 36.72.14.3", "192.168.1.5"]);
        assert_eq!(trusted.client(ip("10.1.2.3"), &headers).0, ip("36.72.14.3"));
    }

    #[test]
    fn ports_ipv6_and_mapped_addresses_are_understood() {
        let trusted = proxies(&["127.0.0.1/32", "::1/128"]);
        let mapped = ip("::ffff:127.0.0.1");
        assert_eq!(trusted.client(mapped, &forwarded(&["36.72.14.3:51234"])).0, ip("36.72.14.3"));
        assert_eq!(trusted.client(ip("::1"), &forwarded(&["[2001:db8::7]:443"])).0, ip("2001:db8::7"));
        assert_eq!(trusted.client(ip("::1"), &forwarded(&[" 2001:db8::8 "])).0, ip("2001:db8::8"));
    }

    #[test]
    fn garbage_or_a_missing_header_stops_at_the_last_trusted_hop() {
        let trusted = proxies(&["10.0.0.0/8"]);
        assert_eq!(trusted.client(ip("10.0.0.1"), &HeaderMap::new()).0, ip("10.0.0.1"));
        assert_eq!(trusted.client(ip("10.0.0.1"), &forwarded(&["36.72.14.3, unknown, 10.0.0.2"])).0, ip("10.0.0.2"));
        assert_eq!(trusted.client(ip("10.0.0.1"), &forwarded(&["10.0.0.3, 10.0.0.2"])).0, ip("10.0.0.3"));
    }
}
