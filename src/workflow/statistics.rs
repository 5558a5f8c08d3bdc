//! Loads the editor-in-chief's statistics from the timeline events and the review
//! invitations: two aggregate queries whatever the number of submissions (no query per
//! row), the figures computed by [`crate::domain::statistics`].
//!
//! Like every list and count, the figures leave out the submissions the reader has a
//! confirmed conflict with (DESIGN §4): the conflicts module decides which, for all of them
//! at once ([`crate::workflow::conflict::conflicted_among`], its verdicts remembered by
//! [`crate::workflow::memo`]), and the rows are dropped before any figure is computed.
//!
//! The queries are written per backend because date arithmetic differs (SQLite's
//! `julianday`, PostgreSQL's `EXTRACT(EPOCH …)`). Only typed values reach the SQL text:
//! collection ids are `i64` and dates are `NaiveDate`s formatted as `YYYY-MM-DD`, so nothing a
//! visitor types is ever spliced in.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Nullable, Text};

use crate::db::DbConnection;
use crate::db::accounts::Person;
use crate::db::collections;
use crate::domain::conflicts::Settings;
use crate::domain::permissions::{self, Action, HeldRole};
use crate::domain::statistics::{
    Acceptance, SubmissionTimes, Summary, bin_width, fill_months, histogram,
};
use crate::domain::workload::{EditorFigures, ReviewerFigures};

mod workload;

pub use workload::DeclineReasons;

/// What the editor-in-chief asked to see: one collection or all of theirs, and the dates
/// of submission (inclusive) the figures cover.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub collection_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// A collection the viewer may read statistics of, for the filter's choices.
#[derive(Debug, Clone)]
pub struct CollectionChoice {
    pub id: i64,
    pub title: String,
}

/// Every figure of the page.
#[derive(Debug, Clone)]
pub struct Statistics {
    /// When the figures were computed (they may be up to [`FRESH_FOR`] old).
    pub computed_at: NaiveDateTime,
    /// Submissions (first `submit` event) per month, months without any included.
    pub per_month: Vec<(String, usize)>,
    pub submitted: usize,
    pub first_decision: Summary,
    pub first_decision_bins: Vec<(String, usize)>,
    pub final_decision: Summary,
    pub final_decision_bins: Vec<(String, usize)>,
    pub acceptance: Acceptance,
    /// Invitation → answer (accepted or declined).
    pub response: Summary,
    /// Acceptance of the invitation → review submitted.
    pub review: Summary,
    pub review_bins: Vec<(String, usize)>,
    /// Each handling editor's load, times and invitations (issue 18 part 4).
    pub editors: Vec<EditorFigures>,
    /// Each invited reviewer's answers.
    pub reviewers: Vec<ReviewerFigures>,
    /// Declines per collection, counted by reason (issue 28 part 3).
    pub declines: Vec<DeclineReasons>,
}

#[derive(QueryableByName)]
struct TimesRow {
    #[diesel(sql_type = BigInt)]
    submission_id: i64,
    #[diesel(sql_type = Nullable<Text>)]
    month: Option<String>,
    #[diesel(sql_type = Nullable<Double>)]
    first_decision: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    accepted: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    rejected: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    desk_rejected: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    reopened: Option<f64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    handling_editor_id: Option<i64>,
}

#[derive(QueryableByName)]
struct TurnaroundRow {
    #[diesel(sql_type = BigInt)]
    submission_id: i64,
    #[diesel(sql_type = Nullable<Double>)]
    response: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    review: Option<f64>,
}

/// How long computed figures are shown before they are computed again. Statistics describe
/// months, not minutes, and one computation is a pass over every decision event and review
/// invitation of the collections; reading the page again within a minute (or under load)
/// costs nothing. The page says when its figures were computed.
pub const FRESH_FOR: Duration = Duration::from_secs(60);

/// At most this many filters are remembered (the oldest is dropped).
const CACHE_ENTRIES: usize = 64;

/// The reader (whose conflicts are left out), the collections, the dates, and the conflicts
/// token ([`crate::workflow::memo`]): a conflict confirmed a moment ago leaves the counts at once,
/// not a minute later.
type CacheKey = (i64, Vec<i64>, Option<NaiveDate>, Option<NaiveDate>, i64);

/// Figures computed in the last [`FRESH_FOR`], by collections and dates. Shared by the
/// whole process (one per [`crate::web::AppState`]); every instance behind a load balancer
/// keeps its own, which at worst shows figures a minute apart.
#[derive(Default)]
pub struct StatisticsCache {
    entries: Mutex<HashMap<CacheKey, (Instant, Arc<Statistics>)>>,
    /// One computation per filter at a time; the other requests wait for its figures.
    in_flight: crate::workflow::memo::InFlight<CacheKey>,
}

impl StatisticsCache {
    fn get(&self, key: &CacheKey) -> Option<Arc<Statistics>> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < FRESH_FOR)
            .map(|(_, s)| s.clone())
    }

    fn put(&self, key: CacheKey, s: Arc<Statistics>) {
        // A poisoned lock only means another request panicked mid-insert: skip caching.
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        entries.retain(|_, (at, _)| at.elapsed() < FRESH_FOR);
        if entries.len() >= CACHE_ENTRIES
            && let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, (at, _))| *at)
                .map(|(k, _)| k.clone())
        {
            entries.remove(&oldest);
        }
        entries.insert(key, (Instant::now(), s));
    }
}

/// The collections `roles` may read statistics of (the permissions module decides, per
/// journal), and the statistics for `filter` among them, from `cache` when they are fresh.
/// `None`: nothing to show this person, or a collection that is not theirs (both 404).
/// The choices are this person's own, never taken from the cache.
pub fn statistics_for(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    filter: &Filter,
    settings: &Settings,
    cache: &StatisticsCache,
    memo: &crate::workflow::editorial::EditorialMemo,
) -> QueryResult<Option<(Vec<CollectionChoice>, Arc<Statistics>)>> {
    let choices: Vec<CollectionChoice> = collections::list_collections(conn)?
        .into_iter()
        .filter(|(_, j)| permissions::may(roles, Action::ReadStatistics { journal_id: j.id }))
        .map(|(c, _)| CollectionChoice {
            id: c.id,
            title: c.title,
        })
        .collect();
    if choices.is_empty() {
        return Ok(None);
    }
    let ids: Vec<i64> = match filter.collection_id {
        Some(id) if choices.iter().any(|c| c.id == id) => vec![id],
        Some(_) => return Ok(None),
        None => choices.iter().map(|c| c.id).collect(),
    };
    let conflicts = crate::workflow::memo::generations(conn)?.conflicts;
    let key = (person.id, ids, filter.from, filter.to, conflicts);
    let s = cache.in_flight.find_or_compute(
        &key,
        || cache.get(&key),
        || {
            let left_out = left_out_for(conn, person, &key.1, settings, memo)?;
            let s = Arc::new(compute(conn, &key.1, filter.from, filter.to, &left_out)?);
            cache.put(key.clone(), s.clone());
            Ok::<_, diesel::result::Error>(s)
        },
    )?;
    Ok(Some((choices, s)))
}

/// The collection's time to a first decision (median, mean, how many manuscripts), for its
/// authors' pages. A collection-wide figure, never a list: every submission counts, nobody's
/// conflicts apply. Computed at most once a minute per collection, like the editors' figures.
pub fn typical_first_decision(
    conn: &mut DbConnection,
    collection_id: i64,
    cache: &StatisticsCache,
) -> QueryResult<Summary> {
    // No person has id 0: this entry is the collection's own, read by any of its authors.
    let key: CacheKey = (0, vec![collection_id], None, None, 0);
    let s = cache.in_flight.find_or_compute(
        &key,
        || cache.get(&key),
        || {
            let none = std::collections::HashSet::new();
            let s = Arc::new(compute(conn, &key.1, None, None, &none)?);
            cache.put(key.clone(), s.clone());
            Ok::<_, diesel::result::Error>(s)
        },
    )?;
    Ok(s.first_decision)
}

/// The submissions of `collection_ids` that `person` may not see counted: their own, and
/// those they have a confirmed conflict with.
fn left_out_for(
    conn: &mut DbConnection,
    person: &Person,
    collection_ids: &[i64],
    settings: &Settings,
    memo: &crate::workflow::editorial::EditorialMemo,
) -> QueryResult<std::collections::HashSet<i64>> {
    use crate::db::schema::submissions as s;
    let rows: Vec<(i64, i64)> = s::table
        .filter(s::collection_id.eq_any(collection_ids))
        .filter(s::state.ne("draft"))
        .select((s::id, s::submitter_id))
        .load(conn)?;
    let own = rows
        .iter()
        .filter(|(_, submitter)| *submitter == person.id)
        .map(|(id, _)| *id);
    let others: Vec<i64> = rows
        .iter()
        .filter(|(_, submitter)| *submitter != person.id)
        .map(|(id, _)| *id)
        .collect();
    let mut out = memo
        .verdicts
        .conflicted_among(conn, person, &others, settings)?;
    out.extend(own);
    Ok(out)
}

/// The figures for submissions in `collection_ids` submitted between `from` and `to`
/// (inclusive), and review invitations sent between those dates, leaving out the
/// submissions in `left_out`.
pub fn compute(
    conn: &mut DbConnection,
    collection_ids: &[i64],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    left_out: &std::collections::HashSet<i64>,
) -> QueryResult<Statistics> {
    let (times, turnaround) = load_rows(conn, collection_ids, from, to)?;
    let times: Vec<TimesRow> = times
        .into_iter()
        .filter(|r| !left_out.contains(&r.submission_id))
        .collect();
    let turnaround: Vec<TurnaroundRow> = turnaround
        .into_iter()
        .filter(|r| !left_out.contains(&r.submission_id))
        .collect();
    let first: Vec<(i64, Option<f64>)> = times
        .iter()
        .filter_map(|r| r.handling_editor_id.map(|e| (e, r.first_decision)))
        .collect();
    let (editors, reviewers, declines) =
        workload::figures(conn, collection_ids, (from, to), &first, left_out)?;
    let mut s = summarise(times, turnaround);
    s.editors = editors;
    s.reviewers = reviewers;
    s.declines = declines;
    Ok(s)
}

/// The rows the figures are computed from, in each database's own date arithmetic: one per
/// submitted submission ([`times_sql`]) and one per answered invitation
/// ([`turnaround_sql`]).
fn load_rows(
    conn: &mut DbConnection,
    collection_ids: &[i64],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> QueryResult<(Vec<TimesRow>, Vec<TurnaroundRow>)> {
    let ids = collection_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let ids = if ids.is_empty() {
        "NULL".to_owned()
    } else {
        ids
    };
    let day = |d: NaiveDate| format!("'{}'", d.format("%Y-%m-%d"));
    let range = |column: &str| {
        let mut out = String::new();
        if let Some(f) = from {
            out.push_str(&format!(" AND {column} >= {}", day(f)));
        }
        if let Some(t) = to.and_then(|t| t.succ_opt()) {
            out.push_str(&format!(" AND {column} < {}", day(t)));
        }
        out
    };
    Ok(match conn {
        DbConnection::Sqlite(c) => {
            let diff = |col: &str| format!("julianday({col}) - julianday(submitted_at)");
            let times = diesel::sql_query(times_sql(
                " INDEXED BY events_kind_subject_idx",
                "strftime('%Y-%m', submitted_at)",
                &diff,
                &ids,
                &range("submitted_at"),
            ))
            .load(c)?;
            let turnaround = diesel::sql_query(turnaround_sql(
                "julianday(ri.responded_at) - julianday(ri.invited_at)",
                "julianday(ri.review_submitted_at) - julianday(ri.responded_at)",
                &ids,
                &range("ri.invited_at"),
            ))
            .load(c)?;
            (times, turnaround)
        }
        DbConnection::Postgresql(c) => {
            let diff = |col: &str| {
                format!(
                    "CAST(EXTRACT(EPOCH FROM ({col} - submitted_at)) AS DOUBLE PRECISION) / 86400.0"
                )
            };
            let times = diesel::sql_query(times_sql(
                "",
                "to_char(submitted_at, 'YYYY-MM')",
                &diff,
                &ids,
                &range("submitted_at"),
            ))
            .load(c)?;
            let turnaround = diesel::sql_query(turnaround_sql(
                "CAST(EXTRACT(EPOCH FROM (ri.responded_at - ri.invited_at)) AS DOUBLE PRECISION) / 86400.0",
                "CAST(EXTRACT(EPOCH FROM (ri.review_submitted_at - ri.responded_at)) AS DOUBLE PRECISION) / 86400.0",
                &ids,
                &range("ri.invited_at"),
            ))
            .load(c)?;
            (times, turnaround)
        }
    })
}

/// The figures from the rows: submissions per month, the times to the first and the final
/// decision, the acceptance rate, and the reviewers' response and review times.
fn summarise(times: Vec<TimesRow>, turnaround: Vec<TurnaroundRow>) -> Statistics {
    let mut months: std::collections::BTreeMap<String, usize> = Default::default();
    let mut first = Vec::new();
    let mut last = Vec::new();
    let mut acceptance = Acceptance::default();
    let submitted = times.len();
    for row in times {
        let t = SubmissionTimes {
            month: row.month.unwrap_or_default(),
            first_decision: row.first_decision,
            accepted: row.accepted,
            rejected: row.rejected,
            desk_rejected: row.desk_rejected,
            reopened: row.reopened,
        };
        *months.entry(t.month.clone()).or_default() += 1;
        if let Some(d) = t.first_decision {
            first.push(d);
        }
        if let Some((d, outcome)) = t.final_decision() {
            last.push(d);
            acceptance.add(outcome);
        }
    }
    let mut response = Vec::new();
    let mut review = Vec::new();
    for row in turnaround {
        response.extend(row.response);
        review.extend(row.review);
    }
    let per_month = fill_months(&months.into_iter().collect::<Vec<_>>());
    let bins = |v: &[f64]| histogram(v, bin_width(v), 12);
    Statistics {
        computed_at: crate::db::now(),
        per_month,
        submitted,
        first_decision_bins: bins(&first),
        first_decision: Summary::of(&mut first),
        final_decision_bins: bins(&last),
        final_decision: Summary::of(&mut last),
        acceptance,
        response: Summary::of(&mut response),
        review_bins: bins(&review),
        review: Summary::of(&mut review),
        editors: Vec::new(),
        reviewers: Vec::new(),
        declines: Vec::new(),
    }
}

/// One row per submission with a `submit` event: its month and, in days after that first
/// submission, the events the figures need. One grouped pass over the decision events.
///
/// `hint` names SQLite's index: its planner otherwise walks `events_subject_idx` over every
/// event of every submission (measured at 10,000 submissions: 88 ms against 54 ms).
fn times_sql(
    hint: &str,
    month: &str,
    diff: &dyn Fn(&str) -> String,
    ids: &str,
    range: &str,
) -> String {
    format!(
        "SELECT subject_id AS submission_id, {month} AS month, {first} AS first_decision, {acc} AS accepted, \
                {rej} AS rejected, {desk} AS desk_rejected, {reopen} AS reopened, handling_editor_id \
         FROM (SELECT e.subject_id, MAX(s.handling_editor_id) AS handling_editor_id, \
                 MIN(CASE WHEN e.kind = 'submit' THEN e.occurred_at END) AS submitted_at, \
                 MIN(CASE WHEN e.kind IN ('accept', 'reject', 'desk_reject', 'request_revision') \
                     THEN e.occurred_at END) AS first_at, \
                 MAX(CASE WHEN e.kind = 'accept' THEN e.occurred_at END) AS accepted_at, \
                 MAX(CASE WHEN e.kind = 'reject' THEN e.occurred_at END) AS rejected_at, \
                 MAX(CASE WHEN e.kind = 'desk_reject' THEN e.occurred_at END) AS desk_at, \
                 MAX(CASE WHEN e.kind = 'overturn_rejection' THEN e.occurred_at END) AS reopened_at \
               FROM events e{hint} JOIN submissions s ON s.id = e.subject_id \
               WHERE e.subject_type = 'submission' \
                 AND e.kind IN ('submit', 'accept', 'reject', 'desk_reject', \
                                'request_revision', 'overturn_rejection') \
                 AND s.collection_id IN ({ids}) \
               GROUP BY e.subject_id) t \
         WHERE submitted_at IS NOT NULL{range}",
        first = diff("first_at"),
        acc = diff("accepted_at"),
        rej = diff("rejected_at"),
        desk = diff("desk_at"),
        reopen = diff("reopened_at"),
    )
}

/// One row per answered review invitation sent in the period.
fn turnaround_sql(response: &str, review: &str, ids: &str, range: &str) -> String {
    format!(
        "SELECT ri.submission_id AS submission_id, {response} AS response, {review} AS review \
         FROM review_invitations ri JOIN submissions s ON s.id = ri.submission_id \
         WHERE ri.responded_at IS NOT NULL AND s.collection_id IN ({ids}){range}"
    )
}
