//! What peer review does: finding reviewers (with their conflicts and load), inviting them,
//! their answer by e-mailed link, the competing-interest declaration before the files open,
//! the review itself, cancellations, and the reminder schedule.
//!
//! Every change is one transaction with its timeline event and its e-mails. Authors never
//! learn who reviews: no author-facing event, e-mail or page names a reviewer, and the one
//! author-facing move here ("under review") is recorded without an actor.
//!
//! Where to look:
//!
//! | what | part |
//! |---|---|
//! | the editor's reviewer search: suggestions, conflicts, load | `search.rs` |
//! | suggested reviewers by expertise, ranked and explained | `expertise.rs` |
//! | inviting a reviewer, cancelling an invitation, a withdrawal ending them all | `inviting.rs` |
//! | inviting the reviewers of the earlier rounds again, together | `again.rs` |
//! | what a link or a signed-in reviewer reaches; the reviewer's own lists and account | `desk.rs` |
//! | what the link shows once the review is in, and when it stops working | `link.rs` |
//! | what a reviewer of a later round reads of the earlier ones | `history.rs` |
//! | accepting or declining; the competing-interest declaration | `answering.rs` |
//! | backup reviewers, invited in turn when one declines or expires | `backups.rs` |
//! | what the editor sees of declines; answering a later date offered | `declines.rs` |
//! | saving, submitting and revising a review | `writing.rs` |
//! | the collection's review form, its versions, a round's answers side by side | `form_versions.rs` |
//! | "all reviews are in", once per round | `all_in.rs` |
//! | the editor's view of the reviews | `reading.rs` |
//! | the reminder schedule, run by the mail worker | `reminders.rs` |

use chrono::NaiveDate;

mod again;
mod all_in;
mod answering;
mod backups;
mod declines;
mod desk;
mod expertise;
mod form_versions;
mod history;
mod identity;
mod inviting;
mod link;
mod reading;
mod reminders;
mod ring_patterns;
mod rings;
mod search;
mod writing;

pub use again::{InviteAgainForm, InviteAgainOutcome, invite_again};
pub use answering::{Answer, AnswerOutcome, DeclareOutcome, answer, declare};
pub use backups::{
    BackupChange, BackupForm, BackupOutcome, add_backup, change_backups, invite_next_backup,
};
pub use declines::{DeclinesPanel, LaterDate, LaterDateOutcome, answer_later_date, declines_panel};
pub use desk::{
    AccountRefused, Credential, LinkProblem, ReviewerLine, ReviewerLists, ReviewerView,
    create_account, file_for_reviewer, own_attachment, reviewer_lists, reviewer_may,
    start_link_session, view,
};
pub use expertise::{ExpertiseMemo, SUGGESTIONS, build_index, suggestions};
pub use form_versions::{
    AnswerRow, AnswerTable, Cell, FormOutcome, FormPage, answer_tables, change_form, form_page,
};
pub use history::{EarlierRound, RoundHistory};
pub use identity::record_for_invitation;
pub use inviting::{
    CancelOutcome, InviteForm, InviteOutcome, cancel, default_due_on, end_all_on_withdrawal, invite,
};
pub use link::{LinkView, ReviewSent, view_by_link};
pub use reading::{ReviewLine, attachment_for_editor, review_lines};
pub use reminders::{queue_reviewer_reminder, send_due_reminders};
pub use rings::{backfill_fast_reviews, last_upkeep, replay_arrival};
pub use search::{
    ReviewerCandidate, ReviewerQuery, ReviewerSearch, add_histories, earlier_reviewers,
    person_by_address, search,
};
pub use writing::{ReviewOutcome, ReviewWrite, StaleReview, save_review};

use crate::workflow::step::EditorialError;

type Result<T> = std::result::Result<T, EditorialError>;

pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

fn count_phrase(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
