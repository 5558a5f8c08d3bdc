use reqwest::StatusCode;

use crate::helpers::{
    Backend, PAGES_NOT_ABOUT_ONE_SUBMISSION, csrf_token_of, spawn_app, spawn_app_with,
};
use crate::on_both_backends;

async fn posts_without_a_valid_csrf_token_are_refused_and_change_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let fields = [
        ("name", "Mallory"),
        ("email", "mallory@uni.example"),
        ("affiliation", "Nowhere"),
        ("password", "long-enough-password"),
    ];

    let missing = app.post_raw("/register", &fields).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert_eq!(missing.select("h1"), vec!["This form has expired"]);

    app.csrf_token().await; // the session now has a token, but the form carries another
    let mut forged: Vec<(&str, &str)> = fields.to_vec();
    forged.push((
        "csrf_token",
        "0000000000000000000000000000000000000000000000000000000000000000",
    ));
    assert_eq!(
        app.post_raw("/register", &forged).await.status,
        StatusCode::FORBIDDEN
    );

    assert_eq!(app.count_people_with_email("mallory@uni.example").await, 0);
    assert!(app.mails().is_empty());

    // A token from another visitor's session does not work either.
    let (other, _) = app.another_visitor();
    let theirs = csrf_token_of(&other, &app.url("/password/forgot")).await;
    let mut crossed: Vec<(&str, &str)> = fields.to_vec();
    crossed.push(("csrf_token", &theirs));
    assert_eq!(
        app.post_raw("/register", &crossed).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.count_people_with_email("mallory@uni.example").await, 0);
}

/// A multipart form shown again after an error is at an address without the CSRF token
/// (it would stay in the history and in bookmarks): the token travels in the body only.
async fn a_form_shown_again_keeps_the_csrf_token_out_of_the_address(backend: Backend) {
    use crate::helpers::{complete_form, post_fields, rare_cancers, signed_in_author};
    let app = spawn_app(backend).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let form = app.get("/submissions/new").await;
    assert_eq!(
        form.attr("form.submission-form", "action").as_deref(),
        Some("/submissions/new")
    );
    assert_eq!(
        form.attr("form.submission-form > input:first-child", "name")
            .as_deref(),
        Some("csrf_token"),
        "the token is the form's first field"
    );

    let fields: Vec<(String, String)> = complete_form(collection_id, &topic, &"a".repeat(32))
        .into_iter()
        .filter(|(k, _)| k != "title")
        .collect();
    let again = post_fields(&app, "/submissions/new", &fields, &[]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.field_error("title").is_some());
    assert_eq!(again.location, None, "shown again at the address posted to");
    assert_eq!(
        again.attr("form.submission-form", "action").as_deref(),
        Some("/submissions/new")
    );
    assert!(
        !again.text.contains("csrf_token="),
        "no address on the page carries the token"
    );

    // A token in the address is not accepted any more: nothing may put it there.
    let token = app.csrf_token().await;
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in &fields {
        form = form.text(k.clone(), v.clone());
    }
    let in_query = app
        .client
        .post(app.url(&format!("/submissions/new?csrf_token={token}")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(in_query.status(), StatusCode::FORBIDDEN);
}

async fn session_cookie_is_http_only_and_same_site(backend: Backend) {
    let app = spawn_app(backend).await;
    let resp = app.client.get(app.url("/login")).send().await.unwrap();
    let cookie = resp.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("peerdesk="));
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Lax"));
    assert!(!cookie.contains("Secure"), "plain http in development");
    for header in [
        "x-content-type-options",
        "x-frame-options",
        "content-security-policy",
        "referrer-policy",
    ] {
        assert!(resp.headers().contains_key(header), "{header}");
    }
}

async fn cookies_are_secure_under_https(backend: Backend) {
    let app = spawn_app_with(
        backend,
        &[("PEERDESK_BASE_URL", "https://rare-cancers.example")],
    )
    .await;
    let resp = app.client.get(app.url("/login")).send().await.unwrap();
    let cookie = resp.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(resp.headers().contains_key("strict-transport-security"));
}

async fn passwords_are_stored_as_argon2id(backend: Backend) {
    let app = spawn_app(backend).await;
    app.register("Ada Osei", "ada@uni.example", "glass-orchid-lantern-42")
        .await;
    let stored: Vec<String> = app
        .with_db(|conn| {
            use diesel::prelude::*;
            use peerdesk::db::schema::{account_tokens, accounts};
            let mut v: Vec<String> = accounts::table
                .select(accounts::password_hash)
                .load(conn)
                .unwrap();
            v.extend(
                account_tokens::table
                    .select(account_tokens::token_hash)
                    .load::<String>(conn)
                    .unwrap(),
            );
            v
        })
        .await;
    assert!(stored[0].starts_with("$argon2id$"), "{}", stored[0]);
    let link = app
        .link_in_last_mail_to("ada@uni.example", "/verify-email?token=")
        .unwrap();
    let token = link.split("token=").nth(1).unwrap();
    assert!(
        !stored.iter().any(|s| s.contains(token)),
        "the e-mailed token is stored only as a hash"
    );
}

/// Issue #26, item 2 (ASVS 8.2.1): no page is kept by a browser or a proxy. Every demo
/// person walks every page they may open (their lists, each submission's author and
/// editorial pages, their review desks, the office) and a visitor the token pages; every
/// answer, whatever its status, says `Cache-Control: no-store`. The stylesheet may be cached.
/// Every answer also denies the browser features the site never uses.
/// Long because it is one walk: every person, every page they may open, each answer's headers
/// checked.
async fn no_page_is_kept_in_a_cache(backend: Backend) {
    use diesel::prelude::*;
    use peerdesk::db::schema::{review_invitations, submissions};
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let ids: Vec<i64> = app
        .with_db(|conn| {
            submissions::table
                .select(submissions::id)
                .load(conn)
                .unwrap()
        })
        .await;
    let invitations: Vec<i64> = app
        .with_db(|conn| {
            review_invitations::table
                .select(review_invitations::id)
                .load(conn)
                .unwrap()
        })
        .await;
    let mut pages: Vec<String> = PAGES_NOT_ABOUT_ONE_SUBMISSION
        .iter()
        .chain(&["/submissions/new", "/collections/rare-cancers"])
        .map(|p| (*p).to_owned())
        .collect();
    for id in &ids {
        pages.push(format!("/submissions/{id}"));
        pages.push(format!("/editorial/submissions/{id}"));
        pages.push(format!("/editorial/submissions/{id}/reviewers"));
        pages.push(format!("/editorial/submissions/{id}/revision-deadline"));
    }
    let (collection, _) = crate::helpers::rare_cancers(&app).await;
    pages.push(format!("/admin/collections/{collection}/deadlines"));
    for id in &invitations {
        pages.push(format!("/reviews/{id}"));
    }
    let mut walked = 0;
    for (email, password) in &logins {
        app.logout().await;
        app.login(email, password).await;
        for page in &pages {
            let answer = app.client.get(app.url(page)).send().await.unwrap();
            let cache = answer
                .headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            assert!(
                cache.as_deref().is_some_and(|c| c.contains("no-store")),
                "{email} {page} ({}): {cache:?}",
                answer.status()
            );
            walked += 1;
        }
    }
    // Through e-mailed tokens, signed out.
    app.logout().await;
    for page in [
        "/invitations/not-a-real-token",
        "/authorship/not-a-real-token",
        "/password/reset?token=not-a-real-token",
        "/verify-email?token=not-a-real-token",
        "/login",
        "/login/code",
    ] {
        let answer = app.client.get(app.url(page)).send().await.unwrap();
        assert_eq!(
            answer.headers().get("cache-control").unwrap(),
            "no-store",
            "{page}"
        );
        let policy = answer
            .headers()
            .get("permissions-policy")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert!(policy.contains("camera=()") && policy.contains("geolocation=()"));
    }
    let sheet = app
        .client
        .get(app.url("/static/style.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(sheet.status(), StatusCode::OK);
    assert_ne!(
        sheet
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store"),
        "the stylesheet may be cached"
    );
    assert!(walked > 200, "{walked}");
}

on_both_backends!(
    no_page_is_kept_in_a_cache,
    posts_without_a_valid_csrf_token_are_refused_and_change_nothing,
    a_form_shown_again_keeps_the_csrf_token_out_of_the_address,
    session_cookie_is_http_only_and_same_site,
    cookies_are_secure_under_https,
    passwords_are_stored_as_argon2id,
);
