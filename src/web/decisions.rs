//! The handling editor's decision page: the drafted letter to edit, preview and send.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::session;
use super::{AppError, Chrome, Ctx, form_status, render_with, see_other};
use crate::domain::FormErrors;
use crate::domain::deadlines::check_revision_due;
use crate::domain::decision::DecisionKind;
use crate::domain::submission_state::SubmissionState;
use crate::workflow::decision::{self, DecideOutcome, Decision, DecisionDraft};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/editorial/submissions/{id}/decision", web::get().to(show))
        .route("/editorial/submissions/{id}/decision", web::post().to(post));
}

#[derive(Template)]
#[template(path = "editorial/decision.html")]
struct DecisionPage {
    chrome: Chrome,
    d: DecisionDraft,
    /// The letter in the textarea: the draft, or what the editor typed.
    letter: String,
    /// Show the letter as the author will read it.
    preview: bool,
    /// The state the editor saw, sent back with the form.
    expected_state: String,
    /// The decision as asked for (kept as typed, even when it is not one we know).
    raw_kind: String,
    /// When the revised version is due, as the field shows it (for a revision).
    revision_due: String,
    errors: FormErrors,
}

impl DecisionPage {
    fn is_current(&self, k: &DecisionKind) -> bool {
        self.d.kind == Some(*k)
    }

    /// The letter form shows for a decision the state allows, and again, with what was
    /// typed, whenever a letter was refused.
    fn show_form(&self) -> bool {
        let waits = self.d.kind == Some(DecisionKind::Accept) && self.d.accept_waits.is_some();
        (self.d.kind.is_some_and(|k| self.d.allowed.contains(&k)) && !waits)
            || (!self.errors.is_empty() && !self.letter.is_empty())
    }

    /// Accepting is offered now but waits for the editor-in-chief's ruling.
    fn accept_waits(&self) -> Option<&str> {
        self.d
            .accept_waits
            .as_deref()
            .filter(|_| self.d.allowed.contains(&DecisionKind::Accept))
    }

    fn heading(&self) -> &'static str {
        self.d.kind.map_or("Decision", DecisionKind::label)
    }

    /// The decision asks for a revised version: the form has its due date.
    fn asks_revision(&self) -> bool {
        self.d.revision_days.is_some()
    }

    /// The due date as the letter will give it, when the field holds one.
    fn revision_due_in_words(&self) -> Option<String> {
        chrono::NaiveDate::parse_from_str(self.revision_due.trim(), "%Y-%m-%d")
            .ok()
            .map(crate::domain::deadlines::long_date)
    }

    fn revision_due_hint(&self) -> String {
        format!(
            "The collection gives {} days by default. The author is reminded before and after it, and you can extend it later.",
            self.d.revision_days.unwrap_or_default()
        )
    }
}

#[derive(serde::Deserialize)]
pub struct KindQuery {
    #[serde(default)]
    kind: String,
}

#[derive(serde::Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    letter: String,
    #[serde(default)]
    expected_state: String,
    #[serde(default)]
    action: String,
    /// For a revision; absent from a form that does not offer it (the collection's period
    /// is then used).
    revision_due_on: Option<String>,
}

/// Loads the page's content; `kind` is the raw value from the query or form.
async fn load(ctx: &Ctx, id: i64, kind: &str) -> Result<(DecisionDraft, FormErrors), AppError> {
    let (person, roles, site) = ctx.acting()?;
    let parsed = kind.parse::<DecisionKind>().ok();
    let d = ctx
        .state
        .db
        .run(move |conn| {
            decision::draft(conn, &person, &roles, id, parsed, &site).map_err(AppError::from)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = FormErrors::new();
    match parsed {
        None if !kind.is_empty() => errors.add("kind", "Choose one of the decisions offered."),
        Some(k) if !d.allowed.contains(&k) => {
            let message = k
                .next(d.state, d.submission.current_round)
                .err()
                .map_or_else(
                    || "Choose one of the decisions offered.".to_owned(),
                    |e| e.to_string(),
                );
            errors.add("kind", message);
        }
        _ => {}
    }
    Ok((d, errors))
}

/// What the editor typed on the page: the letter and the revision's due date (`None`: the
/// draft's).
struct Typed {
    letter: Option<String>,
    revision_due: Option<String>,
}

fn page(
    ctx: &Ctx,
    status: StatusCode,
    raw_kind: &str,
    d: DecisionDraft,
    typed: Typed,
    preview: bool,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let letter = typed.letter.unwrap_or_else(|| d.letter.clone());
    let revision_due = typed.revision_due.unwrap_or_else(|| {
        d.revision_due
            .map(|due| due.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    });
    render_with(
        status,
        &DecisionPage {
            chrome: ctx.chrome(format!("Decision on {}", d.submission.number_or_draft())),
            expected_state: d.state.as_str().to_owned(),
            letter,
            raw_kind: raw_kind.to_owned(),
            revision_due,
            preview,
            errors,
            d,
        },
    )
}

/// GET /editorial/submissions/{id}/decision?kind=…
pub async fn show(
    ctx: Ctx,
    path: web::Path<i64>,
    query: web::Query<KindQuery>,
) -> Result<HttpResponse, AppError> {
    let (d, errors) = load(&ctx, path.into_inner(), &query.kind).await?;
    page(
        &ctx,
        form_status(&errors),
        &query.kind,
        d,
        Typed {
            letter: None,
            revision_due: None,
        },
        false,
        errors,
    )
}

/// The page with the letter as typed: previewed when nothing is wrong with it, otherwise
/// with its errors (422).
fn as_typed(
    ctx: &Ctx,
    f: DecisionForm,
    d: DecisionDraft,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let preview = errors.is_empty();
    page(
        ctx,
        form_status(&errors),
        &f.kind,
        d,
        Typed {
            letter: Some(f.letter),
            revision_due: f.revision_due_on,
        },
        preview,
        errors,
    )
}

/// What is wrong with the letter as sent, besides what `load` found.
fn letter_errors(f: &DecisionForm, d: &DecisionDraft, mut errors: FormErrors) -> FormErrors {
    // The submission moved since the editor opened the page (another decision won): say
    // that, rather than why this decision does not fit the new state.
    if let Ok(seen) = f.expected_state.parse::<SubmissionState>()
        && seen != d.state
    {
        errors = FormErrors::new();
        errors.add("kind", decision::moved_meanwhile(d.state));
    }
    if f.kind.is_empty() {
        errors.add("kind", "Choose one of the decisions offered.");
    }
    // Accepting waits for the editor-in-chief's rulings (the page says so); the letter
    // typed is kept. Checked again in the decision's transaction.
    if d.kind == Some(DecisionKind::Accept)
        && let Some(why) = &d.accept_waits
    {
        errors.add("kind", why.clone());
    }
    if f.letter.trim().is_empty() {
        errors.add("letter", "Write the decision letter: it cannot be empty.");
    }
    if d.revision_days.is_some()
        && let Some(typed) = &f.revision_due_on
        && let Err(message) = check_revision_due(typed, crate::db::now().date())
    {
        errors.add("revision_due_on", message);
    }
    errors
}

/// POST /editorial/submissions/{id}/decision: preview or send.
pub async fn post(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<DecisionForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let f = form.into_inner();
    let (d, errors) = load(&ctx, id, &f.kind).await?;
    let mut errors = letter_errors(&f, &d, errors);
    if f.action != "send" || !errors.is_empty() {
        return as_typed(&ctx, f, d, errors);
    }
    let kind = f.kind.parse::<DecisionKind>().ok();
    let expected = f.expected_state.parse::<SubmissionState>().ok();
    let (Some(kind), Some(expected)) = (kind, expected) else {
        errors.add("kind", "Choose one of the decisions offered.");
        return as_typed(&ctx, f, d, errors);
    };
    let (person, roles, site) = ctx.acting()?;
    let letter = f.letter.clone();
    // Checked above (`letter_errors`); a form without the field gets the collection's period.
    let revision_due = f
        .revision_due_on
        .as_deref()
        .and_then(|t| check_revision_due(t, crate::db::now().date()).ok());
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            let decision = Decision {
                kind,
                letter: &letter,
                expected_state: expected,
                revision_due,
            };
            decision::decide(conn, &person, &roles, id, &decision, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        DecideOutcome::NotFound => Err(AppError::NotFound),
        DecideOutcome::Decided { to } => {
            session::flash_notice(
                &ctx.session,
                format!(
                    "Decision sent: {}. The letter has been e-mailed to the corresponding author; the submission is now “{}”.",
                    kind.label(),
                    to.label()
                ),
            );
            Ok(see_other(&format!("/editorial/submissions/{id}")))
        }
        DecideOutcome::Recommended => {
            session::flash_notice(
                &ctx.session,
                format!(
                    "Recommendation sent: {}. In this collection decisions are confirmed before they are sent; nothing has gone to the authors yet, and you will be e-mailed when it is confirmed or returned.",
                    kind.label()
                ),
            );
            Ok(see_other(&format!("/editorial/submissions/{id}")))
        }
        DecideOutcome::Refused(message) => {
            // Reload: the state may have moved since the page was built.
            let (d, _) = load(&ctx, id, &f.kind).await?;
            let mut errors = FormErrors::new();
            errors.add("letter", message);
            as_typed(&ctx, f, d, errors)
        }
    }
}
