//! Antrean's reference REST backend. `main` only parses the [`Config`] and calls [`Server::start`];
//! tests drive the same [`app`] router on a real loopback port.
//!
//! - [`config`]: flags and their environment-variable twins.
//! - [`storage`]: all SQL (SQLite, WAL, full sync).
//! - [`routes`]: the API handlers; [`error`]: problem+json for every error.
//! - [`spa`]: the built web app with the right caching; [`request_log`]: one line per request.

pub mod config;
pub mod error;
pub mod request_log;
pub mod routes;
pub mod spa;
pub mod storage;

use std::future::Future;
use std::net::SocketAddr;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;

pub use config::Config;
use storage::{Storage, StorageError};

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub storage: Storage,
}

/// The whole HTTP surface: the API under `/api`, the web app everywhere else.
pub fn app(state: AppState, config: &Config) -> Router {
    Router::new()
        .nest("/api", routes::router().with_state(state))
        // `nest` leaves "/api/" itself to the outer router; it is an API path, not a page.
        .route("/api/", axum::routing::any(error::api_not_found))
        .merge(spa::router(&config.dist))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(request_log::log_request))
}

/// Why the server did not start. Each names what to fix.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("the seed data in {folder} is invalid; nothing was started.\n{errors}")]
    Data { folder: String, errors: antrean_core::data::DataErrors },
    #[error("{0}")]
    Storage(#[from] StorageError),
    #[error("the web app is not built: {0} has no index.html (run `make build` or `trunk build --release`)")]
    NoApp(String),
    #[error("cannot listen on {address}: {source}")]
    Listen { address: SocketAddr, source: std::io::Error },
}

/// A server that has loaded its data, opened its database and bound its port, ready to serve.
pub struct Server {
    listener: TcpListener,
    router: Router,
    storage: Storage,
}

impl Server {
    /// Loads and checks the seed data, opens (creating and migrating) the database, synchronises
    /// the directory, and binds the listening socket. Refuses to start on invalid data.
    pub async fn start(config: &Config) -> Result<Server, StartError> {
        let seed = antrean_core::data::load(&config.data)
            .map_err(|errors| StartError::Data { folder: config.data.display().to_string(), errors })?;
        if !config.dist.join("index.html").is_file() {
            return Err(StartError::NoApp(config.dist.display().to_string()));
        }
        let storage = Storage::open(&config.database).await?;
        storage.sync_directory(&seed.mpps).await?;
        let listener = TcpListener::bind(config.listen)
            .await
            .map_err(|source| StartError::Listen { address: config.listen, source })?;
        let router = app(AppState { storage: storage.clone() }, config);
        tracing::info!(mpps = seed.mpps.len(), "seed data loaded and directory synchronised");
        Ok(Server { listener, router, storage })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests and closes the database.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let result = axum::serve(self.listener, self.router).with_graceful_shutdown(shutdown).await;
        self.storage.close().await;
        result
    }
}
