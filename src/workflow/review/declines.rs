//! What the editor sees of the declines (issue 28 part 3) on the reviewers page — the people
//! decliners suggested, checked like any candidate; the later dates offered; the backup
//! list — and the editor's answer to a later date.

use chrono::{Duration, NaiveDate};

use crate::config::Site;
use crate::db::accounts::{self, Person};
use crate::db::backups::{self as backup_store, Backup};
use crate::db::reviews as store;
use crate::db::submissions::Submission;
use crate::db::{DbConnection, write_transaction};
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::domain::review::{DeclineKind, InvitationStatus};
use crate::mail::messages::LaterDateAnswered;
use crate::security::token::new_token;
use crate::workflow::editorial::Asker;
use crate::workflow::step::{self, About};

use super::search::{Judge, ReviewerCandidate, person_by_address};
use super::{Result, long_date};

/// Links to an accepted later date keep working this long after it (as for invitations).
const LINKS_LAST_DAYS_AFTER_DUE: i64 = 60;

/// A later date a decliner offered that the editor has not answered.
#[derive(Debug, Clone)]
pub struct LaterDate {
    pub invitation_id: i64,
    pub reviewer: String,
    pub date: NaiveDate,
    pub reason: String,
}

/// The declines part of the reviewers page.
#[derive(Debug, Default)]
pub struct DeclinesPanel {
    /// People suggested by reviewers who declined, as candidates (conflicts shown).
    pub suggested: Vec<ReviewerCandidate>,
    pub later_dates: Vec<LaterDate>,
    pub backups: Vec<Backup>,
    pub wanted: i32,
}

/// The declines part of the reviewers page. Call only once the reader may manage the
/// submission's reviewers.
pub fn declines_panel(
    conn: &mut DbConnection,
    s: &Submission,
    site: &Site,
) -> Result<DeclinesPanel> {
    let judge = Judge::new(conn, s, site)?;
    let mut panel = DeclinesPanel {
        backups: backup_store::of_submission(conn, s.id)?,
        wanted: super::backups::wanted(conn, s.id)?,
        ..DeclinesPanel::default()
    };
    for inv in store::of_submission(conn, s.id)? {
        if inv.status() != InvitationStatus::Declined {
            continue;
        }
        let reviewer = accounts::find_person(conn, inv.reviewer_id)?
            .map(|p| p.name)
            .unwrap_or_default();
        let Some(d) = store::decline_details(conn, inv.id)? else {
            continue;
        };
        let reason = DeclineKind::parse(&d.kind)
            .map(DeclineKind::label)
            .unwrap_or_default();
        if !d.suggested_email.is_empty()
            && !panel.suggested.iter().any(|c| c.email == d.suggested_email)
        {
            let person = person_by_address(conn, &d.suggested_email)?;
            let mut c =
                judge.candidate(conn, person.as_ref(), &d.suggested_name, &d.suggested_email)?;
            c.suggested_by_decliner = if inv.suggested_alternative.is_empty() {
                format!("Suggested by {reviewer}")
            } else {
                format!("Suggested by {reviewer}: {}", inv.suggested_alternative)
            };
            panel.suggested.push(c);
        }
        if let Some(date) = d.proposed_due_on.filter(|_| d.proposal_answer.is_empty()) {
            panel.later_dates.push(LaterDate {
                invitation_id: inv.id,
                reviewer,
                date,
                reason: reason.to_owned(),
            });
        }
    }
    Ok(panel)
}

#[derive(Debug, PartialEq, Eq)]
pub enum LaterDateOutcome {
    Accepted(String),
    Refused(String),
    /// Answered already, or no later date was offered: nothing changed.
    AlreadyAnswered,
    NotFound,
}

/// The editor accepts a decliner's later date (the invitation is accepted again, due then,
/// and the reviewer gets a fresh link) or refuses it; the reviewer is told either way.
pub fn answer_later_date(
    conn: &mut DbConnection,
    (editor, roles): (&Person, &[HeldRole]),
    (submission_id, invitation_id): (i64, i64),
    accept: bool,
    site: &Site,
) -> Result<LaterDateOutcome> {
    write_transaction(conn, |conn| -> Result<LaterDateOutcome> {
        let asker = Asker::new(editor, roles, site);
        let Some(a) =
            asker.held_access_for(conn, submission_id, SubmissionAction::ManageReviewers)?
        else {
            return Ok(LaterDateOutcome::NotFound);
        };
        let s = a.submission;
        let Some(inv) = store::find(conn, invitation_id)?.filter(|i| i.submission_id == s.id)
        else {
            return Ok(LaterDateOutcome::NotFound);
        };
        let details = store::decline_details(conn, inv.id)?;
        let Some(date) = details
            .and_then(|d| d.proposed_due_on.filter(|_| d.proposal_answer.is_empty()))
            .filter(|_| inv.status() == InvitationStatus::Declined)
        else {
            return Ok(LaterDateOutcome::AlreadyAnswered);
        };
        let reviewer =
            accounts::find_person(conn, inv.reviewer_id)?.ok_or(diesel::result::Error::NotFound)?;
        let link = if accept {
            let expires = (date + Duration::days(LINKS_LAST_DAYS_AFTER_DUE))
                .and_hms_opt(23, 59, 59)
                .unwrap_or_else(crate::db::now);
            if !store::accept_proposed_date(conn, inv.id, date, expires)? {
                return Ok(LaterDateOutcome::AlreadyAnswered);
            }
            let token = new_token();
            store::add_token(conn, inv.id, &token.hash)?;
            format!("{}/invitations/{}", site.base_url, token.token)
        } else {
            if !store::answer_proposal(conn, inv.id, "refused")? {
                return Ok(LaterDateOutcome::AlreadyAnswered);
            }
            String::new()
        };
        let answer = if accept { "accepted" } else { "refused" };
        step::on_timeline(
            conn,
            Some(editor.id),
            s.id,
            if accept {
                "later_date_accepted"
            } else {
                "later_date_refused"
            },
            &format!(
                "{}'s offer to review by {}: {answer}",
                reviewer.name,
                long_date(date)
            ),
        )?;
        tell_reviewer(conn, &s, (editor, &reviewer), (date, answer, &link), site)?;
        Ok(if accept {
            LaterDateOutcome::Accepted(reviewer.name)
        } else {
            LaterDateOutcome::Refused(reviewer.name)
        })
    })
}

fn tell_reviewer(
    conn: &mut DbConnection,
    s: &Submission,
    (editor, reviewer): (&Person, &Person),
    (date, answer, link): (NaiveDate, &str, &str),
    site: &Site,
) -> Result<()> {
    let number = s.number_or_draft();
    let message = LaterDateAnswered {
        name: &reviewer.name,
        manuscript_number: number,
        title: &s.title,
        editor: &editor.name,
        due: &long_date(date),
        answer,
        link,
        site: &site.name(),
    };
    About::manuscript(number)
        .reply_to(Some(&editor.email))
        .send(conn, "later_date_answered", reviewer, &message)?;
    Ok(())
}
