//! Raising the signs of a review ring when a review comes in (issue 27 item 2; the rules in
//! `domain::review_rings`), in the review's own transaction, so nothing is computed when a
//! page loads: a near-identical review of another submission, and a report returned
//! implausibly soon after the invitation was accepted.

use diesel::QueryResult;

use crate::db::DbConnection;
use crate::db::integrity::{self as store, NewSignal};
use crate::db::reviews::{self as reviews_store, ReviewInvitation, reviewer_numbers};
use crate::db::submissions::Submission;
use crate::domain::review_rings::{NEAR_DUPLICATE, band_keys, jaccard, shingles};

/// The text a review is compared on: both of its comments.
fn text_of(comments_to_authors: &str, confidential: &str) -> String {
    format!("{comments_to_authors}\n{confidential}")
}

/// "Reviewer 2" on its submission, or "A reviewer".
pub(super) fn label(
    conn: &mut DbConnection,
    submission_id: i64,
    reviewer_id: i64,
) -> QueryResult<String> {
    let numbers = reviewer_numbers(&reviews_store::of_submission(conn, submission_id)?);
    Ok(numbers
        .label(reviewer_id)
        .unwrap_or_else(|| "A reviewer".to_owned()))
}

thread_local! {
    /// How long this thread's last [`check_submitted`] took: read by the benchmark that
    /// weighs the signals' upkeep against the whole review submission it is part of
    /// (`examples/ring_quality.rs`), the same execution on both sides.
    static LAST_UPKEEP: std::cell::Cell<std::time::Duration> =
        const { std::cell::Cell::new(std::time::Duration::ZERO) };
}

/// How long this thread's last check of an arriving review took.
pub fn last_upkeep() -> std::time::Duration {
    LAST_UPKEEP.with(std::cell::Cell::get)
}

/// Checks a review submitted for the first time, at `sent_at`, and keeps its fingerprint.
pub(super) fn check_submitted(
    conn: &mut DbConnection,
    at: (&Submission, &ReviewInvitation),
    texts: (&str, &str),
    sent_at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    let started = std::time::Instant::now();
    let checked = check_arrival(conn, at, texts, sent_at);
    LAST_UPKEEP.with(|c| c.set(started.elapsed()));
    checked
}

fn check_arrival(
    conn: &mut DbConnection,
    (s, inv): (&Submission, &ReviewInvitation),
    (comments_to_authors, confidential): (&str, &str),
    sent_at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    fast_review(conn, s, inv, sent_at)?;
    super::ring_patterns::check_submitted(conn, s, inv, sent_at)?;
    let mine = shingles(&text_of(comments_to_authors, confidential));
    let keys = band_keys(&mine);
    if keys.is_empty() {
        return Ok(());
    }
    let candidates = store::sharing_a_band(conn, &keys, s.id)?;
    // Their texts in one query, not one each.
    let ids: Vec<i64> = candidates.iter().map(|c| c.0).collect();
    let texts = store::review_texts(conn, &ids)?;
    let mut matches: Vec<Match> = Vec::new();
    for (other_inv, other_submission, other_reviewer) in candidates {
        let Some((to_authors, to_editors)) = texts.get(&other_inv) else {
            continue;
        };
        let similarity = jaccard(&mine, &shingles(&text_of(to_authors, to_editors)));
        if similarity >= NEAR_DUPLICATE {
            matches.push(Match {
                invitation: other_inv,
                submission: other_submission,
                reviewer: other_reviewer,
                same_reviewer: other_reviewer == inv.reviewer_id,
                similarity,
            });
        }
    }
    raise_near_duplicates(conn, (s, inv), &matches)?;
    store::insert_fingerprints(conn, inv.id, &keys)
}

/// A review of another submission that a new one is a near-duplicate of.
struct Match {
    invitation: i64,
    submission: i64,
    reviewer: i64,
    same_reviewer: bool,
    similarity: f64,
}

/// One signal on the new review, naming its closest match (another reviewer's before the
/// reviewer's own) and how many more there are; and one on each matched review that has none
/// yet. A signal per pair made a reviewer who pastes the same checklist into every report
/// raise a number of signals growing with the square of their reviews (44,000 at 100,000
/// submissions).
fn raise_near_duplicates(
    conn: &mut DbConnection,
    (s, inv): (&Submission, &ReviewInvitation),
    matches: &[Match],
) -> QueryResult<()> {
    let Some(closest) = matches.iter().max_by(|a, b| {
        (!a.same_reviewer, a.similarity)
            .partial_cmp(&(!b.same_reviewer, b.similarity))
            .unwrap_or(std::cmp::Ordering::Equal)
    }) else {
        return Ok(());
    };
    let evidence = |whose: &str, m: &Match, more: usize| {
        let who = if m.same_reviewer {
            "by the same reviewer"
        } else {
            "by a different reviewer"
        };
        let more = match more {
            0 => String::new(),
            1 => " (and with 1 more)".to_owned(),
            n => format!(" (and with {n} more)"),
        };
        format!(
            "{whose}'s report shares {}% of its text (runs of five words) with a review of another submission in the collection, {who}{more}",
            (m.similarity * 100.0).round()
        )
    };
    // Each side names only its own reviewer: the other submission's readers may differ.
    let here = label(conn, s.id, inv.reviewer_id)?;
    store::raise(
        conn,
        &NewSignal {
            submission_id: s.id,
            invitation_id: Some(inv.id),
            related_submission_id: Some(closest.submission),
            kind: "near_duplicate_review",
            evidence: &evidence(&here, closest, matches.len() - 1),
        },
    )?;
    for m in matches {
        if store::already_raised(conn, m.submission, m.invitation, "near_duplicate_review")? {
            continue;
        }
        let there = label(conn, m.submission, m.reviewer)?;
        store::raise(
            conn,
            &NewSignal {
                submission_id: m.submission,
                invitation_id: Some(m.invitation),
                related_submission_id: Some(s.id),
                kind: "near_duplicate_review",
                evidence: &evidence(&there, m, 0),
            },
        )?;
    }
    Ok(())
}

/// A full report submitted sooner after accepting than a careful reading takes: the
/// collection's threshold (its deadline settings; 0 switches the signal off).
fn fast_review(
    conn: &mut DbConnection,
    s: &Submission,
    inv: &ReviewInvitation,
    sent_at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    let Some(accepted) = inv.responded_at else {
        return Ok(());
    };
    let hours = crate::db::deadlines::settings_of(conn, s.collection_id)?
        .0
        .fast_review_hours;
    raise_if_fast(conn, (s.id, inv), sent_at - accepted, hours)
}

/// Raises the signals that review `invitation_id`, stored as submitted without the review
/// form (generated data: `demo --scale` writes its reviews directly), would have raised
/// when it came in. `examples/ring_quality.rs` replays the reviews in the order they came
/// in, each made visible as submitted just before its own check, as the form would have.
pub fn replay_arrival(conn: &mut DbConnection, invitation_id: i64) -> QueryResult<()> {
    let inv = reviews_store::find(conn, invitation_id)?.ok_or(diesel::result::Error::NotFound)?;
    let s = crate::db::submissions::find(conn, inv.submission_id)?
        .ok_or(diesel::result::Error::NotFound)?;
    let Some(sent_at) = inv.review_submitted_at else {
        return Ok(());
    };
    let texts = (
        inv.comments_to_authors.as_str(),
        inv.confidential_comments.as_str(),
    );
    check_submitted(conn, (&s, &inv), texts, sent_at)
}

/// Raises the fast-report signal on the review `inv` of `submission_id`, which took `took`
/// from accepting to the report, if that is under `hours`.
fn raise_if_fast(
    conn: &mut DbConnection,
    (submission_id, inv): (i64, &ReviewInvitation),
    took: chrono::Duration,
    hours: i32,
) -> QueryResult<()> {
    if took >= chrono::Duration::hours(i64::from(hours)) {
        return Ok(());
    }
    let minutes = took.num_minutes();
    let after = match minutes {
        0 => "less than a minute".to_owned(),
        1 => "1 minute".to_owned(),
        m if m < 120 => format!("{m} minutes"),
        m => format!("{} hours", m / 60),
    };
    let evidence = format!(
        "{} submitted the report {after} after accepting the invitation (under {hours} hours)",
        label(conn, submission_id, inv.reviewer_id)?
    );
    store::raise(
        conn,
        &NewSignal {
            submission_id,
            invitation_id: Some(inv.id),
            related_submission_id: None,
            kind: "fast_review",
            evidence: &evidence,
        },
    )
}

/// After the collection's threshold was raised to `hours`: the reports already in that now
/// count as fast and carry no such signal yet are flagged, as they would have been had the
/// threshold been this one when they came in. Returns how many. (A lowered threshold leaves
/// the signals raised under the old one: each waits for the editor-in-chief's ruling.)
pub fn backfill_fast_reviews(
    conn: &mut DbConnection,
    collection_id: i64,
    hours: i32,
) -> QueryResult<usize> {
    if hours == 0 {
        return Ok(0);
    }
    let mut raised = 0;
    for inv in store::submitted_reviews_without(conn, collection_id, "fast_review")? {
        let (Some(accepted), Some(sent)) = (inv.responded_at, inv.review_submitted_at) else {
            continue;
        };
        let took = sent - accepted;
        if took < chrono::Duration::hours(i64::from(hours)) {
            raise_if_fast(conn, (inv.submission_id, &inv), took, hours)?;
            raised += 1;
        }
    }
    Ok(raised)
}
