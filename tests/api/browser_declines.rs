//! Real Chromium: a reviewer with no account declines from the e-mailed link with a reason,
//! and the handling editor's backup reviewer is invited once (issue 28 part 3, "Done when").

use fantoccini::Locator;

use crate::browser::{click, fill, sign_in, start_browser, wait_for_heading, wait_for_text};
use crate::helpers::{ATIF, Backend, OLGA, marta_invited, spawn_app};

#[tokio::test]
async fn a_decline_in_the_browser_invites_the_backup_once() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let app = spawn_app(Backend::Sqlite).await;
    let b = &browser.client;
    // Atif invites Marta and names Olga as a backup (over HTTP; tested on their own).
    let (logins, id, link) = marta_invited(&app).await;
    app.post_form(
        &format!("/editorial/submissions/{id}/reviewers/backups"),
        &[("backup_name", "Olga Petrova"), ("backup_email", OLGA)],
    )
    .await
    .taken();
    app.post_form(
        &format!("/editorial/submissions/{id}/reviewers/wanted"),
        &[("wanted", "1")],
    )
    .await
    .taken();

    // Marta opens the link from the e-mail and declines without a reason: asked for one.
    b.goto(&app.url(&link)).await.unwrap();
    wait_for_heading(b, "Invitation to review").await;
    fill(b, "#reason", "Marking exams until February.").await;
    click(b, "#decline").await;
    wait_for_text(b, "#reason_kind-error", "Choose why").await;
    let kept = b
        .find(Locator::Css("#reason"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(kept, "Marking exams until February.");
    click(b, "#reason_kind_too_busy").await;
    click(b, "#decline").await;
    wait_for_text(b, "h1", "declined").await;

    // Olga's invitation is in the outbox, once; Marta's second click changes nothing.
    let invited = |app: &crate::helpers::TestApp| {
        app.mails_to(OLGA)
            .iter()
            .filter(|m| m.contains("/invitations/"))
            .count()
    };
    assert_eq!(invited(&app), 1);
    b.goto(&app.url(&link)).await.unwrap();
    assert_eq!(invited(&app), 1);

    // Atif sees it on the reviewers page.
    sign_in(b, &app, ATIF, &logins[ATIF]).await;
    b.goto(&app.url(&format!("/editorial/submissions/{id}/reviewers")))
        .await
        .unwrap();
    wait_for_text(
        b,
        "#backups",
        "Olga Petrova (olga.petrova@msu-review.example): invited",
    )
    .await;
    browser.close().await;
}
