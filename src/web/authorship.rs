//! A co-author's e-mailed link (`/authorship/{token}`): no account needed. Opening it shows
//! the question and changes nothing; each answer is a button (POST), so a mail scanner that
//! fetches the link answers nothing. And the submitting author's "Ask again" from their
//! submission's page.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::domain::FormErrors;
use crate::domain::authorship::{Answer, NOTE_MAX_CHARS};
use crate::web::{AppError, Chrome, Ctx, render, render_with, see_other, session};
use crate::workflow::authorship::{
    self, AnswerOutcome, Answered, AskAgainOutcome, LinkProblem, LinkView, Question,
};

/// The routes; mounted by `web::routes`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/authorship/{token}", web::get().to(question))
        .route("/authorship/{token}/confirm", web::post().to(confirm))
        .route(
            "/authorship/{token}/not-an-author",
            web::post().to(not_an_author),
        )
        .route(
            "/submissions/{id}/authors/{author_id}/ask-again",
            web::post().to(ask_again),
        );
}

#[derive(Template)]
#[template(path = "authorship/question.html")]
struct QuestionPage {
    chrome: Chrome,
    q: Question,
    /// Where the answers post: the link itself.
    base: String,
    note: String,
    errors: FormErrors,
    note_max: usize,
}

#[derive(Template)]
#[template(path = "authorship/answered.html")]
struct AnsweredPage {
    chrome: Chrome,
    a: Answered,
    office_address: String,
}

impl AnsweredPage {
    fn confirmed(&self) -> bool {
        self.a.answer == Answer::Confirmed
    }

    fn in_their_words(&self) -> &'static str {
        self.a.answer.in_their_words()
    }
}

#[derive(Template)]
#[template(path = "authorship/link_problem.html")]
struct ProblemPage {
    chrome: Chrome,
    heading: &'static str,
    explanation: &'static str,
}

fn problem_page(ctx: &Ctx, p: LinkProblem) -> Result<HttpResponse, AppError> {
    let status = if p.is_unknown() {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::GONE
    };
    render_with(
        status,
        &ProblemPage {
            chrome: ctx.chrome(p.heading()),
            heading: p.heading(),
            explanation: p.message(),
        },
    )
}

fn answered_page(ctx: &Ctx, a: Answered) -> Result<HttpResponse, AppError> {
    render(&AnsweredPage {
        chrome: ctx.chrome("Thank you: your answer is recorded"),
        a,
        office_address: ctx.state.config.office_email.clone(),
    })
}

/// The link's page as it is now: the question (with a form's note and errors), the answer
/// once given, or what is wrong with the link.
async fn page(
    ctx: &Ctx,
    token: String,
    note: String,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let base = format!("/authorship/{token}");
    let view = ctx
        .state
        .db
        .run(move |conn| authorship::view_by_link(conn, &token).map_err(AppError::from))
        .await?;
    match view {
        Ok(LinkView::Question(q)) => render_with(
            crate::web::form_status(&errors),
            &QuestionPage {
                chrome: ctx.chrome(format!("Are you an author of {}?", q.number)),
                q: *q,
                base,
                note,
                errors,
                note_max: NOTE_MAX_CHARS,
            },
        ),
        Ok(LinkView::Answered(a)) => answered_page(ctx, a),
        Err(p) => problem_page(ctx, p),
    }
}

/// GET /authorship/{token}: the question. Changes nothing.
pub async fn question(ctx: Ctx, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    page(&ctx, path.into_inner(), String::new(), FormErrors::new()).await
}

#[derive(Debug, Default, Deserialize)]
pub struct NotAnAuthorForm {
    #[serde(default)]
    note: String,
}

/// POST /authorship/{token}/confirm
pub async fn confirm(ctx: Ctx, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    send_answer(ctx, path.into_inner(), Answer::Confirmed, String::new()).await
}

/// POST /authorship/{token}/not-an-author
pub async fn not_an_author(
    ctx: Ctx,
    path: web::Path<String>,
    form: web::Form<NotAnAuthorForm>,
) -> Result<HttpResponse, AppError> {
    let note = form.into_inner().note;
    send_answer(ctx, path.into_inner(), Answer::NotAnAuthor, note).await
}

async fn send_answer(
    ctx: Ctx,
    token: String,
    answer: Answer,
    note: String,
) -> Result<HttpResponse, AppError> {
    let (office, site) = (
        ctx.state.config.office_email.clone(),
        ctx.state.config.site(),
    );
    let (t, n) = (token.clone(), note.clone());
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            authorship::answer(conn, &t, (answer, &n), &office, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        AnswerOutcome::Answered(_) => {
            session::flash_notice(&ctx.session, "Thank you: your answer is recorded.");
            Ok(see_other(&format!("/authorship/{token}")))
        }
        AnswerOutcome::AlreadyAnswered(a) => {
            let said = if a.answer == answer {
                "You had already given this answer; nothing was changed."
            } else {
                "You had already answered otherwise, and a link is answered once: nothing was changed. If your first answer was a mistake, write to the editorial office."
            };
            session::flash_notice(&ctx.session, said);
            Ok(see_other(&format!("/authorship/{token}")))
        }
        AnswerOutcome::Problem(p) => problem_page(&ctx, p),
        AnswerOutcome::Invalid(errors) => page(&ctx, token, note, errors).await,
    }
}

/// POST /submissions/{id}/authors/{author_id}/ask-again: the submitting author e-mails a
/// co-author a new link.
pub async fn ask_again(ctx: Ctx, path: web::Path<(i64, i64)>) -> Result<HttpResponse, AppError> {
    let (id, author_id) = path.into_inner();
    let person_id = ctx.viewer()?.person.id;
    let (office, site) = (
        ctx.state.config.office_email.clone(),
        ctx.state.config.site(),
    );
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            authorship::ask_again(conn, person_id, (id, author_id), &office, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    let said = match outcome {
        AskAgainOutcome::Sent { name } => {
            format!("A new link is on its way to {name}; the one sent before no longer works.")
        }
        AskAgainOutcome::NotNow(why) => format!("Nothing was sent: {why}"),
        AskAgainOutcome::NotFound => return Err(AppError::NotFound),
    };
    session::flash_notice(&ctx.session, said);
    Ok(see_other(&format!("/submissions/{id}#authors")))
}
