//! How long a sign-in lasts, and the person's own list of where they are signed in
//! (issue 26, ASVS 3.3.2).
//!
//! The people who decide (editors-in-chief, board members, guest editors, administrators)
//! are signed out after 30 minutes without a request, or 12 hours in all, unless they chose
//! "keep me signed in on this device" (then 14 days, like everyone else). Every session
//! still ends at sign-out, at a password change (the others) or a reset (all).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::roles;
use crate::db::sessions::{self as store, Lifetime};
use crate::db::{DbConnection, now};
use crate::domain::Role;
use crate::domain::permissions::HeldRole;
use crate::security::token::new_token;

/// A session that may be kept: authors, reviewers, and whoever chose to stay signed in.
pub const LONG_DAYS: i64 = 14;
/// The people who decide, unless they chose to stay signed in.
pub const DECIDING_IDLE_MINUTES: i32 = 30;
pub const DECIDING_HOURS: i64 = 12;

/// Whether these roles decide on submissions or run the site.
pub fn decides(roles: &[HeldRole]) -> bool {
    roles.iter().any(|r| {
        matches!(
            r.role,
            Role::Admin | Role::EditorInChief | Role::BoardMember | Role::GuestEditor
        )
    })
}

/// The lifetime of a session that starts now for someone with these roles.
pub fn lifetime(roles: &[HeldRole], keep_signed_in: bool) -> Lifetime {
    let at = now();
    if decides(roles) && !keep_signed_in {
        Lifetime {
            expires_at: at + Duration::hours(DECIDING_HOURS),
            idle_minutes: Some(DECIDING_IDLE_MINUTES),
            keep_signed_in,
        }
    } else {
        Lifetime {
            expires_at: at + Duration::days(LONG_DAYS),
            idle_minutes: None,
            keep_signed_in,
        }
    }
}

/// Starts a session for the person; the token for the cookie (only its hash is stored).
pub fn open(
    conn: &mut DbConnection,
    person_id: i64,
    keep_signed_in: bool,
    device: &str,
) -> QueryResult<String> {
    store::delete_ended_sessions_of(conn, person_id)?;
    let roles = roles::held_roles(conn, person_id)?;
    let session = new_token();
    store::insert_session(
        conn,
        &session.hash,
        person_id,
        lifetime(&roles, keep_signed_in),
        device,
    )?;
    Ok(session.token)
}

/// One line of "Where you are signed in".
#[derive(Debug, Clone)]
pub struct SessionLine {
    /// Names the session in forms: the first characters of its token's hash (never the
    /// token), enough to tell a person's sessions apart.
    pub handle: String,
    pub device: String,
    pub started: NaiveDateTime,
    pub last_seen: NaiveDateTime,
    pub ends: NaiveDateTime,
    /// Ends after this many idle minutes.
    pub idle_minutes: Option<i32>,
    pub kept_on_device: bool,
    /// The session this page is being read in.
    pub this_one: bool,
}

const HANDLE_CHARS: usize = 16;

fn handle_of(token_hash: &str) -> &str {
    &token_hash[..token_hash.len().min(HANDLE_CHARS)]
}

/// The person's sessions, the one in use marked.
pub fn list(
    conn: &mut DbConnection,
    person_id: i64,
    current_hash: &str,
) -> QueryResult<Vec<SessionLine>> {
    Ok(store::sessions_of(conn, person_id)?
        .into_iter()
        .map(|s| SessionLine {
            handle: handle_of(&s.token_hash).to_owned(),
            device: if s.device.is_empty() {
                "An unknown browser".to_owned()
            } else {
                s.device.clone()
            },
            started: s.created_at,
            last_seen: s.last_seen_at.unwrap_or(s.created_at),
            ends: s.expires_at,
            idle_minutes: s.idle_minutes,
            kept_on_device: s.keep_signed_in,
            this_one: s.token_hash == current_hash,
        })
        .collect())
}

/// Ends the person's session named by `handle` (never the one in use: that is "Sign
/// out"). Whether one ended.
pub fn end(
    conn: &mut DbConnection,
    person_id: i64,
    current_hash: &str,
    handle: &str,
) -> QueryResult<bool> {
    if handle.len() != HANDLE_CHARS || !handle.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(false);
    }
    let target = store::sessions_of(conn, person_id)?
        .into_iter()
        .map(|s| s.token_hash)
        .find(|h| handle_of(h) == handle && h != current_hash);
    match target {
        Some(hash) => Ok(store::delete_session_of(conn, person_id, &hash)? > 0),
        None => Ok(false),
    }
}

/// Ends every session of the person but the one in use; how many ended.
pub fn end_others(
    conn: &mut DbConnection,
    person_id: i64,
    current_hash: &str,
) -> QueryResult<usize> {
    store::delete_other_sessions(conn, person_id, current_hash)
}
