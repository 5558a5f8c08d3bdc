//! "Where you are signed in" (issue 26, ASVS 3.3.2): the person's own sessions, each
//! with its browser and when it was last used, and a button that ends it.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::{AppError, Chrome, Ctx, render, see_other, session};
use crate::db::DbError;
use crate::workflow::sessions::{self, SessionLine};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/account/sessions", web::get().to(list))
        .route("/account/sessions/end-others", web::post().to(end_others))
        .route("/account/sessions/{handle}/end", web::post().to(end));
}

#[derive(Template)]
#[template(path = "account/sessions.html")]
struct SessionsPage {
    chrome: Chrome,
    lines: Vec<SessionLine>,
}

impl SessionsPage {
    fn others(&self) -> usize {
        self.lines.iter().filter(|l| !l.this_one).count()
    }
}

pub async fn list(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer()?;
    let (person_id, current) = (viewer.person.id, viewer.session_hash.clone());
    let lines = ctx
        .state
        .db
        .run(move |conn| sessions::list(conn, person_id, &current).map_err(DbError::from))
        .await?;
    render(&SessionsPage {
        chrome: ctx.chrome("Where you are signed in"),
        lines,
    })
}

pub async fn end(ctx: Ctx, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer()?;
    let (person_id, current) = (viewer.person.id, viewer.session_hash.clone());
    let handle = path.into_inner();
    let ended = ctx
        .state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| {
                sessions::end(conn, person_id, &current, &handle)
            })
            .map_err(DbError::from)
        })
        .await?;
    if ended {
        session::flash_notice(&ctx.session, "That session has ended.");
    } else {
        session::flash_error(&ctx.session, "That session had already ended.");
    }
    Ok(see_other("/account/sessions"))
}

pub async fn end_others(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer()?;
    let (person_id, current) = (viewer.person.id, viewer.session_hash.clone());
    let ended = ctx
        .state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| {
                sessions::end_others(conn, person_id, &current)
            })
            .map_err(DbError::from)
        })
        .await?;
    session::flash_notice(
        &ctx.session,
        match ended {
            0 => "You were signed in nowhere else.".to_owned(),
            1 => "You are now signed out of 1 other session.".to_owned(),
            n => format!("You are now signed out of {n} other sessions."),
        },
    );
    Ok(see_other("/account/sessions"))
}
