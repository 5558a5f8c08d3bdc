//! When a revised version is due (issue 18): the decision sets it (the collection's period
//! unless the editor says otherwise), the letter and the author's page give it, the authors
//! are reminded before and after it, an overdue one is on the handling editor's deadlines
//! with "Remind now", and an extension moves it.

use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;

use super::*;
use peerdesk::db::schema::revision_deadlines;

fn long_date(days_from_today: i64) -> String {
    (chrono::Utc::now().date_naive() + Duration::days(days_from_today))
        .format("%-d %B %Y")
        .to_string()
}

fn mails(app: &TestApp, kind: &str, address: &str) -> Vec<String> {
    app.outbox()
        .into_iter()
        .filter(|m| m.kind == kind && m.to_address == address)
        .map(|m| m.body_text)
        .collect()
}

/// Long because it is one story read top to bottom: each step checks what the one before left.
async fn the_due_date_is_in_the_letter_and_on_the_authors_page_and_an_extension_moves_it(
    backend: Backend,
) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    one_review_round(&mut app, &logins, id).await;
    let page_path = format!("{}?kind=minor_revision", decision_path(id));
    let page = app.get(&page_path).await;
    assert_eq!(
        page.attr("#revision_due_on", "value"),
        Some(in_days(30)),
        "the collection's 30 days for a minor revision"
    );
    let letter = page.select("textarea#letter").join("");
    let send = |due: String| {
        let (app, letter, page_path) = (&app, letter.clone(), page_path.clone());
        async move {
            post_on_page(
                app,
                &page_path,
                &decision_path(id),
                &[
                    ("kind", "minor_revision"),
                    ("letter", &letter),
                    ("expected_state", "under_review"),
                    ("revision_due_on", &due),
                    ("action", "send"),
                ],
            )
            .await
        }
    };
    // A date that is not after today is refused beside its field, with the letter kept.
    let refused = send(in_days(0)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("revision_due_on").is_some());
    assert_eq!(refused.select("textarea#letter").join(""), letter);
    assert_eq!(state_of(&app, id).await, "under_review");
    assert_eq!(send(in_days(21)).await.status, StatusCode::SEE_OTHER);
    let sent = mails(&app, "decision_letter", SOFIA);
    assert!(
        sent[0].contains(&format!(
            "Please send the revised version by {}.",
            long_date(21)
        )),
        "{}",
        sent[0]
    );

    as_person(&app, &logins, SOFIA).await;
    let show = app.get(&format!("/submissions/{id}")).await;
    assert_eq!(show.select("#revision-due strong"), [long_date(21)]);
    assert!(
        show.select(".decision-letter .revision-due")
            .join("")
            .contains(&long_date(21))
    );

    as_person(&app, &logins, ATIF).await;
    let extension = format!("/editorial/submissions/{id}/revision-deadline");
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    assert_eq!(
        editorial.attr("#extend-link", "href"),
        Some(extension.clone())
    );
    let form = app.get(&extension).await;
    assert_eq!(form.select("#due-now"), [long_date(21)]);
    let read_at = form.attr("input[name=read_at]", "value").unwrap();
    let csrf = form.attr("input[name=csrf_token]", "value").unwrap();
    let extend = |due: String| {
        let (app, read_at, csrf, extension) =
            (&app, read_at.clone(), csrf.clone(), extension.clone());
        async move {
            app.post_raw(
                &extension,
                &[
                    ("due_on", &due),
                    ("note", "Take the time the new cohort needs."),
                    ("read_at", &read_at),
                    ("csrf_token", &csrf),
                ],
            )
            .await
        }
    };
    let earlier = extend(in_days(14)).await;
    assert_eq!(earlier.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(earlier.field_error("due_on").unwrap().contains("later"));
    assert_eq!(extend(in_days(35)).await.status, StatusCode::SEE_OTHER);
    // The same press again (another tab, the same form) is done, not done twice.
    assert_eq!(extend(in_days(35)).await.status, StatusCode::SEE_OTHER);
    let told = mails(&app, "revision_extended", SOFIA);
    assert_eq!(told.len(), 1);
    assert!(
        told[0].contains(&format!("It is now due on {}", long_date(35))),
        "{}",
        told[0]
    );
    // Another date from that stale form is not written unseen.
    let stale = extend(in_days(50)).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.select("#due-now"), [long_date(35)]);

    as_person(&app, &logins, SOFIA).await;
    let show = app.get(&format!("/submissions/{id}")).await;
    let due = show.select("#revision-due").join("");
    assert!(due.contains(&long_date(35)), "{due}");
    assert!(
        due.contains(&format!("extended from {}", long_date(21))),
        "{due}"
    );
    let timeline = show.select(".timeline li").join("\n");
    assert!(
        timeline.contains("More time given for the revised version by the handling editor"),
        "{timeline}"
    );
}

/// Runs the reminders as the mail worker would at one in the morning `days` from today (a
/// due date's steps fall at midnight).
async fn remind_authors(app: &TestApp, days: i64) -> usize {
    let site = app.state.config.site();
    app.with_db(move |conn| {
        let today = peerdesk::db::now().date();
        let at = (today + Duration::days(days)).and_hms_opt(1, 0, 0).unwrap();
        peerdesk::workflow::deadlines::send_due_revision_reminders(conn, at, &site).unwrap()
    })
    .await
}

async fn authors_are_reminded_and_a_late_revision_waits_on_the_deadlines_page(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (_, id) = revision_requested(&mut app).await;
    // Due in 30 days: a week before, the day after, two weeks after; each once.
    assert_eq!(remind_authors(&app, 10).await, 0);
    assert_eq!(remind_authors(&app, 23).await, 1);
    assert_eq!(remind_authors(&app, 24).await, 0);
    assert_eq!(remind_authors(&app, 31).await, 1);
    let sent = mails(&app, "revision_reminder", SOFIA);
    assert_eq!(sent.len(), 2);
    assert!(sent[0].contains("in 7 days"), "{}", sent[0]);
    assert!(sent[1].contains("1 day ago"), "{}", sent[1]);

    // Three days late now: on Atif's deadlines, with what was sent and "Remind now".
    app.with_db(move |conn| {
        diesel::update(revision_deadlines::table.filter(revision_deadlines::submission_id.eq(id)))
            .set(revision_deadlines::due_on.eq(chrono::Utc::now().date_naive() - Duration::days(3)))
            .execute(conn)
            .unwrap();
    })
    .await;
    let page = app.get("/editorial/deadlines").await;
    assert_eq!(page.select("#revisions-overdue-count"), ["1"]);
    let row = page.select("#revisions-overdue li.deadline").join(" ");
    assert!(
        row.contains("Sofia Bianchi") && row.contains("3 days late"),
        "{row}"
    );
    assert_eq!(
        page.select("#revisions-overdue .reminders-sent li").len(),
        2
    );
    assert_eq!(
        page.attr("#revisions-overdue .extend-link", "href"),
        Some(format!("/editorial/submissions/{id}/revision-deadline"))
    );
    let pressed = post_on_page(
        &app,
        "/editorial/deadlines",
        &format!("/editorial/submissions/{id}/remind"),
        &[("awaited", "revision")],
    )
    .await;
    assert_eq!(pressed.status, StatusCode::SEE_OTHER);
    let sent = mails(&app, "revision_reminder", SOFIA);
    assert_eq!(sent.len(), 3);
    assert!(sent[2].contains("3 days ago"), "{}", sent[2]);
}

/// A reminder from the schedule and one sent by hand, both still in the outbox (the mail
/// worker has not run), then the revision is no longer awaited: neither goes out.
async fn reminders_still_queued_are_taken_back_once_the_revision_is_not_awaited(backend: Backend) {
    for ending in ["revised version", "withdrawal"] {
        // No mail worker: what is queued stays in the outbox, as between two of its runs.
        let mut app = spawn_app_with(backend, &[("PEERDESK_MAIL_WORKER", "off")]).await;
        let (logins, id) = revision_requested(&mut app).await;
        assert_eq!(remind_authors(&app, 23).await, 1, "{ending}");
        let pressed = post_on_page(
            &app,
            "/editorial/deadlines",
            &format!("/editorial/submissions/{id}/remind"),
            &[("awaited", "revision")],
        )
        .await;
        assert_eq!(pressed.status, StatusCode::SEE_OTHER, "{ending}");
        assert_eq!(mails(&app, "revision_reminder", SOFIA).len(), 2, "{ending}");
        as_person(&app, &logins, SOFIA).await;
        let done = if ending == "withdrawal" {
            app.post_form(
                &format!("/submissions/{id}/withdraw"),
                &[("reason", "We are sending it to another journal.")],
            )
            .await
        } else {
            send_revision(&app, id, "We answered every point.").await
        };
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{ending}");
        let left: Vec<String> = app
            .outbox()
            .into_iter()
            .filter(|m| m.kind == "revision_reminder")
            .map(|m| format!("{} {}", m.status, m.to_address))
            .collect();
        assert!(left.is_empty(), "{ending}: taken back, left {left:?}");
        // And the schedule does not send them again.
        assert_eq!(remind_authors(&app, 31).await, 0, "{ending}");
    }
}

crate::on_both_backends!(
    the_due_date_is_in_the_letter_and_on_the_authors_page_and_an_extension_moves_it,
    authors_are_reminded_and_a_late_revision_waits_on_the_deadlines_page,
    reminders_still_queued_are_taken_back_once_the_revision_is_not_awaited,
);
