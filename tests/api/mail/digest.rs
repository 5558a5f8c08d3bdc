//! The daily digest: notifications wait for it when a person chooses it; account messages
//! never do.

use std::time::Duration;

use peerdesk::db::outbox;
use reqwest::StatusCode;

use super::wait_until;
use crate::helpers::*;

/// Long because it is one story read top to bottom: each step checks what the one before left.
async fn notifications_wait_for_the_daily_digest_when_chosen(backend: Backend) {
    let app = spawn_app_with(backend, &[("PEERDESK_DIGEST_HOUR", "0")]).await;
    app.register_verified(
        "Kwame Asante",
        "kwame@uni.example",
        "glass-orchid-lantern-42",
    )
    .await;
    app.login("kwame@uni.example", "glass-orchid-lantern-42")
        .await;
    // A choice left out (an old page) or unknown is refused, with what was sent kept.
    let refused = app
        .post_form(
            "/account/mail",
            &[("roles", "digest"), ("discussion", "weekly")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("discussion").is_some());
    assert!(refused.field_error("reviews_received").is_some());
    assert_eq!(
        refused.attr("#roles-digest", "checked").as_deref(),
        Some("")
    );
    // Roles in the digest, discussion messages at once.
    let saved = app.submit("/account/mail", &choosing(&["roles"])).await;
    assert!(saved.visible_text().contains("one digest a day"));
    assert_eq!(saved.attr("#roles-digest", "checked").as_deref(), Some(""));
    assert_eq!(saved.attr("#discussion", "checked").as_deref(), Some(""));
    assert!(
        app.get("/dashboard")
            .await
            .visible_text()
            .contains("1 kind of notice comes in one digest a day")
    );
    app.logout().await;

    // The editor-in-chief appoints Kwame twice: both notices are held for the digest.
    let logins = app.load_demo().await;
    app.login(
        "helen.marsh@bmccancer.example",
        &logins["helen.marsh@bmccancer.example"],
    )
    .await;
    let roles = app.get("/admin/roles").await;
    let collection = roles
        .attr("#scope option[value^='collection:']", "value")
        .unwrap();
    let journal = roles
        .attr("#scope option[value^='journal:']", "value")
        .unwrap();
    app.submit(
        "/admin/roles",
        &[
            ("email", "kwame@uni.example"),
            ("role", "guest_editor"),
            ("scope", &collection),
        ],
    )
    .await;
    app.submit(
        "/admin/roles",
        &[
            ("email", "kwame@uni.example"),
            ("role", "reviewer"),
            ("scope", &journal),
        ],
    )
    .await;
    let held: Vec<_> = app
        .outbox()
        .into_iter()
        .filter(|r| r.to_address == "kwame@uni.example" && r.kind == "role_granted")
        .collect();
    assert_eq!(held.len(), 2);
    // The worker already made today's digests (there were none) before these arrived.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        app.outbox()
            .iter()
            .filter(|r| r.kind == "role_granted")
            .all(|r| r.status == outbox::HELD)
    );

    // Account messages are never held, even for someone who chose digests.
    app.age_outbox(10).await;
    app.submit("/password/forgot", &[("email", "kwame@uni.example")])
        .await;
    let reset = wait_until(&app, 5, "reset mail sent", |rows| {
        rows.iter()
            .any(|r| r.kind == "password_reset" && r.status == outbox::SENT)
    })
    .await;
    assert!(reset.iter().any(|r| r.kind == "password_reset"));

    // The next day comes: the worker combines the held notices into one digest.
    app.with_db(|conn| {
        use diesel::prelude::*;
        use peerdesk::db::schema::installation_facts;
        diesel::delete(installation_facts::table.filter(installation_facts::name.eq("digest_day")))
            .execute(conn)
            .unwrap();
    })
    .await;
    let rows = wait_until(&app, 5, "digest sent", |rows| {
        rows.iter()
            .any(|r| r.kind == "digest" && r.status == outbox::SENT)
    })
    .await;
    let digest = rows.iter().find(|r| r.kind == "digest").unwrap();
    assert_eq!(digest.to_address, "kwame@uni.example");
    assert_eq!(digest.subject, "Your peerdesk digest: 2 updates");
    assert!(digest.body_text.contains("You are now Guest Editor"));
    assert!(digest.body_text.contains("You are now Reviewer"));
    let notices: Vec<_> = rows.iter().filter(|r| r.kind == "role_granted").collect();
    assert!(
        notices
            .iter()
            .all(|r| r.status == outbox::DIGESTED && r.digest_id == Some(digest.id))
    );
    assert_eq!(rows.iter().filter(|r| r.kind == "digest").count(), 1);

    // The digest carries its reader's link, in its footer and as List-Unsubscribe with
    // one-click (RFC 8058); the outbox pages show it masked.
    let link = digest
        .unsubscribe_url
        .clone()
        .expect("a List-Unsubscribe address");
    let path = link
        .strip_prefix(&app.state.config.site().base_url)
        .expect("on this site")
        .to_owned();
    assert!(path.starts_with("/mail/choices/"), "{path}");
    assert!(digest.body_text.contains(&link));
    let files = app.wait_for_eml_files(2).await;
    let eml = files
        .iter()
        .find(|f| f.contains("Your peerdesk digest"))
        .expect("the digest's file");
    assert!(
        eml.contains(&format!("List-Unsubscribe: <{link}>")),
        "{eml}"
    );
    assert!(eml.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));

    // The link opens Kwame's choices without signing in.
    let (stranger, _) = app.another_visitor();
    let page = stranger.get(app.url(&path)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let text = page.text().await.unwrap();
    assert!(text.contains("The choices of Kwame Asante"));
    // A mail client's one-click POST (no cookie, no form token) stops the digest; twice is
    // the same as once.
    for _ in 0..2 {
        let stopped = stranger
            .post(app.url(&path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(stopped.status(), StatusCode::OK);
        assert!(
            stopped
                .text()
                .await
                .unwrap()
                .contains("The daily digest is stopped")
        );
    }
    let kwame = app.person_id("kwame@uni.example").await;
    let (choices, changes) = app
        .with_db(move |conn| {
            use diesel::prelude::*;
            use peerdesk::db::schema::events;
            (
                peerdesk::db::mail_choices::of_person(conn, kwame).unwrap(),
                events::table
                    .filter(events::kind.eq("account.mail_choices"))
                    .select(events::note)
                    .load::<String>(conn)
                    .unwrap(),
            )
        })
        .await;
    assert!(choices.digest.is_empty());
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert!(changes[1].contains("one-click"), "{changes:?}");
    // A made-up or shortened token is no link.
    let made_up = stranger
        .get(app.url(&format!("/mail/choices/{}", "ab".repeat(32))))
        .send()
        .await
        .unwrap();
    assert_eq!(made_up.status(), StatusCode::NOT_FOUND);
    // The outbox pages never show the link itself.
    let masked = peerdesk::mail::secrets::masked(digest.clone());
    assert!(!masked.body_text.contains(&path));
    assert!(!masked.unsubscribe_url.unwrap().contains(&path));
}

/// The account form's fields with `digest` topics in the digest and every other at once.
fn choosing(digest: &[&'static str]) -> Vec<(&'static str, &'static str)> {
    peerdesk::domain::mail_choices::Topic::ALL
        .iter()
        .map(|t| {
            let key = t.key();
            (
                key,
                if digest.contains(&key) {
                    "digest"
                } else {
                    "at_once"
                },
            )
        })
        .collect()
}

crate::on_both_backends!(notifications_wait_for_the_daily_digest_when_chosen);
