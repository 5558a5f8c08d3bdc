//! Peer review end to end over HTTP: inviting (with conflicts re-checked on a crafted POST),
//! the e-mailed link that changes nothing when opened, accepting without an account, the
//! declaration before the files, the review, links that were used, cancelled or expired,
//! reminders that stop, authors who never learn who reviewed, a submitted review that
//! only changes through its own step, and the link once the review is in.

mod after_the_review;
mod blinding;
mod by_link;
mod declines;
mod identity;
mod inviting;
mod revising;
mod rings;
pub(crate) mod suggestions;

use diesel::prelude::*;

use crate::helpers::TestApp;
use peerdesk::db::schema::review_invitations;

/// The statuses of one submission's invitations, oldest first.
async fn invitation_statuses(app: &TestApp, id: i64) -> Vec<String> {
    app.with_db(move |conn| {
        review_invitations::table
            .filter(review_invitations::submission_id.eq(id))
            .order(review_invitations::id)
            .select(review_invitations::status)
            .load::<String>(conn)
            .unwrap()
    })
    .await
}
