//! Sending the submission form: a row button shows it again with the change, "Save draft"
//! and "Review before submitting" write (the review page then submits: [`super::review`]);
//! and discarding a draft.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::form::{FormState, form_page};
use super::typed::{FormAction, SentForm, apply_row_action};
use crate::db::accounts::Person;
use crate::db::guard::ReadAt;
use crate::db::submissions::{self as store, Submission};
use crate::domain::FormErrors;
use crate::domain::permissions::SubmissionAction;
use crate::domain::person_name::join_names;
use crate::domain::submission_state::SubmissionState;
use crate::web::multipart::{read_form, submission_files};
use crate::web::{AppError, Ctx, form_status, see_other, session};
use crate::workflow::submission::{
    self as service, DraftRequest, FileUpload, Intent, KeepRequest, Kept, Outcome, Target,
    submitter_may,
};

/// POST /submissions/new
pub async fn create(ctx: Ctx, body: Multipart) -> Result<HttpResponse, AppError> {
    handle_form(ctx, None, body).await
}

/// POST /submissions/{id}/edit
pub async fn update(
    ctx: Ctx,
    path: web::Path<i64>,
    body: Multipart,
) -> Result<HttpResponse, AppError> {
    handle_form(ctx, Some(path.into_inner()), body).await
}

impl SentForm {
    /// The form shown again as it was sent, with nothing to say yet.
    fn again(&self, draft_id: Option<i64>) -> FormState {
        FormState {
            input: self.input.clone(),
            collection_id: self.collection_id,
            draft_id,
            idempotency_key: self.idempotency_key.clone(),
            read_at: self.read_at_field.clone(),
            errors: FormErrors::new(),
            notice: None,
        }
    }
}

async fn handle_form(
    ctx: Ctx,
    draft_id: Option<i64>,
    body: Multipart,
) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer()?.person.clone();
    let parts = read_form(body, ctx.state.config.max_upload_bytes).await?;
    let sent = SentForm::read(&parts);
    if let Some(id) = draft_id
        && let Some(elsewhere) = not_a_draft(&ctx, viewer.id, id).await?
    {
        return Ok(elsewhere);
    }
    let had_uploads = !parts.uploads.is_empty();
    let intent = match sent.action {
        FormAction::Save => Intent::SaveDraft,
        FormAction::Review => Intent::Review,
        FormAction::Submit => Intent::Submit,
        ref other => {
            // A button that saves nothing: the files chosen are kept with the draft first.
            let uploads = submission_files(parts.uploads);
            let state = keep_files(&ctx, &viewer, draft_id, &sent, uploads).await?;
            return match *other {
                FormAction::RemoveFile(file_id) => remove_file(&ctx, &viewer, file_id, state).await,
                ref row_action => change_rows(&ctx, row_action, state).await,
            };
        }
    };
    let outcome = save_or_submit(
        &ctx,
        viewer,
        draft_id,
        intent,
        &sent,
        submission_files(parts.uploads),
    )
    .await?;
    answer(&ctx, outcome, draft_id, sent, had_uploads).await
}

/// Row buttons and a GET-less edit must still be the owner's draft: 404 when it is not
/// theirs, its page once it is submitted.
async fn not_a_draft(ctx: &Ctx, person_id: i64, id: i64) -> Result<Option<HttpResponse>, AppError> {
    let owned = ctx
        .state
        .db
        .run(move |conn| -> Result<Option<Submission>, AppError> {
            match store::find(conn, id)? {
                Some(s) if submitter_may(conn, person_id, &s, SubmissionAction::View)? => {
                    Ok(Some(s))
                }
                _ => Ok(None),
            }
        })
        .await?;
    match owned {
        None => Err(AppError::NotFound),
        Some(s) if s.state() != SubmissionState::Draft => {
            Ok(Some(see_other(&format!("/submissions/{id}"))))
        }
        Some(_) => Ok(None),
    }
}

/// The form shown again without saving it, after the files it carried were kept with its
/// draft (made now if it had none): it then goes with that draft, and says so.
async fn keep_files(
    ctx: &Ctx,
    viewer: &Person,
    draft_id: Option<i64>,
    sent: &SentForm,
    uploads: Vec<FileUpload>,
) -> Result<FormState, AppError> {
    let mut state = sent.again(draft_id);
    if uploads.is_empty() {
        return Ok(state);
    }
    let outcome = service::keep_uploads(
        &ctx.state.db,
        &ctx.state.files,
        &ctx.state.config,
        KeepRequest {
            submitter: viewer.clone(),
            collection_id: sent.collection_id,
            target: target_of(draft_id, sent),
            input: sent.input.clone(),
            uploads,
        },
    )
    .await
    .map_err(AppError::Internal)?;
    state.errors = outcome.errors;
    if let Some(kept) = &outcome.kept {
        state.notice = Some(state.now_with(kept));
    }
    Ok(state)
}

impl FormState {
    /// The form goes with the draft the files were kept with from now on; what to tell
    /// the author about them.
    fn now_with(&mut self, kept: &Kept) -> String {
        self.draft_id = Some(kept.draft_id);
        if let Some(at) = kept.made_at {
            // Made now from this form: the next save is from the version just written.
            self.read_at = ReadAt::field(Some(at));
        }
        let quoted: Vec<String> = kept.names.iter().map(|n| format!("“{n}”")).collect();
        let quoted: Vec<&str> = quoted.iter().map(String::as_str).collect();
        let (names, them) = match quoted.len() {
            1 => (quoted[0].to_owned(), "it"),
            _ => (join_names(&quoted), "them"),
        };
        let verb = if quoted.len() == 1 { "is" } else { "are" };
        match kept.made_at {
            Some(_) => format!(
                "{names} {verb} kept with a draft of this submission, saved just now with what you typed (it is under My submissions): you need not choose {them} again. See Files below."
            ),
            None => format!(
                "{names} {verb} attached to this draft: you need not choose {them} again. See Files below."
            ),
        }
    }

    /// Adds `more` to what the form tells the author.
    fn tell(&mut self, more: Option<String>) {
        self.notice = match (self.notice.take(), more) {
            (Some(a), Some(b)) => Some(format!("{b} {a}")),
            (a, b) => a.or(b),
        };
    }
}

/// Which submission a form is about: its draft, or a new one under its idempotency key.
fn target_of(draft_id: Option<i64>, sent: &SentForm) -> Target {
    match draft_id {
        Some(id) => Target::Draft(id),
        None => Target::New {
            idempotency_key: Some(sent.idempotency_key.clone()),
        },
    }
}

/// "Remove" beside an attached file: the form again, with what became of the file.
async fn remove_file(
    ctx: &Ctx,
    viewer: &Person,
    file_id: i64,
    mut state: FormState,
) -> Result<HttpResponse, AppError> {
    let removed = match state.draft_id {
        Some(id) => {
            service::remove_draft_file(&ctx.state.db, &ctx.state.files, viewer.id, id, file_id)
                .await?
        }
        None => false,
    };
    let notice = if removed {
        "The file was removed."
    } else {
        "That file is no longer attached."
    };
    state.tell(Some(notice.into()));
    let status = form_status(&state.errors);
    form_page(ctx, state, status).await
}

/// A row button: the form again with the change, nothing of it written (the files it
/// carried are kept already).
async fn change_rows(
    ctx: &Ctx,
    row_action: &FormAction,
    mut state: FormState,
) -> Result<HttpResponse, AppError> {
    let notice = apply_row_action(&mut state.input, row_action);
    state.tell(notice);
    let status = form_status(&state.errors);
    form_page(ctx, state, status).await
}

async fn save_or_submit(
    ctx: &Ctx,
    submitter: Person,
    draft_id: Option<i64>,
    intent: Intent,
    sent: &SentForm,
    uploads: Vec<FileUpload>,
) -> Result<Outcome, AppError> {
    let target = target_of(draft_id, sent);
    service::save_or_submit(
        &ctx.state.db,
        &ctx.state.files,
        &ctx.state.config,
        DraftRequest {
            submitter,
            collection_id: sent.collection_id,
            target,
            intent,
            input: sent.input.clone(),
            uploads,
            read_at: sent.read_at,
        },
    )
    .await
    .map_err(AppError::Internal)
}

/// Where the author goes after "Save draft" or "Submit", or the form again with why not.
async fn answer(
    ctx: &Ctx,
    outcome: Outcome,
    draft_id: Option<i64>,
    sent: SentForm,
    had_uploads: bool,
) -> Result<HttpResponse, AppError> {
    match outcome {
        Outcome::Saved(id) => {
            session::flash_notice(
                &ctx.session,
                "Your draft is saved. You can come back to it from “My submissions”.",
            );
            Ok(see_other(&format!("/submissions/{id}/edit")))
        }
        Outcome::ReadyToSubmit(id) => Ok(see_other(&format!("/submissions/{id}/review"))),
        Outcome::Submitted { id, number } => {
            session::flash_notice(
                &ctx.session,
                format!(
                    "Thank you: your manuscript is submitted as {number}. A receipt is on its way to the corresponding author."
                ),
            );
            Ok(see_other(&format!("/submissions/{id}")))
        }
        Outcome::AlreadySubmitted(id) => {
            session::flash_notice(
                &ctx.session,
                "This form had already been sent: here is the submission it made. Nothing was changed.",
            );
            Ok(see_other(&format!("/submissions/{id}")))
        }
        Outcome::NotFound => Err(AppError::NotFound),
        Outcome::ChangedMeanwhile { parts, saved_at } => {
            let mut errors = FormErrors::new();
            errors.add(
                "submission-form",
                format!(
                    "This draft was saved from another tab or window at {} UTC, after you opened this page, so nothing was saved from here. It differs from what you typed here in: {}. What you typed is kept below{}; save again to replace the saved draft with it, or open the draft again to continue from the saved one.",
                    saved_at.format("%H:%M:%S"),
                    parts.join(", "),
                    if had_uploads { " (the files you chose were not kept: attach them again)" } else { "" },
                ),
            );
            let state = FormState {
                // Saving again from here is now a choice made knowing the newer version.
                read_at: ReadAt::field(Some(saved_at)),
                errors,
                ..sent.again(draft_id)
            };
            form_page(ctx, state, StatusCode::CONFLICT).await
        }
        Outcome::Invalid { mut errors, kept } => {
            let unkept =
                kept.is_none() && !errors.has("manuscript") && !errors.has("supplementary");
            if had_uploads && unkept {
                errors.add(
                    "manuscript",
                    "Nothing was saved, so the files you chose were not kept: attach them again before you submit.",
                );
            }
            let mut state = sent.again(draft_id);
            if let Some(kept) = &kept {
                let notice = state.now_with(kept);
                state.tell(Some(notice));
            }
            state.errors = errors;
            form_page(ctx, state, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// POST /submissions/{id}/discard
pub async fn discard(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer()?;
    let discarded = service::discard_draft(
        &ctx.state.db,
        &ctx.state.files,
        viewer.person.id,
        path.into_inner(),
    )
    .await
    .map_err(AppError::Internal)?;
    let notice = match discarded {
        service::Discarded::Now => "The draft was deleted.",
        service::Discarded::Already => "That draft was already deleted.",
        service::Discarded::NotFound => return Err(AppError::NotFound),
    };
    session::flash_notice(&ctx.session, notice);
    Ok(see_other("/submissions"))
}
