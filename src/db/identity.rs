//! The facts behind a reviewer's identity signals (`domain::reviewer_identity`).

use diesel::prelude::*;

use super::DbConnection;
use super::schema::{
    accounts, affiliations, people, person_emails, publications, submission_authors,
    submission_preferences,
};
use super::submissions::SUGGESTED_REVIEWER;

/// At most this many colleagues are looked at for an institution's mail domains.
const COLLEAGUES: i64 = 200;

/// The addresses (primary and confirmed extra ones) of people with a confirmed account who
/// give `institution`, other than `except`.
pub fn colleague_addresses(
    conn: &mut DbConnection,
    institution: &str,
    except: Option<i64>,
) -> QueryResult<Vec<String>> {
    Ok(colleagues_of(conn, institution)?
        .into_iter()
        .filter(|(id, _)| Some(*id) != except)
        .map(|(_, address)| address)
        .collect())
}

/// The confirmed colleagues of `institution`, as (person id, address): the first
/// `COLLEAGUES` people giving it on their profile and in their affiliations' history, those
/// with a confirmed account, each address once a person.
pub fn colleagues_of(
    conn: &mut DbConnection,
    institution: &str,
) -> QueryResult<Vec<(i64, String)>> {
    if institution.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut ids: Vec<i64> = people::table
        .filter(people::affiliation.eq(institution))
        .select(people::id)
        .limit(COLLEAGUES)
        .load(conn)?;
    ids.extend(
        affiliations::table
            .filter(affiliations::institution.eq(institution))
            .select(affiliations::person_id)
            .limit(COLLEAGUES)
            .load::<i64>(conn)?,
    );
    ids.sort_unstable();
    ids.dedup();
    let confirmed: Vec<i64> = accounts::table
        .filter(accounts::person_id.eq_any(&ids))
        .filter(accounts::email_verified_at.is_not_null())
        .select(accounts::person_id)
        .load(conn)?;
    let mut addresses: Vec<(i64, String)> = people::table
        .filter(people::id.eq_any(&confirmed))
        .select((people::id, people::email))
        .load(conn)?;
    addresses.extend(
        person_emails::table
            .filter(person_emails::person_id.eq_any(&confirmed))
            .filter(person_emails::confirmed_at.is_not_null())
            .select((person_emails::person_id, person_emails::email))
            .load::<(i64, String)>(conn)?,
    );
    Ok(addresses)
}

/// How many submissions' authors suggested `email` as a reviewer.
pub fn times_suggested(conn: &mut DbConnection, email: &str) -> QueryResult<usize> {
    let mut ids: Vec<i64> = submission_preferences::table
        .filter(submission_preferences::kind.eq(SUGGESTED_REVIEWER))
        // As typed by the authors, or in lower case (an index each way, no lower() scan).
        .filter(
            submission_preferences::email
                .eq_any([email.trim().to_owned(), email.trim().to_lowercase()]),
        )
        .select(submission_preferences::submission_id)
        .load(conn)?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids.len())
}

/// How many publications a person lists.
pub fn publications_of(conn: &mut DbConnection, person_id: i64) -> QueryResult<i64> {
    publications::table
        .filter(publications::person_id.eq(person_id))
        .count()
        .get_result(conn)
}

/// A submission's authors: (name, address), in order.
pub fn authors_of(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Vec<(String, String)>> {
    submission_authors::table
        .filter(submission_authors::submission_id.eq(submission_id))
        .order(submission_authors::position)
        .select((submission_authors::name, submission_authors::email))
        .load(conn)
}
