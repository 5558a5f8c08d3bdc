//! Revised versions and appeals: the author's revision and appeal pages, and the page of
//! the editor who hears an appeal. Parse, call [`crate::workflow::round`], render.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::multipart::read_form;
use super::session;
use super::{AppError, Chrome, Ctx, render_with, see_other};
use crate::db::rounds::Appeal;
use crate::db::submissions::Submission;
use crate::domain::FormErrors;
use crate::domain::appeal::AppealOutcome;
use crate::workflow::round::{self, Hearing, RevisedVersion, StepOutcome};
use crate::workflow::submission::{FileRole, FileUpload, human_size};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/submissions/{id}/revision", web::get().to(revision_form))
        .route("/submissions/{id}/revision", web::post().to(revision))
        .route("/submissions/{id}/appeal", web::get().to(appeal_form))
        .route("/submissions/{id}/appeal", web::post().to(appeal))
        .route(
            "/editorial/submissions/{id}/appeal",
            web::get().to(hearing_form),
        )
        .route("/editorial/submissions/{id}/appeal", web::post().to(hear));
}

fn status_of(outcome: &StepOutcome) -> StatusCode {
    match outcome {
        StepOutcome::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        StepOutcome::Refused(_) => StatusCode::CONFLICT,
        _ => StatusCode::OK,
    }
}

// ---- The revised version ----------------------------------------------------------------

#[derive(Template)]
#[template(path = "submissions/revision.html")]
struct RevisionPage {
    chrome: Chrome,
    s: Submission,
    /// Why no revised version can be sent now, if it cannot.
    refused: Option<String>,
    /// Reviewers read the response without the authors' names (said beside the field).
    double_blind: bool,
    response: String,
    errors: FormErrors,
    max_upload: String,
    action: String,
}

impl RevisionPage {
    /// Who reads the response: the same people the reviewer's desk shows it to.
    fn response_hint(&self) -> &'static str {
        if self.double_blind {
            "Answer each comment of the decision letter, point by point: what you changed and where, or why you did not. The handling editor reads it, and so do the reviewers of the revised version, without your names (this collection uses double-blind review): do not sign it or name yourselves."
        } else {
            "Answer each comment of the decision letter, point by point: what you changed and where, or why you did not. The handling editor reads it, and so do the reviewers of the revised version."
        }
    }
}

async fn revision_page(
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    response: String,
    errors: FormErrors,
    refused: Option<String>,
) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let (s, not_now, double_blind) = ctx
        .state
        .db
        .run(move |conn| -> Result<_, AppError> {
            let Some((s, not_now)) = round::revision_page(conn, person_id, id)? else {
                return Ok(None);
            };
            let (_, _, double_blind) = crate::db::collections::setting_of(conn, &s)?;
            Ok(Some((s, not_now, double_blind)))
        })
        .await?
        .ok_or(AppError::NotFound)?;
    render_with(
        status,
        &RevisionPage {
            chrome: ctx.chrome(format!("Revised version of {}", s.number_or_draft())),
            action: format!("/submissions/{id}/revision"),
            max_upload: human_size(ctx.state.config.max_upload_bytes),
            refused: refused.or(not_now),
            double_blind,
            s,
            response,
            errors,
        },
    )
}

/// GET /submissions/{id}/revision
pub async fn revision_form(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    revision_page(
        &ctx,
        path.into_inner(),
        StatusCode::OK,
        String::new(),
        FormErrors::new(),
        None,
    )
    .await
}

/// POST /submissions/{id}/revision (multipart: the files and the response)
pub async fn revision(
    ctx: Ctx,
    path: web::Path<i64>,
    body: Multipart,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let person = ctx.viewer()?.person.clone();
    let max_bytes = ctx.state.config.max_upload_bytes;
    let parts = read_form(body, max_bytes).await?;
    let response = parts.text("response");
    let uploads = parts
        .uploads
        .into_iter()
        .filter_map(|u| {
            let role = match u.field.as_str() {
                "manuscript" => FileRole::Manuscript,
                "supplementary" => FileRole::Supplementary,
                _ => return None,
            };
            Some(FileUpload {
                role,
                original_name: u.original_name,
                bytes: u.bytes,
                too_large: u.too_large,
                size: u.size,
            })
        })
        .collect();
    let files = ctx.state.files.clone();
    let site = ctx.state.config.site();
    let revised = RevisedVersion {
        response: response.clone(),
        uploads,
    };
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            round::resubmit(conn, &files, max_bytes, &person, id, revised, &site)
                .map_err(AppError::Internal)
        })
        .await?;
    let status = status_of(&outcome);
    match outcome {
        StepOutcome::Done { round, .. } => {
            session::flash_notice(
                &ctx.session,
                format!(
                    "Your revised version is in: round {round} of the review has started. The handling editor has been told."
                ),
            );
            Ok(see_other(&format!("/submissions/{id}")))
        }
        StepOutcome::NotFound => Err(AppError::NotFound),
        StepOutcome::Invalid(errors) => {
            revision_page(&ctx, id, status, response, errors, None).await
        }
        StepOutcome::Refused(why) => {
            revision_page(&ctx, id, status, response, FormErrors::new(), Some(why)).await
        }
    }
}

// ---- The author's appeal ----------------------------------------------------------------

#[derive(Template)]
#[template(path = "submissions/appeal.html")]
struct AppealPage {
    chrome: Chrome,
    s: Submission,
    appeal: Option<Appeal>,
    refused: Option<String>,
    statement: String,
    errors: FormErrors,
}

impl AppealPage {
    fn outcome_label(&self, a: &Appeal) -> &'static str {
        a.outcome
            .as_deref()
            .and_then(|o| o.parse::<AppealOutcome>().ok())
            .map_or("Waiting for the outcome", AppealOutcome::label)
    }
}

async fn appeal_page(
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    statement: String,
    errors: FormErrors,
    refused: Option<String>,
) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let round::AuthorAppeal {
        submission: s,
        appeal,
        refused: not_now,
    } = ctx
        .state
        .db
        .run(move |conn| round::appeal_page(conn, person_id, id).map_err(AppError::from))
        .await?
        .ok_or(AppError::NotFound)?;
    render_with(
        status,
        &AppealPage {
            chrome: ctx.chrome(format!("Appeal on {}", s.number_or_draft())),
            refused: refused.or(not_now),
            s,
            appeal,
            statement,
            errors,
        },
    )
}

/// GET /submissions/{id}/appeal
pub async fn appeal_form(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    appeal_page(
        &ctx,
        path.into_inner(),
        StatusCode::OK,
        String::new(),
        FormErrors::new(),
        None,
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct AppealForm {
    #[serde(default)]
    statement: String,
}

/// POST /submissions/{id}/appeal
pub async fn appeal(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<AppealForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let person = ctx.viewer()?.person.clone();
    let statement = form.into_inner().statement;
    let site = ctx.state.config.site();
    let typed = statement.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            round::lodge_appeal(conn, &person, id, &typed, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    let status = status_of(&outcome);
    match outcome {
        StepOutcome::Done { .. } => {
            session::flash_notice(
                &ctx.session,
                "Your appeal is lodged. You will hear the outcome, with its reasons, by e-mail.",
            );
            Ok(see_other(&format!("/submissions/{id}")))
        }
        StepOutcome::NotFound => Err(AppError::NotFound),
        StepOutcome::Invalid(errors) => {
            appeal_page(&ctx, id, status, statement, errors, None).await
        }
        StepOutcome::Refused(why) => {
            appeal_page(&ctx, id, status, statement, FormErrors::new(), Some(why)).await
        }
    }
}

// ---- Hearing the appeal -----------------------------------------------------------------

#[derive(Template)]
#[template(path = "editorial/appeal.html")]
struct HearingPage {
    chrome: Chrome,
    h: Hearing,
    /// The outcome as chosen on the form ("" for none yet).
    outcome: String,
    reason: String,
    errors: FormErrors,
    refused: Option<String>,
}

impl HearingPage {
    fn outcome_label(&self) -> &'static str {
        self.h
            .appeal
            .outcome
            .as_deref()
            .and_then(|o| o.parse::<AppealOutcome>().ok())
            .map_or("Waiting for the outcome", AppealOutcome::label)
    }

    fn chosen(&self, o: &AppealOutcome) -> bool {
        self.outcome == o.as_str()
    }

    fn outcomes(&self) -> [AppealOutcome; 2] {
        AppealOutcome::ALL
    }
}

async fn hearing_page(
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    (outcome, reason): (String, String),
    errors: FormErrors,
    refused: Option<String>,
) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer()?;
    let (person, roles) = (viewer.person.clone(), viewer.roles.clone());
    let site = ctx.state.config.site();
    let h = ctx
        .state
        .db
        .run(move |conn| round::hearing(conn, &person, &roles, id, &site).map_err(AppError::from))
        .await?
        .ok_or(AppError::NotFound)?;
    render_with(
        status,
        &HearingPage {
            chrome: ctx.chrome(format!("Appeal on {}", h.submission.number_or_draft())),
            h,
            outcome,
            reason,
            errors,
            refused,
        },
    )
}

/// GET /editorial/submissions/{id}/appeal
pub async fn hearing_form(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    hearing_page(
        &ctx,
        path.into_inner(),
        StatusCode::OK,
        (String::new(), String::new()),
        FormErrors::new(),
        None,
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct HearingForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    reason: String,
}

/// POST /editorial/submissions/{id}/appeal
pub async fn hear(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<HearingForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let viewer = ctx.viewer()?;
    let (person, roles) = (viewer.person.clone(), viewer.roles.clone());
    let site = ctx.state.config.site();
    let f = form.into_inner();
    let parsed = f.outcome.parse::<AppealOutcome>().ok();
    let reason = f.reason.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            round::hear_appeal(conn, &person, &roles, id, parsed, &reason, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    let status = status_of(&outcome);
    match outcome {
        StepOutcome::Done { to, .. } => {
            session::flash_notice(
                &ctx.session,
                format!(
                    "Outcome recorded and e-mailed to the authors: the submission is now “{}”.",
                    to.label()
                ),
            );
            Ok(see_other(&format!("/editorial/submissions/{id}")))
        }
        StepOutcome::NotFound => Err(AppError::NotFound),
        StepOutcome::Invalid(errors) => {
            hearing_page(&ctx, id, status, (f.outcome, f.reason), errors, None).await
        }
        StepOutcome::Refused(why) => {
            hearing_page(
                &ctx,
                id,
                status,
                (f.outcome, f.reason),
                FormErrors::new(),
                Some(why),
            )
            .await
        }
    }
}
