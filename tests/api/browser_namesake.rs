//! Real Chromium (issue #30): the editor-in-chief opens a submission whose author's paper
//! lists a co-author who merely shares her name, with another address. The submission is
//! not hidden from her; the page marks the match as a potential conflict of her own, and
//! she rules it "not a conflict" in the browser, with her reason recorded.

use diesel::prelude::*;

use crate::browser::{click, fill, start_browser, text_of, wait_for_heading};
use crate::helpers::{Backend, HELEN, sofia_lists_a_paper_with_a_namesake_of_helen, spawn_app};
use peerdesk::db::schema::submissions;

/// Long because it is one session in the browser: her queue, the page, her ruling, and the
/// queue again.
#[tokio::test]
async fn the_chief_rules_on_a_namesake_of_hers_in_the_browser() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let app = spawn_app(Backend::Sqlite).await;
    let logins = app.load_demo().await;
    let b = &browser.client;
    let (one, title): (i64, String) = app
        .with_db(|conn| {
            submissions::table
                .select((submissions::id, submissions::title))
                .order(submissions::id)
                .first(conn)
                .unwrap()
        })
        .await;
    sofia_lists_a_paper_with_a_namesake_of_helen(&app).await;
    let helen = app.person_id(HELEN).await;

    b.goto(&app.url("/login")).await.unwrap();
    wait_for_heading(b, "Sign in").await;
    fill(b, "#email", HELEN).await;
    fill(b, "#password", &logins[HELEN]).await;
    click(b, "main form button[type=submit]").await;
    b.wait()
        .for_element(fantoccini::Locator::Css("form[action='/logout'] button"))
        .await
        .expect("signed in");
    // Her queue counts it among the possible competing interests she has to rule on.
    b.goto(&app.url("/editorial/queue")).await.unwrap();
    wait_for_heading(b, "Editorial queue").await;
    let count = text_of(b, "#ruling-heading").await;
    assert!(count.contains("to rule on ("), "counted: {count}");
    click(b, "#show-awaiting-ruling").await;
    b.wait()
        .for_element(fantoccini::Locator::Css("#awaiting-ruling ul.queue"))
        .await
        .expect("the list to rule on");
    let to_rule = text_of(b, "#awaiting-ruling").await;
    assert!(
        to_rule.contains(&title),
        "the queue lists it for her ruling: {to_rule}"
    );
    b.goto(&app.url(&format!("/editorial/submissions/{one}")))
        .await
        .unwrap();
    let h1 = text_of(b, "h1").await;
    assert!(h1.contains(&title), "the page is hers to see: {h1}");
    let notice = text_of(b, "#own-potential").await;
    assert!(
        notice.contains("but a different address"),
        "a name-only match is a potential conflict, with its reason: {notice}"
    );
    let row = format!("#candidate-{helen}");
    assert!(text_of(b, &row).await.contains("Helen Marsh (you)"));

    fill(
        b,
        &format!("{row} input[name=ruling_reason]"),
        "Another Helen Marsh: I never wrote with Sofia Bianchi",
    )
    .await;
    click(b, &format!("{row} button[value=not_a_conflict]")).await;
    b.wait()
        .for_element(fantoccini::Locator::Css(".flash"))
        .await
        .expect("the page after the ruling");
    let flash = text_of(b, ".flash").await;
    assert!(flash.contains("ruling is recorded"), "{flash}");
    assert!(
        b.find(fantoccini::Locator::Css("#own-potential"))
            .await
            .is_err(),
        "ruled: the notice has gone"
    );
    let page = text_of(b, "main").await;
    assert!(
        page.contains("Another Helen Marsh: I never wrote with Sofia Bianchi"),
        "the ruling and its reason are in the history"
    );
    // Ruled: it leaves the list of what she has to rule on, and stays in her lists.
    b.goto(&app.url("/editorial/queue?ruling_page=1"))
        .await
        .unwrap();
    wait_for_heading(b, "Editorial queue").await;
    let queue = text_of(b, "main").await;
    let to_rule = match b.find(fantoccini::Locator::Css("#awaiting-ruling")).await {
        Ok(section) => section.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    };
    assert!(!to_rule.contains(&title), "ruled, not listed: {to_rule}");
    assert!(queue.contains(&title), "still in her open submissions");
}
