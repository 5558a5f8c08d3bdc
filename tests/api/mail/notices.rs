//! Who is told what (issue 16): an invitation's live link masked in the outbox, "all
//! reviews are in" once a round, and co-authors told of a withdrawal and of decisions.

use std::collections::HashMap;

use peerdesk::db::outbox;
use reqwest::StatusCode;

use crate::helpers::*;

/// What the reviewers of these tests write to the authors.
const REVIEW: &str = "The cohort is small but well described.";

/// Registers an administrator and signs them in.
async fn sign_in_as_administrator(app: &TestApp) {
    app.logout().await;
    make_office_administrator(app).await;
    app.login(OFFICE_ADMIN, OFFICE_PASSWORD).await;
}

async fn an_administrator_reads_an_invitation_without_its_live_link(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, _, link) = marta_invited(&app).await;
    let token = link.trim_start_matches("/invitations/").to_owned();
    assert_eq!(token.len(), 64, "{link}");
    // A password reset carries a secret too.
    app.logout().await;
    app.submit("/password/forgot", &[("email", SOFIA)]).await;
    let reset = app
        .link_in_last_mail_to(SOFIA, "/password/reset?token=")
        .expect("reset link");
    let reset_token = reset
        .trim_start_matches("/password/reset?token=")
        .to_owned();
    assert!(reset_token.len() >= 32, "{reset}");

    let rows = app.outbox();
    let invitation = rows
        .iter()
        .find(|m| m.kind == "reviewer_invited" && m.to_address == NEW_REVIEWER)
        .expect("the invitation");
    assert!(
        invitation.body_text.contains(&token),
        "the reviewer's copy keeps its link"
    );
    assert!(invitation.body_html.contains(&token));
    let reset_row = rows.iter().find(|m| m.kind == "password_reset").unwrap();

    sign_in_as_administrator(&app).await;
    let list = app.get("/admin/outbox").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.text.contains(&token));
    let page = app.get(&format!("/admin/outbox/{}", invitation.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.text.contains(&token),
        "the outbox shows the live link"
    );
    assert!(
        page.visible_text().contains("/invitations/••••••"),
        "{}",
        page.visible_text()
    );
    assert!(
        page.visible_text().contains("Germline BAP1"),
        "the rest is readable"
    );
    let page = app.get(&format!("/admin/outbox/{}", reset_row.id)).await;
    assert!(!page.text.contains(&reset_token));
    assert!(page.visible_text().contains("/password/reset?token=••••••"));

    // The reviewer's own link still works.
    let (reviewer, _) = app.another_visitor();
    let opened = reviewer.get(app.url(&link)).send().await.unwrap();
    assert_eq!(opened.status(), StatusCode::OK);
}

fn count_of(app: &TestApp, kind: &str) -> usize {
    app.outbox().iter().filter(|m| m.kind == kind).count()
}

/// Atif invites Marta Lindqvist and Nils Berg to review the demo's first submission;
/// returns their links.
async fn marta_and_nils_invited(backend: Backend) -> (TestApp, String, String) {
    let app = spawn_app(backend).await;
    let (_, id, marta) = marta_invited(&app).await;
    let nils = invite_by_address(&app, id, "Nils Berg", NILS).await;
    (app, marta, nils)
}

async fn all_reviews_are_in_once_when_no_invitation_is_still_open(backend: Backend) {
    let (mut app, marta, nils) = marta_and_nils_invited(backend).await;

    // Marta reviews while Nils has not answered: nothing to tell yet.
    let (marta_desk, marta_jar) =
        review_from_link(&mut app, &marta, "minor_revision", REVIEW).await;
    assert_eq!(count_of(&app, "review_received"), 1);
    assert_eq!(count_of(&app, "all_reviews_in"), 0, "Nils has not answered");

    // Nils reviews too: exactly one "all reviews are in", to the handling editor.
    review_from_link(&mut app, &nils, "minor_revision", REVIEW).await;
    let all_in: Vec<_> = app
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "all_reviews_in")
        .collect();
    assert_eq!(all_in.len(), 1);
    assert_eq!(all_in[0].to_address, ATIF);
    assert!(
        all_in[0].body_text.contains("(2 reviews)"),
        "{}",
        all_in[0].body_text
    );

    // Marta revises her review: nothing more is sent.
    let editor_jar = browse_as(&mut app, &marta_jar);
    let revised = "Small but well described; see Table 2.";
    send_review(&app, &marta_desk, "minor_revision", revised, "", "revise").await;
    browse_as(&mut app, &editor_jar);
    assert_eq!(count_of(&app, "all_reviews_in"), 1, "sent once per round");

    // The author was told it is under review, with the editor to answer.
    let under_review = app
        .mail_of_kind("submission_under_review")
        .expect("under review");
    assert_eq!(under_review.reply_to.as_deref(), Some(ATIF));
}

/// A declined or cancelled invitation does not hold the round up: when the last one still
/// open ends that way, the editor hears that the reviews are in (once).
async fn a_late_decline_completes_the_round_once(backend: Backend) {
    let (mut app, marta, nils) = marta_and_nils_invited(backend).await;
    review_from_link(&mut app, &marta, "minor_revision", REVIEW).await;
    assert_eq!(count_of(&app, "all_reviews_in"), 0);
    let before = browse_as(&mut app, &new_jar());
    let declined = post_on_page(
        &app,
        &nils,
        &format!("{nils}/decline"),
        &[
            ("reason_kind", "on_leave"),
            ("reason", "On leave until March."),
            ("suggested_alternative", ""),
        ],
    )
    .await;
    assert!(
        declined.status.is_redirection() || declined.status == StatusCode::OK,
        "{}",
        declined.visible_text()
    );
    browse_as(&mut app, &before);
    assert_eq!(count_of(&app, "all_reviews_in"), 1);
    assert!(
        app.outbox()
            .iter()
            .find(|m| m.kind == "all_reviews_in")
            .unwrap()
            .body_text
            .contains("(1 review)")
    );
}

/// Ben Moller, co-author, chose the daily digest; Ada Osei submits two manuscripts listing
/// him. Returns their ids, the handling editors' addresses, and the demo logins.
async fn ada_submits_twice_with_ben(
    app: &TestApp,
) -> (Vec<(i64, String)>, HashMap<String, String>) {
    let logins = app.load_demo().await;
    app.register_verified("Ben Moller", "ben@clinic.example", OFFICE_PASSWORD)
        .await;
    app.with_db(|conn| {
        use diesel::prelude::*;
        use peerdesk::db::schema::people;
        use peerdesk::domain::mail_choices::{MailChoices, Topic};
        let ben: i64 = people::table
            .filter(people::email.eq("ben@clinic.example"))
            .select(people::id)
            .first(conn)
            .unwrap();
        let all = MailChoices {
            digest: Topic::ALL.to_vec(),
        };
        peerdesk::db::mail_choices::set(conn, ben, &all).unwrap();
    })
    .await;
    signed_in_author(app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(app).await;
    let mut made = Vec::new();
    for key in ["1", "2"] {
        let fields = complete_form(collection_id, &topic, &key.repeat(32));
        let id = submit_manuscript(app, &fields).await;
        let (_, editor) = handling_editor(app, id).await.expect("a handling editor");
        made.push((id, editor));
    }
    (made, logins)
}

fn mail_about(app: &TestApp, id: i64, kind: &str, to: &str) -> outbox::OutboxMessage {
    let number = format!("-{id:04}");
    app.outbox()
        .into_iter()
        .find(|m| {
            m.kind == kind
                && m.to_address == to
                && m.thread_key
                    .as_deref()
                    .is_some_and(|k| k.ends_with(&number))
        })
        .unwrap_or_else(|| panic!("a {kind} to {to} about {id}"))
}

/// Long because it is one co-author's inbox across two manuscripts, each message checked word
/// by word.
async fn co_authors_hear_of_withdrawal_and_decisions(backend: Backend) {
    let app = spawn_app(backend).await;
    let (made, logins) = ada_submits_twice_with_ben(&app).await;
    let (withdrawn, withdrawn_editor) = made[0].clone();
    let (decided, decided_editor) = made[1].clone();

    // Ada withdraws the first.
    let done = app
        .post_form(
            &format!("/submissions/{withdrawn}/withdraw"),
            &[("reason", "We found an error in the cohort data.")],
        )
        .await;
    assert_eq!(
        done.status,
        StatusCode::SEE_OTHER,
        "{}",
        done.visible_text()
    );
    let to_ada = mail_about(&app, withdrawn, "submission_withdrawn", "ada@uni.example");
    assert!(
        to_ada.body_text.contains("has been withdrawn by you"),
        "{}",
        to_ada.body_text
    );
    assert!(
        to_ada
            .body_text
            .contains("We found an error in the cohort data.")
    );
    assert!(
        !to_ada.body_text.contains("nothing more is needed"),
        "the editor's words"
    );
    assert_eq!(to_ada.reply_to.as_deref(), Some(withdrawn_editor.as_str()));
    assert!(
        to_ada
            .body_text
            .contains(&format!("/submissions/{withdrawn}"))
    );

    let to_editor = mail_about(&app, withdrawn, "withdrawal_to_editor", &withdrawn_editor);
    assert!(to_editor.body_text.contains("The manuscript you handle"));
    assert!(to_editor.body_text.contains("withdrawn by Ada Osei"));
    assert!(
        to_editor
            .body_text
            .contains("nothing more is needed from you")
    );
    assert!(to_editor.reply_to.is_some());

    let to_ben = mail_about(
        &app,
        withdrawn,
        "withdrawal_to_co_author",
        "ben@clinic.example",
    );
    assert!(to_ben.body_text.contains("Dear Ben Moller"));
    assert!(to_ben.body_text.contains("withdrawn by Ada Osei"));
    assert!(
        to_ben
            .body_text
            .contains("You are listed as one of its authors.")
    );
    assert!(
        !to_ben.body_text.contains("/submissions/"),
        "a page he cannot open"
    );
    assert_eq!(to_ben.status, outbox::HELD, "Ben chose the daily digest");

    // The handling editor desk-rejects the second: Ada gets the letter, Ben the outcome.
    app.logout().await;
    app.login(&decided_editor, &logins[&decided_editor]).await;
    let sent = send_decision(&app, decided, "desk_reject", None).await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    let letter = mail_about(&app, decided, "decision_letter", "ada@uni.example");
    let to_ben = mail_about(&app, decided, "decision_to_co_author", "ben@clinic.example");
    assert!(
        to_ben.subject.ends_with(": Reject without review"),
        "{}",
        to_ben.subject
    );
    assert!(to_ben.body_text.contains("Dear Ben Moller"));
    assert!(to_ben.body_text.contains("    Reject without review"));
    assert!(
        to_ben
            .body_text
            .contains("corresponding author, Ada Osei, who handles"),
        "{}",
        to_ben.body_text
    );
    assert!(
        !to_ben.body_text.contains("Dear Ada Osei"),
        "the notice does not carry the letter:\n{}",
        letter.body_text
    );
    assert_eq!(to_ben.reply_to.as_deref(), Some(decided_editor.as_str()));
    assert_eq!(to_ben.status, outbox::HELD, "Ben chose the daily digest");
    assert_eq!(
        app.outbox()
            .iter()
            .filter(|m| m.kind == "decision_to_co_author")
            .count(),
        1,
        "Ada, the corresponding author, gets the letter and no notice"
    );
}

crate::on_both_backends!(
    an_administrator_reads_an_invitation_without_its_live_link,
    all_reviews_are_in_once_when_no_invitation_is_still_open,
    a_late_decline_completes_the_round_once,
    co_authors_hear_of_withdrawal_and_decisions,
);
