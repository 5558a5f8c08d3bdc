//! Review before you submit (issue 20 item 5): after "Review before submitting" has saved
//! the draft and found nothing missing, the author reads everything as the editor will
//! (metadata, authors, declarations, files with their sizes and page counts) on a page that
//! prints as a summary, and approves it with the final Submit. That Submit sends the draft
//! as reviewed: one saved since (from another tab) is shown again to be reviewed first.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::DbConnection;
use crate::db::guard::ReadAt;
use crate::db::submissions::{self as store, Submission};
use crate::domain::FormErrors;
use crate::domain::permissions::SubmissionAction;
use crate::domain::submission::SubmissionInput;
use crate::domain::submission_state::SubmissionState;
use crate::web::{AppError, Chrome, Ctx, render_with, see_other, session};
use crate::workflow::submission::{
    self as service, DraftRequest, Intent, Outcome, Target, human_size, submitter_may,
};

/// A file as the review page lists it.
pub struct ReviewedFile {
    pub role: String,
    pub name: String,
    pub size: String,
    /// "12 pages", or why there is no count.
    pub pages: String,
}

#[derive(Template)]
#[template(path = "submissions/review.html")]
struct ReviewPage {
    chrome: Chrome,
    s: Submission,
    collection_title: String,
    input: SubmissionInput,
    files: Vec<ReviewedFile>,
    read_at: String,
    /// What still stops it from being submitted (the collection closed since, say).
    errors: FormErrors,
}

impl ReviewPage {
    fn declarations(&self) -> Vec<(&'static str, String)> {
        let i = &self.input;
        crate::domain::declarations::by_bmc_names(&crate::domain::declarations::Declarations {
            competing_interests: &i.competing_interests,
            competing_interests_details: &i.competing_interests_details,
            ai_use: &i.ai_use,
            ai_use_details: &i.ai_use_details,
            ethics_statement: &i.ethics_statement,
            consent_for_publication: &i.consent_for_publication,
            data_availability: &i.data_availability,
            funding: &i.funding,
            authors_contributions: &i.authors_contributions,
            acknowledgements: &i.acknowledgements,
        })
    }

    fn affiliations_of(&self, a: &crate::domain::submission::AuthorInput) -> String {
        crate::domain::affiliation::display_line(&a.affiliations)
    }

    fn credit_of(&self, a: &crate::domain::submission::AuthorInput) -> String {
        crate::domain::credit::names(&a.credit_roles)
    }
}

/// What the review page shows, read in one go.
struct Loaded {
    s: Submission,
    collection_title: String,
    input: SubmissionInput,
    files: Vec<store::SubmissionFile>,
    errors: FormErrors,
}

/// The signed-in author's draft with everything the page shows; `Err(page)` when it is
/// submitted already (its page then).
fn load(conn: &mut DbConnection, person_id: i64, id: i64) -> Result<Loaded, AppError> {
    let s = store::find(conn, id)?.ok_or(AppError::NotFound)?;
    if !submitter_may(conn, person_id, &s, SubmissionAction::View)? {
        return Err(AppError::NotFound);
    }
    let input = store::load_input(conn, &s)?;
    let collection = crate::db::collections::find_collection(conn, s.collection_id)?
        .ok_or(AppError::NotFound)?;
    let files = store::files_of(conn, s.id)?;
    let errors = service::still_missing(conn, &collection, &input, &files)?;
    Ok(Loaded {
        collection_title: collection.title,
        s,
        input,
        files,
        errors,
    })
}

async fn review_page(ctx: &Ctx, id: i64, status: StatusCode) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let loaded = ctx
        .state
        .db
        .run(move |conn| load(conn, person_id, id))
        .await?;
    if loaded.s.state() != SubmissionState::Draft {
        return Ok(see_other(&format!("/submissions/{id}")));
    }
    let store_files = std::sync::Arc::clone(&ctx.state.files);
    let listed = loaded.files.clone();
    // Page counts read the stored bytes: off the request's thread.
    let files = web::block(move || {
        listed
            .iter()
            .map(|f| ReviewedFile {
                role: f.role.replace('_', " "),
                name: f.original_name.clone(),
                size: human_size(f.size_bytes.max(0) as u64),
                pages: pages_of(&store_files, f),
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("counting pages: {e}")))?;
    render_with(
        status,
        &ReviewPage {
            chrome: ctx.chrome(format!("Review {}", loaded.input.title)),
            read_at: ReadAt::field(Some(loaded.s.updated_at)),
            collection_title: loaded.collection_title,
            input: loaded.input,
            files,
            errors: loaded.errors,
            s: loaded.s,
        },
    )
}

fn pages_of(files: &crate::storage::FileStore, f: &store::SubmissionFile) -> String {
    if f.content_type != "application/pdf" {
        return "pages not counted (not a PDF)".into();
    }
    match files
        .read(&f.sha256)
        .ok()
        .and_then(|b| crate::storage::pdf_page_count(&b))
    {
        Some(1) => "1 page".into(),
        Some(n) => format!("{n} pages"),
        None => "pages not counted".into(),
    }
}

/// GET /submissions/{id}/review
pub async fn review(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    review_page(&ctx, path.into_inner(), StatusCode::OK).await
}

#[derive(serde::Deserialize)]
pub struct FinalSubmit {
    #[serde(default)]
    read_at: String,
}

/// POST /submissions/{id}/submit: the draft as reviewed, submitted.
pub async fn submit_reviewed(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<FinalSubmit>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let viewer = ctx.viewer()?.person.clone();
    let person_id = viewer.id;
    let loaded = ctx
        .state
        .db
        .run(move |conn| load(conn, person_id, id))
        .await?;
    if loaded.s.state() != SubmissionState::Draft {
        session::flash_notice(
            &ctx.session,
            "This submission was already sent: here it is. Nothing was changed.",
        );
        return Ok(see_other(&format!("/submissions/{id}")));
    }
    let read_at = ReadAt::parse(&form.read_at);
    let reviewed = read_at.is_some_and(|r| r.is_current(Some(loaded.s.updated_at)));
    if !reviewed {
        return changed_since(&ctx, id, &loaded.s);
    }
    let outcome = service::save_or_submit(
        &ctx.state.db,
        &ctx.state.files,
        &ctx.state.config,
        DraftRequest {
            submitter: viewer,
            collection_id: Some(loaded.s.collection_id),
            target: Target::Draft(id),
            intent: Intent::Submit,
            input: loaded.input,
            uploads: Vec::new(),
            read_at,
        },
    )
    .await
    .map_err(AppError::Internal)?;
    match outcome {
        Outcome::Submitted { number, .. } => {
            session::flash_notice(
                &ctx.session,
                format!(
                    "Thank you: your manuscript is submitted as {number}. A receipt is on its way to the corresponding author."
                ),
            );
            Ok(see_other(&format!("/submissions/{id}")))
        }
        Outcome::ChangedMeanwhile { .. } => changed_since(&ctx, id, &loaded.s),
        Outcome::Invalid { .. } => review_page(&ctx, id, StatusCode::UNPROCESSABLE_ENTITY).await,
        Outcome::NotFound => Err(AppError::NotFound),
        _ => Ok(see_other(&format!("/submissions/{id}"))),
    }
}

/// The draft was saved from another tab after the author read this page: nothing is
/// submitted, and the page is shown again, as it now stands, to be reviewed.
fn changed_since(ctx: &Ctx, id: i64, s: &Submission) -> Result<HttpResponse, AppError> {
    session::flash_notice(
        &ctx.session,
        format!(
            "This draft was saved again (at {} UTC, from another tab or window) after you opened this page, so nothing was submitted. Here it is as it now stands: review it, then submit.",
            s.updated_at.format("%H:%M:%S")
        ),
    );
    Ok(see_other(&format!("/submissions/{id}/review")))
}
