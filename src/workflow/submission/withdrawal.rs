//! Withdrawing a submission: the author's reason, the move, the live review invitations
//! ended, and everyone concerned told.

use crate::config::Config;
use crate::db::accounts::{self as people_store, Person};
use crate::db::collections;
use crate::db::submissions::{self as store, Submission};
use crate::db::{Database, DbConnection};
use crate::domain::FormErrors;
use crate::domain::permissions::SubmissionAction;
use crate::domain::submission_state::{self, SubmissionState, Transition};
use crate::mail::messages::{SubmissionWithdrawn, WithdrawalToEditor};
use crate::workflow::step::{self, About, Addressee, AddressesTold};

use super::{Abort, Office, submitter_may};

/// The outcome of a withdrawal.
#[derive(Debug)]
pub enum WithdrawOutcome {
    Withdrawn,
    /// The state machine refuses (e.g. already accepted): its message, nothing changed.
    Refused(String),
    /// The reason is missing or too long.
    Invalid(FormErrors),
    NotFound,
}

/// The author withdraws their submission, with a reason; the corresponding author and the
/// handling editor are told.
pub async fn withdraw(
    db: &Database,
    config: &Config,
    person: Person,
    id: i64,
    reason: String,
) -> anyhow::Result<WithdrawOutcome> {
    let office = Office::of(config);
    db.run(
        move |conn: &mut DbConnection| -> anyhow::Result<WithdrawOutcome> {
            let (s, to) = match withdrawable(conn, &person, id)? {
                Ok(found) => found,
                Err(outcome) => return Ok(outcome),
            };
            let reason = match checked_reason(&reason) {
                Ok(reason) => reason,
                Err(errors) => return Ok(WithdrawOutcome::Invalid(errors)),
            };
            let withdrawal = Withdrawal {
                s: &s,
                to,
                by: &person,
                reason: &reason,
            };
            let result =
                crate::db::write_transaction(conn, |conn| withdrawal.record(conn, &office));
            match result {
                Ok(o) => Ok(o),
                Err(Abort::Db(e)) => Err(e.into()),
                Err(Abort::Mail(e)) => Err(e.into()),
                Err(
                    Abort::AlreadySubmitted(_) | Abort::KeyTaken | Abort::ChangedMeanwhile { .. },
                ) => Ok(WithdrawOutcome::NotFound),
            }
        },
    )
    .await
}

/// The submission and the state a withdrawal moves it to, when `person` (its submitter)
/// may withdraw it now; otherwise what to answer.
fn withdrawable(
    conn: &mut DbConnection,
    person: &Person,
    id: i64,
) -> diesel::QueryResult<Result<(Submission, SubmissionState), WithdrawOutcome>> {
    let Some(s) = store::find(conn, id)? else {
        return Ok(Err(WithdrawOutcome::NotFound));
    };
    if !submitter_may(conn, person.id, &s, SubmissionAction::View)? {
        return Ok(Err(WithdrawOutcome::NotFound));
    }
    Ok(
        match submission_state::next(s.state(), Transition::Withdraw) {
            Ok(to) if person.id == s.submitter_id => Ok((s, to)),
            Ok(_) => Err(WithdrawOutcome::NotFound),
            Err(refused) => Err(WithdrawOutcome::Refused(refused.to_string())),
        },
    )
}

/// The reason as the editor will read it: required, and under 5,000 characters.
fn checked_reason(reason: &str) -> Result<String, FormErrors> {
    let reason = reason.trim().to_owned();
    let mut errors = FormErrors::new();
    if reason.is_empty() {
        errors.add(
            "reason",
            "Give the reason for withdrawing; the editor will read it.",
        );
    } else if reason.chars().count() > 5000 {
        errors.add("reason", "Keep the reason under 5,000 characters.");
    }
    if errors.is_empty() {
        Ok(reason)
    } else {
        Err(errors)
    }
}

/// A withdrawal as asked, checked.
struct Withdrawal<'a> {
    s: &'a Submission,
    to: SubmissionState,
    by: &'a Person,
    reason: &'a str,
}

impl Withdrawal<'_> {
    /// The move (only if the submission is still as the author saw it), its timeline line,
    /// the live review invitations ended, and the authors and the handling editor told.
    fn record(&self, conn: &mut DbConnection, office: &Office) -> Result<WithdrawOutcome, Abort> {
        let (s, from) = (self.s, self.s.state());
        if !store::change_state(conn, s.id, from, self.to)? {
            let now_in = step::state_now(conn, s.id, from)?;
            return Ok(WithdrawOutcome::Refused(format!(
                "The submission changed while you were reading it; it is now {}. Nothing was withdrawn.",
                now_in.label().to_lowercase()
            )));
        }
        step::move_on_timeline(
            conn,
            Some(self.by.id),
            s.id,
            Transition::Withdraw.as_str(),
            (from, self.to),
            self.reason,
        )?;
        // Reviewers still invited or writing are told it is over; their links stop. The
        // authors' reminders about a revised version still in the outbox are taken back.
        crate::workflow::review::end_all_on_withdrawal(conn, s, &office.site.name())?;
        crate::db::deadlines::withdraw_unsent_revision_reminders(conn, s.id)?;
        let collection = collections::find_collection(conn, s.collection_id)?
            .map(|c| c.title)
            .unwrap_or_default();
        let editor = step::handling_editor(conn, s)?;
        // Replies from the authors reach the editor who handled it, or the office.
        let reply_to = editor
            .as_ref()
            .map_or(office.address.as_str(), |e| e.email.as_str());
        self.tell_authors(conn, &collection, reply_to, office)?;
        if let Some(editor) = editor {
            let message = WithdrawalToEditor {
                name: &editor.name,
                manuscript_number: s.number_or_draft(),
                title: &s.title,
                collection: &collection,
                withdrawn_by: &self.by.name,
                reason: self.reason,
                link: &step::editorial_link(&office.site, s.id),
                site: &office.site.name(),
            };
            About::manuscript(s.number_or_draft())
                .reply_to(Some(&office.address))
                .send(conn, "withdrawal_to_editor", &editor, &message)?;
        }
        Ok(WithdrawOutcome::Withdrawn)
    }

    /// Tells the corresponding author, the submitter and every co-author (by their listed
    /// address), once each. Only the submitter can open the submission's page, so only they
    /// get its link; a co-author's notice may wait for their digest like other notices.
    fn tell_authors(
        &self,
        conn: &mut DbConnection,
        collection: &str,
        reply_to: &str,
        office: &Office,
    ) -> Result<(), Abort> {
        let s = self.s;
        let authors = store::authors_of(conn, s.id)?;
        let submitter = people_store::find_person(conn, s.submitter_id)?;
        // (who, is a co-author), the corresponding author first.
        let mut recipients: Vec<(Addressee, bool)> = Vec::new();
        for a in authors.iter().filter(|a| a.is_corresponding) {
            recipients.push((a.into(), false));
        }
        if let Some(p) = &submitter {
            recipients.push((p.into(), false));
        }
        // Not one who said they are not an author.
        let not_authors = crate::db::authorship::said_not_an_author(conn, s.id)?;
        for a in authors
            .iter()
            .filter(|a| !a.is_corresponding && !not_authors.contains(&a.id))
        {
            recipients.push((a.into(), true));
        }
        let link = step::author_link(&office.site, s.id);
        let site = office.site.name();
        let about = About::manuscript(s.number_or_draft()).reply_to(Some(reply_to));
        let mut told = AddressesTold::default();
        for (to, co_author) in recipients {
            if !told.first_time(&to.email) {
                continue;
            }
            let is_withdrawer =
                to.person_id == Some(self.by.id) || to.email.eq_ignore_ascii_case(&self.by.email);
            let is_submitter = submitter
                .as_ref()
                .is_some_and(|p| p.email.eq_ignore_ascii_case(&to.email));
            let message = SubmissionWithdrawn {
                name: &to.name,
                manuscript_number: s.number_or_draft(),
                title: &s.title,
                collection,
                withdrawn_by: if is_withdrawer { "you" } else { &self.by.name },
                relation: if co_author {
                    "You are listed as one of its authors."
                } else {
                    ""
                },
                reason: self.reason,
                link: if is_submitter { &link } else { "" },
                site: &site,
            };
            let kind = if co_author {
                "withdrawal_to_co_author"
            } else {
                "submission_withdrawn"
            };
            about
                .digestible(co_author)
                .send(conn, kind, &to, &message)?;
        }
        Ok(())
    }
}
