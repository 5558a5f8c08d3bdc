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
    let _ = session.remove(MUST_ENROL);
}

pub fn end(session: &Session) {
    session.purge();
}

const CHALLENGE: &str = "sign_in_challenge";
const CHALLENGE_NEXT: &str = "sign_in_next";
const MUST_ENROL: &str = "must_enrol";

/// Between the password and the code: the challenge token, and where to go afterwards.
pub fn await_code(session: &Session, challenge_token: &str, next: &str) {
    session.renew();
    let _ = session.insert(CHALLENGE, challenge_token);
    let _ = session.insert(CHALLENGE_NEXT, next);
}

/// The waiting challenge token and where to go after it, if any.
pub fn awaited_code(session: &Session) -> Option<(String, String)> {
    let token = session.get::<String>(CHALLENGE).ok().flatten()?;
    let next = session
        .get::<String>(CHALLENGE_NEXT)
        .ok()
        .flatten()
        .unwrap_or_else(|| "/dashboard".to_owned());
    Some((token, next))
}

pub fn forget_code(session: &Session) {
    let _ = session.remove(CHALLENGE);
    let _ = session.remove(CHALLENGE_NEXT);
}

/// A journal requires two-factor sign-in of this person and they have not set it up: every
/// page but the set-up sends them there until they have.
pub fn require_enrolment(session: &Session, required: bool) {
    if required {
        let _ = session.insert(MUST_ENROL, true);
    } else {
        let _ = session.remove(MUST_ENROL);
    }
}

pub fn must_enrol(session: &Session) -> bool {
    session
        .get::<bool>(MUST_ENROL)
        .ok()
        .flatten()
        .unwrap_or(false)
}

/// The browser and system of a request, in a few words ("Firefox on Linux"), so a person
/// can tell their sessions apart; never more of the User-Agent than that.
pub fn device_of(user_agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chromium/", "Chromium"),
        ("HeadlessChrome/", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .iter()
    .find(|(token, _)| user_agent.contains(token))
    .map(|(_, name)| *name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(token, _)| user_agent.contains(token))
    .map(|(_, name)| *name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} on {s}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(s)) => format!("A browser on {s}"),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::device_of;

    #[test]
    fn devices_are_told_apart_in_a_few_words() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(device_of(firefox), "Firefox on Linux");
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0";
        assert_eq!(device_of(edge), "Edge on Windows");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(device_of(iphone), "Safari on iPhone");
        assert_eq!(device_of(""), "");
    }
}
