//! CSRF protection for every state-changing request, in one place.
//!
//! Every POST must carry the session's token: in the `csrf_token` field of a URL-encoded
//! form, or for multipart uploads in the `csrf_token` query parameter or the
//! `X-CSRF-Token` header. Anything else is refused with 403 before a handler runs.

use actix_session::SessionExt;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{Error, HttpMessage, ResponseError};

use super::error::AppError;
use super::session;
use crate::security::token::constant_time_eq;

pub const FIELD: &str = "csrf_token";

fn find_param(query: &str, name: &str) -> Option<String> {
    url::form_urlencoded_parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// Minimal `application/x-www-form-urlencoded` parsing, enough to find one field.
mod url {
    pub fn form_urlencoded_parse(input: &[u8]) -> impl Iterator<Item = (String, String)> + '_ {
        input
            .split(|b| *b == b'&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let mut it = pair.splitn(2, |b| *b == b'=');
                let k = decode(it.next().unwrap_or_default());
                let v = decode(it.next().unwrap_or_default());
                (k, v)
            })
    }

    fn decode(raw: &[u8]) -> String {
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            match raw[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < raw.len() => {
                    let hex = std::str::from_utf8(&raw[i + 1..i + 3])
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok());
                    match hex {
                        Some(b) => {
                            out.push(b);
                            i += 2;
                        }
                        None => out.push(b'%'),
                    }
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

pub async fn guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    if req.method() != Method::POST {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    }
    let expected = session::existing_csrf_token(&req.get_session());
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let presented = if let Some(h) = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        Some(h.to_owned())
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        // Read the body, look for the token, and put the body back for the handler.
        let body = req.extract::<Bytes>().await?;
        let found = url::form_urlencoded_parse(&body)
            .find(|(k, _)| k == FIELD)
            .map(|(_, v)| v);
        req.set_payload(Payload::from(body));
        found
    } else {
        find_param(req.query_string(), FIELD)
    };
    match (expected, presented) {
        (Some(e), Some(p)) if constant_time_eq(&e, &p) => next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body),
        _ => {
            tracing::warn!(path = %req.path(), "POST refused: missing or wrong CSRF token");
            req.extensions_mut().insert(CsrfRefused);
            let response = AppError::CsrfRejected.error_response();
            Ok(req.into_response(response).map_into_right_body())
        }
    }
}

/// Marks a request whose form token was refused (for logs and tests).
#[derive(Debug, Clone, Copy)]
pub struct CsrfRefused;

#[cfg(test)]
mod tests {
    use super::url::form_urlencoded_parse;

    #[test]
    fn finds_fields_and_decodes() {
        let fields: Vec<_> = form_urlencoded_parse(b"a=1&csrf_token=ab%2Fc+d&x=%ZZ").collect();
        assert_eq!(fields[1], ("csrf_token".into(), "ab/c d".into()));
        assert_eq!(fields[2], ("x".into(), "%ZZ".into()));
    }
}
