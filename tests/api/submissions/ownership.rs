//! A submission is its authors' own: another author gets 404 for everything about it, and
//! the author may withdraw it, with a reason, once.

use diesel::prelude::*;
use reqwest::StatusCode;

use super::{key, submission_count, with};
use crate::helpers::*;
use peerdesk::db::schema::submissions;

/// Long because it is one table of everything another author might try, each answering 404.
async fn another_authors_submission_answers_404(backend: Backend) {
    let app = spawn_app(backend).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let full = complete_form(collection_id, &topic, &key(6));
    let submitted = submit_manuscript_file(&app, &full, pdf_bytes()).await;
    let shown = submitted.location.unwrap();
    let draft = post_fields(
        &app,
        "/submissions/new",
        &with(&with(&full, "action", "save"), "idempotency_key", &key(7)),
        &[],
    )
    .await;
    let edit = draft.location.unwrap();
    app.logout().await;

    signed_in_author(&app, "Mallory Intruder", "mallory@elsewhere.example").await;
    let hijack = with(
        &with(&full, "title", "Hijacked"),
        "idempotency_key",
        &key(8),
    );
    for (what, page) in [
        ("view", app.get(&shown).await),
        ("withdraw page", app.get(&format!("{shown}/withdraw")).await),
        ("edit a draft", app.get(&edit).await),
        (
            "crafted save",
            post_fields(&app, &edit, &with(&hijack, "action", "save"), &[]).await,
        ),
        (
            "crafted submit",
            post_fields(&app, &edit, &hijack, &[]).await,
        ),
        (
            "crafted submit of a submitted one",
            post_fields(&app, &format!("{shown}/edit"), &hijack, &[]).await,
        ),
        (
            "crafted withdraw",
            app.post_form(&format!("{shown}/withdraw"), &[("reason", "mine now")])
                .await,
        ),
        (
            "crafted discard",
            app.post_form(&format!("{}/discard", edit.trim_end_matches("/edit")), &[])
                .await,
        ),
        (
            "resent form of someone else",
            post_fields(
                &app,
                "/submissions/new",
                &with(&full, "title", "Hijacked"),
                &[],
            )
            .await,
        ),
    ] {
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{what}");
    }
    let titles: Vec<String> = app
        .with_db(|conn| {
            submissions::table
                .select(submissions::title)
                .load(conn)
                .unwrap()
        })
        .await;
    assert!(titles.iter().all(|t| t != "Hijacked"), "{titles:?}");
    assert_eq!(submission_count(&app).await, 2);
    let states: Vec<String> = app
        .with_db(|conn| {
            submissions::table
                .select(submissions::state)
                .order(submissions::id)
                .load(conn)
                .unwrap()
        })
        .await;
    assert_eq!(states, vec!["submitted".to_owned(), "draft".to_owned()]);
}

async fn an_author_withdraws_with_a_reason(backend: Backend) {
    let app = spawn_app(backend).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let full = complete_form(collection_id, &topic, &key(9));
    let submitted = submit_manuscript_file(&app, &full, pdf_bytes()).await;
    let shown = submitted.location.unwrap();
    let withdraw = format!("{shown}/withdraw");

    let form = app.get(&withdraw).await;
    assert_eq!(form.status, StatusCode::OK);
    let missing = app.post_form(&withdraw, &[("reason", "  ")]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.field_error("reason").is_some());

    let done = app
        .post_form(
            &withdraw,
            &[("reason", "We found an error in the cohort data.")],
        )
        .await;
    assert_eq!(done.location.as_deref(), Some(shown.as_str()));
    let page = app.get(&shown).await;
    assert_eq!(page.select("#state"), vec!["Withdrawn".to_owned()]);
    assert!(
        page.visible_text()
            .contains("We found an error in the cohort data.")
    );
    let mail = app
        .mail_of_kind("submission_withdrawn")
        .expect("withdrawal mail");
    assert_eq!(mail.to_address, "ada@uni.example");
    assert!(
        mail.body_text
            .contains("We found an error in the cohort data.")
    );

    // Once withdrawn, it cannot be withdrawn again; the state machine says why.
    let again = app.post_form(&withdraw, &[("reason", "again")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(
        again.visible_text().contains("withdrawn"),
        "{}",
        again.visible_text()
    );
    assert!(
        page.attr(&format!("a[href='{withdraw}']"), "href")
            .is_none(),
        "no withdraw link any more"
    );
}

crate::on_both_backends!(
    another_authors_submission_answers_404,
    an_author_withdraws_with_a_reason,
);
