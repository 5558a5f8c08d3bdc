//! The editors' search in the database: which submissions of a reader's scope match a
//! [`SearchQuery`], in the order asked. The full-text part is each backend's own (SQLite:
//! FTS5 `submission_search`; PostgreSQL: a weighted `tsvector` with a GIN index, both kept
//! by the triggers of migration 29); this module is the only place that knows the
//! difference. It returns ids only: the workflow keeps those of the reader's own lists
//! (conflicts left out), counts and pages them, and loads the lines of the page it shows.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::DbConnection;
use crate::domain::search::{Field, SearchQuery, listed_state};
use crate::domain::search_index::{InLists, Overdue, Searchable};
use crate::domain::submission_state::SubmissionState;

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// A value bound to the query, in order.
#[derive(Clone)]
enum Bind {
    Text(String),
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
                        Bind::Text(v) => query.bind::<Text, _>(v),
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

/// The submissions a person's lists could hold, with what the search filters and sorts on:
/// those `person_id` handles and every one in the journals `chief_of`, in a listed state
/// (the caller keeps those its lists hold, conflicts left out, and says which lists).
pub fn searchable(
    conn: &mut DbConnection,
    person_id: i64,
    chief_of: &[i64],
) -> QueryResult<Vec<Searchable>> {
    use super::schema::{collections as c, people as p, submissions as s};
    let listed: Vec<&str> = SubmissionState::ALL
        .into_iter()
        .filter(|st| listed_state(*st))
        .map(SubmissionState::as_str)
        .collect();
    let mine = s::handling_editor_id.eq(person_id).nullable();
    let theirs = c::journal_id.eq_any(chief_of).nullable();
    let rows: Vec<SearchRow> = s::table
        .inner_join(c::table)
        .left_join(p::table.on(s::handling_editor_id.eq(p::id.nullable())))
        .filter(s::state.eq_any(listed))
        .filter(mine.or(theirs))
        .select((
            s::id,
            s::manuscript_number,
            s::title,
            s::state,
            s::collection_id,
            c::title,
            s::handling_editor_id,
            p::name.nullable(),
            s::current_round,
            s::submitted_at,
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(searchable_of).collect())
}

/// id, number, title, state, collection and its title, editor and their name, round,
/// submitted at.
type SearchRow = (
    i64,
    Option<String>,
    String,
    String,
    i64,
    String,
    Option<i64>,
    Option<String>,
    i32,
    Option<chrono::NaiveDateTime>,
);

fn searchable_of(r: SearchRow) -> Searchable {
    let (id, number, title, state, collection_id, collection_title, editor_id, editor_name) =
        (r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7);
    Searchable {
        id,
        number,
        title,
        state: state.parse().unwrap_or(SubmissionState::Draft),
        collection_id,
        collection_title,
        editor_id,
        editor_name,
        round: r.8,
        submitted_at: r.9,
        lists: InLists::default(),
    }
}

/// The ids of the submissions whose title, authors or keywords hold the words of `q`, sorted;
/// `None` when the query has no words. Every submission, whoever may see it: the caller
/// keeps those of the reader's lists.
pub fn word_matches(conn: &mut DbConnection, q: &SearchQuery) -> QueryResult<Option<Vec<i64>>> {
    let postgres = matches!(conn, DbConnection::Postgresql(_));
    let Some(text) = full_text(q, postgres) else {
        return Ok(None);
    };
    let mut b = Built {
        sql: String::new(),
        binds: Vec::new(),
        postgres,
    };
    let p = b.bind(Bind::Text(text));
    b.sql = if postgres {
        format!(
            "SELECT submission_id AS id FROM submission_search \
             WHERE document @@ to_tsquery('simple', search_fold({p}))"
        )
    } else {
        format!("SELECT rowid AS id FROM submission_search WHERE submission_search MATCH {p}")
    };
    let mut ids: Vec<i64> = load!(conn, b, IdRow).into_iter().map(|r| r.id).collect();
    ids.sort_unstable();
    Ok(Some(ids))
}

/// What is past its due date on `today`, as (submission, round) pairs, each list sorted: the
/// accepted reviews, and the revised versions awaited. A submission is overdue when one of
/// them is of its current round (and, for a revision, while one is requested): the caller
/// knows each submission's round and state ([`crate::domain::search_index`]), so this reads
/// the covering index of migration 45 alone and joins nothing. It says what
/// [`overdue_condition`] says.
pub fn overdue_rounds(conn: &mut DbConnection, today: NaiveDate) -> QueryResult<Overdue> {
    use super::schema::{review_invitations as r, revision_deadlines as d};
    let mut reviews: Vec<(i64, i32)> = r::table
        .filter(r::status.eq("accepted"))
        .filter(r::due_on.lt(today))
        .select((r::submission_id, r::round))
        .load(conn)?;
    let mut revisions: Vec<(i64, i32)> = d::table
        .filter(d::due_on.lt(today))
        .select((d::submission_id, d::round))
        .load(conn)?;
    reviews.sort_unstable();
    reviews.dedup();
    revisions.sort_unstable();
    revisions.dedup();
    Ok(Overdue { reviews, revisions })
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
