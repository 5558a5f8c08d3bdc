//! Public pages: the home page and each collection's page.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::{AppError, Chrome, Ctx, render};
use crate::db::accounts::Person;
use crate::db::collections::{self, Collection, CollectionDetails, Journal};
use crate::workflow::publishing::{self, ArticleListing};

/// The public pages' routes; mounted by `web::routes`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home))
        .route("/collections/{slug}", web::get().to(collection_page));
}

#[derive(Template)]
#[template(path = "public/home.html")]
struct HomePage {
    chrome: Chrome,
    /// The site's address, for the canonical link.
    base_url: String,
    open: Vec<(Collection, Journal)>,
    closed: Vec<(Collection, Journal)>,
}

pub async fn home(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let all = ctx
        .state
        .db
        .run(|conn| collections::list_collections(conn).map_err(AppError::from))
        .await?;
    let today = chrono::Utc::now().date_naive();
    let (open, closed) = all.into_iter().partition(|(c, _)| c.is_open_on(today));
    render(&HomePage {
        chrome: ctx.chrome("Collections"),
        base_url: ctx.state.config.base_url.clone(),
        open,
        closed,
    })
}

#[derive(Template)]
#[template(path = "public/collection.html")]
struct CollectionPage {
    chrome: Chrome,
    /// The site's address, for the canonical link.
    base_url: String,
    c: Collection,
    journal: Journal,
    topics: Vec<String>,
    article_types: Vec<String>,
    guest_editors: Vec<Person>,
    open_now: bool,
    /// Published articles, newest first, as the journal's own collection page lists them.
    articles: Vec<ArticleListing>,
}

impl CollectionPage {
    fn dates(&self) -> String {
        let opens = self.c.opens_on.format("%-d %B %Y");
        match self.c.closes_on {
            Some(closes) => format!(
                "Open for submissions from {opens} to {}",
                closes.format("%-d %B %Y")
            ),
            None => format!("Open for submissions from {opens}"),
        }
    }
}

pub async fn collection_page(ctx: Ctx, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let details: Option<(CollectionDetails, Vec<ArticleListing>)> = ctx
        .state
        .db
        .run(move |conn| -> Result<_, AppError> {
            match collections::find_collection_by_slug(conn, &slug)? {
                None => Ok(None),
                Some(c) => {
                    let d = collections::details(conn, c)?;
                    let articles =
                        publishing::collection_articles(conn, &d.collection, &d.journal)?;
                    Ok(Some((d, articles)))
                }
            }
        })
        .await?;
    let (d, articles) = details.ok_or(AppError::NotFound)?;
    let open_now = d.collection.is_open_on(chrono::Utc::now().date_naive());
    render(&CollectionPage {
        chrome: ctx.chrome(format!("{} — {}", d.collection.title, d.journal.name)),
        base_url: ctx.state.config.base_url.clone(),
        c: d.collection,
        journal: d.journal,
        topics: d.topics,
        article_types: d.article_types,
        guest_editors: d.guest_editors,
        open_now,
        articles,
    })
}
