//! Publishing an accepted manuscript: only the editor-in-chief may, refused input writes
//! nothing, everyone is told once, the public reads it on the collection page and its own
//! page with the PDF, and nothing unpublished is reachable.

use std::collections::HashMap;

use diesel::prelude::*;
use reqwest::StatusCode;

use super::*;
use peerdesk::db::schema::submissions;

async fn the_editor_in_chief_publishes_and_the_public_reads_it(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = accepted_submission(&mut app, &logins).await;

    // Nobody but the journal's editor-in-chief reaches the publication page: the handling
    // editor, a conflicted guest editor and the author get 404, as for a missing page.
    only_the_editor_in_chief_reaches_the_form(&app, &logins, id).await;

    // Bad input: every message beside its field, the input kept, nothing written.
    refused_input_writes_nothing(&app, id).await;

    // Published.
    let article = publish_and_tell_everyone(&app, id).await;

    // The authors' own page links the article.
    as_person(&app, &logins, SOFIA).await;
    let own = app.get(&format!("/submissions/{id}")).await;
    assert_eq!(own.select("#published-article").join(""), citation(123));
    as_person(&app, &logins, HELEN).await;

    // Publishing twice, and the page afterwards, say so clearly.
    publishing_twice_is_refused(&app, id).await;

    // A second accepted manuscript (moved there in the database): a citation or DOI that
    // is taken is refused, with the next free number offered, and nothing is written.
    let second = a_taken_number_is_refused(&app).await;

    // The public: no sign-in needed.
    let page = the_collection_page_lists_it(&app, article).await;

    the_article_page_shows_it(&app, article, &page).await;

    // Nothing unpublished is reachable: no such article, and a row that points at a
    // submission that is not published (forged in the database) answers 404 too.
    nothing_unpublished_is_reachable(&app, article, second).await;
}

/// Everyone but the editor-in-chief gets 404 for the form and for a crafted POST; she finds
/// it filled in with the next citation and DOI, each field labelled (and stays signed in).
async fn only_the_editor_in_chief_reaches_the_form(
    app: &TestApp,
    logins: &HashMap<String, String>,
    id: i64,
) {
    for who in [ATIF, BRUNA, SOFIA, DANIEL] {
        as_person(app, logins, who).await;
        assert_eq!(
            app.get(&publish_path(id)).await.status,
            StatusCode::NOT_FOUND,
            "{who} GET"
        );
        let crafted = publish_as_number(app, id, 7).await;
        assert_eq!(crafted.status, StatusCode::NOT_FOUND, "{who} POST");
    }
    assert_eq!(published_rows(app).await, 0);

    as_person(app, logins, HELEN).await;
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
}

/// Bad input, and a text file named .pdf, are refused beside their fields with the input
/// kept; nothing is written or sent.
async fn refused_input_writes_nothing(app: &TestApp, id: i64) {
    let refused = post_publication(
        app,
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
        app,
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
    assert_eq!(published_rows(app).await, 0);
    assert_eq!(state_of(app, id).await, "accepted");
    assert!(!app.outbox().iter().any(|m| m.kind == "article_published"));
}

/// Publishes it as article 123: every author (17) and the handling editor are told, once
/// each. Returns the article's id.
async fn publish_and_tell_everyone(app: &TestApp, id: i64) -> i64 {
    let done = publish_as_number(app, id, 123).await;
    assert_eq!(
        done.status,
        StatusCode::SEE_OTHER,
        "{}",
        done.visible_text()
    );
    let article = article_id_of(app, id).await;
    assert_eq!(
        done.location.as_deref(),
        Some(format!("/articles/{article}").as_str())
    );
    assert_eq!(state_of(app, id).await, "published");
    assert_eq!(
        moves(app, id).await.last().map(String::as_str),
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
    article
}

/// A second publication is refused, saying where it was published; the form is gone.
async fn publishing_twice_is_refused(app: &TestApp, id: i64) {
    let twice = publish_as_number(app, id, 124).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = twice.visible_text();
    assert!(text.contains("has already been published"), "{text}");
    assert!(text.contains(&citation(123)), "{text}");
    assert_eq!(published_rows(app).await, 1);
    let again = app.get(&publish_path(id)).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.select("input#pdf").is_empty(), "no form any more");
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    assert!(editorial.select("#publish-link").is_empty());
    assert_eq!(
        editorial.select("#published-article").join(""),
        citation(123)
    );
}

/// A second manuscript, accepted in the database, is offered the next free number and
/// refused a taken one. Returns its id.
async fn a_taken_number_is_refused(app: &TestApp) -> i64 {
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
    let duplicate = publish_as_number(app, second, 123).await;
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
    assert_eq!(state_of(app, second).await, "accepted");
    assert_eq!(published_rows(app).await, 1);
    second
}

/// The collection page, signed out: the article with its first lines, its first sixteen
/// authors and its citation. Returns the page.
async fn the_collection_page_lists_it(app: &TestApp, article: i64) -> Page {
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
    page
}

/// The article's own page has everything, its PDF is served, and neither it nor the
/// collection `page` names a reviewer or an address.
async fn the_article_page_shows_it(app: &TestApp, article: i64, page: &Page) {
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
    let pdf = article_pdf(app, article).await;
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
}

/// No such article, and a row forged for an unpublished submission, answer 404.
async fn nothing_unpublished_is_reachable(app: &TestApp, article: i64, second: i64) {
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
                    licence: "CC-BY-4.0",
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
    let pdf = article_pdf(&app, article).await;
    let bytes = pdf.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    as_person(&app, &logins, HELEN).await;
    assert_eq!(
        app.get(&publish_path(accepted)).await.status,
        StatusCode::OK
    );
}

crate::on_both_backends!(
    the_editor_in_chief_publishes_and_the_public_reads_it,
    the_demo_has_a_published_article_and_one_to_publish,
);
