//! E-mail: the outbox, the worker, real SMTP delivery, retries, restarts, digests, snapshots.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use peerdesk::db::outbox;
use peerdesk::mail::{self, Email, Envelope};
use reqwest::StatusCode;

use crate::helpers::{Backend, TestApp, spawn_app_with};
use crate::on_both_backends;
use crate::smtp::{SmtpServer, aiosmtpd_available, header};

fn sample(i: usize) -> Email {
    Email {
        to_name: format!("Reader {i}"),
        to_address: format!("reader{i}@uni.example"),
        subject: format!("Message number {i}"),
        text: format!("Plain text of message {i}.\n"),
        html: format!("<p>HTML of message {i}.</p>"),
    }
}

async fn queue(
    app: &TestApp,
    email: Email,
    thread: Option<&'static str>,
    reply_to: Option<&'static str>,
) -> i64 {
    app.with_db(move |conn| {
        mail::queue(
            conn,
            &email,
            Envelope {
                thread_key: thread,
                reply_to,
                ..Envelope::new("test", None)
            },
        )
        .expect("queued")
    })
    .await
}

async fn wait_until(
    app: &TestApp,
    secs: u64,
    what: &str,
    done: impl Fn(&[outbox::OutboxMessage]) -> bool,
) -> Vec<outbox::OutboxMessage> {
    let deadline = std::time::Instant::now() + Duration::from_secs(secs);
    loop {
        let rows = app.outbox();
        if done(&rows) {
            return rows;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn delivers_through_a_real_smtp_server(backend: Backend) {
    if !aiosmtpd_available() {
        return;
    }
    let smtp = SmtpServer::start();
    let app = spawn_app_with(
        backend,
        &[
            ("PEERDESK_SMTP_URL", &smtp.url()),
            ("PEERDESK_BASE_URL", "https://journal.example"),
        ],
    )
    .await;
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
    let decoded = crate::helpers::decode_quoted_printable(verify);
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
    if !aiosmtpd_available() {
        return;
    }
    let mut smtp = SmtpServer::stopped(); // down: nothing listens on its port yet
    let mut app = spawn_app_with(
        backend,
        &[
            ("PEERDESK_SMTP_URL", &smtp.url()),
            ("PEERDESK_MAIL_RETRY_SECONDS", "1"),
        ],
    )
    .await;
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
    if !aiosmtpd_available() {
        return;
    }
    let mut smtp = SmtpServer::stopped();
    let app = spawn_app_with(
        backend,
        &[
            ("PEERDESK_SMTP_URL", &smtp.url()),
            ("PEERDESK_MAIL_MAX_ATTEMPTS", "1"),
        ],
    )
    .await;
    let id = queue(&app, sample(7), Some("RC-2026-0007"), None).await;
    wait_until(&app, 10, "the message failed", |rows| {
        rows.iter()
            .any(|r| r.id == id && r.status == outbox::FAILED)
    })
    .await;

    // An administrator reads the outbox.
    app.register_verified(
        "Office Admin",
        "office@uni.example",
        "glass-orchid-lantern-42",
    )
    .await;
    app.with_db(|conn| {
        let p = peerdesk::db::accounts::find_person_by_email(conn, "office@uni.example")
            .unwrap()
            .unwrap();
        peerdesk::db::roles::grant(conn, p.id, peerdesk::domain::Role::Admin, None, None, None)
            .unwrap();
    })
    .await;
    app.login("office@uni.example", "glass-orchid-lantern-42")
        .await;
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
    if !aiosmtpd_available() {
        return;
    }
    let smtp = SmtpServer::start();
    // The application runs no worker of its own here: this test plays the crashing worker.
    let app = spawn_app_with(
        backend,
        &[
            ("PEERDESK_SMTP_URL", &smtp.url()),
            ("PEERDESK_MAIL_WORKER", "off"),
        ],
    )
    .await;
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

on_both_backends!(
    delivers_through_a_real_smtp_server,
    twenty_messages_survive_an_smtp_outage_and_a_restart,
    failed_messages_can_be_retried_from_the_outbox_page,
    a_crash_after_the_server_accepted_means_one_resend_with_the_same_message_id,
    notifications_wait_for_the_daily_digest_when_chosen,
);

/// Several instances may run the worker against one database: claims are exclusive
/// (`FOR UPDATE SKIP LOCKED` on PostgreSQL, serialised writes on SQLite).
async fn two_workers_share_the_outbox_without_sending_twice(backend: Backend) {
    if !aiosmtpd_available() {
        return;
    }
    let smtp = SmtpServer::start();
    let app = spawn_app_with(
        backend,
        &[
            ("PEERDESK_SMTP_URL", &smtp.url()),
            ("PEERDESK_MAIL_WORKER", "off"),
        ],
    )
    .await;
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

on_both_backends!(two_workers_share_the_outbox_without_sending_twice);

// ---- Issue 16: secrets masked, "all reviews are in" once, headers, co-authors ------------

use crate::reviews::{
    ATIF, NEW_REVIEWER, SOFIA, as_person, browse_as, first_submission, invite_by_address, new_jar,
    post_on_page,
};

const OFFICE_ADMIN: &str = "office@uni.example";
const OFFICE_PASSWORD: &str = "glass-orchid-lantern-42";

/// Registers an administrator and signs them in.
async fn sign_in_as_administrator(app: &TestApp) {
    app.logout().await;
    app.register_verified("Office Admin", OFFICE_ADMIN, OFFICE_PASSWORD)
        .await;
    app.with_db(|conn| {
        let p = peerdesk::db::accounts::find_person_by_email(conn, OFFICE_ADMIN)
            .unwrap()
            .unwrap();
        peerdesk::db::roles::grant(conn, p.id, peerdesk::domain::Role::Admin, None, None, None)
            .unwrap();
    })
    .await;
    app.login(OFFICE_ADMIN, OFFICE_PASSWORD).await;
}

async fn an_administrator_reads_an_invitation_without_its_live_link(backend: Backend) {
    let app = crate::helpers::spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    let link = invite_by_address(&app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    let token = link.trim_start_matches("/invitations/").to_owned();
    assert_eq!(token.len(), 64, "{link}");
    // A password reset carries a secret too.
    app.logout().await;
    app.submit("/password/forgot", &[("email", SOFIA)]).await;
    let reset = app
        .link_in_last_mail_to(SOFIA, "/password/reset?token=")
        .expect("reset link");
    let reset_token = reset
        .trim_start_matches("/password/reset?token=")
        .to_owned();
    assert!(reset_token.len() >= 32, "{reset}");

    let rows = app.outbox();
    let invitation = rows
        .iter()
        .find(|m| m.kind == "reviewer_invited" && m.to_address == NEW_REVIEWER)
        .expect("the invitation");
    assert!(
        invitation.body_text.contains(&token),
        "the reviewer's copy keeps its link"
    );
    assert!(invitation.body_html.contains(&token));
    let reset_row = rows.iter().find(|m| m.kind == "password_reset").unwrap();

    sign_in_as_administrator(&app).await;
    let list = app.get("/admin/outbox").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.text.contains(&token));
    let page = app.get(&format!("/admin/outbox/{}", invitation.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.text.contains(&token),
        "the outbox shows the live link"
    );
    assert!(
        page.visible_text().contains("/invitations/••••••"),
        "{}",
        page.visible_text()
    );
    assert!(
        page.visible_text().contains("Germline BAP1"),
        "the rest is readable"
    );
    let page = app.get(&format!("/admin/outbox/{}", reset_row.id)).await;
    assert!(!page.text.contains(&reset_token));
    assert!(page.visible_text().contains("/password/reset?token=••••••"));

    // The reviewer's own link still works.
    let (reviewer, _) = app.another_visitor();
    let opened = reviewer.get(app.url(&link)).send().await.unwrap();
    assert_eq!(opened.status(), StatusCode::OK);
}

/// One reviewer in their own browser: accepts from the e-mailed link, declares no conflict
/// and submits a review. Returns their desk (to change the review later) and their cookies.
async fn review_from_link(app: &mut TestApp, link: &str) -> (String, crate::reviews::Jar) {
    let jar = new_jar();
    let before = browse_as(app, &jar);
    let accepted = post_on_page(app, link, &format!("{link}/accept"), &[]).await;
    let desk = accepted.location.clone().expect("to the review desk");
    post_on_page(
        app,
        &desk,
        &format!("{desk}/declaration"),
        &[("answer", "none")],
    )
    .await;
    submit_review(app, &desk, "The cohort is small but well described.").await;
    browse_as(app, &before);
    (desk, jar)
}

async fn submit_review(app: &TestApp, desk: &str, comments: &str) {
    send_review(app, desk, comments, "submit").await;
}

/// "Submit" on a review not yet sent, "revise" (its own step) on one that was.
async fn send_review(app: &TestApp, desk: &str, comments: &str, action: &str) {
    let sent = app
        .post_multipart(
            desk,
            &[
                ("recommendation", "minor_revision"),
                ("comments_to_authors", comments),
                ("confidential_comments", ""),
                ("action", action),
            ],
            &[],
        )
        .await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
}

fn count_of(app: &TestApp, kind: &str) -> usize {
    app.outbox().iter().filter(|m| m.kind == kind).count()
}

async fn all_reviews_are_in_once_when_no_invitation_is_still_open(backend: Backend) {
    let mut app = crate::helpers::spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    let marta = invite_by_address(&app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    let nils = invite_by_address(&app, id, "Nils Berg", "nils.berg@lund-review.example").await;

    // Marta reviews while Nils has not answered: nothing to tell yet.
    let (marta_desk, marta_jar) = review_from_link(&mut app, &marta).await;
    assert_eq!(count_of(&app, "review_received"), 1);
    assert_eq!(count_of(&app, "all_reviews_in"), 0, "Nils has not answered");

    // Nils reviews too: exactly one "all reviews are in", to the handling editor.
    review_from_link(&mut app, &nils).await;
    let all_in: Vec<_> = app
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "all_reviews_in")
        .collect();
    assert_eq!(all_in.len(), 1);
    assert_eq!(all_in[0].to_address, ATIF);
    assert!(
        all_in[0].body_text.contains("(2 reviews)"),
        "{}",
        all_in[0].body_text
    );

    // Marta revises her review: nothing more is sent.
    let editor_jar = browse_as(&mut app, &marta_jar);
    send_review(
        &app,
        &marta_desk,
        "Small but well described; see Table 2.",
        "revise",
    )
    .await;
    browse_as(&mut app, &editor_jar);
    assert_eq!(count_of(&app, "all_reviews_in"), 1, "sent once per round");

    // The author was told it is under review, with the editor to answer.
    let under_review = app
        .outbox()
        .into_iter()
        .find(|m| m.kind == "submission_under_review")
        .expect("under review");
    assert_eq!(under_review.reply_to.as_deref(), Some(ATIF));
}

/// A declined or cancelled invitation does not hold the round up: when the last one still
/// open ends that way, the editor hears that the reviews are in (once).
async fn a_late_decline_completes_the_round_once(backend: Backend) {
    let mut app = crate::helpers::spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    let marta = invite_by_address(&app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    let nils = invite_by_address(&app, id, "Nils Berg", "nils.berg@lund-review.example").await;
    review_from_link(&mut app, &marta).await;
    assert_eq!(count_of(&app, "all_reviews_in"), 0);
    let before = browse_as(&mut app, &new_jar());
    let declined = post_on_page(
        &app,
        &nils,
        &format!("{nils}/decline"),
        &[
            ("reason", "On leave until March."),
            ("suggested_alternative", ""),
        ],
    )
    .await;
    assert!(
        declined.status.is_redirection() || declined.status == StatusCode::OK,
        "{}",
        declined.visible_text()
    );
    browse_as(&mut app, &before);
    assert_eq!(count_of(&app, "all_reviews_in"), 1);
    assert!(
        app.outbox()
            .iter()
            .find(|m| m.kind == "all_reviews_in")
            .unwrap()
            .body_text
            .contains("(1 review)")
    );
}

async fn every_message_is_marked_auto_generated(backend: Backend) {
    let app = crate::helpers::spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    invite_by_address(&app, id, "Marta Lindqvist", NEW_REVIEWER).await;
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

/// Ben Moller, co-author, chose the daily digest; Ada Osei submits two manuscripts listing
/// him. Returns their ids, the handling editors' addresses, and the demo logins.
async fn ada_submits_twice_with_ben(
    app: &TestApp,
) -> (Vec<(i64, String)>, HashMap<String, String>) {
    let logins = app.load_demo().await;
    app.register_verified("Ben Moller", "ben@clinic.example", OFFICE_PASSWORD)
        .await;
    app.with_db(|conn| {
        use diesel::prelude::*;
        use peerdesk::db::schema::people;
        diesel::update(people::table.filter(people::email.eq("ben@clinic.example")))
            .set(people::mail_digest.eq(true))
            .execute(conn)
            .unwrap();
    })
    .await;
    crate::submissions::signed_in_author(app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = crate::submissions::rare_cancers(app).await;
    let mut made = Vec::new();
    for key in ["1", "2"] {
        let fields = crate::submissions::complete_form(collection_id, &topic, &key.repeat(32));
        let refs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let page = app
            .post_multipart(
                "/submissions/new",
                &refs,
                &[("manuscript", "paper.pdf", crate::submissions::pdf_bytes())],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "{}",
            page.visible_text()
        );
        let row = app
            .with_db(|conn| {
                use diesel::prelude::*;
                use peerdesk::db::schema::{people, submissions};
                submissions::table
                    .inner_join(
                        people::table.on(people::id.nullable().eq(submissions::handling_editor_id)),
                    )
                    .order(submissions::id.desc())
                    .select((submissions::id, people::email))
                    .first::<(i64, String)>(conn)
                    .unwrap()
            })
            .await;
        made.push(row);
    }
    (made, logins)
}

fn mail_about(app: &TestApp, id: i64, kind: &str, to: &str) -> outbox::OutboxMessage {
    let number = format!("-{id:04}");
    app.outbox()
        .into_iter()
        .find(|m| {
            m.kind == kind
                && m.to_address == to
                && m.thread_key
                    .as_deref()
                    .is_some_and(|k| k.ends_with(&number))
        })
        .unwrap_or_else(|| panic!("a {kind} to {to} about {id}"))
}

async fn co_authors_hear_of_withdrawal_and_decisions(backend: Backend) {
    let app = crate::helpers::spawn_app(backend).await;
    let (made, logins) = ada_submits_twice_with_ben(&app).await;
    let (withdrawn, withdrawn_editor) = made[0].clone();
    let (decided, decided_editor) = made[1].clone();

    // Ada withdraws the first.
    let done = app
        .post_form(
            &format!("/submissions/{withdrawn}/withdraw"),
            &[("reason", "We found an error in the cohort data.")],
        )
        .await;
    assert_eq!(
        done.status,
        StatusCode::SEE_OTHER,
        "{}",
        done.visible_text()
    );
    let to_ada = mail_about(&app, withdrawn, "submission_withdrawn", "ada@uni.example");
    assert!(
        to_ada.body_text.contains("has been withdrawn by you"),
        "{}",
        to_ada.body_text
    );
    assert!(
        to_ada
            .body_text
            .contains("We found an error in the cohort data.")
    );
    assert!(
        !to_ada.body_text.contains("nothing more is needed"),
        "the editor's words"
    );
    assert_eq!(to_ada.reply_to.as_deref(), Some(withdrawn_editor.as_str()));
    assert!(
        to_ada
            .body_text
            .contains(&format!("/submissions/{withdrawn}"))
    );

    let to_editor = mail_about(&app, withdrawn, "withdrawal_to_editor", &withdrawn_editor);
    assert!(to_editor.body_text.contains("The manuscript you handle"));
    assert!(to_editor.body_text.contains("withdrawn by Ada Osei"));
    assert!(
        to_editor
            .body_text
            .contains("nothing more is needed from you")
    );
    assert!(to_editor.reply_to.is_some());

    let to_ben = mail_about(
        &app,
        withdrawn,
        "withdrawal_to_co_author",
        "ben@clinic.example",
    );
    assert!(to_ben.body_text.contains("Dear Ben Moller"));
    assert!(to_ben.body_text.contains("withdrawn by Ada Osei"));
    assert!(
        to_ben
            .body_text
            .contains("You are listed as one of its authors.")
    );
    assert!(
        !to_ben.body_text.contains("/submissions/"),
        "a page he cannot open"
    );
    assert_eq!(to_ben.status, outbox::HELD, "Ben chose the daily digest");

    // The handling editor desk-rejects the second: Ada gets the letter, Ben the outcome.
    app.logout().await;
    app.login(&decided_editor, &logins[&decided_editor]).await;
    let sent = crate::decisions::send(&app, decided, "desk_reject", None).await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    let letter = mail_about(&app, decided, "decision_letter", "ada@uni.example");
    let to_ben = mail_about(&app, decided, "decision_to_co_author", "ben@clinic.example");
    assert!(
        to_ben.subject.ends_with(": Reject without review"),
        "{}",
        to_ben.subject
    );
    assert!(to_ben.body_text.contains("Dear Ben Moller"));
    assert!(to_ben.body_text.contains("    Reject without review"));
    assert!(
        to_ben
            .body_text
            .contains("corresponding author, Ada Osei, who handles"),
        "{}",
        to_ben.body_text
    );
    assert!(
        !to_ben.body_text.contains("Dear Ada Osei"),
        "the notice does not carry the letter:\n{}",
        letter.body_text
    );
    assert_eq!(to_ben.reply_to.as_deref(), Some(decided_editor.as_str()));
    assert_eq!(to_ben.status, outbox::HELD, "Ben chose the daily digest");
    assert_eq!(
        app.outbox()
            .iter()
            .filter(|m| m.kind == "decision_to_co_author")
            .count(),
        1,
        "Ada, the corresponding author, gets the letter and no notice"
    );
}

on_both_backends!(
    an_administrator_reads_an_invitation_without_its_live_link,
    all_reviews_are_in_once_when_no_invitation_is_still_open,
    a_late_decline_completes_the_round_once,
    every_message_is_marked_auto_generated,
    co_authors_hear_of_withdrawal_and_decisions,
);
