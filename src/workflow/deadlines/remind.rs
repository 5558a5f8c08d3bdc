//! "Remind now": one POST from the deadlines view sends one reminder, recorded with its line
//! on the timeline and mailed through the outbox in one transaction, and at most one a
//! minute about the same thing, however often it is pressed and from however many tabs
//! (`db::guard`: the submission is held first, so a second press waits for the first and
//! then finds its reminder).

use chrono::NaiveDateTime;

use crate::config::Site;
use crate::db::accounts::{self, Person};
use crate::db::deadlines as store;
use crate::db::reviews::{self as reviews_store, ReviewInvitation};
use crate::db::rounds;
use crate::db::submissions::Submission;
use crate::db::{DbConnection, now, write_transaction};
use crate::domain::deadlines::{Awaited, days, days_between, long_date, may_remind_again};
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::domain::review::InvitationStatus;
use crate::domain::submission_state::SubmissionState;
use crate::mail::messages::EditorReminder;
use crate::workflow::editorial::Asker;
use crate::workflow::review::queue_reviewer_reminder;
use crate::workflow::step::{self, About};

use super::revision::{awaited_revision, by_hand_sentence, queue_revision_reminder};
use super::{Result, all_in_since, progress_of};

/// What "Remind now" is about.
#[derive(Debug, Clone, Copy)]
pub struct RemindRequest {
    /// `None`: a form we did not write (refused, once the person may remind at all).
    pub awaited: Option<Awaited>,
    /// The invitation, when a reviewer is awaited.
    pub invitation_id: Option<i64>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum RemindOutcome {
    /// Queued to `to`.
    Sent {
        to: String,
    },
    /// A reminder about this went to `to` less than a minute ago: nothing more was sent.
    AlreadySent {
        to: String,
    },
    /// Nothing is awaited any more, or not from someone this person may remind: why.
    Refused(String),
    NotFound,
}

/// Whom a reminder goes to, and what it says first.
enum Target {
    Reviewer(Box<ReviewInvitation>, Person),
    /// The corresponding author, by name.
    Authors(String),
    Editor {
        person: Person,
        link: String,
    },
}

/// Sends the reminder asked for, if it is still due from someone else and none went in the
/// last minute.
pub fn remind_now(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    req: RemindRequest,
    site: &Site,
) -> Result<RemindOutcome> {
    write_transaction(conn, |conn| -> Result<RemindOutcome> {
        let asker = Asker::new(person, roles, site);
        let Some(a) = asker.held_access_for(conn, submission_id, SubmissionAction::Remind)? else {
            return Ok(RemindOutcome::NotFound);
        };
        let Some(awaited) = req.awaited else {
            return Ok(RemindOutcome::Refused(
                "Choose what to remind about: press “Remind now” beside it. Nothing was sent."
                    .to_owned(),
            ));
        };
        let is_chief = a.may(SubmissionAction::ManageAssignment);
        let s = a.submission;
        let at = now();
        let asked = (awaited, req.invitation_id);
        let (target, what) = match target(conn, (&s, is_chief), person, asked, at, site)? {
            Ok(found) => found,
            Err(why) => return Ok(RemindOutcome::Refused(why)),
        };
        let invitation_id = awaited.is_reviewer().then_some(req.invitation_id).flatten();
        let last = store::last_by_hand(conn, s.id, awaited, invitation_id)?;
        let to = target_name(&target);
        if !may_remind_again(last, at) {
            return Ok(RemindOutcome::AlreadySent { to });
        }
        let Some(outbox_id) = send(conn, &s, &target, &what, person, awaited, site)? else {
            return Ok(RemindOutcome::Refused(
                "The submission lists no corresponding author to remind.".to_owned(),
            ));
        };
        store::record_by_hand(conn, s.id, (awaited, invitation_id), person.id, outbox_id)?;
        step::on_timeline(
            conn,
            Some(person.id),
            s.id,
            "reminder_sent",
            &format!("Reminder sent by hand to {to}: {what}"),
        )?;
        Ok(RemindOutcome::Sent { to })
    })
}

fn target_name(t: &Target) -> String {
    match t {
        Target::Reviewer(_, p) | Target::Editor { person: p, .. } => p.name.clone(),
        Target::Authors(name) => name.clone(),
    }
}

/// Who is awaited, and what the reminder says first; or why nobody may be reminded.
type Found = std::result::Result<(Target, String), String>;

fn nothing(what: &str) -> Result<Found> {
    Ok(Err(format!("{what} Nothing was sent.")))
}

/// Who is awaited now, and what the reminder says first; or why nobody may be reminded.
fn target(
    conn: &mut DbConnection,
    (s, is_chief): (&Submission, bool),
    person: &Person,
    asked: (Awaited, Option<i64>),
    at: NaiveDateTime,
    site: &Site,
) -> Result<Found> {
    match asked.0 {
        Awaited::Answer | Awaited::Review => reviewer_target(conn, s, asked, at),
        Awaited::Revision => match (
            awaited_revision(conn, s)?,
            step::corresponding_author(conn, s.id)?,
        ) {
            (Some(due), Some(author)) => Ok(Ok((
                Target::Authors(author.name),
                by_hand_sentence(due.deadline.due_on, at.date()),
            ))),
            (None, _) => nothing("No revised version is awaited now."),
            (_, None) => nothing("The submission lists no corresponding author to remind."),
        },
        Awaited::Decision => decision_target(conn, s, person, at, site),
        // An appeal is the editor-in-chief's office's: its handling editor, whose decision
        // it is about, does not press its hearer.
        Awaited::Appeal if !is_chief => {
            nothing("Only the editor-in-chief reminds the hearer of an appeal.")
        }
        Awaited::Appeal => appeal_target(conn, s, person, at, site),
    }
}

/// The reviewer of the invitation asked about, while it still waits for what is asked.
fn reviewer_target(
    conn: &mut DbConnection,
    s: &Submission,
    (awaited, invitation_id): (Awaited, Option<i64>),
    at: NaiveDateTime,
) -> Result<Found> {
    let today = at.date();
    let Some(inv) = invitation_id
        .map(|id| reviews_store::find(conn, id))
        .transpose()?
        .flatten()
        .filter(|i| i.submission_id == s.id && i.round == s.current_round)
    else {
        return nothing("There is no such invitation on this submission.");
    };
    let (wanted, what) = match awaited {
        Awaited::Answer => (
            InvitationStatus::Invited,
            format!(
                "The editor asks whether you can review this manuscript: the invitation has waited {} for your answer.",
                days(days_between(inv.invited_at.date(), today))
            ),
        ),
        _ if inv.due_on < today => (
            InvitationStatus::Accepted,
            format!(
                "The editor asks about your review: it was due on {}, {} ago.",
                long_date(inv.due_on),
                days(days_between(inv.due_on, today))
            ),
        ),
        _ => (
            InvitationStatus::Accepted,
            format!(
                "The editor reminds you that your review is due on {}, in {}.",
                long_date(inv.due_on),
                days(days_between(today, inv.due_on))
            ),
        ),
    };
    if inv.status() != wanted || inv.links_expire_at < at {
        return nothing("This invitation was answered or has ended meanwhile.");
    }
    let Some(reviewer) = accounts::find_person(conn, inv.reviewer_id)? else {
        return nothing("The reviewer is not known.");
    };
    Ok(Ok((Target::Reviewer(Box::new(inv), reviewer), what)))
}

/// The handling editor, when every review is in and the editor is someone else.
fn decision_target(
    conn: &mut DbConnection,
    s: &Submission,
    person: &Person,
    at: NaiveDateTime,
    site: &Site,
) -> Result<Found> {
    let invitations = reviews_store::of_submission(conn, s.id)?;
    let since = matches!(
        s.state(),
        SubmissionState::Submitted | SubmissionState::UnderReview
    )
    .then(|| all_in_since(invitations.iter().map(progress_of), s.current_round, at))
    .flatten();
    let editor = step::handling_editor(conn, s)?.filter(|e| e.id != person.id);
    match (since, editor) {
        (Some(since), Some(editor)) => Ok(Ok((
            Target::Editor {
                person: editor,
                link: step::editorial_link(site, s.id),
            },
            format!(
                "All the reviews have been in for {} (since {}): the submission waits for your decision.",
                days(days_between(since.date(), at.date())),
                long_date(since.date())
            ),
        ))),
        (None, _) => nothing("The submission is not waiting for a decision now."),
        (_, None) => nothing("The decision is yours: there is nobody else to remind."),
    }
}

/// The appeal's hearer, while the appeal waits and the hearer is someone else.
fn appeal_target(
    conn: &mut DbConnection,
    s: &Submission,
    person: &Person,
    at: NaiveDateTime,
    site: &Site,
) -> Result<Found> {
    let appeal = rounds::appeal_of(conn, s.id)?
        .filter(|a| a.outcome.is_none() && s.state() == SubmissionState::Appealed);
    let Some(appeal) = appeal else {
        return nothing("No appeal waits for its outcome now.");
    };
    let hearer = match appeal.heard_by.filter(|h| *h != person.id) {
        Some(id) => accounts::find_person(conn, id)?,
        None => None,
    };
    let Some(hearer) = hearer else {
        return nothing("You hear this appeal: there is nobody else to remind.");
    };
    let lodged = appeal.lodged_at.date();
    Ok(Ok((
        Target::Editor {
            person: hearer,
            link: format!("{}/editorial/submissions/{}/appeal", site.base_url, s.id),
        },
        format!(
            "The appeal lodged on {} ({} ago) waits for your decision.",
            long_date(lodged),
            days(days_between(lodged, at.date()))
        ),
    )))
}

/// Queues the reminder; the outbox row's id (`None`: nobody to send it to).
fn send(
    conn: &mut DbConnection,
    s: &Submission,
    target: &Target,
    what: &str,
    sender: &Person,
    awaited: Awaited,
    site: &Site,
) -> Result<Option<i64>> {
    match target {
        Target::Reviewer(inv, reviewer) => Ok(Some(queue_reviewer_reminder(
            conn, inv, s, reviewer, what, site,
        )?)),
        Target::Authors(_) => Ok(queue_revision_reminder(conn, s, what, site)?.map(|(id, _)| id)),
        Target::Editor { person, link } => {
            let number = s.number_or_draft();
            let message = EditorReminder {
                name: &person.name,
                manuscript_number: number,
                title: &s.title,
                what,
                sender: &sender.name,
                link,
                site: &site.name(),
            };
            Ok(Some(
                About::manuscript(number)
                    .reply_to(Some(&sender.email))
                    .send(conn, awaited.mail_kind(), person, &message)?,
            ))
        }
    }
}
