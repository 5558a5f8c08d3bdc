//! Publishing pages: the editor-in-chief's publication and correction forms and the
//! metadata exports. The public article pages are in `articles.rs`.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;

use super::multipart::{Upload, read_form};
use super::session;
use super::{Acting, AppError, Chrome, Ctx, render, render_with, see_other};
use crate::domain::FormErrors;
use crate::domain::publishing::{PublishInput, long_date};
use crate::storage::{self, FileKind};
use crate::workflow::publishing::{
    self as service, CorrectionInput, CorrectionPage, ExportLine, FinalPdf, PublishOutcome,
    PublishPage,
};
use crate::workflow::submission::human_size;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/editorial/submissions/{id}/publish",
        web::get().to(publish_form),
    )
    .route(
        "/editorial/submissions/{id}/publish",
        web::post().to(publish),
    )
    .route(
        "/editorial/articles/{id}/correction",
        web::get().to(correction_form),
    )
    .route(
        "/editorial/articles/{id}/correction",
        web::post().to(correction),
    )
    .route("/editorial/exports", web::get().to(exports))
    .route(
        "/editorial/exports/articles/{id}/jats.xml",
        web::get().to(jats),
    )
    .route("/editorial/exports/crossref.xml", web::get().to(crossref))
    .route(
        "/editorial/exports/submissions.csv",
        web::get().to(submissions_csv),
    );
}

/// The input type for a date field: `date`, unless what was typed is not a date (then
/// `text`, so the browser shows it as typed beside its error, and the page stays valid HTML).
fn date_input_kind(value: &str) -> &'static str {
    let v = value.trim();
    if v.is_empty() || NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok() {
        "date"
    } else {
        "text"
    }
}

// ---- Publishing ------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "editorial/publish.html")]
struct PublishFormPage {
    chrome: Chrome,
    p: PublishPage,
    input: PublishInput,
    errors: FormErrors,
}

impl PublishFormPage {
    fn date_kind(&self, value: &str) -> &'static str {
        date_input_kind(value)
    }

    fn volume_hint(&self) -> String {
        format!(
            "The volume of the publication date's year: volume 1 is {}.",
            self.p.journal.first_volume_year
        )
    }

    fn doi_hint(&self) -> String {
        format!(
            "Such as {}. Only the DOI, without https://doi.org/.",
            self.p.suggested.doi
        )
    }

    fn authors(&self) -> String {
        let names: Vec<&str> = self.p.authors.iter().map(|a| a.name.as_str()).collect();
        crate::domain::person_name::join_names(&names)
    }
}

async fn load_publish(ctx: &Ctx, id: i64) -> Result<PublishPage, AppError> {
    let (person, roles, site) = ctx.acting()?;
    ctx.state
        .db
        .run(move |conn| {
            service::publish_page(conn, &person, &roles, id, &site).map_err(AppError::from)
        })
        .await?
        .ok_or(AppError::NotFound)
}

fn publish_page(
    ctx: &Ctx,
    status: StatusCode,
    p: PublishPage,
    input: Option<PublishInput>,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    render_with(
        status,
        &PublishFormPage {
            chrome: ctx.chrome(format!("Publish {}", p.submission.number_or_draft())),
            input: input.unwrap_or_else(|| p.suggested.clone()),
            p,
            errors,
        },
    )
}

/// GET /editorial/submissions/{id}/publish
pub async fn publish_form(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let p = load_publish(&ctx, path.into_inner()).await?;
    match p.refusal.clone() {
        None => publish_page(&ctx, StatusCode::OK, p, None, FormErrors::new()),
        Some(errors) => publish_page(&ctx, StatusCode::UNPROCESSABLE_ENTITY, p, None, errors),
    }
}

/// The form again, as typed, with its errors.
async fn publish_again(
    ctx: &Ctx,
    id: i64,
    input: PublishInput,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let p = load_publish(ctx, id).await?;
    publish_page(
        ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        p,
        Some(input),
        errors,
    )
}

/// The article's page, once it (or its correction) is published, saying so.
fn published(ctx: &Ctx, article_id: i64, message: String) -> HttpResponse {
    session::flash_notice(&ctx.session, message);
    see_other(&service::article_path(article_id))
}

/// The details checked before the PDF is stored, writing nothing: their errors, if any.
async fn precheck(ctx: &Ctx, id: i64, input: &PublishInput) -> Result<FormErrors, AppError> {
    let (person, roles, site) = ctx.acting()?;
    let input = input.clone();
    let early = ctx
        .state
        .db
        .run(move |conn| {
            service::precheck(conn, &person, &roles, id, &input, &site).map_err(AppError::from)
        })
        .await?;
    match early {
        Some(PublishOutcome::NotFound) => Err(AppError::NotFound),
        Some(PublishOutcome::Refused(errors)) => Ok(errors),
        _ => Ok(FormErrors::new()),
    }
}

/// Why the file chosen cannot be the article's final PDF (its content is checked), if not.
fn pdf_problem(pdf: Option<&Upload>, max: u64) -> Option<String> {
    match pdf {
        None => Some("Choose the final PDF of the article.".to_owned()),
        Some(u) if u.too_large => Some(format!(
            "The PDF is larger than the limit of {}.",
            human_size(max)
        )),
        Some(u) if storage::sniff(&u.bytes) != Some(FileKind::Pdf) => Some(
            "The final file must be a PDF, and this one is not: its content was checked, not its name."
                .to_owned(),
        ),
        Some(_) => None,
    }
}

/// Stores the final PDF: on disk, synced, before the row that points at it commits.
async fn store_pdf(ctx: &Ctx, upload: &Upload) -> Result<FinalPdf, AppError> {
    let files = ctx.state.files.clone();
    let bytes = upload.bytes.clone();
    let stored = web::block(move || files.put(&bytes))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("file store: {e}")))?
        .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("storing the final PDF")))?;
    Ok(FinalPdf {
        sha256: stored.sha256,
        size: i64::try_from(stored.size).unwrap_or(i64::MAX),
        original_name: upload.original_name.clone(),
    })
}

/// POST /editorial/submissions/{id}/publish (multipart: the final PDF and the details).
pub async fn publish(
    ctx: Ctx,
    path: web::Path<i64>,
    body: Multipart,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (person, roles, site) = ctx.acting()?;
    let max = ctx.state.config.max_upload_bytes;
    let parts = read_form(body, max).await?;
    let input = PublishInput {
        volume: parts.text("volume"),
        article_number: parts.text("article_number"),
        doi: parts.text("doi"),
        published_on: parts.text("published_on"),
    };
    let mut errors = precheck(&ctx, id, &input).await?;
    let pdf = parts.uploads.iter().find(|u| u.field == "pdf");
    if let Some(problem) = pdf_problem(pdf, max) {
        errors.add("pdf", problem);
    }
    let (Some(upload), true) = (pdf, errors.is_empty()) else {
        return publish_again(&ctx, id, input, errors).await;
    };
    let final_pdf = store_pdf(&ctx, upload).await?;
    let kept = input.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            service::publish(conn, &person, &roles, id, &kept, &final_pdf, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        PublishOutcome::NotFound => Err(AppError::NotFound),
        PublishOutcome::Published {
            article_id,
            citation,
        } => Ok(published(
            &ctx,
            article_id,
            format!(
                "Published as {citation}. The authors and the handling editor have been e-mailed; the article is on the collection page."
            ),
        )),
        PublishOutcome::Refused(errors) => publish_again(&ctx, id, input, errors).await,
    }
}

// ---- Corrections -----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "editorial/correction.html")]
struct CorrectionFormPage {
    chrome: Chrome,
    p: CorrectionPage,
    input: CorrectionInput,
    errors: FormErrors,
}

impl CorrectionFormPage {
    fn date_kind(&self, value: &str) -> &'static str {
        date_input_kind(value)
    }
}

#[derive(serde::Deserialize)]
pub struct CorrectionForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    notice: String,
    #[serde(default)]
    volume: String,
    #[serde(default)]
    article_number: String,
    #[serde(default)]
    doi: String,
    #[serde(default)]
    published_on: String,
}

async fn load_correction(ctx: &Ctx, id: i64) -> Result<CorrectionPage, AppError> {
    let (person, roles, site) = ctx.acting()?;
    ctx.state
        .db
        .run(move |conn| {
            service::correction_page(conn, &person, &roles, id, &site).map_err(AppError::from)
        })
        .await?
        .ok_or(AppError::NotFound)
}

/// GET /editorial/articles/{id}/correction
pub async fn correction_form(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let p = load_correction(&ctx, path.into_inner()).await?;
    render(&CorrectionFormPage {
        chrome: ctx.chrome(format!("Correction to {}", p.citation)),
        input: p.suggested.clone(),
        p,
        errors: FormErrors::new(),
    })
}

/// POST /editorial/articles/{id}/correction
pub async fn correction(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<CorrectionForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let f = form.into_inner();
    let input = CorrectionInput {
        title: f.title,
        notice: f.notice,
        details: PublishInput {
            volume: f.volume,
            article_number: f.article_number,
            doi: f.doi,
            published_on: f.published_on,
        },
    };
    let (person, roles, site) = ctx.acting()?;
    let kept = input.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            service::publish_correction(conn, &person, &roles, id, &kept, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    let errors = match outcome {
        PublishOutcome::NotFound => return Err(AppError::NotFound),
        PublishOutcome::Published {
            article_id,
            citation,
        } => {
            let message = format!(
                "The correction is published as {citation}, and linked from the article and the collection page."
            );
            return Ok(published(&ctx, article_id, message));
        }
        PublishOutcome::Refused(errors) => errors,
    };
    let p = load_correction(&ctx, id).await?;
    render_with(
        StatusCode::UNPROCESSABLE_ENTITY,
        &CorrectionFormPage {
            chrome: ctx.chrome(format!("Correction to {}", p.citation)),
            p,
            input,
            errors,
        },
    )
}

// ---- Exports ---------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "editorial/exports.html")]
struct ExportsPage {
    chrome: Chrome,
    lines: Vec<ExportLine>,
    from: String,
    to: String,
    errors: FormErrors,
}

impl ExportsPage {
    fn date_kind(&self, value: &str) -> &'static str {
        date_input_kind(value)
    }
}

#[derive(serde::Deserialize, Default)]
pub struct RangeQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// Who acts ([`Ctx::acting`]), when they may open the exports of at least one journal.
fn exporter(ctx: &Ctx) -> Result<Acting, AppError> {
    let acting = ctx.acting()?;
    if service::export_journals(&acting.1).is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(acting)
}

async fn exports_page(
    ctx: &Ctx,
    status: StatusCode,
    range: &RangeQuery,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let (person, roles, site) = exporter(ctx)?;
    let lines = ctx
        .state
        .db
        .run(move |conn| {
            service::export_lines(conn, &person, &roles, &site).map_err(AppError::from)
        })
        .await?;
    render_with(
        status,
        &ExportsPage {
            chrome: ctx.chrome("Metadata exports"),
            lines,
            from: range.from.clone(),
            to: range.to.clone(),
            errors,
        },
    )
}

/// GET /editorial/exports
pub async fn exports(ctx: Ctx) -> Result<HttpResponse, AppError> {
    exports_page(
        &ctx,
        StatusCode::OK,
        &RangeQuery::default(),
        FormErrors::new(),
    )
    .await
}

fn xml_response(body: String, file_name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(file_name.to_owned())],
        })
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(body)
}

/// GET /editorial/exports/articles/{id}/jats.xml
pub async fn jats(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (person, roles, site) = exporter(&ctx)?;
    let (name, xml) = ctx
        .state
        .db
        .run(move |conn| service::jats(conn, &person, &roles, id, &site).map_err(AppError::from))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(xml_response(xml, &name))
}

fn parse_day(raw: &str, field: &str, errors: &mut FormErrors) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(
                field,
                "Enter the date as YYYY-MM-DD, such as 2026-11-23, or leave it empty.",
            );
            None
        }
    }
}

/// GET /editorial/exports/crossref.xml?from=YYYY-MM-DD&to=YYYY-MM-DD (both optional)
pub async fn crossref(ctx: Ctx, query: web::Query<RangeQuery>) -> Result<HttpResponse, AppError> {
    let range = query.into_inner();
    let mut errors = FormErrors::new();
    let from = parse_day(&range.from, "from", &mut errors);
    let to = parse_day(&range.to, "to", &mut errors);
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        errors.add("to", "The end of the range is before its start.");
    }
    if !errors.is_empty() {
        return exports_page(&ctx, StatusCode::UNPROCESSABLE_ENTITY, &range, errors).await;
    }
    let (person, roles, site) = exporter(&ctx)?;
    let xml = ctx
        .state
        .db
        .run(move |conn| {
            service::crossref(conn, &person, &roles, from, to, &site).map_err(AppError::from)
        })
        .await?;
    match xml {
        Some(xml) => Ok(xml_response(xml, "crossref-deposit.xml")),
        None => {
            let mut errors = FormErrors::new();
            let span = match (from, to) {
                (None, None) => "yet".to_owned(),
                (Some(f), None) => format!("since {}", long_date(f)),
                (None, Some(t)) => format!("up to {}", long_date(t)),
                (Some(f), Some(t)) => format!("between {} and {}", long_date(f), long_date(t)),
            };
            errors.add(
                "from",
                format!("No articles have been published {span}: there is nothing to deposit."),
            );
            exports_page(&ctx, StatusCode::UNPROCESSABLE_ENTITY, &range, errors).await
        }
    }
}

/// GET /editorial/exports/submissions.csv
pub async fn submissions_csv(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let (person, roles, site) = exporter(&ctx)?;
    let csv = ctx
        .state
        .db
        .run(move |conn| {
            service::submissions_csv(conn, &person, &roles, &site).map_err(AppError::from)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename("submissions.csv".to_owned())],
        })
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(csv))
}
