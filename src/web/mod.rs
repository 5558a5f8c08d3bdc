//! The web layer: one module (or folder) per area, each with its `routes`. Handlers stay
//! thin: parse, check permission, call the workflow (or, where there is none yet, the
//! database layer, one transaction), then redirect or render.

pub mod account;
pub mod admin;
pub mod articles;
pub mod auth;
pub mod authorship;
pub mod backups;
pub mod board;
pub mod client_address;
pub mod confirmations;
pub mod context;
pub mod csrf;
pub mod deadlines;
pub mod decisions;
pub mod discovery;
pub mod discussion;
pub mod editorial;
pub mod error;
pub mod health;
pub mod integrity;
pub mod letters;
pub mod mail_choices;
pub mod manuscript;
pub mod multipart;
pub mod orcid_sign_in;
pub mod outbox;
pub mod profile;
pub mod public;
pub mod publishing;
pub mod recognition;
pub mod requests;
pub mod review_forms;
pub mod reviewers;
pub mod reviews;
pub mod rounds;
pub mod search;
pub mod session;
pub mod sessions;
pub mod statistics;
pub mod submissions;
pub mod technical_returns;
pub mod two_factor;

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::config::Config;
use crate::db::Database;
use crate::storage::FileStore;
pub use context::{Acting, Chrome, Ctx, LazyCtx, Viewer};
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
    /// The reviewer suggestions' expertise index, while nothing it is made of changes.
    pub expertise: Arc<crate::workflow::review::ExpertiseMemo>,
}

/// Every route the application serves, one area's list after another (each in its
/// module's `routes`). `tests/api/browser_a11y/` reads the routes registered under
/// `src/web/` and fails for any its browser checks do not visit.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.configure(public::routes)
        .configure(health::routes)
        .configure(auth::routes)
        .configure(two_factor::routes)
        .configure(orcid_sign_in::routes)
        .configure(sessions::routes)
        .configure(account::routes)
        .configure(submissions::routes)
        .configure(authorship::routes)
        .configure(editorial::routes)
        .configure(search::routes)
        .configure(board::routes)
        .configure(admin::routes)
        .configure(outbox::routes)
        .configure(profile::routes)
        .configure(reviews::routes)
        .configure(reviewers::routes)
        .configure(backups::routes)
        .configure(decisions::routes)
        .configure(confirmations::routes)
        .configure(technical_returns::routes)
        .configure(discussion::routes)
        .configure(deadlines::routes)
        .configure(letters::routes)
        .configure(mail_choices::routes)
        .configure(review_forms::routes)
        .configure(integrity::routes)
        .configure(rounds::routes)
        .configure(publishing::routes)
        .configure(recognition::routes)
        .configure(articles::routes)
        .configure(discovery::routes)
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

/// The status of a page with a form: 200, or 422 when it comes back with its errors.
pub fn form_status(errors: &crate::domain::FormErrors) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// A stored file's bytes, by its SHA-256: a file the store cannot read is a server error.
pub fn stored_bytes(files: &FileStore, sha256: &str) -> Result<Vec<u8>, AppError> {
    files
        .read(sha256)
        .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("stored file unreadable")))
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
