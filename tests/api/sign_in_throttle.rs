//! The sign-in throttle (issue 26 item 6): one client's failures hold back that client, not
//! the people who share its address (a university's NAT, a proxy in front), and
//! `X-Forwarded-For` says who the client is only when a proxy the site trusts sends it.

use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::helpers::{Backend, TestApp, press_at_once, spawn_app_with};
use crate::on_both_backends;

const PASSWORD: &str = "glass-orchid-lantern-42";

/// Requests from the test reach the site from 127.0.0.1: with this, a proxy there.
const PROXY_HERE: (&str, &str) = ("PEERDESK_TRUSTED_PROXIES", "127.0.0.1");

async fn with_ada_and_ben(backend: Backend, settings: &[(&str, &str)]) -> TestApp {
    let app = spawn_app_with(backend, settings).await;
    app.register_verified("Ada Osei", "ada@uni.example", PASSWORD)
        .await;
    app.register_verified("Ben Haddad", "ben@uni.example", PASSWORD)
        .await;
    app
}

async fn random_sign_ins_from_one_address_lock_no_one_else_out(backend: Backend) {
    let app = with_ada_and_ben(
        backend,
        &[
            ("PEERDESK_LOGIN_FAILURES_PER_ADDRESS", "3"),
            ("PEERDESK_LOGIN_SLOWDOWN_MS", "300"),
        ],
    )
    .await;
    // Someone behind the campus NAT (here: this machine's address, no proxy) tries address
    // after address; each is only wrong, never refused.
    for i in 0..8 {
        let guess = app
            .login(&format!("random{i}@example.org"), "guess-guess-guess")
            .await;
        assert_eq!(guess.status, StatusCode::UNPROCESSABLE_ENTITY, "guess {i}");
    }
    // Ada, at her own computer behind the same address, signs in: slowed, not refused.
    let started = Instant::now();
    let ada = app
        .login_as_visitor(None, "ada@uni.example", PASSWORD)
        .await;
    assert_eq!(ada.status, StatusCode::SEE_OTHER, "{}", ada.visible_text());
    assert_eq!(ada.location.as_deref(), Some("/dashboard"));
    assert!(started.elapsed() >= Duration::from_millis(300), "slowed");

    // The guesser turns to Ben's account: after five wrong passwords this client is refused
    // there, even the right password, and an unknown address the same way.
    for _ in 0..5 {
        app.login("ben@uni.example", "guess-guess-guess").await;
        app.login("ghost@uni.example", "guess-guess-guess").await;
    }
    for account in ["ben@uni.example", "ghost@uni.example"] {
        let refused = app.login(account, PASSWORD).await;
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{account}");
        assert!(refused.visible_text().contains("Too many failed attempts"));
    }
    // Ada's account is not his to close.
    let again = app
        .login_as_visitor(None, "ada@uni.example", PASSWORD)
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
}

async fn behind_a_trusted_proxy_each_client_has_its_own_budget(backend: Backend) {
    let app = with_ada_and_ben(
        backend,
        &[
            PROXY_HERE,
            ("PEERDESK_LOGIN_FAILURES_PER_ADDRESS", "3"),
            ("PEERDESK_LOGIN_SLOWDOWN_MS", "50"),
        ],
    )
    .await;
    let attacker = Some("203.0.113.9");
    for i in 0..8 {
        let guess = app
            .login_as_visitor(attacker, &format!("random{i}@example.org"), "guess")
            .await;
        assert_eq!(guess.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    for _ in 0..5 {
        app.login_as_visitor(attacker, "ada@uni.example", "guess")
            .await;
    }
    let refused = app
        .login_as_visitor(attacker, "ada@uni.example", PASSWORD)
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    // Writing someone else's address in front of the header changes nothing: the proxy
    // appended the address it saw, and that is the one read.
    let forged = app
        .login_as_visitor(
            Some("198.51.100.4, 203.0.113.9"),
            "ada@uni.example",
            PASSWORD,
        )
        .await;
    assert_eq!(forged.status, StatusCode::TOO_MANY_REQUESTS);

    // Ada from her own address signs in; Ben from the attacker's (the same NAT) does too.
    let ada = app
        .login_as_visitor(Some("198.51.100.4"), "ada@uni.example", PASSWORD)
        .await;
    assert_eq!(ada.status, StatusCode::SEE_OTHER);
    let ben = app
        .login_as_visitor(attacker, "ben@uni.example", PASSWORD)
        .await;
    assert_eq!(ben.status, StatusCode::SEE_OTHER);
}

async fn the_forwarded_header_counts_only_from_a_trusted_proxy(backend: Backend) {
    // A proxy is configured, but it is not the machine the requests come from.
    let app = with_ada_and_ben(backend, &[("PEERDESK_TRUSTED_PROXIES", "10.0.0.0/8")]).await;
    for i in 0..5 {
        let claimed = format!("192.0.2.{i}");
        app.login_as_visitor(Some(&claimed), "ada@uni.example", "guess")
            .await;
    }
    // Every guess came from 127.0.0.1 whatever the header said: a sixth "client" is refused.
    let refused = app
        .login_as_visitor(Some("198.51.100.4"), "ada@uni.example", PASSWORD)
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
}

async fn an_account_under_a_wide_attack_is_closed_to_every_client(backend: Backend) {
    let app = with_ada_and_ben(
        backend,
        &[
            PROXY_HERE,
            ("PEERDESK_LOGIN_FAILURES_PER_ACCOUNT", "3"),
            ("PEERDESK_LOGIN_FAILURES_ACCOUNT_WIDE", "6"),
        ],
    )
    .await;
    for client in ["203.0.113.1", "203.0.113.2"] {
        for _ in 0..3 {
            for account in ["ada@uni.example", "ghost@uni.example"] {
                let guess = app.login_as_visitor(Some(client), account, "guess").await;
                assert_eq!(guess.status, StatusCode::UNPROCESSABLE_ENTITY);
            }
        }
    }
    // Six failures from two clients: the account is closed, to a new client too, and an
    // unknown address behaves the same.
    for account in ["ada@uni.example", "ghost@uni.example"] {
        let closed = app
            .login_as_visitor(Some("198.51.100.4"), account, PASSWORD)
            .await;
        assert_eq!(closed.status, StatusCode::TOO_MANY_REQUESTS, "{account}");
    }
    // Ben's account is untouched.
    let ben = app
        .login_as_visitor(Some("198.51.100.4"), "ben@uni.example", PASSWORD)
        .await;
    assert_eq!(ben.status, StatusCode::SEE_OTHER);
}

async fn guesses_sent_at_once_are_throttled_like_guesses_in_turn(backend: Backend) {
    let app = with_ada_and_ben(backend, &[]).await;
    let fields = [
        ("email", "ada@uni.example"),
        ("password", "guess-guess-guess"),
    ];
    let statuses = press_at_once(&app, "/login", &fields, 12).await;
    let tried = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((tried, refused), (5, 7), "{statuses:?}");
    // The right password from that client waits for the window too.
    assert_eq!(
        app.login("ada@uni.example", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

on_both_backends!(
    random_sign_ins_from_one_address_lock_no_one_else_out,
    behind_a_trusted_proxy_each_client_has_its_own_budget,
    the_forwarded_header_counts_only_from_a_trusted_proxy,
    an_account_under_a_wide_attack_is_closed_to_every_client,
    guesses_sent_at_once_are_throttled_like_guesses_in_turn,
);
