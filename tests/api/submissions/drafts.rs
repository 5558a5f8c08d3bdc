//! Drafts: saved half-finished and submitted later, two browsers on one draft, and a
//! discarded draft that leaves nothing.

use diesel::prelude::*;
use reqwest::StatusCode;

use super::{files_on_disk, key, submission_count, with};
use crate::helpers::*;
use peerdesk::db::schema::submissions;

/// Long because it is one story read top to bottom: each step checks what the one before left.
async fn drafts_are_saved_and_finished_later(backend: Backend) {
    let app = spawn_app(backend).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let full = complete_form(collection_id, &topic, &key(4));

    // Row buttons change the form without writing anything.
    let added = post_fields(
        &app,
        "/submissions/new",
        &with(&full, "action", "add_author"),
        &[],
    )
    .await;
    assert_eq!(added.status, StatusCode::OK);
    assert!(
        added.attr("#author_family_name_2", "value").is_some(),
        "a third author row"
    );
    let moved = post_fields(
        &app,
        "/submissions/new",
        &with(&full, "action", "author_down:0"),
        &[],
    )
    .await;
    assert_eq!(
        moved.attr("#author_family_name_0", "value").as_deref(),
        Some("Moller")
    );
    assert_eq!(
        moved.attr("#corresponding_1", "checked").as_deref(),
        Some(""),
        "the corresponding author moves along"
    );
    assert_eq!(submission_count(&app).await, 0);

    // Save a half-finished draft with its manuscript.
    let partial: Vec<(String, String)> = full
        .iter()
        .filter(|(k, _)| !["abstract_text", "funding", "competing_interests"].contains(&k.as_str()))
        .cloned()
        .collect();
    let saved = post_fields_taken(
        &app,
        "/submissions/new",
        &with(&partial, "action", "save"),
        &[("manuscript", "paper.pdf", pdf_bytes())],
    )
    .await;
    let edit = saved.location.clone().unwrap();
    assert!(edit.ends_with("/edit"), "{edit}");
    let draft = app.get(&edit).await;
    assert_eq!(
        draft.attr("#title", "value").as_deref(),
        Some("Outcomes of retinoblastoma in a national cohort")
    );
    assert!(
        draft.visible_text().contains("paper.pdf"),
        "the attached manuscript is listed"
    );
    assert!(
        app.get("/submissions")
            .await
            .visible_text()
            .contains("Draft")
    );
    assert!(
        app.outbox().iter().all(|m| m.kind != "submission_received"),
        "a draft sends nothing"
    );

    // Submitting the draft with errors changes nothing; completing it submits it, with the
    // manuscript already attached.
    let refused = post_fields(&app, &edit, &with(&partial, "action", "submit"), &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("abstract_text").is_some());
    assert!(
        refused.field_error("manuscript").is_none(),
        "the draft's manuscript counts"
    );
    let done = post_fields(&app, &edit, &full, &[]).await;
    assert_eq!(
        done.status,
        StatusCode::SEE_OTHER,
        "{}",
        done.visible_text()
    );
    let page = app.get(done.location.as_deref().unwrap()).await;
    assert_eq!(page.select("#state"), vec!["Submitted".to_owned()]);
    assert_eq!(submission_count(&app).await, 1);
    // The draft form is gone once submitted.
    let again = app.get(&edit).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
}

/// Issue #25, item 3: two browsers on one draft. Both open it; one saves a new title, the
/// other (opened before) a new cover letter: the second is told what differs, nothing of it
/// is saved, the first's title stays, and its own input is kept to save again knowingly.
/// Two presses of "Save draft" with the same content are one save, not a conflict.
async fn two_browsers_on_one_draft_never_lose_a_write_silently(backend: Backend) {
    let app = spawn_app(backend).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let full = complete_form(collection_id, &topic, &key(9));
    let saved = post_fields(
        &app,
        "/submissions/new",
        &with(&full, "action", "save"),
        &[],
    )
    .await;
    let edit = saved.location.unwrap();
    let form = app.get(&edit).await;
    let read_at = form
        .attr("#submission-form input[name=read_at]", "value")
        .expect("the form says what it was read at");
    let base = with(&with(&full, "read_at", &read_at), "action", "save");

    // Browser one: a new title.
    let one = with(&base, "title", "A new title from the first browser");
    let first = post_fields(&app, &edit, &one, &[]).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    // The same press again (a double click): one save, no conflict.
    let again = post_fields(&app, &edit, &one, &[]).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);

    // Browser two, opened before: a new cover letter, the old title.
    let two = with(
        &base,
        "cover_letter",
        "A cover letter from the second browser.",
    );
    let second = post_fields(&app, &edit, &two, &[]).await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    let told = second.error_summary();
    assert!(told.contains("saved from another tab"), "{told}");
    assert!(
        told.contains("Title") && told.contains("Cover letter"),
        "{told}"
    );
    assert!(
        second
            .text
            .contains("A cover letter from the second browser."),
        "its input is kept"
    );
    let title: String = app
        .with_db(|conn| {
            submissions::table
                .select(submissions::title)
                .first(conn)
                .unwrap()
        })
        .await;
    assert_eq!(title, "A new title from the first browser", "nothing lost");

    // Saving again from that page is a choice made knowing the newer version.
    let newer = second
        .attr("#submission-form input[name=read_at]", "value")
        .unwrap();
    assert_ne!(newer, read_at);
    let kept = with(
        &with(&two, "read_at", &newer),
        "title",
        "A new title from the first browser",
    );
    let third = post_fields(&app, &edit, &kept, &[]).await;
    assert_eq!(third.status, StatusCode::SEE_OTHER);
    let (title, letter): (String, String) = app
        .with_db(|conn| {
            submissions::table
                .select((submissions::title, submissions::cover_letter))
                .first(conn)
                .unwrap()
        })
        .await;
    assert_eq!(title, "A new title from the first browser");
    assert_eq!(letter, "A cover letter from the second browser.");
}

async fn a_discarded_draft_leaves_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let full = complete_form(collection_id, &topic, &key(5));
    let saved = post_fields(
        &app,
        "/submissions/new",
        &with(&full, "action", "save"),
        &[("manuscript", "paper.pdf", pdf_bytes())],
    )
    .await;
    let edit = saved.location.unwrap();
    assert_eq!(files_on_disk(&app), 1);
    let id = edit
        .trim_start_matches("/submissions/")
        .trim_end_matches("/edit")
        .to_owned();
    let gone = app
        .post_form(&format!("/submissions/{id}/discard"), &[])
        .await;
    assert_eq!(gone.location.as_deref(), Some("/submissions"));
    assert_eq!(submission_count(&app).await, 0);
    assert_eq!(files_on_disk(&app), 0);
    // A second press (issue #25, item 5) is told it is done; someone else is not.
    let again = app
        .post_form(&format!("/submissions/{id}/discard"), &[])
        .await;
    assert_eq!(again.location.as_deref(), Some("/submissions"));
    let told = app.get("/submissions").await.select(".flash").join(" ");
    assert!(told.contains("already deleted"), "{told}");
    app.logout().await;
    signed_in_author(&app, "Bea Osei", "bea@uni.example").await;
    let stranger = app
        .post_form(&format!("/submissions/{id}/discard"), &[])
        .await;
    assert_eq!(stranger.status, StatusCode::NOT_FOUND);
}

/// Long because it is one author's form, button after button, each checked for the files.
/// Issue 20 item 2: files are never silently dropped. The files chosen go with the first
/// press that carries them, whatever the button: "Add another author" on a new form keeps
/// the manuscript with a draft made from what was typed; "Suggest a reviewer" keeps a
/// supplementary file; each is listed as attached with its remove button; "Remove" removes
/// one and keeps what came with it; and "Submit" with no file chosen submits the kept one.
async fn files_chosen_are_kept_whatever_button_is_pressed(backend: Backend) {
    let app = spawn_app(backend).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let full = complete_form(collection_id, &topic, &key(6));
    let table = (
        "supplementary",
        "table-s1.txt",
        b"Table S1: cohort counts\n".to_vec(),
    );
    let attached = |page: &Page| page.select("table td a");

    let added = post_fields(
        &app,
        "/submissions/new",
        &with(&full, "action", "add_author"),
        &[("manuscript", "paper.pdf", pdf_bytes())],
    )
    .await;
    assert_eq!(added.status, StatusCode::OK);
    assert!(
        added.attr("#author_family_name_2", "value").is_some(),
        "the row is added"
    );
    assert_eq!(attached(&added), vec!["paper.pdf"]);
    let notice = added.select(".notice").join(" ");
    assert!(notice.contains("Author 3 added below"), "{notice}");
    assert!(
        notice.contains("“paper.pdf” is kept with a draft"),
        "{notice}"
    );
    let edit = added.attr("form.submission-form", "action").unwrap();
    assert!(edit.ends_with("/edit"), "{edit}");
    let read_at = added
        .attr("#submission-form input[name=read_at]", "value")
        .unwrap();
    assert!(
        !read_at.is_empty(),
        "the form now carries its draft's version"
    );
    assert_eq!(submission_count(&app).await, 1);

    // From the draft's form: "Suggest a reviewer" with a supplementary file.
    let base = with(&full, "read_at", &read_at);
    let suggested = post_fields(
        &app,
        &edit,
        &with(&base, "action", "add_suggested"),
        std::slice::from_ref(&table),
    )
    .await;
    assert_eq!(suggested.status, StatusCode::OK);
    assert_eq!(attached(&suggested), vec!["paper.pdf", "table-s1.txt"]);
    assert!(
        suggested
            .select(".notice")
            .join(" ")
            .contains("“table-s1.txt” is attached to this draft"),
        "{:?}",
        suggested.select(".notice")
    );
    assert!(suggested.attr("#suggested_name_0", "value").is_some());

    // "Remove" beside the supplementary file (the last one listed).
    let remove = suggested
        .html
        .select(&scraper::Selector::parse("button[value^='remove_file:']").unwrap())
        .filter_map(|b| b.value().attr("value"))
        .next_back()
        .expect("a remove button beside each attached file")
        .to_owned();
    let removed = post_fields(&app, &edit, &with(&base, "action", &remove), &[]).await;
    assert_eq!(removed.status, StatusCode::OK);
    assert_eq!(attached(&removed), vec!["paper.pdf"]);
    assert!(
        removed
            .select(".notice")
            .join(" ")
            .contains("The file was removed.")
    );

    // A refused submit (no abstract) keeps a new supplementary file too; then the complete
    // form, with no file chosen, submits with the kept manuscript.
    let refused = post_fields(&app, &edit, &with(&base, "abstract_text", ""), &[table]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("abstract_text").is_some());
    assert_eq!(attached(&refused), vec!["paper.pdf", "table-s1.txt"]);
    assert!(
        refused.field_error("manuscript").is_none(),
        "nothing to attach again"
    );
    let done = post_fields(&app, &edit, &base, &[]).await;
    assert_eq!(
        done.status,
        StatusCode::SEE_OTHER,
        "{}",
        done.visible_text()
    );
    let page = app.get(done.location.as_deref().unwrap()).await;
    assert_eq!(page.select("#state"), vec!["Submitted".to_owned()]);
    let shown = page.visible_text();
    assert!(
        shown.contains("paper.pdf") && shown.contains("table-s1.txt"),
        "{shown}"
    );
    assert_eq!(
        submission_count(&app).await,
        1,
        "one submission, no stray draft"
    );
}

crate::on_both_backends!(
    files_chosen_are_kept_whatever_button_is_pressed,
    drafts_are_saved_and_finished_later,
    a_discarded_draft_leaves_nothing,
    two_browsers_on_one_draft_never_lose_a_write_silently,
);
