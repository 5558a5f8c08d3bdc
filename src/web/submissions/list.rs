//! "My submissions": the author's drafts and submissions.

use actix_web::HttpResponse;
use askama::Template;
use chrono::NaiveDateTime;

use crate::db::submissions as store;
use crate::domain::submission_state::SubmissionState;
use crate::web::{AppError, Chrome, LazyCtx, render};

pub struct SubmissionLine {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub state: SubmissionState,
    pub updated_at: NaiveDateTime,
    pub collection: String,
    pub round: i32,
}

impl SubmissionLine {
    pub fn is_draft(&self) -> bool {
        self.state == SubmissionState::Draft
    }

    /// What its state means, in a sentence.
    pub fn meaning(&self) -> &'static str {
        crate::domain::status::meaning(self.state, self.round)
    }
}

#[derive(Template)]
#[template(path = "submissions/list.html")]
struct ListPage {
    chrome: Chrome,
    lines: Vec<SubmissionLine>,
}

/// GET /submissions
pub async fn my_submissions(ctx: LazyCtx) -> Result<HttpResponse, AppError> {
    let (ctx, rows) = ctx
        .run_signed_in(|conn, viewer| {
            store::list_for_submitter(conn, viewer.person.id).map_err(AppError::from)
        })
        .await?;
    let lines = rows
        .into_iter()
        .map(|r| SubmissionLine {
            id: r.id,
            number: r.manuscript_number.unwrap_or_else(|| "Draft".into()),
            title: if r.title.trim().is_empty() {
                "(untitled draft)".into()
            } else {
                r.title
            },
            state: r.state.parse().unwrap_or(SubmissionState::Draft),
            updated_at: r.updated_at,
            collection: r.collection_title,
            round: r.current_round,
        })
        .collect();
    render(&ListPage {
        chrome: ctx.chrome("My submissions"),
        lines,
    })
}
