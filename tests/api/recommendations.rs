//! Two-tier decisions (issue 28 part 4), over HTTP on both backends: where a collection's
//! decisions are confirmed, the handling editor's decision waits as a recommendation, the
//! letter goes out only on confirmation (as recommended or changed), a return sends it back
//! with a note only the editors read, and a conflicted guest editor never confirms.

use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use peerdesk::db::schema::{collections, decision_letters, submissions};

fn confirmation_path(id: i64) -> String {
    format!("/editorial/submissions/{id}/confirmation")
}

async fn confirm_decisions_in_every_collection(app: &TestApp) {
    app.with_db(|conn| {
        diesel::update(collections::table)
            .set(collections::decisions_confirmed.eq(true))
            .execute(conn)
            .unwrap();
    })
    .await;
}

async fn letters(app: &TestApp, id: i64) -> Vec<(String, String, Option<i64>)> {
    app.with_db(move |conn| {
        decision_letters::table
            .filter(decision_letters::submission_id.eq(id))
            .order(decision_letters::id)
            .select((
                decision_letters::kind,
                decision_letters::letter,
                decision_letters::decided_by,
            ))
            .load(conn)
            .unwrap()
    })
    .await
}

fn mails_of_kind_to(
    app: &TestApp,
    kind: &str,
    email: &str,
) -> Vec<peerdesk::db::outbox::OutboxMessage> {
    app.outbox()
        .into_iter()
        .filter(|m| m.kind == kind && m.to_address == email)
        .collect()
}

/// Long because it is one story read top to bottom: a guest editor's recommendation, the
/// editor-in-chief's changed confirmation, and a stale second press.
async fn a_guest_editors_recommendation_waits_for_the_editor_in_chief(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    confirm_decisions_in_every_collection(&app).await;
    let id = first_submission(&app).await;
    one_review_round(&mut app, &logins, id).await;
    as_person(&app, &logins, ATIF).await;

    let page = app
        .get(&format!("{}?kind=minor_revision", decision_path(id)))
        .await;
    assert_eq!(
        page.select("#recommends").len(),
        1,
        "the page says it is a recommendation"
    );
    assert!(page.visible_text().contains("Send the recommendation"));
    let sent = send_decision(&app, id, "minor_revision", None).await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    assert_eq!(state_of(&app, id).await, "decision_pending");
    assert!(letters(&app, id).await.is_empty(), "no letter yet");
    assert!(
        !app.mails_to(SOFIA)
            .iter()
            .any(|m| m.contains("Decision on")),
        "nothing reaches the author"
    );
    let to_chief = mails_of_kind_to(&app, "decision_to_confirm", HELEN);
    assert_eq!(to_chief.len(), 1, "the editor-in-chief is asked to confirm");
    assert!(to_chief[0].body_text.contains("Minor revision"));
    assert!(
        !to_chief[0].body_text.contains("Dear Sofia"),
        "the letter stays behind the sign-in"
    );
    // A guest editor's recommendation is not another guest editor's to confirm.
    assert!(mails_of_kind_to(&app, "decision_to_confirm", BRUNA).is_empty());
    assert_eq!(
        moves(&app, id).await.last().map(String::as_str),
        Some("recommend_decision")
    );

    // The handling editor sees it waiting, and cannot confirm it herself.
    let waiting = app.get(&decision_path(id)).await;
    assert_eq!(waiting.select("#recommendation-waiting").len(), 1);
    assert_eq!(
        app.get(&confirmation_path(id)).await.status,
        StatusCode::NOT_FOUND
    );

    // The author reads that a decision is pending, not which.
    as_person(&app, &logins, SOFIA).await;
    let show = app.get(&format!("/submissions/{id}")).await;
    assert_eq!(
        show.select("#state").join(""),
        "Decision pending confirmation"
    );
    assert!(
        !show.visible_text().contains("Minor revision"),
        "{}",
        show.visible_text()
    );

    as_person(&app, &logins, HELEN).await;
    let queue = app.get("/editorial/queue").await;
    assert_eq!(
        queue.attr("#to-confirm a", "href").as_deref(),
        Some(confirmation_path(id).as_str()),
        "the queue lists it for her"
    );
    let confirm = app.get(&confirmation_path(id)).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert_eq!(
        confirm
            .attr("select#kind option[selected]", "value")
            .as_deref(),
        Some("minor_revision")
    );
    let draft = confirm.select("textarea#letter").join("");
    assert!(draft.contains("Reviewer 1"), "{draft}");
    let recommendation_id = confirm
        .attr("input[name=recommendation_id]", "value")
        .unwrap_or_default();

    // A return needs a note; the typed letter is kept on the page.
    let refused = post_on_page(
        &app,
        &confirmation_path(id),
        &confirmation_path(id),
        &[
            ("recommendation_id", &recommendation_id),
            ("action", "return"),
            ("note", "   "),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .select("#note-error")
            .join("")
            .contains("cannot be empty")
    );
    assert_eq!(state_of(&app, id).await, "decision_pending");

    // The editor-in-chief changes the decision and the letter, and confirms.
    let letter = format!("{draft}\nP.S. from the Editor-in-Chief: please add the survival table.");
    let fields = [
        ("recommendation_id", recommendation_id.as_str()),
        ("action", "confirm"),
        ("kind", "major_revision"),
        ("letter", letter.as_str()),
        ("revision_due_on", ""),
    ];
    let confirmed = post_on_page(
        &app,
        &confirmation_path(id),
        &confirmation_path(id),
        &fields,
    )
    .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.visible_text()
    );
    assert_eq!(state_of(&app, id).await, "revision_requested");
    let sent = letters(&app, id).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, "major_revision");
    assert_eq!(
        sent[0].2,
        Some(app.person_id(HELEN).await),
        "decided by the confirmer"
    );
    let mail = app
        .mails_to(SOFIA)
        .into_iter()
        .find(|m| m.contains("Decision on"))
        .expect("the letter goes out on confirmation");
    assert!(mail.contains("please add the survival table"), "{mail}");
    assert!(
        app.outbox()
            .iter()
            .any(|m| m.kind == "decision_letter" && m.reply_to.as_deref() == Some(ATIF)),
        "replies go to the handling editor"
    );
    let told = mails_of_kind_to(&app, "recommendation_answered", ATIF);
    assert_eq!(told.len(), 1);
    assert!(
        told[0].body_text.contains("changed the decision"),
        "{}",
        told[0].body_text
    );

    // A second press from a stale tab sends nothing more.
    let again = app
        .post_raw(
            &confirmation_path(id),
            &[
                ("recommendation_id", recommendation_id.as_str()),
                ("action", "confirm"),
                ("kind", "major_revision"),
                ("letter", letter.as_str()),
                ("csrf_token", &confirmed_csrf(&app, id).await),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(letters(&app, id).await.len(), 1, "one letter only");
    let after = app.get(&format!("/editorial/submissions/{id}")).await;
    assert!(
        after.visible_text().contains("already been answered"),
        "{}",
        after.visible_text()
    );
    assert!(
        after
            .select("#recommendations")
            .join(" ")
            .contains("Confirmed with changes")
    );
}

crate::on_both_backends!(a_guest_editors_recommendation_waits_for_the_editor_in_chief);

/// A CSRF token from a page the signed-in person still reads.
async fn confirmed_csrf(app: &TestApp, id: i64) -> String {
    app.get(&format!("/editorial/submissions/{id}"))
        .await
        .attr("input[name=csrf_token]", "value")
        .unwrap_or_default()
}

/// Long because it is one story: a board member's recommendation, a conflicted guest editor
/// kept out, a return with a note, and a second recommendation confirmed as it stands.
async fn a_board_members_recommendation_goes_to_a_guest_editor_and_may_come_back(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    confirm_decisions_in_every_collection(&app).await;
    let id = first_submission(&app).await;
    let kofi = app.person_id(KOFI).await;
    app.with_db(move |conn| {
        diesel::update(submissions::table.find(id))
            .set(submissions::handling_editor_id.eq(Some(kofi)))
            .execute(conn)
            .unwrap();
    })
    .await;
    as_person(&app, &logins, KOFI).await;
    let sent = send_decision(&app, id, "desk_reject", None).await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    assert_eq!(state_of(&app, id).await, "decision_pending");
    assert_eq!(mails_of_kind_to(&app, "decision_to_confirm", ATIF).len(), 1);
    assert_eq!(
        mails_of_kind_to(&app, "decision_to_confirm", HELEN).len(),
        1
    );
    assert!(
        mails_of_kind_to(&app, "decision_to_confirm", BRUNA).is_empty(),
        "a guest editor with a competing interest is not asked"
    );

    as_person(&app, &logins, BRUNA).await;
    assert_eq!(
        app.get(&confirmation_path(id)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/editorial/submissions/{id}"))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "nor does she read it"
    );

    as_person(&app, &logins, ATIF).await;
    let note = "Please send it for review first: the design fits the collection.";
    let returned = post_on_page(
        &app,
        &confirmation_path(id),
        &confirmation_path(id),
        &[
            (
                "recommendation_id",
                &app.get(&confirmation_path(id))
                    .await
                    .attr("input[name=recommendation_id]", "value")
                    .unwrap_or_default(),
            ),
            ("action", "return"),
            ("note", note),
        ],
    )
    .await;
    assert_eq!(
        returned.status,
        StatusCode::SEE_OTHER,
        "{}",
        returned.visible_text()
    );
    assert_eq!(state_of(&app, id).await, "submitted");
    assert!(letters(&app, id).await.is_empty());
    assert_eq!(
        moves(&app, id).await.last().map(String::as_str),
        Some("return_to_editor")
    );
    let told = mails_of_kind_to(&app, "recommendation_answered", KOFI);
    assert_eq!(told.len(), 1);
    assert!(
        told[0].body_text.contains("returned"),
        "{}",
        told[0].body_text
    );
    assert!(
        !told[0].body_text.contains(note),
        "the note stays behind the sign-in"
    );
    assert_eq!(
        app.get(&confirmation_path(id)).await.status,
        StatusCode::NOT_FOUND,
        "nothing waits any more"
    );

    as_person(&app, &logins, KOFI).await;
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    assert!(
        editorial
            .select(".recommendation-note")
            .join("")
            .contains(note)
    );
    as_person(&app, &logins, SOFIA).await;
    let show = app.get(&format!("/submissions/{id}")).await;
    assert!(!show.visible_text().contains(note));

    // Recommended again, confirmed as it stands by the editor-in-chief.
    as_person(&app, &logins, KOFI).await;
    send_decision(&app, id, "desk_reject", None).await;
    as_person(&app, &logins, HELEN).await;
    let confirm = app.get(&confirmation_path(id)).await;
    let draft = confirm.select("textarea#letter").join("");
    let rid = confirm
        .attr("input[name=recommendation_id]", "value")
        .unwrap_or_default();
    let confirmed = post_on_page(
        &app,
        &confirmation_path(id),
        &confirmation_path(id),
        &[
            ("recommendation_id", rid.as_str()),
            ("action", "confirm"),
            ("kind", "desk_reject"),
            ("letter", draft.as_str()),
        ],
    )
    .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.visible_text()
    );
    assert_eq!(state_of(&app, id).await, "rejected");
    let told = mails_of_kind_to(&app, "recommendation_answered", KOFI);
    assert!(
        told.last()
            .is_some_and(|m| m.body_text.contains("confirmed your recommendation"))
    );
    assert!(
        app.mails_to(SOFIA)
            .iter()
            .any(|m| m.contains("Decision on"))
    );
}

crate::on_both_backends!(a_board_members_recommendation_goes_to_a_guest_editor_and_may_come_back);

/// The author withdraws while a recommendation waits: nobody is asked to confirm it any
/// more, and the editors read that it was never answered.
async fn a_withdrawal_ends_the_wait_for_confirmation(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    confirm_decisions_in_every_collection(&app).await;
    let id = first_submission(&app).await;
    one_review_round(&mut app, &logins, id).await;
    as_person(&app, &logins, ATIF).await;
    the_chief_rules_on_every_signal(&app, id).await;
    send_decision(&app, id, "accept", None).await;
    assert_eq!(state_of(&app, id).await, "decision_pending");

    as_person(&app, &logins, SOFIA).await;
    let withdrawn = app
        .post_form(
            &format!("/submissions/{id}/withdraw"),
            &[("reason", "Submitted elsewhere.")],
        )
        .await;
    assert_eq!(
        withdrawn.status,
        StatusCode::SEE_OTHER,
        "{}",
        withdrawn.visible_text()
    );
    assert_eq!(state_of(&app, id).await, "withdrawn");

    as_person(&app, &logins, HELEN).await;
    assert!(
        app.get("/editorial/queue")
            .await
            .select("#to-confirm")
            .is_empty()
    );
    assert_eq!(
        app.get(&confirmation_path(id)).await.status,
        StatusCode::NOT_FOUND
    );
    let page = app.get(&format!("/editorial/submissions/{id}")).await;
    assert!(
        page.select(".recommendation-outcome")
            .join("")
            .contains("Not answered"),
        "{}",
        page.select("#recommendations").join("")
    );
    assert!(
        letters(&app, id).await.is_empty(),
        "no letter ever went out"
    );
}

crate::on_both_backends!(a_withdrawal_ends_the_wait_for_confirmation);

/// A reviewer who agreed but had not sent the review yet may still send it while the
/// recommendation waits (the reminders keep asking for it): the confirmer reads it.
async fn a_late_review_comes_in_while_a_recommendation_waits(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    confirm_decisions_in_every_collection(&app).await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    let link = invite_by_address(&app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    let (desk, jar) = accept_in_own_browser(&mut app, &link).await;
    assert_eq!(state_of(&app, id).await, "under_review");
    let sent = send_decision(&app, id, "major_revision", None).await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    assert_eq!(state_of(&app, id).await, "decision_pending");

    let editor = browse_as(&mut app, &jar);
    let review = app
        .post_multipart(
            &desk,
            &[
                ("recommendation", "reject"),
                ("comments_to_authors", COMMENTS),
                ("confidential_comments", CONFIDENTIAL),
                ("action", "submit"),
            ],
            &[],
        )
        .await;
    assert_eq!(
        review.status,
        StatusCode::SEE_OTHER,
        "{}",
        review.visible_text()
    );
    browse_as(&mut app, &editor);
    let statuses: Vec<String> = app
        .with_db(move |conn| {
            use peerdesk::db::schema::review_invitations as ri;
            ri::table
                .filter(ri::submission_id.eq(id))
                .select(ri::status)
                .load(conn)
                .unwrap()
        })
        .await;
    assert_eq!(statuses, vec!["submitted"], "the late review is in");
    as_person(&app, &logins, HELEN).await;
    let page = app.get(&format!("/editorial/submissions/{id}")).await;
    assert!(
        page.visible_text().contains(COMMENTS),
        "the confirmer reads it"
    );
}

crate::on_both_backends!(a_late_review_comes_in_while_a_recommendation_waits);
