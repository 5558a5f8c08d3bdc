//! Revision rounds and appeals over HTTP, on both backends: a revised version opens round 2
//! with the earlier reviewer offered again; refused revisions keep what was typed and write
//! nothing; an appeal goes to the editor-in-chief once, or to a board member free of
//! conflicts when the editor-in-chief has one; an allowed appeal reopens review.

use std::collections::HashMap;

use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use peerdesk::db::schema::{
    appeals, review_invitations, revision_responses, submission_files, submissions,
};

const RESPONSE: &str = "Point 1: we added the follow-up times to Table 2 (median 41 months).";

const ROUND_2_COMMENTS: &str = "The follow-up times answer my question; no further comments.";

const STATEMENT: &str = "The desk rejection says the study is out of scope, but rare sarcomas are the collection's first topic.";

/// The moves of the demo's first submission to a revised version, after one round of review.
const TO_A_REVISED_VERSION: [&str; 4] = [
    "submit",
    "first_reviewer_accepts",
    "request_revision",
    "resubmit",
];

/// The signed-in person sends a revised version of `id` (a PDF) with `response`.
async fn send_revision(app: &TestApp, id: i64, response: &str) -> Page {
    app.post_multipart(
        &format!("/submissions/{id}/revision"),
        &[("response", response)],
        &[("manuscript", "revised.pdf", pdf_bytes())],
    )
    .await
}

async fn round_of(app: &TestApp, id: i64) -> i32 {
    app.with_db(move |conn| {
        submissions::table
            .find(id)
            .select(submissions::current_round)
            .first(conn)
            .unwrap()
    })
    .await
}

async fn file_rounds(app: &TestApp, id: i64) -> Vec<(i32, String)> {
    app.with_db(move |conn| {
        submission_files::table
            .filter(submission_files::submission_id.eq(id))
            .order(submission_files::id)
            .select((submission_files::round, submission_files::role))
            .load(conn)
            .unwrap()
    })
    .await
}

fn kinds_to(app: &TestApp, address: &str) -> Vec<String> {
    app.outbox()
        .into_iter()
        .filter(|m| m.to_address.eq_ignore_ascii_case(address))
        .map(|m| m.kind)
        .collect()
}

/// The demo's first submission, reviewed once and sent back for a minor revision.
async fn revision_requested(app: &mut TestApp) -> (HashMap<String, String>, i64) {
    let logins = app.load_demo().await;
    let id = first_submission(app).await;
    one_review_round(app, &logins, id).await;
    let sent = send_decision(app, id, "minor_revision", None).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert_eq!(state_of(app, id).await, "revision_requested");
    (logins, id)
}

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
        &[("response", RESPONSE)],
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
        &[("answer", "none")],
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

async fn desk_rejected(app: &TestApp) -> (HashMap<String, String>, i64) {
    let logins = app.load_demo().await;
    let id = first_submission(app).await;
    as_person(app, &logins, ATIF).await;
    let sent = send_decision(app, id, "desk_reject", None).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    (logins, id)
}

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
