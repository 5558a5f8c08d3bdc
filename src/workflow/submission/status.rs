//! A submission's state explained to its author (issue 20 item 7): what it means, what
//! happens next and, where there is one, by when (the rules and words are
//! `domain::status`; this gathers the facts they need).

use diesel::QueryResult;

use crate::db::submissions::Submission;
use crate::db::{DbConnection, collections, reviews};
use crate::domain::review::InvitationStatus;
use crate::domain::status::{Circumstances, Explained, TypicalWait, explain};
use crate::domain::submission_state::SubmissionState;
use crate::workflow::statistics::{StatisticsCache, typical_first_decision};

/// What the author's page says of `s`'s state. `may_appeal` and `waiting_for_co_authors`
/// are the page's own answers (the permissions module's, the authorship module's).
pub fn status_of(
    conn: &mut DbConnection,
    s: &Submission,
    statistics: &StatisticsCache,
    may_appeal: bool,
    waiting_for_co_authors: bool,
) -> QueryResult<Explained> {
    let state = s.state();
    let closes_on = match state {
        SubmissionState::Draft => {
            collections::find_collection(conn, s.collection_id)?.and_then(|c| c.closes_on)
        }
        _ => None,
    };
    // The reviewers who agreed to review this round: the latest date they were asked for.
    let reviews_due_by = match state {
        SubmissionState::UnderReview => reviews::of_submission(conn, s.id)?
            .into_iter()
            .filter(|i| i.round == s.current_round && i.status() == InvitationStatus::Accepted)
            .map(|i| i.due_on)
            .max(),
        _ => None,
    };
    let typical_first_decision = if state == SubmissionState::Submitted && s.current_round == 1 {
        let summary = typical_first_decision(conn, s.collection_id, statistics)?;
        summary.median.map(|median_days| TypicalWait {
            median_days,
            count: summary.count,
        })
    } else {
        None
    };
    let c = Circumstances {
        round: s.current_round,
        submitted_on: s.submitted_at.map(|t| t.date()),
        collection_closes_on: closes_on,
        has_handling_editor: s.handling_editor_id.is_some(),
        waiting_for_co_authors,
        reviews_due_by,
        typical_first_decision,
        may_appeal,
    };
    Ok(explain(state, &c))
}
