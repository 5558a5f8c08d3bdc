//! The declines part of the reviewers page (issue 28 part 3): the backup reviewers (add,
//! remove, move up), the number of reviewers wanted, and the answer to a later date a
//! declining reviewer offered. Pages are `reviewers::page`.

use actix_web::{HttpResponse, web};

use super::{AppError, Ctx, see_other, session};
use crate::domain::FormErrors;
use crate::workflow::review::{
    self, BackupChange, BackupForm, BackupOutcome, InviteForm, LaterDateOutcome, ReviewerQuery,
};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/editorial/submissions/{id}/reviewers/backups",
        web::post().to(add),
    )
    .route(
        "/editorial/submissions/{id}/reviewers/backups/{backup_id}",
        web::post().to(change),
    )
    .route(
        "/editorial/submissions/{id}/reviewers/wanted",
        web::post().to(wanted),
    )
    .route(
        "/editorial/submissions/{id}/reviewers/{invitation_id}/later-date",
        web::post().to(later_date),
    );
}

fn back(id: i64) -> HttpResponse {
    see_other(&format!(
        "/editorial/submissions/{id}/reviewers#backups-heading"
    ))
}

async fn told(
    ctx: &Ctx,
    id: i64,
    outcome: BackupOutcome,
    typed: BackupForm,
) -> Result<HttpResponse, AppError> {
    match outcome {
        BackupOutcome::Done(message) => {
            session::flash_notice(&ctx.session, message);
            Ok(back(id))
        }
        BackupOutcome::Invalid(errors) => {
            super::reviewers::page(
                ctx,
                id,
                ReviewerQuery::default(),
                (InviteForm::default(), typed),
                errors,
            )
            .await
        }
        BackupOutcome::NotFound => Err(AppError::NotFound),
    }
}

/// POST /editorial/submissions/{id}/reviewers/backups: a backup at the end of the list.
pub async fn add(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<BackupForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (person, roles, site) = ctx.acting()?;
    let form = form.into_inner();
    let typed = form.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            review::add_backup(conn, (&person, &roles), id, &form, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    told(&ctx, id, outcome, typed).await
}

#[derive(serde::Deserialize)]
pub struct ChangeForm {
    /// "remove" or "up".
    #[serde(default)]
    action: String,
}

/// POST /editorial/submissions/{id}/reviewers/backups/{backup_id}: remove or move up.
pub async fn change(
    ctx: Ctx,
    path: web::Path<(i64, i64)>,
    form: web::Form<ChangeForm>,
) -> Result<HttpResponse, AppError> {
    let (id, backup_id) = path.into_inner();
    let change = match form.action.as_str() {
        "remove" => BackupChange::Remove(backup_id),
        "up" => BackupChange::MoveUp(backup_id),
        _ => return Err(AppError::NotFound),
    };
    run_change(ctx, id, change).await
}

#[derive(serde::Deserialize)]
pub struct WantedForm {
    #[serde(default)]
    wanted: String,
}

/// POST /editorial/submissions/{id}/reviewers/wanted: how many reviewers at once.
pub async fn wanted(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<WantedForm>,
) -> Result<HttpResponse, AppError> {
    // Not a number reads as 0: refused with the message.
    let n = form.wanted.trim().parse::<i32>().unwrap_or(0);
    run_change(ctx, path.into_inner(), BackupChange::Wanted(n)).await
}

async fn run_change(ctx: Ctx, id: i64, change: BackupChange) -> Result<HttpResponse, AppError> {
    let (person, roles, site) = ctx.acting()?;
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            review::change_backups(conn, (&person, &roles), id, change, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    told(&ctx, id, outcome, BackupForm::default()).await
}

#[derive(serde::Deserialize)]
pub struct LaterDateForm {
    /// "accept" or "refuse".
    #[serde(default)]
    answer: String,
}

/// POST /editorial/submissions/{id}/reviewers/{invitation_id}/later-date
pub async fn later_date(
    ctx: Ctx,
    path: web::Path<(i64, i64)>,
    form: web::Form<LaterDateForm>,
) -> Result<HttpResponse, AppError> {
    let (id, invitation_id) = path.into_inner();
    let accept = match form.answer.as_str() {
        "accept" => true,
        "refuse" => false,
        _ => {
            let mut errors = FormErrors::new();
            errors.add("later_dates", "Choose to accept or refuse the later date.");
            return super::reviewers::page(
                &ctx,
                id,
                ReviewerQuery::default(),
                (InviteForm::default(), BackupForm::default()),
                errors,
            )
            .await;
        }
    };
    let (person, roles, site) = ctx.acting()?;
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            review::answer_later_date(conn, (&person, &roles), (id, invitation_id), accept, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        LaterDateOutcome::Accepted(name) => session::flash_notice(
            &ctx.session,
            format!("{name} reviews it by the date they offered; they have been told."),
        ),
        LaterDateOutcome::Refused(name) => session::flash_notice(
            &ctx.session,
            format!("{name} has been told the later date does not suit."),
        ),
        LaterDateOutcome::AlreadyAnswered => session::flash_error(
            &ctx.session,
            "That later date had already been answered; nothing was changed.",
        ),
        LaterDateOutcome::NotFound => return Err(AppError::NotFound),
    }
    Ok(back(id))
}
