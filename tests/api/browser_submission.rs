//! Real Chromium through WebDriver: a confirmed author signs in, follows "Submit a
//! manuscript" from the collection page, fills the form, adds a co-author, attaches a PDF
//! and submits; the submission page shows the number and the mails are queued. And (issue
//! 20) a refused submit keeps the chosen file, and the co-author confirms from his link.

use std::time::Duration;

use chrono::Datelike;
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

use crate::browser::{
    click, fill, fill_affiliation, review_and_submit, start_browser, text_of, value_of,
    wait_for_heading,
};
use crate::helpers::{Backend, ScratchDir, spawn_app};
use crate::helpers::{authorship_link, pdf_bytes, rare_cancers, receipt_and_co_author_notice};

const PASSWORD: &str = "a long enough passphrase 42";

/// Waits (up to 10 s) for an element matching `css` to be on the page.
async fn wait_for(client: &Client, css: &str) -> Element {
    for _ in 0..100 {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            return element;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let url = client.current_url().await.map(|u| u.to_string());
    let heading = text_of(client, "h1").await;
    panic!("expected {css} on the page, still on {url:?} headed {heading:?}");
}

async fn is_checked(client: &Client, css: &str) -> bool {
    wait_for(client, css).await.is_selected().await.unwrap()
}

/// Long because it is one author's session in the browser, field by field, read top to bottom.
#[tokio::test]
async fn an_author_submits_a_manuscript_in_the_browser() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let started = std::time::Instant::now();
    let app = spawn_app(Backend::Sqlite).await;
    let b = &browser.client;
    let (collection_id, _topic) = rare_cancers(&app).await;

    // The account exists and is confirmed; signing in happens in the browser.
    app.register_verified("Ada Osei", "ada@uni.example", PASSWORD)
        .await;
    b.goto(&app.url("/login")).await.unwrap();
    wait_for_heading(b, "Sign in").await;
    fill(b, "#email", "ada@uni.example").await;
    fill(b, "#password", PASSWORD).await;
    click(b, "main form button[type=submit]").await;
    wait_for_heading(b, "Welcome, Ada Osei").await;

    // From the collection page to the form, the collection chosen and the author first.
    b.goto(&app.url("/collections/rare-cancers")).await.unwrap();
    wait_for_heading(b, "Rare cancers").await;
    click(b, "a[href='/submissions/new?collection=rare-cancers']").await;
    wait_for_heading(b, "Submit a manuscript to Rare cancers").await;
    assert_eq!(value_of(b, "#collection").await, collection_id.to_string());
    assert_eq!(value_of(b, "#author_family_name_0").await, "Osei");
    assert_eq!(value_of(b, "#author_email_0").await, "ada@uni.example");
    assert!(b.find(Locator::Css("#author_family_name_1")).await.is_err());

    wait_for(b, "#article_type")
        .await
        .select_by_label("Research Article")
        .await
        .unwrap();
    fill(
        b,
        "#title",
        "Outcomes of retinoblastoma in a national cohort",
    )
    .await;
    fill(
        b,
        "#abstract_text",
        "Background: retinoblastoma is rare. Methods: we followed a national cohort. \
         Results: survival improved. Conclusions: care works.",
    )
    .await;
    fill(b, "#keywords", "retinoblastoma, survival, cohort").await;
    if !is_checked(b, "#topics").await {
        click(b, "#topics").await;
    }
    fill(b, "#rare_cancer_type", "Retinoblastoma").await;
    if value_of(b, "#author_aff_institution_0_0").await.is_empty() {
        fill_affiliation(b, (0, 0), "University of Ghana", "Accra", "Ghana").await;
    }

    // "Add another author" shows the form again: a second, empty row, and nothing lost.
    click(b, "button[value=add_author]").await;
    wait_for(b, "#author_family_name_1").await;
    assert_eq!(value_of(b, "#author_family_name_1").await, "");
    assert_eq!(
        value_of(b, "#title").await,
        "Outcomes of retinoblastoma in a national cohort"
    );
    assert_eq!(
        value_of(b, "#keywords").await,
        "retinoblastoma, survival, cohort"
    );
    assert_eq!(value_of(b, "#rare_cancer_type").await, "Retinoblastoma");
    assert_eq!(value_of(b, "#article_type").await, "Research Article");
    assert_eq!(value_of(b, "#author_given_names_0").await, "Ada");
    assert!(is_checked(b, "#topics").await, "the topic stays chosen");

    fill(b, "#author_given_names_1", "Ben").await;
    fill(b, "#author_family_name_1", "Moller").await;
    fill(b, "#author_email_1", "ben@clinic.example").await;
    fill_affiliation(b, (1, 0), "Aarhus University Hospital", "Aarhus", "Denmark").await;
    fill(b, "#author_orcid_1", "0000-0002-1825-0097").await;
    click(b, "#corresponding_0").await;
    click(b, "#competing_interests").await;
    click(b, "#ai_use").await;
    fill(
        b,
        "#ethics_statement",
        "Approved by the national ethics board (ref. 2024-17).",
    )
    .await;
    fill(
        b,
        "#data_availability",
        "Available from the corresponding author on request.",
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

    // The manuscript: a real one-page PDF on disk, chosen through the file input.
    let scratch = ScratchDir::new();
    let pdf = scratch.0.join("retinoblastoma-cohort.pdf");
    std::fs::write(&pdf, peerdesk::demo::demo_pdf("Outcomes of retinoblastoma")).unwrap();
    let pdf = pdf.canonicalize().unwrap();
    wait_for(b, "#manuscript")
        .await
        .send_keys(pdf.to_str().unwrap())
        .await
        .unwrap();

    // "Review before submitting" goes through upload.js (XHR with a progress bar); the
    // review page shows everything as the editor will, the file with its size and pages.
    click(b, "button[value=review]").await;
    wait_for_heading(b, "Review your submission before you submit it").await;
    assert_eq!(
        text_of(b, "#reviewed-title").await,
        "Outcomes of retinoblastoma in a national cohort"
    );
    let authors = text_of(b, "#reviewed-authors").await;
    assert!(
        authors.contains("Ada Osei (corresponding author)") && authors.contains("Ben Moller"),
        "{authors}"
    );
    let files = text_of(b, "#reviewed-files").await;
    assert!(
        files.contains("retinoblastoma-cohort.pdf") && files.contains("1 page"),
        "{files}"
    );
    assert!(
        text_of(b, "#reviewed-declarations")
            .await
            .contains("Ethics approval and consent to participate")
    );
    // Nothing is submitted until the author says so.
    assert!(b.find(Locator::Css("#state")).await.is_err());
    click(b, "#final-submit").await;
    let number = format!("RC-{}-0001", chrono::Utc::now().year());
    let shown = wait_for(b, ".manuscript-number")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(shown, number);
    assert_eq!(text_of(b, "#state").await, "Submitted");
    let main = text_of(b, "main").await;
    assert!(main.contains("Submitted by you"), "timeline: {main}");
    assert!(main.contains("Ben Moller"), "{main}");
    assert!(main.contains("retinoblastoma-cohort.pdf"), "{main}");

    let screenshots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&screenshots).unwrap();
    // The page was written over the form, at the form's scroll position: show its top.
    b.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
    std::fs::write(
        screenshots.join("submission-submitted.png"),
        b.screenshot().await.unwrap(),
    )
    .unwrap();

    // The receipt to the author and the notice to the co-author, threaded under the number.
    receipt_and_co_author_notice(&app, &number);

    browser.close().await;
    eprintln!("browser submission took {:?}", started.elapsed());
}

/// Signs `email` in through the browser's sign-in page.
async fn sign_in(b: &Client, app: &crate::helpers::TestApp, email: &str) {
    b.goto(&app.url("/login")).await.unwrap();
    wait_for_heading(b, "Sign in").await;
    fill(b, "#email", email).await;
    fill(b, "#password", PASSWORD).await;
    click(b, "main form button[type=submit]").await;
}

/// Long because it is one author's session in the browser, then her co-author's, read top to
/// bottom.
/// Issue 20: a refused submit keeps the files (the author forgets the abstract: the page
/// comes back with the message and the PDF listed as attached; she adds the abstract and
/// submits without choosing the file again), and the co-author confirms from the e-mailed
/// link in his own browser, with no account.
#[tokio::test]
async fn a_refused_submit_keeps_the_file_and_the_co_author_confirms() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let app = spawn_app(Backend::Sqlite).await;
    let b = &browser.client;
    app.register_verified("Ada Osei", "ada@uni.example", PASSWORD)
        .await;
    sign_in(b, &app, "ada@uni.example").await;
    wait_for_heading(b, "Welcome, Ada Osei").await;
    b.goto(&app.url("/submissions/new?collection=rare-cancers"))
        .await
        .unwrap();
    wait_for_heading(b, "Submit a manuscript to Rare cancers").await;
    fill(
        b,
        "#title",
        "Outcomes of retinoblastoma in a national cohort",
    )
    .await;
    fill(b, "#keywords", "retinoblastoma, survival, cohort").await;
    if !is_checked(b, "#topics").await {
        click(b, "#topics").await;
    }
    fill(b, "#rare_cancer_type", "Retinoblastoma").await;
    if value_of(b, "#author_aff_institution_0_0").await.is_empty() {
        fill_affiliation(b, (0, 0), "University of Ghana", "Accra", "Ghana").await;
    }
    click(b, "button[value=add_author]").await;
    wait_for(b, "#author_family_name_1").await;
    fill(b, "#author_given_names_1", "Ben").await;
    fill(b, "#author_family_name_1", "Moller").await;
    fill(b, "#author_email_1", "ben@clinic.example").await;
    fill_affiliation(b, (1, 0), "Aarhus University Hospital", "", "Denmark").await;
    click(b, "#competing_interests").await;
    click(b, "#ai_use").await;
    fill(b, "#ethics_statement", "Approved (ref. 2024-17).").await;
    fill(b, "#data_availability", "On request.").await;
    fill(b, "#funding", "None").await;
    fill(b, "#consent_for_publication", "Not applicable.").await;
    fill(
        b,
        "#authors_contributions",
        "Both authors wrote the manuscript.",
    )
    .await;
    let scratch = ScratchDir::new();
    let pdf = scratch.0.join("retinoblastoma-cohort.pdf");
    std::fs::write(&pdf, pdf_bytes()).unwrap();
    let pdf = pdf.canonicalize().unwrap();
    wait_for(b, "#manuscript")
        .await
        .send_keys(pdf.to_str().unwrap())
        .await
        .unwrap();

    // Submit without an abstract: refused, with the file kept and listed as attached.
    click(b, "button[value=review]").await;
    wait_for(b, ".error-summary").await;
    let attached = text_of(b, "table").await;
    assert!(attached.contains("retinoblastoma-cohort.pdf"), "{attached}");
    assert!(
        text_of(b, ".notice").await.contains("kept with a draft"),
        "the author is told"
    );
    assert_eq!(
        value_of(b, "#manuscript").await,
        "",
        "nothing to choose again"
    );
    assert_eq!(
        value_of(b, "#title").await,
        "Outcomes of retinoblastoma in a national cohort"
    );
    fill(
        b,
        "#abstract_text",
        "Background: retinoblastoma is rare. Methods: a national cohort. Results: survival improved.",
    )
    .await;
    review_and_submit(b).await;
    let number = format!("RC-{}-0001", chrono::Utc::now().year());
    let shown = wait_for(b, ".manuscript-number")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(shown, number);
    assert!(
        text_of(b, "main")
            .await
            .contains("retinoblastoma-cohort.pdf")
    );

    // Ben, signed out (his own browser has no account here), opens his e-mailed link.
    let link = authorship_link(&app, "ben@clinic.example").expect("Ben's link");
    b.delete_all_cookies().await.unwrap();
    b.goto(&app.url(&link)).await.unwrap();
    wait_for_heading(b, &format!("Are you an author of {number}?")).await;
    click(b, "#confirm").await;
    wait_for_heading(b, "Thank you: your answer is recorded").await;
    assert!(
        text_of(b, "#answer-given")
            .await
            .contains("I am an author of this manuscript and agree to its submission")
    );

    // Ada sees it on her submission's page.
    sign_in(b, &app, "ada@uni.example").await;
    wait_for_heading(b, "Welcome, Ada Osei").await;
    b.goto(&app.url("/submissions/1")).await.unwrap();
    let authors = text_of(b, "ol.authors").await;
    assert!(authors.contains("Confirmed on"), "{authors}");
    browser.close().await;
}
