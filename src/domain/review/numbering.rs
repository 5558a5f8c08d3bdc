//! Reviewer numbering: "Reviewer 1", "Reviewer 2", the same everywhere.

use chrono::NaiveDateTime;

use super::InvitationStatus;

/// What reviewer numbering needs to know of one invitation.
#[derive(Debug, Clone, Copy)]
pub struct NumberingFacts {
    pub invitation_id: i64,
    pub reviewer_id: i64,
    pub status: InvitationStatus,
    pub invited_at: NaiveDateTime,
    /// When the reviewer answered (accepted or declined).
    pub responded_at: Option<NaiveDateTime>,
}

impl NumberingFacts {
    /// When the reviewer agreed to review under this invitation; `None` if they never did
    /// (unanswered, declined, or cancelled before an answer).
    fn agreed_at(&self) -> Option<NaiveDateTime> {
        match self.status {
            InvitationStatus::Invited | InvitationStatus::Declined => None,
            InvitationStatus::Cancelled => self.responded_at,
            InvitationStatus::Accepted
            | InvitationStatus::Submitted
            | InvitationStatus::ConflictDeclared => {
                Some(self.responded_at.unwrap_or(self.invited_at))
            }
        }
    }
}

/// The reviewers' numbers on one submission ("Reviewer 1", "Reviewer 2" …): the same in
/// the decision letter, on the editor's pages and e-mails, and on the reviewers' desks.
///
/// The rule (Editorial Manager's): a reviewer gets the next number when they first agree to
/// review the submission, in any round, and keeps it in every later round. A number never
/// changes afterwards: whoever submits first, a cancellation or a competing interest
/// declared after accepting renumbers nobody (a gap is possible, a change is not). Those
/// who never agreed (no answer, declined) have no number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewerNumbers(Vec<(i64, u32)>);

impl ReviewerNumbers {
    /// Numbers for every invitation of one submission, all rounds.
    pub fn new(invitations: &[NumberingFacts]) -> ReviewerNumbers {
        let mut agreed: Vec<(NaiveDateTime, i64, i64)> = invitations
            .iter()
            .filter_map(|i| i.agreed_at().map(|at| (at, i.invitation_id, i.reviewer_id)))
            .collect();
        agreed.sort_unstable();
        let mut out: Vec<(i64, u32)> = Vec::new();
        for (_, _, reviewer_id) in agreed {
            if !out.iter().any(|(r, _)| *r == reviewer_id) {
                let next = u32::try_from(out.len()).unwrap_or(u32::MAX - 1) + 1;
                out.push((reviewer_id, next));
            }
        }
        ReviewerNumbers(out)
    }

    /// The reviewer's number, if they ever agreed to review this submission.
    pub fn of(&self, reviewer_id: i64) -> Option<u32> {
        self.0
            .iter()
            .find(|(r, _)| *r == reviewer_id)
            .map(|(_, n)| *n)
    }

    /// "Reviewer 2", or `None` for someone without a number.
    pub fn label(&self, reviewer_id: i64) -> Option<String> {
        self.of(reviewer_id).map(|n| format!("Reviewer {n}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::review::tests::at;

    fn facts(
        invitation_id: i64,
        reviewer_id: i64,
        status: InvitationStatus,
        responded: Option<u32>,
    ) -> NumberingFacts {
        NumberingFacts {
            invitation_id,
            reviewer_id,
            status,
            invited_at: at(1),
            responded_at: responded.map(at),
        }
    }

    #[test]
    fn reviewers_are_numbered_in_the_order_they_agree_and_keep_their_number() {
        use InvitationStatus::*;
        // A is invited first, B second; A agrees on the 3rd, B on the 4th; B submits first.
        let round_1 = [
            facts(1, 10, Submitted, Some(3)),
            facts(2, 20, Submitted, Some(4)),
            facts(3, 30, Declined, Some(2)),
            facts(4, 40, Invited, None),
        ];
        let n = ReviewerNumbers::new(&round_1);
        assert_eq!(n.of(10), Some(1));
        assert_eq!(n.of(20), Some(2));
        assert_eq!(n.of(30), None, "declined: no number");
        assert_eq!(n.of(40), None, "no answer yet: no number");
        assert_eq!(n.label(20).as_deref(), Some("Reviewer 2"));

        // Round 2: B comes back first, a new reviewer C joins, A agrees again later.
        let mut both = round_1.to_vec();
        both.extend([
            facts(5, 20, Accepted, Some(10)),
            facts(6, 50, Submitted, Some(11)),
            facts(7, 10, Accepted, Some(12)),
        ]);
        let n2 = ReviewerNumbers::new(&both);
        assert_eq!(
            n2.of(10),
            Some(1),
            "a returning reviewer keeps their number"
        );
        assert_eq!(n2.of(20), Some(2));
        assert_eq!(n2.of(50), Some(3));
    }

    #[test]
    fn ending_a_review_renumbers_nobody() {
        use InvitationStatus::*;
        let before = [
            facts(1, 10, Accepted, Some(3)),
            facts(2, 20, Accepted, Some(4)),
        ];
        let after = [
            facts(1, 10, ConflictDeclared, Some(3)),
            facts(2, 20, Submitted, Some(4)),
            // Cancelled before answering: never agreed.
            facts(3, 30, Cancelled, None),
        ];
        assert_eq!(ReviewerNumbers::new(&before).of(20), Some(2));
        let n = ReviewerNumbers::new(&after);
        assert_eq!(n.of(10), Some(1));
        assert_eq!(n.of(20), Some(2));
        assert_eq!(n.of(30), None);
        // Cancelled after agreeing keeps the number.
        let cancelled = [
            facts(1, 10, Cancelled, Some(3)),
            facts(2, 20, Submitted, Some(4)),
        ];
        assert_eq!(ReviewerNumbers::new(&cancelled).of(20), Some(2));
        // Same moment: the earlier invitation first.
        let tie = [
            facts(9, 90, Accepted, Some(5)),
            facts(8, 80, Accepted, Some(5)),
        ];
        assert_eq!(ReviewerNumbers::new(&tie).of(80), Some(1));
    }
}
