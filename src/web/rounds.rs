//! Revised versions and appeals: the author's revision and appeal pages, and the page of
//! the editor who hears an appeal. Parse, call [`crate::workflow::round`], render.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::multipart::{read_form, revision_files};
use super::session;
use super::submissions::typed::{apply_row_action, input_from_parts, parse_action};
use super::{AppError, Chrome, Ctx, render_with, see_other};
use crate::db::rounds::Appeal;
use crate::db::submissions::Submission;
use crate::domain::FormErrors;
use crate::domain::appeal::AppealOutcome;
use crate::domain::submission::SubmissionInput;
use crate::domain::submission_state::SubmissionState;
use crate::workflow::round::{self, Hearing, RevisedVersion, StepOutcome};
use crate::workflow::submission::human_size;

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

/// How a step's page is shown: with 200 as first opened; again with the errors beside the
/// fields (422), or with why the step cannot be taken now (409).
struct Shown {
    status: StatusCode,
    errors: FormErrors,
    refused: Option<String>,
}

impl Shown {
    fn first() -> Shown {
        Shown {
            status: StatusCode::OK,
            errors: FormErrors::new(),
            refused: None,
        }
    }
}

/// What became of a step: done (the round it is in and the state it led to), or its page
/// to show again.
fn done_or_again(outcome: StepOutcome) -> Result<Result<(i32, SubmissionState), Shown>, AppError> {
    Ok(match outcome {
        StepOutcome::Done { round, to } => Ok((round, to)),
        StepOutcome::NotFound => return Err(AppError::NotFound),
        StepOutcome::Invalid(errors) => Err(Shown {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            refused: None,
        }),
        StepOutcome::Refused(why) => Err(Shown {
            status: StatusCode::CONFLICT,
            errors: FormErrors::new(),
            refused: Some(why),
        }),
    })
}

/// The page the step was done from, after it, saying what happened.
fn done(ctx: &Ctx, message: String, back_to: String) -> HttpResponse {
    session::flash_notice(&ctx.session, message);
    see_other(&back_to)
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
    /// What the version may correct: as the submission holds it, or as just typed.
    input: SubmissionInput,
    abstract_word_limit: i32,
    errors: FormErrors,
    /// Shown once at the top, after an author row was added, removed or moved.
    notice: Option<String>,
    max_upload: String,
    action: String,
}

impl RevisionPage {
    /// The manuscript came back from a technical return, not with a revision request.
    fn fixes(&self) -> bool {
        crate::workflow::round::fixes::is_returned(&self.s)
    }

    /// Who reads the response: the same people the reviewer's desk shows it to.
    fn response_hint(&self) -> &'static str {
        if self.double_blind {
            "Answer each comment of the decision letter, point by point: what you changed and where, or why you did not. The handling editor reads it, and so do the reviewers of the revised version, without your names (this collection uses double-blind review): do not sign it or name yourselves."
        } else {
            "Answer each comment of the decision letter, point by point: what you changed and where, or why you did not. The handling editor reads it, and so do the reviewers of the revised version."
        }
    }

    fn field(&self, part: &str, i: &usize) -> String {
        crate::domain::submission::author_field(part, *i)
    }

    fn affiliation_field(&self, part: &str, i: &usize, j: &usize) -> String {
        crate::domain::affiliation::affiliation_field(part, *i, *j)
    }

    fn countries(&self) -> &'static [(&'static str, &'static str)] {
        crate::domain::countries::COUNTRIES
    }

    fn authors_hint(&self) -> &'static str {
        "Correct the byline if the revision changed it. An author you add is told by e-mail that they are listed and asked, by a link in that e-mail, to confirm that they are an author; one you remove is no longer listed. Choose one corresponding author: the journal writes to them."
    }

    fn word_count(&self) -> usize {
        crate::domain::submission::word_count(&self.input.abstract_text)
    }
}

/// What the author typed, kept when the form comes back; `input: None` on the first
/// showing (the fields then start as the submission holds them).
struct TypedRevision {
    response: String,
    input: Option<SubmissionInput>,
}

async fn revision_page(
    ctx: &Ctx,
    id: i64,
    typed: TypedRevision,
    (shown, notice): (Shown, Option<String>),
) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let (s, not_now, (double_blind, word_limit), stored) = ctx
        .state
        .db
        .run(move |conn| -> Result<_, AppError> {
            let Some((s, not_now)) = round::revision_page(conn, person_id, id)? else {
                return Ok(None);
            };
            let (c, _, double_blind) = crate::db::collections::setting_of(conn, &s)?;
            let word_limit = c.abstract_word_limit;
            let stored = crate::db::submissions::load_input(conn, &s)?;
            Ok(Some((s, not_now, (double_blind, word_limit), stored)))
        })
        .await?
        .ok_or(AppError::NotFound)?;
    render_with(
        shown.status,
        &RevisionPage {
            chrome: ctx.chrome(format!("Revised version of {}", s.number_or_draft())),
            action: format!("/submissions/{id}/revision"),
            max_upload: human_size(ctx.state.config.max_upload_bytes),
            refused: shown.refused.or(not_now),
            double_blind,
            input: typed.input.unwrap_or(stored),
            abstract_word_limit: word_limit,
            s,
            response: typed.response,
            errors: shown.errors,
            notice,
        },
    )
}

/// GET /submissions/{id}/revision
pub async fn revision_form(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let typed = TypedRevision {
        response: String::new(),
        input: None,
    };
    revision_page(&ctx, path.into_inner(), typed, (Shown::first(), None)).await
}

/// POST /submissions/{id}/revision (multipart: the files, the response and the corrected
/// metadata; or an author row's button, which only shows the form again)
pub async fn revision(
    ctx: Ctx,
    path: web::Path<i64>,
    body: Multipart,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let person = ctx.viewer()?.person.clone();
    let max_bytes = ctx.state.config.max_upload_bytes;
    let parts = read_form(body, max_bytes).await?;
    let mut input = input_from_parts(&parts);
    let response = parts.text("response");
    if let Some(notice) = apply_row_action(&mut input, &parse_action(&parts.text("action"))) {
        let typed = TypedRevision {
            response,
            input: Some(input),
        };
        return revision_page(&ctx, id, typed, (Shown::first(), Some(notice))).await;
    }
    let files = ctx.state.files.clone();
    let site = ctx.state.config.site();
    let office = ctx.state.config.office_email.clone();
    let sent_metadata = parts.has("title");
    let mut revised = RevisedVersion {
        response: response.clone(),
        metadata: input,
        uploads: revision_files(parts.uploads),
    };
    let (outcome, input, was_returned) = ctx
        .state
        .db
        .run(move |conn| {
            if !sent_metadata {
                keep_stored_metadata(conn, id, &mut revised.metadata)?;
            }
            let input = revised.metadata.clone();
            // Sent after a technical return rather than a revision request: said so after.
            let was_returned = crate::db::submissions::find(conn, id)?
                .is_some_and(|s| crate::workflow::round::fixes::is_returned(&s));
            let desk = round::Desk {
                files: &files,
                max_bytes,
                office_address: &office,
            };
            round::resubmit(conn, &desk, &person, id, revised, &site)
                .map(|outcome| (outcome, input, was_returned))
                .map_err(AppError::Internal)
        })
        .await?;
    match done_or_again(outcome)? {
        Ok((round, _)) => Ok(done(
            &ctx,
            if !was_returned {
                format!(
                    "Your revised version is in: round {round} of the review has started. The handling editor has been told."
                )
            } else {
                "Your corrected manuscript is back with the journal, with the same number; the handling editor has been told.".to_owned()
            },
            format!("/submissions/{id}"),
        )),
        Err(shown) => {
            let typed = TypedRevision {
                response,
                input: Some(input),
            };
            revision_page(&ctx, id, typed, (shown, None)).await
        }
    }
}

/// A revision form without the metadata fields (one opened before they were on it, still
/// in a tab): the submission's title, abstract, keywords, authors and declarations stay as
/// they are; only the declaration of generative AI use, always on the form, is read.
fn keep_stored_metadata(
    conn: &mut crate::db::DbConnection,
    id: i64,
    typed: &mut SubmissionInput,
) -> Result<(), AppError> {
    if let Some(s) = crate::db::submissions::find(conn, id)? {
        let mut stored = crate::db::submissions::load_input(conn, &s)?;
        stored.ai_use = std::mem::take(&mut typed.ai_use);
        stored.ai_use_details = std::mem::take(&mut typed.ai_use_details);
        *typed = stored;
    }
    Ok(())
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
        outcome_label(a)
    }
}

/// An appeal's outcome as its pages say it.
fn outcome_label(a: &Appeal) -> &'static str {
    a.outcome
        .as_deref()
        .and_then(|o| o.parse::<AppealOutcome>().ok())
        .map_or("Waiting for the outcome", AppealOutcome::label)
}

async fn appeal_page(
    ctx: &Ctx,
    id: i64,
    statement: String,
    shown: Shown,
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
        shown.status,
        &AppealPage {
            chrome: ctx.chrome(format!("Appeal on {}", s.number_or_draft())),
            refused: shown.refused.or(not_now),
            s,
            appeal,
            statement,
            errors: shown.errors,
        },
    )
}

/// GET /submissions/{id}/appeal
pub async fn appeal_form(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    appeal_page(&ctx, path.into_inner(), String::new(), Shown::first()).await
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
    match done_or_again(outcome)? {
        Ok(_) => Ok(done(
            &ctx,
            "Your appeal is lodged. You will hear the outcome, with its reasons, by e-mail.".into(),
            format!("/submissions/{id}"),
        )),
        Err(shown) => appeal_page(&ctx, id, statement, shown).await,
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
        outcome_label(&self.h.appeal)
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
    (outcome, reason): (String, String),
    shown: Shown,
) -> Result<HttpResponse, AppError> {
    let (person, roles, site) = ctx.acting()?;
    let h = ctx
        .state
        .db
        .run(move |conn| round::hearing(conn, &person, &roles, id, &site).map_err(AppError::from))
        .await?
        .ok_or(AppError::NotFound)?;
    render_with(
        shown.status,
        &HearingPage {
            chrome: ctx.chrome(format!("Appeal on {}", h.submission.number_or_draft())),
            h,
            outcome,
            reason,
            errors: shown.errors,
            refused: shown.refused,
        },
    )
}

/// GET /editorial/submissions/{id}/appeal
pub async fn hearing_form(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let typed = (String::new(), String::new());
    hearing_page(&ctx, path.into_inner(), typed, Shown::first()).await
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
    let (person, roles, site) = ctx.acting()?;
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
    match done_or_again(outcome)? {
        Ok((_, to)) => Ok(done(
            &ctx,
            format!(
                "Outcome recorded and e-mailed to the authors: the submission is now “{}”.",
                to.label()
            ),
            format!("/editorial/submissions/{id}"),
        )),
        Err(shown) => hearing_page(&ctx, id, (f.outcome, f.reason), shown).await,
    }
}
