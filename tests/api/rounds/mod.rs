//! Revision rounds and appeals over HTTP, on both backends: a revised version opens round 2
//! with the earlier reviewer offered again; refused revisions keep what was typed and write
//! nothing; an appeal goes to the editor-in-chief once, or to a board member free of
//! conflicts when the editor-in-chief has one; an allowed appeal reopens review.

mod ai_use;
mod appeal;
mod credit;
mod funders;
mod metadata;
mod names;
mod revision;
mod revision_deadline;
mod technical_check;

use std::collections::HashMap;

use reqwest::StatusCode;

use crate::helpers::*;
use diesel::prelude::*;
use peerdesk::db::schema::{submission_files, submissions};

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
        &[("response", response), ("ai_use", "none")],
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

async fn desk_rejected(app: &TestApp) -> (HashMap<String, String>, i64) {
    let logins = app.load_demo().await;
    let id = first_submission(app).await;
    as_person(app, &logins, ATIF).await;
    let sent = send_decision(app, id, "desk_reject", None).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    (logins, id)
}
