//! A collection's structured review form (issue 19 part 2), its editor-in-chief's page:
//! the questions in force, a question's form to add or edit one, and buttons to move or
//! remove one; each change is a new version. Thin: parse, ask `workflow::review`, render.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::{AppError, Chrome, Ctx, render_with, see_other, session};
use crate::domain::FormErrors;
use crate::domain::permissions::Action;
use crate::domain::review::questions::{
    CommentWhen, FEWEST_POINTS, FormChange, MOST_POINTS, QuestionInput,
};
use crate::workflow::review::{self as review, FormOutcome, FormPage};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/collections/{id}/review-form", web::get().to(show))
        .route("/admin/collections/{id}/review-form", web::post().to(post));
}

#[derive(Template)]
#[template(path = "admin/review_form.html")]
struct ReviewFormTemplate {
    chrome: Chrome,
    p: FormPage,
    /// The question's form: empty to add one, or the question being edited, or as typed.
    typed: QuestionInput,
    /// The version the page was read at, sent back with each of its forms.
    read: i32,
    errors: FormErrors,
}

impl ReviewFormTemplate {
    /// The buttons beside each question: (action, label).
    fn buttons(&self) -> [(&'static str, &'static str); 3] {
        [
            ("up", "Move up"),
            ("down", "Move down"),
            ("remove", "Remove"),
        ]
    }

    fn comment_whens(&self) -> [CommentWhen; 3] {
        CommentWhen::ALL
    }

    fn points_hint(&self) -> String {
        format!(
            "For a scale: how many points, from {FEWEST_POINTS} to {MOST_POINTS}; the reviewer chooses one from 1."
        )
    }

    /// The question being edited, by its place in the form (1 for the first).
    fn editing(&self) -> Option<usize> {
        let key = self.typed.key.as_str();
        (!key.is_empty())
            .then(|| self.p.questions().iter().position(|q| q.key == key))
            .flatten()
            .map(|i| i + 1)
    }
}

#[derive(serde::Deserialize)]
pub struct ShowQuery {
    /// `?edit=<key>`: the question's form filled in with that question.
    edit: Option<String>,
}

async fn page(
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    typed: Option<(QuestionInput, i32)>,
    errors: FormErrors,
    edit: Option<String>,
) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let p = ctx
        .state
        .db
        .run(move |conn| review::form_page(conn, &viewer.roles, id).map_err(AppError::from))
        .await?
        .ok_or(AppError::NotFound)?;
    let (typed, read) = typed.unwrap_or_else(|| {
        let editing = edit.and_then(|k| p.questions().iter().find(|q| q.key == k).cloned());
        let typed = editing.map_or_else(
            || QuestionInput {
                kind: "scale".into(),
                points: "5".into(),
                audience: "authors".into(),
                ..Default::default()
            },
            |q| QuestionInput::of(&q),
        );
        (typed, p.version())
    });
    render_with(
        status,
        &ReviewFormTemplate {
            chrome: ctx.chrome(format!("Review form of “{}”", p.collection.title)),
            p,
            typed,
            read,
            errors,
        },
    )
}

/// GET /admin/collections/{id}/review-form
pub async fn show(
    ctx: Ctx,
    path: web::Path<i64>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let edit = query.into_inner().edit;
    page(&ctx, id, StatusCode::OK, None, FormErrors::new(), edit).await
}

#[derive(serde::Deserialize)]
pub struct ChangeForm {
    #[serde(flatten)]
    question: QuestionInput,
    /// "save", "up", "down" or "remove".
    #[serde(default)]
    action: String,
    #[serde(default)]
    read: String,
}

/// POST /admin/collections/{id}/review-form: a question saved (added or edited), moved or
/// removed, as a new version of the form.
pub async fn post(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<ChangeForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let f = form.into_inner();
    let read: i32 = f.read.trim().parse().unwrap_or(-1);
    let key = f.question.key.trim().to_owned();
    let change = match f.action.as_str() {
        "up" => FormChange::Up(key),
        "down" => FormChange::Down(key),
        "remove" => FormChange::Remove(key),
        _ => match f.question.parse(key) {
            Ok(q) => FormChange::Save(q),
            Err(errors) => {
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                return page(&ctx, id, status, Some((f.question, read)), errors, None).await;
            }
        },
    };
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            review::change_form(conn, &viewer.person, &viewer.roles, id, change, read)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    let notice = match outcome {
        FormOutcome::NotFound => return Err(AppError::NotFound),
        FormOutcome::Saved { version } => format!(
            "The review form is saved as version {version}: reviewers who have not saved their review yet answer it; reviews already begun keep their version."
        ),
        FormOutcome::Unchanged => "The review form already says this; nothing changed.".to_owned(),
        FormOutcome::TooMany => {
            let mut errors = FormErrors::new();
            errors.add(
                "text",
                "The form has as many questions as it may have: remove one first.",
            );
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return page(&ctx, id, status, Some((f.question, read)), errors, None).await;
        }
        FormOutcome::ChangedMeanwhile { version } => {
            let mut errors = FormErrors::new();
            errors.add(
                "text",
                format!("Someone saved version {version} of the review form after you opened this page, so nothing was saved from here. The form as it is now is shown; what you typed is kept below: save again to apply it."),
            );
            let status = StatusCode::CONFLICT;
            return page(&ctx, id, status, Some((f.question, version)), errors, None).await;
        }
    };
    session::flash_notice(&ctx.session, notice);
    Ok(see_other(&format!("/admin/collections/{id}/review-form")))
}
