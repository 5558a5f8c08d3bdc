//! The technical check (issue 28 part 4): before review, the editorial office (the handling
//! editor or the editor-in-chief) may return a submission to its authors for technical
//! fixes, with a message. It is not a decision: no letter, no new round. The authors send it
//! back from the revision page (the corrected files, metadata and declarations, and what
//! they fixed); it comes back as "submitted" with the same number, in the same round, to the
//! same handling editor. Each step is one transaction with its e-mails.

use diesel::QueryResult;

use super::{Desk, RevisedVersion, StepOutcome, author_recipients, checked_revision};
use crate::config::Site;
use crate::db::accounts::Person;
use crate::db::reviews as reviews_store;
use crate::db::round_metadata as round_store;
use crate::db::submissions::{self as submissions_store, Submission};
use crate::db::technical_returns::{self as store, TechnicalReturn};
use crate::db::{DbConnection, write_transaction};
use crate::domain::decision::check_note;
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::domain::review::InvitationStatus;
use crate::domain::submission_state::{self, SubmissionState, Transition};
use crate::mail::messages::{FixesReceived, ReturnedForFixes};
use crate::workflow::editorial::{Asker, EditorialError};
use crate::workflow::step::{self, About};
use crate::workflow::submission::{attach_files, store_files};

type Result<T> = std::result::Result<T, EditorialError>;

/// How returning a submission for fixes ended.
#[derive(Debug)]
pub enum Returned {
    Done,
    /// Refused, with why; nothing changed.
    Refused(String),
    NotFound,
}

const STILL_INVITED: &str = "A reviewer is still invited or has agreed to review: a technical \
     return comes before review. Cancel the open invitations on the reviewers' page first, or \
     ask the authors in the discussion.";

/// Returns the submission to its authors for technical fixes with `message` (e-mailed to
/// them as written: it is meant for them).
pub fn return_for_fixes(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    message: &str,
    site: &Site,
) -> Result<Returned> {
    write_transaction(conn, |conn| -> Result<Returned> {
        let asker = Asker::new(person, roles, site);
        let Some(a) =
            asker.held_access_for(conn, submission_id, SubmissionAction::ReturnForFixes)?
        else {
            return Ok(Returned::NotFound);
        };
        let s = a.submission;
        let message = match check_note(
            message,
            "Say what the authors should fix: the message cannot be empty.",
        ) {
            Ok(m) => m,
            Err(e) => return Ok(Returned::Refused(e.to_owned())),
        };
        let live = reviews_store::of_submission(conn, s.id)?
            .iter()
            .filter(|i| i.round == s.current_round)
            .any(|i| {
                matches!(
                    i.status(),
                    InvitationStatus::Invited | InvitationStatus::Accepted
                )
            });
        if live {
            return Ok(Returned::Refused(STILL_INVITED.to_owned()));
        }
        let (from, step_taken) = (s.state(), Transition::ReturnForFixes);
        let to = match submission_state::next(from, step_taken) {
            Ok(to) => to,
            Err(refused) => return Ok(Returned::Refused(refused.to_string())),
        };
        if !submissions_store::change_state(conn, s.id, from, to)? {
            return Ok(Returned::Refused(super::moved_meanwhile(step::state_now(
                conn, s.id, from,
            )?)));
        }
        store::record(conn, s.id, s.current_round, &message, person.id)?;
        step::move_on_timeline(
            conn,
            Some(person.id),
            s.id,
            step_taken.as_str(),
            (from, to),
            "",
        )?;
        let number = s.number_or_draft();
        let link = format!("{}/submissions/{}/revision", site.base_url, s.id);
        let site_name = site.name();
        let authors = author_recipients(conn, &s)?;
        About::manuscript(number)
            .reply_to(Some(&person.email))
            .send_each(conn, "returned_for_fixes", &authors, |name| {
                ReturnedForFixes {
                    name,
                    manuscript_number: number,
                    title: &s.title,
                    message: &message,
                    link: &link,
                    site: &site_name,
                }
            })?;
        Ok(Returned::Done)
    })
}

/// The authors send the corrected manuscript back (the caller has checked that they may):
/// files (none required), metadata and declarations as corrected, and what they fixed.
pub(super) fn send_fixes(
    conn: &mut DbConnection,
    desk: &Desk<'_>,
    person: &Person,
    s: &Submission,
    revised: RevisedVersion,
    site: &Site,
) -> anyhow::Result<StepOutcome> {
    let word_limit = crate::db::collections::find_collection(conn, s.collection_id)?
        .map_or(350, |c| c.abstract_word_limit.max(0) as usize);
    let checked = match checked_revision(revised, desk.max_bytes, word_limit, true) {
        Ok(checked) => checked,
        Err(errors) => return Ok(StepOutcome::Invalid(errors)),
    };
    let fixed = checked.response.clone();
    let stored = store_files(desk.files, &checked.files)?;
    let (from, round) = (s.state(), s.current_round);
    let outcome = write_transaction(conn, |conn| -> Result<StepOutcome> {
        let to = match submission_state::next(from, Transition::SendFixes) {
            Ok(to) => to,
            Err(refused) => return Ok(StepOutcome::Refused(refused.to_string())),
        };
        if !submissions_store::change_state(conn, s.id, from, to)? {
            let now_in = step::state_now(conn, s.id, from)?;
            return Ok(StepOutcome::Refused(super::moved_meanwhile(now_in)));
        }
        attach_files(conn, s.id, round, person.id, &stored)?;
        let new_authors = round_store::set_current(conn, s.id, &checked.metadata)?;
        store::mark_fixed(conn, s.id, &fixed)?;
        step::move_on_timeline(
            conn,
            Some(person.id),
            s.id,
            Transition::SendFixes.as_str(),
            (from, to),
            "",
        )?;
        let s = submissions_store::find(conn, s.id)?.unwrap_or_else(|| s.clone());
        for a in &new_authors {
            crate::workflow::authorship::ask_new_author(conn, &s, a, desk.office_address, site)?;
        }
        if let Some(editor) = step::handling_editor(conn, &s)? {
            let message = FixesReceived {
                name: &editor.name,
                manuscript_number: s.number_or_draft(),
                title: &s.title,
                link: &step::editorial_link(site, s.id),
                site: &site.name(),
            };
            About::manuscript(s.number_or_draft()).send(
                conn,
                "fixes_received",
                &editor,
                &message,
            )?;
        }
        Ok(StepOutcome::Done { to, round })
    })?;
    Ok(outcome)
}

/// The submission's technical returns, oldest first, for its authors and its editors.
pub fn returns_of(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Vec<TechnicalReturn>> {
    store::of_submission(conn, submission_id)
}

/// Whether the submission is with its authors for technical fixes now.
pub fn is_returned(s: &Submission) -> bool {
    s.state() == SubmissionState::ReturnedForFixes
}
