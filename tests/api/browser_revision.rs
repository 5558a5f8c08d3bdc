//! Real Chromium (issue 20 item 6): the author corrects the title with the revised version,
//! and the handling editor reads what changed in round 2.

use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

use crate::browser::{click, fill, sign_in, start_browser, wait_for_text};
use crate::helpers::*;

const NEW_TITLE: &str =
    "Germline BAP1 variants in Ligurian and Tuscan families with uveal melanoma";

/// Waits (up to 10 s) for an element matching `css`.
async fn wait_for(b: &Client, css: &str) -> Element {
    for _ in 0..100 {
        if let Ok(element) = b.find(Locator::Css(css)).await {
            return element;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let url = b.current_url().await.map(|u| u.to_string());
    panic!("expected {css} on the page, still on {url:?}");
}

const RESPONSE: &str = "We added the Tuscan families, as reviewer 1 suggested.";

/// A minor revision asked for after one review, and the author, in the browser, correcting
/// the title on the revision form (which starts from the old one) and sending it. Returns
/// the old title.
async fn the_author_sends_a_corrected_title(
    b: &Client,
    app: &mut TestApp,
    logins: &std::collections::HashMap<String, String>,
    id: i64,
) -> String {
    one_review_round(app, logins, id).await;
    let sent = send_decision(app, id, "minor_revision", None).await;
    assert!(sent.status.is_redirection());
    let scratch = ScratchDir::new();
    let manuscript = scratch.0.join("revised.pdf");
    std::fs::write(&manuscript, pdf_bytes()).unwrap();
    let manuscript = manuscript.canonicalize().unwrap();

    sign_in(b, app, SOFIA, &logins[SOFIA]).await;
    b.goto(&app.url(&format!("/submissions/{id}")))
        .await
        .unwrap();
    click(b, "#send-revision-link").await;
    let title = wait_for(b, "#title").await;
    let old_title = title.prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(
        old_title,
        "Germline BAP1 variants in Ligurian families with uveal melanoma"
    );
    title.clear().await.unwrap();
    fill(b, "#title", NEW_TITLE).await;
    fill(b, "#response", RESPONSE).await;
    wait_for(b, "#manuscript")
        .await
        .send_keys(manuscript.to_str().unwrap())
        .await
        .unwrap();
    click(b, "#send-revision").await;
    wait_for_text(b, ".flash", "round 2").await;
    old_title
}

#[tokio::test]
async fn the_author_corrects_the_title_and_the_editor_sees_it_changed() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let mut app = spawn_app(Backend::Sqlite).await;
    let b = &browser.client;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    let old_title = the_author_sends_a_corrected_title(b, &mut app, &logins, id).await;

    // The handling editor reads what changed: the title, old → new.
    sign_in(b, &app, ATIF, &logins[ATIF]).await;
    b.goto(&app.url(&format!("/editorial/submissions/{id}")))
        .await
        .unwrap();
    let changed = wait_for_text(b, "#changes-round-2", "What changed in round 2").await;
    assert!(changed.contains(&old_title), "{changed}");
    assert!(changed.contains(NEW_TITLE), "{changed}");
    let was = wait_for(b, "#changes-round-2 .change-short del").await;
    assert_eq!(was.text().await.unwrap(), old_title);
    let now = wait_for(b, "#changes-round-2 .change-short ins").await;
    assert_eq!(now.text().await.unwrap(), NEW_TITLE);
}

/// Issue 28 part 2: the editor invites the round-1 reviewer again from the ticked list; she
/// opens the new invitation from the e-mail, accepts, declares, and reads the authors'
/// response and what changed beside the earlier version.
#[tokio::test]
async fn the_round_1_reviewer_is_invited_again_and_reads_what_changed() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let mut app = spawn_app(Backend::Sqlite).await;
    let b = &browser.client;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    let old_title = the_author_sends_a_corrected_title(b, &mut app, &logins, id).await;

    sign_in(b, &app, ATIF, &logins[ATIF]).await;
    b.goto(&app.url(&format!("/editorial/submissions/{id}/reviewers")))
        .await
        .unwrap();
    let ticked = wait_for(b, "#invite-again-form input[name=person_id]").await;
    assert_eq!(
        ticked.prop("checked").await.unwrap().as_deref(),
        Some("true")
    );
    fill(b, "#again_message", "Would you read the revised version?").await;
    click(b, "#invite-again").await;
    wait_for_text(b, ".flash", "Invited again: Marta Lindqvist.").await;

    let link = invitation_link(&app, NEW_REVIEWER).expect("the new invitation");
    let mail = app.mails_to(NEW_REVIEWER).into_iter().last().unwrap();
    assert!(mail.contains(&link), "the link is the e-mail's: {mail}");
    b.delete_all_cookies().await.unwrap();
    b.goto(&app.url(&link)).await.unwrap();
    wait_for_text(b, "main", "This is a revised version (round 2)").await;
    click(b, "#accept").await;
    wait_for(b, "#answer").await;
    click(b, "#answer").await;
    click(b, "#confidential").await;
    click(b, "#declare").await;
    let response = wait_for_text(b, "#authors-response", RESPONSE).await;
    assert!(response.contains("round 2"), "{response}");
    let changed = wait_for_text(b, "#changes-round-2", NEW_TITLE).await;
    assert!(changed.contains(&old_title), "{changed}");
}
