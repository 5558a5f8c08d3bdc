//! What happens to every request around the routes: HEAD is answered as GET.

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;

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
