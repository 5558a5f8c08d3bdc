//! Files are never silently dropped (issue 20 item 2). A browser sends the chosen files with
//! every press of the form's buttons; when the press does not save (a refused submit, "Add
//! another author", "Suggest a reviewer", "Remove" beside a file), the files that pass the
//! content check are kept with the draft all the same: the form's draft, or a draft made
//! now from what was typed when the form had none. The form then shows them as attached,
//! with their remove buttons, and nobody has to choose a 50 MB file twice.

use std::sync::Arc;

use chrono::NaiveDateTime;
use diesel::QueryResult;

use crate::config::Config;
use crate::db::accounts::Person;
use crate::db::submissions::{self as store, Submission};
use crate::db::{Database, DbConnection, collections, guard, write_transaction};
use crate::domain::FormErrors;
use crate::domain::submission::SubmissionInput;
use crate::domain::submission_state::SubmissionState;
use crate::storage::FileStore;

use super::files::{CheckedFile, FileRole, FileUpload, attach_files, check_files, store_files};
use super::saving::Target;

/// Files kept with a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub draft_id: i64,
    /// When the draft was made now, for this form: its version (what the form shown
    /// again carries in `read_at`). `None` when the form's own draft kept them.
    pub made_at: Option<NaiveDateTime>,
    /// The files' names, as chosen.
    pub names: Vec<String>,
}

/// What keeping the files of a form did: the files kept (if any), and a message beside
/// each file field whose file was refused or could not be kept.
#[derive(Debug, Default)]
pub struct KeepOutcome {
    pub kept: Option<Kept>,
    pub errors: FormErrors,
}

/// A form that will be shown again rather than saved, with the files it carried.
pub struct KeepRequest {
    pub submitter: Person,
    pub collection_id: Option<i64>,
    pub target: Target,
    pub input: SubmissionInput,
    pub uploads: Vec<FileUpload>,
}

/// Checks the uploads by their content and keeps those that pass with the form's draft
/// (made now if the form has none).
pub async fn keep_uploads(
    db: &Database,
    files: &Arc<FileStore>,
    config: &Config,
    req: KeepRequest,
) -> anyhow::Result<KeepOutcome> {
    let files = Arc::clone(files);
    let max_bytes = config.max_upload_bytes;
    db.run(move |conn| -> anyhow::Result<KeepOutcome> {
        let (checked, errors) = check_files(req.uploads, max_bytes);
        let mut outcome = KeepOutcome { kept: None, errors };
        let form = Form {
            submitter: &req.submitter,
            collection_id: req.collection_id,
            target: &req.target,
            input: &req.input,
        };
        match keep_checked(conn, &files, &form, &checked)? {
            Ok(kept) => outcome.kept = kept,
            Err(more) => outcome.errors.extend(more),
        }
        Ok(outcome)
    })
    .await
}

/// The form whose files are kept, as far as keeping needs it.
pub(super) struct Form<'a> {
    pub(super) submitter: &'a Person,
    pub(super) collection_id: Option<i64>,
    pub(super) target: &'a Target,
    pub(super) input: &'a SubmissionInput,
}

/// Keeps files already checked with the form's draft: stored first, fully on disk, then
/// attached in one transaction (to the draft, or to one made now under the form's
/// idempotency key). `Ok(None)` when there is nothing to keep or no draft of theirs to keep
/// it with; `Err` with why not when a draft cannot be made (no collection chosen).
pub(super) fn keep_checked(
    conn: &mut DbConnection,
    files: &FileStore,
    form: &Form<'_>,
    checked: &[CheckedFile],
) -> anyhow::Result<Result<Option<Kept>, FormErrors>> {
    if checked.is_empty() {
        return Ok(Ok(None));
    }
    let Some(target) = draft_of(conn, form)? else {
        return Ok(Ok(None));
    };
    let collection = match form.collection_id {
        Some(id) => collections::find_collection(conn, id)?,
        None => None,
    };
    let collection_id = match (&target, collection) {
        (Some(_), _) => 0,
        (None, Some(c)) => c.id,
        (None, None) => {
            let mut errors = FormErrors::new();
            let field = checked
                .iter()
                .find(|f| f.role == FileRole::Manuscript)
                .map_or(FileRole::Supplementary.field(), |f| f.role.field());
            errors.add(
                field,
                "The files you chose could not be kept: choose the collection first, then attach them again.",
            );
            return Ok(Err(errors));
        }
    };
    let stored = store_files(files, checked)?;
    let names: Vec<String> = checked.iter().map(|f| f.original_name.clone()).collect();
    let kept = match attach_to(conn, form, target.as_ref(), collection_id, &stored) {
        // The same form made its draft a moment ago in another request (a double click):
        // keep the files with that one.
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => match draft_of(conn, form)? {
            Some(Some(s)) => attach_to(conn, form, Some(&s), collection_id, &stored)?,
            _ => None,
        },
        other => other?,
    };
    Ok(Ok(kept.map(|(draft_id, made_at)| Kept {
        draft_id,
        made_at,
        names,
    })))
}

/// Attaches stored files, in one transaction, to `draft` (if it is still a draft) or to a
/// draft made now in `collection_id`: the draft's id, and its version if it was made now.
fn attach_to(
    conn: &mut DbConnection,
    form: &Form<'_>,
    draft: Option<&Submission>,
    collection_id: i64,
    stored: &[(&CheckedFile, crate::storage::StoredFile)],
) -> QueryResult<Option<(i64, Option<NaiveDateTime>)>> {
    write_transaction(conn, |conn| {
        let (draft_id, made_at) = match draft {
            Some(s) => {
                guard::lock_submission(conn, s.id)?;
                match store::find(conn, s.id)? {
                    Some(now) if now.state() == SubmissionState::Draft => (s.id, None),
                    // Submitted or discarded meanwhile (another tab): nothing to keep it with.
                    _ => return Ok(None),
                }
            }
            None => {
                let id = new_draft(conn, form, collection_id)?;
                (id, store::find(conn, id)?.map(|s| s.updated_at))
            }
        };
        let round = draft.map_or(1, |s| s.current_round);
        attach_files(conn, draft_id, round, form.submitter.id, stored)?;
        Ok(Some((draft_id, made_at)))
    })
}

/// The draft a form's files go with: `Some(Some(draft))` for the person's draft (the
/// form's, or what this form made when sent before), `Some(None)` for a new form with
/// nothing made yet, `None` when there is no draft of theirs to keep them with.
fn draft_of(conn: &mut DbConnection, form: &Form<'_>) -> QueryResult<Option<Option<Submission>>> {
    let found = match form.target {
        Target::Draft(id) => match store::find(conn, *id)? {
            Some(s) => Some(s),
            None => return Ok(None),
        },
        Target::New {
            idempotency_key: Some(key),
        } => store::find_by_idempotency_key(conn, key)?,
        Target::New {
            idempotency_key: None,
        } => None,
    };
    Ok(match found {
        Some(s) if s.submitter_id == form.submitter.id && s.state() == SubmissionState::Draft => {
            Some(Some(s))
        }
        Some(_) => None,
        None => Some(None),
    })
}

/// A draft holding what was typed, under the form's idempotency key so that the same form
/// sent again (or saved) finds it.
fn new_draft(conn: &mut DbConnection, form: &Form<'_>, collection_id: i64) -> QueryResult<i64> {
    let key = match form.target {
        Target::New { idempotency_key } => idempotency_key.as_deref(),
        Target::Draft(_) => None,
    };
    store::insert_draft(conn, collection_id, form.submitter.id, key, form.input)
}
