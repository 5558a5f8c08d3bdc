//! Who sees what: editors see only what they may, "I have a competing interest" hands the
//! submission on, and a reviewer search's reasons never name a hidden manuscript.

use diesel::prelude::*;
use reqwest::StatusCode;

use super::editor_of;
use crate::helpers::*;
use peerdesk::db::schema::submissions;

/// Long because it is one submission seen in turn by each kind of person, then handed on by a
/// conflicted editor.
async fn editors_see_only_what_they_may(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let ids = submission_ids(&app).await;
    let (one, two, three) = (ids[0], ids[1], ids[2]);
    let page = |id: i64| format!("/editorial/submissions/{id}");

    // The editor-in-chief sees the flagged one with every reason, and why each editor was chosen.
    as_person(&app, &logins, HELEN).await;
    let queue = app.get("/editorial/queue").await;
    assert_eq!(queue.status, StatusCode::OK);
    let text = queue.visible_text();
    assert!(text.contains("Needs a handling editor (1)"), "{text}");
    assert!(
        text.contains("Nobody free of competing interests"),
        "{text}"
    );
    assert!(text.contains("Why this editor:"), "{text}");
    let chief_view = app.get(&page(one)).await;
    assert_eq!(chief_view.status, StatusCode::OK);
    assert!(chief_view.visible_text().contains("chosen by the system"));

    // The handling editor sees theirs; the submissions they are conflicted with do not exist
    // for them, on a page or in a list.
    as_person(&app, &logins, ATIF).await;
    let queue = app.get("/editorial/queue").await.visible_text();
    assert!(queue.contains("Germline BAP1"), "{queue}");
    assert!(
        !queue.contains("twinning") && !queue.contains("registry"),
        "{queue}"
    );
    assert_eq!(app.get(&page(one)).await.status, StatusCode::OK);
    for id in [two, three, 999_999] {
        assert_eq!(
            app.get(&page(id)).await.status,
            StatusCode::NOT_FOUND,
            "{id}"
        );
    }

    // Bruna shares an institution with the author of the first: 404, and not listed.
    as_person(&app, &logins, BRUNA).await;
    assert_eq!(app.get(&page(one)).await.status, StatusCode::NOT_FOUND);
    assert!(
        !app.get("/editorial/queue")
            .await
            .visible_text()
            .contains("Germline BAP1")
    );

    // The author never reaches the editorial side of their own submission.
    as_person(&app, &logins, SOFIA).await;
    assert_eq!(app.get(&page(one)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("/submissions/{one}")).await.status,
        StatusCode::OK
    );

    // "I have a competing interest": a reason is needed; then Atif steps down, loses access,
    // and a conflict-free board member (Bruna is conflicted) takes over and is told.
    as_person(&app, &logins, ATIF).await;
    let conflict = format!("{}/conflict", page(one));
    let refused = app.post_form(&conflict, &[("reason", " ")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("reason").is_some());
    let done = app
        .post_form(
            &conflict,
            &[("reason", "I co-supervise the first author's fellowship.")],
        )
        .await;
    assert_eq!(done.location.as_deref(), Some("/editorial/queue"));
    assert_eq!(app.get(&page(one)).await.status, StatusCode::NOT_FOUND);
    let new_editor = editor_of(&app, one).await.expect("a new editor");
    assert!(
        ["Kofi Mensah", "Elena Ruiz", "Priya Raman", "Tomáš Novák"].contains(&new_editor.as_str()),
        "{new_editor}"
    );
    let told = app
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "handling_editor_assigned")
        .any(|m| m.to_name == new_editor);
    assert!(told, "the new editor is told");
    // A second press (issue #25, item 5) is told it is done, and changes nothing; the page
    // stays gone for Atif.
    let again = app.post_form(&conflict, &[("reason", "again")]).await;
    assert_eq!(again.location.as_deref(), Some("/editorial/queue"));
    let told = app.get("/editorial/queue").await.select(".flash").join(" ");
    assert!(told.contains("already recorded"), "{told}");
    assert_eq!(
        editor_of(&app, one).await.as_deref(),
        Some(new_editor.as_str())
    );
    assert_eq!(app.get(&page(one)).await.status, StatusCode::NOT_FOUND);

    // The editor-in-chief reads the whole story.
    as_person(&app, &logins, HELEN).await;
    let story = app.get(&page(one)).await.visible_text();
    assert!(
        story.contains("ended: declared a competing interest"),
        "{story}"
    );
    assert!(
        story.contains("I co-supervise the first author's fellowship."),
        "{story}"
    );
}

/// Issue #16, item 1: a reason shown to a handling editor never names a manuscript they may
/// not see. In the demo, Mei Lin co-authored the registry manuscript (RC-…-0003, which every
/// editor is conflicted with) with Sofia Bianchi; the editor of RC-…-0002, which Sofia also
/// wrote, searches reviewers for "Mei".
async fn reviewer_search_reasons_never_name_a_hidden_manuscript(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let ids = submission_ids(&app).await;
    let (two, three) = (ids[1], ids[2]);
    let hidden_title = app
        .with_db(move |conn| {
            submissions::table
                .find(three)
                .select(submissions::title)
                .first::<String>(conn)
                .unwrap()
        })
        .await;
    let (_, editor) = handling_editor(&app, two)
        .await
        .expect("RC-…-0002 has an editor");
    as_person(&app, &logins, &editor).await;
    assert_eq!(
        app.get(&format!("/editorial/submissions/{three}"))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "{editor} may not see the registry manuscript"
    );

    let found = app
        .get(&format!("/editorial/submissions/{two}/reviewers?q=Mei"))
        .await;
    assert_eq!(found.status, StatusCode::OK);
    let results = found.select("#results .candidate").join("\n");
    assert!(results.contains("Mei Lin"), "{results}");
    assert!(
        results.contains("Co-authored a manuscript submitted here with author Sofia Bianchi"),
        "the reason says why without naming it: {results}"
    );
    // Not in the text, nor in an attribute (a finding key goes into the ruling forms).
    let html = found.text.to_lowercase();
    for leak in [hidden_title.to_lowercase().as_str(), "nasopharyngeal"] {
        assert!(
            !html.contains(leak),
            "“{leak}” of a hidden manuscript leaks"
        );
    }
}

crate::on_both_backends!(
    editors_see_only_what_they_may,
    reviewer_search_reasons_never_name_a_hidden_manuscript,
);
