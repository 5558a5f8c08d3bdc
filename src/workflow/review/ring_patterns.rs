//! Signs of a review ring in who reviews whom (issue 27 item 2), raised when a review comes
//! in, in its own transaction: one reviewer reviewing many submissions of the same handling
//! editor or of the same authors, and reciprocal reviewing (A reviews B's manuscript while
//! B reviews A's). The thresholds are `domain::review_rings`'. Each evidence names only the
//! review's own reviewer by number, never the other submission: its readers may differ.

use std::collections::HashSet;

use diesel::QueryResult;

use crate::db::DbConnection;
use crate::db::integrity::{self as store, NewSignal};
use crate::db::reviews::ReviewInvitation;
use crate::db::submissions::Submission;
use crate::domain::review_rings::{
    RECIPROCAL_WITHIN_DAYS, SAME_AUTHORS_REVIEWS, SAME_EDITOR_REVIEWS, concentrated,
};

/// The share of the collection an editor handles is read from its latest this many
/// submissions: who handles what now, read in a bounded time.
const LATEST_FOR_SHARE: i64 = 1_000;

/// Raises `kind` about the review `invitation_id` on `submission_id`, once.
fn raise_once(
    conn: &mut DbConnection,
    submission_id: i64,
    invitation_id: i64,
    related: Option<i64>,
    kind: &str,
    evidence: &str,
) -> QueryResult<()> {
    if store::already_raised(conn, submission_id, invitation_id, kind)? {
        return Ok(());
    }
    store::raise(
        conn,
        &NewSignal {
            submission_id,
            invitation_id: Some(invitation_id),
            related_submission_id: related,
            kind,
            evidence,
        },
    )
}

/// Checks the patterns a review submitted at `sent_at` may complete.
pub(super) fn check_submitted(
    conn: &mut DbConnection,
    s: &Submission,
    inv: &ReviewInvitation,
    sent_at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    let mut reviewed = store::reviewed_in_collection(conn, inv.reviewer_id, s.collection_id)?;
    if !reviewed.iter().any(|(id, _)| *id == s.id) {
        reviewed.push((s.id, s.handling_editor_id));
    }
    // The author list, read once for both checks that need it.
    let authors = store::author_list(conn, s.id)?;
    same_editor(conn, s, inv, &reviewed)?;
    same_authors(conn, (s, inv), &authors, reviewed.len())?;
    reciprocal(conn, (s, inv, sent_at), &authors)
}

/// "Reviewer 2" of `s`: read only when a signal is raised.
fn here(conn: &mut DbConnection, s: &Submission, inv: &ReviewInvitation) -> QueryResult<String> {
    super::rings::label(conn, s.id, inv.reviewer_id)
}

fn same_editor(
    conn: &mut DbConnection,
    s: &Submission,
    inv: &ReviewInvitation,
    reviewed: &[(i64, Option<i64>)],
) -> QueryResult<()> {
    let Some(editor) = s.handling_editor_id else {
        return Ok(());
    };
    let n = reviewed
        .iter()
        .filter(|(id, e)| *id == s.id || *e == Some(editor))
        .map(|(id, _)| id)
        .collect::<HashSet<_>>()
        .len();
    if n < SAME_EDITOR_REVIEWS {
        return Ok(());
    }
    let latest = store::latest_handling_editors(conn, s.collection_id, LATEST_FOR_SHARE)?;
    let share = latest.iter().filter(|e| **e == editor).count() as f64 / latest.len().max(1) as f64;
    let m = reviewed.len();
    if !concentrated(n, m, share, SAME_EDITOR_REVIEWS) {
        return Ok(());
    }
    let here = here(conn, s, inv)?;
    let evidence = format!(
        "{here} has now reviewed {n} submissions handled by this submission's handling editor in this collection, of {m} reviewed there, while that editor handles {:.0}% of the collection: far more than chance makes likely",
        share * 100.0
    );
    raise_once(conn, s.id, inv.id, None, "same_editor", &evidence)
}

/// `m`: how many submissions of the collection the reviewer has reviewed, this one too.
fn same_authors(
    conn: &mut DbConnection,
    (s, inv): (&Submission, &ReviewInvitation),
    authors: &[(Option<i64>, String)],
    m: usize,
) -> QueryResult<()> {
    // From the authors' addresses (an index) to what this reviewer reviewed: one query,
    // however long the reviewer's history.
    let typed: Vec<String> = authors.iter().map(|(_, e)| e.clone()).collect();
    let mut shared =
        store::reviewed_sharing_an_address(conn, inv.reviewer_id, s.collection_id, &typed)?;
    shared.push(s.id);
    shared.sort_unstable();
    shared.dedup();
    let n = shared.len();
    if n < SAME_AUTHORS_REVIEWS {
        return Ok(());
    }
    let theirs = store::sharing_an_address(conn, s.collection_id, &typed)?;
    let all = store::numbered_in_collection(conn, s.collection_id)?.max(1);
    let share = theirs as f64 / all as f64;
    if !concentrated(n, m, share, SAME_AUTHORS_REVIEWS) {
        return Ok(());
    }
    let here = here(conn, s, inv)?;
    let evidence = format!(
        "{here} has now reviewed {n} submissions in this collection that share an author with this one, of {m} reviewed there, while these authors are on {theirs} of its {all} submissions: far more than chance makes likely"
    );
    raise_once(conn, s.id, inv.id, None, "same_authors", &evidence)
}

/// The reviewer of `s` is an author of a submission that one of `s`'s authors reviewed
/// within [`RECIPROCAL_WITHIN_DAYS`] of this review (sent at `sent_at`): both reviews
/// raise a signal, each on its own submission. Further apart it is two people of a small
/// field each reviewing the other once, as happens.
fn reciprocal(
    conn: &mut DbConnection,
    (s, inv, sent_at): (&Submission, &ReviewInvitation, chrono::NaiveDateTime),
    authors: &[(Option<i64>, String)],
) -> QueryResult<()> {
    let window = chrono::Duration::days(RECIPROCAL_WITHIN_DAYS);
    // The reviews this submission's authors sent around the same time, then the author
    // lists of what they reviewed, a query each: a few queries however long the history.
    let people: Vec<i64> = store::author_people(conn, authors)?
        .into_iter()
        .filter(|p| *p != inv.reviewer_id)
        .collect();
    if people.is_empty() {
        return Ok(());
    }
    let around = (sent_at - window, sent_at + window);
    let sent = store::reviews_sent_by(conn, &people, s.id, around)?;
    if sent.is_empty() {
        return Ok(());
    }
    let mine: HashSet<String> = store::addresses_of(conn, inv.reviewer_id)?
        .into_iter()
        .collect();
    let others: Vec<i64> = sent.iter().map(|x| x.2).collect();
    let listed = store::author_rows(conn, &others)?;
    for (author, their_inv, other) in sent {
        let by_reviewer = listed.iter().any(|(id, email, person)| {
            *id == other && (mine.contains(email) || *person == Some(inv.reviewer_id))
        });
        if !by_reviewer {
            continue;
        }
        let said = "is an author of another submission in the journal that one of this submission's authors reviewed within a year of this review";
        let here = here(conn, s, inv)?;
        raise_once(
            conn,
            s.id,
            inv.id,
            Some(other),
            "reciprocal",
            &format!("{here} {said}"),
        )?;
        let there = super::rings::label(conn, other, author)?;
        raise_once(
            conn,
            other,
            their_inv,
            Some(s.id),
            "reciprocal",
            &format!("{there} {said}"),
        )?;
    }
    Ok(())
}
