//! The daemon's HTTP port (`metrics.listen`): the live page at `/`, its data at
//! `/api/snapshot` and `/api/history` (the last 15 minutes), `/metrics` for Prometheus, `/healthz` (the process is up) and
//! `/readyz` (see [`Health`]). actix-web with one worker; a client has 5 s to send its
//! request and idle connections close after 5 s, so slow or broken clients cannot
//! stall the port or hold its connections.

mod access;
mod exposition;
mod history;
mod snapshot;
mod web_config;

pub use history::{keep as keep_history, History};
pub use snapshot::{About, GroupView, Snapshot};
pub use web_config::WebConfig;

use crate::metrics::Health;
use actix_web::dev::Server;
use actix_web::http::header::ContentType;
use actix_web::{web, App, HttpResponse, HttpServer};
use metrics_exporter_prometheus::PrometheusHandle;
use std::time::Duration;

/// The self-contained page (no CDN): it polls `/api/snapshot` once a second.
const PAGE: &str = include_str!("live.html");

/// A client's time to send its request head, and the idle time of a kept connection.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(5);

/// What the handlers read.
pub struct State {
    pub handle: PrometheusHandle,
    pub health: Health,
    pub about: About,
    pub history: std::sync::Arc<History>,
}

/// The server on `listener`, secured as `secure` says (TLS, basic auth, headers); it
/// runs when awaited or spawned.
pub fn serve(
    listener: std::net::TcpListener,
    state: State,
    secure: WebConfig,
) -> std::io::Result<Server> {
    let state = web::Data::new(state);
    let access = web::Data::new(access::Access::new(&secure));
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(access.clone())
            .wrap(actix_web::middleware::from_fn(access::guard))
            .route("/", web::get().to(page))
            .route("/api/snapshot", web::get().to(snapshot))
            .route("/api/history", web::get().to(history))
            .route("/metrics", web::get().to(metrics))
            .route("/healthz", web::get().to(healthz))
            .route("/readyz", web::get().to(readyz))
            .default_service(web::to(not_found))
    })
    .workers(1)
    .disable_signals()
    .client_request_timeout(CLIENT_TIMEOUT)
    .client_disconnect_timeout(Duration::from_secs(1))
    .keep_alive(CLIENT_TIMEOUT)
    .max_connections(1024);
    Ok(match secure.tls {
        Some(tls) => server.listen_rustls_0_23(listener, tls)?,
        None => server.listen(listener)?,
    }
    .run())
}

async fn page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::html())
        .body(PAGE)
}

async fn snapshot(state: web::Data<State>) -> HttpResponse {
    let exposition = state.handle.render();
    HttpResponse::Ok().json(Snapshot::read(
        &exposition,
        &state.about,
        state.health.ready(),
        state.history.caught_up().as_ref(),
    ))
}

async fn history(state: web::Data<State>) -> HttpResponse {
    HttpResponse::Ok().json(state.history.points())
}

async fn metrics(state: web::Data<State>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(state.handle.render())
}

async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::plaintext())
        .body("ok\n")
}

async fn readyz(state: web::Data<State>) -> HttpResponse {
    match state.health.ready() {
        true => HttpResponse::Ok().body("ready\n"),
        false => HttpResponse::ServiceUnavailable().body("not ready\n"),
    }
}

async fn not_found() -> HttpResponse {
    HttpResponse::NotFound()
        .body("not found: try /, /api/snapshot, /api/history, /metrics, /healthz, /readyz\n")
}
