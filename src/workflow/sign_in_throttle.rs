//! How failed sign-ins are held back (issue 26 item 6, ASVS 2.2.1) without one attacker
//! spending the budget of everyone who shares an address: behind a university's NAT or a
//! reverse proxy, hundreds of people arrive from one address.
//!
//! Every attempt is counted for its *account* (the address typed, whether or not it has an
//! account: the answer must not tell) and its *client* (the IP address, an IPv6 one by its
//! /64, which a single subscriber usually holds whole). In the window
//! (`PEERDESK_LOGIN_THROTTLE_MINUTES`, 15):
//!
//! - **one account from one client** (`PEERDESK_LOGIN_FAILURES_PER_ACCOUNT`, 5): that client
//!   may not try that account again. Anyone else may, from the same address or another.
//! - **one account from all clients** (`PEERDESK_LOGIN_FAILURES_ACCOUNT_WIDE`, 25): the
//!   account is under a wide attack and closed to every client until the window passes, so
//!   no account takes more than 100 guesses an hour with the defaults. Getting there takes
//!   at least five clients (25 / 5), each of which has used up its own part.
//! - **many accounts from one client** (`PEERDESK_LOGIN_FAILURES_PER_ADDRESS`, 20 different
//!   accounts: credential stuffing): each further sign-in from that client waits
//!   `PEERDESK_LOGIN_SLOWDOWN_MS` (2 s) before it is checked. It is slowed, never refused: a
//!   refusal would be the whole NAT's, and their right passwords must keep working. The wait
//!   comes before the password is looked at, the same for a right one and a wrong one, so
//!   hanging up early tells nothing.
//!
//! An attempt counts as failed from the moment it is let through, in the same transaction
//! as the check (held per account, so on PostgreSQL too), and a right answer takes it back
//! ([`forget_failures`]). So guesses sent all at once cannot each pass a count that none has
//! raised yet, and a client that hangs up before the answer still used its try.
//!
//! A second sign-in step (the two-factor code) calls the same two functions with the same
//! keys: [`throttled`] before checking the code, [`forget_failures`] when the person is
//! signed in at last (not after the password alone, or the password would reset the count
//! of codes guessed).

use std::net::IpAddr;

use chrono::Duration;

use crate::config::Config;
use crate::db::accounts::{self as store, LoginFailureCounts};
use crate::db::{Database, DbConnection, DbError, now};
use crate::domain::address_range::AddressRange;

/// Under which keys an attempt is counted: the account's address as typed (normalised) and
/// the client's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureKeys {
    pub account: String,
    pub client: String,
}

impl FailureKeys {
    /// `email` as the sign-in form normalised it; `client_address` as
    /// `web::client_address` found it (an IPv6 client is keyed by its /64).
    pub fn new(email: &str, client_address: &str) -> FailureKeys {
        let client = match client_address.parse::<IpAddr>() {
            Ok(ip) => AddressRange::of(ip, 64).to_string(),
            Err(_) => client_address.to_owned(),
        };
        FailureKeys {
            account: email.to_owned(),
            client,
        }
    }
}

/// The limits the module documentation names, as the settings give them.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub per_account: i64,
    pub account_wide: i64,
    pub per_address: i64,
    pub window_minutes: i64,
    pub slowdown: std::time::Duration,
}

impl Limits {
    pub fn of(config: &Config) -> Limits {
        Limits {
            per_account: config.login_failures_per_account,
            account_wide: config.login_failures_account_wide,
            per_address: config.login_failures_per_address,
            window_minutes: config.login_throttle_minutes,
            slowdown: std::time::Duration::from_millis(config.login_slowdown_ms),
        }
    }
}

/// What the throttle says about one more attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Open,
    /// Let through after this wait.
    Slowed(std::time::Duration),
    /// Not before the window has passed.
    Refused,
}

/// The verdict on the failures counted in the window.
pub fn verdict(limits: &Limits, counts: LoginFailureCounts) -> Verdict {
    if counts.this_client >= limits.per_account || counts.all_clients >= limits.account_wide {
        Verdict::Refused
    } else if counts.accounts_from_client >= limits.per_address {
        Verdict::Slowed(limits.slowdown)
    } else {
        Verdict::Open
    }
}

/// Is this (account, client) throttled? `true`: refuse it for now. `false`: the attempt may
/// go on (after any slow-down, already waited) and counts as failed until
/// [`forget_failures`] — so a wrong answer needs nothing more.
pub async fn throttled(db: &Database, config: &Config, keys: &FailureKeys) -> anyhow::Result<bool> {
    let (limits, keys) = (Limits::of(config), keys.clone());
    let verdict = db
        .run(move |conn| -> Result<Verdict, DbError> {
            Ok(crate::db::write_transaction(conn, |conn| {
                count_attempt(conn, &limits, &keys)
            })?)
        })
        .await?;
    match verdict {
        Verdict::Refused => Ok(true),
        Verdict::Slowed(wait) => {
            tokio::time::sleep(wait).await;
            Ok(false)
        }
        Verdict::Open => Ok(false),
    }
}

/// In the caller's transaction: the verdict on one more attempt, and the attempt counted
/// when it is let through. Old failures are forgotten on the way.
pub fn count_attempt(
    conn: &mut DbConnection,
    limits: &Limits,
    keys: &FailureKeys,
) -> diesel::QueryResult<Verdict> {
    // Two attempts at one account wait for each other (SQLite's write lock already does).
    crate::db::guard::lock_address(conn, &keys.account)?;
    let since = now() - Duration::minutes(limits.window_minutes);
    let counts = store::count_login_failures_since(
        conn,
        &keys.account,
        &keys.client,
        since,
        limits.per_address,
    )?;
    let verdict = verdict(limits, counts);
    if verdict != Verdict::Refused {
        store::record_login_failure(conn, &keys.account, &keys.client)?;
        store::prune_login_failures(conn, now() - Duration::days(1))?;
    }
    Ok(verdict)
}

/// In the transaction that signs the person in: the failures at this account from this
/// client are forgotten (this attempt's, and the owner's own typing errors). Other clients'
/// stay counted, so signing in does not give an attacker elsewhere a fresh budget.
pub fn forget_failures(conn: &mut DbConnection, keys: &FailureKeys) -> diesel::QueryResult<()> {
    store::clear_login_failures(conn, &keys.account, &keys.client).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits::of(&Config::from_vars(&Default::default()).unwrap())
    }

    fn counts(this_client: i64, all_clients: i64, accounts_from_client: i64) -> LoginFailureCounts {
        LoginFailureCounts {
            this_client,
            all_clients,
            accounts_from_client,
        }
    }

    #[test]
    fn a_client_is_refused_only_where_it_failed_and_slowed_when_it_fails_everywhere() {
        let c = limits();
        assert_eq!(verdict(&c, counts(0, 0, 0)), Verdict::Open);
        assert_eq!(verdict(&c, counts(4, 4, 1)), Verdict::Open);
        assert_eq!(verdict(&c, counts(5, 5, 1)), Verdict::Refused);
        // Others failing at the account: open to this client until the account-wide limit.
        assert_eq!(verdict(&c, counts(0, 24, 0)), Verdict::Open);
        assert_eq!(verdict(&c, counts(0, 25, 0)), Verdict::Refused);
        // A client that failed at twenty accounts waits, but is not refused.
        assert_eq!(
            verdict(&c, counts(0, 0, 20)),
            Verdict::Slowed(std::time::Duration::from_secs(2))
        );
    }

    #[test]
    fn an_ipv6_client_is_keyed_by_its_64_and_an_ipv4_one_by_its_address() {
        let a = FailureKeys::new("ada@uni.example", "2001:db8:1:2::10");
        let b = FailureKeys::new("ada@uni.example", "2001:db8:1:2:ffff::1");
        assert_eq!(a, b);
        assert_eq!(a.client, "2001:db8:1:2::/64");
        assert_eq!(FailureKeys::new("x", "203.0.113.9").client, "203.0.113.9");
        assert_eq!(
            FailureKeys::new("x", "::ffff:203.0.113.9").client,
            "203.0.113.9"
        );
        assert_eq!(FailureKeys::new("x", "unknown").client, "unknown");
    }
}
