//! Signs of a review ring (issue 27 item 2): the reviews' fingerprints and the signals raised
//! on submissions (`domain::review_rings` decides; `workflow::review` raises them).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{
    collections, integrity_signals, review_fingerprints, review_invitations, submissions,
};
use super::{DbConnection, now};

/// Keeps a submitted review's band keys, in one statement.
pub fn insert_fingerprints(
    conn: &mut DbConnection,
    invitation_id: i64,
    keys: &[i64],
) -> QueryResult<()> {
    diesel::delete(
        review_fingerprints::table.filter(review_fingerprints::invitation_id.eq(invitation_id)),
    )
    .execute(conn)?;
    let mut keys = keys.to_vec();
    keys.sort_unstable();
    keys.dedup();
    let rows: Vec<_> = keys
        .into_iter()
        .map(|key| {
            (
                review_fingerprints::invitation_id.eq(invitation_id),
                review_fingerprints::band_key.eq(key),
            )
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    // Multi-row INSERTs run on the backend's own connection: `MultiConnection` has none.
    let insert = diesel::insert_into(review_fingerprints::table).values(rows);
    match conn {
        DbConnection::Sqlite(c) => insert.execute(c),
        DbConnection::Postgresql(c) => insert.execute(c),
    }?;
    Ok(())
}

/// The texts of these reviews (comments to the authors, to the editors), by invitation.
pub fn review_texts(
    conn: &mut DbConnection,
    invitation_ids: &[i64],
) -> QueryResult<std::collections::HashMap<i64, (String, String)>> {
    let rows: Vec<(i64, String, String)> = review_invitations::table
        .filter(review_invitations::id.eq_any(invitation_ids))
        .select((
            review_invitations::id,
            review_invitations::comments_to_authors,
            review_invitations::confidential_comments,
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, a, b)| (id, (a, b))).collect())
}

/// The submitted reviews of other submissions sharing a band key with these: (invitation
/// id, its submission, its reviewer).
pub fn sharing_a_band(
    conn: &mut DbConnection,
    keys: &[i64],
    other_than_submission: i64,
) -> QueryResult<Vec<(i64, i64, i64)>> {
    let mut found: Vec<(i64, i64, i64)> = review_fingerprints::table
        .inner_join(review_invitations::table)
        .filter(review_fingerprints::band_key.eq_any(keys))
        .filter(review_invitations::submission_id.ne(other_than_submission))
        .select((
            review_invitations::id,
            review_invitations::submission_id,
            review_invitations::reviewer_id,
        ))
        .load(conn)?;
    found.sort_unstable();
    found.dedup();
    Ok(found)
}

/// A signal about to be raised.
pub struct NewSignal<'a> {
    pub submission_id: i64,
    pub invitation_id: Option<i64>,
    pub related_submission_id: Option<i64>,
    pub kind: &'a str,
    pub evidence: &'a str,
}

pub fn raise(conn: &mut DbConnection, n: &NewSignal<'_>) -> QueryResult<()> {
    diesel::insert_into(integrity_signals::table)
        .values((
            integrity_signals::submission_id.eq(n.submission_id),
            integrity_signals::invitation_id.eq(n.invitation_id),
            integrity_signals::related_submission_id.eq(n.related_submission_id),
            integrity_signals::kind.eq(n.kind),
            integrity_signals::evidence.eq(n.evidence),
            integrity_signals::created_at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A signal as the submission's page shows it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = integrity_signals)]
pub struct IntegritySignal {
    pub id: i64,
    pub submission_id: i64,
    pub invitation_id: Option<i64>,
    pub related_submission_id: Option<i64>,
    pub kind: String,
    pub evidence: String,
    pub created_at: NaiveDateTime,
    pub ruled_at: Option<NaiveDateTime>,
    pub ruled_by: Option<i64>,
    /// The reason given with the ruling.
    pub ruling: String,
    /// `domain::integrity::Ruling` as stored; empty while the signal is open.
    pub ruling_outcome: String,
}

impl IntegritySignal {
    pub fn is_open(&self) -> bool {
        self.ruled_at.is_none()
    }
}

/// The signals on a submission, oldest first.
pub fn signals_on(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Vec<IntegritySignal>> {
    integrity_signals::table
        .filter(integrity_signals::submission_id.eq(submission_id))
        .order(integrity_signals::id)
        .select(IntegritySignal::as_select())
        .load(conn)
}

/// One signal on a submission, when it is there.
pub fn find_on(
    conn: &mut DbConnection,
    submission_id: i64,
    signal_id: i64,
) -> QueryResult<Option<IntegritySignal>> {
    integrity_signals::table
        .find(signal_id)
        .filter(integrity_signals::submission_id.eq(submission_id))
        .select(IntegritySignal::as_select())
        .first(conn)
        .optional()
}

/// How many signals on a submission wait for a ruling.
pub fn open_count(conn: &mut DbConnection, submission_id: i64) -> QueryResult<i64> {
    integrity_signals::table
        .filter(integrity_signals::submission_id.eq(submission_id))
        .filter(integrity_signals::ruled_at.is_null())
        .count()
        .get_result(conn)
}

/// The open signals on the submissions of these journals' collections, oldest first.
pub fn open_in_journals(
    conn: &mut DbConnection,
    journal_ids: &[i64],
) -> QueryResult<Vec<IntegritySignal>> {
    integrity_signals::table
        .inner_join(submissions::table.on(submissions::id.eq(integrity_signals::submission_id)))
        .inner_join(collections::table.on(collections::id.eq(submissions::collection_id)))
        .filter(collections::journal_id.eq_any(journal_ids))
        .filter(integrity_signals::ruled_at.is_null())
        .order(integrity_signals::id)
        .select(IntegritySignal::as_select())
        .load(conn)
}

/// The invitations still open or taken on (invited, accepted, submitted) in the
/// collections of `journal_ids` whose reviewer was invited despite identity signals, with
/// their submission's id, newest first.
pub fn checked_invitations_in_journals(
    conn: &mut DbConnection,
    journal_ids: &[i64],
) -> QueryResult<Vec<crate::db::reviews::ReviewInvitation>> {
    use super::schema::review_invitations as ri;
    ri::table
        .inner_join(submissions::table.on(submissions::id.eq(ri::submission_id)))
        .inner_join(collections::table.on(collections::id.eq(submissions::collection_id)))
        .filter(collections::journal_id.eq_any(journal_ids))
        .filter(ri::identity_signals.ne(""))
        .filter(ri::status.eq_any(["invited", "accepted", "submitted"]))
        .order(ri::id.desc())
        .limit(500)
        .select(crate::db::reviews::ReviewInvitation::as_select())
        .load(conn)
}

/// Records a ruling on a signal still open; whether it was (a ruling is never replaced).
pub fn record_ruling(
    conn: &mut DbConnection,
    signal_id: i64,
    outcome: &str,
    reason: &str,
    by: i64,
) -> QueryResult<bool> {
    let changed = diesel::update(
        integrity_signals::table
            .find(signal_id)
            .filter(integrity_signals::ruled_at.is_null()),
    )
    .set((
        integrity_signals::ruled_at.eq(Some(now())),
        integrity_signals::ruled_by.eq(Some(by)),
        integrity_signals::ruling.eq(reason),
        integrity_signals::ruling_outcome.eq(outcome),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Whether a signal of `kind` about this review is already on the submission (a pattern
/// found again by a later review is not raised twice).
pub fn already_raised(
    conn: &mut DbConnection,
    submission_id: i64,
    invitation_id: i64,
    kind: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        integrity_signals::table
            .filter(integrity_signals::submission_id.eq(submission_id))
            .filter(integrity_signals::invitation_id.eq(invitation_id))
            .filter(integrity_signals::kind.eq(kind)),
    ))
    .get_result(conn)
}

/// The submissions of a collection that `reviewer_id` has sent a review of, each with its
/// handling editor: (submission, handling editor).
pub fn reviewed_in_collection(
    conn: &mut DbConnection,
    reviewer_id: i64,
    collection_id: i64,
) -> QueryResult<Vec<(i64, Option<i64>)>> {
    let mut found: Vec<(i64, Option<i64>)> = review_invitations::table
        .inner_join(submissions::table.on(submissions::id.eq(review_invitations::submission_id)))
        .filter(review_invitations::reviewer_id.eq(reviewer_id))
        .filter(review_invitations::review_submitted_at.is_not_null())
        .filter(submissions::collection_id.eq(collection_id))
        .select((submissions::id, submissions::handling_editor_id))
        .load(conn)?;
    found.sort_unstable();
    found.dedup();
    Ok(found)
}

/// Every address a person is known by: their account's and their confirmed ones,
/// lower-cased.
pub fn addresses_of(conn: &mut DbConnection, person_id: i64) -> QueryResult<Vec<String>> {
    use super::schema::{people, person_emails};
    let mut all: Vec<String> = people::table
        .find(person_id)
        .select(people::email)
        .load(conn)?;
    all.extend(
        person_emails::table
            .filter(person_emails::person_id.eq(person_id))
            .filter(person_emails::confirmed_at.is_not_null())
            .select(person_emails::email)
            .load::<String>(conn)?,
    );
    let mut all: Vec<String> = all.into_iter().map(|e| e.trim().to_lowercase()).collect();
    all.sort_unstable();
    all.dedup();
    Ok(all)
}

/// A submission's author list: (account, address as typed).
pub fn author_list(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Vec<(Option<i64>, String)>> {
    use super::schema::submission_authors as a;
    a::table
        .filter(a::submission_id.eq(submission_id))
        .select((a::person_id, a::email))
        .load(conn)
}

/// The people who are the authors of an author list (`author_list`): by the account in
/// it, or by an address they are known by.
pub fn author_people(
    conn: &mut DbConnection,
    listed: &[(Option<i64>, String)],
) -> QueryResult<Vec<i64>> {
    use super::schema::{people, person_emails};
    let emails: Vec<String> = listed
        .iter()
        .map(|(_, e)| e.trim().to_lowercase())
        .collect();
    let mut ids: Vec<i64> = listed.iter().filter_map(|(p, _)| *p).collect();
    ids.extend(
        people::table
            .filter(people::email.eq_any(emails.clone()))
            .select(people::id)
            .load::<i64>(conn)?,
    );
    ids.extend(
        person_emails::table
            .filter(person_emails::email.eq_any(emails))
            .filter(person_emails::confirmed_at.is_not_null())
            .select(person_emails::person_id)
            .load::<i64>(conn)?,
    );
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The reviews these reviewers sent between `from` and `to`, other than of `except`:
/// (reviewer, invitation, submission).
pub fn reviews_sent_by(
    conn: &mut DbConnection,
    reviewers: &[i64],
    except: i64,
    (from, to): (NaiveDateTime, NaiveDateTime),
) -> QueryResult<Vec<(i64, i64, i64)>> {
    review_invitations::table
        .filter(review_invitations::reviewer_id.eq_any(reviewers))
        .filter(review_invitations::review_submitted_at.between(from, to))
        .filter(review_invitations::submission_id.ne(except))
        .select((
            review_invitations::reviewer_id,
            review_invitations::id,
            review_invitations::submission_id,
        ))
        .order(review_invitations::id)
        .load(conn)
}

/// The author lists of these submissions in one query: (submission, address lower-cased,
/// account).
pub fn author_rows(
    conn: &mut DbConnection,
    submission_ids: &[i64],
) -> QueryResult<Vec<(i64, String, Option<i64>)>> {
    use super::schema::submission_authors as a;
    let rows: Vec<(i64, String, Option<i64>)> = a::table
        .filter(a::submission_id.eq_any(submission_ids))
        .select((a::submission_id, a::email, a::person_id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, e, p)| (id, e.trim().to_lowercase(), p))
        .collect())
}

/// How many submissions the collection has numbered (its manuscript counters): the
/// denominator of a share, read without counting rows.
pub fn numbered_in_collection(conn: &mut DbConnection, collection_id: i64) -> QueryResult<i64> {
    use super::schema::manuscript_counters as m;
    let years: Vec<i32> = m::table
        .filter(m::collection_id.eq(collection_id))
        .select(m::last_number)
        .load(conn)?;
    Ok(years.into_iter().map(i64::from).sum())
}

/// The handling editors of the collection's latest `latest` submissions that have one:
/// who handles what share of the collection now.
pub fn latest_handling_editors(
    conn: &mut DbConnection,
    collection_id: i64,
    latest: i64,
) -> QueryResult<Vec<i64>> {
    submissions::table
        .filter(submissions::collection_id.eq(collection_id))
        .filter(submissions::handling_editor_id.is_not_null())
        .order(submissions::id.desc())
        .limit(latest)
        .select(submissions::handling_editor_id.assume_not_null())
        .load(conn)
}

/// How many submissions of the collection list one of `addresses` (as typed) as an author.
pub fn sharing_an_address(
    conn: &mut DbConnection,
    collection_id: i64,
    addresses: &[String],
) -> QueryResult<usize> {
    use super::schema::submission_authors as a;
    let mut ids: Vec<i64> = a::table
        .inner_join(submissions::table.on(submissions::id.eq(a::submission_id)))
        .filter(a::email.eq_any(addresses))
        .filter(submissions::collection_id.eq(collection_id))
        .select(a::submission_id)
        .load(conn)?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids.len())
}

/// The submissions of the collection that `reviewer_id` has sent a review of and that list
/// one of `addresses` (as typed, or in lower case) as an author.
pub fn reviewed_sharing_an_address(
    conn: &mut DbConnection,
    reviewer_id: i64,
    collection_id: i64,
    addresses: &[String],
) -> QueryResult<Vec<i64>> {
    use super::schema::submission_authors as a;
    let mut wanted: Vec<String> = addresses.to_vec();
    wanted.extend(addresses.iter().map(|e| e.trim().to_lowercase()));
    wanted.sort_unstable();
    wanted.dedup();
    let mut ids: Vec<i64> = a::table
        .inner_join(submissions::table.on(submissions::id.eq(a::submission_id)))
        .inner_join(
            review_invitations::table.on(review_invitations::submission_id.eq(a::submission_id)),
        )
        .filter(a::email.eq_any(wanted))
        .filter(submissions::collection_id.eq(collection_id))
        .filter(review_invitations::reviewer_id.eq(reviewer_id))
        .filter(review_invitations::review_submitted_at.is_not_null())
        .select(a::submission_id)
        .load(conn)?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

#[derive(QueryableByName)]
struct EditorFiguresRow {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    editor_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    decided: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    accepted: i64,
    #[diesel(sql_type = diesel::sql_types::Double)]
    days_total: f64,
}

/// Each handling editor's final decisions (accept, reject, reject without review) in a
/// collection, counted in the database: (editor, figures).
pub fn decision_figures(
    conn: &mut DbConnection,
    collection_id: i64,
) -> QueryResult<Vec<(i64, crate::domain::editor_outliers::DecisionFigures)>> {
    // The one difference between the backends: days between two timestamps.
    let days = match conn {
        DbConnection::Sqlite(_) => "julianday(d.decided_at) - julianday(s.submitted_at)",
        DbConnection::Postgresql(_) => {
            "EXTRACT(EPOCH FROM (d.decided_at - s.submitted_at)) / 86400.0"
        }
    };
    let sql = format!(
        "SELECT s.handling_editor_id AS editor_id, COUNT(*) AS decided, \
         COALESCE(SUM(CASE WHEN d.kind = 'accept' THEN 1 ELSE 0 END), 0) AS accepted, \
         CAST(COALESCE(SUM({days}), 0) AS DOUBLE PRECISION) AS days_total \
         FROM decision_letters d JOIN submissions s ON s.id = d.submission_id \
         WHERE s.collection_id = $1 AND s.handling_editor_id IS NOT NULL \
         AND s.submitted_at IS NOT NULL AND d.kind IN ('accept', 'reject', 'desk_reject') \
         GROUP BY s.handling_editor_id"
    );
    let rows: Vec<EditorFiguresRow> = diesel::sql_query(sql)
        .bind::<diesel::sql_types::BigInt, _>(collection_id)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.editor_id,
                crate::domain::editor_outliers::DecisionFigures {
                    decided: r.decided.max(0) as u64,
                    accepted: r.accepted.max(0) as u64,
                    days_total: r.days_total.max(0.0),
                },
            )
        })
        .collect())
}

/// Whether an open signal of `kind` is on a submission of this collection handled by
/// `editor_id` (a pattern about the editor is raised again only once the last is ruled on).
pub fn open_about_editor(
    conn: &mut DbConnection,
    collection_id: i64,
    editor_id: i64,
    kind: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        integrity_signals::table
            .inner_join(submissions::table.on(submissions::id.eq(integrity_signals::submission_id)))
            .filter(submissions::collection_id.eq(collection_id))
            .filter(submissions::handling_editor_id.eq(editor_id))
            .filter(integrity_signals::kind.eq(kind))
            .filter(integrity_signals::ruled_at.is_null()),
    ))
    .get_result(conn)
}

/// The submitted reviews of a collection's submissions that carry no signal of `kind`.
pub fn submitted_reviews_without(
    conn: &mut DbConnection,
    collection_id: i64,
    kind: &str,
) -> QueryResult<Vec<super::reviews::ReviewInvitation>> {
    review_invitations::table
        .inner_join(submissions::table.on(submissions::id.eq(review_invitations::submission_id)))
        .filter(submissions::collection_id.eq(collection_id))
        .filter(review_invitations::review_submitted_at.is_not_null())
        .filter(diesel::dsl::not(diesel::dsl::exists(
            integrity_signals::table
                .filter(integrity_signals::invitation_id.eq(review_invitations::id.nullable()))
                .filter(integrity_signals::kind.eq(kind)),
        )))
        .select(super::reviews::ReviewInvitation::as_select())
        .order(review_invitations::id)
        .load(conn)
}
