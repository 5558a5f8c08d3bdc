//! `/healthz`: the process is up and its database answers.

use actix_web::{HttpResponse, web};
use diesel::connection::SimpleConnection;

use super::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(healthz));
}

pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let checked = state
        .db
        .run(|conn| {
            conn.batch_execute("SELECT 1")
                .map_err(crate::db::DbError::from)
        })
        .await;
    match checked {
        Ok(()) => HttpResponse::Ok()
            .content_type("application/json")
            .body(r#"{"status":"ok","database":"ok"}"#),
        Err(e) => {
            tracing::error!(error.chain = %super::error::error_chain(&e), "health check failed");
            HttpResponse::ServiceUnavailable()
                .content_type("application/json")
                .body(r#"{"status":"unavailable","database":"unreachable"}"#)
        }
    }
}
