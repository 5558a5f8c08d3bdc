//! Issue #26, item 7: the e-mailed link after the review is in. It shows a thank-you and the
//! review as sent (no manuscript title, no names), signs nobody in, and stops 30 days after
//! the editor's decision; before the review is in it works as it always did.

use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use peerdesk::db::schema::{decision_letters, submissions};

/// The manuscript's (number, title).
async fn number_and_title(app: &TestApp, id: i64) -> (String, String) {
    app.with_db(move |conn| {
        submissions::table
            .find(id)
            .select((submissions::manuscript_number, submissions::title))
            .first::<(Option<String>, String)>(conn)
            .map(|(n, t)| (n.unwrap_or_default(), t))
            .unwrap()
    })
    .await
}

/// Moves the decisions on submission `id` `days` into the past, as if made then.
async fn decided_days_ago(app: &TestApp, id: i64, days: i64) {
    app.with_db(move |conn| {
        diesel::update(decision_letters::table.filter(decision_letters::submission_id.eq(id)))
            .set(
                decision_letters::decided_at
                    .eq(chrono::Utc::now().naive_utc() - Duration::days(days)),
            )
            .execute(conn)
            .unwrap();
    })
    .await;
}

/// Whether this browser is signed in: `/reviews` opens only for someone who is.
async fn signed_in(app: &TestApp) -> bool {
    app.get("/reviews").await.status == StatusCode::OK
}

/// Long because it is one link's life read top to bottom: before the review, once it is
/// in, after the decision, and 30 days after it.
async fn the_link_shows_only_the_review_once_it_is_in_and_ends_after_the_decision(
    backend: Backend,
) {
    let mut app = spawn_app(backend).await;
    let (_, id, link) = marta_invited(&app).await;
    let (number, title) = number_and_title(&app, id).await;
    let (editor, _) = handling_editor(&app, id).await.expect("a handling editor");
    let editor_jar = app.jar.clone();

    // Before the review is in, the link works as it always did: the invitation with the
    // manuscript, and once accepted it signs a reviewer with no password in again.
    browse_as(&mut app, &new_jar());
    let invited = app.get(&link).await;
    assert_eq!(invited.status, StatusCode::OK);
    let text = invited.visible_text();
    assert!(text.contains(&title) && text.contains(&editor), "{text}");
    let (desk, reviewer_jar) = accept_in_own_browser(&mut app, &link).await;
    browse_as(&mut app, &new_jar());
    let accepted = app.get(&link).await.visible_text();
    assert!(accepted.contains("Continue to your review"), "{accepted}");
    let back = app.post_form(&format!("{link}/continue"), &[]).await;
    assert_eq!(
        back.location.as_deref(),
        Some(desk.as_str()),
        "signed in again"
    );
    assert!(signed_in(&app).await);

    // The review goes in.
    submit_review_as(&mut app, &reviewer_jar, &desk, COMMENTS, CONFIDENTIAL).await;

    // Opened now (a forwarded e-mail, another computer): a thank-you and the review as sent,
    // nothing else.
    browse_as(&mut app, &new_jar());
    let thanks = app.get(&link).await;
    assert_eq!(thanks.status, StatusCode::OK);
    let text = thanks.visible_text();
    assert!(text.contains("Thank you for your review"), "{text}");
    assert!(text.contains(&number), "the manuscript number: {text}");
    assert!(text.contains("Minor revision"), "{text}");
    assert!(text.contains(COMMENTS), "{text}");
    assert!(text.contains(CONFIDENTIAL), "{text}");
    for secret in [title.as_str(), "Marta Lindqvist", editor.as_str()] {
        assert!(!text.contains(secret), "{secret} shown: {text}");
    }
    assert!(
        thanks.select("form").is_empty(),
        "no button: {}",
        thanks.text
    );
    assert!(
        !thanks.text.contains("/files/"),
        "no manuscript file: {}",
        thanks.text
    );
    // Until the decision the review can be revised, by the signed-in reviewer only.
    assert_eq!(
        thanks.attr("a[href^='/reviews/']", "href"),
        Some(desk.clone())
    );

    // Its old "Continue" button signs nobody in and opens nothing.
    let again = app.post_form(&format!("{link}/continue"), &[]).await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.location.is_none());
    let text = again.visible_text();
    assert!(text.contains("Thank you for your review"), "{text}");
    assert!(!text.contains(&title), "{text}");
    assert!(!signed_in(&app).await, "the link signed someone in");
    assert_eq!(
        app.get(&desk).await.status,
        StatusCode::SEE_OTHER,
        "to sign in"
    );
    let accept = app.post_form(&format!("{link}/accept"), &[]).await;
    assert!(!accept.visible_text().contains(&title));
    assert!(!signed_in(&app).await);

    // The reviewer, still signed in where they wrote it, keeps their own step to revise.
    browse_as(&mut app, &reviewer_jar);
    let own = app.get(&desk).await;
    assert_eq!(
        own.attr("#revise-review", "href"),
        Some(format!("{desk}?revise=1"))
    );
    assert!(
        own.visible_text().contains(&title),
        "their own page is unchanged"
    );

    // The editor decides: the link still thanks, with the day it stops.
    browse_as(&mut app, &editor_jar);
    send_decision(&app, id, "minor_revision", None).await;
    assert_eq!(state_of(&app, id).await, "revision_requested");
    browse_as(&mut app, &new_jar());
    let decided = app.get(&link).await;
    assert_eq!(decided.status, StatusCode::OK);
    assert!(
        decided.select("a[href^='/reviews/']").is_empty(),
        "no revising now"
    );
    assert!(
        decided
            .visible_text()
            .contains("This link stops working on")
    );

    // 29 days on it still opens; 30 days on it is gone for every button.
    decided_days_ago(&app, id, 29).await;
    assert_eq!(app.get(&link).await.status, StatusCode::OK);
    decided_days_ago(&app, id, 30).await;
    let gone = app.get(&link).await;
    assert_eq!(gone.status, StatusCode::GONE);
    let text = gone.visible_text();
    assert!(text.contains("This link has expired"), "{text}");
    assert!(
        !text.contains(COMMENTS) && !text.contains(&number),
        "{text}"
    );
    for button in ["continue", "accept", "decline"] {
        let pressed = app.post_form(&format!("{link}/{button}"), &[]).await;
        assert_eq!(pressed.status, StatusCode::GONE, "{button}");
    }
    assert!(!signed_in(&app).await);

    // The reviewer's own pages keep the review.
    browse_as(&mut app, &reviewer_jar);
    let own = app.get(&desk).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.visible_text().contains(COMMENTS));
}

/// A review that went in before the authors withdrew: no decision will come, so the link
/// ends 30 days after the withdrawal.
async fn after_a_withdrawal_the_link_ends_30_days_on(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, id, link) = marta_invited(&app).await;
    review_from_link(&mut app, &link, "reject", COMMENTS).await;
    as_person(&app, &logins, SOFIA).await;
    let withdrawn = app
        .post_form(
            &format!("/submissions/{id}/withdraw"),
            &[("reason", "We found an error in the cohort data.")],
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER);
    assert_eq!(state_of(&app, id).await, "withdrawn");
    browse_as(&mut app, &new_jar());
    let thanks = app.get(&link).await;
    assert_eq!(thanks.status, StatusCode::OK);
    let text = thanks.visible_text();
    assert!(text.contains(COMMENTS) && text.contains("Reject"), "{text}");
    assert!(text.contains("This link stops working on"), "{text}");

    app.with_db(move |conn| {
        use peerdesk::db::schema::events;
        diesel::update(
            events::table
                .filter(events::subject_id.eq(id))
                .filter(events::to_state.eq("withdrawn")),
        )
        .set(events::occurred_at.eq(chrono::Utc::now().naive_utc() - Duration::days(30)))
        .execute(conn)
        .unwrap();
    })
    .await;
    assert_eq!(app.get(&link).await.status, StatusCode::GONE);
}

crate::on_both_backends!(
    the_link_shows_only_the_review_once_it_is_in_and_ends_after_the_decision,
    after_a_withdrawal_the_link_ends_30_days_on,
);
