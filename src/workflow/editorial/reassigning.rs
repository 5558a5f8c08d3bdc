//! A change of handling editor: the editor's own competing interest, the editor-in-chief's
//! choice, and the editor-in-chief's rulings on potential conflicts. Each runs in one
//! transaction with the submission held, and checks the conflicts afresh inside it.

use crate::config::Site;
use crate::db::DbConnection;
use crate::db::accounts::{self, Person};
use crate::db::editorial::{self as store, CONFIRMED, NOT_A_CONFLICT};
use crate::db::profiles;
use crate::db::submissions::Submission;
use crate::domain::FormErrors;
use crate::domain::conflicts::{
    PreparedPerson, PreparedSubmission, Settings, Strength, findings_prepared,
};
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::workflow::conflict::conflicts_of;
use crate::workflow::step;

use super::EditorialError;
use super::access::Asker;
use super::assignment::{assign_another, candidates_for, record_assignment};

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
    let asker = Asker::new(person, roles, site);
    crate::db::write_transaction(conn, |conn| {
        let allowed = asker
            .held_access_for(conn, submission_id, SubmissionAction::DeclareConflict)?
            .is_some();
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
        let reason = match recorded_reason(
            reason,
            "reason",
            "Say briefly what the competing interest is (it is recorded for the editor-in-chief), in under 2,000 characters.",
        ) {
            Ok(reason) => reason,
            Err(e) => return Ok(StepDown::Invalid(e)),
        };
        store::declare_conflict(conn, submission_id, person.id, reason)?;
        store::end_assignment(conn, submission_id, "declared a competing interest")?;
        step::on_timeline(
            conn,
            Some(person.id),
            submission_id,
            "handling_editor_declared_conflict",
            &format!("{} declared a competing interest: {reason}", person.name),
        )?;
        let replaced_by = assign_another(conn, submission_id, site)?;
        Ok(StepDown::Done { replaced_by })
    })
}

/// A reason that is recorded: required, and under 2,000 characters; otherwise `message`
/// beside `field`.
fn recorded_reason<'r>(reason: &'r str, field: &str, message: &str) -> Result<&'r str, FormErrors> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        let mut e = FormErrors::new();
        e.add(field, message);
        return Err(e);
    }
    Ok(reason)
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
    let asker = Asker::new(chief, roles, site);
    crate::db::write_transaction(conn, |conn| {
        let Some(a) =
            asker.held_access_for(conn, submission_id, SubmissionAction::ManageAssignment)?
        else {
            return Ok(Reassignment::NotFound);
        };
        let s = a.submission;
        if let Some(answer) = done_or_stale(conn, &s, choice)? {
            return Ok(answer);
        }
        let reason = match recorded_reason(
            choice.reason,
            "reason",
            "Give the reason for this assignment (it is recorded), in under 2,000 characters.",
        ) {
            Ok(reason) => reason,
            Err(e) => return Ok(Reassignment::Invalid(e)),
        };
        let candidates = candidates_for(conn, &s, &asker.settings)?;
        let Some(c) = candidates.iter().find(|c| c.person_id == choice.editor_id) else {
            return Ok(Reassignment::NotFound);
        };
        if !c.conflicts.is_empty() {
            let message = format!(
                "{} cannot handle this submission: {}. Nothing was changed.",
                c.name,
                c.conflicts.join("; ")
            );
            let instead = match s.handling_editor_id {
                None => assign_another(conn, s.id, site)?,
                Some(_) => None,
            };
            return Ok(Reassignment::Refused { message, instead });
        }
        let explanation = format!("Assigned by {} (editor-in-chief): {reason}", chief.name);
        store::end_assignment(
            conn,
            s.id,
            &format!("reassigned by the editor-in-chief: {reason}"),
        )?;
        record_assignment(
            conn,
            &s,
            choice.editor_id,
            Some(chief.id),
            &explanation,
            site,
        )?;
        Ok(Reassignment::Assigned {
            editor: c.name.clone(),
        })
    })
}

/// What a choice is answered with before anything is checked further: the editor it names
/// already handles the submission (a second press, done), or the form was read when
/// another editor (or none) handled it (stale).
fn done_or_stale(
    conn: &mut DbConnection,
    s: &Submission,
    choice: &EditorChoice<'_>,
) -> diesel::QueryResult<Option<Reassignment>> {
    let name_of = |conn: &mut DbConnection, id: Option<i64>| match id {
        Some(id) => accounts::find_person(conn, id).map(|p| p.map(|p| p.name)),
        None => Ok(None),
    };
    if s.handling_editor_id == Some(choice.editor_id) {
        return Ok(Some(Reassignment::Assigned {
            editor: name_of(conn, Some(choice.editor_id))?.unwrap_or_default(),
        }));
    }
    if choice
        .read_with
        .is_some_and(|read| read != s.handling_editor_id)
    {
        return Ok(Some(Reassignment::Stale {
            current: name_of(conn, s.handling_editor_id)?,
        }));
    }
    Ok(None)
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
    let asker = Asker::new(chief, roles, site);
    crate::db::write_transaction(conn, |conn| {
        // Held: two rulings at once (two tabs) must not leave two rows for one finding.
        let Some(a) =
            asker.held_access_for(conn, submission_id, SubmissionAction::ManageAssignment)?
        else {
            return Ok(Reassignment::NotFound);
        };
        if ![CONFIRMED, NOT_A_CONFLICT].contains(&req.ruling) {
            return Ok(Reassignment::NotFound);
        }
        let reason = match recorded_reason(
            req.reason,
            "ruling_reason",
            "Give the reason for your ruling (it is recorded), in under 2,000 characters.",
        ) {
            Ok(reason) => reason,
            Err(e) => return Ok(Reassignment::Invalid(e)),
        };
        let Some(person) = accounts::find_person(conn, req.person_id)? else {
            return Ok(Reassignment::NotFound);
        };
        if !is_potential(
            conn,
            &person,
            submission_id,
            req.finding_key,
            &asker.settings,
        )? {
            return Ok(Reassignment::NotFound);
        }
        store::rule_on(
            conn,
            submission_id,
            req.person_id,
            req.finding_key,
            req.ruling,
            reason,
            chief.id,
        )?;
        let verdict = if req.ruling == CONFIRMED {
            "confirmed a conflict"
        } else {
            "ruled not a conflict"
        };
        step::on_timeline(
            conn,
            Some(chief.id),
            submission_id,
            "conflict_ruling",
            &format!("{} {verdict} for {}: {reason}", chief.name, person.name),
        )?;
        let s = a.submission;
        if req.ruling == CONFIRMED && s.handling_editor_id == Some(req.person_id) {
            return replace_confirmed(conn, &s, &person, site);
        }
        Ok(Reassignment::Assigned {
            editor: person.name,
        })
    })
}

/// A conflict confirmed for the handling editor ends their assignment at once, and another
/// editor is chosen the usual way.
fn replace_confirmed(
    conn: &mut DbConnection,
    s: &Submission,
    editor: &Person,
    site: &Site,
) -> Result<Reassignment, EditorialError> {
    store::end_assignment(
        conn,
        s.id,
        "a conflict was confirmed by the editor-in-chief",
    )?;
    let instead = assign_another(conn, s.id, site)?;
    Ok(Reassignment::Refused {
        message: format!(
            "The conflict is confirmed; {} no longer handles this submission.",
            editor.name
        ),
        instead,
    })
}

/// Whether `finding_key` names a potential finding about `person` and the submission: as
/// the rulings leave it, or as the raw rules find it (a ruling already made can be changed).
fn is_potential(
    conn: &mut DbConnection,
    person: &Person,
    submission_id: i64,
    finding_key: &str,
    settings: &Settings,
) -> diesel::QueryResult<bool> {
    let ruled = conflicts_of(conn, person, submission_id, settings)?;
    let raw = findings_prepared(
        &PreparedPerson::new(&profiles::profile_of(conn, person)?),
        &PreparedSubmission::new(&profiles::parties_of(conn, submission_id)?),
        settings,
    );
    Ok(ruled
        .into_iter()
        .chain(raw)
        .any(|f| f.key == finding_key && f.strength == Strength::Potential))
}
