//! Recognition for reviewers (issue 19 part 3), over HTTP on both backends: the editors'
//! rating of a review (private, recorded once, stale tabs refused), a reviewer's history on
//! the editorial page, the thank-you after a decision (with the other reviews only where the
//! collection shares them), the certificate and the review record for ORCID.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use peerdesk::db::DbConnection;
use peerdesk::db::schema::{events, review_invitations as ri, review_ratings as rr};

/// A review already submitted on `submission` by `reviewer`, written straight into the
/// database: invited, due and submitted at the given times (by default: now, in 14 days,
/// now). Returns the invitation's id.
pub fn submitted_review(
    conn: &mut DbConnection,
    submission: i64,
    reviewer: i64,
    timeline: Option<(NaiveDateTime, NaiveDate, NaiveDateTime)>,
) -> i64 {
    let now = peerdesk::db::now();
    let (invited, due, submitted) =
        timeline.unwrap_or((now, now.date() + chrono::Duration::days(14), now));
    diesel::insert_into(ri::table)
        .values((
            ri::submission_id.eq(submission),
            ri::round.eq(1),
            ri::reviewer_id.eq(reviewer),
            ri::message.eq(""),
            ri::due_on.eq(due),
            ri::status.eq("submitted"),
            ri::links_expire_at.eq(now + chrono::Duration::days(30)),
            ri::invited_at.eq(invited),
            ri::responded_at.eq(Some(invited)),
            ri::recommendation.eq("minor_revision"),
            ri::comments_to_authors.eq("Please report the follow-up times."),
            ri::confidential_comments.eq("Between us: solid work."),
            ri::review_saved_at.eq(Some(submitted)),
            ri::review_submitted_at.eq(Some(submitted)),
        ))
        .returning(ri::id)
        .get_result(conn)
        .unwrap()
}

async fn ratings(app: &TestApp, invitation: i64) -> Vec<(i32, String)> {
    app.with_db(move |conn| {
        rr::table
            .filter(rr::invitation_id.eq(invitation))
            .select((rr::rating, rr::note))
            .load(conn)
            .unwrap()
    })
    .await
}

async fn rated_events(app: &TestApp, submission: i64) -> usize {
    app.with_db(move |conn| {
        events::table
            .filter(events::subject_id.eq(submission))
            .filter(events::kind.eq("review_rated"))
            .count()
            .get_result::<i64>(conn)
            .unwrap() as usize
    })
    .await
}

/// Marta's review of the first demo manuscript, submitted; Atif is signed in.
async fn a_review_in(app: &mut TestApp) -> (std::collections::HashMap<String, String>, i64, i64) {
    let logins = app.load_demo().await;
    let id = first_submission(app).await;
    one_review_round(app, &logins, id).await;
    let marta = app.person_id(NEW_REVIEWER).await;
    let inv: i64 = app
        .with_db(move |conn| {
            ri::table
                .filter(ri::submission_id.eq(id))
                .filter(ri::reviewer_id.eq(marta))
                .select(ri::id)
                .first(conn)
                .unwrap()
        })
        .await;
    (logins, id, inv)
}

const NOTE: &str = "Thorough on the statistics; a model report.";

/// Long because it is one story: rate, press again, a stale tab, re-rate, then everyone who
/// must not see it.
async fn the_editor_rates_a_review_privately_once(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, id, inv) = a_review_in(&mut app).await;
    let page = format!("/editorial/submissions/{id}");
    let action = format!("{page}/reviewers/{inv}/rating");
    let editorial = app.get(&page).await;
    assert_eq!(editorial.select(&format!("#rating-form-{inv}")).len(), 1);
    let read_at = editorial
        .attr(&format!("#rating-form-{inv} input[name=read_at]"), "value")
        .unwrap();
    assert_eq!(read_at, "", "never rated yet");

    // Pressed twice: recorded once, one line on the timeline.
    for _ in 0..2 {
        let sent = post_on_page(
            &app,
            &page,
            &action,
            &[("rating", "3"), ("note", NOTE), ("read_at", &read_at)],
        )
        .await;
        assert_eq!(
            sent.status,
            StatusCode::SEE_OTHER,
            "{}",
            sent.visible_text()
        );
    }
    assert_eq!(ratings(&app, inv).await, vec![(3, NOTE.to_owned())]);
    assert_eq!(rated_events(&app, id).await, 1);
    let shown = app.get(&page).await;
    let recorded = shown.select(&format!("#rating-recorded-{inv}")).join("");
    assert!(
        recorded.contains("Rated 3 of 3, excellent, by Atif A. Ahmed"),
        "{recorded}"
    );
    assert_eq!(
        shown
            .attr(&format!("#rating-{inv}-3"), "checked")
            .as_deref(),
        Some("")
    );

    // A tab read before that rating, choosing otherwise: 409, nothing written, input kept.
    let stale = post_on_page(
        &app,
        &page,
        &action,
        &[("rating", "1"), ("note", "Thin."), ("read_at", &read_at)],
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale
            .error_summary()
            .contains("rated this review after you opened this page")
    );
    assert_eq!(stale.select(&format!("#note-{inv}")).join(""), "Thin.");
    assert_eq!(ratings(&app, inv).await, vec![(3, NOTE.to_owned())]);

    // Bad input: 422, beside the field, the note kept.
    let bad = post_on_page(&app, &page, &action, &[("rating", "7"), ("note", "Kept.")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.select(&format!("#rating-{inv}-error"))
            .join("")
            .contains("Choose a rating")
    );
    assert_eq!(bad.select(&format!("#note-{inv}")).join(""), "Kept.");

    // Re-rated from the page as it is now: the latest counts.
    let current = app
        .get(&page)
        .await
        .attr(&format!("#rating-form-{inv} input[name=read_at]"), "value")
        .unwrap();
    let again = post_on_page(
        &app,
        &page,
        &action,
        &[("rating", "2"), ("note", ""), ("read_at", &current)],
    )
    .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(ratings(&app, inv).await, vec![(2, String::new())]);
    assert_eq!(rated_events(&app, id).await, 2);

    // The editor-in-chief reads it too; the author, a conflicted guest editor and the
    // reviewer herself neither see it nor may rate (404 as for a missing submission).
    as_person(&app, &logins, HELEN).await;
    let chief = app.get(&page).await;
    assert!(chief.visible_text().contains("Rated 2 of 3, good"));
    for who in [SOFIA, BRUNA] {
        as_person(&app, &logins, who).await;
        let refused = app.post_form(&action, &[("rating", "1")]).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{who}");
        assert_eq!(app.get(&page).await.status, StatusCode::NOT_FOUND, "{who}");
    }
    as_person(&app, &logins, SOFIA).await;
    let author = app.get(&format!("/submissions/{id}")).await.visible_text();
    assert!(
        !author.contains("Rated") && !author.contains("rated"),
        "{author}"
    );
    assert_eq!(ratings(&app, inv).await, vec![(2, String::new())]);
    // Marta's own desk says nothing of it.
    let marta = app.person_id(NEW_REVIEWER).await;
    let note_mails = app
        .mails_to(NEW_REVIEWER)
        .into_iter()
        .filter(|m| m.contains(NOTE) || m.contains("excellent"))
        .count();
    assert_eq!(note_mails, 0, "no mail tells the reviewer");
    let _ = marta;
    // Once the editor-in-chief has a conflict with the author, the rating closes to her.
    let helen = app.person_id(HELEN).await;
    declare_conflict(&app, helen, "Sofia Bianchi", SOFIA, "family", "").await;
    as_person(&app, &logins, HELEN).await;
    let refused = app.post_form(&action, &[("rating", "1")]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

crate::on_both_backends!(the_editor_rates_a_review_privately_once);

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Lukas's history on a known timeline: three reviews done elsewhere (two on time, one six
/// days late; 10, 14.5 and 20 days from invitation to review), one rated 3. The handling
/// editor reads the figures beside his row, and nothing of the other manuscripts.
/// Long because it writes the timeline before reading it back.
async fn the_editor_reads_a_reviewers_history(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let ids = submission_ids(&app).await;
    let id = ids[0];
    let lukas = app.person_id(LUKAS).await;
    let on = ids.clone();
    let (others, invited) = app
        .with_db(move |conn| {
            let ids = on;
            let elsewhere = [
                (
                    ids[1],
                    at("2026-01-01 09:00"),
                    day("2026-01-15"),
                    at("2026-01-11 09:00"),
                ),
                (
                    ids[2],
                    at("2026-02-01 09:00"),
                    day("2026-02-15"),
                    at("2026-02-15 21:00"),
                ),
                (
                    ids[1],
                    at("2026-03-01 09:00"),
                    day("2026-03-15"),
                    at("2026-03-21 09:00"),
                ),
            ];
            let mut others = Vec::new();
            for (s, i, d, t) in elsewhere {
                others.push(submitted_review(conn, s, lukas, Some((i, d, t))));
            }
            peerdesk::db::recognition::set_rating(
                conn,
                others[0],
                (3, "Fine"),
                lukas,
                at("2026-01-12 09:00"),
            )
            .unwrap();
            // Invited on the first manuscript, not answered yet: his row there.
            let invited = submitted_review(conn, id, lukas, None);
            diesel::update(ri::table.find(invited))
                .set((
                    ri::status.eq("invited"),
                    ri::review_submitted_at.eq(None::<NaiveDateTime>),
                    ri::responded_at.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)
                .unwrap();
            (others, invited)
        })
        .await;
    as_person(&app, &logins, ATIF).await;
    let page = app.get(&format!("/editorial/submissions/{id}")).await;
    let history = page.select(&format!("#history-{invited}")).join("");
    assert!(
        history.contains(
            "3 reviews done; 2 on time (67%); 14.8 days on average from invitation to review; rated 3.0 of 3 on average (1 rated)"
        ),
        "{history}"
    );
    // Counts only: the other manuscripts' titles and numbers are nowhere on his row.
    let row = page.select(&format!("#invitation-{invited}")).join("");
    for other in &ids[1..] {
        let (number, title) = app
            .with_db({
                let other = *other;
                move |conn| {
                    use peerdesk::db::schema::submissions as s;
                    s::table
                        .find(other)
                        .select((s::manuscript_number, s::title))
                        .first::<(Option<String>, String)>(conn)
                        .unwrap()
                }
            })
            .await;
        assert!(!row.contains(&title), "{row}");
        if let Some(n) = number {
            assert!(!row.contains(&n), "{row}");
        }
    }
    // The same line beside his name where reviewers are found.
    let find = app
        .get(&format!("/editorial/submissions/{id}/reviewers?q=lukas"))
        .await;
    let lines = find.select(".candidate .reviewer-history").join("|");
    assert!(
        lines.contains("History: 3 reviews done; 2 on time (67%)"),
        "{lines}"
    );
    assert_eq!(others.len(), 3);
}

crate::on_both_backends!(the_editor_reads_a_reviewers_history);

/// Two reviewers of the round (Marta, Reviewer 1; Lukas, Reviewer 2); the editor decides.
/// Each is thanked once with the decision; the other's comments to the authors only when
/// the collection shares them, never the confidential comments, never a name.
async fn reviewers_are_thanked_with_the_decision(backend: Backend, share: bool) {
    let mut app = spawn_app(backend).await;
    let (logins, id, _) = a_review_in(&mut app).await;
    if share {
        app.with_db(|conn| {
            use peerdesk::db::schema::collections as c;
            diesel::update(c::table)
                .set(c::share_reviews_with_reviewers.eq(true))
                .execute(conn)
                .unwrap();
        })
        .await;
    }
    lukas_reports(&app, &logins, id).await;
    as_person(&app, &logins, ATIF).await;
    let sent = send_decision(&app, id, "minor_revision", None).await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    let thanks: Vec<_> = app
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "decision_made")
        .collect();
    assert_eq!(
        thanks.len(),
        2,
        "one thank-you to each reviewer of the round"
    );
    let to_marta = app.mails_to(NEW_REVIEWER);
    let to_marta = to_marta
        .iter()
        .find(|m| m.contains("the decision"))
        .expect("Marta's thank-you");
    let to_lukas = app.mails_to(LUKAS);
    let to_lukas = to_lukas
        .iter()
        .find(|m| m.contains("the decision"))
        .expect("Lukas's thank-you");
    for m in [to_marta, to_lukas] {
        assert!(m.contains("Thank you for your review"), "{m}");
        assert!(m.contains("Minor revision"), "{m}");
        assert!(
            !m.contains(CONFIDENTIAL),
            "never a confidential comment: {m}"
        );
    }
    // Both reviewers wrote COMMENTS; what tells them apart is the heading.
    assert_eq!(to_marta.contains("Reviewer 2:"), share, "{to_marta}");
    assert_eq!(to_lukas.contains("Reviewer 1:"), share, "{to_lukas}");
    assert!(!to_marta.contains("Reviewer 1:"), "not her own: {to_marta}");
    assert!(
        !to_lukas.contains("Marta") && !to_marta.contains("Lukas"),
        "never a name"
    );
}

async fn reviewers_are_thanked_without_the_other_reviews_by_default(backend: Backend) {
    reviewers_are_thanked_with_the_decision(backend, false).await;
}

async fn reviewers_are_thanked_with_the_other_reviews_where_shared(backend: Backend) {
    reviewers_are_thanked_with_the_decision(backend, true).await;
}

crate::on_both_backends!(reviewers_are_thanked_without_the_other_reviews_by_default);
crate::on_both_backends!(reviewers_are_thanked_with_the_other_reviews_where_shared);

/// Lukas's certificate names him, the journal, the collection, the year and the count, never
/// the manuscript; a year without a review says so. His record and the editor-in-chief's
/// export carry ORCID's fields; hers leaves out what she is conflicted with.
/// Long because it is one story: the review, the certificate, then each export in turn.
async fn certificate_and_review_records(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    lukas_reports(&app, &logins, id).await;
    let (number, title) = app
        .with_db(move |conn| {
            use peerdesk::db::schema::submissions as s;
            s::table
                .find(id)
                .select((s::manuscript_number, s::title))
                .first::<(Option<String>, String)>(conn)
                .unwrap()
        })
        .await;
    let number = number.unwrap();
    let lukas = app.person_id(LUKAS).await;
    app.with_db(move |conn| {
        use peerdesk::db::schema::people as p;
        diesel::update(p::table.find(lukas))
            .set(p::orcid.eq(Some("0000-0002-1825-0097")))
            .execute(conn)
            .unwrap();
    })
    .await;

    as_person(&app, &logins, LUKAS).await;
    let mine = app.get("/reviews").await;
    assert_eq!(
        mine.attr("#certificate-link", "href").as_deref(),
        Some("/reviewer/certificate")
    );
    let year = peerdesk::db::now().format("%Y").to_string();
    let cert = app.get(&format!("/reviewer/certificate?year={year}")).await;
    assert_eq!(cert.status, StatusCode::OK);
    assert_eq!(cert.select("#certificate-name").join(""), "Lukas Weber");
    assert_eq!(
        cert.select("#certificate-count").join(""),
        format!("completed 1 peer review in {year}")
    );
    let text = cert.visible_text();
    assert!(
        text.contains("BMC Cancer") && text.contains("Rare cancers"),
        "{text}"
    );
    assert!(
        !text.contains(&title) && !text.contains(&number),
        "no manuscript: {text}"
    );
    let none = app.get("/reviewer/certificate?year=2019").await;
    assert_eq!(none.status, StatusCode::OK);
    assert!(none.select("#certificate-count").is_empty());
    assert!(
        none.select("#no-certificate")
            .join("")
            .contains("no review in 2019")
    );

    let own = app.get("/reviewer/records.csv").await;
    assert_eq!(own.status, StatusCode::OK);
    let rows: Vec<&str> = own.text.lines().collect();
    assert_eq!(rows.len(), 2, "{}", own.text);
    let today = peerdesk::db::now().format("%Y-%m-%d").to_string();
    assert_eq!(
        rows[1],
        format!(
            "Lukas Weber,0000-0002-1825-0097,BioMed Central,review,reviewer,journal-article,{today},BMC Cancer,1471-2407,issn:1471-2407"
        )
    );
    assert!(!own.text.contains(&title));

    // The journal's export, with a name a spreadsheet would run as a formula.
    app.with_db(move |conn| {
        use peerdesk::db::schema::people as p;
        diesel::update(p::table.find(lukas))
            .set(p::name.eq("=Lukas Weber"))
            .execute(conn)
            .unwrap();
    })
    .await;
    as_person(&app, &logins, HELEN).await;
    let all = app.get("/editorial/exports/review-records.csv").await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(
        all.text.contains("\n'=Lukas Weber,0000-0002-1825-0097,"),
        "{}",
        all.text
    );
    as_person(&app, &logins, LUKAS).await;
    assert_eq!(
        app.get("/editorial/exports/review-records.csv")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Conflicted with the manuscript's author: its review leaves her export.
    let helen = app.person_id(HELEN).await;
    declare_conflict(&app, helen, "Sofia Bianchi", SOFIA, "family", "").await;
    as_person(&app, &logins, HELEN).await;
    let all = app.get("/editorial/exports/review-records.csv").await;
    assert!(!all.text.contains("Lukas Weber"), "{}", all.text);
}

crate::on_both_backends!(certificate_and_review_records);
