//! Real Chromium through WebDriver (issue 28 part 1, "Done when"): a reviewer posts in the
//! discussion after sending the report and the other reviewer is told (the mail is in the
//! outbox); the author cannot open that thread.

use fantoccini::Locator;

use crate::browser::{click, fill, sign_in, start_browser, text_of, wait_for_heading};
use crate::helpers::{
    ATIF, Backend, LUKAS, NILS, SOFIA, as_person, first_submission, invite_by_address,
    lukas_reports, review_from_link, spawn_app,
};

const QUESTION: &str = "Reviewer 2 here: is the follow-up long enough for the penetrance claim?";

/// Long because it is two people's sessions in one browser, with what the outbox holds
/// between them.
#[tokio::test]
async fn a_reviewer_posts_after_the_report_and_the_other_reviewer_is_told() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let mut app = spawn_app(Backend::Sqlite).await;
    let b = &browser.client;
    // Over HTTP: Nils (by link) reports first, then Lukas, signed in with his account.
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    let nils_link = invite_by_address(&app, id, "Nils Berg", NILS).await;
    let (nils_desk, _) = review_from_link(&mut app, &nils_link, "accept", "Convincing.").await;
    let desk = lukas_reports(&app, &logins, id).await;

    // Lukas, in the browser: from his page of the review to the discussion; he posts.
    sign_in(b, &app, LUKAS, &logins[LUKAS]).await;
    b.goto(&app.url(&desk)).await.unwrap();
    click(b, "#discussion-reviewers").await;
    b.wait()
        .for_element(Locator::Css("#discussion-form"))
        .await
        .expect("the discussion page");
    let heading = text_of(b, "h1").await;
    assert!(
        heading.ends_with("Discussion with the reviewers"),
        "{heading}"
    );
    fill(b, "#message", QUESTION).await;
    click(b, "#post-message").await;
    b.wait()
        .for_element(Locator::Css(".flash"))
        .await
        .expect("posted");
    let messages = text_of(b, "#messages").await;
    assert!(messages.contains(QUESTION), "{messages}");
    assert!(messages.contains("Reviewer 2, you"), "{messages}");
    std::fs::create_dir_all("target/screenshots").unwrap();
    std::fs::write(
        "target/screenshots/discussion-posted.png",
        b.screenshot().await.unwrap(),
    )
    .unwrap();

    // The other reviewer is told, once, by number, with a link to his own page of it.
    let to_nils: Vec<_> = app
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "discussion_posted" && m.to_address == NILS)
        .collect();
    assert_eq!(to_nils.len(), 1, "Nils is told once");
    let mail = &to_nils[0].body_text;
    assert!(mail.contains("Reviewer 2 has written"), "{mail}");
    assert!(!mail.contains("Lukas"), "{mail}");
    assert!(mail.contains(&format!("{nils_desk}/discussion")), "{mail}");
    let to_lukas = app
        .outbox()
        .into_iter()
        .filter(|m| m.to_address == LUKAS && m.kind == "discussion_posted")
        .count();
    assert_eq!(to_lukas, 0, "the poster is not told");

    // The author, in the same browser, cannot open the thread by any door.
    click(b, "form[action='/logout'] button").await;
    b.wait()
        .for_element(Locator::Css("a[href='/login']"))
        .await
        .expect("signed out");
    sign_in(b, &app, SOFIA, &logins[SOFIA]).await;
    b.goto(&app.url(&format!("/submissions/{id}")))
        .await
        .unwrap();
    assert!(
        b.find(Locator::Css("#discussion-reviewers")).await.is_err(),
        "no link to the reviewers' thread on the author's page"
    );
    for path in [
        format!("/editorial/submissions/{id}/discussion/reviewers"),
        format!("{desk}/discussion"),
    ] {
        b.goto(&app.url(&path)).await.unwrap();
        wait_for_heading(b, "Page not found").await;
        let body = text_of(b, "main").await;
        assert!(!body.contains(QUESTION), "{path}: {body}");
    }
    browser.close().await;
}
