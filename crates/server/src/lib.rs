//! tradewatch's HTTP face: the JSON API under `/api/v1/`, its OpenAPI document, the dashboard
//! (every asset embedded in the binary) and server-rendered charts.
//!
//! [`router`] lists every route in one place. The store sits behind one `RwLock`: queries share
//! it, `POST /api/v1/ingest` (only with a token) takes it alone and clears the caches (rendered
//! responses, and the facts `verify` checks against). [`serve`] also watches the store's
//! commit logs, so an ingest by another process (`tradewatch ingest` into the same data dir)
//! is seen within [`Config::watch`].

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tokio::sync::RwLock;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::timeout::TimeoutLayer;
use tradewatch_model::Timeline;
use tradewatch_store::Store;

pub use facts::{FactCache, StoreFacts};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use utoipa_swagger_ui::{Config as SwaggerConfig, SwaggerUi};

mod alerts;
mod api;
mod assets;
pub mod chart;
mod error;
pub mod facts;
mod query;

pub use api::{PointOut, points as series_points, shown_unit};
pub use error::{ApiError, ErrorBody};

/// Limits and switches of a running server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Largest request body accepted, in bytes (413 beyond).
    pub max_body_bytes: usize,
    /// Time a request may take (503 beyond).
    pub request_timeout: Duration,
    /// Requests handled at once; more wait their turn.
    pub max_in_flight: usize,
    /// Origins allowed by CORS; empty (the default) sends no CORS headers at all.
    pub cors_origins: Vec<String>,
    /// The bearer token that enables `POST /api/v1/ingest`; without one the API is read-only
    /// and the route does not exist.
    pub token: Option<String>,
    /// How often [`serve`] looks for commits by other processes; `None` never looks.
    pub watch: Option<Duration>,
    /// Time a client has to send a request's headers, counted from the moment the connection
    /// is idle (opened, or its last response sent): a slow or silent client is closed after
    /// it, so this is also the keep-alive idle timeout.
    pub header_timeout: Duration,
    /// Connections open at once; further clients wait in the listen backlog.
    pub max_connections: usize,
    /// On shutdown, how long requests in flight may take to finish.
    pub shutdown_grace: Duration,
    /// The alert rules evaluated after an ingest through the API (default: `alerts.toml` in
    /// the data dir; without one, none).
    pub rules: Option<std::path::PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_body_bytes: 2 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            max_in_flight: 64,
            cors_origins: Vec::new(),
            token: None,
            watch: Some(Duration::from_secs(2)),
            header_timeout: Duration::from_secs(10),
            max_connections: 1024,
            shutdown_grace: Duration::from_secs(10),
            rules: None,
        }
    }
}

/// What every handler sees.
#[derive(Clone)]
pub struct AppState {
    pub(crate) store: Arc<RwLock<Store>>,
    pub(crate) timeline: Arc<Timeline>,
    pub(crate) config: Arc<Config>,
    /// Rendered GET responses by path and query; the data only changes on ingest, which
    /// clears it.
    pub(crate) cache: Arc<std::sync::RwLock<ResponseCache>>,
    /// The responses being rendered, each with its turn: requests that miss the cache for
    /// the same URI wait for the first one's answer instead of each rendering it (after an
    /// ingest every connection misses at once).
    pub(crate) rendering: Arc<std::sync::Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
    /// Facts by as-of date, subject and period for `verify`, shared by every request.
    pub(crate) facts: Arc<FactCache>,
}

/// Rendered responses, and how many times they have been forgotten: a response rendered from
/// the store before an ingest must not be kept after it.
#[derive(Default)]
pub(crate) struct ResponseCache {
    generation: u64,
    map: HashMap<String, CachedBody>,
    /// The bytes of the bodies in `map`.
    bytes: usize,
    /// Hashes of the keys that have missed once. A response is kept only when its key misses
    /// a second time, so query strings asked for once (a crawler, a cache-busting client)
    /// neither fill the budget nor push out the responses in use. Kept when the responses
    /// are forgotten: it records demand, not data.
    seen: std::collections::HashSet<u64>,
}

impl ResponseCache {
    /// Forgets every response (the generation stays).
    fn clear(&mut self) {
        self.map.clear();
        self.bytes = 0;
    }
}

/// A cached response body and its content type.
#[derive(Clone)]
pub(crate) struct CachedBody {
    pub(crate) content_type: &'static str,
    pub(crate) body: axum::body::Bytes,
    /// For one page of a list: the cursor of the next page, sent as `x-next-cursor`.
    pub(crate) next_cursor: Option<String>,
}

/// Responses kept at most (a bound against a caller walking every query string).
pub(crate) const CACHE_ENTRIES: usize = 4096;

/// Keys remembered as having missed once, at most (8 bytes each); past it the record starts
/// over.
pub(crate) const SEEN_KEYS: usize = 4 * CACHE_ENTRIES;

/// Bytes of response bodies kept at most. Bodies grow with the store (a fact lists the
/// figures of every vintage it could have used: 30 KB on the bundled store, 400 KB after 24
/// revisions of the same months), so a count of entries alone does not bound memory.
pub(crate) const CACHE_BYTES: usize = 64 << 20;

impl AppState {
    /// A state over an opened store, with the policy timeline.
    pub fn new(store: Store, timeline: Timeline, config: Config) -> Self {
        AppState {
            store: Arc::new(RwLock::new(store)),
            timeline: Arc::new(timeline),
            config: Arc::new(config),
            cache: Arc::new(std::sync::RwLock::new(ResponseCache::default())),
            rendering: Arc::default(),
            facts: Arc::new(FactCache::new()),
        }
    }

    /// Forgets every cached response and fact: the store changed.
    pub(crate) fn invalidate(&self) {
        if let Ok(mut c) = self.cache.write() {
            c.generation += 1;
            c.clear();
        }
        self.facts.clear();
    }

    /// Catches up with commits another process made to the store, and then forgets the
    /// caches; says whether there were any.
    pub async fn refresh_if_stale(&self) -> tradewatch_store::Result<bool> {
        if !self.store.read().await.is_stale() {
            return Ok(false);
        }
        let mut store = self.store.write().await;
        // Another request may have caught up while this one waited for the lock.
        if !store.is_stale() {
            return Ok(false);
        }
        store.refresh().await?;
        self.invalidate();
        Ok(true)
    }
}

/// The OpenAPI document's frame; the paths come from the routes below.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "tradewatch API",
        description = "Trade in critical materials from official customs statistics: series, facts, briefs and claim checks, every figure traced to its source rows and release. Errors are `{error, detail}` JSON; 4xx for the caller's mistakes.",
        license(name = "Apache-2.0")
    ),
    tags(
        (name = "data", description = "Series, facts, baskets, releases, events"),
        (name = "text", description = "Briefs and claim checks"),
        (name = "meta", description = "Health and ingest")
    )
)]
struct ApiDoc;

/// Every route of the server, in one place.
pub fn router(state: AppState) -> Router {
    let config = state.config.clone();
    let mut api = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(api::health))
        .routes(routes!(api::baskets))
        .routes(routes!(api::series))
        .routes(routes!(api::partners))
        .routes(routes!(api::facts))
        .routes(routes!(api::brief))
        .routes(routes!(api::verify))
        .routes(routes!(api::releases))
        .routes(routes!(api::diff))
        .routes(routes!(api::events))
        .routes(routes!(api::chart_svg))
        .routes(routes!(alerts::list))
        .routes(routes!(alerts::atom))
        .routes(routes!(alerts::one));
    if config.token.is_some() {
        api = api.routes(routes!(api::ingest));
    }
    let (api, openapi) = OpenApiRouter::new().nest("/api/v1", api).split_for_parts();
    let app = Router::new()
        .merge(api)
        .merge(
            SwaggerUi::new("/api/v1/docs")
                .url("/api/v1/openapi.json", openapi)
                .config(SwaggerConfig::default().validator_url("none")),
        )
        .merge(assets::routes())
        .fallback(api::not_found)
        .with_state(state);
    harden(app, &config)
}

/// The layers every route runs under, innermost first: a panic becomes a logged 500 with a
/// JSON body; every error leaves as `{error, detail}`; the body limit; the request timeout;
/// the cap on requests in flight; CORS when configured; and outermost, one log line per
/// request (id, method, path, status, latency) with its `x-request-id`.
pub fn harden(app: Router, config: &Config) -> Router {
    let app = app
        .layer(middleware::from_fn(catch_panic))
        .layer(middleware::from_fn(json_errors))
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            config.request_timeout,
        ))
        .layer(GlobalConcurrencyLimitLayer::new(config.max_in_flight));
    let app = if config.cors_origins.is_empty() {
        app
    } else {
        let origins: Vec<HeaderValue> = config
            .cors_origins
            .iter()
            .filter_map(|o| o.parse().ok())
            .collect();
        app.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION]),
        )
    };
    app.layer(middleware::from_fn(log_requests))
}

/// A handler's panic: logged with its message, answered 500 `{error, detail}`; the connection
/// stays usable.
async fn catch_panic(req: Request, next: Next) -> Response {
    use futures::FutureExt;
    match std::panic::AssertUnwindSafe(next.run(req))
        .catch_unwind()
        .await
    {
        Ok(res) => res,
        Err(panic) => panic_response(panic),
    }
}

fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "a request handler panicked");
    ApiError::for_status(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal error: the request failed inside the server (logged)".to_string(),
    )
}

/// Request ids for the log when the client sends none.
static NEXT_REQUEST: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// One log line per request, and its id back to the client as `x-request-id` (the client's
/// own, when it sends a short printable one).
async fn log_requests(mut req: Request, next: Next) -> Response {
    let start = std::time::Instant::now();
    let id = req
        .headers()
        .get("x-request-id")
        .filter(|v| v.len() <= 64 && v.to_str().is_ok())
        .cloned()
        .unwrap_or_else(|| {
            let n = NEXT_REQUEST.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            HeaderValue::from(n)
        });
    req.headers_mut().insert("x-request-id", id.clone());
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    let status = res.status().as_u16();
    let latency_ms = start.elapsed().as_secs_f64() * 1000.0;
    let id_text = id.to_str().unwrap_or_default();
    if status >= 500 {
        tracing::warn!(id = id_text, %method, path, status, latency_ms, "request");
    } else {
        tracing::info!(id = id_text, %method, path, status, latency_ms, "request");
    }
    res.headers_mut().insert("x-request-id", id);
    res
}

/// Every error leaves as `{error, detail}` JSON, including the ones axum and the layers make
/// themselves (a body over the limit, a timeout, a wrong method), and a 5xx never carries
/// internals (they were logged where they happened).
async fn json_errors(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json {
        return res;
    }
    let detail = match status {
        StatusCode::PAYLOAD_TOO_LARGE => "the request body is larger than this server accepts",
        StatusCode::SERVICE_UNAVAILABLE => "the request took too long and was stopped",
        StatusCode::METHOD_NOT_ALLOWED => "this path does not accept that method",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "send the body as application/json or text/plain",
        StatusCode::NOT_FOUND => "no such path",
        s if s.is_server_error() => "internal error",
        _ => "bad request",
    };
    let mut detail = detail.to_string();
    // axum's own rejections (a JSON body that does not parse) say what was wrong: keep that.
    if status.is_client_error() && status != StatusCode::PAYLOAD_TOO_LARGE {
        let (_, body) = res.into_parts();
        if let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await {
            let text = String::from_utf8_lossy(&bytes).trim().to_string();
            if !text.is_empty() {
                detail = text;
            }
        }
    }
    ApiError::for_status(status, detail)
}

/// Serves the API on `addr` until Ctrl-C or SIGTERM; `on_bound` gets the address actually
/// bound (port 0 picks a free one).
pub async fn serve(
    addr: SocketAddr,
    state: AppState,
    on_bound: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    on_bound(listener.local_addr()?);
    serve_on(listener, state, shutdown_signal()).await
}

/// Ctrl-C, or SIGTERM on Unix.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Serves the API on a bound listener until `shutdown` completes: then it stops accepting,
/// lets the requests in flight finish (at most [`Config::shutdown_grace`]), and returns.
///
/// Each connection is HTTP/1.1 with keep-alive; its headers must arrive within
/// [`Config::header_timeout`] of the connection going idle, and at most
/// [`Config::max_connections`] are open at once.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let config = state.config.clone();
    if let Some(every) = config.watch {
        let state = state.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            loop {
                tick.tick().await;
                match state.refresh_if_stale().await {
                    Ok(true) => tracing::info!("the store changed on disk; caches cleared"),
                    Ok(false) => {}
                    Err(e) => tracing::error!(error = %e, "looking for new commits"),
                }
            }
        });
    }
    let app = router(state);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(config.header_timeout)
        .keep_alive(true);
    let max = u32::try_from(config.max_connections.max(1)).unwrap_or(u32::MAX >> 3);
    // One permit a connection: the cap while serving, and on shutdown the count of
    // connections still open.
    let slots = Arc::new(tokio::sync::Semaphore::new(max as usize));
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            () = &mut shutdown => break,
            slot = slots.clone().acquire_owned() => match slot {
                Ok(s) => s,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    tracing::warn!(error = %e, "accepting a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let conn = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
        let mut stopping = stopping.clone();
        tokio::spawn(async move {
            let mut conn = std::pin::pin!(conn);
            let result = tokio::select! {
                r = conn.as_mut() => r,
                _ = async { stopping.wait_for(|s| *s).await.map(|_| ()) } => {
                    // Finish the request in flight, then close.
                    conn.as_mut().graceful_shutdown();
                    conn.as_mut().await
                }
            };
            if let Err(e) = result {
                tracing::debug!(%peer, error = %e, "connection closed with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    tracing::info!("shutting down: no new connections, finishing requests in flight");
    let _ = stop.send(true);
    if tokio::time::timeout(config.shutdown_grace, slots.acquire_many(max))
        .await
        .is_err()
    {
        tracing::warn!(
            grace_s = config.shutdown_grace.as_secs_f64(),
            "requests still in flight after the grace period; closing them"
        );
    }
    Ok(())
}

/// A cached or freshly rendered JSON response.
pub(crate) fn cached_response(c: &CachedBody) -> Response {
    let mut res = Response::new(Body::from(c.body.clone()));
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(c.content_type),
    );
    set_next_cursor(&mut res, c.next_cursor.as_deref());
    res
}

/// Names the next page of a list in the `x-next-cursor` header, when there is one.
pub(crate) fn set_next_cursor(res: &mut Response, next: Option<&str>) {
    if let Some(next) = next.and_then(|n| HeaderValue::from_str(n).ok()) {
        res.headers_mut().insert("x-next-cursor", next);
    }
}

/// The cached response for `key`, or, on a miss, the cache's generation to hand back to
/// [`cache_put`].
pub(crate) fn cache_get(state: &State<AppState>, key: &str) -> Result<CachedBody, u64> {
    let c = state.cache.read().map_err(|_| u64::MAX)?;
    c.map.get(key).cloned().ok_or(c.generation)
}

/// One request's turn to render the response for a key; the key's entry goes when the last
/// request that waited for it is done (or dropped: an error, a timeout, a panic).
pub(crate) struct RenderTurn {
    rendering: Arc<std::sync::Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
    key: String,
    gate: Arc<tokio::sync::Mutex<()>>,
    turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Drop for RenderTurn {
    fn drop(&mut self) {
        self.turn.take();
        if let Ok(mut map) = self.rendering.lock()
            && map
                .get(&self.key)
                .is_some_and(|g| Arc::ptr_eq(g, &self.gate) && Arc::strong_count(g) == 2)
        {
            map.remove(&self.key);
        }
    }
}

/// Waits for the turn to render `key`: at once if no other request is rendering it.
pub(crate) async fn render_turn(state: &State<AppState>, key: &str) -> RenderTurn {
    let gate = match state.rendering.lock() {
        Ok(mut map) => map.entry(key.to_string()).or_default().clone(),
        // A poisoned map: no coalescing, each request renders its own.
        Err(_) => Arc::default(),
    };
    let turn = gate.clone().lock_owned().await;
    RenderTurn {
        rendering: state.rendering.clone(),
        key: key.to_string(),
        gate,
        turn: Some(turn),
    }
}

/// Notes that `key` missed the cache and says whether it had missed before: only then is its
/// response worth keeping (see [`ResponseCache`]'s `seen`).
pub(crate) fn admit(state: &State<AppState>, key: &str) -> bool {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    let Ok(mut c) = state.cache.write() else {
        return false;
    };
    if c.seen.len() >= SEEN_KEYS {
        c.seen.clear();
    }
    !c.seen.insert(h.finish())
}

/// Keeps a response rendered since `cache_get` returned `generation`, unless the caches were
/// cleared meanwhile (it may then show the store as it was).
pub(crate) fn cache_put(state: &State<AppState>, generation: u64, key: String, value: CachedBody) {
    if let Ok(mut c) = state.cache.write() {
        if c.generation != generation {
            return;
        }
        let key_len = key.len();
        let size = value.body.len() + key_len;
        // A body too large to keep many of is not kept at all.
        if size > CACHE_BYTES / 16 {
            return;
        }
        if c.map.len() >= CACHE_ENTRIES || c.bytes + size > CACHE_BYTES {
            c.clear();
        }
        if let Some(old) = c.map.insert(key, value) {
            c.bytes -= old.body.len() + key_len;
        }
        c.bytes += size;
    }
}
