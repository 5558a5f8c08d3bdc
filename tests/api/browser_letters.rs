//! Real Chromium (issue 18 part 3): the editor-in-chief opens her collection's letters from
//! the editorial office, rewords the invitation to review, previews it for a real
//! submission, saves it; the handling editor invites a reviewer, and she reads the message,
//! in her words, in the outbox; then she saves another wording and restores the first.

use fantoccini::{Client, Locator};

use crate::browser::{click, fill, sign_in, start_browser, wait_for_heading, wait_for_text};
use crate::helpers::*;

/// Empties the field at `css` and types `text` into it, as a person would.
async fn retype(b: &Client, css: &str, text: &str) {
    b.find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("{css} on the page"))
        .clear()
        .await
        .unwrap();
    fill(b, css, text).await;
}

#[tokio::test]
async fn the_chief_rewords_the_invitation_sees_it_sent_and_restores_it() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let app = spawn_app(Backend::Sqlite).await;
    let b = &browser.client;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    let (collection, _) = rare_cancers(&app).await;

    sign_in(b, &app, HELEN, &logins[HELEN]).await;
    b.goto(&app.url("/admin")).await.unwrap();
    click(
        b,
        &format!("a[href='/admin/collections/{collection}/letters']"),
    )
    .await;
    wait_for_text(b, "h1", "Letters of").await;
    click(b, "#letter-reviewer_invited a").await;
    wait_for_text(b, "h1", "Invitation to review").await;
    let defaults = wait_for_text(b, "#placeholders", "{{ link }}").await;
    assert!(defaults.contains("(needed)"), "{defaults}");

    retype(b, "#subject", "Please review {{ manuscript_number }}").await;
    retype(
        b,
        "#body",
        "Dear {{ name }},\n\nWe would value your review of \"{{ title }}\".\n\nAnswer here: {{ link }}\n",
    )
    .await;
    click(b, "#preview-letter").await;
    let heading = wait_for_text(b, "#preview-heading", "Preview").await;
    assert!(heading.contains("for RC-"), "a real submission: {heading}");
    wait_for_text(b, "#preview-body", "We would value your review of").await;
    click(b, "#save-letter").await;
    wait_for_text(b, ".flash", "saved as version 1").await;

    // The handling editor invites a reviewer: the real message, from the outbox.
    as_person(&app, &logins, ATIF).await;
    invite_by_address(&app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    b.goto(&app.url(&format!("/admin/outbox?recipient={NEW_REVIEWER}")))
        .await
        .unwrap();
    wait_for_heading(b, "Outbox").await;
    click(b, "main table a[href^='/admin/outbox/']").await;
    let subject = wait_for_text(b, "h1", "Please review RC-").await;
    assert!(subject.starts_with("Please review RC-"), "{subject}");
    wait_for_text(b, ".mail-body", "We would value your review of").await;
    let sent = app
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "reviewer_invited" && m.to_address == NEW_REVIEWER)
        .count();
    assert_eq!(sent, 1, "in the outbox once");

    // Another wording, then the first restored.
    b.goto(&app.url(&format!(
        "/admin/collections/{collection}/letters/reviewer_invited"
    )))
    .await
    .unwrap();
    wait_for_text(b, "h1", "Invitation to review").await;
    retype(b, "#subject", "Review request: {{ manuscript_number }}").await;
    click(b, "#save-letter").await;
    wait_for_text(b, ".flash", "saved as version 2").await;
    click(b, "#restore-1").await;
    wait_for_text(b, ".flash", "Version 1 is in force again, as version 3").await;
    let subject = b
        .find(Locator::Css("#subject"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(subject, "Please review {{ manuscript_number }}");
    wait_for_text(b, "#history", "Version 1 restored").await;
}
