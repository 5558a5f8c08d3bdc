//! Delivery: through a real SMTP server, through an outage and a restart, a failed message
//! retried from the outbox page, a crash after the server accepted, two workers sharing
//! one outbox, and the header every message carries.

use std::collections::HashSet;
use std::time::Duration;

use peerdesk::db::outbox;
use peerdesk::mail;
use reqwest::StatusCode;

use super::{queue, sample, wait_until, with_smtp};
use crate::helpers::*;
use crate::smtp::header;

/// Long because it is one delivery through a real SMTP server, with every header of what
/// arrived checked.
async fn delivers_through_a_real_smtp_server(backend: Backend) {
    let Some((smtp, app)) = with_smtp(
        backend,
        true,
        &[("PEERDESK_BASE_URL", "https://journal.example")],
    )
    .await
    else {
        return;
    };
    assert_eq!(
        app.register("Ada Osei", "ada@uni.example", "glass-orchid-lantern-42")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    queue(
        &app,
        sample(1),
        Some("RC-2026-0001"),
        Some("Bruna Samia Dalmasso <bruna.dalmasso@hsanmartino.example>"),
    )
    .await;
    queue(&app, sample(2), Some("RC-2026-0001"), None).await;

    let received = smtp.wait_for(3, 10).await;
    assert_eq!(received.len(), 3);
    let verify = received
        .iter()
        .find(|m| m.contains("ada@uni.example"))
        .expect("the verification mail");
    assert_eq!(
        header(verify, "From").as_deref(),
        Some("peerdesk <no-reply@journal.example>")
    );
    assert_eq!(
        header(verify, "To").as_deref(),
        Some("\"Ada Osei\" <ada@uni.example>")
    );
    assert_eq!(
        header(verify, "Subject").as_deref(),
        Some("Confirm your e-mail address for peerdesk")
    );
    assert!(header(verify, "Date").is_some());
    let content_type = header(verify, "Content-Type").unwrap();
    assert!(
        content_type.starts_with("multipart/alternative"),
        "{content_type}"
    );
    assert!(verify.contains("Content-Type: text/plain; charset=utf-8"));
    assert!(verify.contains("Content-Type: text/html; charset=utf-8"));
    let decoded = decode_quoted_printable(verify);
    assert!(
        decoded.contains("https://journal.example/verify-email?token="),
        "the link uses the public address"
    );
    assert!(
        decoded.contains("<a href=\"https://journal.example/verify-email?token="),
        "the HTML part links too"
    );

    // Stable Message-ID from the outbox row; replies go to the editor; one thread per manuscript.
    let rows = app.outbox();
    let verify_row = rows.iter().find(|r| r.kind == "verify_email").unwrap();
    assert_eq!(
        header(verify, "Message-ID").unwrap(),
        format!("<{}@journal.example>", verify_row.message_id)
    );
    let first = received
        .iter()
        .find(|m| m.contains("Message number 1"))
        .unwrap();
    let second = received
        .iter()
        .find(|m| m.contains("Message number 2"))
        .unwrap();
    assert_eq!(
        header(first, "Reply-To").as_deref(),
        Some("\"Bruna Samia Dalmasso\" <bruna.dalmasso@hsanmartino.example>")
    );
    assert_eq!(header(second, "Reply-To"), None);
    assert_eq!(
        header(first, "In-Reply-To").as_deref(),
        Some("<thread-RC-2026-0001@journal.example>")
    );
    assert_eq!(header(first, "References"), header(second, "References"));
    assert_eq!(header(verify, "In-Reply-To"), None);

    // The server's answer is recorded with the attempt.
    let rows = wait_until(&app, 5, "all marked sent", |rows| {
        rows.iter().all(|r| r.status == outbox::SENT)
    })
    .await;
    let attempts = app
        .with_db({
            let id = rows[0].id;
            move |conn| outbox::attempts_of(conn, id).unwrap()
        })
        .await;
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].outcome, "sent");
    assert!(
        attempts[0].detail.starts_with("250"),
        "{}",
        attempts[0].detail
    );
}

async fn twenty_messages_survive_an_smtp_outage_and_a_restart(backend: Backend) {
    // Down: nothing listens on its port yet.
    let Some((mut smtp, mut app)) =
        with_smtp(backend, false, &[("PEERDESK_MAIL_RETRY_SECONDS", "1")]).await
    else {
        return;
    };
    for i in 0..20 {
        queue(&app, sample(i), None, None).await;
    }
    wait_until(
        &app,
        10,
        "every message tried once and queued again",
        |rows| {
            rows.len() == 20
                && rows
                    .iter()
                    .all(|r| r.attempts >= 1 && r.status == outbox::QUEUED)
        },
    )
    .await;
    assert!(smtp.received().is_empty());

    app.restart(&[]).await; // peerdesk restarts first...
    tokio::time::sleep(Duration::from_millis(300)).await;
    smtp.run(); // ...then the SMTP server comes back
    wait_until(&app, 30, "all 20 sent", |rows| {
        rows.iter().filter(|r| r.status == outbox::SENT).count() == 20
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await; // room for any duplicate to show up
    let received = smtp.received();
    assert_eq!(received.len(), 20, "each message arrives exactly once");
    let ids: HashSet<String> = received
        .iter()
        .map(|m| header(m, "Message-ID").unwrap())
        .collect();
    assert_eq!(ids.len(), 20);
    let subjects: HashSet<String> = received
        .iter()
        .map(|m| header(m, "Subject").unwrap())
        .collect();
    assert_eq!(
        subjects,
        (0..20).map(|i| format!("Message number {i}")).collect()
    );
}

async fn failed_messages_can_be_retried_from_the_outbox_page(backend: Backend) {
    // Down: nothing listens on its port yet.
    let Some((mut smtp, app)) =
        with_smtp(backend, false, &[("PEERDESK_MAIL_MAX_ATTEMPTS", "1")]).await
    else {
        return;
    };
    let id = queue(&app, sample(7), Some("RC-2026-0007"), None).await;
    wait_until(&app, 10, "the message failed", |rows| {
        rows.iter()
            .any(|r| r.id == id && r.status == outbox::FAILED)
    })
    .await;

    // An administrator reads the outbox.
    make_office_administrator(&app).await;
    app.login(OFFICE_ADMIN, OFFICE_PASSWORD).await;
    let list = app.get("/admin/outbox?status=failed").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.select("tbody td a")
            .contains(&"Message number 7".to_owned())
    );
    assert!(
        list.select("tbody .badge").iter().all(|b| b == "failed"),
        "the filter shows failed messages only"
    );
    let by_manuscript = app.get("/admin/outbox?submission=RC-2026-0007").await;
    assert_eq!(by_manuscript.select("tbody tr").len(), 1);
    assert_eq!(
        app.get("/admin/outbox?recipient=nobody")
            .await
            .select("tbody tr")
            .len(),
        0
    );
    let page = app.get(&format!("/admin/outbox/{id}")).await;
    assert!(
        page.visible_text().contains("gave up after 1 attempts"),
        "{}",
        page.visible_text()
    );
    assert!(page.visible_text().contains("Plain text of message 7."));

    smtp.run();
    let retried = app.submit(&format!("/admin/outbox/{id}/retry"), &[]).await;
    assert!(retried.visible_text().contains("queued again"));
    wait_until(&app, 10, "the retried message is sent", |rows| {
        rows.iter().any(|r| r.id == id && r.status == outbox::SENT)
    })
    .await;
    smtp.wait_for(1, 5).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Other mail (the administrator's own confirmation) may arrive too; the retried one once.
    let copies = smtp
        .received()
        .iter()
        .filter(|m| header(m, "Subject").as_deref() == Some("Message number 7"))
        .count();
    assert_eq!(copies, 1);

    // Authors never see the outbox.
    let (stranger, _) = app.another_visitor();
    let resp = stranger.get(app.url("/admin/outbox")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
}

/// At-least-once, shown: the worker dies after the SMTP server accepted a message but before
/// the outbox row says so. When the claim expires the message is sent again, with the same
/// Message-ID, and then marked sent once.
async fn a_crash_after_the_server_accepted_means_one_resend_with_the_same_message_id(
    backend: Backend,
) {
    // The application runs no worker of its own here: this test plays the crashing worker.
    let Some((smtp, app)) = with_smtp(backend, true, &[("PEERDESK_MAIL_WORKER", "off")]).await
    else {
        return;
    };
    let id = queue(&app, sample(3), None, None).await;
    let mailer = mail::Mailer::new(
        "peerdesk <no-reply@journal.example>",
        Some(&smtp.url()),
        app.mail_dir.clone(),
    )
    .unwrap();
    let claimed = app
        .with_db(|conn| {
            outbox::claim_due(
                conn,
                10,
                peerdesk::db::now() + chrono::Duration::milliseconds(500),
            )
            .unwrap()
        })
        .await;
    assert_eq!(claimed.len(), 1);
    mailer
        .deliver(&claimed[0])
        .await
        .expect("the server accepts");
    // ...and the worker "dies" here, before mark_sent.
    assert_eq!(smtp.wait_for(1, 5).await.len(), 1);
    tokio::time::sleep(Duration::from_millis(700)).await; // the claim expires

    let settings = peerdesk::startup::worker_settings(&app.state.config);
    let attempted = mail::worker::run_once(&app.state.db, &mailer, &settings)
        .await
        .unwrap();
    assert_eq!(attempted, 1, "the expired claim is taken up again");
    let received = smtp.wait_for(2, 5).await;
    assert_eq!(received.len(), 2, "sent twice: at least once, never lost");
    assert_eq!(
        header(&received[0], "Message-ID"),
        header(&received[1], "Message-ID")
    );
    let row = app.outbox().into_iter().find(|r| r.id == id).unwrap();
    assert_eq!(row.status, outbox::SENT);
    assert_eq!(row.attempts, 2);
    assert_eq!(
        mail::worker::run_once(&app.state.db, &mailer, &settings)
            .await
            .unwrap(),
        0,
        "nothing more to send"
    );
}

/// Several instances may run the worker against one database: claims are exclusive
/// (`FOR UPDATE SKIP LOCKED` on PostgreSQL, serialised writes on SQLite).
async fn two_workers_share_the_outbox_without_sending_twice(backend: Backend) {
    let Some((smtp, app)) = with_smtp(backend, true, &[("PEERDESK_MAIL_WORKER", "off")]).await
    else {
        return;
    };
    for i in 0..40 {
        queue(&app, sample(i), None, None).await;
    }
    let config = app.state.config.clone();
    let mut settings = peerdesk::startup::worker_settings(&config);
    settings.batch = 3;
    let worker = |db: peerdesk::db::Database| {
        let settings = settings.clone();
        let url = smtp.url();
        async move {
            let mailer = mail::Mailer::new(
                "peerdesk <no-reply@journal.example>",
                Some(&url),
                std::env::temp_dir(),
            )
            .unwrap();
            let mut sent = 0;
            while let Ok(n) = mail::worker::run_once(&db, &mailer, &settings).await {
                if n == 0 {
                    break;
                }
                sent += n;
            }
            sent
        }
    };
    let second_pool = peerdesk::db::Database::connect(&config.database_url, 2).unwrap();
    let (a, b) = tokio::join!(worker(app.state.db.clone()), worker(second_pool));
    assert_eq!(
        a + b,
        40,
        "each message claimed by exactly one worker ({a} + {b})"
    );
    let received = smtp.wait_for(40, 10).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.received().len(), 40);
    let ids: HashSet<String> = received
        .iter()
        .map(|m| header(m, "Message-ID").unwrap())
        .collect();
    assert_eq!(ids.len(), 40);
    assert!(
        app.outbox()
            .iter()
            .all(|r| r.status == outbox::SENT && r.attempts == 1)
    );
}

async fn every_message_is_marked_auto_generated(backend: Backend) {
    let app = spawn_app(backend).await;
    marta_invited(&app).await;
    let due = app
        .outbox()
        .iter()
        .filter(|m| m.status != outbox::HELD && m.status != outbox::DIGESTED)
        .count();
    assert!(due >= 4, "the demo and the invitation queue mail");
    let files = app.wait_for_eml_files(due).await;
    for file in &files {
        assert!(
            file.contains("\r\nAuto-Submitted: auto-generated\r\n")
                || file.contains("\nAuto-Submitted: auto-generated\n"),
            "{file}"
        );
    }
}

crate::on_both_backends!(
    delivers_through_a_real_smtp_server,
    twenty_messages_survive_an_smtp_outage_and_a_restart,
    failed_messages_can_be_retried_from_the_outbox_page,
    a_crash_after_the_server_accepted_means_one_resend_with_the_same_message_id,
    two_workers_share_the_outbox_without_sending_twice,
    every_message_is_marked_auto_generated,
);
