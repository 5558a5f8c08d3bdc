//! Real Chromium through WebDriver: the collection has a structured review form (issue 19
//! part 2); a reviewer without an account opens the e-mailed link, answers its questions
//! (a scale, a yes/no whose "no" asks for a comment, a free text), is refused once for the
//! missing comment with everything typed kept, and submits.

use fantoccini::Locator;

use crate::browser::{click, fill, start_browser, text_of, wait_for_heading};
use crate::helpers::{Backend, HELEN, as_person, marta_invited, rare_cancers, spawn_app};
use crate::review_forms::{CLARITY, STRENGTHEN, define_form};

/// Long because it is one reviewer's session in the browser, from the link to the review
/// as submitted.
#[tokio::test]
async fn a_reviewer_fills_a_structured_form_in_the_browser() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let app = spawn_app(Backend::Sqlite).await;
    let b = &browser.client;
    let (logins, _id, link) = marta_invited(&app).await;
    let collection = rare_cancers(&app).await.0;
    as_person(&app, &logins, HELEN).await;
    define_form(&app, collection).await;

    b.goto(&app.url(&link)).await.unwrap();
    wait_for_heading(b, "Invitation to review").await;
    click(b, "#accept").await;
    b.wait()
        .for_element(Locator::Css("#declare"))
        .await
        .expect("the declaration");
    click(b, "#answer").await;
    click(b, "#confidential").await;
    click(b, "#declare").await;
    b.wait()
        .for_element(Locator::Css("#review-form"))
        .await
        .expect("the review form");
    assert_eq!(text_of(b, "#question-v1 legend").await, CLARITY);

    click(b, "#recommendation-minor_revision").await;
    click(b, "#q_v1-5").await;
    click(b, "#q_v2-no").await;
    fill(b, "#q_v3", "Set the survival curves beside the registry's.").await;
    fill(
        b,
        "#comments_to_authors",
        "A careful series; see the questions.",
    )
    .await;
    click(b, "#submit-review").await;
    // Refused: the "no" asks for a comment; everything typed is still there.
    b.wait()
        .for_element(Locator::Css("#q_v2_comment-error"))
        .await
        .expect("the comment is asked for");
    let kept = b
        .find(Locator::Css("#q_v1-5"))
        .await
        .unwrap()
        .prop("checked")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("true"), "the scale kept");
    let typed = b
        .find(Locator::Css("#q_v3"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(typed.contains("survival curves"), "{typed}");
    fill(
        b,
        "#q_v2_comment",
        "The linkage to the registry is not described.",
    )
    .await;
    click(b, "#submit-review").await;
    b.wait()
        .for_element(Locator::Css("#revise-review"))
        .await
        .expect("the page after the review was sent");
    let review = text_of(b, ".review").await;
    assert!(review.contains("5 of 5: Very clear"), "{review}");
    assert!(review.contains(STRENGTHEN), "{review}");
    assert!(review.contains("The linkage to the registry"), "{review}");
    let shot = b.screenshot().await.unwrap();
    std::fs::create_dir_all("target/screenshots").unwrap();
    std::fs::write("target/screenshots/review-form-submitted.png", shot).unwrap();
    browser.close().await;
}
