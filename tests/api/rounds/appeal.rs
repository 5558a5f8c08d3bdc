//! Appeals against a rejection: heard by the editor-in-chief once, or by a board member free
//! of conflicts when she has one; an allowed appeal reopens review, and the export says so.

use diesel::prelude::*;
use reqwest::StatusCode;

use super::*;
use peerdesk::db::schema::appeals;

/// Long because it is one story read top to bottom: each step checks what the one before left.
async fn an_appeal_is_heard_by_the_editor_in_chief_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let (logins, id) = desk_rejected(&app).await;
    let appeal = format!("/submissions/{id}/appeal");
    let hearing = format!("/editorial/submissions/{id}/appeal");

    as_person(&app, &logins, SOFIA).await;
    let show = app.get(&format!("/submissions/{id}")).await;
    assert_eq!(
        show.attr("#appeal-link", "href").as_deref(),
        Some(appeal.as_str())
    );
    let empty = post_on_page(&app, &appeal, &appeal, &[("statement", "   ")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty
            .select("#statement-error")
            .join("")
            .contains("Write why")
    );
    assert_eq!(state_of(&app, id).await, "rejected");

    let lodged = post_on_page(&app, &appeal, &appeal, &[("statement", STATEMENT)]).await;
    assert_eq!(
        lodged.status,
        StatusCode::SEE_OTHER,
        "{}",
        lodged.visible_text()
    );
    assert_eq!(state_of(&app, id).await, "appealed");
    assert!(kinds_to(&app, SOFIA).contains(&"appeal_lodged".to_owned()));
    let to_chief = app
        .mail_of_kind("appeal_to_hear")
        .expect("the appeal goes to someone");
    assert_eq!(to_chief.to_address, HELEN, "the editor-in-chief hears it");
    assert!(to_chief.body_text.contains(STATEMENT));

    // The handling editor who rejected it cannot decide the appeal.
    as_person(&app, &logins, ATIF).await;
    let by_atif = post_on_page(
        &app,
        &format!("/editorial/submissions/{id}"),
        &hearing,
        &[("outcome", "overturned"), ("reason", "I changed my mind.")],
    )
    .await;
    assert_eq!(by_atif.status, StatusCode::NOT_FOUND);
    assert_eq!(state_of(&app, id).await, "appealed");

    as_person(&app, &logins, HELEN).await;
    let page = app.get(&hearing).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.select("#statement").join(""), STATEMENT);
    let no_outcome = post_on_page(
        &app,
        &hearing,
        &hearing,
        &[("reason", "The scope is indeed narrower.")],
    )
    .await;
    assert_eq!(no_outcome.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_outcome
            .select("#outcome-error")
            .join("")
            .contains("Choose")
    );
    assert_eq!(
        no_outcome.select("textarea#reason").join(""),
        "The scope is indeed narrower."
    );
    let upheld = post_on_page(
        &app,
        &hearing,
        &hearing,
        &[
            ("outcome", "upheld"),
            (
                "reason",
                "The collection takes rare cancers only; this is a common one.",
            ),
        ],
    )
    .await;
    assert_eq!(
        upheld.status,
        StatusCode::SEE_OTHER,
        "{}",
        upheld.visible_text()
    );
    assert_eq!(state_of(&app, id).await, "rejected");
    let decided: Vec<String> = app
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "appeal_decided")
        .map(|m| m.to_address)
        .collect();
    assert_eq!(decided, vec![SOFIA.to_owned(), ATIF.to_owned()]);
    assert!(
        app.mails_to(SOFIA)
            .iter()
            .any(|m| m.contains("this is a common one")),
        "the reasons reach the author"
    );

    // Once only.
    as_person(&app, &logins, SOFIA).await;
    let show = app.get(&format!("/submissions/{id}")).await;
    assert!(show.select("#appeal-link").is_empty());
    let again = post_on_page(&app, &appeal, &appeal, &[("statement", STATEMENT)]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.visible_text().contains("can be appealed once"));
    let count: i64 = app
        .with_db(|conn| appeals::table.count().get_result(conn).unwrap())
        .await;
    assert_eq!(count, 1);
    assert_eq!(state_of(&app, id).await, "rejected");
    assert!(
        app.get(&appeal)
            .await
            .select("#appeal-outcome")
            .join("")
            .contains("Rejection upheld")
    );
}

crate::on_both_backends!(an_appeal_is_heard_by_the_editor_in_chief_once);

/// Long because it is one story read top to bottom: each step checks what the one before left.
async fn a_conflicted_editor_in_chief_passes_the_appeal_to_a_board_member(backend: Backend) {
    let app = spawn_app(backend).await;
    let (logins, id) = desk_rejected(&app).await;
    let helen = app.person_id(HELEN).await;
    app.with_db(move |conn| {
        peerdesk::db::editorial::declare_conflict(
            conn,
            id,
            helen,
            "Co-authored with Sofia Bianchi in 2025",
        )
        .unwrap()
    })
    .await;
    let appeal = format!("/submissions/{id}/appeal");
    let hearing = format!("/editorial/submissions/{id}/appeal");

    as_person(&app, &logins, SOFIA).await;
    let lodged = post_on_page(&app, &appeal, &appeal, &[("statement", STATEMENT)]).await;
    assert_eq!(lodged.status, StatusCode::SEE_OTHER);
    let to_hearer = app
        .mail_of_kind("appeal_to_hear")
        .expect("someone hears it");
    assert_ne!(to_hearer.to_address, HELEN);
    assert_ne!(to_hearer.to_address, ATIF);
    assert!(
        to_hearer
            .body_text
            .contains("(Editorial Board Member): no competing interest"),
        "{}",
        to_hearer.body_text
    );
    assert!(
        to_hearer
            .body_text
            .contains("Co-authored with Sofia Bianchi in 2025"),
        "says why the editor-in-chief was passed over: {}",
        to_hearer.body_text
    );
    assert!(!kinds_to(&app, HELEN).contains(&"appeal_to_hear".to_owned()));

    // The conflicted editor-in-chief cannot reach it.
    as_person(&app, &logins, HELEN).await;
    assert_eq!(app.get(&hearing).await.status, StatusCode::NOT_FOUND);

    // The board member finds it on their dashboard and allows it: back to review, round 2.
    as_person(&app, &logins, &to_hearer.to_address).await;
    let dashboard = app.get("/dashboard").await;
    assert_eq!(
        dashboard.attr("#appeals-to-hear a", "href").as_deref(),
        Some(hearing.as_str())
    );
    let page = app.get(&hearing).await;
    assert_eq!(page.status, StatusCode::OK);
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    assert_eq!(
        editorial.status,
        StatusCode::OK,
        "the hearer reads the file"
    );
    let allowed = post_on_page(
        &app,
        &hearing,
        &hearing,
        &[
            ("outcome", "overturned"),
            (
                "reason",
                "Rare sarcomas are in scope; the manuscript deserves review.",
            ),
        ],
    )
    .await;
    assert_eq!(
        allowed.status,
        StatusCode::SEE_OTHER,
        "{}",
        allowed.visible_text()
    );
    assert_eq!(state_of(&app, id).await, "under_review");
    assert_eq!(round_of(&app, id).await, 2);
    assert!(
        app.get("/dashboard")
            .await
            .select("#appeals-to-hear")
            .is_empty(),
        "heard: off the dashboard"
    );
    assert_eq!(
        moves(&app, id).await.last().map(String::as_str),
        Some("overturn_rejection")
    );
    // A second outcome is refused.
    let twice = post_on_page(
        &app,
        &hearing,
        &hearing,
        &[("outcome", "upheld"), ("reason", "On second thoughts.")],
    )
    .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(state_of(&app, id).await, "under_review");

    // The handling editor is told and can invite reviewers for round 2.
    assert!(kinds_to(&app, ATIF).contains(&"appeal_decided".to_owned()));
    as_person(&app, &logins, ATIF).await;
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    assert_eq!(editorial.select("#find-reviewers").len(), 1);
}

crate::on_both_backends!(a_conflicted_editor_in_chief_passes_the_appeal_to_a_board_member);

/// The CSV export states a rejection overturned on appeal truthfully, never as a plain
/// rejection.
async fn an_overturned_rejection_reads_so_in_the_export(backend: Backend) {
    let app = spawn_app(backend).await;
    let (logins, id) = desk_rejected(&app).await;
    let appeal = format!("/submissions/{id}/appeal");
    let hearing = format!("/editorial/submissions/{id}/appeal");
    let row = |csv: String| {
        csv.lines()
            .find(|l| l.contains("Germline BAP1"))
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("the submission's row: {csv}"))
    };
    as_person(&app, &logins, HELEN).await;
    let csv = app.get("/editorial/exports/submissions.csv").await.text;
    assert!(row(csv).contains(",Reject without review,"));

    as_person(&app, &logins, SOFIA).await;
    let lodged = post_on_page(&app, &appeal, &appeal, &[("statement", STATEMENT)]).await;
    assert_eq!(lodged.status, StatusCode::SEE_OTHER);
    as_person(&app, &logins, HELEN).await;
    let csv = app.get("/editorial/exports/submissions.csv").await.text;
    assert!(row(csv).contains("Reject without review (under appeal)"));

    let overturned = post_on_page(
        &app,
        &hearing,
        &hearing,
        &[
            ("outcome", "overturned"),
            ("reason", "Rare sarcomas are in scope."),
        ],
    )
    .await;
    assert_eq!(
        overturned.status,
        StatusCode::SEE_OTHER,
        "{}",
        overturned.visible_text()
    );
    let row = row(app.get("/editorial/exports/submissions.csv").await.text);
    assert!(
        row.contains("Reject without review (overturned on appeal)"),
        "{row}"
    );
    assert!(
        row.contains("Under review"),
        "the state as it is now: {row}"
    );
}

crate::on_both_backends!(an_overturned_rejection_reads_so_in_the_export);
