use reqwest::StatusCode;

use crate::helpers::{Backend, spawn_app};
use crate::on_both_backends;

async fn collection_page_shows_the_seed_collection(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.get("/collections/rare-cancers").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.select("h1"), vec!["Rare cancers"]);
    let editors = page.select(".editor h3");
    assert_eq!(editors, vec!["Atif A. Ahmed", "Bruna Samia Dalmasso"]);
    let affiliations = page.select(".editor .muted");
    assert!(
        affiliations[0].contains("Seattle Children"),
        "{affiliations:?}"
    );
    assert!(affiliations[1].contains("IRCCS Ospedale Policlinico San Martino"));
    let topics = page.select(".topics li");
    assert_eq!(topics.len(), 6, "{topics:?}");
    assert!(topics.contains(&"Genetic and molecular underpinnings of rare cancers".to_owned()));
    let text = page.visible_text();
    assert!(
        text.contains("fewer than six cases per 100,000"),
        "definition shown"
    );
    assert!(text.contains("BMC Cancer is not considering case reports."));
    assert!(
        text.contains("handled by another Editorial Board Member who has no competing interests")
    );
    assert!(text.contains("Research Article"));
    assert!(text.contains("No articles have been published in this collection yet"));
}

async fn home_lists_open_collections(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.select("#open-heading + ul h3 a"), vec!["Rare cancers"]);
    assert_eq!(
        page.attr("#open-heading + ul h3 a", "href").as_deref(),
        Some("/collections/rare-cancers")
    );
}

async fn unknown_pages_get_a_styled_404(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in ["/collections/no-such-thing", "/no/such/page"] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(page.select("h1"), vec!["Page not found"]);
        assert!(
            page.attr("link[rel=stylesheet]", "href").is_some(),
            "styled"
        );
    }
}

async fn health_check_reports_the_database(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.get("/healthz").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains(r#""database":"ok""#));
}

async fn static_files_are_served(backend: Backend) {
    let app = spawn_app(backend).await;
    let resp = app
        .client
        .get(app.url("/static/style.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
}

on_both_backends!(
    collection_page_shows_the_seed_collection,
    home_lists_open_collections,
    unknown_pages_get_a_styled_404,
    health_check_reports_the_database,
    static_files_are_served,
);

/// A failure inside a request shows a styled page with a reference, never the cause; the
/// log has the cause with the same reference.
async fn server_errors_show_a_reference_and_hide_the_cause(backend: Backend) {
    let app = spawn_app(backend).await;
    app.with_db(|conn| {
        use diesel::RunQueryDsl;
        diesel::sql_query("DROP TABLE collection_article_types")
            .execute(conn)
            .unwrap();
    })
    .await;
    let page = app.get("/collections/rare-cancers").await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(page.select("h1"), vec!["Something went wrong"]);
    let reference = page.select(".request-id code");
    assert_eq!(reference.len(), 1);
    assert!(reference[0].len() >= 32, "a request id: {reference:?}");
    assert!(
        !page.text.contains("collection_article_types"),
        "the cause stays in the log"
    );
}

on_both_backends!(server_errors_show_a_reference_and_hide_the_cause);

/// Uptime monitors and link checkers ask with HEAD: every page answers it as GET does (the
/// same status and headers), without a body, and a HEAD never does what a POST does.
async fn head_answers_as_get_without_a_body(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let (site, files) = (app.state.config.site(), app.state.files.clone());
    let (article, _) = app
        .with_db(move |conn| {
            peerdesk::demo::load_published(conn, &files, &site)
                .unwrap()
                .unwrap()
        })
        .await;
    let article = format!("/articles/{article}");
    for path in [
        "/",
        "/healthz",
        "/collections/rare-cancers",
        article.as_str(),
        "/static/style.css",
    ] {
        let get = app.client.get(app.url(path)).send().await.unwrap();
        let head = app.client.head(app.url(path)).send().await.unwrap();
        assert_eq!(head.status(), StatusCode::OK, "HEAD {path}");
        assert_eq!(head.status(), get.status(), "HEAD {path}");
        let kind = |r: &reqwest::Response| r.headers().get("content-type").cloned();
        assert!(kind(&head).is_some(), "HEAD {path} has a Content-Type");
        assert_eq!(kind(&head), kind(&get), "HEAD {path}");
        assert!(
            head.bytes().await.unwrap().is_empty(),
            "HEAD {path} has no body"
        );
    }
    let missing = app
        .client
        .head(app.url("/no/such/page"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.bytes().await.unwrap().is_empty());

    // A page that needs signing in sends HEAD where it sends GET.
    let get = app.get("/dashboard").await;
    let head = app.client.head(app.url("/dashboard")).send().await.unwrap();
    assert_eq!(head.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        head.headers().get("location").and_then(|v| v.to_str().ok()),
        get.location.as_deref()
    );

    // HEAD on a route that only takes POST answers as GET does, and signs nobody out.
    let helen = "helen.marsh@bmccancer.example";
    app.login(helen, &logins[helen]).await;
    let get = app.client.get(app.url("/logout")).send().await.unwrap();
    let head = app.client.head(app.url("/logout")).send().await.unwrap();
    assert_eq!(head.status(), get.status());
    assert!(head.status().is_client_error(), "{}", head.status());
    assert_eq!(
        app.get("/dashboard").await.status,
        StatusCode::OK,
        "still signed in"
    );
}

on_both_backends!(head_answers_as_get_without_a_body);
