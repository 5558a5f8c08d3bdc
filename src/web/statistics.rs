//! The editor-in-chief's statistics page: a GET form (collection, dates) and the figures,
//! each with its definition, drawn as inline SVG with a table beside each chart.

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;

use super::{AppError, Chrome, LazyCtx, render};
use crate::domain::FormErrors;
use crate::domain::statistics::{BarChart, bar_chart, thousands};
use crate::workflow::statistics::{self, CollectionChoice, Filter, Statistics};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/editorial/statistics", web::get().to(page));
}

#[derive(serde::Deserialize, Default)]
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

/// GET /editorial/statistics
pub async fn page(ctx: LazyCtx, q: web::Query<Query>) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
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
    // Bad dates are shown beside their fields; the figures then cover every date.
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
    })
}
