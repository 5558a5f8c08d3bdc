//! What assigning a handling editor does, who may open a submission (access), and the
//! editorial lists. A person's conflicts with the rulings applied are [`super::conflict`]'s.
//!
//! Called inside the transaction that writes the assignment, so the conflict check sees the
//! same data the assignment is written against: a conflict declared a moment earlier counts.

use diesel::prelude::*;

use crate::config::Site;
use crate::db::DbConnection;
use crate::db::accounts::{self, Person};
use crate::db::collections;
use crate::db::editorial::{self as store, CONFIRMED, NOT_A_CONFLICT};
use crate::db::events::{self, NewEvent, Subject};
use crate::db::guard;
use crate::db::profiles;
use crate::db::submissions::{self as submissions_store, Submission};
use crate::domain::Role;
use crate::domain::assignment::{self, Candidate, Choice, Pool};
use crate::domain::conflicts::{
    Finding, PreparedPerson, PreparedSubmission, Settings, Strength, findings_prepared,
};
use crate::domain::permissions::{
    HeldRole, SubmissionAction, SubmissionFacts, SubmissionViewer, may_on_submission,
};
use crate::mail::messages::{HandlingEditorAssigned, MailMessage, SubmissionFlagged};
use crate::mail::{self, Envelope};
use crate::workflow::conflict::{apply_rulings, conflicts_of, is_conflicted};

pub use crate::workflow::step::EditorialError;

/// The possible handling editors of a submission with everything the choice depends on:
/// the collection's guest editors, then the journal's board, then its editors-in-chief, whom
/// only an editor-in-chief's own choice assigns (each person once).
pub fn candidates_for(
    conn: &mut DbConnection,
    s: &Submission,
    settings: &Settings,
) -> QueryResult<Vec<Candidate>> {
    Ok(candidates_with_findings(conn, s, settings)?
        .into_iter()
        .map(|(c, _, _)| c)
        .collect())
}

/// [`candidates_for`] with each candidate's person and potential findings (for the
/// editor-in-chief's rulings), in a fixed number of queries whatever the size of the board:
/// profiles, offers, loads and last assignments are loaded for everyone at once.
fn candidates_with_findings(
    conn: &mut DbConnection,
    s: &Submission,
    settings: &Settings,
) -> QueryResult<Vec<(Candidate, Person, Vec<Finding>)>> {
    let Some(collection) = collections::find_collection(conn, s.collection_id)? else {
        return Ok(Vec::new());
    };
    let topics = submissions_store::topics_of(conn, s.id)?;
    let parties = PreparedSubmission::new(&profiles::parties_of(conn, s.id)?);
    let rulings = store::rulings_on(conn, s.id)?;
    let guests = store::people_with_role(conn, Role::GuestEditor, None, Some(collection.id))?;
    let board =
        store::people_with_role(conn, Role::BoardMember, Some(collection.journal_id), None)?;
    let chiefs =
        store::people_with_role(conn, Role::EditorInChief, Some(collection.journal_id), None)?;
    let mut seen: Vec<i64> = Vec::new();
    let mut pooled: Vec<(Pool, Person)> = Vec::new();
    for (pool, people) in [
        (Pool::GuestEditor, guests),
        (Pool::BoardMember, board),
        (Pool::EditorInChief, chiefs),
    ] {
        for p in people {
            if !seen.contains(&p.id) {
                seen.push(p.id);
                pooled.push((pool, p));
            }
        }
    }
    let people: Vec<Person> = pooled.iter().map(|(_, p)| p.clone()).collect();
    let mut profiles = profiles::profiles_of_many(conn, &people)?;
    let offers = store::offers_of_many(conn, &seen, collection.journal_id)?;
    let loads = store::open_loads(conn, &seen)?;
    let last_assigned = store::last_assigned_many(conn, &seen)?;
    let mut out = Vec::new();
    for (pool, p) in pooled {
        let profile = match profiles.remove(&p.id) {
            Some(profile) => profile,
            None => profiles::profile_of(conn, &p)?,
        };
        let found = apply_rulings(
            p.id,
            findings_prepared(&PreparedPerson::new(&profile), &parties, settings),
            &rulings,
        );
        let offer = offers.get(&p.id).cloned().unwrap_or_default();
        // A guest editor was appointed for this collection: every topic of it is theirs.
        let topic_matches = match pool {
            Pool::GuestEditor | Pool::EditorInChief => topics.len(),
            Pool::BoardMember => topics.iter().filter(|t| offer.topics.contains(t)).count(),
        };
        let potential: Vec<Finding> = found
            .iter()
            .filter(|f| f.strength == Strength::Potential)
            .cloned()
            .collect();
        let candidate = Candidate {
            person_id: p.id,
            name: p.name.clone(),
            pool,
            conflicts: found
                .iter()
                .filter(|f| f.strength == Strength::Confirmed)
                .map(|f| f.reason.clone())
                .collect(),
            potential_conflicts: potential.iter().map(|f| f.reason.clone()).collect(),
            topic_matches,
            open_load: loads.get(&p.id).copied().unwrap_or(0),
            capacity: i64::from(offer.capacity),
            available: offer.available,
            last_assigned_at: last_assigned.get(&p.id).copied(),
        };
        out.push((candidate, p, potential));
    }
    Ok(out)
}

/// Chooses and records the handling editor of a submission that has none, or flags it to
/// the editor-in-chief; writes the timeline event and the e-mails. Call inside the
/// transaction that submits (or that removed the previous editor).
pub fn assign_handling_editor(
    conn: &mut DbConnection,
    submission_id: i64,
    site: &Site,
) -> Result<Choice, EditorialError> {
    let Some(s) = submissions_store::find(conn, submission_id)? else {
        return Err(diesel::result::Error::NotFound.into());
    };
    let settings = site.settings();
    let candidates = candidates_for(conn, &s, &settings)?;
    let choice = assignment::choose(&candidates);
    let number = s.number_or_draft().to_owned();
    let collection = collections::find_collection(conn, s.collection_id)?
        .map(|c| c.title)
        .unwrap_or_default();
    let site_name = site.name();
    match &choice {
        Choice::Assigned {
            person_id,
            explanation,
        } => {
            store::assign(conn, s.id, *person_id, s.current_round, None, explanation)?;
            events::record(
                conn,
                NewEvent::new(
                    None,
                    Subject::Submission(s.id),
                    "handling_editor_assigned",
                    explanation,
                ),
            )?;
            if let Some(editor) = accounts::find_person(conn, *person_id)? {
                notify_editor(conn, &s, &editor, site)?;
            }
        }
        Choice::NobodyFree { explanation } => {
            store::flag(conn, s.id, explanation)?;
            events::record(
                conn,
                NewEvent::new(
                    None,
                    Subject::Submission(s.id),
                    "flagged_to_editor_in_chief",
                    explanation,
                ),
            )?;
            let journal_id =
                collections::find_collection(conn, s.collection_id)?.map(|c| c.journal_id);
            let chiefs = store::people_with_role(conn, Role::EditorInChief, journal_id, None)?;
            let link = format!("{}/editorial/queue", site.base_url);
            for chief in chiefs {
                // The editor-in-chief's own conflicts apply to them too.
                if is_conflicted(conn, &chief, s.id, &settings)? {
                    continue;
                }
                // One reason per line reads better in the plain-text part.
                let listed = explanation.replace("; ", ";\n");
                let email = SubmissionFlagged {
                    name: &chief.name,
                    manuscript_number: &number,
                    title: &s.title,
                    collection: &collection,
                    explanation: &listed,
                    link: &link,
                    site: &site_name,
                }
                .to_email(&chief.name, &chief.email)?;
                mail::queue(
                    conn,
                    &email,
                    Envelope {
                        thread_key: Some(&number),
                        ..Envelope::new("submission_flagged", Some(chief.id))
                    },
                )?;
            }
        }
    }
    Ok(choice)
}

/// A submission as one person may reach it: the facts the permissions module decides on,
/// and whether that person has a confirmed competing interest with it.
pub struct Access {
    pub submission: Submission,
    pub facts: SubmissionFacts,
    pub person_id: i64,
    pub roles: Vec<HeldRole>,
    pub conflicted: bool,
}

impl Access {
    /// The one question: may this person take `action` on this submission?
    pub fn may(&self, action: SubmissionAction) -> bool {
        may_on_submission(
            &SubmissionViewer {
                person_id: self.person_id,
                roles: &self.roles,
                conflicted: self.conflicted,
            },
            &self.facts,
            action,
        )
    }
}

/// Loads a submission with `person`'s access to it; `None` when there is no such submission.
/// Conflicts are computed only for someone who could otherwise have editorial access (its
/// handling editor, the journal's editor-in-chief); the submitter always counts as
/// conflicted, so an author who is also an editor never reaches their own manuscript's
/// editorial side.
pub fn access(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    settings: &Settings,
) -> QueryResult<Option<Access>> {
    access_checked(conn, person, roles, submission_id, |conn, id| {
        is_conflicted(conn, person, id, settings)
    })
}

/// [`access`] with the conflict verdict from `memo` when it is current: for pages that
/// only show. What writes checks access afresh, inside its own transaction.
pub fn access_remembered(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    settings: &Settings,
    memo: &EditorialMemo,
) -> QueryResult<Option<Access>> {
    access_checked(conn, person, roles, submission_id, |conn, id| {
        Ok(memo
            .verdicts
            .conflicted_among(conn, person, &[id], settings)?
            .contains(&id))
    })
}

fn access_checked(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    is_conflicted: impl FnOnce(&mut DbConnection, i64) -> QueryResult<bool>,
) -> QueryResult<Option<Access>> {
    let Some(s) = submissions_store::find(conn, submission_id)? else {
        return Ok(None);
    };
    let facts = crate::db::submissions::facts_of(conn, &s)?;
    let could_edit = s.handling_editor_id == Some(person.id)
        || facts.appeal_hearer_id == Some(person.id)
        || roles
            .iter()
            .any(|r| r.role == Role::EditorInChief && r.journal_id == Some(facts.journal_id));
    let conflicted = person.id == s.submitter_id || (could_edit && is_conflicted(conn, s.id)?);
    Ok(Some(Access {
        submission: s,
        facts,
        person_id: person.id,
        roles: roles.to_vec(),
        conflicted,
    }))
}

/// The submission with `person`'s access to it, only when they may take `action` on it:
/// `None` for "no such submission" and "not for you" alike (both answer 404).
pub fn access_for(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    settings: &Settings,
    action: SubmissionAction,
) -> QueryResult<Option<Access>> {
    Ok(access(conn, person, roles, submission_id, settings)?.filter(|a| a.may(action)))
}

/// [`access_for`] for a write, inside its transaction: the submission is held first
/// (`guard::lock_submission`), so what is checked cannot change before the write, and a
/// second press waits for the first and then reads what it wrote.
pub fn held_access_for(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    settings: &Settings,
    action: SubmissionAction,
) -> QueryResult<Option<Access>> {
    guard::lock_submission(conn, submission_id)?;
    access_for(conn, person, roles, submission_id, settings, action)
}

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
}

impl Default for QueuePages {
    fn default() -> Self {
        QueuePages {
            handling: 1,
            needs_editor: 1,
            open: 1,
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
    pub is_chief: bool,
}

/// What the lists decide on, per submission, before anything is shown.
struct Listed {
    id: i64,
    facts: SubmissionFacts,
}

/// Which submissions a person's lists hold, in order, before paging: what `memo`
/// remembers between requests.
#[derive(Debug, Default)]
pub struct ListIds {
    handling: Vec<i64>,
    needs_editor: Vec<i64>,
    open: Vec<i64>,
    is_chief: bool,
}

/// What the editorial pages remember between requests ([`crate::workflow::memo`]): conflict
/// verdicts, each person's lists, each submission's handling-editor candidates. One per
/// process ([`crate::web::AppState`]).
#[derive(Default)]
pub struct EditorialMemo {
    pub verdicts: crate::workflow::memo::ConflictVerdicts,
    lists: crate::workflow::memo::Remembered<(i64, Vec<HeldRole>), ListIds>,
    candidates: crate::workflow::memo::Remembered<i64, Vec<CandidateView>>,
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
    let chief_sees: Vec<i64> = needs_ids.iter().chain(&open_ids).copied().collect();
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
        is_chief: ids.is_chief,
    })
}

/// Every submission in a person's lists, in a fixed number of queries whatever their
/// number: the candidates (ids and the facts permissions need), then the conflict check for
/// all of them at once. Every candidate is checked, not only a shown page, because the
/// counts and the page boundaries must leave out what the viewer is conflicted with.
fn list_ids(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    settings: &Settings,
    memo: &EditorialMemo,
) -> QueryResult<ListIds> {
    use crate::db::schema::{collections as c, submissions as s};
    use crate::domain::submission_state::SubmissionState;
    let chief_of: Vec<i64> = roles
        .iter()
        .filter(|r| r.role == Role::EditorInChief)
        .filter_map(|r| r.journal_id)
        .collect();
    // Drafts are the author's alone; final states need no editorial work. The state module
    // says which are final, so a new final state leaves the lists without a change here.
    let hidden: Vec<&str> = SubmissionState::ALL
        .into_iter()
        .filter(|st| *st == SubmissionState::Draft || st.is_final())
        .map(SubmissionState::as_str)
        .collect();
    let mine = s::handling_editor_id.eq(person.id).nullable();
    let theirs = c::journal_id.eq_any(&chief_of).nullable();
    let rows: Vec<(i64, i64, Option<i64>, String, i64)> = s::table
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
        ))
        .load(conn)?;
    let candidates: Vec<Listed> = rows
        .into_iter()
        .map(
            |(id, submitter_id, handling_editor_id, state, journal_id)| Listed {
                id,
                facts: SubmissionFacts {
                    submitter_id,
                    handling_editor_id,
                    state: state.parse().unwrap_or(SubmissionState::Draft),
                    journal_id,
                    // The lists are what one handles or oversees as editor-in-chief; appeals
                    // to hear are on the hearer's dashboard.
                    appeal_hearer_id: None,
                },
            },
        )
        .collect();

    let ids: Vec<i64> = candidates
        .iter()
        .filter(|x| x.facts.submitter_id != person.id)
        .map(|x| x.id)
        .collect();
    let conflicted_with = memo
        .verdicts
        .conflicted_among(conn, person, &ids, settings)?;

    let mut handling = Vec::new();
    let mut needs_editor = Vec::new();
    let mut open = Vec::new();
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
            handling.push(x.id);
        }
        if may_on_submission(&viewer_on, &x.facts, SubmissionAction::ManageAssignment) {
            if x.facts.handling_editor_id.is_none() && x.facts.state.is_active() {
                needs_editor.push(x.id);
            } else {
                open.push(x.id);
            }
        }
    }

    Ok(ListIds {
        handling,
        needs_editor,
        open,
        is_chief: !chief_of.is_empty(),
    })
}

/// id, number, title, state, collection, handling editor, flag, submitted at.
type LineRow = (
    i64,
    Option<String>,
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<chrono::NaiveDateTime>,
);

/// The lines for the shown submissions, in one query per table. The reasons for the
/// assignment and the flag are filled in for `chief_sees` only.
fn queue_lines(
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
            |(id, number, title, state, collection, editor, flagged, submitted_at)| {
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
                    },
                )
            },
        )
        .collect())
}

/// The outcome of "I have a competing interest".
#[derive(Debug)]
pub enum StepDown {
    /// Recorded; the new editor's name, or `None` when it is now flagged.
    Done {
        replaced_by: Option<String>,
    },
    /// They had already declared it (a second press): nothing more to do.
    AlreadyDone,
    Invalid(crate::domain::FormErrors),
    NotFound,
}

/// The handling editor declares a competing interest: it is recorded, they stop handling
/// the submission (and lose access to it), and a new editor is chosen the usual way, all in
/// one transaction.
pub fn editor_declares_conflict(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    reason: &str,
    site: &Site,
) -> Result<StepDown, EditorialError> {
    let settings = site.settings();
    crate::db::write_transaction(conn, |conn| {
        guard::lock_submission(conn, submission_id)?;
        let allowed = access(conn, person, roles, submission_id, &settings)?
            .is_some_and(|a| a.may(SubmissionAction::DeclareConflict));
        if !allowed {
            // A second press: they declared it and no longer handle it. Only they are told
            // so; for anyone else it does not exist.
            return Ok(
                if store::has_declared_conflict(conn, submission_id, person.id)? {
                    StepDown::AlreadyDone
                } else {
                    StepDown::NotFound
                },
            );
        }
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 2000 {
            let mut e = crate::domain::FormErrors::new();
            e.add(
                "reason",
                "Say briefly what the competing interest is (it is recorded for the editor-in-chief), in under 2,000 characters.",
            );
            return Ok(StepDown::Invalid(e));
        }
        store::declare_conflict(conn, submission_id, person.id, reason)?;
        store::end_assignment(conn, submission_id, "declared a competing interest")?;
        events::record(
            conn,
            NewEvent::new(
                Some(person.id),
                Subject::Submission(submission_id),
                "handling_editor_declared_conflict",
                &format!("{} declared a competing interest: {reason}", person.name),
            ),
        )?;
        let replaced_by = match assign_handling_editor(conn, submission_id, site)? {
            Choice::Assigned { person_id, .. } => {
                accounts::find_person(conn, person_id)?.map(|p| p.name)
            }
            Choice::NobodyFree { .. } => None,
        };
        Ok(StepDown::Done { replaced_by })
    })
}

/// A possible editor as the editor-in-chief sees them on a submission: every finding with
/// its key (to rule on potential ones), their load, and whether they can be chosen.
pub struct CandidateView {
    pub candidate: Candidate,
    pub email: String,
    pub potential: Vec<Finding>,
}

/// The candidates for a submission with their potential findings, for the editor-in-chief,
/// from `memo` while nothing they depend on has changed. (Assigning checks afresh.)
pub fn candidate_views(
    conn: &mut DbConnection,
    s: &Submission,
    settings: &Settings,
    memo: &EditorialMemo,
) -> QueryResult<std::sync::Arc<Vec<CandidateView>>> {
    memo.candidates
        .get_or_compute(conn, &s.id, settings, |conn| {
            Ok(candidates_with_findings(conn, s, settings)?
                .into_iter()
                .map(|(candidate, p, potential)| CandidateView {
                    candidate,
                    email: p.email,
                    potential,
                })
                .collect())
        })
}

/// The editor-in-chief's choice of editor, as her form sent it.
#[derive(Debug, Clone, Copy)]
pub struct EditorChoice<'a> {
    pub editor_id: i64,
    pub reason: &'a str,
    /// The handling editor shown when the form was read (`Some(None)`: none); `None` when
    /// the form did not say, and then no staleness is checked.
    pub read_with: Option<Option<i64>>,
}

/// The outcome of the editor-in-chief's choice of editor.
#[derive(Debug)]
pub enum Reassignment {
    Assigned {
        editor: String,
    },
    /// The chosen person has a confirmed conflict (perhaps declared a moment ago): nothing
    /// changed, or, when the submission had no editor, the system chose another.
    Refused {
        message: String,
        instead: Option<String>,
    },
    Invalid(crate::domain::FormErrors),
    /// The form was read when another editor (or none) handled it: someone changed it
    /// meanwhile. Nothing changed; `current` is who handles it now.
    Stale {
        current: Option<String>,
    },
    NotFound,
}

/// The editor-in-chief assigns `editor_id` with a reason. The conflict check runs again
/// inside this transaction: a conflict declared after the page was shown still refuses it.
/// `read_with` is the handling editor the form was read with (`Some(None)`: none); when
/// someone else has changed it since, nothing changes ([`Reassignment::Stale`]). Assigning
/// the editor who already handles it changes nothing and says so, so a double click has
/// one effect.
pub fn reassign(
    conn: &mut DbConnection,
    chief: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    choice: &EditorChoice<'_>,
    site: &Site,
) -> Result<Reassignment, EditorialError> {
    let settings = site.settings();
    let EditorChoice {
        editor_id,
        reason,
        read_with,
    } = *choice;
    crate::db::write_transaction(conn, |conn| {
        guard::lock_submission(conn, submission_id)?;
        let Some(a) = access(conn, chief, roles, submission_id, &settings)? else {
            return Ok(Reassignment::NotFound);
        };
        if !a.may(SubmissionAction::ManageAssignment) {
            return Ok(Reassignment::NotFound);
        }
        let s = a.submission;
        let name_of = |conn: &mut DbConnection, id: Option<i64>| match id {
            Some(id) => accounts::find_person(conn, id).map(|p| p.map(|p| p.name)),
            None => Ok(None),
        };
        // A second press of the same button: already done, nothing more to do.
        if s.handling_editor_id == Some(editor_id) {
            return Ok(Reassignment::Assigned {
                editor: name_of(conn, Some(editor_id))?.unwrap_or_default(),
            });
        }
        if read_with.is_some_and(|read| read != s.handling_editor_id) {
            return Ok(Reassignment::Stale {
                current: name_of(conn, s.handling_editor_id)?,
            });
        }
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 2000 {
            let mut e = crate::domain::FormErrors::new();
            e.add(
                "reason",
                "Give the reason for this assignment (it is recorded), in under 2,000 characters.",
            );
            return Ok(Reassignment::Invalid(e));
        }
        let candidates = candidates_for(conn, &s, &settings)?;
        let Some(c) = candidates.iter().find(|c| c.person_id == editor_id) else {
            return Ok(Reassignment::NotFound);
        };
        if !c.conflicts.is_empty() {
            let message = format!(
                "{} cannot handle this submission: {}. Nothing was changed.",
                c.name,
                c.conflicts.join("; ")
            );
            let instead = if s.handling_editor_id.is_none() {
                match assign_handling_editor(conn, s.id, site)? {
                    Choice::Assigned { person_id, .. } => {
                        accounts::find_person(conn, person_id)?.map(|p| p.name)
                    }
                    Choice::NobodyFree { .. } => None,
                }
            } else {
                None
            };
            return Ok(Reassignment::Refused { message, instead });
        }
        let explanation = format!("Assigned by {} (editor-in-chief): {reason}", chief.name);
        store::end_assignment(
            conn,
            s.id,
            &format!("reassigned by the editor-in-chief: {reason}"),
        )?;
        store::assign(
            conn,
            s.id,
            editor_id,
            s.current_round,
            Some(chief.id),
            &explanation,
        )?;
        events::record(
            conn,
            NewEvent::new(
                Some(chief.id),
                Subject::Submission(s.id),
                "handling_editor_assigned",
                &explanation,
            ),
        )?;
        if let Some(editor) = accounts::find_person(conn, editor_id)? {
            notify_editor(conn, &s, &editor, site)?;
        }
        Ok(Reassignment::Assigned {
            editor: c.name.clone(),
        })
    })
}

/// Tells an editor they now handle `s`.
fn notify_editor(
    conn: &mut DbConnection,
    s: &Submission,
    editor: &Person,
    site: &Site,
) -> Result<(), EditorialError> {
    let number = s.number_or_draft().to_owned();
    let collection = collections::find_collection(conn, s.collection_id)?
        .map(|c| c.title)
        .unwrap_or_default();
    let link = format!("{}/editorial/submissions/{}", site.base_url, s.id);
    let email = HandlingEditorAssigned {
        name: &editor.name,
        manuscript_number: &number,
        title: &s.title,
        collection: &collection,
        link: &link,
        site: &site.name(),
    }
    .to_email(&editor.name, &editor.email)?;
    mail::queue(
        conn,
        &email,
        Envelope {
            thread_key: Some(&number),
            ..Envelope::new("handling_editor_assigned", Some(editor.id))
        },
    )?;
    Ok(())
}

/// The editor-in-chief rules on a potential conflict: confirmed (it then blocks; a handling
/// editor it concerns is replaced at once) or not a conflict. Recorded with who and why.
pub struct RulingRequest<'a> {
    pub person_id: i64,
    pub finding_key: &'a str,
    /// [`CONFIRMED`] or [`NOT_A_CONFLICT`].
    pub ruling: &'a str,
    pub reason: &'a str,
}

pub fn rule_on_conflict(
    conn: &mut DbConnection,
    chief: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    req: &RulingRequest<'_>,
    site: &Site,
) -> Result<Reassignment, EditorialError> {
    let settings = site.settings();
    let (person_id, finding_key, ruling, reason) =
        (req.person_id, req.finding_key, req.ruling, req.reason);
    crate::db::write_transaction(conn, |conn| {
        // Held: two rulings at once (two tabs) must not leave two rows for one finding.
        guard::lock_submission(conn, submission_id)?;
        let Some(a) = access(conn, chief, roles, submission_id, &settings)? else {
            return Ok(Reassignment::NotFound);
        };
        if !a.may(SubmissionAction::ManageAssignment)
            || ![CONFIRMED, NOT_A_CONFLICT].contains(&ruling)
        {
            return Ok(Reassignment::NotFound);
        }
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 2000 {
            let mut e = crate::domain::FormErrors::new();
            e.add(
                "ruling_reason",
                "Give the reason for your ruling (it is recorded), in under 2,000 characters.",
            );
            return Ok(Reassignment::Invalid(e));
        }
        let Some(person) = accounts::find_person(conn, person_id)? else {
            return Ok(Reassignment::NotFound);
        };
        let known = conflicts_of(conn, &person, submission_id, &settings)?
            .into_iter()
            .chain(
                // A ruling already made can be changed: look at the raw findings too.
                findings_prepared(
                    &PreparedPerson::new(&profiles::profile_of(conn, &person)?),
                    &PreparedSubmission::new(&profiles::parties_of(conn, submission_id)?),
                    &settings,
                ),
            )
            .any(|f| f.key == finding_key && f.strength == Strength::Potential);
        if !known {
            return Ok(Reassignment::NotFound);
        }
        store::rule_on(
            conn,
            submission_id,
            person_id,
            finding_key,
            ruling,
            reason,
            chief.id,
        )?;
        let verdict = if ruling == CONFIRMED {
            "confirmed a conflict"
        } else {
            "ruled not a conflict"
        };
        events::record(
            conn,
            NewEvent::new(
                Some(chief.id),
                Subject::Submission(submission_id),
                "conflict_ruling",
                &format!("{} {verdict} for {}: {reason}", chief.name, person.name),
            ),
        )?;
        let s = a.submission;
        if ruling == CONFIRMED && s.handling_editor_id == Some(person_id) {
            store::end_assignment(
                conn,
                s.id,
                "a conflict was confirmed by the editor-in-chief",
            )?;
            let instead = match assign_handling_editor(conn, s.id, site)? {
                Choice::Assigned { person_id, .. } => {
                    accounts::find_person(conn, person_id)?.map(|p| p.name)
                }
                Choice::NobodyFree { .. } => None,
            };
            return Ok(Reassignment::Refused {
                message: format!(
                    "The conflict is confirmed; {} no longer handles this submission.",
                    person.name
                ),
                instead,
            });
        }
        Ok(Reassignment::Assigned {
            editor: person.name,
        })
    })
}
