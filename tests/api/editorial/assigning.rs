//! Assigning the handling editor: a conflict declared after the list was shown refuses it,
//! a flagged submission offers the editor-in-chief a way out, and two tabs assigning two
//! editors end with one.

use diesel::prelude::*;
use reqwest::StatusCode;

use super::editor_of;
use crate::helpers::*;
use peerdesk::db::schema::{people, submissions};

/// Long because it is one story read top to bottom: each step checks what the one before left.
async fn a_conflict_declared_after_the_list_was_shown_refuses_the_assignment(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let ids = submission_ids(&app).await;
    let (one, two) = (ids[0], ids[1]);
    as_person(&app, &logins, HELEN).await;

    // The page offers Kofi Mensah for the first submission...
    let page = app.get(&format!("/editorial/submissions/{one}")).await;
    let kofi_id: i64 = app.person_id(KOFI).await;
    assert!(
        page.attr(
            &format!("input[name=editor_id][value='{kofi_id}']"),
            "value"
        )
        .is_some()
    );
    // ...then he declares in his profile a conflict with its author, before the
    // editor-in-chief clicks. With the address: a name alone would be a potential conflict
    // (issue 30).
    declare_conflict(
        &app,
        kofi_id,
        "Sofia Bianchi",
        SOFIA,
        "close_collaborator",
        "we share a grant",
    )
    .await;
    let assign = format!("/editorial/submissions/{one}/assign");
    let kofi = kofi_id.to_string();
    let refused = app
        .submit(
            &assign,
            &[("editor_id", &kofi), ("reason", "expert in uveal melanoma")],
        )
        .await;
    let text = refused.visible_text();
    assert!(
        text.contains("Kofi Mensah cannot handle this submission"),
        "{text}"
    );
    assert!(text.contains("close collaborator"), "{text}");
    assert_eq!(
        editor_of(&app, one).await.as_deref(),
        Some("Atif A. Ahmed"),
        "nothing changed"
    );

    // Without an editor, the refusal is followed by the system's own conflict-free choice.
    app.with_db(move |conn| peerdesk::db::editorial::end_assignment(conn, two, "test").unwrap())
        .await;
    let refused = app
        .submit(
            &format!("/editorial/submissions/{two}/assign"),
            &[("editor_id", &kofi), ("reason", "expert")],
        )
        .await;
    // Kofi's declared conflict is with Sofia Bianchi, a co-author of the second as well.
    let text = refused.visible_text();
    assert!(
        text.contains("Kofi Mensah cannot handle this submission"),
        "{text}"
    );
    let instead = editor_of(&app, two).await.expect("another editor");
    assert_ne!(instead, "Kofi Mensah");
    assert!(
        text.contains(&format!("The system assigned {instead} instead")),
        "{text}"
    );

    // A free editor, with a reason, is assigned and told.
    let elena: i64 = app.person_id("elena.ruiz@lapaz.example").await;
    let missing_reason = app
        .post_form(
            &assign,
            &[("editor_id", &elena.to_string()), ("reason", "")],
        )
        .await;
    assert_eq!(missing_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = app
        .submit(
            &assign,
            &[
                ("editor_id", &elena.to_string()),
                ("reason", "lighter load this month"),
            ],
        )
        .await;
    assert!(
        done.visible_text()
            .contains("Elena Ruiz handles this submission")
    );
    assert_eq!(editor_of(&app, one).await.as_deref(), Some("Elena Ruiz"));
    assert!(
        done.visible_text()
            .contains("Assigned by Helen Marsh (editor-in-chief): lighter load this month")
    );
}

/// Issue #16, item 11: a flagged submission (every editor conflicted) says on its own page
/// what the editor-in-chief can do, and she can take it on herself, then reject it without
/// review.
async fn a_flagged_submission_offers_the_editor_in_chief_a_way_out(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let three: i64 = app
        .with_db(|conn| {
            submissions::table
                .filter(submissions::flagged_reason.is_not_null())
                .select(submissions::id)
                .first(conn)
                .unwrap()
        })
        .await;
    let page = format!("/editorial/submissions/{three}");
    as_person(&app, &logins, HELEN).await;
    let shown = app.get(&page).await;
    assert_eq!(shown.status, StatusCode::OK);
    let options = shown.select("#flagged-options li").join("\n");
    assert!(options.contains("Handle it yourself"), "{options}");
    assert!(
        options.contains("Appoint another Editorial Board Member"),
        "{options}"
    );
    assert_eq!(
        shown.attr("#flagged-options a", "href").as_deref(),
        Some("/admin/roles")
    );

    let helen = app.person_id(HELEN).await;
    let missing_reason = app
        .post_form(
            &format!("{page}/assign"),
            &[("editor_id", &helen.to_string()), ("reason", "")],
        )
        .await;
    assert_eq!(missing_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let taken = app
        .post_form(
            &format!("{page}/assign"),
            &[
                ("editor_id", &helen.to_string()),
                ("reason", "Every editor has a competing interest."),
            ],
        )
        .await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.text);
    assert_eq!(editor_of(&app, three).await.as_deref(), Some("Helen Marsh"));
    let after = app.get(&page).await;
    assert!(after.select("#flagged-options").is_empty());
    assert_eq!(
        after.select("#handling-editor").join(""),
        "Helen Marsh",
        "she now handles it"
    );
    // As its handling editor she may decide, including a desk rejection.
    let decision = app.get(&format!("{page}/decision")).await;
    assert_eq!(decision.status, StatusCode::OK);
}

/// Issue #25, item 2: the editor-in-chief assigns A in one tab and B in another opened at
/// the same time. The first wins; the second answers 409 with the page as it is now and her
/// reason kept, and nobody else is asked to handle it. Then ten presses of one button at
/// Long because the tabs are one story: read together, written in turn, then pressed ten times,
/// each outcome checked against the last.
/// once make one assignment, one event and one e-mail.
async fn two_tabs_assigning_two_editors_end_with_one(backend: Backend) {
    use peerdesk::db::schema::events;
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id: i64 = app
        .with_db(|conn| {
            submissions::table
                .filter(submissions::handling_editor_id.is_not_null())
                .select(submissions::id)
                .order(submissions::id)
                .first(conn)
                .unwrap()
        })
        .await;
    let page = format!("/editorial/submissions/{id}");
    as_person(&app, &logins, HELEN).await;
    let read = app.get(&page).await;
    let read_with = read
        .attr("input[name=read_with_editor]", "value")
        .expect("the assign form says whom it was read with");
    let editors: Vec<String> = {
        let sel =
            scraper::Selector::parse("form[action$='/assign'] input[name=editor_id]").unwrap();
        read.html
            .select(&sel)
            .filter_map(|e| e.value().attr("value").map(str::to_owned))
            .filter(|e| *e != read_with)
            .collect()
    };
    assert!(editors.len() >= 2, "{editors:?}");
    let (a, b) = (editors[0].clone(), editors[1].clone());
    let name_of = |id: String| {
        let app = &app;
        async move {
            let id: i64 = id.parse().unwrap();
            app.with_db(move |conn| {
                people::table
                    .find(id)
                    .select(people::name)
                    .first::<String>(conn)
                    .unwrap()
            })
            .await
        }
    };
    let (name_a, name_b) = (name_of(a.clone()).await, name_of(b.clone()).await);
    let mails_to = |name: String| {
        app.outbox()
            .into_iter()
            .filter(|m| m.kind == "handling_editor_assigned" && m.to_name == name)
            .count()
    };
    let assignments = || {
        app.with_db(move |conn| {
            events::table
                .filter(events::subject_id.eq(id))
                .filter(events::kind.eq("handling_editor_assigned"))
                .count()
                .get_result::<i64>(conn)
                .unwrap()
        })
    };
    let before = assignments().await;
    let (mails_a, mails_b) = (mails_to(name_a.clone()), mails_to(name_b.clone()));

    let first = app
        .post_form(
            &format!("{page}/assign"),
            &[
                ("editor_id", &a),
                ("reason", "Tab one"),
                ("read_with_editor", &read_with),
            ],
        )
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let second = app
        .post_form(
            &format!("{page}/assign"),
            &[
                ("editor_id", &b),
                ("reason", "Tab two's reason"),
                ("read_with_editor", &read_with),
            ],
        )
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT, "the stale tab is told");
    let told = second.error_summary();
    assert!(
        told.contains(&format!("was assigned to {name_a} a moment ago")),
        "{told}"
    );
    assert!(
        told.contains("Tab two's reason"),
        "her input is kept: {told}"
    );
    assert_eq!(second.select("#handling-editor").join(""), name_a);
    assert_eq!(editor_of(&app, id).await.as_deref(), Some(name_a.as_str()));
    assert_eq!(mails_to(name_a.clone()), mails_a + 1);
    assert_eq!(
        mails_to(name_b.clone()),
        mails_b,
        "nobody else is asked to handle it"
    );
    assert_eq!(assignments().await, before + 1);

    // Ten presses at once of the button that gives it to B, read after A took it.
    let read_with = app
        .get(&page)
        .await
        .attr("input[name=read_with_editor]", "value")
        .unwrap();
    assert_eq!(read_with, a);
    let fields = [
        ("editor_id", b.as_str()),
        ("reason", "Ten presses"),
        ("read_with_editor", read_with.as_str()),
    ];
    for status in press_at_once(&app, &format!("{page}/assign"), &fields, 10).await {
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    assert_eq!(editor_of(&app, id).await.as_deref(), Some(name_b.as_str()));
    assert_eq!(assignments().await, before + 2, "one more assignment");
    assert_eq!(mails_to(name_b), mails_b + 1, "one e-mail");
}

crate::on_both_backends!(
    a_conflict_declared_after_the_list_was_shown_refuses_the_assignment,
    a_flagged_submission_offers_the_editor_in_chief_a_way_out,
    two_tabs_assigning_two_editors_end_with_one,
);
