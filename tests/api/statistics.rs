//! The editor-in-chief's statistics: known timelines give the expected medians, means and
//! rate on the page; nobody else gets the page; an empty period says "no data".

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::{Backend, TestApp, spawn_app};
use peerdesk::db::schema::{events, review_invitations, submissions};

const HELEN: &str = "helen.marsh@bmccancer.example"; // editor-in-chief
const KOFI: &str = "kofi.mensah@ki.example"; // board member, invited as a reviewer here
const ATIF: &str = "atif.ahmed@seattlechildrens.example"; // guest editor, handles them here

fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

/// Replaces every submission timeline with known ones in 2020, and adds two answered
/// review invitations sent in March 2020.
/// Long because it is data: every timeline the statistics are checked against, written out.
async fn known_timelines(app: &TestApp, reviewer: i64) -> Vec<i64> {
    app.with_db(move |conn| {
        // The demo's submissions, and two more in the same collection.
        let (collection, submitter): (i64, i64) = submissions::table
            .select((submissions::collection_id, submissions::submitter_id))
            .first(conn)
            .unwrap();
        for title in ["Fourth", "Fifth"] {
            diesel::insert_into(submissions::table)
                .values((
                    submissions::collection_id.eq(collection),
                    submissions::submitter_id.eq(submitter),
                    submissions::state.eq("submitted"),
                    submissions::title.eq(title),
                    submissions::created_at.eq(at(2019, 11, 1)),
                    submissions::updated_at.eq(at(2019, 11, 1)),
                ))
                .execute(conn)
                .unwrap();
        }
        let ids: Vec<i64> = submissions::table
            .select(submissions::id)
            .order(submissions::id)
            .load(conn)
            .unwrap();
        assert!(ids.len() >= 5, "{} submissions", ids.len());
        diesel::delete(events::table.filter(events::subject_type.eq("submission")))
            .execute(conn)
            .unwrap();
        let timelines: Vec<(i64, Vec<(&str, NaiveDateTime)>)> = vec![
            // First decision after 10 days (a revision), accepted 40 days after submission.
            (
                ids[0],
                vec![
                    ("submit", at(2020, 1, 10)),
                    ("request_revision", at(2020, 1, 20)),
                    ("resubmit", at(2020, 2, 1)),
                    ("accept", at(2020, 2, 19)),
                    ("publish", at(2020, 3, 1)),
                ],
            ),
            // Rejected without review after 2 days.
            (
                ids[1],
                vec![
                    ("submit", at(2020, 1, 15)),
                    ("desk_reject", at(2020, 1, 17)),
                ],
            ),
            // Rejected after 30 days, overturned on appeal: a first decision, not a final one.
            (
                ids[2],
                vec![
                    ("submit", at(2020, 2, 1)),
                    ("reject", at(2020, 3, 2)),
                    ("appeal", at(2020, 3, 3)),
                    ("overturn_rejection", at(2020, 3, 10)),
                ],
            ),
            // Submitted, no decision yet.
            (ids[3], vec![("submit", at(2020, 3, 5))]),
            // Submitted before the period: left out by the date filter.
            (
                ids[4],
                vec![("submit", at(2019, 12, 1)), ("accept", at(2020, 1, 2))],
            ),
        ];
        for (id, steps) in timelines {
            for (kind, when) in steps {
                diesel::insert_into(events::table)
                    .values((
                        events::occurred_at.eq(when),
                        events::subject_type.eq("submission"),
                        events::subject_id.eq(id),
                        events::kind.eq(kind),
                        events::note.eq(""),
                    ))
                    .execute(conn)
                    .unwrap();
            }
        }
        // Answered after 2 days, review 10 days after accepting; declined after 4 days.
        for (responded, status, submitted) in [
            (at(2020, 3, 3), "submitted", Some(at(2020, 3, 13))),
            (at(2020, 3, 5), "declined", None),
        ] {
            diesel::insert_into(review_invitations::table)
                .values((
                    review_invitations::submission_id.eq(ids[0]),
                    review_invitations::round.eq(1),
                    review_invitations::reviewer_id.eq(reviewer),
                    review_invitations::due_on.eq(NaiveDate::from_ymd_opt(2020, 3, 15).unwrap()),
                    review_invitations::status.eq(status),
                    review_invitations::links_expire_at.eq(at(2020, 5, 1)),
                    review_invitations::invited_at.eq(at(2020, 3, 1)),
                    review_invitations::responded_at.eq(Some(responded)),
                    review_invitations::review_submitted_at.eq(submitted),
                ))
                .execute(conn)
                .unwrap();
        }
        ids
    })
    .await
}

fn text_of(page: &crate::helpers::Page, css: &str) -> Vec<String> {
    page.select(css)
        .into_iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// Long because it is one statistics page checked figure by figure against the known timelines.
async fn the_figures_come_from_the_timelines(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let kofi = app.person_id(KOFI).await;
    known_timelines(&app, kofi).await;
    app.login(HELEN, &logins[HELEN]).await;
    let collection: i64 = app
        .with_db(|conn| {
            use peerdesk::db::schema::collections;
            collections::table
                .filter(collections::slug.eq("rare-cancers"))
                .select(collections::id)
                .first(conn)
                .unwrap()
        })
        .await;

    let page = app
        .get(&format!(
            "/editorial/statistics?collection={collection}&from=2020-01-01&to=2020-12-31"
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        text_of(&page, "#per-month .chart-table tbody tr"),
        vec!["2020-01 2", "2020-02 1", "2020-03 1"]
    );
    assert_eq!(
        text_of(&page, "#per-month p.covers"),
        vec!["4 submissions."]
    );
    // First decisions after 2, 10 and 30 days.
    assert_eq!(text_of(&page, "#first-decision .median"), vec!["10.0 days"]);
    assert_eq!(text_of(&page, "#first-decision .mean"), vec!["14.0 days"]);
    assert_eq!(
        text_of(&page, "#first-decision .covers"),
        vec!["3 submissions with a first decision"]
    );
    // Final decisions after 2 (desk) and 40 days (accepted); the overturned one is open.
    assert_eq!(text_of(&page, "#final-decision .median"), vec!["21.0 days"]);
    assert_eq!(text_of(&page, "#final-decision .mean"), vec!["21.0 days"]);
    assert_eq!(
        text_of(&page, "#final-decision .covers"),
        vec!["2 submissions with a final decision"]
    );
    assert_eq!(text_of(&page, "#acceptance .rate"), vec!["50.0 %"]);
    assert_eq!(text_of(&page, "#acceptance .accepted"), vec!["1"]);
    assert_eq!(text_of(&page, "#acceptance .desk-rejected"), vec!["1"]);
    assert_eq!(text_of(&page, "#acceptance .rejected"), vec!["0"]);
    // Reviewers: answers after 2 and 4 days, one review 10 days after accepting.
    assert_eq!(text_of(&page, "#response .median"), vec!["3.0 days"]);
    assert_eq!(
        text_of(&page, "#response .covers"),
        vec!["2 answered invitations"]
    );
    assert_eq!(text_of(&page, "#review .median"), vec!["10.0 days"]);
    assert_eq!(text_of(&page, "#review .mean"), vec!["10.0 days"]);
    // Each chart is an SVG with its accessible name, and the definitions are on the page.
    assert_eq!(page.select("svg[role=img] > title").len(), 4);
    let text = page.visible_text();
    assert!(text.contains("Definition:"), "{text}");
    // The filter is kept in the form.
    assert_eq!(page.attr("#from", "value").as_deref(), Some("2020-01-01"));

    // Without the date filter the submission from 2019 counts too.
    let all = app.get("/editorial/statistics").await;
    assert_eq!(text_of(&all, "#per-month p.covers"), vec!["5 submissions."]);
    assert_eq!(text_of(&all, "#acceptance .rate"), vec!["66.7 %"]);

    // A period with nothing in it says so instead of printing NaN.
    let empty = app
        .get("/editorial/statistics?from=1990-01-01&to=1990-12-31")
        .await;
    assert_eq!(empty.status, StatusCode::OK);
    let text = empty.visible_text();
    assert!(!text.contains("NaN"), "{text}");
    assert_eq!(text_of(&empty, "#first-decision .median"), vec!["no data"]);
    assert_eq!(text_of(&empty, "#acceptance .rate"), vec!["no data"]);
    assert_eq!(text_of(&empty, "#review .mean"), vec!["no data"]);
    assert!(empty.select("svg").is_empty());

    // A bad date is shown beside its field.
    let bad = app.get("/editorial/statistics?from=yesterday").await;
    assert_eq!(bad.status, StatusCode::OK);
    assert!(bad.field_error("from").is_some());
}

crate::on_both_backends!(the_figures_come_from_the_timelines);

/// Like every list and count, the figures leave out a submission the editor-in-chief has a
/// confirmed conflict with (DESIGN §4).
async fn a_conflicted_submission_is_not_counted(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let kofi = app.person_id(KOFI).await;
    let known = known_timelines(&app, kofi).await;
    let helen = app.person_id(HELEN).await;
    // The 2020 submission with the most in it: the first of them.
    let conflicted = known[0];
    // Seen before the conflict is declared: the figures are then remembered for a minute,
    // but a conflict declared meanwhile must count at once.
    app.login(HELEN, &logins[HELEN]).await;
    let before = app
        .get("/editorial/statistics?from=2020-01-01&to=2020-12-31")
        .await;
    assert_eq!(
        text_of(&before, "#per-month p.covers"),
        vec!["4 submissions."]
    );
    app.with_db(move |conn| {
        peerdesk::db::editorial::declare_conflict(conn, conflicted, helen, "Family").unwrap()
    })
    .await;
    let page = app
        .get("/editorial/statistics?from=2020-01-01&to=2020-12-31")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        text_of(&page, "#per-month p.covers"),
        vec!["3 submissions."],
        "four in 2020, one left out"
    );
}

crate::on_both_backends!(a_conflicted_submission_is_not_counted);

/// The line of a CSV file about `who`, without the name.
fn csv_line_of(csv: &str, who: &str) -> String {
    csv.lines()
        .find(|l| l.contains(who))
        .and_then(|l| l.split_once(','))
        .map(|(_, rest)| rest.to_owned())
        .unwrap_or_else(|| panic!("{who} in {csv}"))
}

/// Issue 18 part 4: per handling editor (open now, overdue, time to first decision,
/// invitations sent and how they were answered) and per reviewer (decline rate), on the
/// page and as CSV, the editor-in-chief's conflicts left out; nobody else gets the files.
/// Long because it is one story: known data, the figures, then a conflict, then the others.
async fn each_handling_editor_and_reviewer_has_figures_and_a_csv(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let (kofi, atif) = (app.person_id(KOFI).await, app.person_id(ATIF).await);
    let known = known_timelines(&app, kofi).await;
    let open_one = known[3];
    app.with_db(move |conn| {
        use submissions::{handling_editor_id as editor, id, state};
        diesel::update(submissions::table)
            .set(editor.eq(None::<i64>))
            .execute(conn)
            .unwrap();
        diesel::update(submissions::table.filter(id.eq_any(&known[..4])))
            .set(editor.eq(Some(atif)))
            .execute(conn)
            .unwrap();
        for (sid, to) in [
            (known[0], "published"),
            (known[1], "rejected"),
            (known[2], "rejected"),
        ] {
            diesel::update(submissions::table.find(sid))
                .set(state.eq(to))
                .execute(conn)
                .unwrap();
        }
        diesel::update(submissions::table.find(open_one))
            .set((state.eq("under_review"), submissions::current_round.eq(1)))
            .execute(conn)
            .unwrap();
        diesel::update(review_invitations::table)
            .set(review_invitations::invited_by.eq(Some(atif)))
            .execute(conn)
            .unwrap();
        // Accepted, and its review was due in 2020: overdue.
        diesel::insert_into(review_invitations::table)
            .values((
                review_invitations::submission_id.eq(open_one),
                review_invitations::round.eq(1),
                review_invitations::reviewer_id.eq(kofi),
                review_invitations::invited_by.eq(Some(atif)),
                review_invitations::due_on.eq(NaiveDate::from_ymd_opt(2020, 3, 20).unwrap()),
                review_invitations::status.eq("accepted"),
                review_invitations::links_expire_at.eq(at(2020, 5, 1)),
                review_invitations::invited_at.eq(at(2020, 3, 6)),
                review_invitations::responded_at.eq(Some(at(2020, 3, 7))),
            ))
            .execute(conn)
            .unwrap();
    })
    .await;
    app.login(HELEN, &logins[HELEN]).await;
    let period = "from=2020-01-01&to=2020-12-31";
    let page = app.get(&format!("/editorial/statistics?{period}")).await;
    assert_eq!(text_of(&page, "#editors-table tbody th"), ["Atif A. Ahmed"]);
    assert_eq!(
        text_of(&page, "#editors-table tbody td"),
        ["1", "1", "10.0 days (3)", "3", "2", "1", "33 %"]
    );
    assert!(!text_of(&page, "#per-editor .definition").is_empty());
    let link = page.attr("#editors-csv", "href").expect("a CSV link");
    assert_eq!(link, format!("/editorial/statistics/editors.csv?{period}"));
    let csv = app.get(&link).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.text.starts_with("Handling editor,Open,Overdue,"),
        "{}",
        csv.text
    );
    // Open, overdue, decided, median, sent, accepted, declined, rate.
    assert_eq!(csv_line_of(&csv.text, "Ahmed"), "1,1,3,10.0,3,2,1,33 %");
    let reviewers = app
        .get(&format!("/editorial/statistics/reviewers.csv?{period}"))
        .await;
    assert_eq!(csv_line_of(&reviewers.text, "Mensah"), "3,2,1,33 %");

    // Helen is conflicted with the open one: it leaves every figure at once.
    let helen = app.person_id(HELEN).await;
    app.with_db(move |conn| {
        peerdesk::db::editorial::declare_conflict(conn, open_one, helen, "Family").unwrap()
    })
    .await;
    let csv = app
        .get(&format!("/editorial/statistics/editors.csv?{period}"))
        .await;
    assert_eq!(csv_line_of(&csv.text, "Ahmed"), "0,0,3,10.0,2,1,1,50 %");
    let bad = app
        .get("/editorial/statistics/editors.csv?from=yesterday")
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Nobody but an editor-in-chief gets the files.
    for who in [ATIF, KOFI] {
        app.logout().await;
        app.login(who, &logins[who]).await;
        for file in ["editors", "reviewers"] {
            let got = app.get(&format!("/editorial/statistics/{file}.csv")).await;
            assert_eq!(got.status, StatusCode::NOT_FOUND, "{who} {file}");
        }
    }
}

crate::on_both_backends!(each_handling_editor_and_reviewer_has_figures_and_a_csv);
