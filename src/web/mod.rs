//! The web layer: one module per area. Handlers stay thin: parse, check permission, call the
//! database layer (one transaction), then redirect or render.

pub mod account;
pub mod admin;
pub mod auth;
pub mod context;
pub mod csrf;
pub mod decisions;
pub mod editorial;
pub mod error;
pub mod health;
pub mod multipart;
pub mod outbox;
pub mod profile;
pub mod public;
pub mod publishing;
pub mod requests;
pub mod reviewers;
pub mod reviews;
pub mod rounds;
pub mod session;
pub mod statistics;
pub mod submissions;

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::config::Config;
use crate::db::Database;
use crate::storage::FileStore;
pub use context::{Chrome, Ctx, LazyCtx, Viewer};
pub use error::AppError;

/// Shared by every request.
pub struct AppState {
    pub db: Database,
    pub config: Arc<Config>,
    /// Manuscript files, by SHA-256.
    pub files: Arc<FileStore>,
    /// The editor-in-chief's statistics, computed at most once a minute per filter.
    pub statistics: Arc<crate::workflow::statistics::StatisticsCache>,
    /// The editorial lists and conflict verdicts, while nothing they depend on changes.
    pub memo: Arc<crate::workflow::editorial::EditorialMemo>,
}

/// Every route the application serves. `tests/api/browser_a11y.rs` reads the routes
/// registered under `src/web/` and fails for any its browser checks do not visit.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(public::home))
        .route(
            "/collections/{slug}",
            web::get().to(public::collection_page),
        )
        .route("/healthz", web::get().to(health::healthz))
        .route("/register", web::get().to(auth::register_form))
        .route("/register", web::post().to(auth::register))
        .route("/register/check-email", web::get().to(auth::check_email))
        .route("/verify-email", web::get().to(auth::verify_email_page))
        .route("/verify-email", web::post().to(auth::verify_email))
        .route(
            "/verify-email/resend",
            web::post().to(auth::resend_verification),
        )
        .route("/login", web::get().to(auth::login_form))
        .route("/login", web::post().to(auth::login))
        .route("/logout", web::post().to(auth::logout))
        .route("/password/forgot", web::get().to(auth::forgot_form))
        .route("/password/forgot", web::post().to(auth::forgot))
        .route("/password/reset", web::get().to(auth::reset_form))
        .route("/password/reset", web::post().to(auth::reset))
        .route("/dashboard", web::get().to(account::dashboard))
        .route("/account/password", web::get().to(account::password_form))
        .route(
            "/account/password",
            web::post().to(account::change_password),
        )
        .route(
            "/account/notifications",
            web::post().to(account::set_notifications),
        )
        .route("/submissions", web::get().to(submissions::my_submissions))
        .route("/submissions/new", web::get().to(submissions::new_form))
        .route("/submissions/new", web::post().to(submissions::create))
        .route("/submissions/{id}", web::get().to(submissions::show))
        .route(
            "/submissions/{id}/edit",
            web::get().to(submissions::edit_form),
        )
        .route(
            "/submissions/{id}/edit",
            web::post().to(submissions::update),
        )
        .route(
            "/submissions/{id}/discard",
            web::post().to(submissions::discard),
        )
        .route(
            "/submissions/{id}/withdraw",
            web::get().to(submissions::withdraw_form),
        )
        .route(
            "/submissions/{id}/withdraw",
            web::post().to(submissions::withdraw),
        )
        .route(
            "/submissions/{id}/files/{file_id}",
            web::get().to(submissions::download),
        )
        .route("/editorial/queue", web::get().to(editorial::queue))
        .route("/editorial/board", web::get().to(editorial::board))
        .route(
            "/editorial/board/{person_id}",
            web::post().to(editorial::update_offer),
        )
        .route(
            "/editorial/submissions/{id}",
            web::get().to(editorial::submission),
        )
        .route(
            "/editorial/submissions/{id}/conflict",
            web::post().to(editorial::declare_conflict),
        )
        .route(
            "/editorial/submissions/{id}/assign",
            web::post().to(editorial::assign),
        )
        .route(
            "/editorial/submissions/{id}/rulings",
            web::post().to(editorial::rule),
        )
        .route("/admin", web::get().to(admin::overview))
        .route("/admin/outbox", web::get().to(outbox::list))
        .route("/admin/outbox/{id}", web::get().to(outbox::show))
        .route("/admin/outbox/{id}/retry", web::post().to(outbox::retry))
        .route("/admin/roles", web::get().to(admin::roles_page))
        .route("/admin/roles", web::post().to(admin::grant_role))
        .route(
            "/admin/roles/{id}/revoke",
            web::post().to(admin::revoke_role),
        )
        .route(
            "/admin/collections/new",
            web::get().to(admin::new_collection_form),
        )
        .route(
            "/admin/collections",
            web::post().to(admin::create_collection),
        )
        .route(
            "/admin/collections/{id}/edit",
            web::get().to(admin::edit_collection_form),
        )
        .route(
            "/admin/collections/{id}",
            web::post().to(admin::update_collection),
        )
        .configure(profile::routes)
        .configure(reviews::routes)
        .configure(reviewers::routes)
        .configure(decisions::routes)
        .configure(rounds::routes)
        .configure(publishing::routes)
        .configure(statistics::routes);
}

/// Renders a page with 200.
pub fn render(page: &impl Template) -> Result<HttpResponse, AppError> {
    render_with(StatusCode::OK, page)
}

/// Renders a page with a given status (422 for a form shown again with its errors).
pub fn render_with(status: StatusCode, page: &impl Template) -> Result<HttpResponse, AppError> {
    let body = page.render()?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

/// POST → 303 → GET.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, location.to_owned()))
        .finish()
}

/// Only local paths are followed after sign-in, so a crafted `next` cannot send a person
/// to another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && !n.contains("://") =>
        {
            n.to_owned()
        }
        _ => "/dashboard".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_site() {
        assert_eq!(safe_next(Some("/admin/roles")), "/admin/roles");
        assert_eq!(safe_next(Some("//evil.example")), "/dashboard");
        assert_eq!(safe_next(Some("https://evil.example")), "/dashboard");
        assert_eq!(safe_next(Some("/\\evil.example")), "/dashboard");
        assert_eq!(safe_next(None), "/dashboard");
    }
}
