//! The editors' search over their own lists (issue 18 part 2). The database finds what
//! matches the query among the submissions the reader handles or oversees
//! ([`crate::db::search`]); only those in the reader's lists as [`super::lists`] remembers
//! them are kept, so a submission the reader is conflicted with is never a row, nor counted
//! in the total or the number of pages, whatever was typed.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::accounts::Person;
use crate::db::search::{self as store, Choices};
use crate::domain::Role;
use crate::domain::conflicts::Settings;
use crate::domain::permissions::HeldRole;
use crate::domain::search::{ListChoice, RESULTS_PAGE, SearchQuery};
use crate::domain::search_index::{FromDatabase, InLists, SearchIndex};

use super::lists::{EditorialMemo, ListIds, Paged, QueueLine, list_ids, queue_lines};

/// One page of results, with what the form offers to choose from.
pub struct SearchResults {
    pub results: Paged,
    pub is_chief: bool,
    pub choices: Choices,
}

/// The reader's lists, from the memo when nothing they depend on has changed.
fn lists_of(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    settings: &Settings,
    memo: &EditorialMemo,
) -> QueryResult<std::sync::Arc<ListIds>> {
    memo.lists
        .get_or_compute(conn, &(person.id, roles.to_vec()), settings, |conn| {
            list_ids(conn, person, roles, settings, memo)
        })
}

/// Whether `id` is in a list kept newest first (ids descending, as `list_ids` builds them).
fn holds(list: &[i64], id: i64) -> bool {
    list.binary_search_by(|x| id.cmp(x)).is_ok()
}

/// The lists a search looks in.
fn chosen(ids: &ListIds, list: ListChoice) -> Vec<&[i64]> {
    match list {
        ListChoice::All => vec![
            ids.handling.as_slice(),
            ids.needs_editor.as_slice(),
            ids.open.as_slice(),
        ],
        ListChoice::Handling => vec![ids.handling.as_slice()],
        ListChoice::NeedsEditor => vec![ids.needs_editor.as_slice()],
        ListChoice::Open => vec![ids.open.as_slice()],
    }
}

fn journals_of(roles: &[HeldRole], chief: bool) -> Vec<i64> {
    roles
        .iter()
        .filter(|r| (r.role == Role::EditorInChief) == chief)
        .filter(|r| {
            matches!(
                r.role,
                Role::EditorInChief | Role::BoardMember | Role::GuestEditor
            )
        })
        .filter_map(|r| r.journal_id)
        .collect()
}

/// What the search form offers a person to choose from (their collections; for an
/// editor-in-chief, her journals' editors).
pub fn choices(conn: &mut DbConnection, roles: &[HeldRole]) -> QueryResult<Choices> {
    let collections: Vec<i64> = roles.iter().filter_map(|r| r.collection_id).collect();
    store::choices(
        conn,
        &journals_of(roles, true),
        &journals_of(roles, false),
        &collections,
    )
}

/// The reader's lists ready for the search, from the memo when nothing they depend on has
/// changed. The lists are read inside the computation, after the tokens the index is
/// remembered under, so the index is never older than its tokens say.
fn index_of(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    settings: &Settings,
    memo: &EditorialMemo,
) -> QueryResult<std::sync::Arc<SearchIndex>> {
    memo.search
        .get_or_compute(conn, &(person.id, roles.to_vec()), settings, |conn| {
            let ids = lists_of(conn, person, roles, settings, memo)?;
            let held = |id: i64| InLists {
                handling: holds(&ids.handling, id),
                needs_editor: holds(&ids.needs_editor, id),
                open: holds(&ids.open, id),
            };
            let chief_of = journals_of(roles, true);
            let rows = store::searchable(conn, person.id, &chief_of)?
                .into_iter()
                .map(|mut s| {
                    s.lists = held(s.id);
                    s
                })
                .filter(|s| s.lists.holds_any())
                .collect();
            Ok(SearchIndex::new(rows))
        })
}

/// The reader's lists, and every submission in them that `q` matches, in its order: the
/// database answers the words and "overdue", the remembered index the rest.
fn matches_in_lists(
    conn: &mut DbConnection,
    (person, roles): (&Person, &[HeldRole]),
    (settings, today): (&Settings, NaiveDate),
    q: &SearchQuery,
    memo: &EditorialMemo,
) -> QueryResult<(std::sync::Arc<ListIds>, Vec<i64>)> {
    let ids = lists_of(conn, person, roles, settings, memo)?;
    let index = index_of(conn, person, roles, settings, memo)?;
    let from_database = FromDatabase {
        words: store::word_matches(conn, q)?,
        overdue: if q.overdue {
            Some(store::overdue_rounds(conn, today)?)
        } else {
            None
        },
    };
    Ok((ids, index.find(q, today, &from_database)))
}

/// One page of the submissions of the reader's lists that match `q`.
pub fn search(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    (settings, today): (&Settings, NaiveDate),
    q: &SearchQuery,
    memo: &EditorialMemo,
) -> QueryResult<SearchResults> {
    let (ids, found) = matches_in_lists(conn, (person, roles), (settings, today), q, memo)?;
    let total = found.len();
    let pages = total.div_ceil(RESULTS_PAGE).max(1);
    let page = q.page.clamp(1, pages);
    let shown: Vec<i64> = found
        .iter()
        .skip((page - 1) * RESULTS_PAGE)
        .take(RESULTS_PAGE)
        .copied()
        .collect();
    let lines = lines_in_order(conn, &ids, &shown)?;
    let choices = choices(conn, roles)?;
    Ok(SearchResults {
        results: Paged { lines, total, page },
        is_chief: ids.is_chief,
        choices,
    })
}

/// Every submission of the reader's lists that `q` matches, in its order, at most
/// `at_most`: "select all that this search found" for the bulk actions.
pub fn every_match(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    (settings, today): (&Settings, NaiveDate),
    q: &SearchQuery,
    memo: &EditorialMemo,
    at_most: usize,
) -> QueryResult<Vec<i64>> {
    let (_, mut found) = matches_in_lists(conn, (person, roles), (settings, today), q, memo)?;
    found.truncate(at_most);
    Ok(found)
}

/// The lines of `shown`, in that order; what only the editor-in-chief reads (why an editor
/// was chosen, a flag) for those of her lists.
fn lines_in_order(
    conn: &mut DbConnection,
    ids: &ListIds,
    shown: &[i64],
) -> QueryResult<Vec<QueueLine>> {
    let chief_sees: Vec<i64> = shown
        .iter()
        .copied()
        .filter(|id| holds(&ids.needs_editor, *id) || holds(&ids.open, *id))
        .collect();
    let mut lines = queue_lines(conn, shown, &chief_sees)?;
    Ok(shown.iter().filter_map(|id| lines.remove(id)).collect())
}

/// Of the submissions a person selected, the lines of those in their lists, in the order
/// given (duplicates once); with how many were left out (not in their lists: they may not
/// exist, or the person may not see them, which is not told apart).
pub fn selected(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    settings: &Settings,
    memo: &EditorialMemo,
    selection: &[i64],
) -> QueryResult<(Vec<QueueLine>, usize)> {
    let ids = lists_of(conn, person, roles, settings, memo)?;
    let lists = chosen(&ids, ListChoice::All);
    let mut seen = std::collections::HashSet::new();
    let unique: Vec<i64> = selection
        .iter()
        .copied()
        .filter(|id| seen.insert(*id))
        .collect();
    let kept: Vec<i64> = unique
        .iter()
        .copied()
        .filter(|id| lists.iter().any(|l| holds(l, *id)))
        .collect();
    let left_out = unique.len() - kept.len();
    Ok((lines_in_order(conn, &ids, &kept)?, left_out))
}

#[cfg(test)]
mod tests {
    use super::holds;

    #[test]
    fn a_list_newest_first_is_searched_by_halves() {
        let list = [90, 40, 12, 7, 3];
        for id in list {
            assert!(holds(&list, id));
        }
        for id in [91, 41, 8, 1, 0] {
            assert!(!holds(&list, id));
        }
    }
}
