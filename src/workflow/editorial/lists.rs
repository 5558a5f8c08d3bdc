//! The editorial lists: what an editor handles and, for an editor-in-chief, what needs an
//! editor and everything open in their journals, a page of each, leaving out whatever the
//! reader has a conflict with.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::accounts::Person;
use crate::domain::Role;
use crate::domain::conflicts::Settings;
use crate::domain::permissions::{
    HeldRole, SubmissionAction, SubmissionFacts, SubmissionViewer, may_on_submission,
};

use super::CandidateView;

/// One line of an editor's lists.
#[derive(Debug, Clone)]
pub struct QueueLine {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub state: crate::domain::submission_state::SubmissionState,
    pub collection: String,
    pub handling_editor: Option<String>,
    /// Why nobody could be assigned (flagged to the editor-in-chief).
    pub flagged_reason: Option<String>,
    /// Why the current editor was chosen (the editor-in-chief's eyes only).
    pub explanation: Option<String>,
    pub submitted_at: Option<chrono::NaiveDateTime>,
    /// The revision round it is in (1 until a revised version comes in).
    pub round: i32,
}

/// Rows per page of each editorial list.
pub const QUEUE_PAGE: usize = 25;

/// One page of a list: its lines, how many there are in all, and which page this is.
#[derive(Debug, Clone, Default)]
pub struct Paged {
    pub lines: Vec<QueueLine>,
    pub total: usize,
    /// 1-based; a page past the end shows the last one.
    pub page: usize,
}

impl Paged {
    pub fn pages(&self) -> usize {
        self.total.div_ceil(QUEUE_PAGE).max(1)
    }

    /// The position of the first line shown (1-based), 0 when the list is empty.
    pub fn first_shown(&self) -> usize {
        if self.total == 0 {
            0
        } else {
            (self.page - 1) * QUEUE_PAGE + 1
        }
    }

    pub fn last_shown(&self) -> usize {
        (self.first_shown() + self.lines.len()).saturating_sub(1)
    }

    pub fn has_previous(&self) -> bool {
        self.page > 1
    }

    pub fn has_next(&self) -> bool {
        self.page < self.pages()
    }
}

/// Which page of each list to show (1-based).
#[derive(Debug, Clone, Copy)]
pub struct QueuePages {
    pub handling: usize,
    pub needs_editor: usize,
    pub open: usize,
    /// 0: only the count of submissions awaiting her ruling, not the list.
    pub awaiting_ruling: usize,
}

impl Default for QueuePages {
    fn default() -> Self {
        QueuePages {
            handling: 1,
            needs_editor: 1,
            open: 1,
            awaiting_ruling: 0,
        }
    }
}

/// What the editorial page lists for one person: what they handle and, for an
/// editor-in-chief, what needs an editor and everything open in their journals, a page of
/// each. Every line passed the permissions module: a conflicted person never sees the
/// submission, nor is it counted. Submissions in a final state (published, rejected,
/// withdrawn) leave the lists.
pub struct EditorialLists {
    pub handling: Paged,
    pub needs_editor: Paged,
    pub open: Paged,
    /// For an editor-in-chief: the submissions in her lists where a possible competing
    /// interest of her own waits for her ruling (a namesake among an author's co-authors,
    /// a similar name, a similar institution). Issue 30: a name alone no longer hides a
    /// submission; it lands here instead.
    pub awaiting_ruling: Paged,
    pub is_chief: bool,
}

/// What the lists decide on, per submission, before anything is shown.
struct Listed {
    id: i64,
    facts: SubmissionFacts,
}

/// Which submissions a person's lists hold, in order, before paging: what `memo`
/// remembers between requests. Each list is newest first (ids descending): the search
/// looks ids up in them by halves.
#[derive(Debug, Default)]
pub struct ListIds {
    pub(super) handling: Vec<i64>,
    pub(super) needs_editor: Vec<i64>,
    pub(super) open: Vec<i64>,
    pub(super) awaiting_ruling: Vec<i64>,
    pub(super) is_chief: bool,
}

/// What the editorial pages remember between requests ([`crate::workflow::memo`]): conflict
/// verdicts, each person's lists, each submission's handling-editor candidates. One per
/// process ([`crate::web::AppState`]).
#[derive(Default)]
pub struct EditorialMemo {
    pub verdicts: crate::workflow::memo::ConflictVerdicts,
    pub(super) lists: crate::workflow::memo::Remembered<(i64, Vec<HeldRole>), ListIds>,
    pub(super) candidates: crate::workflow::memo::Remembered<i64, Vec<CandidateView>>,
    /// The same lists as `lists`, ready for the search (`super::search`).
    pub(super) search: crate::workflow::memo::Remembered<
        (i64, Vec<HeldRole>),
        crate::domain::search_index::SearchIndex,
    >,
}

/// Builds one page of each list: which submissions are in them from `memo` when nothing
/// they depend on has changed (else from [`list_ids`]), then names and titles for the shown
/// page only.
pub fn editorial_lists(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    settings: &Settings,
    pages: QueuePages,
    memo: &EditorialMemo,
) -> QueryResult<EditorialLists> {
    let ids = memo
        .lists
        .get_or_compute(conn, &(person.id, roles.to_vec()), settings, |conn| {
            list_ids(conn, person, roles, settings, memo)
        })?;
    let (handling, needs_editor, open) = (&ids.handling, &ids.needs_editor, &ids.open);
    let page_of = |ids: &[i64], page: usize| -> (usize, Vec<i64>) {
        let pages = ids.len().div_ceil(QUEUE_PAGE).max(1);
        let page = page.clamp(1, pages);
        let shown = ids
            .iter()
            .skip((page - 1) * QUEUE_PAGE)
            .take(QUEUE_PAGE)
            .copied()
            .collect();
        (page, shown)
    };
    let (handling_page, handling_ids) = page_of(handling, pages.handling);
    let (needs_page, needs_ids) = page_of(needs_editor, pages.needs_editor);
    let (open_page, open_ids) = page_of(open, pages.open);
    // The list to rule on is a filter the chief opens from its count (page 0: the count
    // alone), so the queue she opens most does no work for it.
    let (ruling_page, ruling_ids) = if pages.awaiting_ruling == 0 {
        (0, Vec::new())
    } else {
        page_of(&ids.awaiting_ruling, pages.awaiting_ruling)
    };
    let chief_sees: Vec<i64> = needs_ids
        .iter()
        .chain(&open_ids)
        .chain(&ruling_ids)
        .copied()
        .collect();
    let mut shown: Vec<i64> = handling_ids.iter().chain(&chief_sees).copied().collect();
    shown.sort_unstable();
    shown.dedup();
    let lines = queue_lines(conn, &shown, &chief_sees)?;
    let pick = |ids: &[i64]| -> Vec<QueueLine> {
        ids.iter().filter_map(|id| lines.get(id).cloned()).collect()
    };
    Ok(EditorialLists {
        handling: Paged {
            lines: pick(&handling_ids),
            total: handling.len(),
            page: handling_page,
        },
        needs_editor: Paged {
            lines: pick(&needs_ids),
            total: needs_editor.len(),
            page: needs_page,
        },
        open: Paged {
            lines: pick(&open_ids),
            total: open.len(),
            page: open_page,
        },
        awaiting_ruling: Paged {
            lines: pick(&ruling_ids),
            total: ids.awaiting_ruling.len(),
            page: ruling_page,
        },
        is_chief: ids.is_chief,
    })
}

/// The submissions a person's deadlines follow: exactly those of their lists (what they
/// handle and, for an editor-in-chief, everything open in her journals), from `memo` when
/// nothing they depend on has changed, so a conflict leaves them out exactly as it leaves
/// out the lists. With whether the person is an editor-in-chief.
pub fn followed_submissions(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    settings: &Settings,
    memo: &EditorialMemo,
) -> QueryResult<(Vec<i64>, bool)> {
    let ids = memo
        .lists
        .get_or_compute(conn, &(person.id, roles.to_vec()), settings, |conn| {
            list_ids(conn, person, roles, settings, memo)
        })?;
    let mut all: Vec<i64> = ids
        .handling
        .iter()
        .chain(&ids.needs_editor)
        .chain(&ids.open)
        .copied()
        .collect();
    all.sort_unstable();
    all.dedup();
    Ok((all, ids.is_chief))
}

/// Every submission in a person's lists, in a fixed number of queries whatever their
/// number: the candidates (ids and the facts permissions need), then the conflict check for
/// all of them at once. Every candidate is checked, not only a shown page, because the
/// counts and the page boundaries must leave out what the viewer is conflicted with.
pub(super) fn list_ids(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    settings: &Settings,
    memo: &EditorialMemo,
) -> QueryResult<ListIds> {
    let chief_of: Vec<i64> = roles
        .iter()
        .filter(|r| r.role == Role::EditorInChief)
        .filter_map(|r| r.journal_id)
        .collect();
    let candidates = listed_candidates(conn, person, &chief_of)?;
    let ids: Vec<i64> = candidates
        .iter()
        .filter(|x| x.facts.submitter_id != person.id)
        .map(|x| x.id)
        .collect();
    let verdicts = memo.verdicts.verdicts_among(conn, person, &ids, settings)?;
    let conflicted_with = &verdicts.conflicted;

    let mut lists = ListIds {
        is_chief: !chief_of.is_empty(),
        ..ListIds::default()
    };
    for x in &candidates {
        // As `access`: the submitter is always conflicted with their own submission.
        let conflicted = x.facts.submitter_id == person.id || conflicted_with.contains(&x.id);
        let viewer_on = SubmissionViewer {
            person_id: person.id,
            roles,
            conflicted,
        };
        if !may_on_submission(&viewer_on, &x.facts, SubmissionAction::ViewEditorial) {
            continue;
        }
        if x.facts.handling_editor_id == Some(person.id) {
            lists.handling.push(x.id);
        }
        if may_on_submission(&viewer_on, &x.facts, SubmissionAction::ManageAssignment) {
            if x.facts.handling_editor_id.is_none() && x.facts.state.is_active() {
                lists.needs_editor.push(x.id);
            } else {
                lists.open.push(x.id);
            }
            if verdicts.potential.contains(&x.id) {
                lists.awaiting_ruling.push(x.id);
            }
        }
    }
    Ok(lists)
}

/// The submissions a person's lists could hold, newest first, with the facts permissions
/// decide on: those they handle and every one in the journals they are editor-in-chief of
/// (`chief_of`), leaving out drafts and final states.
fn listed_candidates(
    conn: &mut DbConnection,
    person: &Person,
    chief_of: &[i64],
) -> QueryResult<Vec<Listed>> {
    use crate::db::schema::{collections as c, submissions as s};
    use crate::domain::submission_state::SubmissionState;
    // Drafts are the author's alone; final states need no editorial work. The state module
    // says which are final, so a new final state leaves the lists without a change here.
    let hidden: Vec<&str> = SubmissionState::ALL
        .into_iter()
        .filter(|st| *st == SubmissionState::Draft || st.is_final())
        .map(SubmissionState::as_str)
        .collect();
    let mine = s::handling_editor_id.eq(person.id).nullable();
    let theirs = c::journal_id.eq_any(chief_of).nullable();
    let rows: Vec<(i64, i64, Option<i64>, String, i64, i64)> = s::table
        .inner_join(c::table)
        .filter(s::state.ne_all(hidden))
        .filter(mine.or(theirs))
        .order(s::id.desc())
        .select((
            s::id,
            s::submitter_id,
            s::handling_editor_id,
            s::state,
            c::journal_id,
            s::collection_id,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, submitter_id, handling_editor_id, state, journal_id, collection_id)| Listed {
                id,
                facts: SubmissionFacts {
                    submitter_id,
                    handling_editor_id,
                    state: state.parse().unwrap_or(SubmissionState::Draft),
                    journal_id,
                    // The lists are what one handles or oversees as editor-in-chief; appeals
                    // to hear are on the hearer's dashboard.
                    appeal_hearer_id: None,
                    collection_id,
                    // Decides only whether a guest editor confirms a recommendation, and
                    // these lists hold no other guest editor's submissions.
                    handled_by_guest_editor: false,
                },
            },
        )
        .collect())
}

/// id, number, title, state, collection, handling editor, flag, submitted at, round.
type LineRow = (
    i64,
    Option<String>,
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<chrono::NaiveDateTime>,
    i32,
);

/// The lines for the shown submissions, in one query per table. The reasons for the
/// assignment and the flag are filled in for `chief_sees` only.
pub(super) fn queue_lines(
    conn: &mut DbConnection,
    ids: &[i64],
    chief_sees: &[i64],
) -> QueryResult<std::collections::HashMap<i64, QueueLine>> {
    use crate::db::schema::{
        collections as c, handling_assignments as ha, people, submissions as s,
    };
    use std::collections::HashMap;
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<LineRow> = s::table
        .inner_join(c::table)
        .filter(s::id.eq_any(ids))
        .select((
            s::id,
            s::manuscript_number,
            s::title,
            s::state,
            c::title,
            s::handling_editor_id,
            s::flagged_reason,
            s::submitted_at,
            s::current_round,
        ))
        .load(conn)?;
    let editor_ids: Vec<i64> = rows.iter().filter_map(|r| r.5).collect();
    let names: HashMap<i64, String> = people::table
        .filter(people::id.eq_any(&editor_ids))
        .select((people::id, people::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    // The current assignment's explanation: the newest one that has not ended.
    let mut explanations: HashMap<i64, String> = HashMap::new();
    for (sid, explanation) in ha::table
        .filter(ha::submission_id.eq_any(chief_sees))
        .filter(ha::ended_at.is_null())
        .order((ha::assigned_at, ha::id))
        .select((ha::submission_id, ha::explanation))
        .load::<(i64, String)>(conn)?
    {
        explanations.insert(sid, explanation);
    }
    Ok(rows
        .into_iter()
        .map(
            |(id, number, title, state, collection, editor, flagged, submitted_at, round)| {
                let chief = chief_sees.contains(&id);
                (
                    id,
                    QueueLine {
                        id,
                        number: number.unwrap_or_else(|| "Draft".to_owned()),
                        title,
                        state: state
                            .parse()
                            .unwrap_or(crate::domain::submission_state::SubmissionState::Draft),
                        collection,
                        handling_editor: editor.and_then(|e| names.get(&e).cloned()),
                        flagged_reason: if chief { flagged } else { None },
                        explanation: if chief {
                            explanations.remove(&id)
                        } else {
                            None
                        },
                        submitted_at,
                        round,
                    },
                )
            },
        )
        .collect())
}
