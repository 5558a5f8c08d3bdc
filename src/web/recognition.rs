//! Recognition for reviewers (issue 19 part 3): the editors' rating of a review (a form on
//! the submission's editorial page), the reviewer's printable certificate, and the review
//! record for ORCID (a reviewer's own; an editor-in-chief's journal's). Thin: parse, ask
//! the workflow, render.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Datelike;

use super::{AppError, Chrome, Ctx, render, see_other, session};
use crate::domain::FormErrors;
use crate::domain::recognition::parse_year;
use crate::workflow::recognition::{self as service, Certificate, RateOutcome, RatingInput};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/editorial/submissions/{id}/reviewers/{invitation}/rating",
        web::post().to(rate),
    )
    .route("/reviewer/certificate", web::get().to(certificate))
    .route("/reviewer/records.csv", web::get().to(my_records))
    .route(
        "/editorial/exports/review-records.csv",
        web::get().to(journal_records),
    );
}

/// The rating form's errors, keyed by the field of that review's form ("note-12").
fn on_form(errors: &FormErrors, invitation_id: i64) -> FormErrors {
    let mut out = FormErrors::new();
    for (field, message) in errors.all() {
        out.add(format!("{field}-{invitation_id}"), message.clone());
    }
    out
}

/// POST /editorial/submissions/{id}/reviewers/{invitation}/rating: an editor who reads the
/// reviews rates a submitted one; 404 for anyone else.
pub async fn rate(
    ctx: Ctx,
    path: web::Path<(i64, i64)>,
    form: web::Form<RatingInput>,
) -> Result<HttpResponse, AppError> {
    let (id, invitation) = path.into_inner();
    let input = form.into_inner();
    let (person, roles, site) = ctx.acting()?;
    let sent = input.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            service::rate(conn, (&person, &roles), (id, invitation), &sent, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        RateOutcome::NotFound => Err(AppError::NotFound),
        RateOutcome::Recorded { number } => {
            session::flash_notice(
                &ctx.session,
                format!(
                    "Your rating of the review of {number} is recorded. Only the editors see it."
                ),
            );
            Ok(see_other(&format!(
                "/editorial/submissions/{id}#invitation-{invitation}"
            )))
        }
        RateOutcome::Invalid(errors) => {
            let errors = on_form(&errors, invitation);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            super::editorial::show_with_rating(&ctx, (id, invitation), status, input, errors).await
        }
        RateOutcome::RatedMeanwhile { by, rating } => {
            let mut errors = FormErrors::new();
            errors.add(
                format!("rating-{invitation}"),
                format!(
                    "{by} rated this review after you opened this page ({} of 3, {}), so nothing was recorded from here. What you chose is kept below: save again to replace it.",
                    rating.value(),
                    rating.label()
                ),
            );
            // The page is read again: saved from there, the form replaces what is recorded.
            super::editorial::show_with_rating(
                &ctx,
                (id, invitation),
                StatusCode::CONFLICT,
                input,
                errors,
            )
            .await
        }
    }
}

#[derive(serde::Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    year: String,
}

#[derive(Template)]
#[template(path = "reviews/certificate.html")]
struct CertificatePage {
    chrome: Chrome,
    year: i32,
    /// `None`: no review completed that year (the page says so).
    certificate: Option<Certificate>,
    /// The years with a completed review, newest first.
    years: Vec<i32>,
    journal_count: usize,
}

/// GET /reviewer/certificate?year=2026: the signed-in reviewer's printable certificate (the
/// current year without one). Names no manuscript.
pub async fn certificate(ctx: Ctx, query: web::Query<YearQuery>) -> Result<HttpResponse, AppError> {
    let person = ctx.viewer()?.person.clone();
    let this_year = crate::db::now().year();
    let asked = query.into_inner().year;
    let year = if asked.trim().is_empty() {
        Some(this_year)
    } else {
        parse_year(&asked)
    };
    let Some(year) = year else {
        return Err(AppError::NotFound);
    };
    let (certificate, years) = ctx
        .state
        .db
        .run(move |conn| -> Result<_, AppError> {
            Ok((
                service::certificate(conn, &person, year)?,
                service::certificate_years(conn, &person)?,
            ))
        })
        .await?;
    render(&CertificatePage {
        chrome: ctx.chrome(format!("Review certificate {year}")),
        journal_count: certificate.as_ref().map_or(0, |c| c.journals.len()),
        year,
        certificate,
        years,
    })
}

fn csv_download(body: String, file_name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(file_name.to_owned())],
        })
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(body)
}

/// GET /reviewer/records.csv: the signed-in reviewer's completed reviews, in ORCID's
/// peer-review fields.
pub async fn my_records(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let person = ctx.viewer()?.person.clone();
    let csv = ctx
        .state
        .db
        .run(move |conn| service::my_records_csv(conn, &person).map_err(AppError::from))
        .await?;
    Ok(csv_download(csv, "review-records.csv"))
}

/// GET /editorial/exports/review-records.csv: every reviewer's record of the journals whose
/// metadata this editor-in-chief exports; 404 for anyone else.
pub async fn journal_records(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let (person, roles, site) = ctx.acting()?;
    let csv = ctx
        .state
        .db
        .run(move |conn| {
            service::journal_records_csv(conn, &person, &roles, &site).map_err(AppError::from)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(csv_download(csv, "journal-review-records.csv"))
}
