//! The collections' review forms as stored (issue 19 part 2, migration 48): every version of
//! a collection's questions (`review_form_versions`, never changed once saved) and each
//! review's answers against the version it answers (`review_form_answers`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::reviews::ReviewInvitation;
use super::schema::{people, review_form_answers as rfa, review_form_versions as rfv};
use super::{DbConnection, now};
use crate::domain::review::questions::{Answers, Question, for_authors};

/// One saved version of a collection's form.
#[derive(Debug, Clone)]
pub struct FormVersion {
    pub id: i64,
    pub collection_id: i64,
    pub version: i32,
    pub questions: Vec<Question>,
    pub author: String,
    pub created_at: NaiveDateTime,
}

type Row = (i64, i64, i32, String, String, NaiveDateTime);

fn version_from(r: Row) -> FormVersion {
    let (id, collection_id, version, questions, author, created_at) = r;
    FormVersion {
        id,
        collection_id,
        version,
        // Written only by `add` from checked questions; unreadable would be a bug, shown
        // as a form without questions rather than a page that fails.
        questions: serde_json::from_str(&questions).unwrap_or_default(),
        author,
        created_at,
    }
}

fn columns() -> (
    rfv::id,
    rfv::collection_id,
    rfv::version,
    rfv::questions,
    people::name,
    rfv::created_at,
) {
    (
        rfv::id,
        rfv::collection_id,
        rfv::version,
        rfv::questions,
        people::name,
        rfv::created_at,
    )
}

/// The version in force: the collection's newest, or `None` (today's form).
pub fn newest(conn: &mut DbConnection, collection_id: i64) -> QueryResult<Option<FormVersion>> {
    let row: Option<Row> = rfv::table
        .inner_join(people::table)
        .filter(rfv::collection_id.eq(collection_id))
        .order(rfv::version.desc())
        .select(columns())
        .first(conn)
        .optional()?;
    Ok(row.map(version_from))
}

/// One version by its id.
pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<FormVersion>> {
    let row: Option<Row> = rfv::table
        .inner_join(people::table)
        .filter(rfv::id.eq(id))
        .select(columns())
        .first(conn)
        .optional()?;
    Ok(row.map(version_from))
}

/// How many versions the collection has saved.
pub fn count(conn: &mut DbConnection, collection_id: i64) -> QueryResult<i64> {
    rfv::table
        .filter(rfv::collection_id.eq(collection_id))
        .count()
        .get_result(conn)
}

/// Adds `questions` as the collection's newest version; its number. Call it with the
/// collection held (`guard::lock_collection`); the unique index refuses a second number.
pub fn add(
    conn: &mut DbConnection,
    collection_id: i64,
    version: i32,
    questions: &[Question],
    author_id: i64,
) -> QueryResult<i32> {
    let json = serde_json::to_string(questions)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    diesel::insert_into(rfv::table)
        .values((
            rfv::collection_id.eq(collection_id),
            rfv::version.eq(version),
            rfv::questions.eq(json),
            rfv::author_id.eq(author_id),
            rfv::created_at.eq(now()),
        ))
        .returning(rfv::version)
        .get_result(conn)
}

/// A review's answers with the version they answer; `None` when it answers today's form.
pub fn answers_of(
    conn: &mut DbConnection,
    invitation_id: i64,
) -> QueryResult<Option<(FormVersion, Answers)>> {
    let row: Option<(i64, String)> = rfa::table
        .find(invitation_id)
        .select((rfa::form_version_id, rfa::answers))
        .first(conn)
        .optional()?;
    let Some((version_id, answers)) = row else {
        return Ok(None);
    };
    let Some(form) = find(conn, version_id)? else {
        return Ok(None);
    };
    Ok(Some((
        form,
        serde_json::from_str(&answers).unwrap_or_default(),
    )))
}

/// Records a review's answers against `form_version_id` (the version a first save fixes;
/// a later save keeps the version it has).
pub fn save_answers(
    conn: &mut DbConnection,
    invitation_id: i64,
    form_version_id: i64,
    answers: &Answers,
) -> QueryResult<()> {
    let json = serde_json::to_string(answers)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    let updated = diesel::update(rfa::table.find(invitation_id))
        .set(rfa::answers.eq(&json))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(rfa::table)
            .values((
                rfa::invitation_id.eq(invitation_id),
                rfa::form_version_id.eq(form_version_id),
                rfa::answers.eq(&json),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// What of a review the authors read (the decision letter quotes it, a later round's
/// reviewers read it): its comments to the authors and its answers meant for them, never
/// the confidential ones.
pub fn for_the_authors(conn: &mut DbConnection, inv: &ReviewInvitation) -> QueryResult<String> {
    Ok(match answers_of(conn, inv.id)? {
        Some((form, answers)) => for_authors(&inv.comments_to_authors, &form.questions, &answers),
        None => inv.comments_to_authors.clone(),
    })
}
