//! Whose ORCID iD is whose (issue 20 item 8), in one place.
//!
//! - An iD a person **types** (at registration, on their profile) proves nothing: anyone can
//!   type a researcher's iD. So typed iDs are not unique across accounts (whoever typed it
//!   first would otherwise lock the researcher out) and are marked unverified.
//! - An iD **confirmed through ORCID sign-in** (`security::oidc`) proves that the person
//!   holds it. It is unique (a partial unique index, migration 57) and wins: every other
//!   record giving the same iD loses it, is told on its record and, with an account, by
//!   e-mail; nobody may type it again while it stays confirmed.
//! - Signing in with ORCID finds only a confirmed iD, never a typed one.
//!
//! For competing interests a typed iD still counts as the person's own (a match by it only
//! ever adds a conflict, never removes one), which is why a confirmation that takes a copy
//! away changes the conflict inputs (the `people` triggers) like any other change.

use crate::db::DbConnection;
use crate::db::accounts::{self as store, Person};
use crate::db::events::{self, NewEvent, Subject};
use crate::mail::messages::OrcidReleased;
use crate::workflow::sign_in::queue_account_mail;

/// Beside the ORCID field when the iD typed is confirmed by another account.
pub const CONFIRMED_ELSEWHERE: &str = "This ORCID iD has been confirmed through ORCID sign-in by another account. If it is yours, sign in with ORCID, or write to the editorial office.";

/// Whether `person` (or someone registering, `None`) may give `orcid` by typing it: not when
/// another record has confirmed it through ORCID.
pub(crate) fn may_type(
    conn: &mut DbConnection,
    person: Option<i64>,
    orcid: &str,
) -> diesel::QueryResult<bool> {
    Ok(store::find_verified_orcid_holder(conn, orcid)?.is_none_or(|h| Some(h.id) == person))
}

/// Saves an iD the person typed (or none). Typing their own confirmed iD again keeps the
/// confirmation; any other iD is unverified. `false`, changing nothing, when another record
/// confirmed it. Call inside the write transaction, holding the person.
pub(crate) fn save_typed(
    conn: &mut DbConnection,
    person: &Person,
    orcid: Option<&str>,
) -> diesel::QueryResult<bool> {
    if let Some(id) = orcid
        && !may_type(conn, Some(person.id), id)?
    {
        return Ok(false);
    }
    let verified_at = person
        .orcid_verified_at
        .filter(|_| orcid.is_some() && person.orcid.as_deref() == orcid);
    store::set_orcid(conn, person.id, orcid, verified_at)?;
    Ok(true)
}

/// Records that `person` proved they hold `orcid` through ORCID sign-in: the iD becomes
/// theirs, confirmed, and is taken from every other record that gave it. Returns how many
/// lost it. Call inside the write transaction.
pub(crate) fn confirm(
    conn: &mut DbConnection,
    person: &Person,
    orcid: &str,
    site: &str,
    profile_link: &str,
) -> anyhow::Result<usize> {
    let others = store::others_giving_orcid(conn, orcid, person.id)?;
    for other in &others {
        // First, so the unique index on confirmed iDs never sees two at once.
        store::set_orcid(conn, other.id, None, None)?;
        events::record(
            conn,
            NewEvent::new(
                Some(person.id),
                Subject::Person(other.id),
                "profile.orcid_released",
                orcid,
            ),
        )?;
        if store::find_account(conn, other.id)?.is_some() {
            let message = OrcidReleased {
                name: &other.name,
                orcid,
                profile_link,
                site,
            };
            queue_account_mail(conn, other, "orcid_released", &message)?;
        }
    }
    store::set_orcid(conn, person.id, Some(orcid), Some(crate::db::now()))?;
    events::record(
        conn,
        NewEvent::new(
            Some(person.id),
            Subject::Person(person.id),
            "profile.orcid_confirmed",
            orcid,
        ),
    )?;
    Ok(others.len())
}
