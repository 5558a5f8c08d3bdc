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
    #[diesel(sql_type = BigInt)]
    collection_id: i64,
    /// The decliner's reason from the short list; '' when none was asked (or no decline).
    #[diesel(sql_type = Text)]
    decline_kind: String,
}

/// Declines of one collection counted by reason (issue 28 part 3).
#[derive(Debug, Clone)]
pub struct DeclineReasons {
    pub collection: String,
    /// In the order of `DeclineKind::ALL`, with its label.
    pub counts: Vec<(&'static str, usize)>,
    /// Declines from before the reason was asked.
    pub unstated: usize,
    pub total: usize,
}

/// The declines among `rows` counted per collection and reason, collections by title.
fn decline_reasons(conn: &mut DbConnection, rows: &[SentRow]) -> QueryResult<Vec<DeclineReasons>> {
    use crate::domain::review::DeclineKind;
    let mut by_collection: HashMap<i64, DeclineReasons> = HashMap::new();
    for r in rows.iter().filter(|r| r.status == "declined") {
        let entry = by_collection
            .entry(r.collection_id)
            .or_insert_with(|| DeclineReasons {
                collection: String::new(),
                counts: DeclineKind::ALL.iter().map(|k| (k.label(), 0)).collect(),
                unstated: 0,
                total: 0,
            });
        entry.total += 1;
        match DeclineKind::ALL
            .iter()
            .position(|k| k.as_str() == r.decline_kind)
        {
            Some(i) => entry.counts[i].1 += 1,
            None => entry.unstated += 1,
        }
    }
    for (id, entry) in by_collection.iter_mut() {
        entry.collection = crate::db::collections::find_collection(conn, *id)?
            .map(|c| c.title)
            .unwrap_or_default();
    }
    let mut out: Vec<DeclineReasons> = by_collection.into_values().collect();
    out.sort_by(|a, b| a.collection.cmp(&b.collection));
    Ok(out)
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
) -> QueryResult<(
    Vec<EditorFigures>,
    Vec<ReviewerFigures>,
    Vec<DeclineReasons>,
)> {
    let (open_rows, sent_rows) = load(conn, collection_ids, (from, to))?;
    let sent_rows: Vec<SentRow> = sent_rows
        .into_iter()
        .filter(|r| !left_out.contains(&r.submission_id))
        .collect();
    let reasons = decline_reasons(conn, &sent_rows)?;
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
        reasons,
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
         CAST(CASE WHEN ri.responded_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS answered, \
         s.collection_id AS collection_id, COALESCE(rd.kind, '') AS decline_kind \
         FROM review_invitations ri JOIN submissions s ON s.id = ri.submission_id \
         LEFT JOIN review_declines rd ON rd.invitation_id = ri.id \
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
