//! Real Chromium through WebDriver (issue 19 part 3): the handling editor rates a review on
//! the submission's page, and the reviewer opens their certificate from their reviews page.

use crate::browser::{
    click, fill, sign_in, start_browser, text_of, wait_for_heading, wait_for_text,
};
use crate::helpers::{ATIF, Backend, LUKAS, as_person, first_submission, lukas_reports, spawn_app};

#[tokio::test]
async fn the_editor_rates_a_review_and_the_reviewer_prints_a_certificate() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let app = spawn_app(Backend::Sqlite).await;
    let b = &browser.client;
    // Lukas reviews the first demo manuscript (over HTTP; the review has its own tests).
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    lukas_reports(&app, &logins, id).await;
    let lukas = app.person_id(LUKAS).await;
    let inv: i64 = app
        .with_db(move |conn| {
            use diesel::prelude::*;
            use peerdesk::db::schema::review_invitations as ri;
            ri::table
                .filter(ri::submission_id.eq(id))
                .filter(ri::reviewer_id.eq(lukas))
                .select(ri::id)
                .first(conn)
                .unwrap()
        })
        .await;

    // The editor rates it beside the review.
    sign_in(b, &app, ATIF, &logins[ATIF]).await;
    b.goto(&app.url(&format!("/editorial/submissions/{id}")))
        .await
        .unwrap();
    click(b, &format!("#rating-{inv}-3")).await;
    fill(b, &format!("#note-{inv}"), "Clear and constructive.").await;
    click(b, &format!("#rate-{inv}")).await;
    wait_for_text(b, ".flash", "is recorded").await;
    let recorded = text_of(b, &format!("#rating-recorded-{inv}")).await;
    assert!(recorded.contains("3 of 3, excellent"), "{recorded}");

    // The reviewer opens the certificate from their reviews page: no rating on it.
    sign_in(b, &app, LUKAS, &logins[LUKAS]).await;
    b.goto(&app.url("/reviews")).await.unwrap();
    wait_for_heading(b, "My reviews").await;
    click(b, "#certificate-link").await;
    wait_for_heading(b, "Certificate of peer review").await;
    assert_eq!(text_of(b, "#certificate-name").await, "Lukas Weber");
    let count = text_of(b, "#certificate-count").await;
    assert!(count.starts_with("completed 1 peer review in "), "{count}");
    let page = text_of(b, "main").await;
    assert!(
        !page.contains("excellent") && !page.contains("Clear and constructive"),
        "{page}"
    );
    let shot = b.screenshot().await.unwrap();
    std::fs::create_dir_all("target/screenshots").unwrap();
    std::fs::write("target/screenshots/review-certificate.png", shot).unwrap();
    browser.close().await;
}
