//! Sessions (issue 26, ASVS 3.3.2): editors are signed out when idle or after 12 hours
//! unless they keep the session on their device; anyone can see where they are signed in
//! and end those sessions.

use reqwest::StatusCode;

use crate::helpers::{ATIF, PASSWORD, SOFIA, as_person};
use crate::helpers::{Backend, TestApp, csrf_token_of, spawn_app};
use crate::on_both_backends;

/// Moves every session's last request back by `minutes`, as if the person had been away.
async fn away_for(app: &TestApp, minutes: i64) {
    app.with_db(move |conn| {
        use diesel::prelude::*;
        use peerdesk::db::schema::sessions;
        let rows: Vec<(String, chrono::NaiveDateTime)> = sessions::table
            .select((sessions::token_hash, sessions::created_at))
            .load(conn)
            .unwrap();
        for (hash, created) in rows {
            let back = chrono::Utc::now().naive_utc() - chrono::Duration::minutes(minutes);
            diesel::update(sessions::table.find(hash))
                .set((
                    sessions::last_seen_at.eq(Some(back)),
                    sessions::created_at.eq(created.min(back)),
                ))
                .execute(conn)
                .unwrap();
        }
    })
    .await;
}

async fn dashboard_status(app: &TestApp) -> StatusCode {
    app.get("/dashboard").await.status
}

/// An editor's session ends after 30 idle minutes; one kept on the device does not; an
/// author's does not.
async fn an_idle_editor_session_ends(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    as_person(&app, &logins, ATIF).await;
    away_for(&app, 29).await;
    assert_eq!(
        dashboard_status(&app).await,
        StatusCode::OK,
        "29 minutes away"
    );
    away_for(&app, 31).await;
    let ended = app.get("/editorial/queue").await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER);
    assert!(
        ended.location.unwrap().starts_with("/login?next="),
        "asked to sign in again"
    );

    app.logout().await;
    app.post_form(
        "/login",
        &[
            ("email", ATIF),
            ("password", &logins[ATIF]),
            ("keep_signed_in", "yes"),
        ],
    )
    .await
    .taken();
    away_for(&app, 8 * 60).await;
    assert_eq!(
        dashboard_status(&app).await,
        StatusCode::OK,
        "kept on this device"
    );

    as_person(&app, &logins, SOFIA).await;
    away_for(&app, 8 * 60).await;
    assert_eq!(
        dashboard_status(&app).await,
        StatusCode::OK,
        "authors keep theirs"
    );

    // An editor's session lasts 12 hours in all, a kept one or an author's 14 days.
    let lengths: Vec<(i64, Option<i32>)> = app
        .with_db(|conn| {
            use diesel::prelude::*;
            use peerdesk::db::schema::sessions;
            sessions::table
                .select((
                    sessions::created_at,
                    sessions::expires_at,
                    sessions::idle_minutes,
                ))
                .load::<(chrono::NaiveDateTime, chrono::NaiveDateTime, Option<i32>)>(conn)
                .unwrap()
                .into_iter()
                .map(|(c, e, i)| ((e - c).num_hours(), i))
                .collect()
        })
        .await;
    assert!(
        lengths.iter().all(|(h, i)| *i != Some(30) || *h <= 12),
        "{lengths:?}"
    );
}

/// Two browsers: the page lists both with their browser, and ending the other signs it out.
async fn a_person_sees_and_ends_their_sessions(backend: Backend) {
    let app = spawn_app(backend).await;
    let ada = "ada@uni.example";
    app.register_verified("Ada Osei", ada, PASSWORD).await;
    app.login(ada, PASSWORD).await.taken();
    let (other, _) = app.another_visitor();
    let csrf = csrf_token_of(&other, &app.url("/login")).await;
    let signed = other
        .post(app.url("/login"))
        .header(
            "user-agent",
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        )
        .form(&[
            ("email", ada),
            ("password", PASSWORD),
            ("csrf_token", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    let other_dashboard = || other.get(app.url("/dashboard")).send();
    assert_eq!(other_dashboard().await.unwrap().status(), StatusCode::OK);

    let page = app.get("/account/sessions").await;
    assert_eq!(page.status, StatusCode::OK);
    let rows = page.select("#sessions tbody tr");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows.iter().any(|r| r.contains("Firefox on Linux")),
        "{rows:?}"
    );
    assert!(
        rows.iter().any(|r| r.contains("(this browser)")),
        "{rows:?}"
    );
    let end = page
        .attr(
            "form[action^='/account/sessions/'][action$='/end']",
            "action",
        )
        .expect("an End button for the other session");
    app.post_form(&end, &[]).await.taken();
    assert_eq!(
        other_dashboard().await.unwrap().status(),
        StatusCode::SEE_OTHER,
        "the other browser is signed out"
    );
    assert_eq!(
        dashboard_status(&app).await,
        StatusCode::OK,
        "this one stays"
    );
    assert_eq!(
        app.get("/account/sessions")
            .await
            .select("#sessions tbody tr")
            .len(),
        1
    );
    // Someone else's session, or a made-up one, cannot be ended from here.
    let made_up = app
        .post_form("/account/sessions/0123456789abcdef/end", &[])
        .await;
    assert_eq!(made_up.location.as_deref(), Some("/account/sessions"));
    assert_eq!(dashboard_status(&app).await, StatusCode::OK);
}

on_both_backends!(
    an_idle_editor_session_ends,
    a_person_sees_and_ends_their_sessions
);
