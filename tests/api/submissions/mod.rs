//! Authors submit Research Articles: the form, drafts, refusals that leave nothing behind,
//! idempotent submits, the author's pages, downloads and withdrawal.

mod affiliations;
mod checklist;
mod co_authors;
mod drafts;
mod form;
mod ownership;
mod review;
mod status;

use diesel::prelude::*;

use crate::helpers::TestApp;
use peerdesk::db::schema::{submission_files, submissions};

/// The form with `key` set to `value` (moved to the end).
fn with(fields: &[(String, String)], key: &str, value: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fields.iter().filter(|(k, _)| k != key).cloned().collect();
    out.push((key.to_owned(), value.to_owned()));
    out
}

/// The form without `key`.
fn without(fields: &[(String, String)], key: &str) -> Vec<(String, String)> {
    fields.iter().filter(|(k, _)| k != key).cloned().collect()
}

/// How many submissions there are, drafts included.
async fn submission_count(app: &TestApp) -> i64 {
    app.with_db(|conn| submissions::table.count().get_result::<i64>(conn).unwrap())
        .await
}

/// How many submission files the database lists.
async fn file_row_count(app: &TestApp) -> i64 {
    app.with_db(|conn| {
        submission_files::table
            .count()
            .get_result::<i64>(conn)
            .unwrap()
    })
    .await
}

/// Files in the store (temporary files included: nothing may be left behind).
fn files_on_disk(app: &TestApp) -> usize {
    fn walk(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| {
                        let p = e.path();
                        if p.is_dir() { walk(&p) } else { 1 }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    walk(&app.state.config.files_dir)
}

/// The idempotency key of the `n`th form a test sends.
fn key(n: u8) -> String {
    format!("{n:032x}")
}
