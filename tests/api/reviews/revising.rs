//! A submitted review changes only through its own step ("Revise my review"): a stale tab
//! never rewrites it, and ten presses of Submit are one submission.

use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use peerdesk::db::schema::review_invitations;

async fn review_of(app: &TestApp, id: i64) -> (String, String) {
    app.with_db(move |conn| {
        review_invitations::table
            .filter(review_invitations::submission_id.eq(id))
            .select((
                review_invitations::recommendation,
                review_invitations::comments_to_authors,
            ))
            .first::<(String, String)>(conn)
            .unwrap()
    })
    .await
}

async fn events_of(app: &TestApp, id: i64, kind: &'static str) -> i64 {
    use peerdesk::db::schema::events;
    app.with_db(move |conn| {
        events::table
            .filter(events::subject_id.eq(id))
            .filter(events::kind.eq(kind))
            .count()
            .get_result::<i64>(conn)
            .unwrap()
    })
    .await
}

/// Issue #25, item 1 (and the review part of item 4): a tab opened before the review was
/// submitted can neither save a draft over it nor submit other content; ten presses of
/// Submit are one submission; the review changes only through "Revise my review", which
/// tells the editor, and a stale revision form changes nothing either.
/// Long because the tabs are one story: read, written in turn, and each outcome checked against
/// the review as it stands.
async fn a_stale_tab_never_rewrites_a_submitted_review(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (_, id, link) = marta_invited(&app).await;
    browse_as(&mut app, &new_jar());
    let desk = accept_and_declare(&app, &link).await;
    // The older tab: opened now, used last.
    let old_tab = app.get(&desk).await;
    let old_read_at = old_tab
        .attr("#review-form input[name=read_at]", "value")
        .expect("the form says what it was read at");
    let accept = [
        ("recommendation", "accept"),
        ("comments_to_authors", "Clear and complete."),
        ("read_at", old_read_at.as_str()),
        ("action", "submit"),
    ];
    let sent = app.post_multipart(&desk, &accept, &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);

    // Its "Save draft" and its "Submit" with other content are refused; nothing changes.
    for action in ["save", "submit"] {
        let stale = app
            .post_multipart(
                &desk,
                &[
                    ("recommendation", "reject"),
                    ("comments_to_authors", "Older text from the first tab."),
                    ("read_at", old_read_at.as_str()),
                    ("action", action),
                ],
                &[],
            )
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{action}");
        let told = stale.error_summary();
        assert!(told.contains("already submitted"), "{told}");
        assert!(
            stale.text.contains("Older text from the first tab."),
            "the input is kept"
        );
        assert_eq!(
            stale.select("#recommendation-given").join(""),
            "Accept",
            "and the review as the editor has it is shown"
        );
    }
    assert_eq!(
        review_of(&app, id).await,
        ("accept".to_owned(), "Clear and complete.".to_owned())
    );

    // Ten more presses of the same Submit, five of them at once: still one submission.
    for _ in 0..5 {
        let again = app.post_multipart(&desk, &accept, &[]).await;
        assert_eq!(again.status, StatusCode::SEE_OTHER);
    }
    let (a, b, c, d, e) = tokio::join!(
        app.post_multipart(&desk, &accept, &[]),
        app.post_multipart(&desk, &accept, &[]),
        app.post_multipart(&desk, &accept, &[]),
        app.post_multipart(&desk, &accept, &[]),
        app.post_multipart(&desk, &accept, &[]),
    );
    for p in [a, b, c, d, e] {
        assert_eq!(p.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(events_of(&app, id, "review_submitted").await, 1);
    assert_eq!(events_of(&app, id, "review_revised").await, 0);
    let received = |app: &TestApp, subject: &str| {
        app.mails_to(ATIF)
            .iter()
            .filter(|m| m.contains(subject))
            .count()
    };
    assert_eq!(received(&app, "Subject: Review received"), 1);

    // The submitted review reads as sent, with its own step to revise it.
    let shown = app.get(&desk).await;
    assert!(
        shown.select("#save-review").is_empty(),
        "no draft save any more"
    );
    assert_eq!(
        shown.attr("#revise-review", "href"),
        Some(format!("{desk}?revise=1"))
    );
    let revise = app.get(&format!("{desk}?revise=1")).await;
    let read_at = revise
        .attr("#review-form input[name=read_at]", "value")
        .unwrap();
    assert!(revise.select("#save-review").is_empty());
    let revision = [
        ("recommendation", "minor_revision"),
        (
            "comments_to_authors",
            "Clear; Table 2 needs the follow-up times.",
        ),
        ("read_at", read_at.as_str()),
        ("action", "revise"),
    ];
    let revised = app.post_multipart(&desk, &revision, &[]).await;
    assert_eq!(revised.status, StatusCode::SEE_OTHER);
    assert_eq!(review_of(&app, id).await.0, "minor_revision");
    assert_eq!(events_of(&app, id, "review_revised").await, 1);
    let to_atif = app.mails_to(ATIF).join("\n");
    assert!(to_atif.contains("Subject: Review revised"), "{to_atif}");
    assert!(to_atif.contains("Accept → Minor revision"), "{to_atif}");
    // A second press of that button changes nothing more.
    let again = app.post_multipart(&desk, &revision, &[]).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(events_of(&app, id, "review_revised").await, 1);

    // The same revision form with other content, now out of date, changes nothing.
    let stale = app
        .post_multipart(
            &desk,
            &[
                ("recommendation", "reject"),
                ("comments_to_authors", "A third opinion."),
                ("read_at", read_at.as_str()),
                ("action", "revise"),
            ],
            &[],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.error_summary().contains("saved from another tab"));
    assert_eq!(review_of(&app, id).await.0, "minor_revision");
}

crate::on_both_backends!(a_stale_tab_never_rewrites_a_submitted_review);
