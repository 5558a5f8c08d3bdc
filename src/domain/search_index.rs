//! The editors' search over one reader's lists, in memory (issue 18 part 2).
//!
//! Asking the database to filter, sort and count the matches cost milliseconds per
//! thousand matches at 100,000 submissions (BENCHMARKS.md), and the reader's conflicts then
//! had to be left out one by one. The reader's lists are already remembered between
//! requests, conflicts left out ([`crate::workflow::memo`]); this is the same lists with
//! what the filters and the sorts read, and each sort order worked out once. A search is
//! then one pass over the order asked for. The database answers only what changes without
//! the lists changing or needs its indexes: which submissions the words match (full-text)
//! and which are overdue today.

use chrono::{NaiveDate, NaiveDateTime};

use super::search::{EditorFilter, ListChoice, SearchQuery, SortColumn};
use super::submission_state::SubmissionState;

/// Which of the reader's lists hold a submission.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InLists {
    pub handling: bool,
    pub needs_editor: bool,
    pub open: bool,
}

impl InLists {
    /// Whether any list holds it.
    pub fn holds_any(self) -> bool {
        self.handling || self.needs_editor || self.open
    }

    fn holds(self, list: ListChoice) -> bool {
        match list {
            ListChoice::All => self.holds_any(),
            ListChoice::Handling => self.handling,
            ListChoice::NeedsEditor => self.needs_editor,
            ListChoice::Open => self.open,
        }
    }
}

/// One submission of the reader's lists, as the search reads it.
#[derive(Debug, Clone)]
pub struct Searchable {
    pub id: i64,
    pub number: Option<String>,
    pub title: String,
    pub state: SubmissionState,
    pub collection_id: i64,
    pub collection_title: String,
    pub editor_id: Option<i64>,
    pub editor_name: Option<String>,
    pub round: i32,
    pub submitted_at: Option<NaiveDateTime>,
    pub lists: InLists,
}

/// What the filters read of a submission; the sort keys are not kept, only their orders.
#[derive(Debug, Clone)]
struct Row {
    id: i64,
    number: Option<Box<str>>,
    state: SubmissionState,
    collection_id: i64,
    editor_id: Option<i64>,
    round: i32,
    submitted_on: Option<NaiveDate>,
    lists: InLists,
}

/// A reader's lists ready to search: the rows, and for each sort column the rows' positions
/// in ascending order (ties by id ascending; descending reads it backwards, as the SQL
/// `ORDER BY column DESC, id DESC` did).
#[derive(Debug, Default)]
pub struct SearchIndex {
    rows: Vec<Row>,
    orders: Vec<Vec<u32>>,
}

/// What the database found for the parts of a query it answers: the ids the words match
/// (sorted ascending) and what is past its due date today; `None` when the query does not
/// ask.
#[derive(Debug, Default)]
pub struct FromDatabase {
    pub words: Option<Vec<i64>>,
    pub overdue: Option<Overdue>,
}

/// What is past its due date, as (submission, round) pairs, each list sorted: accepted
/// reviews, and revised versions awaited. The deadlines view's rule: a submission is
/// overdue when a review of its current round is, or when a revision is requested and the
/// current round's is.
#[derive(Debug, Default)]
pub struct Overdue {
    pub reviews: Vec<(i64, i32)>,
    pub revisions: Vec<(i64, i32)>,
}

impl Overdue {
    fn holds(&self, row: &Row) -> bool {
        let key = (row.id, row.round);
        self.reviews.binary_search(&key).is_ok()
            || (row.state == SubmissionState::RevisionRequested
                && self.revisions.binary_search(&key).is_ok())
    }
}

fn within(sorted: &Option<Vec<i64>>, id: i64) -> bool {
    sorted
        .as_ref()
        .is_none_or(|ids| ids.binary_search(&id).is_ok())
}

impl SearchIndex {
    pub fn new(submissions: Vec<Searchable>) -> SearchIndex {
        let lower = |s: &str| s.to_lowercase();
        let orders = SortColumn::ALL
            .into_iter()
            .map(|column| {
                let mut order: Vec<u32> = (0..submissions.len() as u32).collect();
                let by = |i: &u32| &submissions[*i as usize];
                match column {
                    SortColumn::Number => {
                        order.sort_by_cached_key(|i| (by(i).number.clone(), by(i).id))
                    }
                    SortColumn::Title => {
                        order.sort_by_cached_key(|i| (lower(&by(i).title), by(i).id))
                    }
                    SortColumn::State => order.sort_by_key(|i| (by(i).state.as_str(), by(i).id)),
                    SortColumn::Collection => {
                        order.sort_by_cached_key(|i| (lower(&by(i).collection_title), by(i).id))
                    }
                    SortColumn::Editor => order.sort_by_cached_key(|i| {
                        (lower(by(i).editor_name.as_deref().unwrap_or("")), by(i).id)
                    }),
                    SortColumn::Round => order.sort_by_key(|i| (by(i).round, by(i).id)),
                    SortColumn::Submitted => order.sort_by_key(|i| (by(i).submitted_at, by(i).id)),
                }
                order
            })
            .collect();
        let rows = submissions
            .into_iter()
            .map(|s| Row {
                id: s.id,
                number: s.number.map(String::into_boxed_str),
                state: s.state,
                collection_id: s.collection_id,
                editor_id: s.editor_id,
                round: s.round,
                submitted_on: s.submitted_at.map(|t| t.date()),
                lists: s.lists,
            })
            .collect();
        SearchIndex { rows, orders }
    }

    /// How many submissions the lists hold.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Every submission that `q` matches, in the order it asks for; `found` is what the
    /// database answered for the words and for "overdue".
    pub fn find(&self, q: &SearchQuery, today: NaiveDate, found: &FromDatabase) -> Vec<i64> {
        let column = SortColumn::ALL
            .iter()
            .position(|c| *c == q.sort)
            .unwrap_or_default();
        let Some(order) = self.orders.get(column) else {
            return Vec::new();
        };
        let (from, until) = q.submitted_between(today);
        let keep = |row: &&Row| {
            row.lists.holds(q.list)
                && q.number
                    .as_deref()
                    .is_none_or(|n| row.number.as_deref() == Some(n))
                && q.state.is_none_or(|s| row.state == s)
                && match q.editor {
                    EditorFilter::Anyone => true,
                    EditorFilter::Nobody => row.editor_id.is_none(),
                    EditorFilter::Person(id) => row.editor_id == Some(id),
                }
                && q.collection.is_none_or(|c| row.collection_id == c)
                && q.round.is_none_or(|r| row.round == r)
                && from.is_none_or(|d| row.submitted_on.is_some_and(|on| on >= d))
                && until.is_none_or(|d| row.submitted_on.is_some_and(|on| on <= d))
                && within(&found.words, row.id)
                && found.overdue.as_ref().is_none_or(|o| o.holds(row))
        };
        let rows = order.iter().map(|i| &self.rows[*i as usize]);
        if q.descending {
            rows.rev().filter(keep).map(|r| r.id).collect()
        } else {
            rows.filter(keep).map(|r| r.id).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::search::SearchForm;

    fn day(d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, d)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap_or_default()
    }

    fn one(id: i64, title: &str, editor: Option<(i64, &str)>, submitted: u32) -> Searchable {
        Searchable {
            id,
            number: Some(format!("RC-2026-{id:04}")),
            title: title.into(),
            state: if editor.is_some() {
                SubmissionState::UnderReview
            } else {
                SubmissionState::Submitted
            },
            collection_id: 1,
            collection_title: "Rare cancers".into(),
            editor_id: editor.map(|e| e.0),
            editor_name: editor.map(|e| e.1.to_owned()),
            round: 1,
            submitted_at: Some(day(submitted)),
            lists: InLists {
                handling: editor.is_some_and(|e| e.0 == 7),
                needs_editor: editor.is_none(),
                open: editor.is_some(),
            },
        }
    }

    fn index() -> SearchIndex {
        SearchIndex::new(vec![
            one(1, "beta", Some((7, "Zoë")), 1),
            one(2, "Alpha", None, 3),
            one(3, "gamma", Some((8, "adam")), 2),
            one(4, "alpha", Some((7, "Zoë")), 4),
        ])
    }

    fn query(pairs: &[(&str, &str)]) -> SearchQuery {
        SearchForm::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        )
        .parse()
        .unwrap_or_default()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 10).unwrap_or_default()
    }

    #[test]
    fn sorts_without_regard_to_case_ties_by_id_and_backwards_when_descending() {
        let ix = index();
        let none = FromDatabase::default();
        let asc = query(&[("sort", "title"), ("dir", "asc")]);
        assert_eq!(ix.find(&asc, today(), &none), [2, 4, 1, 3]);
        let desc = query(&[("sort", "title"), ("dir", "desc")]);
        assert_eq!(ix.find(&desc, today(), &none), [3, 1, 4, 2]);
        let by_editor = query(&[("sort", "editor"), ("dir", "asc")]);
        assert_eq!(ix.find(&by_editor, today(), &none), [2, 3, 1, 4]);
    }

    #[test]
    fn every_filter_and_the_databases_answers_narrow_the_rows() {
        let ix = index();
        let none = FromDatabase::default();
        let asc = |pairs: &[(&str, &str)]| {
            let mut all = vec![("sort", "number"), ("dir", "asc")];
            all.extend_from_slice(pairs);
            query(&all)
        };
        assert_eq!(
            ix.find(&asc(&[("list", "handling")]), today(), &none),
            [1, 4]
        );
        assert_eq!(
            ix.find(&asc(&[("list", "needs_editor")]), today(), &none),
            [2]
        );
        assert_eq!(
            ix.find(&asc(&[("state", "under_review")]), today(), &none),
            [1, 3, 4]
        );
        assert_eq!(ix.find(&asc(&[("q", "rc-2026-0003")]), today(), &none), [3]);
        // Submitted at least 7 days before the 10th: on the 1st, 2nd or 3rd.
        assert_eq!(
            ix.find(&asc(&[("min_age", "7")]), today(), &none),
            [1, 2, 3]
        );
        // A review of round 1 past its date for 3 and 4; one of round 2 for 1 (not its round);
        // a revision past its date for 2, which does not wait for one.
        let words = FromDatabase {
            words: Some(vec![1, 3, 99]),
            overdue: Some(Overdue {
                reviews: vec![(1, 2), (3, 1), (4, 1)],
                revisions: vec![(2, 1)],
            }),
        };
        assert_eq!(ix.find(&asc(&[]), today(), &words), [3]);
        let overdue_only = FromDatabase {
            words: None,
            ..words
        };
        assert_eq!(ix.find(&asc(&[]), today(), &overdue_only), [3, 4]);
    }
}
