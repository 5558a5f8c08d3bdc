//! Revised versions: round 2 with the earlier reviewer offered again, what its reviewers
//! read, who may send one and when, and a revised version accepted without another review.

use std::collections::HashMap;

use diesel::prelude::*;
use reqwest::StatusCode;

use super::*;
use peerdesk::db::schema::{review_invitations, revision_responses};

/// Long because it is one story read top to bottom: each step checks what the one before left.
async fn a_revised_version_opens_round_2_with_the_earlier_reviewer_offered(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, id) = revision_requested(&mut app).await;
    let revision = format!("/submissions/{id}/revision");

    as_person(&app, &logins, SOFIA).await;
    let show = app.get(&format!("/submissions/{id}")).await;
    assert_eq!(
        show.attr("#send-revision-link", "href").as_deref(),
        Some(revision.as_str())
    );
    let files_before = file_rounds(&app, id).await;

    refused_revisions_write_nothing(&app, id, &files_before).await;

    app.post_multipart_taken(
        &revision,
        &[("response", RESPONSE), ("ai_use", "none")],
        &[
            ("manuscript", "revised.pdf", pdf_bytes()),
            ("supplementary", "tracked-changes.pdf", pdf_bytes()),
        ],
    )
    .await;
    assert_eq!(state_of(&app, id).await, "submitted");
    assert_eq!(round_of(&app, id).await, 2);
    let rounds = file_rounds(&app, id).await;
    assert_eq!(
        rounds[files_before.len()..],
        [
            (2, "manuscript".to_owned()),
            (2, "supplementary".to_owned())
        ],
        "the revised files are round 2's; round 1's stay"
    );
    assert_eq!(&rounds[..files_before.len()], files_before.as_slice());
    let responses: Vec<(i32, String)> = app
        .with_db(move |conn| {
            revision_responses::table
                .filter(revision_responses::submission_id.eq(id))
                .select((revision_responses::round, revision_responses::response))
                .load(conn)
                .unwrap()
        })
        .await;
    assert_eq!(responses, vec![(2, RESPONSE.to_owned())]);
    assert!(kinds_to(&app, SOFIA).contains(&"revision_received".to_owned()));
    // The author's pages say what happened: a revised version, not a first submission.
    let show = app.get(&format!("/submissions/{id}")).await;
    assert_eq!(
        show.select("#state").join(""),
        "Revised version submitted (round 2)"
    );
    let timeline = show.select(".timeline li").join("\n");
    assert!(
        timeline.contains("Revised version submitted (round 2) by you"),
        "{timeline}"
    );
    assert!(!timeline.contains("Now submitted"), "{timeline}");
    let mine = app.get("/submissions").await.select("td .state").join("|");
    assert!(
        mine.contains("Revised version submitted (round 2)"),
        "{mine}"
    );
    // Her answer to it reaches the handling editor.
    the_handling_editor_hears_of_it(&app);

    // Sending it again changes nothing: it is no longer waiting for a revision.
    let again = send_revision(&app, id, RESPONSE).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.visible_text().contains("cannot be resubmitted"));
    assert_eq!(round_of(&app, id).await, 2);

    // The editor sees the response and offers the round-1 reviewer again.
    the_round_1_reviewer_reviews_round_2(&mut app, &logins, id).await;
    the_chief_rules_on_every_signal(&app, id).await;

    // The acceptance letter quotes round 2's review only.
    let draft = app
        .get(&format!("/editorial/submissions/{id}/decision?kind=accept"))
        .await
        .select("textarea#letter")
        .join("");
    assert!(draft.contains(ROUND_2_COMMENTS), "{draft}");
    assert!(!draft.contains(COMMENTS), "{draft}");
    let sent = send_decision(&app, id, "accept", None).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert_eq!(state_of(&app, id).await, "accepted");
    assert_eq!(
        moves(&app, id).await,
        [
            TO_A_REVISED_VERSION.as_slice(),
            &["first_reviewer_accepts", "accept"]
        ]
        .concat()
    );

    // Every round stays readable to the author: both letters, the response, both rounds' files.
    as_person(&app, &logins, SOFIA).await;
    let show = app.get(&format!("/submissions/{id}")).await;
    assert_eq!(show.select(".decision-letter").len(), 2);
    assert!(show.visible_text().contains(RESPONSE));
    assert!(show.select("#send-revision-link").is_empty());
}

/// A revision without a manuscript, and one with a "PDF" that is not one and no response,
/// are refused with what was typed kept; nothing is written.
async fn refused_revisions_write_nothing(app: &TestApp, id: i64, files_before: &[(i32, String)]) {
    let revision = format!("/submissions/{id}/revision");
    // No manuscript: the response is kept, nothing is written.
    let refused = app
        .post_multipart(&revision, &[("response", RESPONSE)], &[])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .select("#manuscript-error")
            .join("")
            .contains("Attach the revised manuscript")
    );
    assert_eq!(refused.select("textarea#response").join(""), RESPONSE);
    // A "PDF" that is not one, and no response.
    let refused = app
        .post_multipart(
            &revision,
            &[("response", "  ")],
            &[("manuscript", "revised.pdf", b"just text".to_vec())],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .select("#response-error")
            .join("")
            .contains("Write your response")
    );
    assert!(
        refused
            .select("#manuscript-error")
            .join("")
            .contains("is not a PDF")
    );
    assert_eq!(state_of(app, id).await, "revision_requested");
    assert_eq!(round_of(app, id).await, 1);
    assert_eq!(file_rounds(app, id).await, files_before);
}

/// The author's answer to the revision, with the handling editor to reply to, and the
/// handling editor's notice naming the earlier round's reviewer.
fn the_handling_editor_hears_of_it(app: &TestApp) {
    let received = app.mail_of_kind("revision_received").unwrap();
    assert_eq!(received.reply_to.as_deref(), Some(ATIF));
    let to_editor = app
        .mail_of_kind("revision_to_editor")
        .expect("the handling editor is told");
    assert_eq!(to_editor.to_address, ATIF);
    assert!(
        to_editor
            .body_text
            .contains("Marta Lindqvist (Reviewed round 1 as Reviewer 1)"),
        "{}",
        to_editor.body_text
    );
}

/// Atif reads the response and invites the round-1 reviewer again, from the list of earlier
/// reviewers; she accepts and reviews round 2.
async fn the_round_1_reviewer_reviews_round_2(
    app: &mut TestApp,
    logins: &HashMap<String, String>,
    id: i64,
) {
    as_person(app, logins, ATIF).await;
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    assert_eq!(editorial.select("#round").join(""), "2");
    assert!(editorial.visible_text().contains(RESPONSE));
    let reviewers = app
        .get(&format!("/editorial/submissions/{id}/reviewers"))
        .await;
    let earlier = reviewers.select("#earlier").join(" ");
    assert!(earlier.contains("Marta Lindqvist"), "{earlier}");
    assert!(earlier.contains("Reviewed round 1"), "{earlier}");
    let marta = app.person_id(NEW_REVIEWER).await;
    let invited = app
        .post_form(
            &format!("/editorial/submissions/{id}/reviewers"),
            &[
                ("person_id", &marta.to_string()),
                (
                    "due_on",
                    &reviewers
                        .attr("#earlier input[name=due_on]", "value")
                        .unwrap(),
                ),
                ("message", "Would you read the revised version?"),
            ],
        )
        .await;
    assert_eq!(
        invited.status,
        StatusCode::SEE_OTHER,
        "{}",
        invited.visible_text()
    );
    let link = invitation_link(app, NEW_REVIEWER).expect("a new invitation");
    review_from_link(app, &link, "accept", ROUND_2_COMMENTS).await;
    assert_eq!(state_of(app, id).await, "under_review");
    let invitation_rounds: Vec<(i32, String)> = app
        .with_db(move |conn| {
            review_invitations::table
                .filter(review_invitations::submission_id.eq(id))
                .order(review_invitations::id)
                .select((review_invitations::round, review_invitations::status))
                .load(conn)
                .unwrap()
        })
        .await;
    assert_eq!(
        invitation_rounds,
        vec![(1, "submitted".to_owned()), (2, "submitted".to_owned())]
    );
}

crate::on_both_backends!(a_revised_version_opens_round_2_with_the_earlier_reviewer_offered);

/// The author signs the response: under double-blind review that name must not reach the
/// reviewers.
const SIGNED_RESPONSE: &str =
    "Point 1: we added the follow-up times to Table 2.\n\nSofia Bianchi, for the authors";

/// Long because it is one reviewer's desk read before and after the declaration, under single-
/// and double-blind review.
async fn a_round_2_reviewer_reads_the_response_the_letter_and_the_round_1_comments(
    backend: Backend,
) {
    let mut app = spawn_app(backend).await;
    let (logins, id) = revision_requested(&mut app).await;
    let revision = format!("/submissions/{id}/revision");
    as_person(&app, &logins, SOFIA).await;
    let form = app.get(&revision).await;
    assert!(
        form.select("#response-hint")
            .join("")
            .contains("the reviewers of the revised version"),
        "the author is told who reads it"
    );
    let sent = send_revision(&app, id, SIGNED_RESPONSE).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);

    as_person(&app, &logins, ATIF).await;
    let link = invite_by_address(&app, id, "Nils Berg", NILS).await;
    // Before the declaration nothing of the earlier rounds shows.
    let nils = new_jar();
    let editor = browse_as(&mut app, &nils);
    let invitation = app.get(&link).await.visible_text();
    assert!(
        invitation.contains("This is a revised version (round 2)"),
        "{invitation}"
    );
    let accepted = post_on_page(&app, &link, &format!("{link}/accept"), &[]).await;
    let desk = accepted.location.clone().expect("to the review desk");
    let before = app.get(&desk).await.visible_text();
    assert!(!before.contains(COMMENTS), "{before}");
    assert!(!before.contains("follow-up times to Table 2"), "{before}");
    post_on_page(
        &app,
        &desk,
        &format!("{desk}/declaration"),
        &[("answer", "none"), ("confidential", "yes")],
    )
    .await;

    let page = app.get(&desk).await;
    let response = page.select("#authors-response").join(" ");
    assert!(
        response.contains("we added the follow-up times to Table 2"),
        "{response}"
    );
    let earlier = page.select("#earlier-rounds").join(" ");
    assert!(earlier.contains("Round 1"), "{earlier}");
    assert!(earlier.contains("Reviewer 1"), "{earlier}");
    assert!(earlier.contains(COMMENTS), "round 1's comments: {earlier}");
    assert!(
        earlier.contains("Decision: Minor revision")
            && earlier.contains("may be accepted after a minor revision"),
        "round 1's letter: {earlier}"
    );
    let text = page.visible_text();
    for hidden in [CONFIDENTIAL, "Marta", "Lindqvist", NEW_REVIEWER] {
        assert!(
            !text.contains(hidden),
            "{hidden} on a reviewer's desk: {text}"
        );
    }
    // Single-blind: the reviewers see the authors' names anyway.
    assert!(earlier.contains("Dear Sofia Bianchi"), "{earlier}");

    // Double-blind: the same page names no author anywhere.
    app.with_db(|conn| {
        use peerdesk::db::schema::collections;
        diesel::update(collections::table)
            .set(collections::blinding.eq("double"))
            .execute(conn)
            .unwrap();
    })
    .await;
    let page = app.get(&desk).await;
    let text = page.visible_text();
    assert!(text.contains(COMMENTS), "{text}");
    assert!(
        text.contains("we added the follow-up times to Table 2"),
        "{text}"
    );
    assert!(
        text.contains("may be accepted after a minor revision"),
        "{text}"
    );
    for hidden in [
        "Sofia",
        "Bianchi",
        SOFIA,
        "San Martino",
        CONFIDENTIAL,
        "Marta",
    ] {
        assert!(
            !text.contains(hidden),
            "{hidden} under double-blind: {text}"
        );
    }
    browse_as(&mut app, &editor);
}

crate::on_both_backends!(a_round_2_reviewer_reads_the_response_the_letter_and_the_round_1_comments);

async fn only_the_submitter_sends_a_revision_and_only_when_asked(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    let revision = format!("/submissions/{id}/revision");
    // Not asked for yet: the page says why, a crafted POST is refused.
    as_person(&app, &logins, SOFIA).await;
    let page = app.get(&revision).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.visible_text().contains("cannot be resubmitted"));
    assert!(page.select("#send-revision").is_empty());
    let crafted = send_revision(&app, id, RESPONSE).await;
    assert_eq!(crafted.status, StatusCode::CONFLICT);
    assert_eq!(round_of(&app, id).await, 1);

    one_review_round(&mut app, &logins, id).await;
    send_decision(&app, id, "minor_revision", None).await;
    // The handling editor is not the author: 404, nothing written.
    let by_editor = send_revision(&app, id, RESPONSE).await;
    assert_eq!(by_editor.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&revision).await.status, StatusCode::NOT_FOUND);
    assert_eq!(state_of(&app, id).await, "revision_requested");
    assert_eq!(round_of(&app, id).await, 1);
}

crate::on_both_backends!(only_the_submitter_sends_a_revision_and_only_when_asked);

async fn a_revised_version_can_be_accepted_without_another_review(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, id) = revision_requested(&mut app).await;
    as_person(&app, &logins, SOFIA).await;
    let sent = send_revision(&app, id, RESPONSE).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);

    // The editor reads the response and decides on it alone: every decision but "without
    // review" is offered for a revised version.
    as_person(&app, &logins, ATIF).await;
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    for kind in ["accept", "minor_revision", "major_revision", "reject"] {
        assert_eq!(
            editorial.select(&format!("#decide-{kind}")).len(),
            1,
            "{kind}"
        );
    }
    assert!(editorial.select("#decide-desk_reject").is_empty());
    let crafted = send_decision(&app, id, "desk_reject", Some("Dear authors, no.")).await;
    assert_eq!(crafted.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        crafted.visible_text().contains("reject it instead"),
        "{}",
        crafted.visible_text()
    );
    assert_eq!(state_of(&app, id).await, "submitted");

    the_chief_rules_on_every_signal(&app, id).await;
    let accepted = send_decision(&app, id, "accept", None).await;
    assert_eq!(
        accepted.status,
        StatusCode::SEE_OTHER,
        "{}",
        accepted.visible_text()
    );
    assert_eq!(state_of(&app, id).await, "accepted");
    assert_eq!(
        moves(&app, id).await,
        [TO_A_REVISED_VERSION.as_slice(), &["accept"]].concat()
    );
}

crate::on_both_backends!(a_revised_version_can_be_accepted_without_another_review);

/// With a revised version in, the reviewers page offers the earlier rounds' reviewers
/// ticked, to invite together: nobody ticked is refused on the page; the ticked ones are
/// invited once each; a second press invites nobody twice and says so.
async fn the_earlier_reviewers_are_invited_again_together(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, id) = revision_requested(&mut app).await;
    as_person(&app, &logins, SOFIA).await;
    assert_eq!(
        send_revision(&app, id, RESPONSE).await.status,
        StatusCode::SEE_OTHER
    );
    as_person(&app, &logins, ATIF).await;
    let reviewers = format!("/editorial/submissions/{id}/reviewers");
    let again = format!("{reviewers}/again");
    let page = app.get(&reviewers).await;
    let marta = app.person_id(NEW_REVIEWER).await.to_string();
    assert_eq!(
        page.attr("#invite-again-form input[name=person_id]", "value"),
        Some(marta.clone())
    );
    assert!(
        page.attr("#invite-again-form input[name=person_id]", "checked")
            .is_some()
    );
    let due = page.attr("#again_due", "value").expect("a due date");

    let none = app
        .post_form(&again, &[("due_on", due.as_str()), ("message", "Kept?")])
        .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        none.field_error("again")
            .unwrap()
            .contains("Tick at least one")
    );
    let invitations = |app: &TestApp| {
        app.outbox()
            .into_iter()
            .filter(|m| m.kind == "reviewer_invited" && m.to_address == NEW_REVIEWER)
            .count()
    };
    assert_eq!(invitations(&app), 1, "round 1's only");

    let fields = [
        ("person_id", marta.as_str()),
        ("due_on", due.as_str()),
        ("message", "Would you read the revised version?"),
    ];
    let sent = app.post_form(&again, &fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let told = app.get(sent.location.as_deref().unwrap()).await;
    assert!(
        told.select(".flash")
            .join("")
            .contains("Invited again: Marta Lindqvist."),
        "{}",
        told.visible_text()
    );
    assert_eq!(invitations(&app), 2);
    let mail = app.mails_to(NEW_REVIEWER).into_iter().last().unwrap();
    assert!(
        mail.contains("Would you read the revised version?"),
        "{mail}"
    );

    let twice = app.post_form(&again, &fields).await;
    let told = app.get(twice.location.as_deref().unwrap()).await;
    assert!(
        told.select(".flash")
            .join("")
            .contains("Marta Lindqvist was not invited"),
        "{}",
        told.visible_text()
    );
    assert_eq!(invitations(&app), 2, "invited once");
}

crate::on_both_backends!(the_earlier_reviewers_are_invited_again_together);

/// The reviewer of round 1, reviewing round 2, is asked whether the authors addressed her
/// comments: her review is refused without an answer (the text kept), taken with one, and
/// the editor reads the answer beside her recommendation. A new reviewer is not asked.
async fn a_re_reviewer_says_whether_her_comments_were_addressed(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, id) = revision_requested(&mut app).await;
    as_person(&app, &logins, SOFIA).await;
    send_revision(&app, id, RESPONSE).await;
    as_person(&app, &logins, ATIF).await;
    let marta = app.person_id(NEW_REVIEWER).await.to_string();
    let page = app
        .get(&format!("/editorial/submissions/{id}/reviewers"))
        .await;
    let due = page.attr("#again_due", "value").expect("a due date");
    app.post_form(
        &format!("/editorial/submissions/{id}/reviewers/again"),
        &[("person_id", marta.as_str()), ("due_on", due.as_str())],
    )
    .await;
    let link = invitation_link(&app, NEW_REVIEWER).expect("the re-review invitation");
    let (desk, jar) = accept_in_own_browser(&mut app, &link).await;
    let nils = invite_by_address(&app, id, "Nils Berg", NILS).await;
    let (nils_desk, nils_jar) = accept_in_own_browser(&mut app, &nils).await;

    let editor = browse_as(&mut app, &nils_jar);
    assert!(
        app.get(&nils_desk)
            .await
            .select("#earlier_comments_fieldset")
            .is_empty()
    );
    browse_as(&mut app, &jar);
    assert_eq!(
        app.get(&desk)
            .await
            .select("#earlier_comments_fieldset legend")
            .len(),
        1
    );
    let review = |answer: &'static str| {
        vec![
            ("recommendation", "accept"),
            ("comments_to_authors", ROUND_2_COMMENTS),
            ("earlier_comments", answer),
            ("action", "submit"),
        ]
    };
    let refused = app.post_multipart(&desk, &review(""), &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("earlier_comments").is_some());
    assert_eq!(
        refused.select("textarea#comments_to_authors"),
        vec![ROUND_2_COMMENTS.to_owned()]
    );
    let taken = app.post_multipart(&desk, &review("partly"), &[]).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER);
    browse_as(&mut app, &editor);
    let page = app.get(&format!("/editorial/submissions/{id}")).await;
    assert_eq!(page.select(".earlier-comments"), vec!["Partly".to_owned()]);
}

crate::on_both_backends!(a_re_reviewer_says_whether_her_comments_were_addressed);
