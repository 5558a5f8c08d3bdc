//! Issue 20 item 7: each state on the author's pages says in a sentence what it means, what
//! happens next and, where there is one, by when (here: the collection's typical time to a
//! first decision, from the same figures as the editors' statistics).

use diesel::prelude::*;
use reqwest::StatusCode;

use super::key;
use crate::helpers::*;

/// Long because it is one author's six manuscripts, five decided, then her pages read.
async fn the_authors_pages_explain_each_state(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let mut ids = Vec::new();
    for n in 0..6 {
        let form = complete_form(collection_id, &topic, &key(60 + n));
        ids.push(submit_manuscript(&app, &form).await);
    }
    // They were submitted 12 days ago (the database standing in for the time passing).
    let backdated = ids.clone();
    app.with_db(move |conn| {
        use peerdesk::db::schema::{events, submissions};
        let then = chrono::Utc::now().naive_utc() - chrono::Duration::days(12);
        diesel::update(
            events::table
                .filter(events::subject_type.eq("submission"))
                .filter(events::subject_id.eq_any(&backdated))
                .filter(events::kind.eq("submit")),
        )
        .set(events::occurred_at.eq(then))
        .execute(conn)
        .unwrap();
        diesel::update(submissions::table.filter(submissions::id.eq_any(&backdated)))
            .set(submissions::submitted_at.eq(Some(then)))
            .execute(conn)
            .unwrap();
    })
    .await;
    // Today their editors reject five without review.
    for id in &ids[..5] {
        let (_, editor) = handling_editor(&app, *id).await.expect("an editor");
        as_person(&app, &logins, &editor).await;
        let sent = send_decision(&app, *id, "desk_reject", None).await;
        assert_eq!(
            sent.status,
            StatusCode::SEE_OTHER,
            "{}",
            sent.visible_text()
        );
    }
    app.logout().await;
    app.login("ada@uni.example", PASSWORD).await;

    // The one still submitted: what it means, what happens next, and by when.
    let page = app.get(&format!("/submissions/{}", ids[5])).await;
    let means = page.select("#status-means").join("");
    assert!(means.contains("The journal has your manuscript"), "{means}");
    let next = page.select("#status-next").join("");
    assert!(next.contains("invites reviewers"), "{next}");
    let by = page.select("#status-by-when").join("");
    assert!(
        by.contains("the first decision has typically come 12 days"),
        "{by}"
    );
    assert!(by.contains("so around"), "{by}");

    // A rejected one: nothing more unless she appeals.
    let rejected = app.get(&format!("/submissions/{}", ids[0])).await;
    let next = rejected.select("#status-next").join("");
    assert!(next.contains("unless you appeal"), "{next}");
    assert!(rejected.select("#status-by-when").is_empty());

    // "My submissions" says what each state means.
    let list = app.get("/submissions").await.select(".state-meaning");
    assert!(
        list.iter().any(|m| m.contains("decided not to publish")),
        "{list:?}"
    );
    assert!(
        list.iter()
            .any(|m| m.contains("not gone out for review yet")),
        "{list:?}"
    );
}

crate::on_both_backends!(the_authors_pages_explain_each_state);
