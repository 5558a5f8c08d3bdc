//! The handling editor decides: the decision page and its letter, and the moves a
//! submission made through its states.

use diesel::prelude::*;

use super::people::post_on_page;
use super::{Page, TestApp};
use peerdesk::db::schema::events;

pub fn decision_path(id: i64) -> String {
    format!("/editorial/submissions/{id}/decision")
}

/// The signed-in editor opens the decision page for `kind` and sends `letter` (the draft
/// when `None`).
pub async fn send_decision(app: &TestApp, id: i64, kind: &str, letter: Option<&str>) -> Page {
    let page_path = format!("{}?kind={kind}", decision_path(id));
    let page = app.get(&page_path).await;
    let draft = page
        .select("textarea#letter")
        .into_iter()
        .next()
        .unwrap_or_default();
    let expected = page
        .attr("input[name=expected_state]", "value")
        .unwrap_or_default();
    let letter = letter.map_or(draft, str::to_owned);
    post_on_page(
        app,
        &page_path,
        &decision_path(id),
        &[
            ("kind", kind),
            ("letter", &letter),
            ("expected_state", &expected),
            ("action", "send"),
        ],
    )
    .await
}

/// The state-changing events of the submission (from/to recorded), oldest first.
pub async fn moves(app: &TestApp, id: i64) -> Vec<String> {
    app.with_db(move |conn| {
        events::table
            .filter(events::subject_type.eq("submission"))
            .filter(events::subject_id.eq(id))
            .filter(events::to_state.is_not_null())
            .order(events::id)
            .select(events::kind)
            .load(conn)
            .unwrap()
    })
    .await
}

/// As if the editor-in-chief had looked at every open sign of a review ring on submission
/// `id` and found no concern: a review sent minutes after accepting (as the tests' are)
/// raises one, and accepting in a guest-edited collection waits for her ruling (issue 27;
/// the ruling itself is tested in `editorial::integrity`).
pub async fn the_chief_rules_on_every_signal(app: &TestApp, id: i64) {
    app.with_db(move |conn| {
        use peerdesk::db::schema::integrity_signals as g;
        diesel::update(
            g::table
                .filter(g::submission_id.eq(id))
                .filter(g::ruled_at.is_null()),
        )
        .set((
            g::ruled_at.eq(Some(peerdesk::db::now())),
            g::ruling_outcome.eq("no_concern"),
            g::ruling.eq("Looked at in the test."),
        ))
        .execute(conn)
        .unwrap();
    })
    .await;
}
