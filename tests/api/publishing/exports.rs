//! Corrections and exports: two publications at once make one, a correction is published
//! and linked, and the JATS, Crossref and CSV exports hold what they must and leave out what
//! the editor-in-chief is conflicted with.

use std::collections::HashMap;

use diesel::prelude::*;
use reqwest::StatusCode;

use super::*;
use peerdesk::db::schema::{published_articles, submissions};

/// The correction's notice.
const NOTICE: &str = "In Table 2 the number of carriers was given as 9; it is 8.";

async fn get_body(app: &TestApp, path: &str) -> (StatusCode, String, String) {
    let resp = app.client.get(app.url(path)).send().await.unwrap();
    let status = resp.status();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, content_type, resp.text().await.unwrap())
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    node.children()
        .find(|c| c.has_tag_name(name) || c.tag_name().name() == name)
        .unwrap_or_else(|| panic!("<{name}> in <{}>", node.tag_name().name()))
}

fn text_of(node: roxmltree::Node<'_, '_>, path: &[&str]) -> String {
    let mut n = node;
    for p in path {
        n = child(n, p);
    }
    n.text().unwrap_or_default().to_owned()
}

/// xmllint, where it is installed, agrees that the document is well-formed.
fn xmllint_agrees(xml: &str) {
    let Ok(mut child) = std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    else {
        return;
    };
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(xml.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "xmllint: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn corrections_and_exports(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = accepted_submission(&mut app, &logins).await;
    as_person(&app, &logins, HELEN).await;
    // Two publications of the same manuscript at once (a double click, two tabs): one
    // wins, the other is told, and the authors are e-mailed once.
    two_publications_at_once_make_one(&app, id).await;
    let article = article_id_of(&app, id).await;

    // Only the editor-in-chief publishes corrections.
    only_the_editor_in_chief_reaches_the_correction_form(&app, &logins, id, article).await;
    let correction = publish_the_correction(&app, article).await;

    // The list and both pages link them, in the journal's words.
    the_correction_is_linked(&app, article, correction).await;

    // Exports are the editor-in-chief's only.
    let jats_path = format!("/editorial/exports/articles/{article}/jats.xml");
    exports_are_the_chiefs_only(&app, &logins, &jats_path).await;

    // JATS: well-formed, with the required elements.
    the_jats_holds_what_it_must(&app, &jats_path).await;

    // Crossref: both DOIs, each with its resource URL.
    the_crossref_deposit_holds_both_dois(&app).await;

    // CSV: quoted properly, and without the submission Helen is conflicted with.
    let helen = the_csv_leaves_out_what_she_is_conflicted_with(&app).await;

    // Conflicted with the published article's author too: it leaves every export (its
    // correction with it), though it stays public.
    declare_conflict(&app, helen, "Sofia Bianchi", SOFIA, "family", "").await;
    assert_eq!(app.get(&jats_path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!(
            "/editorial/exports/articles/{correction}/jats.xml"
        ))
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let exports = app.get("/editorial/exports").await;
    assert!(!exports.visible_text().contains(&citation(123)));
    assert_eq!(
        app.get("/editorial/exports/crossref.xml").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (_, _, csv) = get_body(&app, "/editorial/exports/submissions.csv").await;
    assert!(!csv.contains("Germline BAP1"), "{csv}");
    assert_eq!(
        app.get(&format!("/articles/{article}")).await.status,
        StatusCode::OK
    );
}

/// Two publications at once: one wins, the other is told, the authors are e-mailed once;
/// the winner is numbered 123 for what follows.
async fn two_publications_at_once_make_one(app: &TestApp, id: i64) {
    let (a, b) = tokio::join!(
        publish_as_number(app, id, 123),
        publish_as_number(app, id, 124)
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY],
        "{}\n{}",
        a.visible_text(),
        b.visible_text()
    );
    let loser = if a.status == StatusCode::SEE_OTHER {
        &b
    } else {
        &a
    };
    assert!(
        loser.visible_text().contains("already been published"),
        "{}",
        loser.visible_text()
    );
    assert_eq!(
        app.outbox()
            .iter()
            .filter(|m| m.kind == "article_published")
            .count(),
        18
    );
    let number: i32 = app
        .with_db(move |conn| {
            published_articles::table
                .filter(published_articles::submission_id.eq(id))
                .select(published_articles::article_number)
                .first(conn)
                .unwrap()
        })
        .await;
    if number == 124 {
        // Keep the numbers the rest of this test expects.
        app.with_db(|conn| {
            diesel::update(published_articles::table)
                .set((
                    published_articles::article_number.eq(123),
                    published_articles::doi.eq(doi(123)),
                ))
                .execute(conn)
                .unwrap();
        })
        .await;
    }
}

/// Everyone else gets 404; she finds the correction form filled in (and stays signed in).
async fn only_the_editor_in_chief_reaches_the_correction_form(
    app: &TestApp,
    logins: &HashMap<String, String>,
    id: i64,
    article: i64,
) {
    let correction_path = format!("/editorial/articles/{article}/correction");
    for who in [ATIF, BRUNA, SOFIA] {
        as_person(app, logins, who).await;
        assert_eq!(
            app.get(&correction_path).await.status,
            StatusCode::NOT_FOUND,
            "{who}"
        );
    }
    as_person(app, logins, HELEN).await;
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    assert_eq!(
        editorial.attr("#correction-link", "href").as_deref(),
        Some(correction_path.as_str())
    );
    let form = app.get(&correction_path).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(
        form.attr("input#title", "value"),
        Some(format!("Correction: {BAP1}"))
    );
    assert_eq!(
        form.attr("input#article_number", "value").as_deref(),
        Some("124")
    );
}

/// A correction with a missing notice and a taken number is refused; then it is published
/// as article 140. Returns its id.
async fn publish_the_correction(app: &TestApp, article: i64) -> i64 {
    let correction_path = format!("/editorial/articles/{article}/correction");
    let date = today().format("%Y-%m-%d").to_string();
    let title = format!("Correction: {BAP1}");
    let refused = app
        .post_form(
            &correction_path,
            &[
                ("title", &title),
                ("notice", "  "),
                ("volume", &volume()),
                ("article_number", "123"),
                ("doi", &doi(140)),
                ("published_on", &date),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("notice").is_some());
    assert!(
        refused.field_error("article_number").is_some(),
        "123 is taken"
    );
    assert_eq!(
        app.with_db(|conn| published_articles::table
            .count()
            .get_result::<i64>(conn)
            .unwrap())
            .await,
        1
    );
    let notice = NOTICE;
    let published = app
        .post_form(
            &correction_path,
            &[
                ("title", &title),
                ("notice", notice),
                ("volume", &volume()),
                ("article_number", "140"),
                ("doi", &doi(140)),
                ("published_on", &date),
            ],
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.visible_text()
    );
    let correction = article + 1;
    assert_eq!(
        published.location.as_deref(),
        Some(format!("/articles/{correction}").as_str())
    );
    correction
}

/// The collection page, the article and the correction link each other.
async fn the_correction_is_linked(app: &TestApp, article: i64, correction: i64) {
    let sentence = format!(
        "The Correction to this article has been published in {}",
        citation(140)
    );
    app.logout().await;
    let list = app.get("/collections/rare-cancers").await;
    let notices = list.select(".correction-notice");
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains(&sentence), "{notices:?}");
    assert_eq!(
        list.attr(".correction-notice a", "href").as_deref(),
        Some(format!("/articles/{correction}").as_str())
    );
    assert_eq!(
        list.select("#published-articles .article-item").len(),
        1,
        "a correction is not listed as an article of its own"
    );
    let article_page = app.get(&format!("/articles/{article}")).await;
    assert!(article_page.visible_text().contains(&sentence));
    let correction_page = app.get(&format!("/articles/{correction}")).await;
    assert_eq!(correction_page.status, StatusCode::OK);
    assert_eq!(correction_page.select("#citation").join(""), citation(140));
    assert!(correction_page.visible_text().contains(NOTICE));
    assert_eq!(
        correction_page.attr("#corrects a", "href").as_deref(),
        Some(format!("/articles/{article}").as_str())
    );
}

/// Every export answers 404 to everyone but the editor-in-chief, whose queue links them
/// (and who stays signed in).
async fn exports_are_the_chiefs_only(
    app: &TestApp,
    logins: &HashMap<String, String>,
    jats_path: &str,
) {
    for who in [ATIF, BRUNA, SOFIA] {
        as_person(app, logins, who).await;
        for path in [
            "/editorial/exports",
            jats_path,
            "/editorial/exports/crossref.xml",
            "/editorial/exports/submissions.csv",
        ] {
            assert_eq!(
                app.get(path).await.status,
                StatusCode::NOT_FOUND,
                "{who} {path}"
            );
        }
    }
    as_person(app, logins, HELEN).await;
    let queue = app.get("/editorial/queue").await;
    assert_eq!(
        queue.attr("#exports-link", "href").as_deref(),
        Some("/editorial/exports")
    );
    let exports = app.get("/editorial/exports").await;
    assert_eq!(exports.status, StatusCode::OK);
    assert!(exports.visible_text().contains(&citation(140)));
}

/// The article's JATS: well-formed, with the required elements.
async fn the_jats_holds_what_it_must(app: &TestApp, jats_path: &str) {
    let (status, content_type, jats) = get_body(app, jats_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        content_type.starts_with("application/xml"),
        "{content_type}"
    );
    xmllint_agrees(&jats);
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&jats, options).expect("well-formed JATS");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "article");
    assert_eq!(root.attribute("article-type"), Some("research-article"));
    let front = child(root, "front");
    assert_eq!(
        text_of(
            front,
            &["journal-meta", "journal-title-group", "journal-title"]
        ),
        "BMC Cancer"
    );
    assert_eq!(
        text_of(front, &["journal-meta", "publisher", "publisher-name"]),
        "BioMed Central"
    );
    assert_eq!(text_of(front, &["journal-meta", "issn"]), "1471-2407");
    let meta = child(front, "article-meta");
    let doi_node = child(meta, "article-id");
    assert_eq!(doi_node.attribute("pub-id-type"), Some("doi"));
    assert_eq!(doi_node.text(), Some(doi(123).as_str()));
    assert_eq!(text_of(meta, &["title-group", "article-title"]), BAP1);
    // The authors' declaration of generative AI use, as they made it at submission.
    assert_eq!(
        text_of(meta, &["custom-meta-group", "custom-meta", "meta-name"]),
        "Use of generative AI"
    );
    assert!(
        text_of(meta, &["custom-meta-group", "custom-meta", "meta-value"])
            .contains("no generative AI was used")
    );
    let contribs: Vec<_> = child(meta, "contrib-group")
        .children()
        .filter(|c| c.has_tag_name("contrib"))
        .collect();
    assert_eq!(contribs.len(), 17);
    assert_eq!(text_of(contribs[0], &["name", "surname"]), "Bianchi");
    assert_eq!(text_of(contribs[0], &["name", "given-names"]), "Sofia");
    the_affiliations_are_tagged(meta, &contribs);
    assert_eq!(
        text_of(meta, &["pub-date", "year"]),
        today().format("%Y").to_string()
    );
    assert_eq!(text_of(meta, &["volume"]), volume());
    assert_eq!(text_of(meta, &["elocation-id"]), "123");
    assert!(text_of(meta, &["abstract", "p"]).starts_with("Background: Uveal melanoma"));
    let keywords: Vec<_> = child(meta, "kwd-group")
        .children()
        .filter(|c| c.has_tag_name("kwd"))
        .filter_map(|c| c.text())
        .collect();
    assert_eq!(
        keywords,
        [
            "uveal melanoma",
            "BAP1",
            "germline testing",
            "hereditary cancer"
        ]
    );
}

/// Affiliations tagged in their parts: Sofia's as she gave them (institution, city, country
/// code); the co-authors' written on one line before affiliations had parts, read by the
/// country that ends it. Each is listed once.
fn the_affiliations_are_tagged(
    meta: roxmltree::Node<'_, '_>,
    contribs: &[roxmltree::Node<'_, '_>],
) {
    let affs: Vec<_> = meta.children().filter(|c| c.has_tag_name("aff")).collect();
    assert_eq!(affs.len(), 2);
    assert_eq!(
        text_of(affs[0], &["institution-wrap", "institution"]),
        "IRCCS Ospedale Policlinico San Martino"
    );
    assert_eq!(text_of(affs[0], &["city"]), "Genoa");
    assert_eq!(child(affs[0], "country").attribute("country"), Some("IT"));
    assert_eq!(text_of(affs[0], &["country"]), "Italy");
    assert_eq!(
        text_of(affs[1], &["institution-wrap", "institution"]),
        "University of Genoa"
    );
    assert_eq!(child(affs[1], "country").attribute("country"), Some("IT"));
    let xref = |c: &roxmltree::Node| {
        child(*c, "xref")
            .attribute("rid")
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(xref(&contribs[0]), "aff1");
    assert_eq!(xref(&contribs[16]), "aff2");
}

/// The Crossref deposit: both DOIs, each with its resource URL; an empty or bad range is
/// said on the page.
async fn the_crossref_deposit_holds_both_dois(app: &TestApp) {
    let (status, _, deposit) = get_body(app, "/editorial/exports/crossref.xml").await;
    assert_eq!(status, StatusCode::OK, "{deposit}");
    xmllint_agrees(&deposit);
    let doc = roxmltree::Document::parse(&deposit).expect("well-formed Crossref deposit");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "doi_batch");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.crossref.org/schema/5.3.1")
    );
    assert_eq!(root.attribute("version"), Some("5.3.1"));
    let head = child(root, "head");
    for needed in ["doi_batch_id", "timestamp", "registrant"] {
        assert!(!text_of(head, &[needed]).is_empty(), "{needed}");
    }
    assert_eq!(
        text_of(head, &["depositor", "depositor_name"]),
        "Helen Marsh"
    );
    assert_eq!(text_of(head, &["registrant"]), "BioMed Central");
    let journal = child(child(root, "body"), "journal");
    assert_eq!(
        text_of(journal, &["journal_metadata", "full_title"]),
        "BMC Cancer"
    );
    let articles: Vec<_> = journal
        .children()
        .filter(|c| c.has_tag_name(("http://www.crossref.org/schema/5.3.1", "journal_article")))
        .collect();
    assert_eq!(articles.len(), 2);
    let mut dois = Vec::new();
    for a in &articles {
        assert!(!text_of(*a, &["titles", "title"]).is_empty());
        assert!(!text_of(*a, &["publication_date", "year"]).is_empty());
        assert!(
            a.children()
                .any(|c| c.has_tag_name(("http://www.crossref.org/schema/5.3.1", "contributors")))
        );
        dois.push(text_of(*a, &["doi_data", "doi"]));
        assert!(text_of(*a, &["doi_data", "resource"]).contains("/articles/"));
    }
    assert_eq!(dois, [doi(123), doi(140)]);
    // A range with nothing in it says so on the page.
    let tomorrow = (today() + chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let empty = app
        .get(&format!("/editorial/exports/crossref.xml?from={tomorrow}"))
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty
            .field_error("from")
            .unwrap()
            .contains("nothing to deposit")
    );
    let bad = app.get("/editorial/exports/crossref.xml?from=soon").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.field_error("from").is_some());
}

/// The CSV: quoted properly, and without the submission the editor-in-chief declares a
/// conflict with. Returns her id.
async fn the_csv_leaves_out_what_she_is_conflicted_with(app: &TestApp) -> i64 {
    app.with_db(|conn| {
        diesel::update(submissions::table.filter(submissions::title.like("An international%")))
            .set(submissions::title.eq("An international registry, \"adult\" cases"))
            .execute(conn)
            .unwrap();
    })
    .await;
    let (status, content_type, csv) = get_body(app, "/editorial/exports/submissions.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    assert!(
        csv.starts_with("Manuscript number,Title,Collection,State,"),
        "{csv}"
    );
    assert!(
        csv.contains("\"An international registry, \"\"adult\"\" cases\""),
        "{csv}"
    );
    assert!(csv.contains("Survival of children"), "{csv}");
    let bap1_row = csv.lines().find(|l| l.contains("Germline BAP1")).unwrap();
    assert!(bap1_row.contains(",Published,"), "{bap1_row}");
    assert!(bap1_row.contains(&citation(123)), "{bap1_row}");
    assert!(bap1_row.contains("Accept"), "{bap1_row}");
    let helen = app.person_id(HELEN).await;
    declare_conflict(app, helen, "Daniel Okafor", DANIEL, "family", "").await;
    let (_, _, csv) = get_body(app, "/editorial/exports/submissions.csv").await;
    assert!(!csv.contains("Survival of children"), "{csv}");
    assert!(csv.contains("Germline BAP1"), "{csv}");
    helen
}

crate::on_both_backends!(corrections_and_exports);
