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

/// Long because it is one story in the browser: the author's revision, then the editor's page.
#[tokio::test]
async fn the_author_corrects_the_title_and_the_editor_sees_it_changed() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let mut app = spawn_app(Backend::Sqlite).await;
    let b = &browser.client;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    one_review_round(&mut app, &logins, id).await;
    let sent = send_decision(&app, id, "minor_revision", None).await;
    assert!(sent.status.is_redirection());
    let scratch = ScratchDir::new();
    let manuscript = scratch.0.join("revised.pdf");
    std::fs::write(&manuscript, pdf_bytes()).unwrap();
    let manuscript = manuscript.canonicalize().unwrap();

    // The author corrects the title on the revision form, which starts from the old one.
    sign_in(b, &app, SOFIA, &logins[SOFIA]).await;
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
    fill(
        b,
        "#response",
        "We added the Tuscan families, as reviewer 1 suggested.",
    )
    .await;
    wait_for(b, "#manuscript")
        .await
        .send_keys(manuscript.to_str().unwrap())
        .await
        .unwrap();
    click(b, "#send-revision").await;
    wait_for_text(b, ".flash", "round 2").await;

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
