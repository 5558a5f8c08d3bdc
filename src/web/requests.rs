//! What happens to every request around the routes: HEAD is answered as GET, pages are
//! never cached, and each request leaves one log line.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use tracing::Span;
use tracing_actix_web::{RequestId, RootSpanBuilder};

/// Answers HEAD on every GET route (uptime monitors and link checkers ask with HEAD): the
/// request is routed as a GET, and the HTTP layer, which saw the HEAD, sends the status and
/// headers without the body. A GET changes nothing, so neither does a HEAD; on a route
/// that only takes POST it answers as a GET would (405), and the CSRF check, which guards
/// POST only, lets it through as it does GET.
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

/// Nothing but the stylesheet and scripts may be kept by a browser or a proxy (ASVS 8.2.1):
/// pages show manuscripts, reviews and confidential comments to signed-in people and to
/// holders of e-mailed links, and a shared computer's cache must not keep them. A response
/// that set its own `Cache-Control` keeps it; `/static` files are left to their ETags.
pub async fn no_store(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let is_static = req.path().starts_with("/static/");
    let mut res = next.call(req).await?;
    if !is_static && !res.headers().contains_key(CACHE_CONTROL) {
        res.headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}

/// The route a request matched, as registered (`/invitations/{token}`), so the log never
/// carries an id, a token or a query string.
pub fn route_of(req: &ServiceRequest) -> String {
    req.match_pattern()
        .unwrap_or_else(|| "(no route)".to_owned())
}

/// Noted when a request starts, for its log line.
struct Started {
    method: Method,
    route: String,
    at: Instant,
}

/// One log line per request, at its end: method, route template, status, duration, with
/// the request id on the line (and on every line logged while the request runs). Server
/// errors at ERROR, everything else, redirects and 404s included, at INFO.
pub struct RequestLog;

impl RootSpanBuilder for RequestLog {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(|id| id.to_string())
            .unwrap_or_default();
        request.extensions_mut().insert(Started {
            method: request.method().clone(),
            route: route_of(request),
            at: Instant::now(),
        });
        tracing::info_span!("request", request_id = %request_id)
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        // Called inside the request's span: the line carries its request id.
        let _ = span;
        match outcome {
            Ok(response) => {
                let extensions = response.request().extensions();
                match extensions.get::<Started>() {
                    Some(s) => log_line(
                        &s.method,
                        &s.route,
                        response.status(),
                        s.at.elapsed().as_secs_f64() * 1000.0,
                    ),
                    None => log_line(&Method::GET, "(unknown)", response.status(), 0.0),
                }
            }
            Err(e) => {
                let status = e.as_response_error().status_code();
                log_line(&Method::GET, "(unknown)", status, 0.0);
            }
        }
    }
}

fn log_line(method: &Method, route: &str, status: StatusCode, ms: f64) {
    let ms = (ms * 10.0).round() / 10.0;
    let status = status.as_u16();
    if status >= 500 {
        tracing::error!(%method, %route, status, ms, "request answered");
    } else {
        tracing::info!(%method, %route, status, ms, "request answered");
    }
}
