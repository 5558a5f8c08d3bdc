//! What saving a draft, submitting, withdrawing and discarding a submission do.
//!
//! The web layer parses the form and renders; this module checks (the collection's rules,
//! the files' bytes), stores files before anything points at them, and makes each change in
//! one transaction together with its timeline event and its e-mails.
//!
//! Where to look: the files' checks and storing in `files.rs`; saving a draft and
//! submitting it in `saving.rs`; keeping the files of a form shown again instead of saved
//! in `keeping.rs`; withdrawing in `withdrawal.rs`; discarding a draft or one of its files
//! in `discarding.rs`.

use crate::config::{Config, Site};
use crate::db::DbConnection;
use crate::db::submissions::{Submission, facts_of};
use crate::domain::permissions::{SubmissionAction, SubmissionViewer, may_on_submission};
use crate::mail::MailError;
use crate::workflow::step::EditorialError;

mod discarding;
mod files;
mod keeping;
mod saving;
mod status;
mod withdrawal;

pub use discarding::{Discarded, discard_draft, remove_draft_file};
pub use files::{
    CheckedFile, FileRole, FileUpload, attach_files, check_files, human_size, store_files,
};
pub use keeping::{KeepOutcome, KeepRequest, Kept, keep_uploads};
pub use saving::{
    DraftRequest, Intent, Outcome, Target, record_submission, save_or_submit, still_missing,
};
pub use status::status_of;
pub use withdrawal::{WithdrawOutcome, withdraw};

/// Whether `person_id` may take a step only a submitter can take.
pub fn submitter_may(
    conn: &mut DbConnection,
    person_id: i64,
    s: &Submission,
    action: SubmissionAction,
) -> diesel::QueryResult<bool> {
    Ok(may_on_submission(
        &SubmissionViewer::submitter_only(person_id),
        &facts_of(conn, s)?,
        action,
    ))
}

/// Where the e-mails of the authors' steps come from: the editorial office's address
/// (replies reach it when no editor answers for the submission) and the site's links.
struct Office {
    address: String,
    site: Site,
}

impl Office {
    fn of(config: &Config) -> Office {
        Office {
            address: config.office_email.clone(),
            site: config.site(),
        }
    }
}

/// Aborts a transaction: its changes are rolled back and the reason handed up.
#[derive(Debug, thiserror::Error)]
enum Abort {
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
    #[error(transparent)]
    Mail(#[from] MailError),
    /// Someone else's change won (a second submit of the same draft or form).
    #[error("already submitted")]
    AlreadySubmitted(i64),
    /// The idempotency key was taken between our check and our insert.
    #[error("idempotency key taken")]
    KeyTaken,
    /// The draft was saved from another tab since the form was read.
    #[error("changed meanwhile")]
    ChangedMeanwhile {
        parts: Vec<&'static str>,
        saved_at: chrono::NaiveDateTime,
    },
}

impl From<EditorialError> for Abort {
    fn from(e: EditorialError) -> Self {
        match e {
            EditorialError::Db(e) => Abort::Db(e),
            EditorialError::Mail(e) => Abort::Mail(e),
        }
    }
}
