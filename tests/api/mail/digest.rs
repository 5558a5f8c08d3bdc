//! The daily digest: notifications wait for it when a person chooses it; account messages
//! never do.

use std::time::Duration;

use peerdesk::db::outbox;

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
    let saved = app
        .submit("/account/notifications", &[("delivery", "digest")])
        .await;
    assert!(saved.visible_text().contains("one digest a day"));
    assert_eq!(
        saved.attr("#delivery-digest", "checked").as_deref(),
        Some("")
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
}

crate::on_both_backends!(notifications_wait_for_the_daily_digest_when_chosen);
