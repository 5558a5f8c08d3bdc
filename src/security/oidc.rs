//! OpenID Connect's authorization code flow as ORCID runs it (ORCID's "authenticated iD"):
//! the pieces that need no network, tested here. The exchange itself is
//! `workflow::orcid_sign_in`.
//!
//! The ID token's signature is not checked, by design: it comes back in the answer to our
//! own POST to the issuer's token endpoint, over TLS, authenticated by the client secret,
//! and OpenID Connect Core 1.0 §3.1.3.7 (6) lets such a client rely on TLS server
//! validation in place of the signature. Its claims are checked all the same: the issuer,
//! that it was issued to this client, that it has not expired, and the nonce that ties it
//! to the browser that started the flow (with the `state` kept in that browser's session).

use serde::Deserialize;

use super::token::{constant_time_eq, random_hex};

/// How long a started sign-in may take at ORCID before its answer is refused.
pub const FLOW_MINUTES: i64 = 10;
/// Clock difference tolerated between ORCID and this server.
const LEEWAY_SECONDS: i64 = 300;

/// What the browser's session keeps between the start and ORCID's answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct Flow {
    /// Sent to ORCID and back in the redirect: the answer belongs to this browser.
    pub state: String,
    /// Sent to ORCID and back inside the ID token: the token belongs to this flow.
    pub nonce: String,
    /// Seconds since 1970 when the flow started.
    pub started_at: i64,
}

impl Flow {
    pub fn start(now_unix: i64) -> Flow {
        Flow {
            state: random_hex(32),
            nonce: random_hex(32),
            started_at: now_unix,
        }
    }

    /// Whether ORCID's redirect answers this flow: the same state, in time.
    pub fn answers(&self, state: &str, now_unix: i64) -> bool {
        constant_time_eq(&self.state, state) && now_unix - self.started_at <= FLOW_MINUTES * 60
    }
}

/// Where the browser is sent to sign in at ORCID (scope `openid`: only the iD is asked for).
pub fn authorize_url(issuer: &str, client_id: &str, redirect_uri: &str, flow: &Flow) -> String {
    let query: Vec<String> = [
        ("client_id", client_id),
        ("response_type", "code"),
        ("scope", "openid"),
        ("redirect_uri", redirect_uri),
        ("state", flow.state.as_str()),
        ("nonce", flow.nonce.as_str()),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", percent_encode(v)))
    .collect();
    format!("{issuer}/oauth/authorize?{}", query.join("&"))
}

/// The token endpoint's answer (ORCID adds the iD and name beside the OpenID fields).
#[derive(Debug, Default, Deserialize)]
pub struct TokenResponse {
    #[serde(default)]
    pub id_token: Option<String>,
    #[serde(default)]
    pub orcid: Option<String>,
}

/// Why an ID token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdTokenProblem {
    Missing,
    Malformed,
    WrongIssuer,
    WrongAudience,
    Expired,
    WrongNonce,
    /// ORCID's own `orcid` field names another iD than the token's subject.
    Disagrees,
}

#[derive(Deserialize)]
struct Claims {
    iss: String,
    sub: String,
    aud: Audience,
    exp: i64,
    #[serde(default)]
    iat: Option<i64>,
    #[serde(default)]
    nonce: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

impl Audience {
    fn contains(&self, client_id: &str) -> bool {
        match self {
            Audience::One(a) => a == client_id,
            Audience::Many(all) => all.iter().any(|a| a == client_id),
        }
    }
}

/// The subject (for ORCID, the iD) of the ID token in `response`, once its claims are
/// checked against this client and this flow.
pub fn subject(
    response: &TokenResponse,
    issuer: &str,
    client_id: &str,
    flow: &Flow,
    now_unix: i64,
) -> Result<String, IdTokenProblem> {
    let token = response
        .id_token
        .as_deref()
        .ok_or(IdTokenProblem::Missing)?;
    let mut parts = token.split('.');
    let (Some(_header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(IdTokenProblem::Malformed);
    };
    let claims: Claims = base64url_decode(payload)
        .and_then(|json| serde_json::from_slice(&json).ok())
        .ok_or(IdTokenProblem::Malformed)?;
    if claims.iss.trim_end_matches('/') != issuer {
        return Err(IdTokenProblem::WrongIssuer);
    }
    if !claims.aud.contains(client_id) {
        return Err(IdTokenProblem::WrongAudience);
    }
    let issued_in_future = claims
        .iat
        .is_some_and(|iat| iat > now_unix + LEEWAY_SECONDS);
    if claims.exp + LEEWAY_SECONDS < now_unix || issued_in_future {
        return Err(IdTokenProblem::Expired);
    }
    if !claims
        .nonce
        .is_some_and(|n| constant_time_eq(&n, &flow.nonce))
    {
        return Err(IdTokenProblem::WrongNonce);
    }
    if response.orcid.as_ref().is_some_and(|o| *o != claims.sub) {
        return Err(IdTokenProblem::Disagrees);
    }
    Ok(claims.sub)
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Base64url without padding (RFC 7515 §2), as JSON Web Tokens carry their parts.
fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in s.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
#[path = "oidc_tests.rs"]
mod tests;
