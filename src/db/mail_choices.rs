//! Each person's choice of digest per topic of notice, and the links in their digests that
//! open those choices without signing in (only the tokens' hashes are kept).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{mail_choice_links, mail_choices};
use super::{DbConnection, now};
use crate::domain::mail_choices::{MailChoices, Topic};

/// How long a digest's link opens its reader's choices.
pub const LINK_DAYS: i64 = 90;

/// The person's choices (unknown people have none: everything at once).
pub fn of_person(conn: &mut DbConnection, person_id: i64) -> QueryResult<MailChoices> {
    let keys: Vec<String> = mail_choices::table
        .filter(mail_choices::person_id.eq(person_id))
        .select(mail_choices::topic)
        .load(conn)?;
    let mut digest: Vec<Topic> = keys.iter().filter_map(|k| Topic::from_key(k)).collect();
    digest.sort();
    Ok(MailChoices { digest })
}

/// Replaces the person's choices. Returns whether anything changed.
pub fn set(conn: &mut DbConnection, person_id: i64, choices: &MailChoices) -> QueryResult<bool> {
    if of_person(conn, person_id)?.digest == sorted(choices) {
        return Ok(false);
    }
    diesel::delete(mail_choices::table.filter(mail_choices::person_id.eq(person_id)))
        .execute(conn)?;
    // One row at a time: the two backends' connection type takes no batch insert of tuples.
    for topic in sorted(choices) {
        diesel::insert_into(mail_choices::table)
            .values((
                mail_choices::person_id.eq(person_id),
                mail_choices::topic.eq(topic.key()),
            ))
            .execute(conn)?;
    }
    Ok(true)
}

fn sorted(choices: &MailChoices) -> Vec<Topic> {
    let mut d = choices.digest.clone();
    d.sort();
    d.dedup();
    d
}

/// Keeps the hash of a new link's token for the person.
pub fn add_link(conn: &mut DbConnection, person_id: i64, token_hash: &str) -> QueryResult<()> {
    diesel::insert_into(mail_choice_links::table)
        .values((
            mail_choice_links::token_hash.eq(token_hash),
            mail_choice_links::person_id.eq(person_id),
            mail_choice_links::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Whose choices a link opens, while it is younger than [`LINK_DAYS`] at `at`.
pub fn person_of_link(
    conn: &mut DbConnection,
    token_hash: &str,
    at: NaiveDateTime,
) -> QueryResult<Option<i64>> {
    mail_choice_links::table
        .filter(mail_choice_links::token_hash.eq(token_hash))
        .filter(mail_choice_links::created_at.gt(at - Duration::days(LINK_DAYS)))
        .select(mail_choice_links::person_id)
        .first(conn)
        .optional()
}

/// Forgets links past their time (called when digests are made).
pub fn forget_old_links(conn: &mut DbConnection, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        mail_choice_links::table
            .filter(mail_choice_links::created_at.le(at - Duration::days(LINK_DAYS))),
    )
    .execute(conn)
}
