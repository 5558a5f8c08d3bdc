//! Real Chromium (issue 20 item 3d): an author presses "Add a funder" in the submission form
//! (no script involved: the form comes back with a row), names the funder with its Crossref
//! Funder ID as bare digits and a grant number, and submits; the submission's page lists the
//! funder, and once the manuscript is accepted and published the Crossref deposit the office
//! downloads carries it in its `fr:program`.

use std::time::Duration;

use diesel::prelude::*;
use fantoccini::{Client, Locator};
use peerdesk::db::schema::submissions;
use reqwest::StatusCode;

use crate::browser::{
    click, fill, fill_affiliation, fill_the_manuscript, review_and_submit, sign_in, start_browser,
    text_of,
};
use crate::helpers::{Backend, HELEN, ScratchDir, pdf_bytes, spawn_app};

const PASSWORD: &str = "a long enough passphrase 42";
const TITLE: &str = "Funded outcomes of retinoblastoma in a national cohort";

/// Waits (up to 10 s) for `css` to be on the page.
async fn wait_for(b: &Client, css: &str) {
    for _ in 0..100 {
        if b.find(Locator::Css(css)).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("expected {css} on the page");
}

/// The number at the end of an address (`/articles/7` → 7).
fn last_number(address: &str) -> i64 {
    address
        .rsplit('/')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("an id at the end of {address}"))
}

/// Long because it is one author's session in the browser, then the office's download,
/// read top to bottom.
#[tokio::test]
async fn a_funder_added_in_the_submission_form_reaches_the_crossref_deposit() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let app = spawn_app(Backend::Sqlite).await;
    let logins = app.load_demo().await;
    app.register_verified("Ada Osei", "ada@uni.example", PASSWORD)
        .await;
    let b = &browser.client;
    sign_in(b, &app, "ada@uni.example", PASSWORD).await;
    b.goto(&app.url("/submissions/new?collection=rare-cancers"))
        .await
        .unwrap();
    wait_for(b, "#author_family_name_0").await;
    fill_affiliation(b, (0, 0), "University of Ghana", "Accra", "Ghana").await;
    fill_the_manuscript(b, TITLE).await;
    click(b, "button[value=add_funder]").await;
    wait_for(b, "#funder_name_0").await;
    // What was typed before the button came back with the new row.
    assert_eq!(
        b.find(Locator::Css("#title"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some(TITLE)
    );
    fill(b, "#funder_name_0", "Cancer Research UK").await;
    fill(b, "#funder_funder_id_0", "501100000289").await;
    fill(b, "#funder_awards_0", "C1234/A5678").await;
    let scratch = ScratchDir::new();
    let pdf = scratch.0.join("cohort.pdf");
    std::fs::write(&pdf, pdf_bytes()).unwrap();
    b.find(Locator::Css("#manuscript"))
        .await
        .unwrap()
        .send_keys(pdf.canonicalize().unwrap().to_str().unwrap())
        .await
        .unwrap();
    review_and_submit(b).await;
    wait_for(b, ".funders li").await;
    assert_eq!(text_of(b, "#state").await, "Submitted");
    let listed = text_of(b, ".funders").await;
    assert!(
        listed.contains("Cancer Research UK")
            && listed.contains("10.13039/501100000289")
            && listed.contains("C1234/A5678"),
        "{listed}"
    );
    let url = b.current_url().await.unwrap().to_string();
    let id = last_number(&url);
    browser.close().await;

    // Accepted (review is not what this is about), then published by the editor-in-chief.
    app.with_db(move |conn| {
        diesel::update(submissions::table.find(id))
            .set(submissions::state.eq("accepted"))
            .execute(conn)
            .unwrap();
    })
    .await;
    assert_eq!(
        app.login(HELEN, &logins[HELEN]).await.status,
        StatusCode::SEE_OTHER
    );
    let today = chrono::Utc::now().date_naive();
    let year = chrono::Datelike::year(&today);
    let published = app
        .post_multipart(
            &format!("/editorial/submissions/{id}/publish"),
            &[
                ("volume", &(year - 2000).to_string()),
                ("article_number", "78"),
                ("doi", &format!("10.1186/s12885-{:03}-00078", year % 1000)),
                ("published_on", &today.format("%Y-%m-%d").to_string()),
            ],
            &[("pdf", "final.pdf", pdf_bytes())],
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.visible_text()
    );
    let deposit = app.get("/editorial/exports/crossref.xml").await.text;
    assert!(
        deposit.contains(
            "<fr:assertion name=\"funder_name\">Cancer Research UK<fr:assertion name=\"funder_identifier\">https://doi.org/10.13039/501100000289</fr:assertion></fr:assertion><fr:assertion name=\"award_number\">C1234/A5678</fr:assertion>"
        ),
        "{deposit}"
    );
    roxmltree::Document::parse(&deposit).expect("well-formed");
}
