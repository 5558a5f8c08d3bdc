//! Real Chromium through WebDriver (issue 28 part 5, "Done when"): an editor chooses the
//! daily digest for discussion messages; a reviewer's message waits for it; the digest
//! arrives once with its notice; its link stops the digest without signing in.

use fantoccini::Locator;
use peerdesk::db::outbox;

use crate::browser::{click, sign_in, start_browser, text_of, wait_for_text};
use crate::helpers::{
    ATIF, Backend, LUKAS, as_person, first_submission, lukas_reports, spawn_app_with,
};

const QUESTION: &str = "Is the cohort's follow-up long enough for the survival claim?";

/// Long because it is one editor's week: the choice, a message held, the digest, the link.
#[tokio::test]
async fn discussion_messages_wait_for_the_digest_the_editor_chose() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let app = spawn_app_with(Backend::Sqlite, &[("PEERDESK_DIGEST_HOUR", "0")]).await;
    let b = &browser.client;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;

    // Atif, the handling editor, in the browser: dashboard → his mail choices.
    sign_in(b, &app, ATIF, &logins[ATIF]).await;
    b.goto(&app.url("/dashboard")).await.unwrap();
    click(b, "#mail-choices-link").await;
    b.wait()
        .for_element(Locator::Css("#mail-choices"))
        .await
        .expect("the choices page");
    click(b, "#discussion-digest").await;
    click(b, "#save-choices").await;
    let saved = wait_for_text(b, ".flash", "one digest a day").await;
    assert!(saved.contains("everything else at once"), "{saved}");

    // Over HTTP: Lukas reports and asks in the reviewers' thread; Atif's notice waits.
    as_person(&app, &logins, ATIF).await;
    let desk = lukas_reports(&app, &logins, id).await;
    as_person(&app, &logins, LUKAS).await;
    let posted = app
        .post_form(&format!("{desk}/discussion"), &[("message", QUESTION)])
        .await;
    assert!(posted.status.is_redirection(), "{}", posted.visible_text());
    let to_atif = |kind: &str| -> Vec<outbox::OutboxMessage> {
        app.outbox()
            .into_iter()
            .filter(|m| m.to_address == ATIF && m.kind == kind)
            .collect()
    };
    let held = to_atif("discussion_posted");
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].status, outbox::HELD);
    // The review itself was not chosen for the digest: it went at once.
    assert!(
        to_atif("review_received")
            .iter()
            .all(|m| m.status != outbox::HELD)
    );

    // The next day: one digest with the message, however often the worker looks.
    app.with_db(|conn| {
        use diesel::prelude::*;
        use peerdesk::db::schema::installation_facts as f;
        diesel::delete(f::table.filter(f::name.eq("digest_day")))
            .execute(conn)
            .unwrap();
    })
    .await;
    for _ in 0..100 {
        if to_atif("digest").iter().any(|d| d.status == outbox::SENT) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let digests = to_atif("digest");
    assert_eq!(digests.len(), 1, "one digest a day");
    let digest = &digests[0];
    // The notice names the writer as Atif knows them; it never quotes the message.
    assert!(
        digest
            .body_text
            .contains("Reviewer 1 (Lukas Weber) has written"),
        "{}",
        digest.body_text
    );
    assert!(!digest.body_text.contains(QUESTION));
    assert_eq!(to_atif("discussion_posted")[0].status, outbox::DIGESTED);

    // Its link, opened in a browser where nobody is signed in, stops the digest.
    click(b, "form[action='/logout'] button").await;
    b.wait()
        .for_element(Locator::Css("a[href='/login']"))
        .await
        .expect("signed out");
    let link = digest.unsubscribe_url.clone().expect("the digest's link");
    let path = &link[link.find("/mail/choices/").expect("a choices link")..];
    b.goto(&app.url(path)).await.unwrap();
    let whose = text_of(b, "#choices-for").await;
    assert!(whose.contains("Atif"), "{whose}");
    click(b, "#stop-digest").await;
    wait_for_text(b, "#choices-done", "The daily digest is stopped").await;
    let atif = app.person_id(ATIF).await;
    let left = app
        .with_db(move |conn| peerdesk::db::mail_choices::of_person(conn, atif).unwrap())
        .await;
    assert!(left.digest.is_empty());
    browser.close().await;
}
