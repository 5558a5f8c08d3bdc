//! Real Chromium: the handling editor opens a submission's Find reviewers page, reads the
//! suggested reviewers with why each is suggested, and invites one in one click; the
//! expert at the author's own university is not among them (issue 19, "Done when").

use fantoccini::Locator;

use crate::browser::{click, sign_in, start_browser, text_of, wait_for_text};
use crate::helpers::{Backend, spawn_app};
use crate::reviews::suggestions::manuscript_with_experts;

/// The names shown in the suggestions list, in order.
async fn suggested_names(b: &fantoccini::Client) -> Vec<String> {
    let mut names = Vec::new();
    for e in b
        .find_all(Locator::Css("#suggestions .candidate-name"))
        .await
        .unwrap()
    {
        names.push(e.text().await.unwrap());
    }
    names
}

#[tokio::test]
async fn the_editor_invites_a_suggested_reviewer_in_one_click() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let app = spawn_app(Backend::Sqlite).await;
    let b = &browser.client;
    // Ada's retinoblastoma manuscript; Rita Blom (retinoblastoma keywords and papers),
    // Kwame Mensah (the same, but at Ada's university: conflicted), Pia Larsen (a possible
    // conflict through a co-author), and people who do not match or never offered.
    let (logins, id, editor) = manuscript_with_experts(&app).await;
    sign_in(b, &app, &editor, &logins[&editor]).await;
    b.goto(&app.url(&format!("/editorial/submissions/{id}/reviewers")))
        .await
        .unwrap();
    wait_for_text(b, "h1", "Find reviewers for").await;

    let names = suggested_names(b).await;
    assert_eq!(
        names.first().map(String::as_str),
        Some("Rita Blom"),
        "{names:?}"
    );
    assert!(
        !names.contains(&"Kwame Mensah".to_owned()),
        "the conflicted expert is absent: {names:?}"
    );
    assert!(!names.contains(&"Otto Berg".to_owned()), "{names:?}");
    let rita = text_of(b, "#suggestions .candidate:first-child").await;
    assert!(
        rita.contains("Why: 1 of their 2 papers on") && rita.contains("retinoblastoma"),
        "{rita}"
    );
    assert!(rita.contains("keywords: retinoblastoma"), "{rita}");
    assert!(rita.contains("Open reviews: 0"), "{rita}");
    let list = text_of(b, "#suggestions").await;
    assert!(
        list.contains("Potential conflict") && list.contains("Ben Moller"),
        "a possible conflict is marked, not hidden: {list}"
    );
    let shot = b.screenshot().await.unwrap();
    std::fs::create_dir_all("target/screenshots").unwrap();
    std::fs::write("target/screenshots/suggested-reviewers.png", shot).unwrap();

    // One click: the form comes with the default due date.
    click(
        b,
        "#suggestions .candidate:first-child .invite-form button[type=submit]",
    )
    .await;
    let flash = wait_for_text(b, ".flash", "has been invited").await;
    assert!(flash.contains("Rita Blom"), "{flash}");
    let mails = app
        .mails_to("rita.blom@eye.example")
        .into_iter()
        .filter(|m| m.contains("/invitations/"))
        .count();
    assert_eq!(mails, 1, "one invitation in the outbox");

    // Back on the page she is shown as invited, with no second button.
    b.goto(&app.url(&format!("/editorial/submissions/{id}/reviewers")))
        .await
        .unwrap();
    let rita = wait_for_text(b, "#suggestions .candidate:first-child", "Rita Blom").await;
    assert!(rita.contains("In this round: Invited"), "{rita}");
    assert!(!rita.contains("Invite Rita Blom"), "{rita}");
    browser.close().await;
}
