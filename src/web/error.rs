//! Errors as the visitor sees them: opaque, styled pages. The log gets the whole cause chain.

use std::fmt::Write as _;

use actix_web::body::BoxBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::{StatusCode, header};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpMessage, HttpResponse, ResponseError};
use askama::Template;

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Missing, or not for this person's eyes: both answer the same 404.
    #[error("not found")]
    NotFound,
    /// The page needs a signed-in person; they are sent to the login page and back.
    #[error("sign-in required")]
    SignInRequired { next: String },
    /// A journal requires two-factor sign-in of this person, not yet set up: to its page.
    #[error("two-factor set-up required")]
    TwoFactorEnrolmentRequired,
    #[error("the form has expired")]
    CsrfRejected,
    /// A request no honest form sends (a malformed body, a field far too long).
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("database error")]
    Db(#[from] DbError),
    #[error("unexpected error")]
    Internal(#[from] anyhow::Error),
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        AppError::Db(DbError::Query(e))
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(anyhow::Error::new(e).context("template rendering failed"))
    }
}

impl From<crate::mail::MailError> for AppError {
    fn from(e: crate::mail::MailError) -> Self {
        AppError::Internal(anyhow::Error::new(e).context("mail could not be written"))
    }
}

pub use crate::error_chain;

/// nginx's "client closed request": the answer to a request whose client went away, so
/// that its stopped computation (issue 30) is not logged as a server error nobody can act on.
const CLIENT_CLOSED_REQUEST: u16 = 499;

impl AppError {
    /// Whether the work stopped because the request went away (nobody reads the answer).
    fn requester_gone(&self) -> bool {
        match self {
            AppError::Db(DbError::Cancelled) => true,
            AppError::Db(DbError::Query(diesel::result::Error::QueryBuilderError(e))) => e
                .downcast_ref::<crate::workflow::memo::RequesterGone>()
                .is_some(),
            _ => false,
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        if self.requester_gone() {
            return StatusCode::from_u16(CLIENT_CLOSED_REQUEST)
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        }
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::SignInRequired { .. } | AppError::TwoFactorEnrolmentRequired => {
                StatusCode::SEE_OTHER
            }
            AppError::CsrfRejected => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Db(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        if self.requester_gone() {
            tracing::info!("the request went away before its answer; its work stopped");
            return HttpResponse::new(self.status_code());
        }
        match self {
            AppError::SignInRequired { next } => {
                let location = format!("/login?next={}", url_encode(next));
                HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, location))
                    .finish()
            }
            AppError::TwoFactorEnrolmentRequired => HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/profile/two-factor"))
                .finish(),
            AppError::Db(_) | AppError::Internal(_) => {
                let chain = match self {
                    AppError::Internal(e) => format!("{e:#}"),
                    other => error_chain(other),
                };
                tracing::error!(error.chain = %chain, "request failed");
                HttpResponse::new(self.status_code())
            }
            AppError::BadRequest(why) => {
                tracing::info!(%why, "bad request");
                HttpResponse::new(self.status_code())
            }
            _ => HttpResponse::new(self.status_code()),
        }
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass through).
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

#[derive(Template)]
#[template(path = "errors/error.html")]
struct ErrorPage<'a> {
    status: u16,
    heading: &'a str,
    message: &'a str,
    request_id: Option<String>,
}

/// Replaces the empty body of an error response with a styled page.
pub fn render_error_page<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let status = res.status();
    let already_has_page = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.to_str().unwrap_or("").starts_with("text/html"));
    if already_has_page || status.is_redirection() {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let request_id = res
        .request()
        .extensions()
        .get::<tracing_actix_web::RequestId>()
        .map(|id| id.to_string());
    let (heading, message) = match status.as_u16() {
        400 => (
            "Bad request",
            "The request could not be understood. Go back and try again.",
        ),
        403 => (
            "This form has expired",
            "For your security, forms work only for a limited time and from this site. Go back, reload the page and try again.",
        ),
        404 => (
            "Page not found",
            "There is no page at this address, or you do not have access to it.",
        ),
        405 => (
            "Not allowed",
            "This address does not accept that kind of request.",
        ),
        413 => (
            "Too large",
            "What you sent is larger than this site accepts.",
        ),
        429 => ("Too many requests", "Please wait a little and try again."),
        s if s >= 500 => (
            "Something went wrong",
            "We could not complete your request. The problem has been logged; if it persists, tell the editorial office and quote the reference below.",
        ),
        _ => (
            "Something went wrong",
            "We could not complete your request.",
        ),
    };
    let page = ErrorPage {
        status: status.as_u16(),
        heading,
        message,
        request_id: if status.is_server_error() {
            request_id
        } else {
            None
        },
    };
    let body = page
        .render()
        .unwrap_or_else(|_| format!("{} {heading}", status.as_u16()));
    let (req, res) = res.into_parts();
    let mut response = HttpResponse::build(res.status());
    for (name, value) in res.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            response.insert_header((name.clone(), value.clone()));
        }
    }
    let response = response.content_type("text/html; charset=utf-8").body(body);
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, response).map_into_right_body(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stopped_computation_is_not_a_server_error() {
        let stopped = AppError::from(crate::workflow::memo::stopped());
        assert_eq!(stopped.status_code().as_u16(), CLIENT_CLOSED_REQUEST);
        assert_eq!(AppError::Db(DbError::Cancelled).status_code().as_u16(), 499);
        let failed = AppError::from(diesel::result::Error::NotFound);
        assert_eq!(failed.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
