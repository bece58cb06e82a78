//! Antrean's reference REST backend. `main` only parses the [`Config`] and calls [`Server::start`];
//! tests drive the same [`app`] router on a real loopback port.
//!
//! - [`config`]: flags and their environment-variable twins.
//! - [`storage`]: all SQL (SQLite, WAL, full sync; or PostgreSQL); [`crypto`]: hashes, HMACs, tokens, randomness.
//! - [`routes`]: the API handlers; [`error`]: problem+json for every error; [`cached`]: ETags
//!   and precompressed answers; [`openapi`]: the contract, generated from the handlers.
//! - [`spa`]: the built web app with the right caching; [`deploy`]: its base path and
//!   `config.json`; [`request_log`]: one line per request; [`verify_draw`]: the `verify-draw` command.

pub mod cached;
pub mod client_address;
pub mod config;
pub mod crypto;
pub mod deploy;
pub mod error;
pub mod extract;
pub mod hall_stream;
pub mod i18n;
pub mod openapi;
pub mod password;
pub mod queue_view;
pub mod rate_limit;
pub mod request_log;
pub mod routes;
pub mod security;
pub mod spa;
pub mod staff_command;
pub mod storage;
pub mod validate;
pub mod verify_draw;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use antrean_core::api::Catalogue;
use antrean_core::data::SeedData;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method};
use axum::Router;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};

use cached::CachedJson;
pub use config::Config;
use deploy::AppDeploy;
use storage::{Storage, StorageError};

/// Request bodies larger than this are refused with `413`: a booking is well under 4 KB.
pub const BODY_LIMIT_BYTES: usize = 16 * 1024;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub storage: Storage,
    pub seed: Arc<SeedData>,
    pub hold_ttl: chrono::Duration,
    /// The catalogue answer, serialised once with its ETag.
    pub catalogue: Arc<CachedJson>,
    /// The listed MPPs and their search index, built once.
    pub directory: Arc<routes::mpps::Directory>,
    /// The limit of check-ins, walk-ins and staff sign-ins per client address.
    pub check_in_limiter: rate_limit::CheckInLimiter,
    /// The hall streams of this instance: woken by its queue changes, ended at shutdown.
    pub hall: Arc<hall_stream::Hub>,
}

impl AppState {
    pub fn new(storage: Storage, seed: SeedData, config: &Config) -> Result<AppState, serde_json::Error> {
        let catalogue = CachedJson::precompressed(&Catalogue {
            agencies: seed.agencies.clone(),
            services: seed.services.clone(),
            search: seed.search.clone(),
        })?;
        let directory = Arc::new(routes::mpps::Directory::new(&seed.mpps));
        Ok(AppState {
            storage,
            directory,
            seed: Arc::new(seed),
            hold_ttl: chrono::Duration::minutes(i64::from(config.hold_minutes)),
            catalogue: Arc::new(catalogue),
            check_in_limiter: rate_limit::CheckInLimiter::new(config.check_in_rate_per_minute),
            hall: hall_stream::Hub::new(config.max_streams),
        })
    }
}

/// The whole HTTP surface: the API under `{base}api`, the web app everywhere else under the base
/// path (`/` unless the deploy says otherwise).
pub fn app(state: AppState, config: &Config, deploy: &AppDeploy) -> Router {
    let limiter = rate_limit::PostLimiter::new(config.post_rate_per_minute);
    let api = openapi::with_contract(routes::router())
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(limiter, rate_limit::limit_posts))
        .layer(axum::middleware::from_fn_with_state(
            client_address::TrustedProxies::new(&config.trusted_proxies),
            client_address::identify,
        ))
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(cors(&config.cors_origins));
    let policies = security::Policies::new(&deploy.index_html, &security::Origins::of(deploy, &config.frame_ancestors));
    let site = Router::new()
        .nest("/api", api)
        // `nest` leaves "/api/" itself to the outer router; it is an API path, not a page.
        .route("/api/", axum::routing::any(error::api_not_found))
        .merge(spa::router(&config.dist, deploy))
        .layer(axum::middleware::from_fn_with_state(policies, security::headers));
    let site = match deploy.base_path.trim_end_matches('/') {
        "" => site,
        // `nest` strips the base for the app and the API, but does not route the base with its
        // slash (`/layanan/antrean/`): there, the site answers as for any page (with index.html).
        base => Router::new()
            .nest(base, site.clone())
            .route_service(&deploy.base_path, site.into_service::<axum::body::Body>())
            .route("/", axum::routing::get(spa::to_base(deploy.base_path.clone()))),
    };
    site.layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(error::with_language))
        .layer(axum::middleware::from_fn(request_log::log_request))
}

/// Browsers on the configured portal origins may call the API; no others.
fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> =
        origins.iter().filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([
            axum::http::header::CONTENT_TYPE,
            axum::http::header::AUTHORIZATION,
            axum::http::header::ACCEPT_LANGUAGE,
            axum::http::header::IF_NONE_MATCH,
            axum::http::HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([axum::http::header::ETAG, axum::http::header::RETRY_AFTER, axum::http::header::LOCATION])
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
    #[error("{0}")]
    Deploy(#[from] deploy::DeployError),
    #[error("{0}")]
    Secret(#[from] storage::SecretError),
    #[error("the catalogue cannot be serialised: {0}")]
    Catalogue(#[from] serde_json::Error),
}

/// A server that has loaded its data, opened its database and bound its port, ready to serve.
pub struct Server {
    listener: TcpListener,
    router: Router,
    storage: Storage,
    hall: Arc<hall_stream::Hub>,
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
        let deploy = AppDeploy::load(&config.dist, &config.base_path, config.app_config.as_deref())?;
        let storage = Storage::open_with(&config.database, &config.storage_options()?).await?;
        storage.sync_directory(&seed.mpps).await?;
        let listener = TcpListener::bind(config.listen)
            .await
            .map_err(|source| StartError::Listen { address: config.listen, source })?;
        let mpps = seed.mpps.len();
        let state = AppState::new(storage.clone(), seed, config)?;
        let hall = Arc::clone(&state.hall);
        hall.spawn_poller(storage.clone());
        let router = app(state, config, &deploy);
        tracing::info!(mpps, "seed data loaded and directory synchronised");
        Ok(Server { listener, router, storage, hall })
    }

    /// The hall streams of this server (to observe them in tests).
    pub fn hall(&self) -> Arc<hall_stream::Hub> {
        Arc::clone(&self.hall)
    }

    /// The server's database (tests move its clock with `Storage::shift_clock`).
    pub fn storage(&self) -> Storage {
        self.storage.clone()
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then ends the hall streams, finishes in-flight requests
    /// and closes the database.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        let hall = self.hall;
        let shutdown = async move {
            shutdown.await;
            hall.shut_down();
        };
        let result = axum::serve(self.listener, service).with_graceful_shutdown(shutdown).await;
        self.storage.close().await;
        result
    }
}
