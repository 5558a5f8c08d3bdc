//! The rows of the figures per handling editor and per reviewer (issue 18 part 4): the
//! submissions open now with whether each is overdue, and the review invitations sent in the
//! period; the reader's conflicts are left out before [`crate::domain::workload`] counts.
//! Three queries whatever the number of submissions; only typed values reach the SQL text.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};

use crate::db::DbConnection;
use crate::db::search::overdue_condition;
use crate::domain::submission_state::SubmissionState;
use crate::domain::workload::{
    Answer, EditorFigures, HandledRow, InvitationRow, ReviewerFigures, per_editor, per_reviewer,
};

#[derive(QueryableByName)]
struct OpenRow {
    #[diesel(sql_type = BigInt)]
    submission_id: i64,
    #[diesel(sql_type = BigInt)]
    handling_editor_id: i64,
    #[diesel(sql_type = BigInt)]
    overdue: i64,
}

#[derive(QueryableByName)]
struct SentRow {
    #[diesel(sql_type = BigInt)]
    submission_id: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    invited_by: Option<i64>,
    #[diesel(sql_type = BigInt)]
    reviewer_id: i64,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = BigInt)]
    answered: i64,
}

/// The editors' and reviewers' figures for `collection_ids`: `first` holds each submission
/// submitted in the period with its handling editor and days to a first decision (from the
/// page's own rows, conflicts already left out).
pub(super) fn figures(
    conn: &mut DbConnection,
    collection_ids: &[i64],
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
    first: &[(i64, Option<f64>)],
    left_out: &HashSet<i64>,
) -> QueryResult<(Vec<EditorFigures>, Vec<ReviewerFigures>)> {
    let (open_rows, sent_rows) = load(conn, collection_ids, (from, to))?;
    let mut handled: Vec<HandledRow> = open_rows
        .into_iter()
        .filter(|r| !left_out.contains(&r.submission_id))
        .map(|r| HandledRow {
            handling_editor_id: r.handling_editor_id,
            open: true,
            overdue: r.overdue != 0,
            first_decision: None,
        })
        .collect();
    handled.extend(first.iter().map(|(editor, days)| HandledRow {
        handling_editor_id: *editor,
        open: false,
        overdue: false,
        first_decision: *days,
    }));
    let invitations: Vec<InvitationRow> = sent_rows
        .into_iter()
        .filter(|r| !left_out.contains(&r.submission_id))
        .map(|r| InvitationRow {
            invited_by: r.invited_by,
            reviewer_id: r.reviewer_id,
            answer: match (r.status.as_str(), r.answered != 0) {
                ("declined", _) => Answer::Declined,
                (_, true) => Answer::Accepted,
                (_, false) => Answer::None,
            },
        })
        .collect();
    let names = names_of(conn, &handled, &invitations)?;
    let name_of = |id: i64| names.get(&id).cloned();
    Ok((
        per_editor(&handled, &invitations, &name_of),
        per_reviewer(&invitations, &name_of),
    ))
}

/// The submissions open now with a handling editor (each with whether it is overdue), and
/// the review invitations sent between `from` and `to`, of `collection_ids`.
fn load(
    conn: &mut DbConnection,
    collection_ids: &[i64],
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
) -> QueryResult<(Vec<OpenRow>, Vec<SentRow>)> {
    let ids = if collection_ids.is_empty() {
        "NULL".to_owned()
    } else {
        let ids: Vec<String> = collection_ids.iter().map(i64::to_string).collect();
        ids.join(", ")
    };
    let day = |d: NaiveDate| format!("'{}'", d.format("%Y-%m-%d"));
    let open: Vec<String> = SubmissionState::ALL
        .into_iter()
        .filter(|s| s.is_active())
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    let open_sql = format!(
        "SELECT s.id AS submission_id, s.handling_editor_id AS handling_editor_id, \
         CAST(CASE WHEN {} THEN 1 ELSE 0 END AS BIGINT) AS overdue \
         FROM submissions s WHERE s.collection_id IN ({ids}) AND s.state IN ({}) \
         AND s.handling_editor_id IS NOT NULL",
        overdue_condition(
            &day(crate::db::now().date()),
            matches!(conn, DbConnection::Postgresql(_))
        ),
        open.join(", ")
    );
    let mut range = String::new();
    if let Some(f) = from {
        range += &format!(" AND ri.invited_at >= {}", day(f));
    }
    if let Some(t) = to.and_then(|t| t.succ_opt()) {
        range += &format!(" AND ri.invited_at < {}", day(t));
    }
    let sent_sql = format!(
        "SELECT ri.submission_id AS submission_id, ri.invited_by AS invited_by, \
         ri.reviewer_id AS reviewer_id, ri.status AS status, \
         CAST(CASE WHEN ri.responded_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS answered \
         FROM review_invitations ri JOIN submissions s ON s.id = ri.submission_id \
         WHERE s.collection_id IN ({ids}){range}"
    );
    Ok(match conn {
        DbConnection::Sqlite(c) => (
            diesel::sql_query(open_sql).load(c)?,
            diesel::sql_query(sent_sql).load(c)?,
        ),
        DbConnection::Postgresql(c) => (
            diesel::sql_query(open_sql).load(c)?,
            diesel::sql_query(sent_sql).load(c)?,
        ),
    })
}

/// The names of everyone the figures are about, by id.
fn names_of(
    conn: &mut DbConnection,
    handled: &[HandledRow],
    invitations: &[InvitationRow],
) -> QueryResult<HashMap<i64, String>> {
    use crate::db::schema::people;
    let mut ids: Vec<i64> = handled.iter().map(|h| h.handling_editor_id).collect();
    ids.extend(
        invitations
            .iter()
            .flat_map(|i| [Some(i.reviewer_id), i.invited_by])
            .flatten(),
    );
    ids.sort_unstable();
    ids.dedup();
    let mut names = HashMap::new();
    for chunk in ids.chunks(crate::db::LOOKUP_CHUNK) {
        let rows: Vec<(i64, String)> = people::table
            .filter(people::id.eq_any(chunk))
            .select((people::id, people::name))
            .load(conn)?;
        names.extend(rows);
    }
    Ok(names)
}
