//! Decisions and the decision letter, over HTTP on both backends: desk rejection, a
//! decision after review quoting "Reviewer 1" (never names, never confidential comments),
//! refused moves, conflicted editors, and two decisions at once.

use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use peerdesk::db::schema::{decision_letters, review_invitations};

async fn letters(app: &TestApp, id: i64) -> Vec<(String, String)> {
    app.with_db(move |conn| {
        decision_letters::table
            .filter(decision_letters::submission_id.eq(id))
            .order(decision_letters::id)
            .select((decision_letters::kind, decision_letters::letter))
            .load(conn)
            .unwrap()
    })
    .await
}

/// Long because it is one story read top to bottom: each step checks what the one before left.
async fn desk_rejection_is_emailed_and_shown_to_the_author(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;

    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    assert_eq!(
        editorial.select("#decide-desk_reject").len(),
        1,
        "desk rejection offered on a submitted manuscript"
    );
    assert!(editorial.select("#decide-accept").is_empty());

    let page = app
        .get(&format!("{}?kind=desk_reject", decision_path(id)))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let draft = page.select("textarea#letter").join("");
    assert!(draft.starts_with("Dear Sofia Bianchi,"), "{draft}");
    assert!(draft.contains("not been sent for review"), "{draft}");
    assert!(
        draft.contains("Atif A. Ahmed"),
        "signed by the editor: {draft}"
    );

    // Preview shows the edited letter and sends nothing.
    let letter = format!("{draft}\nP.S. The scope of the collection is narrower.");
    let preview = post_on_page(
        &app,
        &format!("{}?kind=desk_reject", decision_path(id)),
        &decision_path(id),
        &[
            ("kind", "desk_reject"),
            ("letter", &letter),
            ("expected_state", "submitted"),
            ("action", "preview"),
        ],
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(
        preview
            .select("#letter-preview")
            .join("")
            .contains("The scope of the collection is narrower.")
    );
    assert!(letters(&app, id).await.is_empty());
    assert_eq!(state_of(&app, id).await, "submitted");

    let sent = send_decision(&app, id, "desk_reject", Some(&letter)).await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    assert_eq!(state_of(&app, id).await, "rejected");
    assert_eq!(letters(&app, id).await.len(), 1);
    assert_eq!(
        moves(&app, id).await.last().map(String::as_str),
        Some("desk_reject")
    );
    let mail = app
        .mails_to(SOFIA)
        .into_iter()
        .find(|m| m.contains("Decision on"))
        .expect("the decision letter is e-mailed");
    assert!(
        mail.contains("The scope of the collection is narrower."),
        "{mail}"
    );
    assert!(
        app.outbox()
            .iter()
            .any(|m| m.kind == "decision_letter" && m.reply_to.as_deref() == Some(ATIF)),
        "replies go to the editor"
    );

    as_person(&app, &logins, SOFIA).await;
    let show = app.get(&format!("/submissions/{id}")).await;
    assert_eq!(show.select("#state").join(""), "Rejected");
    let text = show.visible_text();
    assert!(text.contains("Decision letters"), "{text}");
    assert!(
        text.contains("The scope of the collection is narrower."),
        "{text}"
    );
}

crate::on_both_backends!(desk_rejection_is_emailed_and_shown_to_the_author);

async fn a_minor_revision_quotes_reviewer_1_and_nothing_confidential(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    one_review_round(&mut app, &logins, id).await;
    assert_eq!(state_of(&app, id).await, "under_review");
    // A second reviewer who never answers: the decision ends the invitation.
    invite_by_address(&app, id, "Nils Berg", NILS).await;

    let page = app
        .get(&format!("{}?kind=minor_revision", decision_path(id)))
        .await;
    let draft = page.select("textarea#letter").join("");
    assert!(draft.contains("Reviewer 1"), "{draft}");
    assert!(draft.contains(COMMENTS), "{draft}");
    assert!(!draft.contains(CONFIDENTIAL), "{draft}");
    assert!(!draft.contains("Marta"), "{draft}");
    assert!(!draft.contains("Lindqvist"), "{draft}");

    let sent = send_decision(&app, id, "minor_revision", None).await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    assert_eq!(state_of(&app, id).await, "revision_requested");
    let statuses: Vec<String> = app
        .with_db(move |conn| {
            review_invitations::table
                .filter(review_invitations::submission_id.eq(id))
                .order(review_invitations::id)
                .select(review_invitations::status)
                .load(conn)
                .unwrap()
        })
        .await;
    assert_eq!(
        statuses,
        vec!["submitted", "cancelled"],
        "the round is over"
    );

    let mail = app
        .mails_to(SOFIA)
        .into_iter()
        .find(|m| m.contains("Decision on"))
        .expect("the decision letter is e-mailed");
    for hidden in [CONFIDENTIAL, "Marta", "Lindqvist", NEW_REVIEWER] {
        assert!(!mail.contains(hidden), "{hidden} in {mail}");
    }
    assert!(mail.contains("Reviewer 1"), "{mail}");
    assert!(mail.contains("follow-up times"), "{mail}");
    let to_reviewer = app.mails_to(NEW_REVIEWER).join("\n");
    // The reviewer is thanked and told the decision (issue 19 part 3), not sent the letter.
    assert!(
        to_reviewer.contains("The handling editor has decided: Minor revision"),
        "{to_reviewer}"
    );
    assert!(
        !to_reviewer.contains("Dear Sofia"),
        "the letter is not sent to reviewers"
    );

    as_person(&app, &logins, SOFIA).await;
    let show = app.get(&format!("/submissions/{id}")).await;
    assert_eq!(show.select("#state").join(""), "Revision requested");
    let text = show.visible_text();
    assert!(text.contains("Reviewer 1"), "{text}");
    for hidden in [CONFIDENTIAL, "Marta", "Lindqvist"] {
        assert!(!text.contains(hidden), "{hidden} on the author's page");
    }
}

crate::on_both_backends!(a_minor_revision_quotes_reviewer_1_and_nothing_confidential);

async fn reviewers_keep_one_number_in_the_letter_and_on_the_editors_page(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    // Marta is invited first and agrees first; Nils's review comes in first.
    let marta_link = invite_by_address(&app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    let nils_link = invite_by_address(&app, id, "Nils Berg", NILS).await;
    let (marta_desk, marta) = accept_in_own_browser(&mut app, &marta_link).await;
    let (nils_desk, nils) = accept_in_own_browser(&mut app, &nils_link).await;
    submit_review_as(&mut app, &nils, &nils_desk, "Nils: expand the methods.", "").await;
    submit_review_as(&mut app, &marta, &marta_desk, "Marta: add a table.", "").await;

    let draft = app
        .get(&format!("{}?kind=minor_revision", decision_path(id)))
        .await
        .select("textarea#letter")
        .join("");
    assert!(
        draft.contains("Reviewer 1: > Marta: add a table."),
        "{draft}"
    );
    assert!(
        draft.contains("Reviewer 2: > Nils: expand the methods."),
        "{draft}"
    );
    assert!(draft.find("Reviewer 1:") < draft.find("Reviewer 2:"));

    let page = app.get(&format!("/editorial/submissions/{id}")).await;
    let lines = page.select(".review-line > p:first-child");
    assert!(lines.len() >= 2, "{lines:?}");
    assert!(
        lines[0].starts_with("Reviewer 1: Marta Lindqvist"),
        "{lines:?}"
    );
    assert!(lines[1].starts_with("Reviewer 2: Nils Berg"), "{lines:?}");
    // The e-mail telling the editor of Nils's review gives the same number.
    let received = app
        .outbox()
        .into_iter()
        .find(|m| m.kind == "review_received" && m.body_text.contains("Nils Berg"))
        .expect("the editor is told");
    assert!(
        received.body_text.contains("Nils Berg (Reviewer 2)"),
        "{}",
        received.body_text
    );
}

crate::on_both_backends!(reviewers_keep_one_number_in_the_letter_and_on_the_editors_page);

/// Long because it is one story read top to bottom: each step checks what the one before left.
async fn refused_decisions_change_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;

    // A conflicted editor gets the same 404 as for a submission that does not exist.
    as_person(&app, &logins, BRUNA).await;
    assert_eq!(
        app.get(&format!("{}?kind=desk_reject", decision_path(id)))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let crafted = post_on_page(
        &app,
        "/dashboard",
        &decision_path(id),
        &[
            ("kind", "desk_reject"),
            ("letter", "Dear author, no."),
            ("expected_state", "submitted"),
            ("action", "send"),
        ],
    )
    .await;
    assert_eq!(crafted.status, StatusCode::NOT_FOUND);

    // Accepting a submitted manuscript is refused with a clear message, input kept.
    as_person(&app, &logins, ATIF).await;
    let page = app.get(&format!("{}?kind=accept", decision_path(id))).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let crafted = post_on_page(
        &app,
        &decision_path(id),
        &decision_path(id),
        &[
            ("kind", "accept"),
            ("letter", "Dear Sofia, accepted at once."),
            ("expected_state", "submitted"),
            ("action", "send"),
        ],
    )
    .await;
    assert_eq!(crafted.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = crafted.visible_text();
    assert!(
        text.contains("A submission that is submitted cannot be accepted"),
        "{text}"
    );
    assert!(crafted.text.contains("Dear Sofia, accepted at once."));

    // An empty letter and an unknown kind: shown on the page, never a 500.
    for (kind, letter, field) in [
        ("desk_reject", "   ", "letter"),
        ("hurrah", "Dear Sofia", "kind"),
    ] {
        let bad = post_on_page(
            &app,
            &decision_path(id),
            &decision_path(id),
            &[
                ("kind", kind),
                ("letter", letter),
                ("expected_state", "submitted"),
                ("action", "send"),
            ],
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{kind}");
        assert!(bad.visible_text().contains("Please correct"), "{kind}");
        if field == "letter" {
            assert!(bad.field_error("letter").is_some());
        }
    }
    assert_eq!(state_of(&app, id).await, "submitted");
    assert!(letters(&app, id).await.is_empty());
    assert!(
        app.mails_to(SOFIA)
            .iter()
            .all(|m| !m.contains("Decision on"))
    );
}

crate::on_both_backends!(refused_decisions_change_nothing);

/// Two decisions sent at once from two sessions: exactly one wins; the other is told the
/// Long because the race is one story: two sessions read the page, send at once, and every
/// trace of the outcome is checked.
/// submission was already decided, and nothing of it is recorded.
async fn two_decisions_at_once_one_wins(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    one_review_round(&mut app, &logins, id).await;

    // Two browser sessions, both on the decision page while the state is under review.
    let mut forms = Vec::new();
    for kind in ["reject", "minor_revision"] {
        browse_as(&mut app, &new_jar());
        as_person(&app, &logins, ATIF).await;
        let page_path = format!("{}?kind={kind}", decision_path(id));
        let page = app.get(&page_path).await;
        forms.push((
            app.client.clone(),
            kind,
            page.attr("input[name=csrf_token]", "value").unwrap(),
            page.select("textarea#letter").join(""),
            page.attr("input[name=expected_state]", "value").unwrap(),
        ));
    }
    let url = app.url(&decision_path(id));
    let post = |(client, kind, csrf, letter, expected): (
        reqwest::Client,
        &str,
        String,
        String,
        String,
    )| {
        let url = url.clone();
        let kind = kind.to_owned();
        async move {
            let r = client
                .post(url)
                .form(&[
                    ("kind", kind.as_str()),
                    ("letter", &letter),
                    ("expected_state", &expected),
                    ("action", "send"),
                    ("csrf_token", &csrf),
                ])
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let mut it = forms.into_iter();
    let (a, b) = tokio::join!(post(it.next().unwrap()), post(it.next().unwrap()));
    let outcomes = [a, b];
    let won = outcomes
        .iter()
        .filter(|(s, _)| *s == StatusCode::SEE_OTHER)
        .count();
    assert_eq!(
        won,
        1,
        "exactly one decision wins: {:?}",
        outcomes.iter().map(|o| o.0).collect::<Vec<_>>()
    );
    let lost = outcomes
        .iter()
        .find(|(s, _)| *s != StatusCode::SEE_OTHER)
        .unwrap();
    assert_eq!(lost.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(lost.1.contains("already been decided"), "{}", lost.1);

    assert_eq!(letters(&app, id).await.len(), 1, "one letter");
    let decided: Vec<String> = moves(&app, id)
        .await
        .into_iter()
        .filter(|k| k == "reject" || k == "request_revision")
        .collect();
    assert_eq!(decided.len(), 1, "one state change: {decided:?}");
    let state = state_of(&app, id).await;
    assert!(
        state == "rejected" || state == "revision_requested",
        "{state}"
    );
    assert_eq!(
        app.mails_to(SOFIA)
            .iter()
            .filter(|m| m.contains("Decision on"))
            .count(),
        1,
        "one letter e-mailed"
    );
}

crate::on_both_backends!(two_decisions_at_once_one_wins);

/// The same race one level down: two `decide` calls on two threads, each with its own
/// connection, released together. One decision is recorded; the other is refused.
async fn two_decide_calls_on_two_threads_one_wins(backend: Backend) {
    use peerdesk::domain::decision::DecisionKind;
    use peerdesk::domain::submission_state::SubmissionState;
    use peerdesk::workflow::decision::{DecideOutcome, Decision, decide};

    let app = spawn_app(backend).await;
    app.load_demo().await;
    let id = first_submission(&app).await;
    let site = app.state.config.site();
    let editor = {
        let mut conn = app.state.db.get().unwrap();
        peerdesk::db::accounts::find_person_by_email(&mut conn, ATIF)
            .unwrap()
            .unwrap()
    };
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let threads: Vec<_> = ["First letter.", "Second letter."]
        .into_iter()
        .map(|letter| {
            let mut conn = app.state.db.get().unwrap();
            let (editor, site, barrier) = (editor.clone(), site.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                let decision = Decision {
                    kind: DecisionKind::DeskReject,
                    letter,
                    expected_state: SubmissionState::Submitted,
                    revision_due: None,
                };
                decide(&mut conn, &editor, &[], id, &decision, &site).unwrap()
            })
        })
        .collect();
    let outcomes: Vec<DecideOutcome> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let decided = outcomes
        .iter()
        .filter(|o| matches!(o, DecideOutcome::Decided { .. }))
        .count();
    assert_eq!(decided, 1, "{outcomes:?}");
    assert!(
        outcomes
            .iter()
            .any(|o| matches!(o, DecideOutcome::Refused(m) if m.contains("already been decided"))),
        "{outcomes:?}"
    );
    assert_eq!(letters(&app, id).await.len(), 1);
    let desk: Vec<String> = moves(&app, id)
        .await
        .into_iter()
        .filter(|k| k == "desk_reject")
        .collect();
    assert_eq!(desk.len(), 1);
    assert_eq!(state_of(&app, id).await, "rejected");
}

crate::on_both_backends!(two_decide_calls_on_two_threads_one_wins);
