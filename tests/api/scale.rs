//! Scale data (`peerdesk demo --scale N`): the counts it promises, and the pages the load
//! benchmark drives work on it for each printed login.

use diesel::prelude::*;
use peerdesk::db::schema::{
    accounts, events, outbox, people, review_invitations, submission_authors, submissions,
};

use crate::helpers::{Backend, spawn_app};

crate::on_both_backends!(scale_data_counts_and_pages);

/// Long because it is one load of generated data with every count and page it makes checked
/// against it.
async fn scale_data_counts_and_pages(backend: Backend) {
    let app = spawn_app(backend).await;
    let report = app
        .with_db(|conn| peerdesk::demo::scale::load(conn, 200).expect("scale data loads"))
        .await;
    assert_eq!(report.submissions, 200);

    let (subs, invitations, submission_events, with_authors, mails, people_count, accounts_count) =
        app.with_db(|conn| {
            let subs: i64 = submissions::table.count().get_result(conn).unwrap();
            let invitations: i64 = review_invitations::table.count().get_result(conn).unwrap();
            let submission_events: i64 = events::table
                .filter(events::subject_type.eq("submission"))
                .count()
                .get_result(conn)
                .unwrap();
            let with_authors: i64 = submission_authors::table
                .filter(submission_authors::position.eq(0))
                .count()
                .get_result(conn)
                .unwrap();
            let mails: i64 = outbox::table.count().get_result(conn).unwrap();
            let people_count: i64 = people::table.count().get_result(conn).unwrap();
            let accounts_count: i64 = accounts::table.count().get_result(conn).unwrap();
            (
                subs,
                invitations,
                submission_events,
                with_authors,
                mails,
                people_count,
                accounts_count,
            )
        })
        .await;
    assert_eq!(subs, 200);
    assert_eq!(invitations as usize, report.invitations);
    assert!(
        (400..=1_200).contains(&invitations),
        "about three invitations a submission, got {invitations}"
    );
    assert_eq!(submission_events as usize, report.events);
    assert_eq!(with_authors, 200);
    assert!(mails >= 200);
    assert!(people_count as usize >= peerdesk::demo::scale::people_for(200));
    assert!(accounts_count > 0 && accounts_count < people_count);
    let states: Vec<String> = app
        .with_db(|conn| {
            submissions::table
                .select(submissions::state)
                .distinct()
                .load(conn)
                .unwrap()
        })
        .await;
    for state in [
        "submitted",
        "under_review",
        "revision_requested",
        "accepted",
        "published",
        "rejected",
        "withdrawn",
    ] {
        assert!(states.iter().any(|s| s == state), "no submission {state}");
    }

    // A second load into the same database is refused.
    let again = app
        .with_db(|conn| peerdesk::demo::scale::load(conn, 10).is_err())
        .await;
    assert!(again, "a second load is refused");

    let login = |role: &str| {
        report
            .logins
            .iter()
            .find(|l| l.role == role)
            .unwrap_or_else(|| panic!("a printed {role} login"))
            .email
            .clone()
    };
    let public = app.get("/collections/rare-cancers").await;
    assert_eq!(public.status, 200);

    let editor = login("editor");
    let page = app.login(&editor, &report.password).await;
    assert!(page.status.is_redirection(), "the editor signs in");
    assert_eq!(app.get("/editorial/queue").await.status, 200);
    let sample = format!("/editorial/submissions/{}", report.sample_submission_id);
    assert_eq!(app.get(&sample).await.status, 200);
    app.logout().await;

    let chief = login("editor-in-chief");
    assert!(
        app.login(&chief, &report.password)
            .await
            .status
            .is_redirection()
    );
    assert_eq!(app.get("/editorial/queue").await.status, 200);
    assert_eq!(app.get(&sample).await.status, 200);
    app.logout().await;

    let author = login("author");
    assert!(
        app.login(&author, &report.password)
            .await
            .status
            .is_redirection()
    );
    let mine = app.get("/submissions").await;
    assert_eq!(mine.status, 200);
}
