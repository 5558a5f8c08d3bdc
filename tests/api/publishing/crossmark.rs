//! Relations in the deposits (issue 21 item 5): on the demo data, the correction's Crossref
//! deposit carries the Crossmark update relation to the article it corrects, both carry the
//! journal's Crossmark policy, and the article's JATS lists its correction.

use reqwest::StatusCode;

use super::record::demo_published;
use crate::helpers::*;
use crate::on_both_backends;
use peerdesk::db::schema::published_articles;

const CROSSREF: &str = "http://www.crossref.org/schema/5.3.1";
const HELEN: &str = "helen.marsh@bmccancer.example";

async fn download(app: &TestApp, path: &str) -> String {
    let resp = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "{path}");
    resp.text().await.unwrap()
}

async fn doi_of(app: &TestApp, id: i64) -> String {
    use diesel::prelude::*;
    app.with_db(move |conn| {
        published_articles::table
            .find(id)
            .select(published_articles::doi)
            .first(conn)
            .unwrap()
    })
    .await
}

async fn the_correction_is_deposited_as_an_update_of_its_article(backend: Backend) {
    let app = spawn_app(backend).await;
    let (logins, article, correction) = demo_published(&app).await;
    let (article_doi, correction_doi) =
        (doi_of(&app, article).await, doi_of(&app, correction).await);
    assert_eq!(
        app.login(HELEN, &logins[HELEN]).await.status,
        StatusCode::SEE_OTHER
    );
    let deposit = download(&app, "/editorial/exports/crossref.xml").await;
    let doc = roxmltree::Document::parse(&deposit).unwrap_or_else(|e| panic!("{e}\n{deposit}"));
    let n = |node: roxmltree::Node, name: &str| {
        node.descendants()
            .filter(|c| c.has_tag_name((CROSSREF, name)))
            .map(|c| c.text().unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
    };
    let mut seen = 0;
    for item in doc
        .descendants()
        .filter(|c| c.has_tag_name((CROSSREF, "journal_article")))
    {
        let doi = n(item, "doi").pop().unwrap();
        assert_eq!(
            n(item, "crossmark_policy"),
            ["10.1007/springer_crossmark_policy"],
            "{doi}"
        );
        let updates: Vec<(String, String)> = item
            .descendants()
            .filter(|c| c.has_tag_name((CROSSREF, "update")))
            .map(|u| {
                (
                    u.attribute("type").unwrap_or_default().to_owned(),
                    u.text().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        if doi == correction_doi {
            assert_eq!(updates, [("correction".to_owned(), article_doi.clone())]);
            seen += 1;
        } else {
            assert_eq!(doi, article_doi);
            assert!(updates.is_empty(), "the article updates nothing");
            seen += 1;
        }
    }
    assert_eq!(seen, 2);

    let jats = download(
        &app,
        &format!("/editorial/exports/articles/{article}/jats.xml"),
    )
    .await;
    assert!(
        jats.contains(&format!(
            "<related-article related-article-type=\"correction-forward\" ext-link-type=\"doi\" xlink:href=\"{correction_doi}\"/>"
        )),
        "{jats}"
    );
    let jats = download(
        &app,
        &format!("/editorial/exports/articles/{correction}/jats.xml"),
    )
    .await;
    assert!(jats.contains(&format!(
        "related-article-type=\"corrected-article\" ext-link-type=\"doi\" xlink:href=\"{article_doi}\""
    )));
}

on_both_backends!(the_correction_is_deposited_as_an_update_of_its_article);
