//! The Editorial Board page of an editor-in-chief: who takes new submissions, their topics
//! and how many they take at once.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::session;
use super::{AppError, Chrome, Ctx, render_with, see_other};
use crate::db::DbConnection;
use crate::db::editorial as store;
use crate::db::{collections, guard};
use crate::domain::FormErrors;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/editorial/board", web::get().to(board))
        .route("/editorial/board/{person_id}", web::post().to(update_offer));
}

/// One editor on the board page.
pub struct BoardLine {
    pub person_id: i64,
    pub name: String,
    pub affiliation: String,
    pub role: &'static str,
    pub capacity: i32,
    pub available: bool,
    pub topics: Vec<String>,
    pub open_load: i64,
    /// The offer as the form shows it (`EditorOffer::read_with`).
    pub read_with: String,
}

#[derive(Template)]
#[template(path = "editorial/board.html")]
struct BoardPage {
    chrome: Chrome,
    lines: Vec<BoardLine>,
    topics: Vec<String>,
    errors: FormErrors,
}

impl BoardPage {
    fn covers(&self, line: &BoardLine, topic: &str) -> bool {
        line.topics.iter().any(|t| t == topic)
    }
}

/// The journal the viewer is editor-in-chief of (the first, if several).
fn chief_journal(ctx: &Ctx) -> Result<i64, AppError> {
    ctx.viewer()?
        .roles
        .iter()
        .find(|r| r.role == crate::domain::Role::EditorInChief)
        .and_then(|r| r.journal_id)
        .ok_or(AppError::NotFound)
}

async fn board_page(
    ctx: &Ctx,
    journal_id: i64,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (journal, lines, topics) = ctx
        .state
        .db
        .run(move |conn| -> Result<_, AppError> {
            use crate::domain::Role;
            let journal = collections::find_journal(conn, journal_id)?
                .map(|j| j.name)
                .unwrap_or_default();
            let mut topics: Vec<String> = Vec::new();
            let mut lines = Vec::new();
            let mut seen = Vec::new();
            for (c, _) in collections::list_collections(conn)? {
                if c.journal_id != journal_id {
                    continue;
                }
                for t in collections::topics_of(conn, c.id)? {
                    if !topics.contains(&t) {
                        topics.push(t);
                    }
                }
                for p in store::people_with_role(conn, Role::GuestEditor, None, Some(c.id))? {
                    if !seen.contains(&p.id) {
                        seen.push(p.id);
                        lines.push((p, "Guest Editor"));
                    }
                }
            }
            for p in store::people_with_role(conn, Role::BoardMember, Some(journal_id), None)? {
                if !seen.contains(&p.id) {
                    seen.push(p.id);
                    lines.push((p, "Editorial Board Member"));
                }
            }
            let mut out = Vec::new();
            for (p, role) in lines {
                let offer = store::offer_of(conn, p.id, journal_id)?;
                out.push(BoardLine {
                    read_with: offer.read_with(),
                    person_id: p.id,
                    open_load: store::open_load(conn, p.id)?,
                    name: p.name,
                    affiliation: p.affiliation,
                    role,
                    capacity: offer.capacity,
                    available: offer.available,
                    topics: offer.topics,
                });
            }
            Ok((journal, out, topics))
        })
        .await?;
    render_with(
        status,
        &BoardPage {
            chrome: ctx.chrome(format!("Editorial Board of {journal}")),
            lines,
            topics,
            errors,
        },
    )
}

/// GET /editorial/board: the editor-in-chief's view of who handles submissions.
pub async fn board(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let journal_id = chief_journal(&ctx)?;
    board_page(&ctx, journal_id, FormErrors::new(), StatusCode::OK).await
}

/// The offer as the board form sends it (fields repeat: one `topics` a topic checked), and
/// the offer it was read with; or the capacity's error.
fn offer_from_form(
    fields: &[(String, String)],
    person_id: i64,
) -> Result<(store::EditorOffer, Option<String>), FormErrors> {
    let value = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_owned())
    };
    let capacity = match value("capacity").and_then(|v| v.parse::<i32>().ok()) {
        Some(n) if (0..=100).contains(&n) => n,
        _ => {
            let mut errors = FormErrors::new();
            errors.add(
                format!("capacity_{person_id}"),
                "Capacity is a whole number of open submissions, from 0 to 100.",
            );
            return Err(errors);
        }
    };
    let offer = store::EditorOffer {
        capacity,
        available: value("available").is_some_and(|v| v == "yes"),
        topics: fields
            .iter()
            .filter(|(n, _)| n == "topics")
            .map(|(_, v)| v.clone())
            .collect(),
    };
    Ok((offer, value("read_with")))
}

/// Whether the person edits for this journal (on its board, or a guest editor of one of its
/// collections): only they have an offer to change.
fn edits_for(conn: &mut DbConnection, person_id: i64, journal_id: i64) -> Result<bool, AppError> {
    use crate::domain::Role;
    let on_board = store::people_with_role(conn, Role::BoardMember, Some(journal_id), None)?
        .iter()
        .any(|p| p.id == person_id);
    let guest = collections::list_collections(conn)?
        .into_iter()
        .filter(|(c, _)| c.journal_id == journal_id)
        .map(|(c, _)| store::people_with_role(conn, Role::GuestEditor, None, Some(c.id)))
        .collect::<Result<Vec<_>, _>>()?
        .iter()
        .flatten()
        .any(|p| p.id == person_id);
    Ok(on_board || guest)
}

/// Writes the offer: `Some(true)` when saved, `Some(false)` when the person has no offer
/// here, `None` when it was changed from another tab since the form was read, and not to
/// what this one says (nothing is written; a repeated press is simply done).
fn save_offer(
    conn: &mut DbConnection,
    (person_id, journal_id): (i64, i64),
    offer: &store::EditorOffer,
    read_with: Option<String>,
) -> Result<Option<bool>, AppError> {
    if !edits_for(conn, person_id, journal_id)? {
        return Ok(Some(false));
    }
    guard::lock_person(conn, person_id)?;
    let now = store::offer_of(conn, person_id, journal_id)?.read_with();
    if read_with.is_some_and(|read| read != now && now != offer.read_with()) {
        return Ok(None);
    }
    store::set_offer(conn, person_id, journal_id, offer)?;
    Ok(Some(true))
}

/// POST /editorial/board/{person_id}: capacity, availability and topics of one editor.
pub async fn update_offer(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let journal_id = chief_journal(&ctx)?;
    let person_id = path.into_inner();
    let (offer, read_with) = match offer_from_form(&form.into_inner(), person_id) {
        Ok(read) => read,
        Err(errors) => {
            return board_page(&ctx, journal_id, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let updated = ctx
        .state
        .db
        .run(move |conn| save_offer(conn, (person_id, journal_id), &offer, read_with))
        .await?;
    match updated {
        Some(true) => {}
        Some(false) => return Err(AppError::NotFound),
        None => {
            let mut errors = FormErrors::new();
            errors.add(
                format!("capacity_{person_id}"),
                "This editor's capacity, availability or topics were changed from another tab after you opened this page, so nothing was saved. The page shows them as they are now: make your change again.",
            );
            return board_page(&ctx, journal_id, errors, StatusCode::CONFLICT).await;
        }
    }
    session::flash_notice(&ctx.session, "Saved.");
    Ok(see_other("/editorial/board"))
}
