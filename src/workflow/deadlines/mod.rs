//! Deadlines nobody has to remember (issue 18, part 1): the deadlines view of each editor,
//! "Remind now", the revised version's due date with its reminders and extensions, and each
//! collection's deadline settings.
//!
//! The rules (the periods, the schedules, once a minute) are `domain::deadlines`'s and the
//! reminder schedule's (`domain::review::ReminderSchedule`); who may do what is the
//! permissions module's (`SubmissionAction::Remind`, `ExtendRevision`). The view follows
//! exactly the submissions of its reader's editorial lists (`editorial::followed_submissions`),
//! so a conflict hides a submission's row, count and title here as it does there. Every
//! change is one transaction with its timeline line and its e-mails.
//!
//! Where to look:
//!
//! | what | part |
//! |---|---|
//! | the deadlines view: what is late, what was sent, what comes next | `view.rs` |
//! | "Remind now", once a minute however often pressed | `remind.rs` |
//! | the revised version's due date, its extension, the authors' reminders | `revision.rs` |
//! | a collection's deadline settings page | `settings.rs` |

mod remind;
mod revision;
mod settings;
mod view;

pub use remind::{RemindOutcome, RemindRequest, remind_now};
pub use revision::{
    EXTENDED, ExtendOutcome, ExtensionForm, ExtensionPage, RevisionDue, awaited_revision, extend,
    extension_page, send_due_revision_reminders,
};
pub use settings::{SettingsOutcome, SettingsPage, save_settings, settings_page};
pub use view::{DeadlineLine, Deadlines, Section, deadlines};

use chrono::NaiveDateTime;

use crate::db::reviews::ReviewInvitation;
use crate::domain::review::InvitationStatus;
use crate::workflow::step::EditorialError;

type Result<T> = std::result::Result<T, EditorialError>;

/// What an invitation tells of its round's progress: (round, status, when its links stop,
/// when its review came in).
type Progress = (i32, InvitationStatus, NaiveDateTime, Option<NaiveDateTime>);

fn progress_of(i: &ReviewInvitation) -> Progress {
    (
        i.round,
        i.status(),
        i.links_expire_at,
        i.review_submitted_at,
    )
}

/// When the reviews of `round` were all in, seen at `at`: the last review's arrival, when at
/// least one review is in and no invitation still waits (accepted, or sent and unanswered
/// while its link works), as "all reviews are in" tells the handling editor.
fn all_in_since(
    invitations: impl IntoIterator<Item = Progress>,
    round: i32,
    at: NaiveDateTime,
) -> Option<NaiveDateTime> {
    let mut last = None;
    for (r, status, links_expire_at, submitted_at) in invitations {
        if r != round {
            continue;
        }
        match status {
            InvitationStatus::Accepted => return None,
            InvitationStatus::Invited if links_expire_at >= at => return None,
            InvitationStatus::Submitted => last = last.max(submitted_at),
            _ => {}
        }
    }
    last
}
