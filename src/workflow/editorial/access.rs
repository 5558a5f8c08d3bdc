//! Who may open a submission: the facts the permissions module decides on, with the
//! person's confirmed conflicts (the submitter always counts as conflicted).

use diesel::QueryResult;

use crate::config::Site;
use crate::db::DbConnection;
use crate::db::accounts::Person;
use crate::db::guard;
use crate::db::submissions as submissions_store;
use crate::db::submissions::Submission;
use crate::domain::Role;
use crate::domain::conflicts::Settings;
use crate::domain::permissions::{
    HeldRole, SubmissionAction, SubmissionFacts, SubmissionViewer, may_on_submission,
};
use crate::workflow::conflict::is_conflicted;

use super::EditorialMemo;

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
    // A guest editor of the collection may confirm a recommended decision (issue 28 part 4):
    // their conflicts are asked too, or a conflicted one would read the reviews.
    let could_confirm = facts.state
        == crate::domain::submission_state::SubmissionState::DecisionPending
        && roles
            .iter()
            .any(|r| r.role == Role::GuestEditor && r.collection_id == Some(facts.collection_id));
    let could_edit = s.handling_editor_id == Some(person.id)
        || facts.appeal_hearer_id == Some(person.id)
        || could_confirm
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

/// Someone asking to act on submissions, with what the access rules need of them: the
/// person, their roles, and today's conflict settings.
pub struct Asker<'a> {
    pub person: &'a Person,
    pub roles: &'a [HeldRole],
    pub settings: Settings,
}

impl<'a> Asker<'a> {
    pub fn new(person: &'a Person, roles: &'a [HeldRole], site: &Site) -> Self {
        Asker {
            person,
            roles,
            settings: site.settings(),
        }
    }

    /// [`access_for`]: the submission when they may take `action` on it, else `None`.
    pub fn access_for(
        &self,
        conn: &mut DbConnection,
        submission_id: i64,
        action: SubmissionAction,
    ) -> QueryResult<Option<Access>> {
        access_for(
            conn,
            self.person,
            self.roles,
            submission_id,
            &self.settings,
            action,
        )
    }

    /// [`Asker::access_for`] for a write, inside its transaction: the submission is held
    /// first (`guard::lock_submission`), so what is checked cannot change before the write,
    /// and a second press waits for the first and then reads what it wrote.
    pub fn held_access_for(
        &self,
        conn: &mut DbConnection,
        submission_id: i64,
        action: SubmissionAction,
    ) -> QueryResult<Option<Access>> {
        guard::lock_submission(conn, submission_id)?;
        self.access_for(conn, submission_id, action)
    }
}

/// The collection, when `roles` may edit it (`Action::EditCollection`: its journal's
/// editor-in-chief, an administrator); `None` (a 404) otherwise. The one check behind the
/// collection's settings, letters and review form.
pub fn editable_collection(
    conn: &mut crate::db::DbConnection,
    roles: &[crate::domain::permissions::HeldRole],
    collection_id: i64,
) -> diesel::QueryResult<Option<crate::db::collections::Collection>> {
    use crate::domain::permissions::{Action, may};
    Ok(
        crate::db::collections::find_collection(conn, collection_id)?.filter(|c| {
            may(
                roles,
                Action::EditCollection {
                    journal_id: c.journal_id,
                },
            )
        }),
    )
}
