//! Publishing over HTTP on both backends: the editor-in-chief publishes an accepted
//! submission (citation, DOI, date, final PDF), the article appears on the public collection
//! page as on the journal's own page and on its own page with the PDF, nothing unpublished is
//! reachable, refused input changes nothing, a correction is linked, and the JATS, Crossref
//! and CSV exports hold what they must and leave out what the editor-in-chief is conflicted
//! with.

use std::collections::HashMap;

use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use peerdesk::db::schema::{published_articles, submission_authors, submissions};

const BAP1: &str = "Germline BAP1 variants in Ligurian families with uveal melanoma";

fn publish_path(id: i64) -> String {
    format!("/editorial/submissions/{id}/publish")
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// This year's volume of BMC Cancer (volume 26 in 2026).
fn volume() -> String {
    use chrono::Datelike;
    (today().year() - 2000).to_string()
}

fn citation(number: i32) -> String {
    use chrono::Datelike;
    format!("BMC Cancer {} {}:{number}", today().year(), volume())
}

fn doi(number: i32) -> String {
    use chrono::Datelike;
    format!("10.1186/s12885-{:03}-{number:05}", today().year() % 1000)
}

/// The signed-in person posts the publication form.
async fn post_publication(
    app: &TestApp,
    id: i64,
    fields: &[(&str, &str)],
    pdf: Option<(&str, Vec<u8>)>,
) -> Page {
    let files: Vec<(&str, &str, Vec<u8>)> = pdf
        .into_iter()
        .map(|(name, bytes)| ("pdf", name, bytes))
        .collect();
    app.post_multipart(&publish_path(id), fields, &files).await
}

async fn publish_as_number(app: &TestApp, id: i64, number: i32) -> Page {
    let n = number.to_string();
    let d = doi(number);
    let date = today().format("%Y-%m-%d").to_string();
    post_publication(
        app,
        id,
        &[
            ("volume", &volume()),
            ("article_number", &n),
            ("doi", &d),
            ("published_on", &date),
        ],
        Some(("final-typeset.pdf", pdf_bytes())),
    )
    .await
}

async fn published_rows(app: &TestApp) -> i64 {
    app.with_db(|conn| {
        published_articles::table
            .count()
            .get_result::<i64>(conn)
            .unwrap()
    })
    .await
}

/// Demo manuscript 1 (Sofia's, handled by Atif) reviewed once and accepted, with sixteen
/// more co-authors added in the database so the collection page has a long list to cut.
async fn accepted_submission(app: &mut TestApp, logins: &HashMap<String, String>) -> i64 {
    let id = first_submission(app).await;
    app.with_db(move |conn| {
        for i in 2..=17 {
            diesel::insert_into(submission_authors::table)
                .values((
                    submission_authors::submission_id.eq(id),
                    submission_authors::position.eq(i),
                    submission_authors::name.eq(format!("Coauthor{i} Genoa")),
                    submission_authors::email.eq(format!("coauthor{i}@unige-research.example")),
                    submission_authors::affiliation.eq("University of Genoa, Italy"),
                    submission_authors::is_corresponding.eq(false),
                ))
                .execute(conn)
                .unwrap();
        }
    })
    .await;
    one_review_round(app, logins, id).await;
    let sent = send_decision(app, id, "accept", None).await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    assert_eq!(state_of(app, id).await, "accepted");
    id
}

async fn article_id_of(app: &TestApp, submission_id: i64) -> i64 {
    app.with_db(move |conn| {
        published_articles::table
            .filter(published_articles::submission_id.eq(submission_id))
            .select(published_articles::id)
            .first::<i64>(conn)
            .unwrap()
    })
    .await
}

async fn the_editor_in_chief_publishes_and_the_public_reads_it(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = accepted_submission(&mut app, &logins).await;

    // Nobody but the journal's editor-in-chief reaches the publication page: the handling
    // editor, a conflicted guest editor and the author get 404, as for a missing page.
    for who in [ATIF, BRUNA, SOFIA, DANIEL] {
        as_person(&app, &logins, who).await;
        assert_eq!(
            app.get(&publish_path(id)).await.status,
            StatusCode::NOT_FOUND,
            "{who} GET"
        );
        let crafted = publish_as_number(&app, id, 7).await;
        assert_eq!(crafted.status, StatusCode::NOT_FOUND, "{who} POST");
    }
    assert_eq!(published_rows(&app).await, 0);

    as_person(&app, &logins, HELEN).await;
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    assert_eq!(
        editorial.attr("#publish-link", "href").as_deref(),
        Some(publish_path(id).as_str())
    );
    let form = app.get(&publish_path(id)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(
        form.attr("input#volume", "value").as_deref(),
        Some(volume().as_str())
    );
    assert_eq!(
        form.attr("input#article_number", "value").as_deref(),
        Some("1")
    );
    assert_eq!(
        form.attr("input#doi", "value").as_deref(),
        Some(doi(1).as_str())
    );
    for field in ["volume", "article_number", "doi", "published_on", "pdf"] {
        assert_eq!(
            form.select(&format!("label[for={field}]")).len(),
            1,
            "a label for {field}"
        );
    }

    // Bad input: every message beside its field, the input kept, nothing written.
    let refused = post_publication(
        &app,
        id,
        &[
            ("volume", "25"),
            ("article_number", "twelve"),
            ("doi", "not a <doi>"),
            ("published_on", &today().format("%Y-%m-%d").to_string()),
        ],
        None,
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .field_error("volume")
            .unwrap()
            .contains(&format!("goes in volume {}", volume())),
        "{:?}",
        refused.field_error("volume")
    );
    assert!(refused.field_error("article_number").is_some());
    assert!(
        refused
            .field_error("doi")
            .unwrap()
            .contains("prefix and a suffix")
    );
    assert!(
        refused
            .field_error("pdf")
            .unwrap()
            .contains("Choose the final PDF")
    );
    assert_eq!(
        refused.attr("input#doi", "value").as_deref(),
        Some("not a <doi>")
    );
    assert_eq!(
        refused.attr("input#article_number", "value").as_deref(),
        Some("twelve")
    );
    // A text file named .pdf is refused from its content.
    let not_pdf = post_publication(
        &app,
        id,
        &[
            ("volume", &volume()),
            ("article_number", "123"),
            ("doi", &doi(123)),
            ("published_on", &today().format("%Y-%m-%d").to_string()),
        ],
        Some(("final.pdf", b"just some text, honestly".to_vec())),
    )
    .await;
    assert_eq!(not_pdf.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(not_pdf.field_error("pdf").unwrap().contains("not"));
    assert_eq!(published_rows(&app).await, 0);
    assert_eq!(state_of(&app, id).await, "accepted");
    assert!(!app.outbox().iter().any(|m| m.kind == "article_published"));

    // Published.
    let done = publish_as_number(&app, id, 123).await;
    assert_eq!(
        done.status,
        StatusCode::SEE_OTHER,
        "{}",
        done.visible_text()
    );
    let article = article_id_of(&app, id).await;
    assert_eq!(
        done.location.as_deref(),
        Some(format!("/articles/{article}").as_str())
    );
    assert_eq!(state_of(&app, id).await, "published");
    assert_eq!(
        moves(&app, id).await.last().map(String::as_str),
        Some("publish")
    );
    // Every author (17) and the handling editor, once each.
    let sent: Vec<_> = app
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "article_published")
        .collect();
    assert_eq!(
        sent.len(),
        18,
        "{:?}",
        sent.iter().map(|m| &m.to_address).collect::<Vec<_>>()
    );
    let to_sofia = app.mails_to(SOFIA).join("\n");
    assert!(to_sofia.contains(&citation(123)), "{to_sofia}");
    assert!(to_sofia.contains(&format!("https://doi.org/{}", doi(123))));
    assert!(to_sofia.contains(&format!("/articles/{article}")));
    assert!(
        app.mails_to("coauthor17@unige-research.example")
            .join("\n")
            .contains("you are an author of")
    );
    assert!(
        app.mails_to(ATIF)
            .join("\n")
            .contains("you handled as editor")
    );

    // The authors' own page links the article.
    as_person(&app, &logins, SOFIA).await;
    let own = app.get(&format!("/submissions/{id}")).await;
    assert_eq!(own.select("#published-article").join(""), citation(123));
    as_person(&app, &logins, HELEN).await;

    // Publishing twice, and the page afterwards, say so clearly.
    let twice = publish_as_number(&app, id, 124).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = twice.visible_text();
    assert!(text.contains("has already been published"), "{text}");
    assert!(text.contains(&citation(123)), "{text}");
    assert_eq!(published_rows(&app).await, 1);
    let again = app.get(&publish_path(id)).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.select("input#pdf").is_empty(), "no form any more");
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    assert!(editorial.select("#publish-link").is_empty());
    assert_eq!(
        editorial.select("#published-article").join(""),
        citation(123)
    );

    // A second accepted manuscript (moved there in the database): a citation or DOI that
    // is taken is refused, with the next free number offered, and nothing is written.
    let second: i64 = app
        .with_db(|conn| {
            let id: i64 = submissions::table
                .filter(submissions::title.like("Survival of children%"))
                .select(submissions::id)
                .first(conn)
                .unwrap();
            diesel::update(submissions::table.find(id))
                .set(submissions::state.eq("accepted"))
                .execute(conn)
                .unwrap();
            id
        })
        .await;
    let form = app.get(&publish_path(second)).await;
    assert_eq!(
        form.attr("input#article_number", "value").as_deref(),
        Some("124"),
        "the next free number"
    );
    let duplicate = publish_as_number(&app, second, 123).await;
    assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
    let number_error = duplicate.field_error("article_number").unwrap();
    assert!(
        number_error.contains(&format!("{} is already the citation", citation(123))),
        "{number_error}"
    );
    assert!(
        number_error.contains("next free article number"),
        "{number_error}"
    );
    assert!(
        duplicate
            .field_error("doi")
            .unwrap()
            .contains("already registered")
    );
    assert_eq!(state_of(&app, second).await, "accepted");
    assert_eq!(published_rows(&app).await, 1);

    // The public: no sign-in needed.
    app.logout().await;
    let page = app.get("/collections/rare-cancers").await;
    assert_eq!(page.status, StatusCode::OK);
    let items = page.select("#published-articles .article-item");
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(
        page.attr("#published-articles .article-title a", "href")
            .as_deref(),
        Some(format!("/articles/{article}").as_str())
    );
    assert_eq!(page.select(".article-title a").join(""), BAP1);
    let first_lines = page.select(".article-abstract").join("");
    assert!(
        first_lines.starts_with("Uveal melanoma is rare"),
        "{first_lines}"
    );
    assert!(first_lines.ends_with("..."), "cut: {first_lines}");
    let authors = page.select(".article-authors").join("");
    assert!(
        authors.contains("Sofia Bianchi, Coauthor2 Genoa"),
        "{authors}"
    );
    assert!(authors.contains("Coauthor16 Genoa…"), "{authors}");
    assert!(!authors.contains("Coauthor17"), "{authors}");
    assert!(
        page.select(".article-citation")
            .join("")
            .contains(&citation(123))
    );
    let published_line = format!("Published: {}", today().format("%-d %B %Y"));
    assert!(page.visible_text().contains(&published_line));

    let article_page = app.get(&format!("/articles/{article}")).await;
    assert_eq!(article_page.status, StatusCode::OK);
    assert_eq!(article_page.select("h1").join(""), BAP1);
    assert_eq!(article_page.select("#citation").join(""), citation(123));
    assert!(article_page.select("#doi").join("").contains(&doi(123)));
    for id in ["#received", "#accepted", "#published"] {
        assert_eq!(article_page.select(id).len(), 1, "{id}");
    }
    let text = article_page.visible_text();
    for needed in [
        "Coauthor17 Genoa",
        "University of Genoa, Italy",
        "IRCCS Ospedale Policlinico San Martino",
        "BAP1",
        "germline testing",
        "Conclusions: Families with two or more",
    ] {
        assert!(text.contains(needed), "{needed} on the article page");
    }
    // No reviewer identity, no e-mail address, anywhere public.
    for hidden in ["Marta", "Lindqvist", NEW_REVIEWER, SOFIA, "Atif"] {
        assert!(!text.contains(hidden), "{hidden} on the article page");
    }
    // (The collection page names its Guest Editors, Atif among them, by design.)
    for hidden in ["Marta", "Lindqvist", NEW_REVIEWER, SOFIA] {
        assert!(
            !page.visible_text().contains(hidden),
            "{hidden} on the collection page"
        );
    }
    let pdf = app
        .client
        .get(app.url(&format!("/articles/{article}/pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(
        pdf.headers()["content-type"].to_str().unwrap(),
        "application/pdf"
    );
    use chrono::Datelike;
    let disposition = pdf.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.contains(&format!("BMC-Cancer-{}-{}-123", today().year(), volume())),
        "{disposition}"
    );
    assert_eq!(pdf.bytes().await.unwrap().to_vec(), pdf_bytes());

    // Nothing unpublished is reachable: no such article, and a row that points at a
    // submission that is not published (forged in the database) answers 404 too.
    assert_eq!(
        app.get(&format!("/articles/{}", article + 100))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let forged = app
        .with_db(move |conn| {
            let row = peerdesk::db::published::insert(
                conn,
                &peerdesk::db::published::NewPublished {
                    kind: "article",
                    submission_id: Some(second),
                    corrects_id: None,
                    journal_id: 1,
                    collection_id: 1,
                    title: "Survival of children with retinoblastoma",
                    notice: "",
                    year: 2026,
                    volume: 26,
                    article_number: 999,
                    doi: "10.1186/forged",
                    published_on: today(),
                    published_by: 1,
                    pdf: Some(("0".repeat(64).as_str(), 1, "x.pdf")),
                },
            )
            .unwrap();
            row.id
        })
        .await;
    assert_eq!(
        app.get(&format!("/articles/{forged}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/articles/{forged}/pdf")).await.status,
        StatusCode::NOT_FOUND
    );
    let page = app.get("/collections/rare-cancers").await;
    assert_eq!(page.select("#published-articles .article-item").len(), 1);
    assert!(!page.visible_text().contains("Survival of children"));
}

crate::on_both_backends!(the_editor_in_chief_publishes_and_the_public_reads_it);

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
    let (a, b) = tokio::join!(
        publish_as_number(&app, id, 123),
        publish_as_number(&app, id, 124)
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
    let article = article_id_of(&app, id).await;
    let correction_path = format!("/editorial/articles/{article}/correction");

    // Only the editor-in-chief publishes corrections.
    for who in [ATIF, BRUNA, SOFIA] {
        as_person(&app, &logins, who).await;
        assert_eq!(
            app.get(&correction_path).await.status,
            StatusCode::NOT_FOUND,
            "{who}"
        );
    }
    as_person(&app, &logins, HELEN).await;
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
    let notice = "In Table 2 the number of carriers was given as 9; it is 8.";
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

    // The list and both pages link them, in the journal's words.
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
    assert!(correction_page.visible_text().contains(notice));
    assert_eq!(
        correction_page.attr("#corrects a", "href").as_deref(),
        Some(format!("/articles/{article}").as_str())
    );

    // Exports are the editor-in-chief's only.
    let jats_path = format!("/editorial/exports/articles/{article}/jats.xml");
    for who in [ATIF, BRUNA, SOFIA] {
        as_person(&app, &logins, who).await;
        for path in [
            "/editorial/exports",
            jats_path.as_str(),
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
    as_person(&app, &logins, HELEN).await;
    let queue = app.get("/editorial/queue").await;
    assert_eq!(
        queue.attr("#exports-link", "href").as_deref(),
        Some("/editorial/exports")
    );
    let exports = app.get("/editorial/exports").await;
    assert_eq!(exports.status, StatusCode::OK);
    assert!(exports.visible_text().contains(&citation(140)));

    // JATS: well-formed, with the required elements.
    let (status, content_type, jats) = get_body(&app, &jats_path).await;
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
    let contribs: Vec<_> = child(meta, "contrib-group")
        .children()
        .filter(|c| c.has_tag_name("contrib"))
        .collect();
    assert_eq!(contribs.len(), 17);
    assert_eq!(text_of(contribs[0], &["name", "surname"]), "Bianchi");
    assert_eq!(text_of(contribs[0], &["name", "given-names"]), "Sofia");
    assert!(meta.children().any(|c| c.has_tag_name("aff")));
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

    // Crossref: both DOIs, each with its resource URL.
    let (status, _, deposit) = get_body(&app, "/editorial/exports/crossref.xml").await;
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

    // CSV: quoted properly, and without the submission Helen is conflicted with.
    app.with_db(|conn| {
        diesel::update(submissions::table.filter(submissions::title.like("An international%")))
            .set(submissions::title.eq("An international registry, \"adult\" cases"))
            .execute(conn)
            .unwrap();
    })
    .await;
    let (status, content_type, csv) = get_body(&app, "/editorial/exports/submissions.csv").await;
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
    declare_conflict(&app, helen, "Daniel Okafor", DANIEL, "family", "").await;
    let (_, _, csv) = get_body(&app, "/editorial/exports/submissions.csv").await;
    assert!(!csv.contains("Survival of children"), "{csv}");
    assert!(csv.contains("Germline BAP1"), "{csv}");

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

crate::on_both_backends!(corrections_and_exports);

async fn the_demo_has_a_published_article_and_one_to_publish(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let (files, site) = (app.state.files.clone(), app.state.config.site());
    let (article, accepted) = app
        .with_db(move |conn| {
            let loaded = peerdesk::demo::load_published(conn, &files, &site).unwrap();
            assert!(
                peerdesk::demo::load_published(conn, &files, &site)
                    .unwrap()
                    .is_none(),
                "loaded once"
            );
            loaded.unwrap()
        })
        .await;
    assert_eq!(state_of(&app, accepted).await, "accepted");
    let list = app.get("/collections/rare-cancers").await;
    assert_eq!(list.select("#published-articles .article-item").len(), 1);
    let authors = list.select(".article-authors").join("");
    assert!(authors.ends_with('…'), "18 authors are cut: {authors}");
    assert!(
        list.select(".correction-notice")
            .join("")
            .contains("The Correction to this article has been published in BMC Cancer")
    );
    let page = app.get(&format!("/articles/{article}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.visible_text().contains("Luan Tao"),
        "all authors on the page"
    );
    let pdf = app
        .client
        .get(app.url(&format!("/articles/{article}/pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), StatusCode::OK);
    let bytes = pdf.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    as_person(&app, &logins, HELEN).await;
    assert_eq!(
        app.get(&publish_path(accepted)).await.status,
        StatusCode::OK
    );
}

crate::on_both_backends!(the_demo_has_a_published_article_and_one_to_publish);
