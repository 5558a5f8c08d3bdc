//! Real Chromium: where the collection's decisions are confirmed, a board member's decision
//! waits as a recommendation; the letter reaches the author only once the editor-in-chief
//! confirms it, changed or not (issue 28 part 4, "Done when").

use diesel::prelude::*;

use crate::browser::{click, fill, sign_in, start_browser, wait_for_text};
use crate::helpers::{Backend, HELEN, KOFI, SOFIA, first_submission, spawn_app, state_of};
use peerdesk::db::schema::{collections, submissions};

#[tokio::test]
async fn a_board_members_recommendation_waits_and_the_letter_goes_only_on_confirmation() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let app = spawn_app(Backend::Sqlite).await;
    let logins = app.load_demo().await;
    let b = &browser.client;
    // The collection confirms its decisions, and Kofi (a board member) handles the first
    // manuscript (set in the database; each is tested over HTTP on its own).
    let id = first_submission(&app).await;
    let kofi = app.person_id(KOFI).await;
    app.with_db(move |conn| {
        diesel::update(collections::table)
            .set(collections::decisions_confirmed.eq(true))
            .execute(conn)
            .unwrap();
        diesel::update(submissions::table.find(id))
            .set(submissions::handling_editor_id.eq(Some(kofi)))
            .execute(conn)
            .unwrap();
    })
    .await;
    let letters_to_sofia = |app: &crate::helpers::TestApp| {
        app.mails_to(SOFIA)
            .iter()
            .filter(|m| m.contains("Decision on"))
            .count()
    };

    // Kofi rejects it without review: the page tells him it is a recommendation.
    sign_in(b, &app, KOFI, &logins[KOFI]).await;
    b.goto(&app.url(&format!("/editorial/submissions/{id}")))
        .await
        .unwrap();
    click(b, "#decide-desk_reject").await;
    wait_for_text(b, "h1", "Decision on").await;
    wait_for_text(b, "#recommends", "confirmed before they are sent").await;
    fill(
        b,
        "#letter",
        "\nThe design is outside the collection's scope.",
    )
    .await;
    click(b, "button[value=send]").await;
    wait_for_text(b, ".flash", "Recommendation sent").await;
    assert_eq!(state_of(&app, id).await, "decision_pending");
    assert_eq!(letters_to_sofia(&app), 0, "nothing reaches the author yet");

    // Helen finds it in her queue, reads Kofi's letter, and confirms it.
    sign_in(b, &app, HELEN, &logins[HELEN]).await;
    b.goto(&app.url("/editorial/queue")).await.unwrap();
    wait_for_text(b, "#to-confirm", "Reject without review").await;
    click(b, "#to-confirm a").await;
    wait_for_text(b, "h1", "Confirm the decision on").await;
    wait_for_text(b, "#recommendation", "Kofi").await;
    click(b, "#confirm-button").await;
    wait_for_text(b, ".flash", "Decision confirmed").await;
    assert_eq!(state_of(&app, id).await, "rejected");
    assert_eq!(
        letters_to_sofia(&app),
        1,
        "the letter goes out on confirmation"
    );
    let letter = app
        .mails_to(SOFIA)
        .into_iter()
        .find(|m| m.contains("Decision on"))
        .unwrap_or_default();
    assert!(
        letter.contains("outside the collection's scope"),
        "{letter}"
    );
    browser.close().await;
}
