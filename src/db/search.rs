//! The editors' search in the database: which submissions of a reader's scope match a
//! [`SearchQuery`], in the order asked. The full-text part is each backend's own (SQLite:
//! FTS5 `submission_search`; PostgreSQL: a weighted `tsvector` with a GIN index, both kept
//! by the triggers of migration 29); this module is the only place that knows the
//! difference. It returns ids only: the workflow keeps those of the reader's own lists
//! (conflicts left out), counts and pages them, and loads the lines of the page it shows.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Integer, Text, Timestamp};

use super::DbConnection;
use crate::domain::search::{
    EditorFilter, Field, ListChoice, SearchQuery, SortColumn, listed_state,
};
use crate::domain::submission_state::SubmissionState;

/// Whose submissions the search may look at before conflicts are applied: those `person_id`
/// handles and every one in the journals they are editor-in-chief of.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub person_id: i64,
    pub chief_of: &'a [i64],
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// A value bound to the query, in order.
#[derive(Clone)]
enum Bind {
    Int(i64),
    Small(i32),
    Text(String),
    Day(NaiveDate),
    Time(NaiveDateTime),
}

/// The SQL text and its values, numbered placeholders (`$n` on PostgreSQL, `?n` on SQLite).
struct Built {
    sql: String,
    binds: Vec<Bind>,
    postgres: bool,
}

impl Built {
    fn bind(&mut self, b: Bind) -> String {
        self.binds.push(b);
        let n = self.binds.len();
        if self.postgres {
            format!("${n}")
        } else {
            format!("?{n}")
        }
    }
}

/// Runs `$built` on either backend, loading rows of type `$row`.
macro_rules! load {
    ($conn:expr, $built:expr, $row:ty) => {{
        macro_rules! run {
            ($c:expr) => {{
                let mut query = diesel::sql_query($built.sql.as_str()).into_boxed();
                for b in $built.binds.iter().cloned() {
                    query = match b {
                        Bind::Int(v) => query.bind::<BigInt, _>(v),
                        Bind::Small(v) => query.bind::<Integer, _>(v),
                        Bind::Text(v) => query.bind::<Text, _>(v),
                        Bind::Day(v) => query.bind::<Date, _>(v),
                        Bind::Time(v) => query.bind::<Timestamp, _>(v),
                    };
                }
                query.load::<$row>($c)?
            }};
        }
        match $conn {
            DbConnection::Postgresql(pg) => run!(pg),
            DbConnection::Sqlite(lite) => run!(lite),
        }
    }};
}

/// The ids of the submissions in `scope` that match `q` in the reader's list `list`, every
/// filter applied but the reader's conflicts, sorted as asked, ties broken by id. The lists
/// are sorted by the permissions module's rules in [`crate::workflow::editorial::lists`]:
/// handled by the reader → "handling"; in a journal she is editor-in-chief of → "needs an
/// editor" when active without one, else "open". Here each list is one more condition (a
/// test checks both agree); the workflow then keeps only what the memo's lists hold.
///
/// Conflicts are left out by the caller, not in SQL: measured at 100,000 submissions, an
/// editor-in-chief's 9,000 ids left out cost 8–9 ms per query as `NOT IN`, while most
/// searches match far fewer rows than that.
pub fn matching_ids(
    conn: &mut DbConnection,
    (scope, list): (Scope<'_>, ListChoice),
    q: &SearchQuery,
    today: NaiveDate,
) -> QueryResult<Vec<i64>> {
    let mut b = Built {
        sql: String::new(),
        binds: Vec::new(),
        postgres: matches!(conn, DbConnection::Postgresql(_)),
    };
    let conditions = conditions(&mut b, (scope, list), q, today);
    ordered_ids(conn, &mut b, &conditions, q)
}

/// The ids matching `conditions`, sorted as `q` asks, ties broken by id.
fn ordered_ids(
    conn: &mut DbConnection,
    b: &mut Built,
    conditions: &str,
    q: &SearchQuery,
) -> QueryResult<Vec<i64>> {
    let dir = if q.descending { "DESC" } else { "ASC" };
    let column = match q.sort {
        SortColumn::Number => "s.manuscript_number",
        SortColumn::Title => "lower(s.title)",
        SortColumn::State => "s.state",
        SortColumn::Collection => "lower(c.title)",
        SortColumn::Editor => "lower(coalesce(e.name, ''))",
        SortColumn::Round => "s.current_round",
        SortColumn::Submitted => "s.submitted_at",
    };
    // Only a sort by editor reads the people table.
    let editors = if q.sort == SortColumn::Editor {
        "LEFT JOIN people e ON e.id = s.handling_editor_id "
    } else {
        ""
    };
    b.sql = format!(
        "SELECT s.id AS id FROM submissions s \
         JOIN collections c ON c.id = s.collection_id {editors}\
         WHERE {conditions} ORDER BY {column} {dir}, s.id {dir}"
    );
    Ok(load!(conn, b, IdRow).into_iter().map(|r| r.id).collect())
}

/// The WHERE conditions for `q` over what the reader's lists hold. Every value a person
/// typed is bound; the only text written into the SQL is ours (state names, the journals'
/// ids as numbers).
fn conditions(
    b: &mut Built,
    (scope, list): (Scope<'_>, ListChoice),
    q: &SearchQuery,
    today: NaiveDate,
) -> String {
    let states = |keep: fn(SubmissionState) -> bool| -> String {
        let names: Vec<String> = SubmissionState::ALL
            .into_iter()
            .filter(|s| keep(*s))
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        names.join(", ")
    };
    let me = b.bind(Bind::Int(scope.person_id));
    let chief = if scope.chief_of.is_empty() {
        "1 = 0".to_owned()
    } else {
        let ids: Vec<String> = scope.chief_of.iter().map(i64::to_string).collect();
        format!("c.journal_id IN ({})", ids.join(", "))
    };
    let mut sql = format!(
        "s.state IN ({}) AND (s.handling_editor_id = {me} OR {chief})",
        states(listed_state)
    );
    let needs_editor = format!(
        "(s.handling_editor_id IS NULL AND s.state IN ({}))",
        states(SubmissionState::is_active)
    );
    sql += &match list {
        ListChoice::All => String::new(),
        ListChoice::Handling => format!(" AND s.handling_editor_id = {me}"),
        ListChoice::NeedsEditor => format!(" AND {chief} AND {needs_editor}"),
        ListChoice::Open => format!(" AND {chief} AND NOT {needs_editor}"),
    };
    if let Some(number) = &q.number {
        sql += &format!(
            " AND s.manuscript_number = {}",
            b.bind(Bind::Text(number.clone()))
        );
    }
    if let Some(text) = full_text(q, b.postgres) {
        let p = b.bind(Bind::Text(text));
        sql += &if b.postgres {
            format!(
                " AND s.id IN (SELECT submission_id FROM submission_search \
                 WHERE document @@ to_tsquery('simple', search_fold({p})))"
            )
        } else {
            format!(
                " AND s.id IN (SELECT rowid FROM submission_search WHERE submission_search MATCH {p})"
            )
        };
    }
    sql += &filters(b, q, today);
    sql
}

/// The conditions of the filters other than the words, each value bound.
fn filters(b: &mut Built, q: &SearchQuery, today: NaiveDate) -> String {
    let mut sql = String::new();
    if let Some(state) = q.state {
        sql += &format!(
            " AND s.state = {}",
            b.bind(Bind::Text(state.as_str().into()))
        );
    }
    match q.editor {
        EditorFilter::Anyone => {}
        EditorFilter::Nobody => sql += " AND s.handling_editor_id IS NULL",
        EditorFilter::Person(id) => {
            sql += &format!(" AND s.handling_editor_id = {}", b.bind(Bind::Int(id)));
        }
    }
    if let Some(id) = q.collection {
        sql += &format!(" AND s.collection_id = {}", b.bind(Bind::Int(id)));
    }
    if let Some(round) = q.round {
        sql += &format!(" AND s.current_round = {}", b.bind(Bind::Small(round)));
    }
    let (from, until) = q.submitted_between(today);
    if let Some(day) = from {
        let at = day.and_hms_opt(0, 0, 0).unwrap_or_default();
        sql += &format!(" AND s.submitted_at >= {}", b.bind(Bind::Time(at)));
    }
    if let Some(day) = until.and_then(|d| d.succ_opt()) {
        let at = day.and_hms_opt(0, 0, 0).unwrap_or_default();
        sql += &format!(" AND s.submitted_at < {}", b.bind(Bind::Time(at)));
    }
    if q.overdue {
        let t = b.bind(Bind::Day(today));
        sql += &format!(" AND {}", overdue_condition(&t, b.postgres));
    }
    sql
}

/// Whether submission `s` is overdue on the day `today` (a bound value or a date literal),
/// as the deadlines view counts it: an accepted review of the current round past its due
/// date, or a revised version awaited past its due date. The search's filter and the
/// editors' statistics both ask this.
///
/// On SQLite the invitations are looked up by submission (`INDEXED BY`): its planner
/// otherwise took the (status, due date) index for this correlated subquery and scanned
/// every accepted review past its date once per row, measured at 100,000 submissions as
/// 300 s for 11,000 rows against 0.3 s.
pub fn overdue_condition(today: &str, postgres: bool) -> String {
    let by_submission = if postgres {
        ""
    } else {
        " INDEXED BY review_invitations_submission_idx"
    };
    format!(
        "(EXISTS (SELECT 1 FROM review_invitations r{by_submission} WHERE r.submission_id = s.id \
           AND r.round = s.current_round AND r.status = 'accepted' AND r.due_on < {today}) \
         OR (s.state = 'revision_requested' AND EXISTS (SELECT 1 FROM revision_deadlines d \
           WHERE d.submission_id = s.id AND d.round = s.current_round AND d.due_on < {today})))"
    )
}

/// The full-text query in the backend's own syntax, every word a prefix and all of them
/// required; `None` when the query has no words. The words are letters and digits only
/// ([`crate::domain::search::Words`]), so they cannot be operators of either syntax.
fn full_text(q: &SearchQuery, postgres: bool) -> Option<String> {
    let terms: Vec<String> = q
        .text()
        .map(|(field, word)| {
            if postgres {
                let weights = match field {
                    Field::Anywhere => "",
                    Field::Title => "A",
                    Field::Authors => "B",
                    Field::Keywords => "C",
                };
                format!("'{word}':*{weights}")
            } else {
                let column = match field {
                    Field::Anywhere => "",
                    Field::Title => "title : ",
                    Field::Authors => "authors : ",
                    Field::Keywords => "keywords : ",
                };
                format!("{column}\"{word}\"*")
            }
        })
        .collect();
    if terms.is_empty() {
        None
    } else if postgres {
        Some(terms.join(" & "))
    } else {
        Some(terms.join(" AND "))
    }
}

/// What the search form offers to choose from: the collections of the reader's journals
/// and collections, and, for an editor-in-chief, the editors of her journals (names the
/// board page shows anyway), each as (id, name), by name.
pub struct Choices {
    pub collections: Vec<(i64, String)>,
    pub editors: Vec<(i64, String)>,
}

pub fn choices(
    conn: &mut DbConnection,
    chief_of: &[i64],
    journals: &[i64],
    collections: &[i64],
) -> QueryResult<Choices> {
    use super::schema::{collections as c, people as p, roles as r};
    use crate::domain::Role;
    let in_journals: Vec<i64> = chief_of.iter().chain(journals).copied().collect();
    let found: Vec<(i64, String)> = c::table
        .filter(
            c::journal_id
                .eq_any(&in_journals)
                .or(c::id.eq_any(collections)),
        )
        .order((c::title, c::id))
        .select((c::id, c::title))
        .load(conn)?;
    let editors = if chief_of.is_empty() {
        Vec::new()
    } else {
        let theirs: Vec<i64> = c::table
            .filter(c::journal_id.eq_any(chief_of))
            .select(c::id)
            .load(conn)?;
        let kinds = [
            Role::EditorInChief.as_str(),
            Role::BoardMember.as_str(),
            Role::GuestEditor.as_str(),
        ];
        let mut editors: Vec<(i64, String)> = p::table
            .inner_join(r::table.on(r::person_id.eq(p::id)))
            .filter(r::role.eq_any(kinds))
            .filter(
                r::journal_id
                    .eq_any(chief_of)
                    .or(r::collection_id.eq_any(theirs)),
            )
            .order((p::name, p::id))
            .select((p::id, p::name))
            .load(conn)?;
        editors.dedup();
        editors
    };
    Ok(Choices {
        collections: found,
        editors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::search::SearchForm;

    #[test]
    fn typed_text_is_bound_never_written_into_the_sql() {
        let form = SearchForm {
            q: "x'); DROP TABLE submissions; --".into(),
            author: "o'brien".into(),
            ..SearchForm::default()
        };
        let q = form.parse().unwrap_or_default();
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        for postgres in [false, true] {
            let mut b = Built {
                sql: String::new(),
                binds: Vec::new(),
                postgres,
            };
            let scope = Scope {
                person_id: 3,
                chief_of: &[1],
            };
            let sql = conditions(&mut b, (scope, ListChoice::All), &q, today);
            assert!(!sql.contains("DROP"), "{sql}");
            assert!(!sql.contains("brien"), "{sql}");
        }
        assert_eq!(
            full_text(&q, false).as_deref(),
            Some(
                "\"x\"* AND \"drop\"* AND \"table\"* AND \"submissions\"* AND authors : \"o\"* AND authors : \"brien\"*"
            )
        );
        assert_eq!(
            full_text(&q, true).as_deref(),
            Some("'x':* & 'drop':* & 'table':* & 'submissions':* & 'o':*B & 'brien':*B")
        );
    }
}
