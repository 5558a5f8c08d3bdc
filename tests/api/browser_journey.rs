//! The whole journey in real Chromium, every step through the pages a person would use: an
//! author submits; the handling editor the system chose invites a reviewer; the reviewer
//! accepts from the e-mailed link and reviews; the editor asks for a minor revision; the
//! author sends a revised version; the same reviewer, invited again, reviews round 2; the
//! editor accepts; the editor-in-chief publishes it, and anyone reads it on the collection
//! page with its citation. Every e-mail of the journey is in the outbox.

use std::collections::HashMap;
use std::time::Duration;

use chrono::Datelike;
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

use crate::browser::{
    click, fill, fill_affiliation, review_and_submit, start_browser, text_of, wait_for_heading,
    wait_for_text,
};
use crate::helpers::pdf_bytes;
use crate::helpers::{Backend, ScratchDir, TestApp, spawn_app};

const AUTHOR: &str = "ada@uni.example";
const AUTHOR_PASSWORD: &str = "a long enough passphrase 42";
const REVIEWER: &str = "marta.lindqvist@karolinska-review.example";
const TITLE: &str = "Outcomes of adrenocortical carcinoma in a national registry";

/// Waits (up to 10 s) for an element matching `css`.
async fn wait_for(b: &Client, css: &str) -> Element {
    for _ in 0..100 {
        if let Ok(element) = b.find(Locator::Css(css)).await {
            return element;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let url = b.current_url().await.map(|u| u.to_string());
    panic!(
        "expected {css} on the page, still on {url:?} headed {:?}",
        text_of(b, "h1").await
    );
}

async fn sign_in(b: &Client, app: &TestApp, email: &str, password: &str) {
    sign_out(b).await;
    b.goto(&app.url("/login")).await.unwrap();
    wait_for_heading(b, "Sign in").await;
    fill(b, "#email", email).await;
    fill(b, "#password", password).await;
    click(b, "main form button[type=submit]").await;
    wait_for(b, "form[action='/logout'] button").await;
}

async fn sign_out(b: &Client) {
    if b.find(Locator::Css("form[action='/logout'] button"))
        .await
        .is_ok()
    {
        click(b, "form[action='/logout'] button").await;
        wait_for(b, "a[href='/login']").await;
    }
}

/// Chooses `path` in the file input `css`.
async fn choose_file(b: &Client, css: &str, path: &std::path::Path) {
    wait_for(b, css)
        .await
        .send_keys(path.to_str().unwrap())
        .await
        .unwrap();
}

/// The newest invitation link in the reviewer's e-mails (a path).
fn newest_invitation(app: &TestApp) -> String {
    let link = app
        .link_in_last_mail_to(REVIEWER, "/invitations/")
        .expect("an invitation e-mail");
    link[link.find("/invitations/").unwrap()..].to_owned()
}

/// The reviewer (no account; a fresh browser session) opens the e-mailed link, accepts,
/// declares no competing interest and submits a review.
async fn review_in_browser(b: &Client, app: &TestApp, recommendation: &str, comments: &str) {
    sign_out(b).await;
    b.goto(&app.url(&newest_invitation(app))).await.unwrap();
    wait_for_heading(b, "Invitation to review").await;
    click(b, "#accept").await;
    wait_for(b, "#declare").await;
    click(b, "#answer").await;
    click(b, "#confidential").await;
    click(b, "#declare").await;
    wait_for(b, "#review-form").await;
    click(
        b,
        &format!("input[name=recommendation][value={recommendation}]"),
    )
    .await;
    fill(b, "#comments_to_authors", comments).await;
    // A reviewer of an earlier round is asked whether the authors addressed her comments.
    if b.find(Locator::Css("#earlier_comments")).await.is_ok() {
        click(b, "#earlier_comments").await;
    }
    click(b, "#submit-review").await;
    wait_for_text(b, ".flash", "sent to the editor").await;
    // The link's session ends with the browser's; sign out to be sure.
    sign_out(b).await;
}

/// The handling editor opens the decision page for `kind` and sends the drafted letter.
async fn decide_in_browser(b: &Client, app: &TestApp, id: i64, kind: &str) {
    b.goto(&app.url(&format!("/editorial/submissions/{id}")))
        .await
        .unwrap();
    click(b, &format!("#decide-{kind}")).await;
    let letter = wait_for(b, "textarea#letter")
        .await
        .prop("value")
        .await
        .unwrap();
    assert!(
        letter.unwrap_or_default().contains("Reviewer 1"),
        "the draft quotes the review"
    );
    click(b, "button[value=send]").await;
    wait_for_text(b, ".flash", "Decision sent").await;
}

/// Long because it is the whole journey in one browser, from submission to the collection page;
/// each page leads to the next.
#[tokio::test]
async fn the_whole_journey_from_submission_to_the_collection_page() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let started = std::time::Instant::now();
    let app = spawn_app(Backend::Sqlite).await;
    let logins: HashMap<String, String> = app.load_demo().await;
    let b = &browser.client;
    let scratch = ScratchDir::new();
    let manuscript = scratch.0.join("adrenocortical-registry.pdf");
    std::fs::write(&manuscript, pdf_bytes()).unwrap();
    let manuscript = manuscript.canonicalize().unwrap();

    // 1. The author submits a Research Article.
    app.register_verified("Ada Osei", AUTHOR, AUTHOR_PASSWORD)
        .await;
    sign_in(b, &app, AUTHOR, AUTHOR_PASSWORD).await;
    b.goto(&app.url("/submissions/new?collection=rare-cancers"))
        .await
        .unwrap();
    wait_for_heading(b, "Submit a manuscript to Rare cancers").await;
    wait_for(b, "#article_type")
        .await
        .select_by_label("Research Article")
        .await
        .unwrap();
    fill(b, "#title", TITLE).await;
    fill(
        b,
        "#abstract_text",
        "Background: adrenocortical carcinoma is rare. Methods: we followed every case in a \
         national registry for ten years. Results: five-year survival rose from 38% to 51%. \
         Conclusions: centralised care helps.",
    )
    .await;
    fill(
        b,
        "#keywords",
        "adrenocortical carcinoma, registry, survival",
    )
    .await;
    if !wait_for(b, "#topics").await.is_selected().await.unwrap() {
        click(b, "#topics").await;
    }
    fill(b, "#rare_cancer_type", "Adrenocortical carcinoma").await;
    fill_affiliation(b, (0, 0), "University of Ghana", "Accra", "Ghana").await;
    click(b, "#corresponding_0").await;
    click(b, "#competing_interests").await;
    click(b, "#ai_use").await;
    fill(
        b,
        "#ethics_statement",
        "Approved by the national ethics board (ref. 2025-3).",
    )
    .await;
    fill(
        b,
        "#data_availability",
        "Available from the registry on request.",
    )
    .await;
    fill(b, "#funding", "None").await;
    fill(b, "#consent_for_publication", "Not applicable.").await;
    fill(
        b,
        "#authors_contributions",
        "Both authors wrote the manuscript.",
    )
    .await;
    choose_file(b, "#manuscript", &manuscript).await;
    review_and_submit(b).await;
    let number = format!("RC-{}-0004", chrono::Utc::now().year());
    let shown = wait_for(b, ".manuscript-number")
        .await
        .text()
        .await
        .unwrap();
    assert!(shown.starts_with("RC-"), "{shown}");
    assert_eq!(text_of(b, "#state").await, "Submitted");
    let id: i64 = app
        .with_db(|conn| {
            use diesel::prelude::*;
            use peerdesk::db::schema::submissions;
            submissions::table
                .filter(submissions::title.eq(TITLE))
                .select(submissions::id)
                .first(conn)
                .unwrap()
        })
        .await;
    let _ = number;

    // 2. The handling editor the system chose (conflict-free) invites a reviewer.
    let editor: String = app
        .with_db(move |conn| {
            use diesel::prelude::*;
            use peerdesk::db::schema::{people, submissions};
            submissions::table
                .inner_join(
                    people::table.on(people::id.nullable().eq(submissions::handling_editor_id)),
                )
                .filter(submissions::id.eq(id))
                .select(people::email)
                .first(conn)
                .expect("a handling editor was assigned automatically")
        })
        .await;
    sign_in(b, &app, &editor, &logins[&editor]).await;
    b.goto(&app.url(&format!("/editorial/submissions/{id}")))
        .await
        .unwrap();
    click(b, "#find-reviewers").await;
    wait_for(b, "#invite-by-address").await;
    fill(b, "#name", "Marta Lindqvist").await;
    fill(b, "#email", REVIEWER).await;
    click(b, "#invite-by-address").await;
    wait_for_text(b, ".flash", "has been invited").await;

    // 3. The reviewer accepts from the e-mail and reviews: minor revision.
    review_in_browser(
        b,
        &app,
        "minor_revision",
        "Please give the follow-up time of each centre.",
    )
    .await;

    // 4. The editor asks for a minor revision.
    sign_in(b, &app, &editor, &logins[&editor]).await;
    decide_in_browser(b, &app, id, "minor_revision").await;

    // 5. The author sends a revised version with a response to the reviewer.
    sign_in(b, &app, AUTHOR, AUTHOR_PASSWORD).await;
    b.goto(&app.url(&format!("/submissions/{id}")))
        .await
        .unwrap();
    click(b, "#send-revision-link").await;
    wait_for(b, "#send-revision").await;
    fill(
        b,
        "#response",
        "Thank you. The follow-up time of each centre is now in Table 2.",
    )
    .await;
    choose_file(b, "#manuscript", &manuscript).await;
    click(b, "#send-revision").await;
    wait_for_text(b, ".flash", "round 2").await;
    assert_eq!(
        text_of(b, "#state").await,
        "Revised version submitted (round 2)"
    );
    assert_eq!(text_of(b, "#round").await, "2");

    // 6. The editor invites the round-1 reviewer again, from the list of earlier reviewers.
    sign_in(b, &app, &editor, &logins[&editor]).await;
    b.goto(&app.url(&format!("/editorial/submissions/{id}/reviewers")))
        .await
        .unwrap();
    let earlier = text_of(b, "#earlier").await;
    assert!(earlier.contains("Reviewed round 1"), "{earlier}");
    click(b, "#earlier form.invite-form button").await;
    wait_for_text(b, ".flash", "has been invited").await;

    // 7. Round 2's review: accept.
    review_in_browser(b, &app, "accept", "The revision answers my comments.").await;

    // 8. The editor accepts, once the editor-in-chief has ruled on the signs of a review
    // ring that reviews sent within minutes of accepting raise (issue 27).
    crate::helpers::the_chief_rules_on_every_signal(&app, id).await;
    sign_in(b, &app, &editor, &logins[&editor]).await;
    decide_in_browser(b, &app, id, "accept").await;
    sign_out(b).await;

    // 9. The editor-in-chief publishes it, with the final PDF.
    let chief = "helen.marsh@bmccancer.example";
    sign_in(b, &app, chief, &logins[chief]).await;
    b.goto(&app.url(&format!("/editorial/submissions/{id}")))
        .await
        .unwrap();
    click(b, "#publish-link").await;
    wait_for_text(b, "h1", "Publish").await;
    let article_number = wait_for(b, "#article_number")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    choose_file(b, "#pdf", &manuscript).await;
    click(b, "#publish").await;
    wait_for_text(b, ".flash", "Published as").await;
    sign_out(b).await;

    // 10. Anyone reads it on the collection page, with its citation.
    let year = chrono::Utc::now().year();
    let citation = format!("BMC Cancer {year} {}:{article_number}", year - 2000);
    b.goto(&app.url("/collections/rare-cancers")).await.unwrap();
    let listed = wait_for_text(b, "#published-articles", TITLE).await;
    assert!(listed.contains(&citation), "{citation} in {listed}");

    // Every e-mail of the journey is in the outbox.
    let of_journey: Vec<String> = app
        .outbox()
        .into_iter()
        .filter(|m| m.thread_key.as_deref().is_some_and(|k| k == shown))
        .map(|m| m.kind)
        .collect();
    for kind in [
        "submission_received",
        "handling_editor_assigned",
        "reviewer_invited",
        "submission_under_review",
        "review_received",
        "reviewer_thanks",
        "decision_letter",
        "decision_made",
        "revision_received",
        "revision_to_editor",
        "article_published",
    ] {
        assert!(
            of_journey.iter().any(|k| k == kind),
            "a {kind} e-mail in the outbox: {of_journey:?}"
        );
    }
    assert_eq!(
        of_journey
            .iter()
            .filter(|k| *k == "reviewer_invited")
            .count(),
        2,
        "invited in both rounds"
    );
    assert_eq!(
        of_journey
            .iter()
            .filter(|k| *k == "decision_letter")
            .count(),
        2,
        "the revision and the acceptance"
    );
    browser.close().await;
    eprintln!("the whole journey took {:?}", started.elapsed());
}
