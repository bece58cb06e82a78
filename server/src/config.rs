//! The server's configuration: command-line flags, each with an environment-variable twin, so the
//! same binary runs from a terminal, a systemd unit or a container without a config file.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use ipnet::IpNet;

/// Antrean's reference REST backend: serves the API under /api/v1 and the built web app.
#[derive(Clone, Debug, Parser)]
#[command(
    name = "antrean-server",
    version,
    about,
    long_about = None,
    after_help = "To move a database to another (e.g. SQLite to PostgreSQL): antrean-server copy-database --from URL --to URL\n\
                  To add or remove a staff account: antrean-server staff add|remove --help"
)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "ANTREAN_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Database URL: `sqlite://path/file.sqlite3` (the default; a file created, migrated and seeded
    /// on first start) or `postgres://user:password@host:port/database` (several instances may share
    /// it; migrated at start by whichever instance comes first).
    #[arg(long, env = "ANTREAN_DATABASE_URL", default_value = "sqlite://var/antrean.sqlite3")]
    pub database: String,

    /// Connections to the database per instance (default: 8 for SQLite, 16 for PostgreSQL). On
    /// PostgreSQL, keep instances × pool size below the server's `max_connections`.
    #[arg(long, env = "ANTREAN_DATABASE_POOL_SIZE", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub database_pool_size: Option<u32>,

    /// A file holding the server's secret (32 bytes in base64, e.g. from
    /// `head -c 32 /dev/urandom | base64`), which keys NIK hashes and manage tokens: every instance
    /// on one database must have the same. Without it (and without ANTREAN_SECRET), the secret is
    /// the one kept in the database, created once by the first instance.
    #[arg(long, env = "ANTREAN_SECRET_FILE", conflicts_with = "secret")]
    pub secret_file: Option<PathBuf>,

    /// The server's secret itself (as in the secret file). Prefer the environment variable to the
    /// flag: a flag's value is visible to every user of the machine. Never logged.
    #[arg(long, env = "ANTREAN_SECRET", hide_env_values = true)]
    pub secret: Option<crate::storage::Secret>,

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

    /// Check-ins and walk-ins allowed per client address per minute (bursts up to a third of it),
    /// on top of the POST limit; 0 turns this limit off. A kiosk checks in a few citizens a minute;
    /// someone guessing the last four NIK digits of a code needs thousands of tries.
    #[arg(long, env = "ANTREAN_CHECK_IN_RATE_PER_MINUTE", default_value_t = 30)]
    pub check_in_rate_per_minute: u32,

    /// Hall queue streams (`/api/v1/mpps/{id}/queue/stream`) this instance keeps open at most;
    /// beyond, a display is answered 503 with Retry-After and tries again (or another instance).
    #[arg(long, env = "ANTREAN_MAX_STREAMS", default_value_t = 2000)]
    pub max_streams: usize,

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

impl Config {
    /// How the storage is opened: the pool size and the configured secret (read from its file).
    pub fn storage_options(&self) -> Result<crate::storage::Options, crate::storage::SecretError> {
        let secret = match &self.secret_file {
            Some(path) => Some(crate::storage::Secret::read_file(path)?),
            None => self.secret.clone(),
        };
        Ok(crate::storage::Options { pool_size: self.database_pool_size, secret })
    }
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
