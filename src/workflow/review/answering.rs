//! The reviewer's answer to an invitation (accepting puts the submission under review), and
//! the competing-interest declaration that comes before the files open.

use diesel::QueryResult;

use crate::config::Site;
use crate::db::DbConnection;
use crate::db::accounts::{self, Person};
use crate::db::collections::setting_of;
use crate::db::editorial as editorial_store;
use crate::db::reviews::{self as store, ReviewInvitation};
use crate::db::submissions::{self as submissions_store, Submission};
use crate::db::write_transaction;
use crate::domain::FormErrors;
use crate::domain::permissions::ReviewerAction;
use crate::domain::review::{
    Declaration, DeclarationInput, Decline, DeclineInput, InvitationStatus,
};
use crate::domain::submission_state::{self, Transition};
use crate::mail::messages::{ReviewerAnswered, SubmissionUnderReview};
use crate::workflow::step::{self, About};

use super::Result;
use super::all_in::all_reviews_in_if_due;
use super::desk::{Credential, LinkProblem, own_invitation, resolve, reviewer_may};

/// The reviewer's answer to an invitation.
#[derive(Debug, Clone)]
pub enum Answer {
    Accept,
    Decline(DeclineInput),
}

#[derive(Debug)]
pub enum AnswerOutcome {
    /// Accepted: the reviewer continues to the declaration (signing in first when they
    /// have a password).
    Accepted {
        invitation_id: i64,
        /// Boxed: a person's record is far larger than the other outcomes.
        reviewer: Box<Person>,
        has_password: bool,
    },
    Declined,
    /// The invitation was already answered (a second click, or a reused link).
    AlreadyAnswered(InvitationStatus),
    Problem(LinkProblem),
    Invalid(FormErrors),
}

/// Accepts or declines. The first acceptance puts the submission under review.
pub fn answer(
    conn: &mut DbConnection,
    cred: &Credential,
    answer: &Answer,
    site: &Site,
) -> Result<AnswerOutcome> {
    let decline = match answer {
        Answer::Decline(input) => match input.parse(crate::db::now().date()) {
            Ok(d) => Some(d),
            Err(errors) => return Ok(AnswerOutcome::Invalid(errors)),
        },
        Answer::Accept => None,
    };
    write_transaction(conn, |conn| -> Result<AnswerOutcome> {
        let (inv, s, reviewer) = match awaiting_answer(conn, cred)? {
            Ok(found) => found,
            Err(outcome) => return Ok(outcome),
        };
        let answered = match &decline {
            None => {
                if !store::accept(conn, inv.id)? {
                    return Ok(AnswerOutcome::AlreadyAnswered(InvitationStatus::Accepted));
                }
                put_under_review(conn, &s, site)?;
                Answered::accepted()
            }
            Some(d) => {
                if !store::decline(conn, inv.id, d)? {
                    return Ok(AnswerOutcome::AlreadyAnswered(InvitationStatus::Declined));
                }
                store::withdraw_unsent_reminders(conn, inv.id)?;
                Answered::declined(d)
            }
        };
        step::on_timeline(
            conn,
            None,
            s.id,
            answered.kind,
            format!(
                "{} {}. {}",
                reviewer.name,
                answered.words,
                answered.details.replace('\n', " ")
            )
            .trim(),
        )?;
        tell_editor(conn, &s, &reviewer, &answered, site)?;
        if decline.is_some() {
            // A place is free: the next backup, if any, is asked in this same transaction.
            super::backups::invite_next_backup(conn, &s, site)?;
            all_reviews_in_if_due(conn, &s, inv.round, site)?;
        }
        Ok(match decline {
            None => AnswerOutcome::Accepted {
                invitation_id: inv.id,
                has_password: accounts::find_account(conn, reviewer.id)?.is_some(),
                reviewer: Box::new(reviewer),
            },
            Some(_) => AnswerOutcome::Declined,
        })
    })
}

/// The invitation a credential leads to, with its submission and reviewer, when it still
/// awaits an answer; otherwise what to answer instead.
fn awaiting_answer(
    conn: &mut DbConnection,
    cred: &Credential,
) -> QueryResult<std::result::Result<(ReviewInvitation, Submission, Person), AnswerOutcome>> {
    let (inv, s) = match resolve(conn, cred)? {
        Ok(found) => found,
        Err(p) => return Ok(Err(AnswerOutcome::Problem(p))),
    };
    if inv.status() != InvitationStatus::Invited {
        return Ok(Err(AnswerOutcome::AlreadyAnswered(inv.status())));
    }
    if !reviewer_may(inv.reviewer_id, &inv, &s, ReviewerAction::Respond) {
        return Ok(Err(AnswerOutcome::Problem(LinkProblem::Closed)));
    }
    let Some(reviewer) = accounts::find_person(conn, inv.reviewer_id)? else {
        return Ok(Err(AnswerOutcome::Problem(LinkProblem::Unknown)));
    };
    Ok(Ok((inv, s, reviewer)))
}

/// What the handling editor is told of a reviewer's answer.
struct Answered {
    /// "accepted", "declined", …: what the reviewer did, in the editor's e-mail.
    words: &'static str,
    /// The reviewer's reasons, one a line (empty when there are none).
    details: String,
    /// The timeline event's and the e-mail's kind.
    kind: &'static str,
    /// May wait for the editor's digest.
    digestible: bool,
}

impl Answered {
    fn accepted() -> Answered {
        Answered {
            words: "accepted",
            details: String::new(),
            kind: "reviewer_accepted",
            digestible: true,
        }
    }

    fn declined(d: &Decline) -> Answered {
        let mut lines = vec![format!("Reason: {}", d.kind.label())];
        if !d.reason.is_empty() {
            lines.push(d.reason.clone());
        }
        if let Some((name, email)) = &d.suggested {
            let why = if d.why_them.is_empty() {
                String::new()
            } else {
                format!(" ({})", d.why_them)
            };
            lines.push(format!("Suggested instead: {name} <{email}>{why}"));
        }
        if let Some(date) = d.proposed_due_on {
            lines.push(format!("Could do it by: {}", super::long_date(date)));
        }
        Answered {
            words: "declined",
            details: lines.join("\n"),
            kind: "reviewer_declined",
            digestible: true,
        }
    }
}

/// Tells the handling editor, if the submission has one, what a reviewer answered.
fn tell_editor(
    conn: &mut DbConnection,
    s: &Submission,
    reviewer: &Person,
    answered: &Answered,
    site: &Site,
) -> Result<()> {
    let Some(editor) = step::handling_editor(conn, s)? else {
        return Ok(());
    };
    let number = s.number_or_draft();
    let message = ReviewerAnswered {
        name: &editor.name,
        reviewer: &reviewer.name,
        manuscript_number: number,
        title: &s.title,
        answer: answered.words,
        details: &answered.details,
        link: &step::editorial_link(site, s.id),
        site: &site.name(),
    };
    About::manuscript(number)
        .digestible(answered.digestible)
        .send(conn, answered.kind, &editor, &message)?;
    Ok(())
}

/// submitted → under review, when the first reviewer accepts: the state machine's move, its
/// timeline event (no actor, no note: authors read it) and the corresponding author's e-mail.
fn put_under_review(conn: &mut DbConnection, s: &Submission, site: &Site) -> Result<()> {
    let from = s.state();
    let Ok(to) = submission_state::next(from, Transition::FirstReviewerAccepts) else {
        return Ok(()); // already under review
    };
    if !submissions_store::change_state(conn, s.id, from, to)? {
        return Ok(());
    }
    step::move_on_timeline(
        conn,
        None,
        s.id,
        Transition::FirstReviewerAccepts.as_str(),
        (from, to),
        "",
    )?;
    let (collection, _, _) = setting_of(conn, s)?;
    let number = s.number_or_draft();
    if let Some(a) = step::corresponding_author(conn, s.id)? {
        let message = SubmissionUnderReview {
            name: &a.name,
            manuscript_number: number,
            title: &s.title,
            collection: &collection.title,
            link: &step::author_link(site, s.id),
            site: &site.name(),
        };
        let editor = step::handling_editor(conn, s)?;
        About::manuscript(number)
            .reply_to(editor.as_ref().map(|e| e.email.as_str()))
            .send(conn, "submission_under_review", &a, &message)?;
    }
    Ok(())
}

#[derive(Debug)]
pub enum DeclareOutcome {
    /// No competing interest: the files are open.
    Cleared,
    /// A competing interest: the invitation ended and the editor was told.
    Ended,
    Invalid(FormErrors),
    NotFound,
}

/// The reviewer's competing-interest declaration, before the files open.
pub fn declare(
    conn: &mut DbConnection,
    person_id: i64,
    invitation_id: i64,
    input: &DeclarationInput,
    site: &Site,
) -> Result<DeclareOutcome> {
    let declaration = match input.parse() {
        Ok(d) => d,
        Err(errors) => return Ok(DeclareOutcome::Invalid(errors)),
    };
    write_transaction(conn, |conn| -> Result<DeclareOutcome> {
        let Some((inv, s)) = own_invitation(conn, person_id, invitation_id)? else {
            return Ok(DeclareOutcome::NotFound);
        };
        if !reviewer_may(person_id, &inv, &s, ReviewerAction::DeclareInterest) {
            return Ok(DeclareOutcome::NotFound);
        }
        match &declaration {
            Declaration::NoCompetingInterest => {
                store::declare_no_conflict(conn, inv.id)?;
                Ok(DeclareOutcome::Cleared)
            }
            Declaration::CompetingInterest { statement } => {
                end_for_competing_interest(conn, &inv, &s, statement, site)
            }
        }
    })
}

/// A declared competing interest ends the invitation and its reminders, stays recorded
/// against the reviewer for this submission, and the editor is told.
fn end_for_competing_interest(
    conn: &mut DbConnection,
    inv: &ReviewInvitation,
    s: &Submission,
    statement: &str,
    site: &Site,
) -> Result<DeclareOutcome> {
    let person_id = inv.reviewer_id;
    if !store::end_for_conflict(conn, inv.id, statement)? {
        return Ok(DeclareOutcome::NotFound);
    }
    store::withdraw_unsent_reminders(conn, inv.id)?;
    // Rule 6: the person stays conflicted with this submission from now on.
    editorial_store::declare_conflict(conn, s.id, person_id, statement)?;
    let reviewer =
        accounts::find_person(conn, person_id)?.ok_or(diesel::result::Error::NotFound)?;
    step::on_timeline(
        conn,
        Some(person_id),
        s.id,
        "reviewer_declared_conflict",
        &format!("{}: {statement}", reviewer.name),
    )?;
    let answered = Answered {
        words: "declared a competing interest and cannot take up",
        details: format!("Statement: {statement}"),
        kind: "reviewer_declared_conflict",
        digestible: false,
    };
    tell_editor(conn, s, &reviewer, &answered, site)?;
    all_reviews_in_if_due(conn, s, inv.round, site)?;
    Ok(DeclareOutcome::Ended)
}
