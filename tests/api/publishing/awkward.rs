//! Exports you can trust with awkward input (issue 21 item 6): the demo article, after a
//! co-author typed their ORCID iD as a link and the title took an ampersand, a `<` and
//! non-Latin letters, and another's name has a two-part family name, comes out right in
//! every export — JATS, Crossref, RIS, BibTeX, Atom, and the page's meta tags and JSON-LD:
//! the title as typed (escaped where the format escapes), the iD as one
//! `https://orcid.org/…` link, never doubled, "García López" filed whole as the family name.

use biblatex::{Bibliography, ChunksExt};
use diesel::prelude::*;
use reqwest::StatusCode;

use super::record::{demo_published, json_ld, meta_tags};
use crate::helpers::*;
use crate::on_both_backends;
use peerdesk::db::schema::{published_articles, submission_authors};

const TITLE: &str = "Angiosarcoma & <rare> tumours: 肺血管肉瘤 in Ångström's cohort";
const ORCID_URL: &str = "https://orcid.org/0000-0002-1825-0097";
const HELEN: &str = "helen.marsh@bmccancer.example";

async fn download(app: &TestApp, path: &str) -> String {
    let resp = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "{path}");
    resp.text().await.unwrap()
}

fn parse(xml: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(xml, options).unwrap_or_else(|e| panic!("{e}\n{xml}"))
}

/// The text of every element named `name` (any namespace), in order.
fn texts(doc: &roxmltree::Document, name: &str) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.tag_name().name() == name)
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

/// The demo article made awkward: its title takes `&`, `<` and non-Latin letters; Hao Jian
/// (second author) typed the iD as a link, before iDs were cleaned when saved; the third
/// author's family name is two words.
async fn make_it_awkward(app: &TestApp, article: i64) {
    app.with_db(move |conn| {
        let submission: i64 = published_articles::table
            .find(article)
            .select(published_articles::submission_id.assume_not_null())
            .first(conn)
            .unwrap();
        diesel::update(published_articles::table.find(article))
            .set(published_articles::title.eq(TITLE))
            .execute(conn)
            .unwrap();
        diesel::update(
            submission_authors::table
                .filter(submission_authors::submission_id.eq(submission))
                .filter(submission_authors::position.eq(2)),
        )
        .set(submission_authors::orcid.eq(ORCID_URL))
        .execute(conn)
        .unwrap();
        // The third author's name, in its parts, has a family name of two words.
        diesel::update(
            submission_authors::table
                .filter(submission_authors::submission_id.eq(submission))
                .filter(submission_authors::position.eq(3)),
        )
        .set((
            submission_authors::name.eq("María José García López"),
            submission_authors::given_names.eq("María José"),
            submission_authors::family_name.eq("García López"),
            submission_authors::name_order.eq("given_first"),
        ))
        .execute(conn)
        .unwrap();
    })
    .await;
}

async fn an_awkward_article_exports_right(backend: Backend) {
    let app = spawn_app(backend).await;
    let (logins, article, _) = demo_published(&app).await;
    make_it_awkward(&app, article).await;

    // The page's meta tags and JSON-LD.
    let page = app.get(&format!("/articles/{article}")).await;
    let tags = meta_tags(&page);
    let orcid_tag = tags
        .iter()
        .find(|(n, _)| n == "citation_author_orcid")
        .map(|(_, v)| v.as_str());
    assert_eq!(orcid_tag, Some(ORCID_URL));
    assert_eq!(json_ld(&page)["author"][1]["sameAs"], ORCID_URL);
    assert_eq!(json_ld(&page)["headline"], TITLE);
    assert!(tags.contains(&(
        "citation_author".to_owned(),
        "María José García López".to_owned()
    )));

    // RIS and BibTeX.
    let ris = download(&app, &format!("/articles/{article}/citation.ris")).await;
    assert!(ris.contains(&format!("TI  - {TITLE}\r\n")), "{ris}");
    assert!(ris.contains("AU  - García López, María José\r\n"), "{ris}");
    let bib = download(&app, &format!("/articles/{article}/citation.bib")).await;
    let parsed = Bibliography::parse(&bib).unwrap_or_else(|e| panic!("{e:?}\n{bib}"));
    let entry = parsed.iter().next().unwrap();
    assert_eq!(entry.title().unwrap().format_verbatim(), TITLE, "{bib}");
    let third = &entry.author().unwrap()[2];
    assert_eq!(
        (third.name.as_str(), third.given_name.as_str()),
        ("García López", "María José"),
        "{bib}"
    );

    // The Atom feed.
    let feed = download(&app, "/collections/rare-cancers/feed.atom").await;
    let doc = parse(&feed);
    assert!(texts(&doc, "title").contains(&TITLE.to_owned()), "{feed}");
    assert!(texts(&doc, "uri").contains(&ORCID_URL.to_owned()), "{feed}");

    // JATS and Crossref, as the editor-in-chief exports them.
    assert_eq!(
        app.login(HELEN, &logins[HELEN]).await.status,
        StatusCode::SEE_OTHER
    );
    let jats = download(
        &app,
        &format!("/editorial/exports/articles/{article}/jats.xml"),
    )
    .await;
    let doc = parse(&jats);
    assert_eq!(texts(&doc, "article-title"), [TITLE]);
    assert_eq!(texts(&doc, "contrib-id"), [ORCID_URL]);
    assert_eq!(texts(&doc, "surname")[2], "García López");
    assert_eq!(texts(&doc, "given-names")[2], "María José");
    // The corresponding author is named in the author notes (no e-mail address).
    assert_eq!(
        texts(&doc, "corresp"),
        ["Corresponding author: Mei Lin, Sun Yat-sen University Cancer Center, Guangzhou, China"]
    );
    assert!(!jats.contains("@sysucc.example"));
    let deposit = download(&app, "/editorial/exports/crossref.xml").await;
    let doc = parse(&deposit);
    assert!(texts(&doc, "title").contains(&TITLE.to_owned()));
    assert_eq!(texts(&doc, "surname")[2], "García López");
    assert_eq!(texts(&doc, "given_name")[2], "María José");
    // The article and its correction, each with Hao Jian's iD.
    assert_eq!(texts(&doc, "ORCID"), [ORCID_URL, ORCID_URL]);
    for xml in [&jats, &deposit, &feed] {
        assert!(!xml.contains("orcid.org/https"), "the iD is never doubled");
    }
}

on_both_backends!(an_awkward_article_exports_right);
