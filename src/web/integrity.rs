//! The Integrity page (issue 27 item 2) and the editor-in-chief's ruling on one signal.
//! Thin: parse, ask the workflow, render.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::{AppError, Chrome, Ctx, LazyCtx, render, render_with, see_other, session};
use crate::domain::FormErrors;
use crate::domain::integrity::Ruling;
use crate::domain::permissions::Action;
use crate::workflow::integrity::{self, IntegrityPage, RulingInput, RulingOutcome, RulingPage};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/editorial/integrity", web::get().to(page))
        .route(
            "/editorial/submissions/{id}/signals/{signal}",
            web::get().to(signal),
        )
        .route(
            "/editorial/submissions/{id}/signals/{signal}",
            web::post().to(rule),
        );
}

#[derive(Template)]
#[template(path = "editorial/integrity.html")]
struct IntegrityTemplate {
    chrome: Chrome,
    p: IntegrityPage,
}

/// GET /editorial/integrity: the editor-in-chief's; 404 for anyone else.
pub async fn page(ctx: LazyCtx) -> Result<HttpResponse, AppError> {
    let (memo, site) = (ctx.state().memo.clone(), ctx.state().config.site());
    let (ctx, p) = ctx
        .run_signed_in(move |conn, viewer| {
            if !viewer.may(Action::OpenIntegrity) {
                return Err(AppError::NotFound);
            }
            integrity::integrity_page(conn, &viewer.person, &viewer.roles, &site, &memo)?
                .ok_or(AppError::NotFound)
        })
        .await?;
    render(&IntegrityTemplate {
        chrome: ctx.chrome("Integrity"),
        p,
    })
}

#[derive(Template)]
#[template(path = "editorial/signal.html")]
struct SignalTemplate {
    chrome: Chrome,
    p: RulingPage,
    input: RulingInput,
    errors: FormErrors,
}

impl SignalTemplate {
    fn ruling_label(&self, r: &Ruling) -> &'static str {
        r.label()
    }
}

async fn signal_page(
    ctx: &Ctx,
    (id, signal): (i64, i64),
    status: StatusCode,
    input: RulingInput,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let (person, roles, site) = ctx.acting()?;
    let memo = ctx.state.memo.clone();
    let p = ctx
        .state
        .db
        .run(move |conn| {
            integrity::ruling_page(conn, &person, &roles, id, signal, &site, &memo)
                .map_err(AppError::from)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    render_with(
        status,
        &SignalTemplate {
            chrome: ctx.chrome(format!("A signal on {}", p.submission.number_or_draft())),
            p,
            input,
            errors,
        },
    )
}

/// GET /editorial/submissions/{id}/signals/{signal}
pub async fn signal(ctx: Ctx, path: web::Path<(i64, i64)>) -> Result<HttpResponse, AppError> {
    let ids = path.into_inner();
    signal_page(
        &ctx,
        ids,
        StatusCode::OK,
        RulingInput::default(),
        FormErrors::new(),
    )
    .await
}

/// POST /editorial/submissions/{id}/signals/{signal}: the editor-in-chief's ruling.
pub async fn rule(
    ctx: Ctx,
    path: web::Path<(i64, i64)>,
    form: web::Form<RulingInput>,
) -> Result<HttpResponse, AppError> {
    let (id, signal) = path.into_inner();
    let input = form.into_inner();
    let (person, roles, site) = ctx.acting()?;
    let sent = input.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            integrity::rule(conn, &person, &roles, id, signal, &sent, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        RulingOutcome::NotFound => Err(AppError::NotFound),
        RulingOutcome::Recorded { number } => {
            session::flash_notice(
                &ctx.session,
                format!("Your ruling on the signal on {number} is recorded."),
            );
            Ok(see_other("/editorial/integrity"))
        }
        RulingOutcome::Invalid(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            signal_page(&ctx, (id, signal), status, input, errors).await
        }
        RulingOutcome::RuledMeanwhile { by, ruling } => {
            let mut errors = FormErrors::new();
            errors.add(
                "outcome",
                format!(
                    "{by} ruled on this signal after you opened this page (“{}”), so nothing was recorded from here. The ruling is shown above; what you typed is kept below.",
                    ruling.label()
                ),
            );
            signal_page(&ctx, (id, signal), StatusCode::CONFLICT, input, errors).await
        }
    }
}
