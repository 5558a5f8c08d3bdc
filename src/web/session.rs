//! What the signed, encrypted session cookie holds: the CSRF token, a one-shot flash message
//! and the token of the server-side sign-in session (its hash is in the `sessions` table, so
//! logging out really ends it).

use actix_session::Session;
use serde::{Deserialize, Serialize};

use crate::security::token;

const CSRF: &str = "csrf";
const FLASH: &str = "flash";
const SIGN_IN: &str = "sign_in";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Flash {
    /// "notice" or "error".
    pub kind: String,
    pub message: String,
}

/// The session's CSRF token, created on first use.
pub fn csrf_token(session: &Session) -> String {
    if let Ok(Some(t)) = session.get::<String>(CSRF) {
        return t;
    }
    let t = token::random_hex(32);
    let _ = session.insert(CSRF, &t);
    t
}

pub fn existing_csrf_token(session: &Session) -> Option<String> {
    session.get::<String>(CSRF).ok().flatten()
}

pub fn flash_notice(session: &Session, message: impl Into<String>) {
    let _ = session.insert(
        FLASH,
        Flash {
            kind: "notice".into(),
            message: message.into(),
        },
    );
}

pub fn flash_error(session: &Session, message: impl Into<String>) {
    let _ = session.insert(
        FLASH,
        Flash {
            kind: "error".into(),
            message: message.into(),
        },
    );
}

pub fn take_flash(session: &Session) -> Option<Flash> {
    session.remove_as::<Flash>(FLASH).and_then(Result::ok)
}

pub fn sign_in_token(session: &Session) -> Option<String> {
    session.get::<String>(SIGN_IN).ok().flatten()
}

/// Starts a signed-in session: a new cookie id and a new CSRF token (no fixation).
pub fn begin_sign_in(session: &Session, sign_in_token: &str) {
    session.renew();
    let _ = session.insert(SIGN_IN, sign_in_token);
    let _ = session.insert(CSRF, token::random_hex(32));
}

/// Drops a sign-in whose server-side session has ended, keeping the flash message.
pub fn forget_sign_in(session: &Session) {
    let _ = session.remove(SIGN_IN);
}

pub fn end(session: &Session) {
    session.purge();
}
