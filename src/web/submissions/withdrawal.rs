//! Withdrawing a submission: the page that asks for the reason, and the withdrawal.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::submissions::{self as store, Submission};
use crate::domain::FormErrors;
use crate::domain::permissions::SubmissionAction;
use crate::domain::submission_state::Transition;
use crate::web::{AppError, Chrome, Ctx, render_with, see_other, session};
use crate::workflow::submission::{self as service, WithdrawOutcome, submitter_may};

#[derive(Template)]
#[template(path = "submissions/withdraw.html")]
struct WithdrawPage {
    chrome: Chrome,
    s: Submission,
    reason: String,
    errors: FormErrors,
    refused: Option<String>,
}

/// The submission, if the signed-in person may do `action` with it as its submitter.
async fn load_own(ctx: &Ctx, id: i64, action: SubmissionAction) -> Result<Submission, AppError> {
    let person_id = ctx.viewer()?.person.id;
    ctx.state
        .db
        .run(move |conn| -> Result<Option<Submission>, AppError> {
            match store::find(conn, id)? {
                Some(s) if submitter_may(conn, person_id, &s, action)? => Ok(Some(s)),
                _ => Ok(None),
            }
        })
        .await?
        .ok_or(AppError::NotFound)
}

fn withdraw_page(
    ctx: &Ctx,
    status: StatusCode,
    s: Submission,
    (reason, errors): (String, FormErrors),
    refused: Option<String>,
) -> Result<HttpResponse, AppError> {
    render_with(
        status,
        &WithdrawPage {
            chrome: ctx.chrome(format!("Withdraw {}", s.number_or_draft())),
            s,
            reason,
            errors,
            refused,
        },
    )
}

/// GET /submissions/{id}/withdraw
pub async fn withdraw_form(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let s = load_own(&ctx, id, SubmissionAction::View).await?;
    let refused = crate::domain::submission_state::next(s.state(), Transition::Withdraw)
        .err()
        .map(|r| r.to_string());
    if refused.is_none() {
        // Allowed by the state machine, so only the submitter may get this far.
        load_own(&ctx, id, SubmissionAction::Withdraw).await?;
    }
    let typed = (String::new(), FormErrors::new());
    withdraw_page(&ctx, StatusCode::OK, s, typed, refused)
}

#[derive(serde::Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    reason: String,
}

/// POST /submissions/{id}/withdraw
pub async fn withdraw(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<WithdrawForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let person = ctx.viewer()?.person.clone();
    let reason = form.into_inner().reason;
    let outcome = service::withdraw(&ctx.state.db, &ctx.state.config, person, id, reason.clone())
        .await
        .map_err(AppError::Internal)?;
    let (status, errors, refused) = match outcome {
        WithdrawOutcome::Withdrawn => {
            session::flash_notice(
                &ctx.session,
                "The submission is withdrawn. The journal has been told.",
            );
            return Ok(see_other(&format!("/submissions/{id}")));
        }
        WithdrawOutcome::NotFound => return Err(AppError::NotFound),
        WithdrawOutcome::Refused(message) => {
            (StatusCode::CONFLICT, FormErrors::new(), Some(message))
        }
        WithdrawOutcome::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors, None),
    };
    let s = load_own(&ctx, id, SubmissionAction::View).await?;
    withdraw_page(&ctx, status, s, (reason, errors), refused)
}
