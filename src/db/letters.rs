//! A collection's own letters as stored (issue 18 part 3): every version of each message's
//! wording, newest in force (`letter_versions`, migration 37).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{letter_versions as lv, people, submissions};
use super::{DbConnection, now};

/// Where a version came from.
pub const EDITED: &str = "edited";
pub const RESTORED: &str = "restored";
/// Back to the shipped template: its subject and body are empty.
pub const DEFAULT: &str = "default";

/// One saved version, with its author's name.
#[derive(Debug, Clone)]
pub struct LetterVersion {
    pub version: i32,
    pub origin: String,
    pub restored_from: Option<i32>,
    pub subject: String,
    pub body: String,
    pub author: String,
    pub created_at: NaiveDateTime,
}

impl LetterVersion {
    /// The shipped template is in force with this version.
    pub fn is_default(&self) -> bool {
        self.origin == DEFAULT
    }
}

type Row = (
    i32,
    String,
    Option<i32>,
    String,
    String,
    String,
    NaiveDateTime,
);

fn version_from(r: Row) -> LetterVersion {
    let (version, origin, restored_from, subject, body, author, created_at) = r;
    LetterVersion {
        version,
        origin,
        restored_from,
        subject,
        body,
        author,
        created_at,
    }
}

fn columns() -> (
    lv::version,
    lv::origin,
    lv::restored_from,
    lv::subject,
    lv::body,
    people::name,
    lv::created_at,
) {
    (
        lv::version,
        lv::origin,
        lv::restored_from,
        lv::subject,
        lv::body,
        people::name,
        lv::created_at,
    )
}

/// Every version of `letter` in the collection, newest first.
pub fn history(
    conn: &mut DbConnection,
    collection_id: i64,
    letter: &str,
) -> QueryResult<Vec<LetterVersion>> {
    let rows: Vec<Row> = lv::table
        .inner_join(people::table)
        .filter(lv::collection_id.eq(collection_id))
        .filter(lv::letter.eq(letter))
        .order(lv::version.desc())
        .select(columns())
        .load(conn)?;
    Ok(rows.into_iter().map(version_from).collect())
}

/// The newest version of each letter the collection has worded itself: (letter, version).
pub fn newest_of_collection(
    conn: &mut DbConnection,
    collection_id: i64,
) -> QueryResult<Vec<(String, LetterVersion)>> {
    let rows: Vec<(String, Row)> = lv::table
        .inner_join(people::table)
        .filter(lv::collection_id.eq(collection_id))
        .order((lv::letter, lv::version.desc()))
        .select((lv::letter, columns()))
        .load(conn)?;
    let mut out: Vec<(String, LetterVersion)> = Vec::new();
    for (letter, row) in rows {
        if out.last().is_none_or(|(l, _)| *l != letter) {
            out.push((letter, version_from(row)));
        }
    }
    Ok(out)
}

/// The wording in force for `letter` in the collection of the manuscript numbered
/// `manuscript_number`: (subject, body), or `None` for the shipped template. One query, on
/// the manuscript number's unique index and the versions' (collection, letter, version).
pub fn in_force_for_manuscript(
    conn: &mut DbConnection,
    manuscript_number: &str,
    letter: &str,
) -> QueryResult<Option<(String, String)>> {
    let newest: Option<(String, String, String)> = lv::table
        .inner_join(submissions::table.on(submissions::collection_id.eq(lv::collection_id)))
        .filter(submissions::manuscript_number.eq(manuscript_number))
        .filter(lv::letter.eq(letter))
        .order(lv::version.desc())
        .select((lv::origin, lv::subject, lv::body))
        .first(conn)
        .optional()?;
    Ok(newest
        .filter(|(origin, _, _)| origin != DEFAULT)
        .map(|(_, subject, body)| (subject, body)))
}

/// The wording in force for `letter` in the collection: (subject, body), or `None` for the
/// shipped template.
pub fn in_force(
    conn: &mut DbConnection,
    collection_id: i64,
    letter: &str,
) -> QueryResult<Option<(String, String)>> {
    let newest: Option<(String, String, String)> = lv::table
        .filter(lv::collection_id.eq(collection_id))
        .filter(lv::letter.eq(letter))
        .order(lv::version.desc())
        .select((lv::origin, lv::subject, lv::body))
        .first(conn)
        .optional()?;
    Ok(newest
        .filter(|(origin, _, _)| origin != DEFAULT)
        .map(|(_, subject, body)| (subject, body)))
}

/// A version to add.
#[derive(Debug, Clone, Copy)]
pub struct NewVersion<'a> {
    pub collection_id: i64,
    pub letter: &'a str,
    pub origin: &'a str,
    pub restored_from: Option<i32>,
    pub subject: &'a str,
    pub body: &'a str,
    pub author_id: i64,
}

/// Adds `v` as the newest version; its number. Call it with the collection held
/// (`guard::lock_collection`) so two saves cannot take the same number (the unique index
/// refuses the second anyway).
pub fn add(conn: &mut DbConnection, v: &NewVersion<'_>) -> QueryResult<i32> {
    let newest: Option<i32> = lv::table
        .filter(lv::collection_id.eq(v.collection_id))
        .filter(lv::letter.eq(v.letter))
        .select(diesel::dsl::max(lv::version))
        .first(conn)?;
    let version = newest.unwrap_or(0) + 1;
    diesel::insert_into(lv::table)
        .values((
            lv::collection_id.eq(v.collection_id),
            lv::letter.eq(v.letter),
            lv::version.eq(version),
            lv::origin.eq(v.origin),
            lv::restored_from.eq(v.restored_from),
            lv::subject.eq(v.subject),
            lv::body.eq(v.body),
            lv::author_id.eq(v.author_id),
            lv::created_at.eq(now()),
        ))
        .returning(lv::version)
        .get_result(conn)
}

/// The newest submitted manuscripts of a collection, at most `limit`: those the preview
/// may offer, once each is checked for the person's access.
pub fn recent_submission_ids(
    conn: &mut DbConnection,
    collection_id: i64,
    limit: i64,
) -> QueryResult<Vec<i64>> {
    submissions::table
        .filter(submissions::collection_id.eq(collection_id))
        .filter(submissions::manuscript_number.is_not_null())
        .order(submissions::id.desc())
        .limit(limit)
        .select(submissions::id)
        .load(conn)
}
