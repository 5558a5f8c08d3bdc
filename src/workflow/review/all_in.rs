//! "All reviews are in": told to the handling editor once per round, by whichever change
//! completes it.

use crate::config::Site;
use crate::db::reviews::{self as store, ReviewInvitation};
use crate::db::submissions::Submission;
use crate::db::{DbConnection, events, now};
use crate::domain::review::InvitationStatus;
use crate::domain::submission_state::SubmissionState;
use crate::mail::messages::AllReviewsIn;
use crate::workflow::step::{self, About};

use super::{Result, count_phrase};

/// The timeline event that records "all reviews are in" for a round.
const ALL_REVIEWS_IN: &str = "all_reviews_in";

/// Tells the handling editor "all reviews are in", once per round: when at least one review
/// is in and every invitation still live has its review in. Live means accepted, or sent
/// and not yet answered while its link works; declined, cancelled, ended and expired
/// invitations do not count. The timeline records it for the round, so a changed review or
/// a late answer sends nothing more. Call inside the transaction of every change that can
/// complete a round: a review submitted, an invitation declined, cancelled or ended.
pub(super) fn all_reviews_in_if_due(
    conn: &mut DbConnection,
    s: &Submission,
    round: i32,
    site: &Site,
) -> Result<()> {
    if round != s.current_round
        || !matches!(
            s.state(),
            SubmissionState::Submitted | SubmissionState::UnderReview
        )
    {
        return Ok(());
    }
    let Some(editor) = step::handling_editor(conn, s)? else {
        return Ok(());
    };
    // Two reviewers submitting at once must not each miss the other's review, nor both
    // send: on PostgreSQL the second waits here for the first to commit. (SQLite already
    // runs one writing transaction at a time.)
    crate::db::guard::lock_submission(conn, s.id)?;
    let recorded = format!("Round {round}:");
    if events::timeline(conn, s.id)?
        .iter()
        .any(|e| e.kind == ALL_REVIEWS_IN && e.note.starts_with(&recorded))
    {
        return Ok(());
    }
    let at = now();
    let invitations: Vec<ReviewInvitation> = store::of_submission(conn, s.id)?
        .into_iter()
        .filter(|i| i.round == round)
        .collect();
    let awaited = invitations.iter().any(|i| match i.status() {
        InvitationStatus::Accepted => true,
        InvitationStatus::Invited => i.links_expire_at >= at,
        _ => false,
    });
    let done = invitations
        .iter()
        .filter(|i| i.status() == InvitationStatus::Submitted)
        .count();
    if awaited || done == 0 {
        return Ok(());
    }
    let count = count_phrase(done, "review", "reviews");
    step::on_timeline(
        conn,
        None,
        s.id,
        ALL_REVIEWS_IN,
        &format!("{recorded} {count} in, none awaited"),
    )?;
    let number = s.number_or_draft();
    let message = AllReviewsIn {
        name: &editor.name,
        manuscript_number: number,
        title: &s.title,
        count: &count,
        link: &step::editorial_link(site, s.id),
        site: &site.name(),
    };
    About::manuscript(number).send(conn, "all_reviews_in", &editor, &message)?;
    Ok(())
}
