//! A collection's own letters (issue 18 part 3), its editor-in-chief's pages: the list of
//! messages, one letter's form with its placeholders, preview and history, and restoring a
//! version. Thin: parse, ask `workflow::letters`, render.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::{AppError, Chrome, Ctx, render_with, see_other, session};
use crate::domain::FormErrors;
use crate::domain::permissions::Action;
use crate::mail::letters::{Letter, Wording};
use crate::workflow::letters::{
    self as letters, LetterLine, LetterPage, Preview, Restore, RestoreOutcome, SaveOutcome,
};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/collections/{id}/letters", web::get().to(list))
        .route(
            "/admin/collections/{id}/letters/{letter}",
            web::get().to(show),
        )
        .route(
            "/admin/collections/{id}/letters/{letter}",
            web::post().to(post),
        )
        .route(
            "/admin/collections/{id}/letters/{letter}/restore",
            web::post().to(restore),
        );
}

#[derive(Template)]
#[template(path = "admin/letters.html")]
struct ListPage {
    chrome: Chrome,
    collection: crate::db::collections::Collection,
    lines: Vec<LetterLine>,
}

/// GET /admin/collections/{id}/letters
pub async fn list(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let id = path.into_inner();
    let (collection, lines) = ctx
        .state
        .db
        .run(move |conn| letters::overview(conn, &viewer.roles, id).map_err(AppError::from))
        .await?
        .ok_or(AppError::NotFound)?;
    render_with(
        StatusCode::OK,
        &ListPage {
            chrome: ctx.chrome(format!("Letters of “{}”", collection.title)),
            collection,
            lines,
        },
    )
}

#[derive(Template)]
#[template(path = "admin/letter.html")]
struct LetterTemplate {
    chrome: Chrome,
    p: LetterPage,
    /// The subject and body in the form: in force, or as typed.
    typed: Wording,
    /// The version the form was read at, sent back with it.
    read: i32,
    /// The submission chosen for the preview.
    chosen: Option<i64>,
    preview: Option<Preview>,
    errors: FormErrors,
}

impl LetterTemplate {
    /// A placeholder as written in a template.
    fn mark(&self, name: &str) -> String {
        format!("{{{{ {name} }}}}")
    }

    fn is_chosen(&self, id: &i64) -> bool {
        self.chosen == Some(*id)
    }

    fn body_hint(&self) -> &'static str {
        "Placeholders in double braces are filled in when it is sent; text between {% if name %} and {% endif %} is sent only when that value is not empty."
    }
}

/// What the form brought back: typed text, the version it was read at, the preview's choice.
struct Typed {
    wording: Wording,
    read: i32,
    chosen: Option<i64>,
}

fn parse_letter(raw: &str) -> Result<Letter, AppError> {
    Letter::from_key(raw).ok_or(AppError::NotFound)
}

async fn letter_page(
    ctx: &Ctx,
    (id, letter): (i64, Letter),
    status: StatusCode,
    typed: Option<Typed>,
    (preview, errors): (Option<Preview>, FormErrors),
) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let site = ctx.state.config.site();
    let p = ctx
        .state
        .db
        .run(move |conn| {
            letters::letter_page(conn, &viewer.person, &viewer.roles, id, letter, &site)
                .map_err(AppError::from)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    let typed = typed.unwrap_or_else(|| Typed {
        wording: p.wording.clone(),
        read: p.newest,
        chosen: p.choices.first().map(|c| c.id),
    });
    render_with(
        status,
        &LetterTemplate {
            chrome: ctx.chrome(format!("{} · {}", letter.label(), p.collection.title)),
            typed: typed.wording,
            read: typed.read,
            chosen: typed.chosen,
            p,
            preview,
            errors,
        },
    )
}

/// GET /admin/collections/{id}/letters/{letter}
pub async fn show(ctx: Ctx, path: web::Path<(i64, String)>) -> Result<HttpResponse, AppError> {
    let (id, raw) = path.into_inner();
    let letter = parse_letter(&raw)?;
    let empty = (None, FormErrors::new());
    letter_page(&ctx, (id, letter), StatusCode::OK, None, empty).await
}

#[derive(serde::Deserialize)]
pub struct LetterForm {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    read: String,
    #[serde(default)]
    submission: String,
    #[serde(default)]
    action: String,
}

/// POST /admin/collections/{id}/letters/{letter}: preview, or save as the newest version.
pub async fn post(
    ctx: Ctx,
    path: web::Path<(i64, String)>,
    form: web::Form<LetterForm>,
) -> Result<HttpResponse, AppError> {
    let (id, raw) = path.into_inner();
    let letter = parse_letter(&raw)?;
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let f = form.into_inner();
    let typed = Typed {
        wording: letters::typed_wording(&f.subject, &f.body),
        read: f.read.trim().parse().unwrap_or(0),
        chosen: f.submission.trim().parse().ok(),
    };
    let errors = crate::domain::letter_template::check(
        &typed.wording.subject,
        &typed.wording.body,
        &letter.placeholders(),
    );
    // Errors, and a preview, come back on the same page with the input kept.
    if !errors.is_empty() || f.action != "save" {
        return preview_page(&ctx, (id, letter), typed, errors).await;
    }
    let wording = typed.wording.clone();
    let read = Some(typed.read);
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            letters::save(
                conn,
                &viewer.person,
                &viewer.roles,
                (id, letter),
                &wording,
                read,
            )
            .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        SaveOutcome::NotFound => Err(AppError::NotFound),
        SaveOutcome::Saved {
            version,
            collection,
        } => {
            session::flash_notice(
                &ctx.session,
                format!(
                    "“{}” of {collection} is saved as version {version}: the next such message is sent with it.",
                    letter.label()
                ),
            );
            Ok(see_other(&format!(
                "/admin/collections/{id}/letters/{}",
                letter.key()
            )))
        }
        SaveOutcome::Invalid(errors) => preview_page(&ctx, (id, letter), typed, errors).await,
        SaveOutcome::ChangedMeanwhile { version } => {
            let mut errors = FormErrors::new();
            errors.add(
                "body",
                format!(
                    "Someone saved version {version} of this letter after you opened this page, so nothing was saved from here. What you typed is kept below: save again to replace it."
                ),
            );
            let typed = Typed {
                read: version,
                ..typed
            };
            let status = StatusCode::CONFLICT;
            letter_page(&ctx, (id, letter), status, Some(typed), (None, errors)).await
        }
    }
}

/// The page with the typed text kept: its errors (422), or its preview.
async fn preview_page(
    ctx: &Ctx,
    (id, letter): (i64, Letter),
    typed: Typed,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    if !errors.is_empty() {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return letter_page(ctx, (id, letter), status, Some(typed), (None, errors)).await;
    }
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let site = ctx.state.config.site();
    let wording = typed.wording.clone();
    let chosen = typed.chosen;
    let preview = ctx
        .state
        .db
        .run(move |conn| {
            letters::preview(
                conn,
                &viewer.person,
                &viewer.roles,
                (id, letter),
                (&wording.subject, &wording.body),
                chosen,
                &site,
            )
            .map_err(AppError::from)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    let shown = (Some(preview), errors);
    letter_page(ctx, (id, letter), StatusCode::OK, Some(typed), shown).await
}

#[derive(serde::Deserialize)]
pub struct RestoreForm {
    #[serde(default)]
    version: String,
}

/// POST /admin/collections/{id}/letters/{letter}/restore: an older version, or "default".
pub async fn restore(
    ctx: Ctx,
    path: web::Path<(i64, String)>,
    form: web::Form<RestoreForm>,
) -> Result<HttpResponse, AppError> {
    let (id, raw) = path.into_inner();
    let letter = parse_letter(&raw)?;
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let which = match form.version.trim() {
        "default" => Restore::Default,
        n => Restore::Version(n.parse().map_err(|_| AppError::NotFound)?),
    };
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            letters::restore(conn, &viewer.person, &viewer.roles, (id, letter), which)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        RestoreOutcome::NotFound => Err(AppError::NotFound),
        RestoreOutcome::Restored(version) => {
            let what = match which {
                Restore::Default => "The shipped default".to_owned(),
                Restore::Version(n) => format!("Version {n}"),
            };
            session::flash_notice(
                &ctx.session,
                format!("{what} is in force again, as version {version}."),
            );
            Ok(see_other(&format!(
                "/admin/collections/{id}/letters/{}",
                letter.key()
            )))
        }
    }
}
