//! Real Chromium through WebDriver: a reviewer with no account opens the invitation link
//! from the e-mail in the outbox, accepts, declares no competing interest, writes and
//! submits a review; the handling editor then reads it on the submission's page.

use fantoccini::Locator;

use crate::browser::{click, fill, start_browser, text_of, wait_for_heading};
use crate::helpers::{ATIF, NEW_REVIEWER, marta_invited};
use crate::helpers::{Backend, spawn_app};

/// Long because it is one reviewer's session in the browser, from the e-mailed link to the
/// submitted review.
#[tokio::test]
async fn a_reviewer_without_an_account_reviews_in_the_browser() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let app = spawn_app(Backend::Sqlite).await;
    let b = &browser.client;
    // The editor invites by address (over HTTP; the editor's pages have their own tests).
    let (logins, id, link) = marta_invited(&app).await;
    let heading = app
        .with_db(move |conn| {
            use diesel::prelude::*;
            use peerdesk::db::schema::submissions;
            let number: Option<String> = submissions::table
                .find(id)
                .select(submissions::manuscript_number)
                .first(conn)
                .unwrap();
            format!("Your review of {}", number.unwrap())
        })
        .await;
    let mail = app
        .mails_to(NEW_REVIEWER)
        .into_iter()
        .find(|m| m.contains("/invitations/"))
        .expect("the invitation e-mail is in the outbox");
    assert!(
        mail.contains(&link),
        "the page opened is the one in the e-mail"
    );

    // The reviewer opens the link, accepts, and is asked about competing interests first.
    b.goto(&app.url(&link)).await.unwrap();
    wait_for_heading(b, "Invitation to review").await;
    click(b, "#accept").await;
    wait_for_heading(b, &heading).await;
    assert!(
        b.find(Locator::Css("#review-form")).await.is_err(),
        "the form waits for the declaration"
    );
    // Without the confidentiality statement the files stay closed.
    click(b, "#answer").await;
    click(b, "#declare").await;
    wait_for_heading(b, &heading).await;
    assert!(
        b.find(Locator::Css("#confidential-error")).await.is_ok(),
        "the statement is asked for"
    );
    assert!(b.find(Locator::Css("#review-form")).await.is_err());
    click(b, "#confidential").await;
    click(b, "#declare").await;
    wait_for_heading(b, &heading).await;

    // The review, written and submitted in the browser.
    click(b, "#recommendation-minor_revision").await;
    fill(
        b,
        "#comments_to_authors",
        "A careful family study. Please report the penetrance estimates with intervals.",
    )
    .await;
    fill(
        b,
        "#confidential_comments",
        "Sound work; minor changes only.",
    )
    .await;
    click(b, "#submit-review").await;
    // The page after the review has the same heading as the one before: wait for what
    // only the new page has (the revise link) before reading it.
    b.wait()
        .for_element(Locator::Css("#revise-review"))
        .await
        .expect("the page after the review was sent");
    wait_for_heading(b, &heading).await;
    let flash = text_of(b, ".flash").await;
    assert!(flash.contains("sent to the editor"), "{flash}");
    assert_eq!(text_of(b, "#invitation-status").await, "Review submitted");
    let shot = b.screenshot().await.unwrap();
    std::fs::create_dir_all("target/screenshots").unwrap();
    std::fs::write("target/screenshots/review-submitted.png", shot).unwrap();

    // The editor sees it: the reviewer signs out, Atif signs in in the same browser.
    click(b, "form[action='/logout'] button").await;
    b.wait()
        .for_element(Locator::Css("a[href='/login']"))
        .await
        .expect("signed out");
    b.goto(&app.url("/login")).await.unwrap();
    wait_for_heading(b, "Sign in").await;
    fill(b, "#email", ATIF).await;
    fill(b, "#password", &logins[ATIF]).await;
    click(b, "main form button[type=submit]").await;
    // Signed in only once the next page has come: going on at once raced the sign-in
    // under load and landed on the sign-in page.
    b.wait()
        .for_element(Locator::Css("form[action='/logout'] button"))
        .await
        .expect("signed in");
    b.goto(&app.url(&format!("/editorial/submissions/{id}")))
        .await
        .unwrap();
    let reviews = text_of(b, "#reviews-heading + *").await;
    let section = b
        .find(Locator::Css("section[aria-labelledby=reviews-heading]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(section.contains("Marta Lindqvist"), "{reviews}\n{section}");
    assert!(section.contains("Minor revision"), "{section}");
    assert!(section.contains("penetrance estimates"), "{section}");
    assert!(
        section.contains("Sound work; minor changes only."),
        "{section}"
    );
    // Ends the WebDriver session, which closes Chromium; killing chromedriver alone (on
    // drop) left the browser running after the tests.
    browser.close().await;
}
