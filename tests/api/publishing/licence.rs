//! The licence of a collection (issue 21 item 4): CC BY 4.0 by default, on the article page,
//! in the JATS `permissions` and in the Crossref deposit's access indicators; the
//! editor-in-chief changes it in the collection form, and what is already published keeps
//! the licence it was published under.

use diesel::prelude::*;
use reqwest::StatusCode;

use super::record::{demo_published, json_ld};
use super::{accepted_submission, publish_as_number};
use crate::helpers::*;
use crate::on_both_backends;
use peerdesk::db::schema::collections;

const CC_BY: &str = "https://creativecommons.org/licenses/by/4.0/";
const CC_BY_NC: &str = "https://creativecommons.org/licenses/by-nc/4.0/";
const CROSSREF: &str = "http://www.crossref.org/schema/5.3.1";
const AI: &str = "http://www.crossref.org/AccessIndicators.xsd";
const ALI: &str = "http://www.niso.org/schemas/ali/1.0/";
const XLINK: &str = "http://www.w3.org/1999/xlink";
const HELEN: &str = "helen.marsh@bmccancer.example";

async fn sign_in_helen(app: &TestApp, logins: &std::collections::HashMap<String, String>) {
    assert_eq!(
        app.login(HELEN, &logins[HELEN]).await.status,
        StatusCode::SEE_OTHER
    );
}

async fn download(app: &TestApp, path: &str) -> String {
    let resp = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "{path}");
    resp.text().await.unwrap()
}

/// The licence the article page states: (the sentence, the link).
async fn page_licence(app: &TestApp, article: i64) -> (String, Option<String>) {
    let page = app.get(&format!("/articles/{article}")).await;
    assert_eq!(page.status, StatusCode::OK);
    (
        page.select("#licence").join(""),
        page.attr("#licence a[rel=license]", "href"),
    )
}

/// JATS `permissions` of one article: (copyright statement, year, holder, licence href,
/// ALI licence_ref), and whether it stands where JATS puts it (after the history, before
/// `self-uri`).
fn jats_permissions(xml: &str) -> [String; 5] {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(xml, options)
        .unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let meta = doc
        .descendants()
        .find(|n| n.has_tag_name("article-meta"))
        .unwrap();
    let names: Vec<&str> = meta
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    let at = |name: &str| names.iter().position(|n| *n == name).unwrap();
    assert!(at("history") < at("permissions") && at("permissions") < at("self-uri"));
    let permissions = meta
        .children()
        .find(|n| n.has_tag_name("permissions"))
        .unwrap();
    let text = |name: &str| {
        permissions
            .descendants()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_owned()
    };
    let license = permissions
        .children()
        .find(|n| n.has_tag_name("license"))
        .unwrap();
    let license_ref = license
        .children()
        .find(|n| n.has_tag_name((ALI, "license_ref")))
        .and_then(|n| n.text())
        .unwrap_or_default();
    [
        text("copyright-statement"),
        text("copyright-year"),
        text("copyright-holder"),
        license
            .attribute((XLINK, "href"))
            .unwrap_or_default()
            .to_owned(),
        license_ref.to_owned(),
    ]
}

/// Each `journal_article` of a Crossref deposit: (its DOI, its licence_ref and the
/// attribute saying what it applies to), after checking the access indicators stand
/// between `publisher_item` and `doi_data` as the schema orders them: on their own, or in
/// the Crossmark block's custom metadata when the journal has a Crossmark policy.
pub(super) fn crossref_licences(xml: &str) -> Vec<(String, String, String)> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    doc.descendants()
        .filter(|n| n.has_tag_name((CROSSREF, "journal_article")))
        .map(|article| {
            let names: Vec<&str> = article
                .children()
                .filter(|n| n.is_element())
                .map(|n| n.tag_name().name())
                .collect();
            let at = |name: &str| names.iter().position(|n| *n == name);
            let holder = at("crossmark")
                .or(at("program"))
                .expect("access indicators");
            assert!(at("publisher_item") < Some(holder) && Some(holder) < at("doi_data"));
            let program = article
                .descendants()
                .find(|n| n.has_tag_name((AI, "program")))
                .unwrap();
            assert_eq!(program.attribute("name"), Some("AccessIndicators"));
            let license = program
                .children()
                .find(|n| n.has_tag_name((AI, "license_ref")))
                .unwrap();
            let doi = article
                .children()
                .find(|n| n.has_tag_name((CROSSREF, "doi_data")))
                .and_then(|d| d.children().find(|n| n.has_tag_name((CROSSREF, "doi"))))
                .and_then(|n| n.text())
                .unwrap();
            (
                doi.to_owned(),
                license.text().unwrap_or_default().to_owned(),
                license
                    .attribute("applies_to")
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect()
}

async fn the_licence_is_on_the_page_in_jats_and_in_crossref(backend: Backend) {
    let app = spawn_app(backend).await;
    let (logins, article, correction) = demo_published(&app).await;
    let year = chrono::Utc::now().format("%Y").to_string();
    for id in [article, correction] {
        let (sentence, link) = page_licence(&app, id).await;
        assert!(
            sentence.starts_with(&format!("© The Author(s) {year}. This article is licensed under a Creative Commons Attribution 4.0 International licence")),
            "{sentence}"
        );
        assert_eq!(link.as_deref(), Some(CC_BY));
        let page = app.get(&format!("/articles/{id}")).await;
        assert_eq!(json_ld(&page)["license"], CC_BY);
    }
    sign_in_helen(&app, &logins).await;
    let jats = download(
        &app,
        &format!("/editorial/exports/articles/{article}/jats.xml"),
    )
    .await;
    assert_eq!(
        jats_permissions(&jats),
        [
            format!("© The Author(s) {year}"),
            year.clone(),
            "The Author(s)".to_owned(),
            CC_BY.to_owned(),
            CC_BY.to_owned(),
        ]
    );
    let deposit = download(&app, "/editorial/exports/crossref.xml").await;
    let licences = crossref_licences(&deposit);
    assert_eq!(licences.len(), 2, "the article and its correction");
    for (doi, url, applies_to) in licences {
        assert_eq!((url.as_str(), applies_to.as_str()), (CC_BY, "vor"), "{doi}");
    }
}

/// The edit form's fields as the page fills them in.
fn form_fields(page: &Page) -> Vec<(String, String)> {
    let sel = |css: &str| scraper::Selector::parse(css).unwrap();
    let mut out = Vec::new();
    for input in page.html.select(&sel("#collection-form input[name]")) {
        let v = input.value();
        // A box sends its value only when ticked, as a browser does.
        if matches!(v.attr("type"), Some("checkbox" | "radio")) && v.attr("checked").is_none() {
            continue;
        }
        out.push((
            v.attr("name").unwrap().to_owned(),
            v.attr("value").unwrap_or_default().to_owned(),
        ));
    }
    for area in page.html.select(&sel("#collection-form textarea[name]")) {
        out.push((
            area.value().attr("name").unwrap().to_owned(),
            area.text().collect(),
        ));
    }
    for select in page
        .html
        .select(&sel("#collection-form select[name]:not([disabled])"))
    {
        let chosen = select
            .select(&sel("option[selected]"))
            .next()
            .and_then(|o| o.value().attr("value"))
            .unwrap_or_default();
        out.push((
            select.value().attr("name").unwrap().to_owned(),
            chosen.to_owned(),
        ));
    }
    out
}

async fn save_licence(app: &TestApp, licence: &str) -> Page {
    let edit = app.get("/admin/collections/1/edit").await;
    assert_eq!(edit.status, StatusCode::OK);
    let fields: Vec<(String, String)> = form_fields(&edit)
        .into_iter()
        .filter(|(k, _)| k != "csrf_token")
        .map(|(k, v)| {
            if k == "licence" {
                (k, licence.to_owned())
            } else {
                (k, v)
            }
        })
        .collect();
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post_form("/admin/collections/1", &pairs).await
}

async fn a_new_licence_applies_to_what_is_published_next(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, published_before, _) = demo_published(&app).await;
    sign_in_helen(&app, &logins).await;
    let edit = app.get("/admin/collections/1/edit").await;
    assert_eq!(
        edit.attr("#licence option[selected]", "value").as_deref(),
        Some("CC-BY-4.0"),
        "CC BY 4.0 by default"
    );
    let refused = save_licence(&app, "All rights reserved").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("licence").is_some());
    let saved = save_licence(&app, "CC-BY-NC-4.0").await;
    assert_eq!(
        saved.status,
        StatusCode::SEE_OTHER,
        "{}",
        saved.visible_text()
    );
    let stored: String = app
        .with_db(|conn| {
            collections::table
                .find(1)
                .select(collections::licence)
                .first(conn)
                .unwrap()
        })
        .await;
    assert_eq!(stored, "CC-BY-NC-4.0");
    let edit = app.get("/admin/collections/1/edit").await;
    assert_eq!(
        edit.attr("#licence option[selected]", "value").as_deref(),
        Some("CC-BY-NC-4.0")
    );

    // What was published before keeps its licence; what is published now carries the new one.
    assert_eq!(
        page_licence(&app, published_before).await.1.as_deref(),
        Some(CC_BY)
    );
    app.logout().await;
    let accepted = accepted_submission(&mut app, &logins).await;
    sign_in_helen(&app, &logins).await;
    let published = publish_as_number(&app, accepted, 123).await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.visible_text()
    );
    let article = super::article_id_of(&app, accepted).await;
    let (sentence, link) = page_licence(&app, article).await;
    assert!(sentence.contains("(CC BY-NC 4.0)"), "{sentence}");
    assert_eq!(link.as_deref(), Some(CC_BY_NC));
    let jats = download(
        &app,
        &format!("/editorial/exports/articles/{article}/jats.xml"),
    )
    .await;
    assert_eq!(jats_permissions(&jats)[3], CC_BY_NC);
}

on_both_backends!(
    the_licence_is_on_the_page_in_jats_and_in_crossref,
    a_new_licence_applies_to_what_is_published_next,
);
