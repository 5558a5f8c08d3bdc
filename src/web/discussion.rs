//! The discussion on a submission (issue 28 part 1): each thread's page behind its three
//! doors (editorial, author, reviewer). Parse, call [`crate::workflow::discussion`], render.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::session;
use super::{AppError, Chrome, Ctx, render_with, see_other};
use crate::domain::FormErrors;
use crate::domain::discussion::{Seat, Thread};
use crate::workflow::discussion::{self, Door, PostOutcome, ThreadView};
use crate::workflow::editorial::Asker;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/editorial/submissions/{id}/discussion/{thread}",
        web::get().to(editorial_thread),
    )
    .route(
        "/editorial/submissions/{id}/discussion/{thread}",
        web::post().to(editorial_post),
    )
    .route("/submissions/{id}/discussion", web::get().to(author_thread))
    .route("/submissions/{id}/discussion", web::post().to(author_post))
    .route("/reviews/{id}/discussion", web::get().to(reviewer_thread))
    .route("/reviews/{id}/discussion", web::post().to(reviewer_post));
}

#[derive(Template)]
#[template(path = "discussion/thread.html")]
struct ThreadPage {
    chrome: Chrome,
    v: ThreadView,
    /// What was typed, kept when it is refused.
    message: String,
    errors: FormErrors,
    /// Why nothing can be posted now, when something was tried.
    refused: Option<&'static str>,
}

impl ThreadPage {
    fn closed(&self) -> &'static str {
        CLOSED
    }

    /// Who reads this thread besides the reader, in a sentence.
    fn readers(&self) -> &'static str {
        match (self.v.thread, self.v.seat) {
            (Thread::Reviewers, Seat::Editor) => {
                "The reviewers who have sent their report read this thread, and see one another only as Reviewer 1, 2 …. The authors never see it."
            }
            (Thread::Reviewers, _) => {
                "The editors of this submission and the other reviewers who have sent their report read this thread. Reviewers appear only as Reviewer 1, 2 …; the authors never see it."
            }
            (Thread::Authors, Seat::Author) => {
                "The editors handling your submission read this thread: ask here what needs no new version. The reviewers never see it."
            }
            (Thread::Authors, _) => {
                "The submitting author and the editors of this submission read this thread. The reviewers never see it."
            }
        }
    }
}

const CLOSED: &str = "This submission was withdrawn, so its discussion takes no more messages.";

async fn page(
    ctx: &Ctx,
    door: Door,
    status: StatusCode,
    message: String,
    errors: FormErrors,
    refused: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let (person, roles, site) = ctx.acting()?;
    let v = ctx
        .state
        .db
        .run(move |conn| {
            let asker = Asker::new(&person, &roles, &site);
            discussion::view(conn, &asker, door).map_err(AppError::from)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    render_with(
        status,
        &ThreadPage {
            chrome: ctx.chrome(format!("{} · {}", v.thread.title(), v.s.number_or_draft())),
            v,
            message,
            errors,
            refused,
        },
    )
}

async fn show(ctx: Ctx, door: Door) -> Result<HttpResponse, AppError> {
    page(
        &ctx,
        door,
        StatusCode::OK,
        String::new(),
        FormErrors::new(),
        None,
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct MessageForm {
    #[serde(default)]
    message: String,
}

async fn send(ctx: Ctx, door: Door, form: MessageForm) -> Result<HttpResponse, AppError> {
    let (person, roles, site) = ctx.acting()?;
    let typed = form.message;
    let text = typed.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            let asker = Asker::new(&person, &roles, &site);
            discussion::post(conn, &asker, door, &text, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        PostOutcome::Posted(path) => {
            session::flash_notice(
                &ctx.session,
                "Your message is posted. The others in this thread have been told by e-mail.",
            );
            Ok(see_other(&path))
        }
        PostOutcome::Invalid(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            page(&ctx, door, status, typed, errors, None).await
        }
        PostOutcome::Closed => {
            let (status, errors) = (StatusCode::CONFLICT, FormErrors::new());
            page(&ctx, door, status, typed, errors, Some(CLOSED)).await
        }
        PostOutcome::NotFound => Err(AppError::NotFound),
    }
}

fn editorial_door(id: i64, thread: &str) -> Result<Door, AppError> {
    let thread = thread.parse().map_err(|()| AppError::NotFound)?;
    Ok(Door::Editorial {
        submission_id: id,
        thread,
    })
}

/// GET /editorial/submissions/{id}/discussion/{thread}
pub async fn editorial_thread(
    ctx: Ctx,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, thread) = path.into_inner();
    show(ctx, editorial_door(id, &thread)?).await
}

/// POST /editorial/submissions/{id}/discussion/{thread}
pub async fn editorial_post(
    ctx: Ctx,
    path: web::Path<(i64, String)>,
    form: web::Form<MessageForm>,
) -> Result<HttpResponse, AppError> {
    let (id, thread) = path.into_inner();
    send(ctx, editorial_door(id, &thread)?, form.into_inner()).await
}

/// GET /submissions/{id}/discussion: the authors' thread, for its submitter.
pub async fn author_thread(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let submission_id = path.into_inner();
    show(ctx, Door::Author { submission_id }).await
}

/// POST /submissions/{id}/discussion
pub async fn author_post(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<MessageForm>,
) -> Result<HttpResponse, AppError> {
    let submission_id = path.into_inner();
    send(ctx, Door::Author { submission_id }, form.into_inner()).await
}

/// GET /reviews/{id}/discussion: the reviewers' thread, for the reviewer of invitation `id`.
pub async fn reviewer_thread(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let invitation_id = path.into_inner();
    show(ctx, Door::Reviewer { invitation_id }).await
}

/// POST /reviews/{id}/discussion
pub async fn reviewer_post(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<MessageForm>,
) -> Result<HttpResponse, AppError> {
    let invitation_id = path.into_inner();
    send(ctx, Door::Reviewer { invitation_id }, form.into_inner()).await
}
