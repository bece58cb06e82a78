//! The server's configuration: command-line flags, each with an environment-variable twin, so the
//! same binary runs from a terminal, a systemd unit or a container without a config file.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use ipnet::IpNet;

/// Antrean's reference REST backend: serves the API under /api/v1 and the built web app.
#[derive(Clone, Debug, Parser)]
#[command(name = "antrean-server", version, about, long_about = None)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "ANTREAN_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Database URL. SQLite (the default) is a file created, migrated and seeded on first start.
    #[arg(long, env = "ANTREAN_DATABASE_URL", default_value = "sqlite://var/antrean.sqlite3")]
    pub database: String,

    /// Folder of the built web app (the output of `trunk build --release`).
    #[arg(long, env = "ANTREAN_DIST", default_value = "./dist")]
    pub dist: PathBuf,

    /// Folder of the seed data (catalogue and MPP directory), checked at every start.
    #[arg(long, env = "ANTREAN_DATA", default_value = "./data")]
    pub data: PathBuf,

    /// Minutes a held place stays reserved while the citizen types their details.
    #[arg(long, env = "ANTREAN_HOLD_MINUTES", default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..=60))]
    pub hold_minutes: u32,

    /// POST requests allowed per client address per minute (bursts up to a fifth of it); 0 turns the limit off.
    #[arg(long, env = "ANTREAN_POST_RATE_PER_MINUTE", default_value_t = 60)]
    pub post_rate_per_minute: u32,

    /// An origin allowed to call the API from a browser (a portal embedding Antrean); repeatable.
    #[arg(long = "cors-origin", env = "ANTREAN_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// An origin allowed to frame the app (Content-Security-Policy frame-ancestors), besides the
    /// app configuration's `allowed_origins`; repeatable.
    #[arg(long = "frame-ancestor", env = "ANTREAN_FRAME_ANCESTORS", value_delimiter = ',')]
    pub frame_ancestors: Vec<String>,

    /// A reverse proxy (address or network, e.g. `10.0.0.0/8`) whose `X-Forwarded-For` names the
    /// client, for the rate limit and the one-hold-per-service rule; repeatable. Without it, every
    /// citizen behind a proxy counts as one client.
    #[arg(long = "trusted-proxy", env = "ANTREAN_TRUSTED_PROXIES", value_delimiter = ',', value_parser = crate::client_address::parse_network)]
    pub trusted_proxies: Vec<IpNet>,

    /// The path the app and the API are served under, e.g. `/layanan/antrean/` (one build serves
    /// any path: the server writes it into index.html's `<base href>`).
    #[arg(long, env = "ANTREAN_BASE_PATH", default_value = "/")]
    pub base_path: String,

    /// The web app's deploy configuration, served as `config.json` (default: the one in the dist
    /// folder, if any). See the README's "Configuration".
    #[arg(long, env = "ANTREAN_APP_CONFIG")]
    pub app_config: Option<PathBuf>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn trusted_proxies_come_as_a_list_and_a_wrong_one_is_named() {
        let config = Config::try_parse_from(["antrean-server", "--trusted-proxy", "10.0.0.0/8, 192.168.1.5"]).unwrap();
        let proxies: Vec<String> = config.trusted_proxies.iter().map(ToString::to_string).collect();
        assert_eq!(proxies, ["10.0.0.0/8", "192.168.1.5/32"]);
        assert!(Config::try_parse_from(["antrean-server"]).unwrap().trusted_proxies.is_empty());
        let error = Config::try_parse_from(["antrean-server", "--trusted-proxy", "proxy.local"]).unwrap_err();
        assert!(error.to_string().contains("`proxy.local` is not an IP address or network"), "{error}");
    }
}
