//! Real Chromium (issue 18): a handling editor opens the search from the queue, searches
//! with two filters (an author and a state), ticks the submission found, chooses "Remind
//! their reviewers", reads the confirmation page and confirms; the reviewer's reminder is in
//! the outbox once.

use fantoccini::Locator;

use crate::browser::{click, fill, sign_in, start_browser, wait_for_heading, wait_for_text};
use crate::helpers::*;

#[tokio::test]
async fn an_editor_searches_with_two_filters_and_reminds_the_reviewer_after_confirming() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let mut app = spawn_app(Backend::Sqlite).await;
    let b = &browser.client;
    let (logins, id, link) = marta_invited(&app).await;
    accept_in_own_browser(&mut app, &link).await;

    sign_in(b, &app, ATIF, &logins[ATIF]).await;
    b.goto(&app.url("/editorial/queue")).await.unwrap();
    click(b, "#search-link").await;
    wait_for_heading(b, "Search submissions").await;
    fill(b, "#author", "Bianchi").await;
    click(b, "#state option[value=under_review]").await;
    click(b, "#search-form button[type=submit]").await;
    let count = wait_for_text(b, "#results-count", "found").await;
    assert_eq!(count, "1 submission found.");
    // The URL keeps the query: the search can be bookmarked.
    let url = b.current_url().await.unwrap();
    let query = url.query().unwrap_or_default();
    assert!(query.contains("author=Bianchi"), "{url}");
    assert!(query.contains("state=under_review"), "{url}");

    click(b, &format!("#pick-{id}")).await;
    click(b, "#continue").await;
    wait_for_heading(b, "Remind the reviewers").await;
    let outbox_has = |app: &TestApp| {
        app.outbox()
            .iter()
            .filter(|m| m.kind == "review_reminder" && m.to_address == NEW_REVIEWER)
            .count()
    };
    assert_eq!(outbox_has(&app), 0, "nothing is sent before confirming");
    click(b, "#confirm").await;
    wait_for_heading(b, "Reminders").await;
    let report = wait_for_text(b, "#report", "Reminder sent").await;
    assert!(report.contains("Marta Lindqvist"), "{report}");
    assert_eq!(outbox_has(&app), 1);

    // The same again from the bookmarked search (a second tab): nothing more goes out.
    b.goto(url.as_str()).await.unwrap();
    wait_for_text(b, "#results-count", "1 submission found").await;
    click(b, &format!("#pick-{id}")).await;
    click(b, "#continue").await;
    wait_for_heading(b, "Remind the reviewers").await;
    click(b, "#confirm").await;
    wait_for_text(b, "#report", "less than a minute ago").await;
    assert_eq!(outbox_has(&app), 1, "sent once");
    assert!(b.find(Locator::Css(".error-summary")).await.is_err());
}
