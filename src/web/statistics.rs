//! The editor-in-chief's statistics page: a GET form (collection, dates) and the figures,
//! each with its definition, drawn as inline SVG with a table beside each chart.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;

use super::{AppError, Chrome, LazyCtx, render};
use crate::domain::FormErrors;
use crate::domain::statistics::{BarChart, bar_chart, thousands};
use crate::domain::workload::{
    EDITOR_DEFINITIONS, REVIEWER_DEFINITIONS, editors_csv, reviewers_csv,
};
use crate::workflow::statistics::{self, CollectionChoice, Filter, Statistics};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/editorial/statistics", web::get().to(page))
        .route(
            "/editorial/statistics/editors.csv",
            web::get().to(|c, q| csv(c, q, Table::Editors)),
        )
        .route(
            "/editorial/statistics/reviewers.csv",
            web::get().to(|c, q| csv(c, q, Table::Reviewers)),
        );
}

#[derive(serde::Deserialize, Default, Clone)]
pub struct Query {
    #[serde(default)]
    collection: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

#[derive(Template)]
#[template(path = "editorial/statistics.html")]
struct StatisticsPage {
    chrome: Chrome,
    s: std::sync::Arc<Statistics>,
    /// The collections this person may choose from.
    collections: Vec<CollectionChoice>,
    /// The filter as typed, kept in the form.
    q: Query,
    collection_id: Option<i64>,
    errors: FormErrors,
    per_month: BarChart,
    first_decision: BarChart,
    final_decision: BarChart,
    review: BarChart,
    editor_definitions: &'static str,
    reviewer_definitions: &'static str,
    /// The filter as read (typed values only), for the CSV links.
    csv_query: String,
}

impl StatisticsPage {
    fn selected<N: std::borrow::Borrow<i64>>(&self, id: N) -> bool {
        self.collection_id == Some(*id.borrow())
    }

    /// Askama passes fields by reference and method results by value: take either.
    fn count<N: std::borrow::Borrow<usize>>(&self, n: N) -> String {
        thousands(*n.borrow())
    }
}

/// Chart size in SVG units; the SVG scales to the page width.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;

fn parse_date(field: &str, raw: &str, errors: &mut FormErrors) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let parsed = NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok();
    if parsed.is_none() {
        errors.add(field, "Enter a date as YYYY-MM-DD, for example 2026-01-31.");
    }
    parsed
}

/// The filter asked for, with a message beside each date that did not read (the figures
/// then cover every date); a collection id that does not read is a 404.
fn filter_of(q: &Query) -> Result<(Filter, FormErrors), AppError> {
    let mut errors = FormErrors::new();
    let from = parse_date("from", &q.from, &mut errors);
    let to = parse_date("to", &q.to, &mut errors);
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        errors.add("to", "The end date is before the start date.");
    }
    let collection_id = match q.collection.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => return Err(AppError::NotFound),
        },
    };
    let filter = if errors.is_empty() {
        Filter {
            collection_id,
            from,
            to,
        }
    } else {
        Filter {
            collection_id,
            ..Filter::default()
        }
    };
    Ok((filter, errors))
}

/// The statistics `filter` asks for, for the signed-in reader (404 for anyone who may read
/// none, or a collection that is not theirs).
async fn figures_for(
    ctx: LazyCtx,
    filter: Filter,
) -> Result<
    (
        super::Ctx,
        Vec<CollectionChoice>,
        std::sync::Arc<Statistics>,
    ),
    AppError,
> {
    let cache = ctx.state().statistics.clone();
    let memo = ctx.state().memo.clone();
    let settings = ctx.state().config.site().settings();
    let (ctx, found) = ctx
        .run_signed_in(move |conn, viewer| {
            let (person, roles) = (&viewer.person, &viewer.roles);
            statistics::statistics_for(conn, person, roles, &filter, &settings, &cache, &memo)
                .map_err(AppError::from)
        })
        .await?;
    let (collections, s) = found.ok_or(AppError::NotFound)?;
    Ok((ctx, collections, s))
}

/// GET /editorial/statistics
pub async fn page(ctx: LazyCtx, q: web::Query<Query>) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    let (filter, errors) = filter_of(&q)?;
    let collection_id = filter.collection_id;
    let csv_query = [
        filter.collection_id.map(|c| format!("collection={c}")),
        filter.from.map(|d| format!("from={d}")),
        filter.to.map(|d| format!("to={d}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("&");
    let (ctx, collections, s) = figures_for(ctx, filter).await?;
    render(&StatisticsPage {
        chrome: ctx.chrome("Statistics"),
        per_month: bar_chart(&s.per_month, WIDTH, HEIGHT),
        first_decision: bar_chart(&s.first_decision_bins, WIDTH, HEIGHT),
        final_decision: bar_chart(&s.final_decision_bins, WIDTH, HEIGHT),
        review: bar_chart(&s.review_bins, WIDTH, HEIGHT),
        s,
        collections,
        q,
        collection_id,
        errors,
        editor_definitions: EDITOR_DEFINITIONS,
        reviewer_definitions: REVIEWER_DEFINITIONS,
        csv_query,
    })
}

/// Which table of figures a CSV file holds.
#[derive(Clone, Copy)]
pub enum Table {
    Editors,
    Reviewers,
}

/// GET /editorial/statistics/{editors,reviewers}.csv: the table of the page as CSV, for
/// the same collection and dates; a date that does not read is refused with the message.
pub async fn csv(
    ctx: LazyCtx,
    q: web::Query<Query>,
    table: Table,
) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    let (filter, errors) = filter_of(&q)?;
    let (_, _, s) = figures_for(ctx, filter).await?;
    if !errors.is_empty() {
        return Ok(HttpResponse::UnprocessableEntity()
            .content_type("text/plain; charset=utf-8")
            .body("Enter the dates as YYYY-MM-DD, the start before the end, for example from=2026-01-01&to=2026-06-30."));
    }
    let (name, body) = match table {
        Table::Editors => ("handling-editors.csv", editors_csv(&s.editors)),
        Table::Reviewers => ("reviewers.csv", reviewers_csv(&s.reviewers)),
    };
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(name.to_owned())],
        })
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(body))
}
