//! Deadlines nobody has to remember (issue 18), as the editors meet them: the deadlines page
//! from the queue with an overdue review, how late it is and the reminders already sent;
//! "Remind now" sending one e-mail however often it is pressed at once; a conflicted
//! editor-in-chief who does not see the row; the decision waiting, reminded by the chief.

use std::collections::HashMap;

use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use peerdesk::db::schema::{events, reminders_by_hand, review_invitations};

/// Marta Lindqvist, invited by Atif to review the demo's first manuscript, has accepted;
/// her review was due five days ago and the schedule's first "late" reminder has gone.
/// Returns the demo's logins, the submission and the invitation; Atif is signed in.
async fn an_overdue_review(app: &mut TestApp) -> (HashMap<String, String>, i64, i64) {
    let logins = app.load_demo().await;
    let id = first_submission(app).await;
    as_person(app, &logins, ATIF).await;
    let link = invite_by_address(app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    accept_in_own_browser(app, &link).await;
    let invitation = app
        .with_db(move |conn| {
            let due = chrono::Utc::now().date_naive() - Duration::days(5);
            diesel::update(
                review_invitations::table
                    .filter(review_invitations::submission_id.eq(id))
                    .filter(review_invitations::status.eq("accepted")),
            )
            .set(review_invitations::due_on.eq(due))
            .execute(conn)
            .unwrap();
            review_invitations::table
                .filter(review_invitations::submission_id.eq(id))
                .filter(review_invitations::status.eq("accepted"))
                .select(review_invitations::id)
                .first::<i64>(conn)
                .unwrap()
        })
        .await;
    assert_eq!(run_reminders(app).await, 1, "the first overdue reminder");
    (logins, id, invitation)
}

/// Runs the reminder step now, as the mail worker does every minute; how many it queued.
async fn run_reminders(app: &TestApp) -> usize {
    let site = app.state.config.site();
    let schedule = app.state.config.review_reminders.clone();
    app.with_db(move |conn| {
        let at = peerdesk::db::now();
        peerdesk::workflow::review::send_due_reminders(conn, at, &schedule, &site).unwrap()
            + peerdesk::workflow::deadlines::send_due_revision_reminders(conn, at, &site).unwrap()
    })
    .await
}

/// The e-mails of `kind` to `address` whose text contains `marker`.
fn mails_of(app: &TestApp, kind: &str, address: &str, marker: &str) -> usize {
    app.outbox()
        .iter()
        .filter(|m| m.kind == kind && m.to_address == address && m.body_text.contains(marker))
        .count()
}

fn long_date(d: chrono::NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

async fn the_deadlines_page_lists_an_overdue_review_with_how_late_and_what_was_sent(
    backend: Backend,
) {
    let mut app = spawn_app(backend).await;
    let (_, _, _) = an_overdue_review(&mut app).await;
    let queue = app.get("/editorial/queue").await;
    let link = queue
        .attr("#deadlines-link", "href")
        .expect("a link from the queue");
    let page = app.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.select("#reviews-overdue-count"), ["1"]);
    let row = page.select("#reviews-overdue li.deadline").join(" ");
    assert!(row.contains("Germline BAP1"), "{row}");
    assert!(row.contains("Marta Lindqvist"), "{row}");
    let due = chrono::Utc::now().date_naive() - Duration::days(5);
    assert!(
        row.contains(&format!("5 days late (due {})", long_date(due))),
        "{row}"
    );
    let sent = page.select("#reviews-overdue .reminders-sent li").join(" ");
    assert!(
        sent.contains("the reminder that it is late (schedule)"),
        "{sent}"
    );
    assert!(
        sent.contains(&chrono::Utc::now().format("%-d %b %Y").to_string()),
        "dated: {sent}"
    );
    let next = page.select("#reviews-overdue .next").join(" ");
    assert!(
        next.contains(&format!(
            "The reminder that it is late on {}",
            long_date(due + Duration::days(7))
        )),
        "{next}"
    );
    // A look-ahead that does not read is said beside its field, with the page still there.
    let bad = app.get("/editorial/deadlines?within=soon").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.field_error("within").is_some());
    assert_eq!(bad.select("#reviews-overdue-count"), ["1"]);
}

async fn remind_now_sends_one_email_even_when_pressed_twice_at_once(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (_, id, invitation) = an_overdue_review(&mut app).await;
    let invitation = invitation.to_string();
    let fields = [("awaited", "review"), ("invitation", invitation.as_str())];
    let path = format!("/editorial/submissions/{id}/remind");
    for status in press_at_once(&app, &path, &fields, 2).await {
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    let marker = "The editor asks about your review";
    assert_eq!(mails_of(&app, "review_reminder", NEW_REVIEWER, marker), 1);
    // A third press from another tab a moment later: still one, and the page says why.
    let again = app.submit(&path, &fields).await;
    assert!(
        again.visible_text().contains("less than a minute ago"),
        "{}",
        again.visible_text()
    );
    assert_eq!(mails_of(&app, "review_reminder", NEW_REVIEWER, marker), 1);
    let (recorded, on_timeline): (i64, i64) = app
        .with_db(move |conn| {
            (
                reminders_by_hand::table.count().get_result(conn).unwrap(),
                events::table
                    .filter(events::subject_id.eq(id))
                    .filter(events::kind.eq("reminder_sent"))
                    .count()
                    .get_result(conn)
                    .unwrap(),
            )
        })
        .await;
    assert_eq!((recorded, on_timeline), (1, 1));
    let sent = app
        .get("/editorial/deadlines")
        .await
        .select("#reviews-overdue .reminders-sent li")
        .join(" ");
    assert!(sent.contains("sent by hand by Atif A. Ahmed"), "{sent}");
    // A minute later another one may go.
    app.with_db(|conn| {
        diesel::update(reminders_by_hand::table)
            .set(reminders_by_hand::queued_at.eq(peerdesk::db::now() - Duration::seconds(61)))
            .execute(conn)
            .unwrap();
    })
    .await;
    app.submit(&path, &fields).await;
    assert_eq!(mails_of(&app, "review_reminder", NEW_REVIEWER, marker), 2);
}

async fn a_conflicted_editor_in_chief_does_not_see_the_row(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, id, invitation) = an_overdue_review(&mut app).await;
    as_person(&app, &logins, HELEN).await;
    let page = app.get("/editorial/deadlines").await;
    assert_eq!(page.select("#reviews-overdue-count"), ["1"]);
    assert!(page.text.contains("Germline BAP1"));
    let number: String = app
        .with_db(move |conn| {
            peerdesk::db::schema::submissions::table
                .find(id)
                .select(peerdesk::db::schema::submissions::manuscript_number.assume_not_null())
                .first(conn)
                .unwrap()
        })
        .await;
    let helen = app.person_id(HELEN).await;
    declare_conflict(&app, helen, "Sofia Bianchi", SOFIA, "family", "").await;
    let page = app.get("/editorial/deadlines").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.select("#reviews-overdue-count"), ["0"], "not counted");
    assert!(!page.text.contains("Germline BAP1"), "no title");
    assert!(!page.text.contains(&number), "no number");
    let invitation = invitation.to_string();
    let pressed = app
        .post_form(
            &format!("/editorial/submissions/{id}/remind"),
            &[("awaited", "review"), ("invitation", &invitation)],
        )
        .await;
    assert_eq!(pressed.status, StatusCode::NOT_FOUND, "nor reminded by her");
    assert_eq!(
        mails_of(&app, "review_reminder", NEW_REVIEWER, "The editor asks"),
        0
    );
}

/// The reviews are in: the editor-in-chief sees the submission waiting for its decision
/// and reminds its handling editor; the handling editor sees it as hers to decide.
async fn the_chief_reminds_the_handling_editor_of_a_decision_waiting(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    one_review_round(&mut app, &logins, id).await;
    let own = app.get("/editorial/deadlines").await;
    assert_eq!(own.select("#awaiting-decision-count"), ["1"]);
    assert!(own.select("#awaiting-decision .remind-now").is_empty());
    assert!(
        own.select("#awaiting-decision .next")
            .join(" ")
            .contains("The decision is yours")
    );
    as_person(&app, &logins, HELEN).await;
    let page = app.get("/editorial/deadlines").await;
    let row = page.select("#awaiting-decision li.deadline").join(" ");
    assert!(
        row.contains("Germline BAP1") && row.contains("All reviews in for 0 days"),
        "{row}"
    );
    let pressed = post_on_page(
        &app,
        "/editorial/deadlines",
        &format!("/editorial/submissions/{id}/remind"),
        &[("awaited", "decision")],
    )
    .await;
    assert_eq!(pressed.status, StatusCode::SEE_OTHER);
    assert_eq!(
        mails_of(&app, "decision_reminder", ATIF, "waits for your decision"),
        1
    );
    let mail = app.mail_of_kind("decision_reminder").unwrap();
    assert!(mail.body_text.contains("Helen Marsh sends this reminder"));
}

/// The reminders due `days` (and an hour) from now.
async fn run_reminders_in(app: &TestApp, days: i64) -> usize {
    let site = app.state.config.site();
    let schedule = app.state.config.review_reminders.clone();
    app.with_db(move |conn| {
        let at = peerdesk::db::now() + Duration::days(days) + Duration::hours(1);
        peerdesk::workflow::review::send_due_reminders(conn, at, &schedule, &site).unwrap()
    })
    .await
}

/// Long because it is one story: the form refused, saved, refused again from a stale tab,
/// then what its schedule does to an invitation.
async fn the_chief_sets_a_collections_deadlines_and_each_invitation_shows_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    // Only this test's invitations: the demo's own waiting one would be reminded too.
    app.with_db(|conn| {
        diesel::delete(review_invitations::table)
            .execute(conn)
            .unwrap();
    })
    .await;
    as_person(&app, &logins, HELEN).await;
    let office = app.get("/admin").await;
    let path = office
        .attr("a[href$='/deadlines']", "href")
        .expect("a link from the office");
    let form = app.get(&path).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(
        form.attr("#minor_revision_days", "value").as_deref(),
        Some("30")
    );
    assert_eq!(
        form.attr("#major_revision_days", "value").as_deref(),
        Some("60")
    );
    assert_eq!(form.attr("#overdue", "value").as_deref(), Some("1, 7, 14"));
    let read_at = form.attr("input[name=read_at]", "value").unwrap();
    let fields = |minor: &'static str, unanswered: &'static str| {
        vec![
            ("read_at", read_at.clone()),
            ("minor_revision_days", minor.to_owned()),
            ("major_revision_days", "45".to_owned()),
            ("review_schedule", "own".to_owned()),
            ("unanswered", unanswered.to_owned()),
            ("due_soon", String::new()),
            ("overdue", "1, 5".to_owned()),
            ("revision_due_soon", "3".to_owned()),
            ("revision_overdue", "2".to_owned()),
        ]
    };
    let send = |fields: Vec<(&'static str, String)>| {
        let (app, path) = (&app, path.clone());
        async move {
            let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(&path, &refs).await
        }
    };
    let refused = send(fields("0", "two")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("minor_revision_days").is_some());
    assert!(refused.field_error("unanswered").is_some());
    assert_eq!(
        refused.attr("#unanswered", "value").as_deref(),
        Some("two"),
        "kept"
    );
    let saved = send(fields("21", "2")).await;
    assert_eq!(
        saved.status,
        StatusCode::SEE_OTHER,
        "{}",
        saved.visible_text()
    );
    assert_eq!(
        send(fields("21", "2")).await.status,
        StatusCode::SEE_OTHER,
        "again: done"
    );
    let stale = send(fields("25", "2")).await;
    assert_eq!(
        stale.status,
        StatusCode::CONFLICT,
        "another tab's save is not overwritten"
    );
    assert_eq!(
        app.get(&path)
            .await
            .attr("#minor_revision_days", "value")
            .as_deref(),
        Some("21")
    );

    // An invitation in this collection states its schedule, and follows it: reminded two
    // days after it, where the site's schedule waits three.
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    let link = invite_by_address(&app, id, "Nils Berg", NILS).await;
    let invited = app
        .outbox()
        .into_iter()
        .find(|m| m.kind == "reviewer_invited" && m.to_address == NILS)
        .unwrap()
        .body_text;
    assert!(
        invited.contains("Reminders go out 2 days after the invitation while it is unanswered; 1 and 5 days after the due date."),
        "{invited}"
    );
    app.logout().await;
    let page = app.get(&link).await;
    assert!(
        page.select("#reminder-schedule")
            .join("")
            .contains("2 days after the invitation")
    );
    assert_eq!(run_reminders_in(&app, 1).await, 0);
    assert_eq!(run_reminders_in(&app, 2).await, 1);
}

crate::on_both_backends!(
    the_deadlines_page_lists_an_overdue_review_with_how_late_and_what_was_sent,
    remind_now_sends_one_email_even_when_pressed_twice_at_once,
    a_conflicted_editor_in_chief_does_not_see_the_row,
    the_chief_reminds_the_handling_editor_of_a_decision_waiting,
    the_chief_sets_a_collections_deadlines_and_each_invitation_shows_them,
);
