//! Review before you submit (issue 20 item 5): "Review before submitting" checks and saves
//! the draft, then a page shows everything as the editor will (with the files' sizes and
//! page counts); only its final Submit submits, once, the version the author read. A draft
//! saved from another tab since is shown again to be reviewed; a refused form submits
//! nothing; nobody else sees the page.

use diesel::prelude::*;
use reqwest::StatusCode;

use super::{key, with};
use crate::helpers::*;
use peerdesk::db::schema::submissions;

/// (state, manuscript number) of the submission.
async fn state_of(app: &TestApp, id: i64) -> (String, Option<String>) {
    app.with_db(move |conn| {
        submissions::table
            .find(id)
            .select((submissions::state, submissions::manuscript_number))
            .first(conn)
            .unwrap()
    })
    .await
}

fn receipts(app: &TestApp) -> usize {
    app.outbox()
        .iter()
        .filter(|m| m.kind == "submission_received")
        .count()
}

/// Long because it is one author's way from the form to a submitted manuscript, each step
/// read top to bottom.
async fn the_author_reviews_everything_then_submits_once(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let complete = complete_form(collection_id, &topic, &key(41));
    let pdf = || {
        vec![(
            "manuscript",
            "cohort.pdf",
            peerdesk::demo::demo_pdf("Outcomes of retinoblastoma"),
        )]
    };
    let before = receipts(&app);

    // A form missing its abstract: refused beside the field, nothing submitted.
    let refused = post_fields(
        &app,
        "/submissions/new",
        &with(&with(&complete, "abstract_text", ""), "action", "review"),
        &pdf(),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("abstract_text").is_some());

    // The whole form: saved as a draft, and the review page next.
    let sent = post_fields(
        &app,
        "/submissions/new",
        &with(&complete, "action", "review"),
        &pdf(),
    )
    .await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    let review_path = sent.location.clone().unwrap();
    let id: i64 = review_path
        .trim_start_matches("/submissions/")
        .trim_end_matches("/review")
        .parse()
        .unwrap();
    assert_eq!(state_of(&app, id).await, ("draft".to_owned(), None));
    let page = app.get(&review_path).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.visible_text();
    for shown in [
        "Outcomes of retinoblastoma in a national cohort",
        "Ada Osei (corresponding author)",
        "University of Ghana, Accra, Ghana",
        "Aarhus University Hospital, Aarhus, Denmark",
        "Ethics approval and consent to participate",
        "Approved by the national ethics board (ref. 2024-17).",
        "cohort.pdf",
        "1 page",
    ] {
        assert!(text.contains(shown), "{shown} in {text}");
    }
    assert_eq!(receipts(&app), before, "nothing is submitted yet");
    let read_at = page.attr("input[name=read_at]", "value").unwrap();

    // Someone else: the page is not there for them.
    app.logout().await;
    signed_in_author(&app, "Ben Moller", "ben.other@clinic.example").await;
    assert_eq!(app.get(&review_path).await.status, StatusCode::NOT_FOUND);
    let theirs = app
        .post_form(
            &format!("/submissions/{id}/submit"),
            &[("read_at", &read_at)],
        )
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    app.logout().await;
    assert_eq!(
        app.login("ada@uni.example", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );

    // Saved again from another tab: the Submit of the page read before submits nothing.
    let retitled = with(
        &with(
            &complete,
            "title",
            "Outcomes of retinoblastoma: a national cohort",
        ),
        "action",
        "save",
    );
    let saved = post_fields(&app, &format!("/submissions/{id}/edit"), &retitled, &[]).await;
    assert_eq!(
        saved.status,
        StatusCode::SEE_OTHER,
        "{}",
        saved.visible_text()
    );
    let stale = app
        .post_form(
            &format!("/submissions/{id}/submit"),
            &[("read_at", &read_at)],
        )
        .await;
    assert_eq!(stale.location.as_deref(), Some(review_path.as_str()));
    assert_eq!(state_of(&app, id).await.0, "draft");
    let again = app.get(&review_path).await;
    assert!(again.visible_text().contains("nothing was submitted"));
    assert!(
        again
            .visible_text()
            .contains("Outcomes of retinoblastoma: a national cohort")
    );

    // The version read now: submitted, one receipt; pressed twice, still once.
    let read_at = again.attr("input[name=read_at]", "value").unwrap();
    for _ in 0..2 {
        let done = app
            .post_form(
                &format!("/submissions/{id}/submit"),
                &[("read_at", &read_at)],
            )
            .await;
        assert_eq!(
            done.location.as_deref(),
            Some(format!("/submissions/{id}").as_str())
        );
    }
    let (state, number) = state_of(&app, id).await;
    assert_eq!(state, "submitted");
    assert!(number.is_some());
    assert_eq!(receipts(&app), before + 1);
    // The review page of a submitted manuscript is its page.
    assert_eq!(
        app.get(&review_path).await.location.as_deref(),
        Some(format!("/submissions/{id}").as_str())
    );
}

crate::on_both_backends!(the_author_reviews_everything_then_submits_once);
