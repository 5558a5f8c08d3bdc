//! The published record as the scholarly web reads it (issue 21), on the demo data: the
//! published article and its correction. The article page's `citation_*` meta tags and
//! JSON-LD.

use std::collections::HashMap;

use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::on_both_backends;
use peerdesk::db::schema::published_articles;

/// The demo loaded with its published side: (the article, its correction).
pub(super) async fn demo_article_and_correction(app: &TestApp) -> (i64, i64) {
    let (_, article, correction) = demo_published(app).await;
    (article, correction)
}

/// The demo loaded with its published side: (the logins, the article, its correction).
pub(super) async fn demo_published(app: &TestApp) -> (HashMap<String, String>, i64, i64) {
    let logins = app.load_demo().await;
    let (files, site) = (app.state.files.clone(), app.state.config.site());
    let (article, _) = app
        .with_db(move |conn| {
            peerdesk::demo::load_published(conn, &files, &site)
                .unwrap()
                .unwrap()
        })
        .await;
    let correction = app
        .with_db(move |conn| {
            published_articles::table
                .filter(published_articles::corrects_id.eq(article))
                .select(published_articles::id)
                .first::<i64>(conn)
                .unwrap()
        })
        .await;
    (logins, article, correction)
}

/// The page's `<meta name=…>` tags, in order.
pub(super) fn meta_tags(page: &Page) -> Vec<(String, String)> {
    let selector = scraper::Selector::parse("head meta[name^='citation_']").unwrap();
    page.html
        .select(&selector)
        .map(|m| {
            (
                m.value().attr("name").unwrap_or_default().to_owned(),
                m.value().attr("content").unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn values<'a>(tags: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    tags.iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// The text of each element `css` matches, as it is in the page.
fn raw_text(page: &Page, css: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(css).unwrap();
    page.html
        .select(&selector)
        .map(|e| e.text().collect())
        .collect()
}

/// The page's JSON-LD, parsed.
pub(super) fn json_ld(page: &Page) -> serde_json::Value {
    let scripts = raw_text(page, "script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1, "one JSON-LD block");
    serde_json::from_str(&scripts[0]).unwrap_or_else(|e| panic!("{e}: {}", scripts[0]))
}

async fn article_pages_carry_citation_tags(backend: Backend) {
    let app = spawn_app(backend).await;
    let (article, _) = demo_article_and_correction(&app).await;
    let base = app.state.config.base_url.clone();
    let page = app.get(&format!("/articles/{article}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let tags = meta_tags(&page);
    let shown_authors: Vec<String> = page
        .select("#authors li")
        .iter()
        .map(|li| {
            li.split(['(', 'O'])
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned()
        })
        .collect();
    let title = page.select("h1").join("");
    let doi = page.select("#doi").join("").replace("https://doi.org/", "");
    assert_eq!(values(&tags, "citation_title"), [title.as_str()]);
    let authors = values(&tags, "citation_author");
    assert_eq!(authors.len(), 18, "every author, in order: {authors:?}");
    assert_eq!(authors[0], "Mei Lin");
    assert_eq!(authors[1], "Hao Jian");
    assert!(shown_authors[0].starts_with("Mei Lin"), "{shown_authors:?}");
    // Each author's institution follows the author.
    let at = tags
        .iter()
        .position(|(n, v)| n == "citation_author" && v == "Hao Jian");
    assert_eq!(
        tags[at.unwrap() + 1],
        (
            "citation_author_institution".to_owned(),
            "Xi'an Jiaotong University, China".to_owned()
        )
    );
    assert_eq!(values(&tags, "citation_journal_title"), ["BMC Cancer"]);
    assert_eq!(values(&tags, "citation_issn"), ["1471-2407"]);
    assert_eq!(values(&tags, "citation_doi"), [doi.as_str()]);
    let citation = page.select("#citation").join("");
    // "BMC Cancer 2026 26:1": the volume and the article number.
    let (volume, number) = citation
        .rsplit_once(' ')
        .unwrap()
        .1
        .split_once(':')
        .unwrap();
    assert_eq!(values(&tags, "citation_volume"), [volume]);
    assert_eq!(values(&tags, "citation_firstpage"), [number]);
    let published = values(&tags, "citation_publication_date");
    assert_eq!(published.len(), 1);
    assert!(
        chrono::NaiveDate::parse_from_str(published[0], "%Y/%m/%d").is_ok(),
        "{published:?}"
    );
    assert_eq!(
        values(&tags, "citation_pdf_url"),
        [format!("{base}/articles/{article}/pdf").as_str()]
    );
    assert!(values(&tags, "citation_abstract")[0].starts_with("Background: Primary pulmonary"));
    assert_eq!(
        page.attr("link[rel=canonical]", "href"),
        Some(format!("{base}/articles/{article}"))
    );
}

/// The JSON-LD beside the tags: the same article, its authors, and its correction; the
/// correction's page is described as a correction.
async fn article_pages_carry_json_ld(backend: Backend) {
    let app = spawn_app(backend).await;
    let (article, correction) = demo_article_and_correction(&app).await;
    let base = app.state.config.base_url.clone();
    let page = app.get(&format!("/articles/{article}")).await;
    let title = page.select("h1").join("");
    let doi = page.select("#doi").join("").replace("https://doi.org/", "");
    let ld = json_ld(&page);
    assert_eq!(ld["@type"], "ScholarlyArticle");
    assert_eq!(ld["headline"], title.as_str());
    assert_eq!(ld["identifier"]["value"], doi.as_str());
    assert_eq!(ld["author"].as_array().unwrap().len(), 18);
    assert_eq!(ld["author"][1]["name"], "Hao Jian");
    assert_eq!(ld["isPartOf"]["isPartOf"]["name"], "BMC Cancer");
    assert_eq!(
        ld["correction"][0]["url"],
        format!("{base}/articles/{correction}").as_str()
    );

    // The correction's page is described too, as a correction.
    let page = app.get(&format!("/articles/{correction}")).await;
    let tags = meta_tags(&page);
    assert_eq!(values(&tags, "citation_article_type"), ["Correction"]);
    assert_eq!(values(&tags, "citation_author").len(), 18);
    assert_eq!(json_ld(&page)["articleSection"], "Correction");
}

/// A title with markup characters, an ampersand and non-Latin letters reaches the tags and
/// the JSON-LD as it is, and nothing in it can end the JSON-LD block.
async fn a_title_with_markup_stays_data(backend: Backend) {
    let app = spawn_app(backend).await;
    let (article, _) = demo_article_and_correction(&app).await;
    let title = "Angiosarcoma & <rare> tumours: 肺血管肉瘤 </script><script>alert(1)</script>";
    app.with_db(move |conn| {
        diesel::update(published_articles::table.find(article))
            .set(published_articles::title.eq(title))
            .execute(conn)
            .unwrap();
    })
    .await;
    let page = app.get(&format!("/articles/{article}")).await;
    assert_eq!(page.select("h1"), [title]);
    assert_eq!(values(&meta_tags(&page), "citation_title"), [title]);
    assert_eq!(json_ld(&page)["headline"], title);
    assert_eq!(raw_text(&page, "script").len(), 1, "no script was injected");
}

on_both_backends!(
    article_pages_carry_citation_tags,
    article_pages_carry_json_ld,
    a_title_with_markup_stays_data,
);

/// The exports say `authenticated="true"` for an iD its author's own account confirmed
/// through ORCID, and nothing for a typed one (Crossref and JATS reserve it for the former).
async fn the_exports_mark_only_confirmed_ids_authenticated(backend: Backend) {
    use peerdesk::db::schema::{people, submission_authors};
    const ADA_ORCID: &str = "0000-0002-1825-0097";
    let app = spawn_app(backend).await;
    let (logins, article, _) = demo_published(&app).await;
    // The demo's published article: its first author with an account confirms the iD the
    // byline gives; every other author's iD stays typed.
    app.with_db(move |conn| {
        let submission: Option<i64> = published_articles::table
            .find(article)
            .select(published_articles::submission_id)
            .first(conn)
            .unwrap();
        let (row, person): (i64, i64) = submission_authors::table
            .filter(submission_authors::submission_id.eq(submission.unwrap()))
            .filter(submission_authors::person_id.is_not_null())
            .order(submission_authors::id)
            .select((
                submission_authors::id,
                submission_authors::person_id.assume_not_null(),
            ))
            .first(conn)
            .unwrap();
        diesel::update(submission_authors::table.find(row))
            .set(submission_authors::orcid.eq(ADA_ORCID))
            .execute(conn)
            .unwrap();
        diesel::update(people::table.find(person))
            .set((
                people::orcid.eq(ADA_ORCID),
                people::orcid_verified_at.eq(Some(peerdesk::db::now())),
            ))
            .execute(conn)
            .unwrap();
    })
    .await;
    as_person(&app, &logins, HELEN).await;
    let jats = app
        .get(&format!("/editorial/exports/articles/{article}/jats.xml"))
        .await
        .text;
    assert!(
        jats.contains(&format!(
            "<contrib-id contrib-id-type=\"orcid\" authenticated=\"true\">https://orcid.org/{ADA_ORCID}</contrib-id>"
        )),
        "{jats}"
    );
    let crossref = app.get("/editorial/exports/crossref.xml").await.text;
    assert!(
        crossref.contains(&format!(
            "<ORCID authenticated=\"true\">https://orcid.org/{ADA_ORCID}</ORCID>"
        )),
        "{crossref}"
    );
    assert_eq!(jats.matches("authenticated=").count(), 1, "only hers");
}

on_both_backends!(the_exports_mark_only_confirmed_ids_authenticated);
