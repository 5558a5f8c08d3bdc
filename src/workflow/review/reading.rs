//! The editor's view of the reviews: every invitation of a submission with its reviewer's
//! number, and the files attached to reviews.

use diesel::QueryResult;

use crate::config::Site;
use crate::db::DbConnection;
use crate::db::accounts::{self, Person};
use crate::db::now;
use crate::db::reviews::{self as store, Attachment, ReviewInvitation, reviewer_numbers};
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::domain::review::{InvitationStatus, is_overdue, recommendation_label};
use crate::workflow::editorial::Asker;

use super::long_date;

/// One invitation on the editor's page.
#[derive(Debug, Clone)]
pub struct ReviewLine {
    pub inv: ReviewInvitation,
    pub status: InvitationStatus,
    /// "Reviewer 2", as the decision letter quotes them; `None` until they agree.
    pub number: Option<String>,
    pub reviewer: String,
    pub email: String,
    pub overdue: bool,
    pub recommendation: &'static str,
}

impl ReviewLine {
    pub fn due(&self) -> String {
        long_date(self.inv.due_on)
    }

    /// A re-reviewer's answer to "Have the authors addressed your earlier comments?", once
    /// the review is submitted.
    pub fn earlier_comments(&self) -> Option<crate::domain::review::EarlierComments> {
        if self.status != InvitationStatus::Submitted {
            return None;
        }
        crate::domain::review::EarlierComments::parse(&self.inv.earlier_comments_addressed)
    }
}

/// Every invitation of a submission, for those who may read reviews: newest round first,
/// within a round by reviewer number (those without one, who have not agreed, last in the
/// order they were invited).
pub fn review_lines(conn: &mut DbConnection, submission_id: i64) -> QueryResult<Vec<ReviewLine>> {
    let today = now().date();
    let invitations = store::of_submission(conn, submission_id)?;
    let numbers = reviewer_numbers(&invitations);
    let mut out = Vec::new();
    for inv in invitations {
        let (reviewer, email) = accounts::find_person(conn, inv.reviewer_id)?
            .map(|p| (p.name, p.email))
            .unwrap_or_default();
        out.push(ReviewLine {
            number: numbers.label(inv.reviewer_id),
            status: inv.status(),
            overdue: is_overdue(inv.status(), inv.due_on, today),
            recommendation: recommendation_label(&inv.recommendation),
            reviewer,
            email,
            inv,
        });
    }
    out.sort_by_key(|l| {
        (
            std::cmp::Reverse(l.inv.round),
            numbers.of(l.inv.reviewer_id).unwrap_or(u32::MAX),
            l.inv.id,
        )
    });
    Ok(out)
}

/// A review's attachment, for someone who may read the submission's reviews.
pub fn attachment_for_editor(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    invitation_id: i64,
    site: &Site,
) -> QueryResult<Option<Attachment>> {
    let asker = Asker::new(person, roles, site);
    if asker
        .access_for(conn, submission_id, SubmissionAction::ReadReviews)?
        .is_none()
    {
        return Ok(None);
    }
    Ok(store::find(conn, invitation_id)?
        .filter(|i| i.submission_id == submission_id && i.status().is_taken_on())
        .and_then(attachment_of))
}

/// The file attached to a review, if it has one.
pub(super) fn attachment_of(i: ReviewInvitation) -> Option<Attachment> {
    Some(Attachment {
        sha256: i.attachment_sha256?,
        name: i.attachment_name?,
        content_type: i.attachment_type?,
        size: i.attachment_size?,
    })
}
