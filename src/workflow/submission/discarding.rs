//! Discarding a draft, and removing one file from a draft: the stored bytes go too when
//! nothing else uses them.

use std::sync::Arc;

use crate::db::events::{self, NewEvent, Subject};
use crate::db::submissions as store;
use crate::db::{Database, DbConnection};
use crate::domain::permissions::SubmissionAction;
use crate::storage::FileStore;

use super::submitter_may;

/// Deletes a draft (never a submitted manuscript) and the files nothing else uses.
pub async fn discard_draft(
    db: &Database,
    files: &Arc<FileStore>,
    person_id: i64,
    id: i64,
) -> anyhow::Result<Discarded> {
    let files = Arc::clone(files);
    db.run(
        move |conn: &mut DbConnection| -> anyhow::Result<Discarded> {
            let attached = crate::db::write_transaction(conn, |conn| -> anyhow::Result<_> {
                let Some(s) = store::find(conn, id)? else {
                    return Ok(None);
                };
                if !submitter_may(conn, person_id, &s, SubmissionAction::EditDraft)? {
                    return Ok(None);
                }
                let attached = store::files_of(conn, id)?;
                if store::delete_draft(conn, id)? == 0 {
                    return Ok(None);
                }
                // Kept on the person, since the draft's own record is gone: a second press
                // of "Discard" is then told it is done rather than "not found".
                events::record(
                    conn,
                    NewEvent::new(
                        Some(person_id),
                        Subject::Person(person_id),
                        DRAFT_DISCARDED,
                        &id.to_string(),
                    ),
                )?;
                Ok(Some(attached))
            })?;
            let Some(attached) = attached else {
                return Ok(
                    if events::recorded(conn, person_id, DRAFT_DISCARDED, &id.to_string())? {
                        Discarded::Already
                    } else {
                        Discarded::NotFound
                    },
                );
            };
            for f in attached {
                if !store::file_in_use(conn, &f.sha256)? {
                    files.remove(&f.sha256)?;
                }
            }
            Ok(Discarded::Now)
        },
    )
    .await
}

/// The event kept on a person when they discard a draft (its note is the draft's id).
const DRAFT_DISCARDED: &str = "draft.discarded";

/// What "Discard" did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discarded {
    Now,
    /// This person discarded it before (a second press, another tab).
    Already,
    /// Not a draft of theirs, or no such submission.
    NotFound,
}

/// Removes one file from a draft; the stored bytes go too when nothing else uses them.
pub async fn remove_draft_file(
    db: &Database,
    files: &Arc<FileStore>,
    person_id: i64,
    id: i64,
    file_id: i64,
) -> anyhow::Result<bool> {
    let files = Arc::clone(files);
    db.run(move |conn: &mut DbConnection| -> anyhow::Result<bool> {
        let Some(s) = store::find(conn, id)? else {
            return Ok(false);
        };
        if !submitter_may(conn, person_id, &s, SubmissionAction::EditDraft)? {
            return Ok(false);
        }
        let Some(f) = store::find_file(conn, id, file_id)? else {
            return Ok(false);
        };
        store::remove_file(conn, id, file_id)?;
        if !store::file_in_use(conn, &f.sha256)? {
            files.remove(&f.sha256)?;
        }
        Ok(true)
    })
    .await
}
