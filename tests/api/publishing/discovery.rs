//! Feeds and discovery on the demo data: the Atom feeds parse and list the published article
//! and its correction, the pages link them, the sitemap lists every public page and no
//! private one, robots.txt names the sitemap and keeps every page behind a sign-in out, and
//! the public pages name their canonical address. Nothing unpublished appears anywhere.

use std::collections::BTreeSet;

use diesel::prelude::*;
use reqwest::StatusCode;

use super::record::demo_article_and_correction;
use crate::helpers::*;
use crate::on_both_backends;
use peerdesk::db::schema::{published_articles, submissions};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

async fn fetch(app: &TestApp, path: &str, content_type: &str) -> String {
    let resp = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "{path}");
    let kind = resp.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(kind.starts_with(content_type), "{path}: {kind}");
    resp.text().await.unwrap()
}

/// Titles of the submitted manuscripts that are not published.
async fn unpublished_titles(app: &TestApp) -> Vec<String> {
    app.with_db(|conn| {
        submissions::table
            .filter(submissions::state.ne("published"))
            .select(submissions::title)
            .load(conn)
            .unwrap()
    })
    .await
}

/// A published row forged for a submission that is not published (as a bug or a half
/// restored backup could leave one): it must stay out of every public document.
async fn forge_row_for_unpublished(app: &TestApp) -> i64 {
    app.with_db(|conn| {
        let (id, title): (i64, String) = submissions::table
            .filter(submissions::state.eq("accepted"))
            .select((submissions::id, submissions::title))
            .first(conn)
            .unwrap();
        peerdesk::db::published::insert(
            conn,
            &peerdesk::db::published::NewPublished {
                kind: "article",
                submission_id: Some(id),
                corrects_id: None,
                journal_id: 1,
                collection_id: 1,
                title: &title,
                notice: "",
                year: 2026,
                volume: 26,
                article_number: 999,
                doi: "10.1186/forged",
                published_on: chrono::Utc::now().date_naive(),
                published_by: 1,
                pdf: Some(("0".repeat(64).as_str(), 1, "x.pdf")),
                licence: "CC-BY-4.0",
            },
        )
        .unwrap()
        .id
    })
    .await
}

fn child_text<'a>(node: roxmltree::Node<'a, '_>, ns: &str, name: &str) -> Option<&'a str> {
    node.children()
        .find(|c| c.has_tag_name((ns, name)))
        .and_then(|c| c.text())
}

/// An Atom feed's entries as (title, alternate link), after checking what RFC 4287 requires
/// of the feed and of each entry (id, title, updated as an RFC 3339 date).
fn atom_entries(xml: &str) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    let dated = |node: roxmltree::Node| {
        for required in ["id", "title", "updated"] {
            assert!(child_text(node, ATOM, required).is_some(), "{required}");
        }
        let updated = child_text(node, ATOM, "updated").unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(updated).is_ok(),
            "{updated}"
        );
    };
    dated(feed);
    feed.children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .map(|entry| {
            dated(entry);
            assert!(
                entry.children().any(|c| c.has_tag_name((ATOM, "author"))),
                "each entry names its authors"
            );
            let link = entry
                .children()
                .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("alternate"))
                .and_then(|c| c.attribute("href"))
                .unwrap_or_default();
            (
                child_text(entry, ATOM, "title").unwrap().to_owned(),
                link.to_owned(),
            )
        })
        .collect()
}

async fn title_of(app: &TestApp, id: i64) -> String {
    app.with_db(move |conn| {
        published_articles::table
            .find(id)
            .select(published_articles::title)
            .first(conn)
            .unwrap()
    })
    .await
}

async fn feeds_list_the_article_and_its_correction(backend: Backend) {
    let app = spawn_app(backend).await;
    let (article, correction) = demo_article_and_correction(&app).await;
    forge_row_for_unpublished(&app).await;
    let base = app.state.config.base_url.clone();
    let expected = vec![
        (
            title_of(&app, correction).await,
            format!("{base}/articles/{correction}"),
        ),
        (
            title_of(&app, article).await,
            format!("{base}/articles/{article}"),
        ),
    ];
    let collection = app.get("/collections/rare-cancers").await;
    let feed_link = collection
        .attr(
            "head link[rel=alternate][type='application/atom+xml']",
            "href",
        )
        .expect("the collection page links its feed");
    assert_eq!(feed_link, "/collections/rare-cancers/feed.atom");
    let home = app.get("/").await;
    let site_link = home
        .attr(
            "head link[rel=alternate][type='application/atom+xml']",
            "href",
        )
        .expect("the home page links the site's feed");
    let article_page = app.get(&format!("/articles/{article}")).await;
    assert_eq!(
        article_page
            .attr(
                "head link[rel=alternate][type='application/atom+xml']",
                "href"
            )
            .as_deref(),
        Some(feed_link.as_str())
    );
    let hidden = unpublished_titles(&app).await;
    for path in [feed_link.as_str(), site_link.as_str()] {
        let xml = fetch(&app, path, "application/atom+xml").await;
        // Newest first; the correction and the article were published the same day, the
        // correction after.
        assert_eq!(atom_entries(&xml), expected, "{path}");
        for title in &hidden {
            assert!(!xml.contains(title.as_str()), "{path} names “{title}”");
        }
    }
    assert_eq!(
        app.get("/collections/no-such-collection/feed.atom")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn the_sitemap_lists_every_public_page_and_no_private_one(backend: Backend) {
    let app = spawn_app(backend).await;
    let (article, correction) = demo_article_and_correction(&app).await;
    let forged = forge_row_for_unpublished(&app).await;
    let base = app.state.config.base_url.clone();
    let xml = fetch(&app, "/sitemap.xml", "application/xml").await;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert!(doc.root_element().has_tag_name((SITEMAP, "urlset")));
    let mut listed = BTreeSet::new();
    for url in doc
        .root_element()
        .children()
        .filter(|c| c.has_tag_name((SITEMAP, "url")))
    {
        let loc = child_text(url, SITEMAP, "loc").unwrap().to_owned();
        let lastmod = child_text(url, SITEMAP, "lastmod").unwrap();
        let day = chrono::NaiveDate::parse_from_str(lastmod, "%Y-%m-%d");
        assert!(day.is_ok(), "{loc}: {lastmod}");
        listed.insert(loc);
    }
    let expected: BTreeSet<String> = [
        format!("{base}/"),
        format!("{base}/collections/rare-cancers"),
        format!("{base}/articles/{article}"),
        format!("{base}/articles/{correction}"),
    ]
    .into_iter()
    .collect();
    assert_eq!(listed, expected);
    assert!(!xml.contains(&format!("/articles/{forged}<")));
    // Every page listed opens for a visitor.
    for loc in &listed {
        let path = loc.strip_prefix(&base).unwrap();
        assert_eq!(app.get(path).await.status, StatusCode::OK, "{path}");
    }
}

/// The public routes: what a visitor may read. Every other GET route is behind a sign-in
/// (or a reviewer's secret link) and robots.txt must keep crawlers out of it.
const PUBLIC_ROUTES: &[&str] = &[
    "GET /",
    "GET /collections/{slug}",
    "GET /collections/{slug}/feed.atom",
    "GET /feed.atom",
    "GET /sitemap.xml",
    "GET /robots.txt",
    "GET /articles/{id}",
    "GET /articles/{id}/pdf",
    "GET /articles/{id}/citation.ris",
    "GET /articles/{id}/citation.bib",
];

async fn robots_names_the_sitemap_and_keeps_private_pages_out(backend: Backend) {
    let app = spawn_app(backend).await;
    let base = app.state.config.base_url.clone();
    let robots = fetch(&app, "/robots.txt", "text/plain").await;
    assert!(robots.starts_with("User-agent: *\n"));
    assert!(
        robots
            .lines()
            .any(|l| l == format!("Sitemap: {base}/sitemap.xml")),
        "{robots}"
    );
    let disallowed: Vec<&str> = robots
        .lines()
        .filter_map(|l| l.strip_prefix("Disallow: "))
        .collect();
    let kept_out = |path: &str| disallowed.iter().any(|d| path.starts_with(d));
    let mut files = vec![];
    crate::browser_a11y::inventory::rust_files(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web"),
        &mut files,
    );
    let mut checked = 0;
    for file in files {
        let src = std::fs::read_to_string(file).unwrap();
        for route in crate::browser_a11y::inventory::routes_in_source(&src) {
            let Some(path) = route.strip_prefix("GET ") else {
                continue;
            };
            checked += 1;
            if PUBLIC_ROUTES.contains(&route.as_str()) {
                assert!(!kept_out(path), "{route} is public but disallowed");
            } else {
                assert!(kept_out(path), "robots.txt lets crawlers into {route}");
            }
        }
    }
    assert!(checked > 40, "{checked} GET routes read");
}

async fn public_pages_name_their_canonical_address(backend: Backend) {
    let app = spawn_app(backend).await;
    let base = app.state.config.base_url.clone();
    for (path, canonical) in [
        ("/", format!("{base}/")),
        (
            "/collections/rare-cancers",
            format!("{base}/collections/rare-cancers"),
        ),
        // The same page asked for with a query string is still the one page.
        (
            "/collections/rare-cancers?utm_source=mail",
            format!("{base}/collections/rare-cancers"),
        ),
    ] {
        let page = app.get(path).await;
        assert_eq!(
            page.attr("head link[rel=canonical]", "href"),
            Some(canonical),
            "{path}"
        );
    }
}

on_both_backends!(
    feeds_list_the_article_and_its_correction,
    the_sitemap_lists_every_public_page_and_no_private_one,
    robots_names_the_sitemap_and_keeps_private_pages_out,
    public_pages_name_their_canonical_address,
);
