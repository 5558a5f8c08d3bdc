//! The editorial office's view of outgoing mail: the list with filters, one message with
//! its delivery attempts, and "retry now" for a message that failed. What each person may
//! read of it, and that secrets are masked, is [`crate::workflow::outbox`]'s business.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{AppError, Chrome, Ctx, render, see_other, session};
use crate::db::outbox::{self, Attempt, ListFilter, OutboxMessage, Reach};
use crate::domain::permissions::Action;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/outbox", web::get().to(list))
        .route("/admin/outbox/{id}", web::get().to(show))
        .route("/admin/outbox/{id}/retry", web::post().to(retry));
}

pub const PAGE_SIZE: i64 = 50;
pub const STATUSES: [&str; 6] = [
    outbox::QUEUED,
    outbox::SENDING,
    outbox::SENT,
    outbox::FAILED,
    outbox::HELD,
    outbox::DIGESTED,
];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OutboxQuery {
    status: String,
    recipient: String,
    submission: String,
    before: Option<i64>,
}

#[derive(Template)]
#[template(path = "admin/outbox.html")]
struct OutboxPage {
    chrome: Chrome,
    messages: Vec<OutboxMessage>,
    query: OutboxQuery,
    statuses: [&'static str; 6],
    next_before: Option<i64>,
    /// The reader sees only part of the outbox (an editor-in-chief).
    limited: bool,
}

impl OutboxPage {
    fn next_link(&self, before: &i64) -> String {
        use super::error::url_encode;
        format!(
            "/admin/outbox?status={}&recipient={}&submission={}&before={before}",
            url_encode(&self.query.status),
            url_encode(&self.query.recipient),
            url_encode(&self.query.submission)
        )
    }
}

/// What the signed-in reader may read of the outbox (`None`: all of it), or 404.
async fn reach(ctx: &Ctx) -> Result<Option<Reach>, AppError> {
    let viewer = ctx.viewer_who_may(Action::ReadOutbox)?.clone();
    let memo = ctx.state.memo.clone();
    let settings = ctx.state.config.site().settings();
    ctx.state
        .db
        .run(move |conn| {
            crate::workflow::outbox::reach_of(conn, &viewer.person, &viewer.roles, &settings, &memo)
                .map_err(AppError::from)
        })
        .await
}

pub async fn list(ctx: Ctx, query: web::Query<OutboxQuery>) -> Result<HttpResponse, AppError> {
    let reach = reach(&ctx).await?;
    let limited = reach.is_some();
    let query = query.into_inner();
    let filter = ListFilter {
        status: Some(query.status.trim().to_owned()).filter(|s| STATUSES.contains(&s.as_str())),
        recipient: Some(query.recipient.trim().to_lowercase()).filter(|s| !s.is_empty()),
        thread_key: Some(query.submission.trim().to_owned()).filter(|s| !s.is_empty()),
        before_id: query.before,
        reach: None,
    };
    let messages = ctx
        .state
        .db
        .run(move |conn| {
            crate::workflow::outbox::list(conn, reach, filter, PAGE_SIZE).map_err(AppError::from)
        })
        .await?;
    let next_before = if messages.len() as i64 == PAGE_SIZE {
        messages.last().map(|m| m.id)
    } else {
        None
    };
    render(&OutboxPage {
        chrome: ctx.chrome("Outbox"),
        messages,
        query,
        statuses: STATUSES,
        next_before,
        limited,
    })
}

#[derive(Template)]
#[template(path = "admin/outbox_message.html")]
struct MessagePage {
    chrome: Chrome,
    m: OutboxMessage,
    attempts: Vec<Attempt>,
}

pub async fn show(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let reach = reach(&ctx).await?;
    let id = path.into_inner();
    let (m, attempts) = ctx
        .state
        .db
        .run(move |conn| -> Result<_, AppError> {
            crate::workflow::outbox::find(conn, reach.as_ref(), id)?.ok_or(AppError::NotFound)
        })
        .await?;
    render(&MessagePage {
        chrome: ctx.chrome(format!("Message {}", m.id)),
        m,
        attempts,
    })
}

pub async fn retry(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let reach = reach(&ctx).await?;
    let id = path.into_inner();
    let requeued = ctx
        .state
        .db
        .run(move |conn| -> Result<_, AppError> {
            crate::workflow::outbox::retry_now(conn, reach.as_ref(), id)?.ok_or(AppError::NotFound)
        })
        .await?;
    if requeued {
        session::flash_notice(
            &ctx.session,
            "The message is queued again and will be sent within moments.",
        );
    } else {
        session::flash_error(
            &ctx.session,
            "Only a failed message can be retried; this one is not failed.",
        );
    }
    Ok(see_other(&format!("/admin/outbox/{id}")))
}
