//! The choice of handling editor: the candidates with everything the choice depends on,
//! the assignment (or the flag to the editor-in-chief), and the editor told.

use diesel::QueryResult;

use crate::config::Site;
use crate::db::DbConnection;
use crate::db::accounts::{self, Person};
use crate::db::collections;
use crate::db::editorial as store;
use crate::db::profiles;
use crate::db::submissions::{self as submissions_store, Submission};
use crate::domain::Role;
use crate::domain::assignment::{self, Candidate, Choice, Pool};
use crate::domain::conflicts::{
    Finding, PreparedPerson, PreparedSubmission, Settings, Strength, findings_prepared,
};
use crate::mail::messages::{HandlingEditorAssigned, SubmissionFlagged};
use crate::workflow::conflict::{apply_rulings, is_conflicted};
use crate::workflow::step::{self, About};

use super::{EditorialError, EditorialMemo};

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
pub(super) fn candidates_with_findings(
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
    match &choice {
        Choice::Assigned {
            person_id,
            explanation,
        } => record_assignment(conn, &s, *person_id, None, explanation, site)?,
        Choice::NobodyFree { explanation } => {
            store::flag(conn, s.id, explanation)?;
            step::on_timeline(conn, None, s.id, "flagged_to_editor_in_chief", explanation)?;
            tell_chiefs_of_flag(conn, &s, explanation, &settings, site)?;
        }
    }
    Ok(choice)
}

/// Records `editor_id` as the handling editor of `s` (chosen by `assigned_by`, or by the
/// rules when `None`) with the explanation, on the timeline too, and tells them.
pub(super) fn record_assignment(
    conn: &mut DbConnection,
    s: &Submission,
    editor_id: i64,
    assigned_by: Option<i64>,
    explanation: &str,
    site: &Site,
) -> Result<(), EditorialError> {
    store::assign(
        conn,
        s.id,
        editor_id,
        s.current_round,
        assigned_by,
        explanation,
    )?;
    step::on_timeline(
        conn,
        assigned_by,
        s.id,
        "handling_editor_assigned",
        explanation,
    )?;
    if let Some(editor) = accounts::find_person(conn, editor_id)? {
        notify_editor(conn, s, &editor, site)?;
    }
    Ok(())
}

/// Chooses a new handling editor the usual way; their name, or `None` when nobody was free
/// and the submission is flagged to the editor-in-chief instead.
pub(super) fn assign_another(
    conn: &mut DbConnection,
    submission_id: i64,
    site: &Site,
) -> Result<Option<String>, EditorialError> {
    Ok(match assign_handling_editor(conn, submission_id, site)? {
        Choice::Assigned { person_id, .. } => {
            accounts::find_person(conn, person_id)?.map(|p| p.name)
        }
        Choice::NobodyFree { .. } => None,
    })
}

/// Every editor-in-chief of the journal (but those conflicted with it) hears that nobody
/// could be assigned, and why.
fn tell_chiefs_of_flag(
    conn: &mut DbConnection,
    s: &Submission,
    explanation: &str,
    settings: &Settings,
    site: &Site,
) -> Result<(), EditorialError> {
    let collection = collections::find_collection(conn, s.collection_id)?;
    let title = collection
        .as_ref()
        .map(|c| c.title.clone())
        .unwrap_or_default();
    let journal_id = collection.map(|c| c.journal_id);
    let chiefs = store::people_with_role(conn, Role::EditorInChief, journal_id, None)?;
    let link = format!("{}/editorial/queue", site.base_url);
    let number = s.number_or_draft();
    for chief in chiefs {
        // The editor-in-chief's own conflicts apply to them too.
        if is_conflicted(conn, &chief, s.id, settings)? {
            continue;
        }
        // One reason per line reads better in the plain-text part.
        let listed = explanation.replace("; ", ";\n");
        let message = SubmissionFlagged {
            name: &chief.name,
            manuscript_number: number,
            title: &s.title,
            collection: &title,
            explanation: &listed,
            link: &link,
            site: &site.name(),
        };
        About::manuscript(number).send(conn, "submission_flagged", &chief, &message)?;
    }
    Ok(())
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

/// Tells an editor they now handle `s`.
pub(super) fn notify_editor(
    conn: &mut DbConnection,
    s: &Submission,
    editor: &Person,
    site: &Site,
) -> Result<(), EditorialError> {
    let collection = collections::find_collection(conn, s.collection_id)?
        .map(|c| c.title)
        .unwrap_or_default();
    let number = s.number_or_draft();
    let message = HandlingEditorAssigned {
        name: &editor.name,
        manuscript_number: number,
        title: &s.title,
        collection: &collection,
        link: &step::editorial_link(site, s.id),
        site: &site.name(),
    };
    About::manuscript(number).send(conn, "handling_editor_assigned", editor, &message)?;
    Ok(())
}
