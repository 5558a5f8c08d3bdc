//! CSRF protection for every state-changing request, in one place.
//!
//! Every POST must carry the session's token: in the `csrf_token` field of a URL-encoded
//! form, as the first field of a multipart form (the hidden input comes first in the
//! form), or in the `X-CSRF-Token` header. Anything else is refused with 403 before a
//! handler runs. Never in the address: a form shown again after an error would put the
//! token in the address bar, the history and bookmarks.

use actix_session::SessionExt;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{Error, HttpMessage, ResponseError};
use futures_util::StreamExt;

use super::error::AppError;
use super::session;
use crate::security::token::constant_time_eq;

pub const FIELD: &str = "csrf_token";

/// How much of a multipart body is read to find its first field: the token is short, and
/// an honest form sends it first.
const MULTIPART_PEEK_BYTES: usize = 8 * 1024;

/// The `boundary` parameter of a `multipart/form-data` content type, as sent (case kept).
fn multipart_boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_owned())
            .filter(|b| !b.is_empty())
    })
}

/// The value of the first part of a multipart body, if that part is the text field `name`;
/// `None` when it is another field, a file, or not complete within `body`.
fn first_multipart_field(body: &[u8], boundary: &str, name: &str) -> Option<String> {
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let delimiter = format!("--{boundary}");
    let start = find(body, delimiter.as_bytes())? + delimiter.len();
    let rest = body.get(start..)?.strip_prefix(b"\r\n")?;
    let headers_end = find(rest, b"\r\n\r\n")?;
    let headers = std::str::from_utf8(&rest[..headers_end]).ok()?;
    let disposition = headers.split("\r\n").find_map(|line| {
        let (k, v) = line.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case("content-disposition")
            .then_some(v)
    })?;
    let mut is_field = false;
    for param in disposition.split(';').skip(1) {
        let (k, v) = param.trim().split_once('=')?;
        match k.trim().to_ascii_lowercase().as_str() {
            "name" => is_field = v.trim().trim_matches('"') == name,
            "filename" | "filename*" => return None,
            _ => {}
        }
    }
    if !is_field {
        return None;
    }
    let value = &rest[headers_end + 4..];
    let end = find(value, format!("\r\n{delimiter}").as_bytes())?;
    String::from_utf8(value[..end].to_vec()).ok()
}

/// Reads the start of a multipart body for its first field, then puts everything read back
/// in front of the rest, so the handler reads the whole body as sent.
async fn peek_multipart_field(
    req: &mut ServiceRequest,
    boundary: &str,
) -> Result<Option<String>, Error> {
    let mut payload = req.take_payload();
    let mut head = BytesMut::new();
    let mut found = None;
    while head.len() < MULTIPART_PEEK_BYTES {
        match payload.next().await {
            Some(chunk) => head.extend_from_slice(&chunk?),
            None => break,
        }
        found = first_multipart_field(&head, boundary, FIELD);
        if found.is_some() {
            break;
        }
    }
    let head = head.freeze();
    let whole =
        futures_util::stream::once(async move { Ok::<_, actix_web::error::PayloadError>(head) })
            .chain(payload);
    req.set_payload(Payload::Stream {
        payload: Box::pin(whole),
    });
    Ok(found)
}

/// Minimal `application/x-www-form-urlencoded` parsing, enough to find one field.
pub(crate) mod url {
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
    // A digest's link to its reader's mail choices is its List-Unsubscribe address: mail
    // clients POST there without cookies (RFC 8058), and the 256-bit token in the path is
    // the credential, which a forging site cannot know.
    if req.method() != Method::POST || req.path().starts_with("/mail/choices/") {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    }
    let expected = session::existing_csrf_token(&req.get_session());
    let raw_content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let content_type = raw_content_type.to_ascii_lowercase();
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
    } else if let Some(boundary) = multipart_boundary(&raw_content_type) {
        peek_multipart_field(&mut req, &boundary).await?
    } else {
        None
    };
    match (expected, presented) {
        (Some(e), Some(p)) if constant_time_eq(&e, &p) => next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body),
        _ => {
            let route = super::requests::route_of(&req);
            tracing::warn!(%route, "POST refused: missing or wrong CSRF token");
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
    use super::{first_multipart_field, multipart_boundary};

    #[test]
    fn finds_the_first_field_of_a_multipart_body() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc123\r\n--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nT\r\n--XyZ--\r\n";
        assert_eq!(
            multipart_boundary("multipart/form-data; boundary=XyZ").as_deref(),
            Some("XyZ")
        );
        assert_eq!(
            multipart_boundary("Multipart/Form-Data; boundary=\"XyZ\"").as_deref(),
            Some("XyZ")
        );
        assert_eq!(multipart_boundary("text/plain; boundary=XyZ"), None);
        assert_eq!(
            first_multipart_field(body, "XyZ", "csrf_token").as_deref(),
            Some("abc123")
        );
        // Not first, a file, or cut off: not found.
        assert_eq!(first_multipart_field(body, "XyZ", "title"), None);
        let file = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"; filename=\"a\"\r\n\r\nabc\r\n--XyZ--";
        assert_eq!(first_multipart_field(file, "XyZ", "csrf_token"), None);
        assert_eq!(
            first_multipart_field(&body[..60], "XyZ", "csrf_token"),
            None
        );
    }

    #[test]
    fn finds_fields_and_decodes() {
        let fields: Vec<_> = form_urlencoded_parse(b"a=1&csrf_token=ab%2Fc+d&x=%ZZ").collect();
        assert_eq!(fields[1], ("csrf_token".into(), "ab/c d".into()));
        assert_eq!(fields[2], ("x".into(), "%ZZ".into()));
    }
}
