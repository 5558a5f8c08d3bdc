//! Real Chromium (issue 27, "Done when"): an author suggests a reviewer at a webmail
//! address in the submission form; the handling editor, on the invitation page, reads why to
//! check who that is, and may still invite.

use fantoccini::Locator;

use crate::browser::{
    click, fill, fill_the_manuscript, review_and_submit, sign_in, start_browser, text_of, value_of,
    wait_for_heading, wait_for_text,
};
use crate::helpers::{Backend, ScratchDir, newest_with_editor, spawn_app};

const PASSWORD: &str = "a long enough passphrase 42";

#[tokio::test]
async fn an_author_suggests_a_webmail_reviewer_and_the_editor_sees_the_signal() {
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
    wait_for_heading(b, "Submit a manuscript to Rare cancers").await;
    fill_the_manuscript(b, "Outcomes of retinoblastoma in a national cohort").await;
    // The suggested reviewer, at an address the authors could hold themselves.
    click(b, "button[value=add_suggested]").await;
    // The form comes back with the new row (waited for), what was typed kept.
    assert_eq!(value_of(b, "#suggested_name_0").await, "");
    fill(b, "#suggested_name_0", "Ada Osel").await;
    fill(b, "#suggested_email_0", "ada.osel.reviews@gmail.com").await;
    fill(b, "#suggested_reason_0", "Knows the field.").await;
    let scratch = ScratchDir::new();
    let pdf = scratch.0.join("cohort.pdf");
    std::fs::write(&pdf, peerdesk::demo::demo_pdf("Outcomes of retinoblastoma")).unwrap();
    b.find(Locator::Css("#manuscript"))
        .await
        .unwrap()
        .send_keys(pdf.canonicalize().unwrap().to_str().unwrap())
        .await
        .unwrap();
    review_and_submit(b).await;
    wait_for_text(b, "#state", "Submitted").await;

    // The handling editor, in a session of their own.
    let (id, _, editor) = newest_with_editor(&app).await;
    b.delete_all_cookies().await.unwrap();
    sign_in(b, &app, &editor, &logins[&editor]).await;
    b.goto(&app.url(&format!("/editorial/submissions/{id}/reviewers")))
        .await
        .unwrap();
    wait_for_text(b, "h1", "Find reviewers for").await;
    let signals = text_of(b, ".identity-signals").await;
    assert!(
        signals.contains("A public webmail address (gmail.com)"),
        "{signals}"
    );
    // A signal never blocks: the invitation is still offered.
    let page = text_of(b, "main").await;
    assert!(page.contains("Invite Ada Osel"), "{page}");
}
