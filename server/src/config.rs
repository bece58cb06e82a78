//! The server's configuration: command-line flags, each with an environment-variable twin, so the
//! same binary runs from a terminal, a systemd unit or a container without a config file.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

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

    /// The path the app and the API are served under, e.g. `/layanan/antrean/` (one build serves
    /// any path: the server writes it into index.html's `<base href>`).
    #[arg(long, env = "ANTREAN_BASE_PATH", default_value = "/")]
    pub base_path: String,

    /// The web app's deploy configuration, served as `config.json` (default: the one in the dist
    /// folder, if any). See the README's "Configuration".
    #[arg(long, env = "ANTREAN_APP_CONFIG")]
    pub app_config: Option<PathBuf>,
}
