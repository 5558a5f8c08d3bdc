//! What feed readers and crawlers read: the Atom feeds of published articles and
//! corrections (the site's and each collection's), the sitemap of the public pages, and
//! robots.txt. Public; nothing unpublished is in them (`workflow::publishing::discovery`).

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use super::{AppError, Ctx};
use crate::domain::metadata;
use crate::workflow::publishing::discovery;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/feed.atom", web::get().to(site_feed))
        .route(
            "/collections/{slug}/feed.atom",
            web::get().to(collection_feed),
        )
        .route("/sitemap.xml", web::get().to(sitemap))
        .route("/robots.txt", web::get().to(robots));
}

/// A public text document that crawlers may keep for a while.
fn public_document(content_type: &str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=900"))
        .body(body)
}

const ATOM: &str = "application/atom+xml; charset=utf-8";

/// GET /feed.atom: every collection's published articles and corrections, newest first.
pub async fn site_feed(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let site = ctx.state.config.site();
    let xml = ctx
        .state
        .db
        .run(move |conn| {
            discovery::site_feed(conn, &site.base_url, &site.name()).map_err(AppError::from)
        })
        .await?;
    Ok(public_document(ATOM, xml))
}

/// GET /collections/{slug}/feed.atom: one collection's published articles and corrections.
pub async fn collection_feed(ctx: Ctx, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let base_url = ctx.state.config.base_url.clone();
    let xml = ctx
        .state
        .db
        .run(move |conn| discovery::collection_feed(conn, &slug, &base_url).map_err(AppError::from))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(public_document(ATOM, xml))
}

/// GET /sitemap.xml: the home page, every collection's page and every published article
/// and correction, each with the day it last changed.
pub async fn sitemap(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let base_url = ctx.state.config.base_url.clone();
    let pages = ctx
        .state
        .db
        .run(move |conn| discovery::sitemap_pages(conn, &base_url).map_err(AppError::from))
        .await?;
    Ok(public_document(
        "application/xml; charset=utf-8",
        metadata::sitemap(&pages),
    ))
}

/// GET /robots.txt: the sitemap, and the pages behind a sign-in kept from crawlers.
pub async fn robots(ctx: Ctx) -> Result<HttpResponse, AppError> {
    Ok(public_document(
        "text/plain; charset=utf-8",
        metadata::robots_txt(&ctx.state.config.base_url),
    ))
}
