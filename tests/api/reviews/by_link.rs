//! A reviewer invited by address: the e-mailed link, which changes nothing when opened;
//! accepting without an account; the declaration before the files; the review; links that
//! were used, cancelled or expired; and reminders that follow the schedule and stop.

use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;

use super::invitation_statuses;
use crate::helpers::*;
use peerdesk::db::schema::review_invitations;

/// Long because it is one reviewer's whole story read top to bottom: each step checks what
/// the one before left.
async fn a_reviewer_without_an_account_accepts_declares_and_reviews(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, id, link) = marta_invited(&app).await;
    assert_eq!(state_of(&app, id).await, "submitted");

    // Opening the link (as a mail scanner would) changes nothing.
    let reviewer_jar = new_jar();
    let editor_jar = browse_as(&mut app, &reviewer_jar);
    let reviewer = &app;
    let page = reviewer.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.visible_text();
    assert!(text.contains("Germline BAP1"), "{text}");
    assert!(text.contains("Accept the invitation"), "{text}");
    reviewer.get(&link).await;
    assert_eq!(invitation_statuses(&app, id).await, vec!["invited"]);
    assert_eq!(state_of(&app, id).await, "submitted");

    // Accepting needs no account: the link signs the reviewer in and opens the declaration.
    let accepted = post_on_page(reviewer, &link, &format!("{link}/accept"), &[]).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    let desk_path = accepted.location.clone().unwrap();
    assert!(desk_path.starts_with("/reviews/"), "{desk_path}");
    assert_eq!(invitation_statuses(&app, id).await, vec!["accepted"]);
    assert_eq!(
        state_of(&app, id).await,
        "under_review",
        "the first acceptance"
    );
    assert!(
        app.mails_to(SOFIA)
            .iter()
            .any(|m| m.contains("is now under review")),
        "the corresponding author is told"
    );
    assert!(
        app.mails_to(ATIF)
            .iter()
            .any(|m| m.contains("Marta Lindqvist accepted")),
        "the editor is told"
    );

    // A second click on accept changes nothing.
    let again = post_on_page(reviewer, &link, &format!("{link}/accept"), &[]).await;
    assert!(
        again.visible_text().contains("already accepted") || again.status == StatusCode::SEE_OTHER,
        "{}",
        again.visible_text()
    );
    assert_eq!(invitation_statuses(&app, id).await, vec!["accepted"]);

    // The declaration comes before the files and the form.
    let desk = reviewer.get(&desk_path).await;
    assert_eq!(desk.status, StatusCode::OK);
    assert!(
        desk.visible_text()
            .contains("Do you have a competing interest?")
    );
    assert!(desk.select("#review-form").is_empty(), "no review form yet");
    let missing = post_on_page(
        reviewer,
        &desk_path,
        &format!("{desk_path}/declaration"),
        &[],
    )
    .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.field_error("answer").is_some());
    // No competing interest, but the confidentiality statement not confirmed: still closed.
    let unconfirmed = post_on_page(
        reviewer,
        &desk_path,
        &format!("{desk_path}/declaration"),
        &[("answer", "none")],
    )
    .await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unconfirmed
            .field_error("confidential")
            .is_some_and(|m| m.contains("keep the manuscript confidential"))
    );
    assert!(
        unconfirmed.select("#review-form").is_empty(),
        "still closed"
    );
    assert!(
        unconfirmed.select(".files a").is_empty(),
        "no file links yet"
    );
    let cleared = post_on_page(
        reviewer,
        &desk_path,
        &format!("{desk_path}/declaration"),
        &[("answer", "none"), ("confidential", "yes")],
    )
    .await;
    assert_eq!(cleared.location.as_deref(), Some(desk_path.as_str()));
    let desk = reviewer.get(&desk_path).await;
    assert_eq!(desk.select("#review-form").len(), 1);

    // An incomplete submit keeps what was typed and says what is missing.
    let half = reviewer
        .post_multipart(
            &desk_path,
            &[
                (
                    "comments_to_authors",
                    "The cohort is small but well described.",
                ),
                ("action", "submit"),
            ],
            &[],
        )
        .await;
    assert_eq!(half.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(half.field_error("recommendation").is_some());
    // Shown again at its own address: the CSRF token is in the body, never in the address.
    assert_eq!(half.attr("#review-form", "action"), Some(desk_path.clone()));
    assert!(!half.text.contains("csrf_token="));
    assert!(
        half.text
            .contains("The cohort is small but well described.")
    );
    assert_eq!(invitation_statuses(&app, id).await, vec!["accepted"]);

    // A draft, then the review with an attachment checked by its content.
    let bad_file = reviewer
        .post_multipart(
            &desk_path,
            &[("recommendation", "minor_revision"), ("action", "save")],
            &[("attachment", "notes.pdf", b"MZ\x90\x00 not a pdf".to_vec())],
        )
        .await;
    assert_eq!(bad_file.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_file.field_error("attachment").is_some());
    reviewer
        .post_multipart_taken(
            &desk_path,
            &[
                ("recommendation", "minor_revision"),
                (
                    "comments_to_authors",
                    "The cohort is small but well described.",
                ),
                ("confidential_comments", "Publishable after small changes."),
                ("action", "submit"),
            ],
            &[("attachment", "annotated.pdf", pdf_bytes())],
        )
        .await;
    assert_eq!(invitation_statuses(&app, id).await, vec!["submitted"]);
    let to_atif = app.mails_to(ATIF).join("\n");
    assert!(to_atif.contains("Review received"), "{to_atif}");
    assert!(to_atif.contains("All reviews are in"), "{to_atif}");
    assert!(
        app.mails_to(NEW_REVIEWER)
            .iter()
            .any(|m| m.contains("Thank you for your review")),
    );

    // The editor reads it, confidential comments and attachment included.
    browse_as(&mut app, &editor_jar);
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    let text = editorial.visible_text();
    assert!(text.contains("Marta Lindqvist"), "{text}");
    assert!(text.contains("Minor revision"), "{text}");
    assert!(text.contains("Publishable after small changes."), "{text}");
    assert!(
        editorial.select(".confidentiality")[0].contains("confidentiality statement confirmed"),
        "the editor sees when the reviewer confirmed it"
    );
    let attachment = editorial
        .attr("a[href$='/attachment']", "href")
        .expect("attachment link");
    let file = app.client.get(app.url(&attachment)).send().await.unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.bytes().await.unwrap().to_vec(), pdf_bytes());

    // A conflicted editor never sees the reviews or the reviewer tools: 404, as if absent.
    as_person(&app, &logins, BRUNA).await;
    for path in [
        format!("/editorial/submissions/{id}"),
        format!("/editorial/submissions/{id}/reviewers"),
        attachment.clone(),
    ] {
        assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }

    // The reviewer keeps the history by choosing a password, then signs in like anyone.
    browse_as(&mut app, &reviewer_jar);
    let mine = app.get("/reviews").await;
    assert!(
        mine.visible_text()
            .contains("Keep your reviews as an account")
    );
    let made = post_on_page(
        &app,
        "/reviews",
        "/reviews/account",
        &[("password", "reviewer passphrase 2026")],
    )
    .await;
    assert_eq!(made.location.as_deref(), Some("/reviews"));
    browse_as(&mut app, &new_jar());
    let login = app.login(NEW_REVIEWER, "reviewer passphrase 2026").await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    let mine = app.get("/reviews").await.visible_text();
    assert!(mine.contains("Germline BAP1"), "{mine}");
}

/// Long because it is one story of three links, each ended its own way, checked against the
/// same submission at the end.
async fn used_cancelled_and_expired_links_change_nothing(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    let declined = invite_by_address(&app, id, "Nils Berg", NILS).await;
    let cancelled = invite_by_address(&app, id, "Olga Petrova", OLGA).await;
    let expired =
        invite_by_address(&app, id, "Paul Dubois", "paul.dubois@curie-review.example").await;
    let visitor_jar = new_jar();
    let editor_jar = browse_as(&mut app, &visitor_jar);
    let visitor = &app;

    // A decline with a reason and a suggestion reaches the editor; the link is then spent.
    let done = post_on_page(
        visitor,
        &declined,
        &format!("{declined}/decline"),
        &[
            ("reason_kind", "on_leave"),
            ("reason", "On leave until March."),
            ("suggested_name", "Dr Eva Lund"),
            ("suggested_email", "eva.lund@lund-review.example"),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.visible_text().contains("Invitation declined"));
    let to_atif = app.mails_to(ATIF).join("\n");
    assert!(to_atif.contains("On leave until March."), "{to_atif}");
    assert!(
        to_atif.contains("eva.lund@lund-review.example"),
        "{to_atif}"
    );
    let again = visitor.get(&declined).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(
        again
            .visible_text()
            .contains("You declined this invitation")
    );
    let replay = visitor.post_form(&format!("{declined}/accept"), &[]).await;
    assert_eq!(replay.status, StatusCode::GONE);

    // The editor cancels one: the reviewer is told, the link stops.
    browse_as(&mut app, &editor_jar);
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    let forms = editorial.select("form[action$='/cancel']");
    assert_eq!(forms.len(), 2, "cancel offered for live invitations only");
    let olga_id: i64 = app
        .with_db(move |conn| {
            review_invitations::table
                .filter(review_invitations::submission_id.eq(id))
                .order(review_invitations::id)
                .select(review_invitations::id)
                .offset(1)
                .first::<i64>(conn)
                .unwrap()
        })
        .await;
    let cancel = app
        .post_form(
            &format!("/editorial/submissions/{id}/reviewers/{olga_id}/cancel"),
            &[("reason", "We have enough reviewers.")],
        )
        .await;
    assert_eq!(cancel.status, StatusCode::SEE_OTHER);
    assert!(
        app.mails_to(OLGA)
            .iter()
            .any(|m| m.contains("no longer needed") && m.contains("We have enough reviewers.")),
    );
    browse_as(&mut app, &visitor_jar);
    let visitor = &app;
    let gone = visitor.get(&cancelled).await;
    assert_eq!(gone.status, StatusCode::GONE);
    assert!(gone.visible_text().contains("cancelled"));
    assert_eq!(
        visitor
            .post_form(&format!("{cancelled}/accept"), &[])
            .await
            .status,
        StatusCode::GONE
    );

    // An expired link explains itself and accepts nothing.
    app.with_db(move |conn| {
        diesel::update(
            review_invitations::table
                .filter(review_invitations::submission_id.eq(id))
                .filter(review_invitations::status.eq("invited")),
        )
        .set(
            review_invitations::links_expire_at
                .eq(chrono::Utc::now().naive_utc() - Duration::hours(1)),
        )
        .execute(conn)
        .unwrap();
    })
    .await;
    let old = visitor.get(&expired).await;
    assert_eq!(old.status, StatusCode::GONE);
    assert!(old.visible_text().contains("expired"));
    assert_eq!(
        visitor
            .post_form(&format!("{expired}/accept"), &[])
            .await
            .status,
        StatusCode::GONE
    );

    // A made-up token is simply not found.
    let bogus = visitor
        .get(&format!("/invitations/{}", "ab".repeat(32)))
        .await;
    assert_eq!(bogus.status, StatusCode::NOT_FOUND);

    assert_eq!(
        invitation_statuses(&app, id).await,
        vec!["declined", "cancelled", "invited"]
    );
    assert_eq!(state_of(&app, id).await, "submitted", "nobody accepted");
}

/// The reminders queued to `email`.
fn reminders_to(app: &TestApp, email: &str) -> usize {
    app.outbox()
        .iter()
        .filter(|m| m.kind == "review_reminder" && m.to_address == email)
        .count()
}

/// Runs the reminder step as the worker would `days` (and an hour) from now; returns how many
/// reminders it queued.
async fn remind(app: &TestApp, days: i64) -> usize {
    let site = app.state.config.site();
    let schedule = app.state.config.review_reminders.clone();
    app.with_db(move |conn| {
        peerdesk::workflow::review::send_due_reminders(
            conn,
            chrono::Utc::now().naive_utc() + Duration::days(days) + Duration::hours(1),
            &schedule,
            &site,
        )
        .unwrap()
    })
    .await
}

async fn reminders_follow_the_schedule_and_stop_when_the_invitation_ends(backend: Backend) {
    // No delivery worker: queued reminders stay in the outbox, so a test can see one taken
    // back when the invitation ends before it went out.
    let mut app = spawn_app_with(backend, &[("PEERDESK_MAIL_WORKER", "off")]).await;
    let logins = app.load_demo().await;
    // Only this test's invitations: the demo's own waiting one would be reminded too.
    app.with_db(|conn| {
        diesel::delete(review_invitations::table)
            .execute(conn)
            .unwrap();
    })
    .await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    invite_by_address(&app, id, "Nils Berg", NILS).await;
    let link_b = invite_by_address(&app, id, "Olga Petrova", OLGA).await;
    assert_eq!(remind(&app, 1).await, 0, "nothing on day 1");
    assert_eq!(
        remind(&app, 3).await,
        2,
        "the first unanswered reminder to each"
    );
    assert_eq!(remind(&app, 3).await, 0, "each step once");
    assert_eq!(reminders_to(&app, NILS), 1);

    // Nils declines by the reminder's own link (a fresh token: the first is never stored).
    let nils_link = invitation_link(&app, NILS).unwrap();
    let editor_jar = browse_as(&mut app, &new_jar());
    let declined = post_on_page(
        &app,
        &nils_link,
        &format!("{nils_link}/decline"),
        &[("reason_kind", "too_busy")],
    )
    .await;
    assert_eq!(declined.status, StatusCode::OK);
    // Olga accepts by the first link, which still works.
    browse_as(&mut app, &new_jar());
    let accepted = post_on_page(&app, &link_b, &format!("{link_b}/accept"), &[]).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    browse_as(&mut app, &editor_jar);

    assert_eq!(
        remind(&app, 7).await,
        0,
        "no unanswered reminder once both answered"
    );
    assert_eq!(
        reminders_to(&app, NILS),
        0,
        "the reminder still waiting in the outbox was taken back at the decline"
    );
    // The review is due in 14 days: one "due soon" on day 11, overdue from day 15.
    assert_eq!(remind(&app, 11).await, 1);
    assert_eq!(remind(&app, 15).await, 1);
    assert_eq!(remind(&app, 21).await, 1);
    assert_eq!(reminders_to(&app, OLGA), 4);
    let recorded: i64 = app
        .with_db(|conn| {
            use peerdesk::db::schema::review_reminders;
            review_reminders::table.count().get_result(conn).unwrap()
        })
        .await;
    assert_eq!(
        recorded, 5,
        "one unanswered each, then Olga's due-soon and two overdue"
    );
    assert!(app.mails_to(OLGA).iter().any(|m| m.contains("overdue by")),);
    assert_eq!(reminders_to(&app, NILS), 0);
    // The editor's page marks the late review.
    let page = app.with_db(move |conn| {
        diesel::update(review_invitations::table.filter(review_invitations::status.eq("accepted")))
            .set(review_invitations::due_on.eq(chrono::Utc::now().date_naive() - Duration::days(2)))
            .execute(conn)
            .unwrap();
    });
    page.await;
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    assert!(editorial.visible_text().contains("overdue"));
}

crate::on_both_backends!(
    a_reviewer_without_an_account_accepts_declares_and_reviews,
    used_cancelled_and_expired_links_change_nothing,
    reminders_follow_the_schedule_and_stop_when_the_invitation_ends,
);
