//! What a reviewer of a later round reads of the earlier ones, as the collection's blinding
//! allows.

use diesel::QueryResult;

use crate::db::DbConnection;
use crate::db::reviews::{self as store, ReviewInvitation, reviewer_numbers};
use crate::db::submissions::{self as submissions_store, Submission};
use crate::domain::review::InvitationStatus;

/// What a reviewer of a later round reads of the earlier ones, as the collection's blinding
/// allows: the reviews' comments to the authors (never the confidential comments, and the
/// other reviewers only as "Reviewer N"), the decision letters as sent to the authors, and
/// the authors' responses. Under double-blind review, the letters lose their salutation and
/// every text the authors' known names and addresses.
#[derive(Debug, Clone, Default)]
pub struct RoundHistory {
    /// The authors' response that came with the version under review.
    pub response: Option<String>,
    pub rounds: Vec<EarlierRound>,
    /// Names were taken out (double-blind review).
    pub anonymised: bool,
}

impl RoundHistory {
    pub fn is_empty(&self) -> bool {
        self.response.is_none() && self.rounds.is_empty()
    }
}

/// One earlier round on a later round's review desk.
#[derive(Debug, Clone)]
pub struct EarlierRound {
    pub round: i32,
    /// ("Reviewer 2", or "Reviewer 2 (your review)"; the comments to the authors), by number.
    pub reviews: Vec<(String, String)>,
    /// (decision, letter as the authors received it).
    pub letters: Vec<(&'static str, String)>,
    /// The authors' response that came with the next round's version, when that is not the
    /// version under review.
    pub response: Option<String>,
}

/// Whether the reviewer of `inv` submitted a review of an earlier round of the submission:
/// then the review form asks whether the authors addressed their comments.
pub(super) fn reviewed_earlier(
    conn: &mut DbConnection,
    inv: &ReviewInvitation,
) -> QueryResult<bool> {
    Ok(store::of_submission(conn, inv.submission_id)?
        .iter()
        .any(|i| {
            i.reviewer_id == inv.reviewer_id
                && i.round < inv.round
                && i.status() == InvitationStatus::Submitted
        }))
}

/// The earlier rounds of `s` for the reviewer of `inv` (the caller has checked that they
/// may read the manuscript).
pub(super) fn round_history(
    conn: &mut DbConnection,
    s: &Submission,
    inv: &ReviewInvitation,
    double_blind: bool,
) -> QueryResult<RoundHistory> {
    use crate::domain::anonymise::{withhold_names, without_salutation};
    if inv.round < 2 {
        return Ok(RoundHistory::default());
    }
    let authors = if double_blind {
        submissions_store::authors_of(conn, s.id)?
    } else {
        Vec::new()
    };
    let names: Vec<&str> = authors.iter().map(|a| a.name.as_str()).collect();
    let emails: Vec<&str> = authors.iter().map(|a| a.email.as_str()).collect();
    let shown = |text: &str| -> String {
        if double_blind {
            withhold_names(text, &names, &emails)
        } else {
            text.to_owned()
        }
    };
    let invitations = store::of_submission(conn, s.id)?;
    let numbers = reviewer_numbers(&invitations);
    let letters = crate::workflow::decision::letters_for_author(conn, s.id)?;
    let responses = crate::db::rounds::responses_of(conn, s.id)?;
    let response_of = |round: i32| {
        responses
            .iter()
            .find(|r| r.round == round)
            .map(|r| shown(&r.response))
    };
    let mut rounds = Vec::new();
    for round in 1..inv.round {
        let reviews = shared_reviews(conn, (&invitations, &numbers), round, inv, &shown)?;
        rounds.push(EarlierRound {
            round,
            reviews,
            letters: letters
                .iter()
                .filter(|l| l.row.round == round)
                .map(|l| {
                    let text = if double_blind {
                        shown(&without_salutation(&l.row.letter))
                    } else {
                        l.row.letter.clone()
                    };
                    (l.decision, text)
                })
                .collect(),
            response: (round + 1 < inv.round)
                .then(|| response_of(round + 1))
                .flatten(),
        });
    }
    Ok(RoundHistory {
        response: response_of(inv.round),
        rounds,
        anonymised: double_blind,
    })
}

/// What the authors read of each review of `round` (its comments and the answers meant for
/// them, never the confidential ones), labelled by reviewer number, in number order.
fn shared_reviews(
    conn: &mut DbConnection,
    (invitations, numbers): (&[ReviewInvitation], &crate::domain::review::ReviewerNumbers),
    round: i32,
    inv: &ReviewInvitation,
    shown: &dyn Fn(&str) -> String,
) -> QueryResult<Vec<(String, String)>> {
    let mut reviews: Vec<(u32, String, String)> = Vec::new();
    for i in invitations
        .iter()
        .filter(|i| i.round == round && i.status() == InvitationStatus::Submitted)
    {
        let text = crate::db::review_forms::for_the_authors(conn, i)?;
        let Some(n) = numbers.of(i.reviewer_id) else {
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        let label = if i.reviewer_id == inv.reviewer_id {
            format!("Reviewer {n} (your review)")
        } else {
            format!("Reviewer {n}")
        };
        reviews.push((n, label, shown(&text)));
    }
    reviews.sort_by_key(|(n, _, _)| *n);
    Ok(reviews.into_iter().map(|(_, l, c)| (l, c)).collect())
}
