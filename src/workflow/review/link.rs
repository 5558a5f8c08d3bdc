//! What the e-mailed link reaches. While the review is being written the link is a key to
//! the invitation: the manuscript's details, the people in it, and (for someone with no
//! password) a session to write the review in. Once the review is in, it shows a thank-you
//! and the review as sent, nothing more, and it stops 30 days after the editor decided
//! (`domain::review::link_ends_at`): an old e-mail, forwarded or left open on a shared
//! computer, no longer shows the manuscript or names anyone.

use chrono::NaiveDateTime;
use diesel::QueryResult;

use crate::db::reviews::ReviewInvitation;
use crate::db::submissions::Submission;
use crate::db::{DbConnection, decisions, events, now};
use crate::domain::permissions::ReviewerAction;
use crate::domain::review::{InvitationStatus, link_ends_at, recommendation_label};
use crate::domain::submission_state::SubmissionState;

use super::desk::{Credential, LinkProblem, ReviewerView, resolve, reviewer_may, view_of};
use super::long_date;

/// What an e-mailed link shows.
#[derive(Debug, Clone)]
pub enum LinkView {
    /// Until the review is in: the invitation, with the manuscript as the reviewer may see it.
    Invitation(Box<ReviewerView>),
    /// Once the review is in: the review as sent, and nothing else.
    ReviewIn(ReviewSent),
}

/// A submitted review as its link shows it: the manuscript's number and what the reviewer
/// wrote. No title, no names (theirs, the editor's, other reviewers'), no files.
#[derive(Debug, Clone)]
pub struct ReviewSent {
    pub invitation_id: i64,
    pub manuscript_number: String,
    /// "4 March 2026".
    pub submitted_on: String,
    pub recommendation: &'static str,
    pub comments_to_authors: String,
    pub confidential_comments: String,
    /// The attached file's name; the file itself is the signed-in reviewer's to download.
    pub attachment_name: Option<String>,
    /// The editor has not decided yet: a signed-in reviewer may still revise the review
    /// from their own pages (the link never opens the review form again).
    pub may_revise: bool,
    /// The day the link stops working, once the editor has decided ("3 April 2026").
    pub link_ends_on: Option<String>,
    /// The answers to the collection's questions, against the version the review answers.
    pub answered: Vec<crate::domain::review::questions::AnswerLine>,
}

/// Loads what the link shows. Changes nothing: opening a link is safe for mail scanners.
pub fn view_by_link(
    conn: &mut DbConnection,
    token: &str,
    site_schedule: &crate::domain::review::ReminderSchedule,
) -> QueryResult<std::result::Result<LinkView, LinkProblem>> {
    let (inv, s) = match resolve(conn, &Credential::Link(token.to_owned()))? {
        Ok(found) => found,
        Err(p) => return Ok(Err(p)),
    };
    if reviewer_may(inv.reviewer_id, &inv, &s, ReviewerAction::OpenByLink) {
        return Ok(view_of(conn, inv, s, site_schedule)?.map(|v| LinkView::Invitation(Box::new(v))));
    }
    // `resolve` turns every ended invitation into its problem, so this is a submitted review.
    let closed_at = round_closed_at(conn, &inv, &s)?;
    let answered = match crate::db::review_forms::answers_of(conn, inv.id)? {
        Some((form, answers)) => {
            crate::domain::review::questions::answer_lines(&form.questions, &answers)
        }
        None => Vec::new(),
    };
    Ok(Ok(LinkView::ReviewIn(ReviewSent {
        answered,
        invitation_id: inv.id,
        manuscript_number: s.number_or_draft().to_owned(),
        submitted_on: inv
            .review_submitted_at
            .map(|t| long_date(t.date()))
            .unwrap_or_default(),
        recommendation: recommendation_label(&inv.recommendation),
        may_revise: reviewer_may(inv.reviewer_id, &inv, &s, ReviewerAction::WriteReview),
        link_ends_on: closed_at
            .map(|at| long_date(link_ends_at(inv.links_expire_at, Some(at)).date())),
        comments_to_authors: inv.comments_to_authors,
        confidential_comments: inv.confidential_comments,
        attachment_name: inv.attachment_name,
    })))
}

/// Whether the link to `inv` has stopped working: past its expiry, or 30 days past the
/// decision on its round.
pub(super) fn link_ended(
    conn: &mut DbConnection,
    inv: &ReviewInvitation,
    s: &Submission,
) -> QueryResult<bool> {
    let now = now();
    if inv.links_expire_at < now {
        return Ok(true);
    }
    // Only a submitted review outlives its round's decision: the decision ends the others.
    if inv.status() != InvitationStatus::Submitted {
        return Ok(false);
    }
    let closed_at = round_closed_at(conn, inv, s)?;
    Ok(link_ends_at(inv.links_expire_at, closed_at) < now)
}

/// When the invitation's round was closed: the editor's decision on it, or the authors'
/// withdrawal of the submission (which ends the review with no decision), whichever came
/// first; `None` while the review is still with the editor.
fn round_closed_at(
    conn: &mut DbConnection,
    inv: &ReviewInvitation,
    s: &Submission,
) -> QueryResult<Option<NaiveDateTime>> {
    let decided = decisions::round_decided_at(conn, s.id, inv.round)?;
    let withdrawn = if s.state() == SubmissionState::Withdrawn {
        events::entered_state_at(conn, s.id, SubmissionState::Withdrawn.as_str())?
    } else {
        None
    };
    Ok(match (decided, withdrawn) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    })
}
