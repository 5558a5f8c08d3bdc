//! Real Chromium (issue 27): two near-identical reviews of two submissions raise a signal;
//! the handling editor's "Accept" says it waits for the editor-in-chief; she opens the
//! Integrity page from her queue, rules on each signal with a reason; then the acceptance
//! goes through. The reviews are sent over HTTP (their pages have their own browser test).

use fantoccini::Locator;

use crate::browser::{
    click, fill, sign_in, start_browser, text_of, wait_for_heading, wait_for_text,
};
use crate::helpers::*;

const REPORT: &str = "The authors present a retrospective cohort of patients with a rare \
    sarcoma treated at three centres over fifteen years. The question is relevant and the \
    cohort is large for this disease. However the survival analysis does not account for the \
    change in treatment protocols over the period, and the pathology review is not described. \
    I recommend that the authors add a sensitivity analysis by era, describe the central \
    pathology review, and discuss the selection of patients referred from outside the region.";

/// Long because it is one story across two people in the browser.
#[tokio::test]
async fn two_near_identical_reviews_hold_the_acceptance_until_the_chief_rules() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let mut app = spawn_app(Backend::Sqlite).await;
    let b = &browser.client;
    let logins = app.load_demo().await;
    let first = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    let link = invite_by_address(&app, first, "Marta Lindqvist", NEW_REVIEWER).await;
    let (desk, jar) = accept_in_own_browser(&mut app, &link).await;
    submit_review_as(&mut app, &jar, &desk, REPORT, "").await;
    let (second, _, editor) = ada_submits(&app, 93, &[]).await;
    as_person(&app, &logins, &editor).await;
    let link = invite_by_address(&app, second, "Nils Berg", NILS).await;
    let (desk, jar) = accept_in_own_browser(&mut app, &link).await;
    submit_review_as(
        &mut app,
        &jar,
        &desk,
        &REPORT.replace("sarcoma", "chordoma"),
        "",
    )
    .await;

    // Atif would accept the first: the page says it waits, and offers no letter.
    sign_in(b, &app, ATIF, &logins[ATIF]).await;
    let decision = app.url(&format!(
        "/editorial/submissions/{first}/decision?kind=accept"
    ));
    b.goto(&decision).await.unwrap();
    let why = wait_for_text(b, "#accept-waits", "cannot be accepted yet").await;
    assert!(why.contains("editor-in-chief"), "{why}");
    assert!(b.find(Locator::Css("textarea#letter")).await.is_err());

    // Helen rules on every signal of the first submission from her Integrity page.
    sign_in(b, &app, HELEN, &logins[HELEN]).await;
    b.goto(&app.url("/editorial/queue")).await.unwrap();
    click(b, "#integrity-link").await;
    wait_for_heading(b, "Integrity").await;
    loop {
        let selector = format!("#submission-{first} .rule-link");
        if b.find(Locator::Css(&selector)).await.is_err() {
            break;
        }
        click(b, &selector).await;
        wait_for_text(b, "h1", "A signal on").await;
        click(b, "#outcome").await;
        fill(
            b,
            "#reason",
            "Asked both reviewers: Marta shared her notes with a trainee.",
        )
        .await;
        click(b, "#record-ruling").await;
        wait_for_text(b, ".flash", "is recorded").await;
    }
    assert!(
        text_of(b, "#by-submission").await.contains("RC-"),
        "the other one is still open"
    );

    // Now Atif accepts in the browser.
    sign_in(b, &app, ATIF, &logins[ATIF]).await;
    b.goto(&decision).await.unwrap();
    wait_for_text(b, "h1", "Decision on").await;
    assert!(b.find(Locator::Css("#accept-waits")).await.is_err());
    click(b, "button[value=send]").await;
    wait_for_text(b, ".flash", "Decision sent").await;
    assert_eq!(state_of(&app, first).await, "accepted");
}
