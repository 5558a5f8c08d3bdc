//! The confirmation of a recommended decision (issue 28 part 4): the recommendation with its
//! letter, to confirm as it stands or changed, or to return to the handling editor with a
//! note. Who may open it is the permissions module's `ConfirmDecision`.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::session;
use super::{AppError, Chrome, Ctx, form_status, render_with, see_other};
use crate::domain::FormErrors;
use crate::domain::deadlines::check_revision_due;
use crate::domain::decision::{DecisionKind, check_return_note};
use crate::workflow::decision::recommendation::{self, Answered, Confirmation, PendingDecision};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/editorial/submissions/{id}/confirmation",
        web::get().to(show),
    )
    .route(
        "/editorial/submissions/{id}/confirmation",
        web::post().to(post),
    );
}

/// The form as typed (or as the recommendation fills it).
#[derive(serde::Deserialize, Default)]
pub struct ConfirmationForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    recommendation_id: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    letter: String,
    #[serde(default)]
    revision_due_on: String,
    #[serde(default)]
    note: String,
}

#[derive(Template)]
#[template(path = "editorial/confirmation.html")]
struct ConfirmationPage {
    chrome: Chrome,
    p: PendingDecision,
    f: ConfirmationForm,
    errors: FormErrors,
}

impl ConfirmationPage {
    fn recommended_label(&self) -> &'static str {
        self.p.recommended_kind.map_or("", DecisionKind::label)
    }

    fn is_recommended(&self, k: &DecisionKind) -> bool {
        self.p.recommended_kind == Some(*k)
    }

    fn returns_under_review(&self) -> bool {
        self.p.origin() == crate::domain::submission_state::SubmissionState::UnderReview
    }

    fn is_chosen(&self, k: &DecisionKind) -> bool {
        self.f.kind == k.as_str()
    }

    /// Some decision offered asks for a revised version: the form has its due date.
    fn offers_revision(&self) -> bool {
        self.p
            .allowed
            .iter()
            .any(|k| matches!(k, DecisionKind::MinorRevision | DecisionKind::MajorRevision))
    }
}

async fn load(ctx: &Ctx, id: i64) -> Result<PendingDecision, AppError> {
    let (person, roles, site) = ctx.acting()?;
    ctx.state
        .db
        .run(move |conn| {
            recommendation::pending(conn, &person, &roles, id, &site).map_err(AppError::from)
        })
        .await?
        .ok_or(AppError::NotFound)
}

fn page(
    ctx: &Ctx,
    p: PendingDecision,
    f: ConfirmationForm,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    render_with(
        form_status(&errors),
        &ConfirmationPage {
            chrome: ctx.chrome(format!(
                "Confirm the decision on {}",
                p.submission.number_or_draft()
            )),
            p,
            f,
            errors,
        },
    )
}

/// GET /editorial/submissions/{id}/confirmation
pub async fn show(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let p = load(&ctx, path.into_inner()).await?;
    let f = ConfirmationForm {
        recommendation_id: p.recommendation.id.to_string(),
        kind: p.recommendation.kind.clone(),
        letter: p.recommendation.letter.clone(),
        revision_due_on: p
            .recommendation
            .revision_due_on
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        ..Default::default()
    };
    page(&ctx, p, f, FormErrors::new())
}

/// What is wrong with the confirmation as typed; the decision and due date when nothing is.
fn checked(
    f: &ConfirmationForm,
    p: &PendingDecision,
) -> (
    FormErrors,
    Option<(DecisionKind, Option<chrono::NaiveDate>)>,
) {
    let mut errors = FormErrors::new();
    let kind = f
        .kind
        .parse::<DecisionKind>()
        .ok()
        .filter(|k| p.allowed.contains(k));
    if kind.is_none() {
        errors.add("kind", "Choose one of the decisions offered.");
    }
    if f.letter.trim().is_empty() {
        errors.add("letter", "Write the decision letter: it cannot be empty.");
    }
    let asks_revision = matches!(
        kind,
        Some(DecisionKind::MinorRevision | DecisionKind::MajorRevision)
    );
    let mut due = None;
    if asks_revision && !f.revision_due_on.trim().is_empty() {
        match check_revision_due(&f.revision_due_on, crate::db::now().date()) {
            Ok(d) => due = Some(d),
            Err(message) => errors.add("revision_due_on", message),
        }
    }
    (errors, kind.map(|k| (k, due)))
}

/// POST /editorial/submissions/{id}/confirmation: confirm (as recommended or changed) or
/// return.
pub async fn post(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<ConfirmationForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let f = form.into_inner();
    let p = match load(&ctx, id).await {
        Err(AppError::NotFound) => return answered_meanwhile(&ctx, id).await,
        other => other?,
    };
    let recommendation_id = f.recommendation_id.trim().parse::<i64>().unwrap_or(0);
    let returning = f.action == "return";
    let (mut errors, decided) = if returning {
        let mut errors = FormErrors::new();
        if let Err(message) = check_return_note(&f.note) {
            errors.add("note", message);
        }
        (errors, None)
    } else {
        checked(&f, &p)
    };
    if !errors.is_empty() {
        return page(&ctx, p, f, errors);
    }
    let (person, roles, site) = ctx.acting()?;
    let (letter, note) = (f.letter.clone(), f.note.clone());
    let answered = ctx
        .state
        .db
        .run(move |conn| {
            match decided {
                Some((kind, revision_due)) => {
                    let c = Confirmation {
                        recommendation_id,
                        kind,
                        letter: &letter,
                        revision_due,
                    };
                    recommendation::confirm(conn, &person, &roles, id, &c, &site)
                }
                None => recommendation::return_to_editor(
                    conn,
                    &person,
                    &roles,
                    id,
                    recommendation_id,
                    &note,
                    &site,
                ),
            }
            .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    let notice = match answered {
        Answered::NotFound => return Err(AppError::NotFound),
        Answered::Refused(message) => {
            errors.add(if returning { "note" } else { "letter" }, message);
            return page(&ctx, p, f, errors);
        }
        Answered::Confirmed { to, edited } => format!(
            "Decision confirmed{}: the letter has been e-mailed to the corresponding author, and the handling editor told; the submission is now “{}”.",
            if edited { " with your changes" } else { "" },
            to.label()
        ),
        Answered::Returned { .. } => "Recommendation returned: the handling editor has been e-mailed; nothing was sent to the authors.".to_owned(),
    };
    session::flash_notice(&ctx.session, notice);
    Ok(see_other(&format!("/editorial/submissions/{id}")))
}

/// A press on a recommendation no longer waiting (answered in another tab, or by another
/// confirmer): said on the submission's page to one who still reads it, else a 404.
async fn answered_meanwhile(ctx: &Ctx, id: i64) -> Result<HttpResponse, AppError> {
    let (person, roles, site) = ctx.acting()?;
    let reads = ctx
        .state
        .db
        .run(move |conn| {
            recommendation::still_reads(conn, &person, &roles, id, &site).map_err(AppError::from)
        })
        .await?;
    if !reads {
        return Err(AppError::NotFound);
    }
    session::flash_notice(&ctx.session, recommendation::ANSWERED_MEANWHILE);
    Ok(see_other(&format!("/editorial/submissions/{id}")))
}
