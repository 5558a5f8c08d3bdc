//! Backup reviewers (issue 28 part 3): the editor's ordered list for a submission, and the
//! next one invited automatically when an invitation is declined or expires unanswered —
//! checked for conflicts and identity at that moment by `invite`, never more live
//! invitations than the editor wants, never the same person twice.

use diesel::QueryResult;

use crate::config::Site;
use crate::db::accounts::{self, Person};
use crate::db::backups::{self as store, Backup};
use crate::db::collections::find_collection;
use crate::db::reviews as invitations;
use crate::db::submissions::Submission;
use crate::db::{DbConnection, write_transaction};
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::domain::review::InvitationStatus;
use crate::domain::{EmailAddress, FormErrors};
use crate::workflow::editorial::Asker;
use crate::workflow::step;

use super::Result;
use super::inviting::{InviteForm, InviteOutcome, default_due_on, invite};
use super::search::{Judge, person_by_address};

/// The backup form: a name and an address.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct BackupForm {
    #[serde(default)]
    pub backup_name: String,
    #[serde(default)]
    pub backup_email: String,
}

#[derive(Debug)]
pub enum BackupOutcome {
    Done(String),
    /// The form is wrong, or the person cannot review this submission: nothing written.
    Invalid(FormErrors),
    NotFound,
}

/// How many reviewers the editor wants at once for `submission_id`: the number set for it,
/// or its collection's (`DeadlineSettings::reviewers_wanted`).
pub fn wanted(conn: &mut DbConnection, submission_id: i64) -> QueryResult<i32> {
    match store::wanted(conn, submission_id)? {
        Some(n) => Ok(n),
        None => Ok(
            crate::db::deadlines::settings_by_submission(conn, &[submission_id])?
                .remove(&submission_id)
                .unwrap_or_default()
                .reviewers_wanted,
        ),
    }
}

/// The editor adds a backup at the end of the list, checked for conflicts now (and again
/// when it is their turn).
pub fn add_backup(
    conn: &mut DbConnection,
    (editor, roles): (&Person, &[HeldRole]),
    submission_id: i64,
    form: &BackupForm,
    site: &Site,
) -> Result<BackupOutcome> {
    write_transaction(conn, |conn| -> Result<BackupOutcome> {
        let asker = Asker::new(editor, roles, site);
        let Some(a) =
            asker.held_access_for(conn, submission_id, SubmissionAction::ManageReviewers)?
        else {
            return Ok(BackupOutcome::NotFound);
        };
        let s = a.submission;
        let mut errors = FormErrors::new();
        let name = form
            .backup_name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if name.is_empty() || name.chars().count() > 200 {
            errors.add(
                "backup_name",
                "Enter the backup reviewer's name (under 200 characters).",
            );
        }
        let email = match EmailAddress::parse(&form.backup_email) {
            Ok(e) => e.as_str().to_owned(),
            Err(message) => {
                errors.add("backup_email", message);
                String::new()
            }
        };
        if !errors.is_empty() {
            return Ok(BackupOutcome::Invalid(errors));
        }
        let person = person_by_address(conn, &email)?;
        let c = Judge::new(conn, &s, site)?.candidate(conn, person.as_ref(), &name, &email)?;
        if !c.blocks.is_empty() {
            errors.add(
                "backup_email",
                format!(
                    "{} cannot review this submission: {}.",
                    c.name,
                    c.blocks.join("; ")
                ),
            );
            return Ok(BackupOutcome::Invalid(errors));
        }
        if !store::add(conn, s.id, &c.name, &c.email, editor.id)? {
            errors.add(
                "backup_email",
                format!("{} is on the list already.", c.email),
            );
            return Ok(BackupOutcome::Invalid(errors));
        }
        step::on_timeline(
            conn,
            Some(editor.id),
            s.id,
            "backup_reviewer_added",
            &format!("{} ({}) named as a backup reviewer", c.name, c.email),
        )?;
        Ok(BackupOutcome::Done(format!(
            "{} is on the list of backup reviewers.",
            c.name
        )))
    })
}

/// What the editor does to one backup, or to the number wanted.
#[derive(Debug, Clone, Copy)]
pub enum BackupChange {
    Remove(i64),
    MoveUp(i64),
    Wanted(i32),
}

/// Removes or moves a waiting backup, or sets the number of reviewers wanted.
pub fn change_backups(
    conn: &mut DbConnection,
    (editor, roles): (&Person, &[HeldRole]),
    submission_id: i64,
    change: BackupChange,
    site: &Site,
) -> Result<BackupOutcome> {
    write_transaction(conn, |conn| -> Result<BackupOutcome> {
        let asker = Asker::new(editor, roles, site);
        let Some(a) =
            asker.held_access_for(conn, submission_id, SubmissionAction::ManageReviewers)?
        else {
            return Ok(BackupOutcome::NotFound);
        };
        let id = a.submission.id;
        let told = match change {
            BackupChange::Remove(b) => {
                store::remove(conn, id, b)?;
                "The backup reviewer is off the list.".to_owned()
            }
            BackupChange::MoveUp(b) => {
                store::move_up(conn, id, b)?;
                "The backup reviewers are in their new order.".to_owned()
            }
            BackupChange::Wanted(n) if (1..=20).contains(&n) => {
                store::set_wanted(conn, id, n)?;
                step::on_timeline(
                    conn,
                    Some(editor.id),
                    id,
                    "reviewers_wanted",
                    &format!("Reviewers wanted at once: {n}"),
                )?;
                format!("Reviewers wanted: {n}.")
            }
            BackupChange::Wanted(_) => {
                let mut errors = FormErrors::new();
                errors.add("wanted", "Give a number of reviewers from 1 to 20.");
                return Ok(BackupOutcome::Invalid(errors));
            }
        };
        Ok(BackupOutcome::Done(told))
    })
}

/// Invitations of the current round that are live or taken on: what "wanted" counts.
fn live_in_round(conn: &mut DbConnection, s: &Submission) -> QueryResult<i32> {
    Ok(invitations::of_submission(conn, s.id)?
        .iter()
        .filter(|i| i.round == s.current_round)
        .filter(|i| {
            let st = i.status();
            st == InvitationStatus::Invited || st.is_taken_on()
        })
        .count() as i32)
}

/// Invites waiting backups, in order, while fewer reviewers are live than wanted. Each is
/// settled once (invited or skipped with why) and recorded in the timeline. Call inside
/// the transaction of the decline or expiry that freed the place.
pub fn invite_next_backup(conn: &mut DbConnection, s: &Submission, site: &Site) -> Result<()> {
    let wanted = wanted(conn, s.id)?;
    for b in store::of_submission(conn, s.id)?
        .into_iter()
        .filter(Backup::is_waiting)
    {
        if live_in_round(conn, s)? >= wanted {
            break;
        }
        let Some(editor) =
            step::handling_editor(conn, s)?.or(accounts::find_person(conn, b.added_by)?)
        else {
            break;
        };
        match invite_backup(conn, s, &editor, &b, site)? {
            Some(outcome) => settle(conn, s, &editor, &b, outcome)?,
            // The editor may no longer invite for this submission: the list waits for one
            // who may.
            None => break,
        }
    }
    Ok(())
}

/// Invites one backup as their editor; `None` when the editor may not; otherwise whether
/// they were invited, or why not.
fn invite_backup(
    conn: &mut DbConnection,
    s: &Submission,
    editor: &Person,
    b: &Backup,
    site: &Site,
) -> Result<Option<std::result::Result<(), String>>> {
    // Never the same person twice in a round, whatever became of the first invitation.
    if let Some(p) = person_by_address(conn, &b.email)? {
        let asked = invitations::of_submission(conn, s.id)?
            .iter()
            .any(|i| i.round == s.current_round && i.reviewer_id == p.id);
        if asked {
            return Ok(Some(Err(format!(
                "{} was asked in this round already",
                b.name
            ))));
        }
    }
    let roles = crate::db::roles::held_roles(conn, editor.id)?;
    let c = find_collection(conn, s.collection_id)?.ok_or(diesel::result::Error::NotFound)?;
    let form = InviteForm {
        name: b.name.clone(),
        email: b.email.clone(),
        due_on: default_due_on(&c).format("%Y-%m-%d").to_string(),
        found_by: "typed".into(),
        ..InviteForm::default()
    };
    Ok(match invite(conn, editor, &roles, s.id, &form, site)? {
        InviteOutcome::Invited { .. } => Some(Ok(())),
        InviteOutcome::Refused(why) | InviteOutcome::AlreadyInvited(why) => Some(Err(why)),
        InviteOutcome::Invalid(errors) => Some(Err(errors
            .all()
            .iter()
            .map(|(_, m)| m.as_str())
            .collect::<Vec<_>>()
            .join(" "))),
        InviteOutcome::NotFound => None,
    })
}

/// Records what became of a backup's turn, in the list and the timeline.
fn settle(
    conn: &mut DbConnection,
    s: &Submission,
    editor: &Person,
    b: &Backup,
    outcome: std::result::Result<(), String>,
) -> Result<()> {
    let (state, note, kind, line) = match outcome {
        Ok(()) => (
            "invited",
            String::new(),
            "backup_reviewer_invited",
            format!(
                "{} ({}) invited automatically as the next backup reviewer",
                b.name, b.email
            ),
        ),
        Err(why) => (
            "skipped",
            why.clone(),
            "backup_reviewer_skipped",
            format!("Backup reviewer {} ({}) skipped: {why}", b.name, b.email),
        ),
    };
    store::settle(conn, b.id, state, &note)?;
    step::on_timeline(conn, Some(editor.id), s.id, kind, &line)?;
    Ok(())
}

/// Ends the unanswered invitations that have expired under their collection's reminder
/// schedule, for submissions with a backup reviewer waiting, and invites the next backup in
/// the same transaction. Run by the mail worker with the reminders; returns how many expired.
pub fn expire_unanswered(
    conn: &mut DbConnection,
    at: chrono::NaiveDateTime,
    site_schedule: &crate::domain::review::ReminderSchedule,
    site: &Site,
) -> Result<usize> {
    let mut expired = 0;
    let waiting: std::collections::HashSet<i64> =
        store::submissions_with_waiting(conn)?.into_iter().collect();
    if waiting.is_empty() {
        return Ok(0);
    }
    let live: Vec<_> = invitations::live(conn)?
        .into_iter()
        .filter(|i| i.status() == InvitationStatus::Invited && waiting.contains(&i.submission_id))
        .collect();
    let ids: Vec<i64> = waiting.into_iter().collect();
    let settings = crate::db::deadlines::settings_by_submission(conn, &ids)?;
    for candidate in live {
        let schedule = settings
            .get(&candidate.submission_id)
            .map_or(site_schedule, |s| s.review_schedule(site_schedule));
        if schedule.unanswered_expires_at(candidate.invited_at) > at {
            continue;
        }
        if write_transaction(conn, |conn| expire_one(conn, candidate.id, site))? {
            expired += 1;
        }
    }
    Ok(expired)
}

/// Ends one unanswered invitation as expired (read again inside the transaction), tells the
/// reviewer, and invites the next backup. `false` when it had been answered meanwhile.
fn expire_one(conn: &mut DbConnection, invitation_id: i64, site: &Site) -> Result<bool> {
    use crate::mail::messages::InvitationCancelled;
    let Some(inv) = invitations::find(conn, invitation_id)? else {
        return Ok(false);
    };
    let Some(s) = crate::db::submissions::find(conn, inv.submission_id)? else {
        return Ok(false);
    };
    let why = "It was not answered in time, so another reviewer has been asked.";
    if inv.status() != InvitationStatus::Invited || !invitations::cancel(conn, inv.id, why)? {
        return Ok(false);
    }
    invitations::withdraw_unsent_reminders(conn, inv.id)?;
    let reviewer =
        accounts::find_person(conn, inv.reviewer_id)?.ok_or(diesel::result::Error::NotFound)?;
    step::on_timeline(
        conn,
        None,
        s.id,
        "review_invitation_expired",
        &format!("{}'s invitation expired unanswered", reviewer.name),
    )?;
    let editor = step::handling_editor(conn, &s)?
        .map(|p| p.name)
        .unwrap_or_else(|| "The editor".into());
    let number = s.number_or_draft();
    let message = InvitationCancelled {
        name: &reviewer.name,
        manuscript_number: number,
        title: &s.title,
        editor: &editor,
        reason: why,
        site: &site.name(),
    };
    step::About::manuscript(number).send(
        conn,
        "review_invitation_cancelled",
        &reviewer,
        &message,
    )?;
    invite_next_backup(conn, &s, site)?;
    super::all_in::all_reviews_in_if_due(conn, &s, inv.round, site)?;
    Ok(true)
}
