//! The deadlines pages (issue 18): each editor's deadlines view with "Remind now", the
//! handling editor's extension of a revised version's due date, and a collection's deadline
//! settings (its editor-in-chief's). Thin: parse, ask the workflow, render.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::{AppError, Chrome, Ctx, LazyCtx, form_status, render_with, see_other, session};
use crate::db::guard::ReadAt;
use crate::domain::FormErrors;
use crate::domain::deadlines::{Awaited, DUE_WITHIN_DAYS, DeadlineSettingsInput, check_within};
use crate::domain::permissions::Action;
use crate::workflow::deadlines::{
    self, Deadlines, ExtendOutcome, ExtensionForm, ExtensionPage, RemindOutcome, RemindRequest,
    SettingsOutcome, SettingsPage,
};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/editorial/deadlines", web::get().to(view))
        .route("/editorial/submissions/{id}/remind", web::post().to(remind))
        .route(
            "/editorial/submissions/{id}/revision-deadline",
            web::get().to(extension),
        )
        .route(
            "/editorial/submissions/{id}/revision-deadline",
            web::post().to(extend),
        )
        .route("/admin/collections/{id}/deadlines", web::get().to(settings))
        .route(
            "/admin/collections/{id}/deadlines",
            web::post().to(save_settings),
        );
}

// ---- The deadlines view ----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "editorial/deadlines.html")]
struct DeadlinesPage {
    chrome: Chrome,
    d: Deadlines,
    /// The "within" field as typed.
    within: String,
    errors: FormErrors,
}

#[derive(serde::Deserialize)]
pub struct WithinQuery {
    #[serde(default)]
    within: String,
}

/// The deadlines page with how far ahead it looks as typed (`typed`), and the errors of a
/// form on it; a look-ahead that does not read is refused beside its field, with the
/// default used meanwhile.
async fn page(
    ctx: LazyCtx,
    typed: String,
    mut errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let within = match check_within(&typed) {
        Ok(n) => n,
        Err(message) => {
            errors.add("within", message);
            DUE_WITHIN_DAYS
        }
    };
    let (memo, site) = (ctx.state().memo.clone(), ctx.state().config.site());
    let (ctx, d) = ctx
        .run_signed_in(move |conn, viewer| {
            if !viewer.may(Action::OpenEditorialQueue) {
                return Err(AppError::NotFound);
            }
            let (person, roles) = (&viewer.person, &viewer.roles);
            deadlines::deadlines(conn, person, roles, &memo, within, &site).map_err(AppError::from)
        })
        .await?;
    render_with(
        form_status(&errors),
        &DeadlinesPage {
            chrome: ctx.chrome("Deadlines"),
            d,
            within: typed,
            errors,
        },
    )
}

/// GET /editorial/deadlines[?within=N]
pub async fn view(ctx: LazyCtx, q: web::Query<WithinQuery>) -> Result<HttpResponse, AppError> {
    page(ctx, q.into_inner().within, FormErrors::new()).await
}

#[derive(serde::Deserialize)]
pub struct RemindForm {
    #[serde(default)]
    awaited: String,
    #[serde(default)]
    invitation: String,
    /// How far ahead the page looked, to come back to the same page.
    #[serde(default)]
    within: String,
}

/// POST /editorial/submissions/{id}/remind: "Remind now". Whatever happened, back to the
/// deadlines page, which says it.
pub async fn remind(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<RemindForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let f = form.into_inner();
    let (person, roles, site) = ctx.acting()?;
    let req = RemindRequest {
        awaited: Awaited::parse(f.awaited.trim()),
        invitation_id: f.invitation.trim().parse().ok(),
    };
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            deadlines::remind_now(conn, &person, &roles, id, req, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        RemindOutcome::NotFound => return Err(AppError::NotFound),
        RemindOutcome::Sent { to } => {
            session::flash_notice(&ctx.session, format!("Reminder sent to {to}."))
        }
        RemindOutcome::AlreadySent { to } => session::flash_notice(
            &ctx.session,
            format!("A reminder went to {to} less than a minute ago; nothing more was sent."),
        ),
        RemindOutcome::Refused(why) => session::flash_error(&ctx.session, why),
    }
    let back = match check_within(&f.within) {
        Ok(n) if n != DUE_WITHIN_DAYS => format!("/editorial/deadlines?within={n}"),
        _ => "/editorial/deadlines".to_owned(),
    };
    Ok(see_other(&back))
}

// ---- More time for a revised version -----------------------------------------------------------

#[derive(Template)]
#[template(path = "editorial/revision_deadline.html")]
struct ExtensionTemplate {
    chrome: Chrome,
    p: ExtensionPage,
    /// The form as typed (or as offered).
    due_on: String,
    note: String,
    read_at: String,
    errors: FormErrors,
}

async fn extension_page(
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    typed: Option<ExtensionForm>,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let (person, roles, site) = ctx.acting()?;
    let p = ctx
        .state
        .db
        .run(move |conn| {
            deadlines::extension_page(conn, &person, &roles, id, &site).map_err(AppError::from)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    let offered = p
        .due
        .as_ref()
        .map(|d| d.suggested_extension())
        .unwrap_or_default();
    let read_at = ReadAt::field(p.due.as_ref().map(|d| d.deadline.updated_at));
    let (due_on, note) = match typed {
        Some(f) => (f.due_on, f.note),
        None => (offered, String::new()),
    };
    render_with(
        status,
        &ExtensionTemplate {
            chrome: ctx.chrome(format!(
                "More time for the revised version of {}",
                p.submission.number_or_draft()
            )),
            p,
            due_on,
            note,
            read_at,
            errors,
        },
    )
}

/// GET /editorial/submissions/{id}/revision-deadline
pub async fn extension(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    extension_page(
        &ctx,
        path.into_inner(),
        StatusCode::OK,
        None,
        FormErrors::new(),
    )
    .await
}

/// POST /editorial/submissions/{id}/revision-deadline: give the authors more time.
pub async fn extend(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<ExtensionForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let f = form.into_inner();
    let (person, roles, site) = ctx.acting()?;
    let sent = f.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            deadlines::extend(conn, &person, &roles, id, &sent, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    let mut errors = FormErrors::new();
    let status = match outcome {
        ExtendOutcome::NotFound => return Err(AppError::NotFound),
        ExtendOutcome::Extended { due } => {
            session::flash_notice(
                &ctx.session,
                format!(
                    "The revised version is now due by {}; the corresponding author has been told.",
                    crate::domain::deadlines::long_date(due)
                ),
            );
            return Ok(see_other(&format!("/editorial/submissions/{id}")));
        }
        ExtendOutcome::Invalid(e) => {
            errors = e;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        ExtendOutcome::Stale { due } => {
            errors.add(
                "due_on",
                format!(
                    "The due date was changed from another tab after you opened this page: it is now {}. Nothing was changed; the page shows it as it is now, with what you typed.",
                    crate::domain::deadlines::long_date(due)
                ),
            );
            StatusCode::CONFLICT
        }
        ExtendOutcome::NotAwaited => {
            errors.add(
                "due_on",
                "No revised version is awaited from the authors now, so there is no date to move. Nothing was changed.",
            );
            StatusCode::CONFLICT
        }
    };
    extension_page(&ctx, id, status, Some(f), errors).await
}

// ---- A collection's deadline settings ------------------------------------------------------------

#[derive(Template)]
#[template(path = "admin/collection_deadlines.html")]
struct SettingsTemplate {
    chrome: Chrome,
    p: SettingsPage,
    errors: FormErrors,
}

async fn settings_page(
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    typed: Option<(DeadlineSettingsInput, String)>,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let site = ctx.state.config.site();
    let mut p = ctx
        .state
        .db
        .run(move |conn| {
            deadlines::settings_page(conn, &viewer.roles, id, &site).map_err(AppError::from)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some((input, read_at)) = typed {
        p.input = input;
        p.read_at = read_at;
    }
    render_with(
        status,
        &SettingsTemplate {
            chrome: ctx.chrome(format!("Deadlines of “{}”", p.collection.title)),
            p,
            errors,
        },
    )
}

/// GET /admin/collections/{id}/deadlines
pub async fn settings(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    settings_page(
        &ctx,
        path.into_inner(),
        StatusCode::OK,
        None,
        FormErrors::new(),
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    read_at: Option<String>,
    #[serde(flatten)]
    input: DeadlineSettingsInput,
}

/// POST /admin/collections/{id}/deadlines
pub async fn save_settings(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<SettingsForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let SettingsForm { read_at, input } = form.into_inner();
    let read = ReadAt::from_form(read_at.as_deref());
    let typed = input.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            deadlines::save_settings(conn, &viewer.person, &viewer.roles, id, &typed, read)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    let form_read_at = read.map(|r| ReadAt::field(r.0)).unwrap_or_default();
    match outcome {
        SettingsOutcome::NotFound => Err(AppError::NotFound),
        SettingsOutcome::Saved {
            collection,
            flagged,
        } => {
            let also = match flagged {
                0 => String::new(),
                1 => " 1 report already in now counts as fast: it is on the Integrity page."
                    .to_owned(),
                n => format!(
                    " {n} reports already in now count as fast: they are on the Integrity page."
                ),
            };
            session::flash_notice(
                &ctx.session,
                format!("The deadlines of “{collection}” are saved.{also}"),
            );
            Ok(see_other(&format!("/admin/collections/{id}/deadlines")))
        }
        SettingsOutcome::Invalid(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            settings_page(&ctx, id, status, Some((input, form_read_at)), errors).await
        }
        SettingsOutcome::ChangedMeanwhile(at) => {
            let mut errors = FormErrors::new();
            errors.add(
                "minor_revision_days",
                format!(
                    "These deadlines were saved by someone else, or from another tab, at {} UTC, after you opened this page, so nothing was saved from here. What you typed is kept below: save again to replace the saved settings with it.",
                    at.format("%H:%M:%S")
                ),
            );
            // Saving again from here is a choice made knowing the newer version.
            let typed = Some((input, ReadAt::field(Some(at))));
            settings_page(&ctx, id, StatusCode::CONFLICT, typed, errors).await
        }
    }
}
