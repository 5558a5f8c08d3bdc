//! Publishing over HTTP on both backends: the editor-in-chief publishes an accepted
//! submission (citation, DOI, date, final PDF), the article appears on the public collection
//! page as on the journal's own page and on its own page with the PDF, nothing unpublished is
//! reachable, refused input changes nothing, a correction is linked, and the JATS, Crossref
//! and CSV exports hold what they must and leave out what the editor-in-chief is conflicted
//! with.

mod awkward;
mod cite;
mod crossmark;
mod discovery;
mod exports;
mod licence;
mod publish;
mod record;

use std::collections::HashMap;

use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use peerdesk::db::schema::{published_articles, submission_authors};

const BAP1: &str = "Germline BAP1 variants in Ligurian families with uveal melanoma";

fn publish_path(id: i64) -> String {
    format!("/editorial/submissions/{id}/publish")
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// This year's volume of BMC Cancer (volume 26 in 2026).
fn volume() -> String {
    use chrono::Datelike;
    (today().year() - 2000).to_string()
}

fn citation(number: i32) -> String {
    use chrono::Datelike;
    format!("BMC Cancer {} {}:{number}", today().year(), volume())
}

fn doi(number: i32) -> String {
    use chrono::Datelike;
    format!("10.1186/s12885-{:03}-{number:05}", today().year() % 1000)
}

/// The signed-in person posts the publication form.
async fn post_publication(
    app: &TestApp,
    id: i64,
    fields: &[(&str, &str)],
    pdf: Option<(&str, Vec<u8>)>,
) -> Page {
    let files: Vec<(&str, &str, Vec<u8>)> = pdf
        .into_iter()
        .map(|(name, bytes)| ("pdf", name, bytes))
        .collect();
    app.post_multipart(&publish_path(id), fields, &files).await
}

async fn publish_as_number(app: &TestApp, id: i64, number: i32) -> Page {
    let n = number.to_string();
    let d = doi(number);
    let date = today().format("%Y-%m-%d").to_string();
    post_publication(
        app,
        id,
        &[
            ("volume", &volume()),
            ("article_number", &n),
            ("doi", &d),
            ("published_on", &date),
        ],
        Some(("final-typeset.pdf", pdf_bytes())),
    )
    .await
}

async fn published_rows(app: &TestApp) -> i64 {
    app.with_db(|conn| {
        published_articles::table
            .count()
            .get_result::<i64>(conn)
            .unwrap()
    })
    .await
}

/// Demo manuscript 1 (Sofia's, handled by Atif) reviewed once and accepted, with sixteen
/// more co-authors added in the database so the collection page has a long list to cut.
async fn accepted_submission(app: &mut TestApp, logins: &HashMap<String, String>) -> i64 {
    let id = first_submission(app).await;
    app.with_db(move |conn| {
        for i in 2..=17 {
            diesel::insert_into(submission_authors::table)
                .values((
                    submission_authors::submission_id.eq(id),
                    submission_authors::position.eq(i),
                    submission_authors::name.eq(format!("Coauthor{i} Genoa")),
                    submission_authors::email.eq(format!("coauthor{i}@unige-research.example")),
                    submission_authors::affiliation.eq("University of Genoa, Italy"),
                    submission_authors::is_corresponding.eq(false),
                ))
                .execute(conn)
                .unwrap();
        }
    })
    .await;
    one_review_round(app, logins, id).await;
    the_chief_rules_on_every_signal(app, id).await;
    let sent = send_decision(app, id, "accept", None).await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    assert_eq!(state_of(app, id).await, "accepted");
    id
}

async fn article_id_of(app: &TestApp, submission_id: i64) -> i64 {
    app.with_db(move |conn| {
        published_articles::table
            .filter(published_articles::submission_id.eq(submission_id))
            .select(published_articles::id)
            .first::<i64>(conn)
            .unwrap()
    })
    .await
}

/// The published article's PDF, which must be served.
async fn article_pdf(app: &TestApp, article: i64) -> reqwest::Response {
    let pdf = app
        .client
        .get(app.url(&format!("/articles/{article}/pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), StatusCode::OK);
    pdf
}
