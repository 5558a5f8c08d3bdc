use reqwest::StatusCode;

use crate::helpers::{Backend, spawn_app, spawn_app_with};
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
    let page = other
        .get(app.url("/password/forgot"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let theirs = scraper::Html::parse_document(&page)
        .select(&scraper::Selector::parse("input[name=csrf_token]").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("value")
        .unwrap()
        .to_owned();
    let mut crossed: Vec<(&str, &str)> = fields.to_vec();
    crossed.push(("csrf_token", &theirs));
    assert_eq!(
        app.post_raw("/register", &crossed).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.count_people_with_email("mallory@uni.example").await, 0);
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

on_both_backends!(
    posts_without_a_valid_csrf_token_are_refused_and_change_nothing,
    session_cookie_is_http_only_and_same_site,
    cookies_are_secure_under_https,
    passwords_are_stored_as_argon2id,
);
