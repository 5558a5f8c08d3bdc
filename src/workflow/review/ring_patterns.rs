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
use crate::domain::review_rings::{SAME_AUTHORS_REVIEWS, SAME_EDITOR_REVIEWS};

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

/// Checks the patterns a newly submitted review may complete.
pub(super) fn check_submitted(
    conn: &mut DbConnection,
    s: &Submission,
    inv: &ReviewInvitation,
) -> QueryResult<()> {
    let here = super::rings::label(conn, s.id, inv.reviewer_id)?;
    let reviewed = store::reviewed_in_collection(conn, inv.reviewer_id, s.collection_id)?;
    same_editor(conn, s, inv, &here, &reviewed)?;
    same_authors(conn, s, inv, &here, &reviewed)?;
    reciprocal(conn, s, inv, &here)
}

fn same_editor(
    conn: &mut DbConnection,
    s: &Submission,
    inv: &ReviewInvitation,
    here: &str,
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
    let evidence = format!(
        "{here} has now reviewed {n} submissions handled by this submission's handling editor in this collection ({SAME_EDITOR_REVIEWS} or more is a signal)"
    );
    raise_once(conn, s.id, inv.id, None, "same_editor", &evidence)
}

fn same_authors(
    conn: &mut DbConnection,
    s: &Submission,
    inv: &ReviewInvitation,
    here: &str,
    reviewed: &[(i64, Option<i64>)],
) -> QueryResult<()> {
    let mut ids: Vec<i64> = reviewed.iter().map(|(id, _)| *id).collect();
    ids.push(s.id);
    let addresses = store::author_addresses(conn, &ids)?;
    let ours: HashSet<&str> = addresses
        .iter()
        .filter(|(id, _)| *id == s.id)
        .map(|(_, e)| e.as_str())
        .collect();
    let n = addresses
        .iter()
        .filter(|(_, e)| ours.contains(e.as_str()))
        .map(|(id, _)| *id)
        .collect::<HashSet<_>>()
        .len();
    if n < SAME_AUTHORS_REVIEWS {
        return Ok(());
    }
    let evidence = format!(
        "{here} has now reviewed {n} submissions in this collection that share an author with this one ({SAME_AUTHORS_REVIEWS} or more is a signal)"
    );
    raise_once(conn, s.id, inv.id, None, "same_authors", &evidence)
}

/// The reviewer of `s` is an author of a submission that one of `s`'s authors reviewed:
/// both reviews raise a signal, each on its own submission.
fn reciprocal(
    conn: &mut DbConnection,
    s: &Submission,
    inv: &ReviewInvitation,
    here: &str,
) -> QueryResult<()> {
    let mine: HashSet<String> = store::addresses_of(conn, inv.reviewer_id)?
        .into_iter()
        .collect();
    for author in store::author_people(conn, s.id)? {
        if author == inv.reviewer_id {
            continue;
        }
        for (their_inv, other) in store::reviews_sent_by(conn, author, s.id)? {
            let authors = store::author_addresses(conn, &[other])?;
            let by_reviewer = authors.iter().any(|(_, e)| mine.contains(e))
                || store::author_people(conn, other)?.contains(&inv.reviewer_id);
            if !by_reviewer {
                continue;
            }
            let said = "is an author of another submission in the journal that one of this submission's authors reviewed";
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
    }
    Ok(())
}
