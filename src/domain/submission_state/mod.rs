//! The submission state machine: the one place that says which state a submission may
//! move to, by which step, and who takes that step. Pages, storage and e-mails all ask
//! here, so the rules cannot drift apart.
//!
//! ```text
//! draft ──submit──▶ submitted ──first reviewer accepts──▶ under_review
//!                      │  ▲                                   │
//!         desk reject ─┤  └──── author resubmits ◀── revision_requested ◀─ decision: minor/major
//!                      ▼                                      │
//!                   rejected ◀──────── decision: reject ──────┤
//!                      │                                      ▼
//!                   appeal ──▶ appealed ──upheld/overturned   accepted ──publish──▶ published
//!    submitted, under_review, revision_requested, appealed ──author withdraws──▶ withdrawn
//!    submitted (a revised version, round 2 on) ──accept / revision / reject──▶ as from under_review
//!
//!    where the collection's decisions are confirmed (issue 28 part 4):
//!    submitted, under_review ──recommend──▶ decision_pending ──confirm (accept / revision /
//!        reject, as recommended or edited)──▶ as the decision says
//!    decision_pending ──return──▶ back where the recommendation came from
//!
//!    the technical check, before review (issue 28 part 4; not a decision):
//!    submitted ──return for fixes──▶ returned_for_fixes ──corrected──▶ submitted (same
//!        number, same round, same handling editor)
//! ```

use std::fmt;
use std::str::FromStr;

/// Where a submission is in its life. Stored as [`SubmissionState::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SubmissionState {
    /// Being prepared by the author; nobody else sees it.
    Draft,
    /// With the journal, waiting for a reviewer to accept (or for a desk rejection).
    Submitted,
    /// At least one reviewer has accepted; waiting for reviews and a decision.
    UnderReview,
    /// Back with the author for a minor or major revision.
    RevisionRequested,
    /// Accepted for publication; waiting to be published.
    Accepted,
    /// Published: nothing further happens.
    Published,
    /// Rejected, with or without review; the author may appeal.
    Rejected,
    /// Withdrawn by the author: nothing further happens.
    Withdrawn,
    /// The author has appealed a rejection; waiting for the outcome.
    Appealed,
    /// The handling editor has recommended a decision; waiting for the editor-in-chief (or
    /// a guest editor) to confirm, edit or return it. No letter has gone out.
    DecisionPending,
    /// Returned to its authors for technical fixes before review (a missing declaration, an
    /// unreadable file); it comes back with the same number to the same place.
    ReturnedForFixes,
}

impl SubmissionState {
    /// Every state, in the order a submission usually meets them.
    pub const ALL: [SubmissionState; 11] = [
        SubmissionState::Draft,
        SubmissionState::Submitted,
        SubmissionState::ReturnedForFixes,
        SubmissionState::UnderReview,
        SubmissionState::DecisionPending,
        SubmissionState::RevisionRequested,
        SubmissionState::Accepted,
        SubmissionState::Published,
        SubmissionState::Rejected,
        SubmissionState::Withdrawn,
        SubmissionState::Appealed,
    ];

    /// The stored name; never change one, rows in the database hold it.
    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionState::Draft => "draft",
            SubmissionState::Submitted => "submitted",
            SubmissionState::UnderReview => "under_review",
            SubmissionState::RevisionRequested => "revision_requested",
            SubmissionState::Accepted => "accepted",
            SubmissionState::Published => "published",
            SubmissionState::Rejected => "rejected",
            SubmissionState::Withdrawn => "withdrawn",
            SubmissionState::Appealed => "appealed",
            SubmissionState::DecisionPending => "decision_pending",
            SubmissionState::ReturnedForFixes => "returned_for_fixes",
        }
    }

    /// The state as the author's pages show it: a revised version waiting for the editor
    /// says so, with its round, rather than reading like a first submission.
    pub fn label_in_round(self, round: i32) -> String {
        match self {
            SubmissionState::Submitted if round > 1 => {
                format!("Revised version submitted (round {round})")
            }
            other => other.label().to_owned(),
        }
    }

    /// The state in plain English, as authors see it.
    pub fn label(self) -> &'static str {
        match self {
            SubmissionState::Draft => "Draft",
            SubmissionState::Submitted => "Submitted",
            SubmissionState::UnderReview => "Under review",
            SubmissionState::RevisionRequested => "Revision requested",
            SubmissionState::Accepted => "Accepted",
            SubmissionState::Published => "Published",
            SubmissionState::Rejected => "Rejected",
            SubmissionState::Withdrawn => "Withdrawn",
            SubmissionState::Appealed => "Under appeal",
            SubmissionState::DecisionPending => "Decision pending confirmation",
            SubmissionState::ReturnedForFixes => "Returned for technical fixes",
        }
    }

    /// Whether the journal has finished with the submission. A rejection counts as
    /// final even though it may still be appealed: nobody has work to do on it unless
    /// the author acts. Accepted is not final, because it still has to be published.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            SubmissionState::Published | SubmissionState::Rejected | SubmissionState::Withdrawn
        )
    }

    /// Whether the submission counts towards an editor's open workload.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            SubmissionState::Submitted
                | SubmissionState::UnderReview
                | SubmissionState::RevisionRequested
                | SubmissionState::Appealed
                | SubmissionState::DecisionPending
                | SubmissionState::ReturnedForFixes
        )
    }

    /// How the state reads after "A submission that is", for refusal messages.
    fn phrase(self) -> &'static str {
        match self {
            SubmissionState::Draft => "still a draft",
            SubmissionState::Submitted => "submitted",
            SubmissionState::UnderReview => "under review",
            SubmissionState::RevisionRequested => "waiting for a revised version",
            SubmissionState::Accepted => "accepted",
            SubmissionState::Published => "published",
            SubmissionState::Rejected => "rejected",
            SubmissionState::Withdrawn => "withdrawn",
            SubmissionState::Appealed => "under appeal",
            SubmissionState::DecisionPending => "waiting for its decision to be confirmed",
            SubmissionState::ReturnedForFixes => "returned to its authors for technical fixes",
        }
    }
}

impl FromStr for SubmissionState {
    type Err = &'static str;
    fn from_str(s: &str) -> Result<SubmissionState, Self::Err> {
        SubmissionState::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or("Unknown submission state.")
    }
}

impl fmt::Display for SubmissionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A step that moves a submission from one state to another. Stored in the history as
/// [`Transition::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Transition {
    /// The author sends the draft to the journal.
    Submit,
    /// The first reviewer accepts an invitation; recorded by the system, not a person.
    FirstReviewerAccepts,
    /// The handling editor asks for a minor or major revision.
    RequestRevision,
    /// The author sends a revised version: a new round of review.
    Resubmit,
    /// The handling editor accepts the submission.
    Accept,
    /// The handling editor rejects after review.
    Reject,
    /// The handling editor rejects before any review.
    DeskReject,
    /// The editor-in-chief publishes an accepted submission.
    Publish,
    /// The author withdraws the submission.
    Withdraw,
    /// The author appeals a rejection.
    Appeal,
    /// The appeal fails: the rejection stands.
    UpholdRejection,
    /// The appeal succeeds: back to review, in a new round.
    OverturnRejection,
    /// The handling editor recommends a decision, where the collection's decisions are
    /// confirmed; the confirmation is the decision's own step from `DecisionPending`.
    Recommend,
    /// The recommendation is returned to the handling editor, back under review.
    ReturnToReview,
    /// The recommendation is returned to the handling editor of a submission that was not
    /// under review (a revised version, or one recommended for rejection without review).
    ReturnToEditor,
    /// The editorial office returns it to the authors for technical fixes, before review.
    ReturnForFixes,
    /// The authors send it back corrected.
    SendFixes,
}

impl Transition {
    /// Every transition, in the order of the diagram.
    pub const ALL: [Transition; 17] = [
        Transition::Submit,
        Transition::FirstReviewerAccepts,
        Transition::RequestRevision,
        Transition::Resubmit,
        Transition::Accept,
        Transition::Reject,
        Transition::DeskReject,
        Transition::Publish,
        Transition::Withdraw,
        Transition::Appeal,
        Transition::UpholdRejection,
        Transition::OverturnRejection,
        Transition::Recommend,
        Transition::ReturnToReview,
        Transition::ReturnToEditor,
        Transition::ReturnForFixes,
        Transition::SendFixes,
    ];

    /// The stored name; never change one, history rows hold it.
    pub fn as_str(self) -> &'static str {
        match self {
            Transition::Submit => "submit",
            Transition::FirstReviewerAccepts => "first_reviewer_accepts",
            Transition::RequestRevision => "request_revision",
            Transition::Resubmit => "resubmit",
            Transition::Accept => "accept",
            Transition::Reject => "reject",
            Transition::DeskReject => "desk_reject",
            Transition::Publish => "publish",
            Transition::Withdraw => "withdraw",
            Transition::Appeal => "appeal",
            Transition::UpholdRejection => "uphold_rejection",
            Transition::OverturnRejection => "overturn_rejection",
            Transition::Recommend => "recommend_decision",
            Transition::ReturnToReview => "return_to_review",
            Transition::ReturnToEditor => "return_to_editor",
            Transition::ReturnForFixes => "return_for_fixes",
            Transition::SendFixes => "send_fixes",
        }
    }

    /// What happened, in plain English, for the submission's history.
    pub fn label(self) -> &'static str {
        match self {
            Transition::Submit => "Submitted",
            Transition::FirstReviewerAccepts => "Under review",
            Transition::RequestRevision => "Revision requested",
            Transition::Resubmit => "Revised version submitted",
            Transition::Accept => "Accepted",
            Transition::Reject => "Rejected",
            Transition::DeskReject => "Rejected without review",
            Transition::Publish => "Published",
            Transition::Withdraw => "Withdrawn",
            Transition::Appeal => "Appeal lodged",
            Transition::UpholdRejection => "Appeal upheld: rejection stands",
            Transition::OverturnRejection => "Appeal successful: back to review",
            Transition::Recommend => "Decision pending confirmation",
            Transition::ReturnToReview | Transition::ReturnToEditor => {
                "Recommendation returned to the handling editor"
            }
            Transition::ReturnForFixes => "Returned to the authors for technical fixes",
            Transition::SendFixes => "Corrected manuscript sent",
        }
    }

    /// How the step reads after "cannot", for refusal messages.
    fn refused_phrase(self) -> &'static str {
        match self {
            Transition::Submit => "be submitted",
            Transition::FirstReviewerAccepts => "go under review",
            Transition::RequestRevision => "be sent back for revision",
            Transition::Resubmit => "be resubmitted",
            Transition::Accept => "be accepted",
            Transition::Reject => "be rejected",
            Transition::DeskReject => "be rejected without review",
            Transition::Publish => "be published",
            Transition::Withdraw => "be withdrawn",
            Transition::Appeal => "be appealed",
            Transition::UpholdRejection => "have an appeal upheld",
            Transition::OverturnRejection => "have an appeal allowed",
            Transition::Recommend => "have a decision recommended",
            Transition::ReturnToReview | Transition::ReturnToEditor => {
                "have a recommendation returned"
            }
            Transition::ReturnForFixes => "be returned for technical fixes",
            Transition::SendFixes => "be sent back corrected",
        }
    }
}

impl FromStr for Transition {
    type Err = &'static str;
    fn from_str(s: &str) -> Result<Transition, Self::Err> {
        Transition::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or("Unknown submission transition.")
    }
}

impl fmt::Display for Transition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Who takes a step. Which person holds the role (guest editor or board member as
/// handling editor, who hears an appeal) is the caller's business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    Author,
    HandlingEditor,
    /// The editor-in-chief, also the one who hears appeals.
    EditorInChief,
    /// Who confirms, edits or returns a recommended decision: the editor-in-chief, or a
    /// guest editor of the collection for a board member's recommendation
    /// (`crate::domain::permissions`).
    Confirmer,
    /// Done automatically when something else happens, never from a button.
    System,
}

/// Who may take the step `t`.
pub fn actor_of(t: Transition) -> Actor {
    match t {
        Transition::Submit
        | Transition::Resubmit
        | Transition::Withdraw
        | Transition::Appeal
        | Transition::SendFixes => Actor::Author,
        Transition::RequestRevision
        | Transition::Accept
        | Transition::Reject
        | Transition::DeskReject
        | Transition::Recommend
        | Transition::ReturnForFixes => Actor::HandlingEditor,
        Transition::ReturnToReview | Transition::ReturnToEditor => Actor::Confirmer,
        Transition::Publish | Transition::UpholdRejection | Transition::OverturnRejection => {
            Actor::EditorInChief
        }
        Transition::FirstReviewerAccepts => Actor::System,
    }
}

/// Who takes step `t` from `from`: as [`actor_of`], but a decision taken from
/// "decision pending confirmation" is the confirmation, taken by the confirmer.
pub fn actor_of_move(from: SubmissionState, t: Transition) -> Actor {
    match (from, actor_of(t)) {
        (SubmissionState::DecisionPending, Actor::HandlingEditor) => Actor::Confirmer,
        (_, actor) => actor,
    }
}

/// Whether the step opens a new round of review, so reviews are invited afresh.
pub fn starts_new_round(t: Transition) -> bool {
    matches!(t, Transition::Resubmit | Transition::OverturnRejection)
}

/// Whether an author who has already appealed `previous_appeals` times may appeal
/// again. The journal allows one appeal per submission; the caller counts them.
pub fn may_appeal(previous_appeals: u32) -> bool {
    previous_appeals == 0
}

use SubmissionState as S;
use Transition as T;

/// The whole state machine, one row per allowed move: (from, step, to). Any pair not
/// listed is refused. Kept as data so it can be shown and tested as a whole.
pub const TRANSITIONS: &[(SubmissionState, Transition, SubmissionState)] = &[
    (S::Draft, T::Submit, S::Submitted),
    (S::Submitted, T::FirstReviewerAccepts, S::UnderReview),
    (S::Submitted, T::DeskReject, S::Rejected),
    (S::Submitted, T::Withdraw, S::Withdrawn),
    (S::UnderReview, T::RequestRevision, S::RevisionRequested),
    (S::UnderReview, T::Accept, S::Accepted),
    (S::UnderReview, T::Reject, S::Rejected),
    (S::UnderReview, T::Withdraw, S::Withdrawn),
    (S::RevisionRequested, T::Resubmit, S::Submitted),
    // A revised version may be decided on the authors' response alone, without another
    // round of reviewers (as for most minor revisions); a first version never is. See
    // [`next_in_round`].
    (S::Submitted, T::Accept, S::Accepted),
    (S::Submitted, T::RequestRevision, S::RevisionRequested),
    (S::Submitted, T::Reject, S::Rejected),
    (S::RevisionRequested, T::Withdraw, S::Withdrawn),
    (S::Accepted, T::Publish, S::Published),
    (S::Rejected, T::Appeal, S::Appealed),
    (S::Appealed, T::UpholdRejection, S::Rejected),
    (S::Appealed, T::OverturnRejection, S::UnderReview),
    (S::Appealed, T::Withdraw, S::Withdrawn),
    // Where the collection's decisions are confirmed: the decisions allowed from where the
    // recommendation came from (`crate::domain::decision::DecisionKind::confirmable`).
    (S::UnderReview, T::Recommend, S::DecisionPending),
    (S::Submitted, T::Recommend, S::DecisionPending),
    (S::DecisionPending, T::Accept, S::Accepted),
    (S::DecisionPending, T::RequestRevision, S::RevisionRequested),
    (S::DecisionPending, T::Reject, S::Rejected),
    (S::DecisionPending, T::DeskReject, S::Rejected),
    (S::DecisionPending, T::ReturnToReview, S::UnderReview),
    (S::DecisionPending, T::ReturnToEditor, S::Submitted),
    (S::DecisionPending, T::Withdraw, S::Withdrawn),
    // The technical check, before review: not a decision, and no new round.
    (S::Submitted, T::ReturnForFixes, S::ReturnedForFixes),
    (S::ReturnedForFixes, T::SendFixes, S::Submitted),
    (S::ReturnedForFixes, T::Withdraw, S::Withdrawn),
];

/// The state after taking step `t` from `from`, or why it cannot be taken.
pub fn next(from: SubmissionState, t: Transition) -> Result<SubmissionState, TransitionRefused> {
    TRANSITIONS
        .iter()
        .find(|(f, tr, _)| *f == from && *tr == t)
        .map(|(_, _, to)| *to)
        .ok_or(TransitionRefused {
            from,
            transition: t,
        })
}

/// Whether step `t` from `from` does not fit the submission's round: a first version is
/// accepted, sent back or rejected only after review (or rejected without review, which
/// is a different step); a revised version has been reviewed, so it is never rejected
/// "without review".
fn wrong_for_round(from: SubmissionState, round: i32, t: Transition) -> bool {
    from == S::Submitted
        && if round <= 1 {
            matches!(t, T::Accept | T::RequestRevision | T::Reject)
        } else {
            t == T::DeskReject
        }
}

/// [`next`] for a submission in its `round` of review: the table, less the decisions that
/// do not fit the round (see `wrong_for_round`).
pub fn next_in_round(
    from: SubmissionState,
    round: i32,
    t: Transition,
) -> Result<SubmissionState, TransitionRefused> {
    if wrong_for_round(from, round, t) {
        return Err(TransitionRefused {
            from,
            transition: t,
        });
    }
    next(from, t)
}

/// The steps that can be taken from `from`, in table order: the buttons worth showing.
/// The caller still filters by [`actor_of`] and, for appeals, [`may_appeal`].
pub fn allowed_from(from: SubmissionState) -> Vec<Transition> {
    TRANSITIONS
        .iter()
        .filter(|(f, _, _)| *f == from)
        .map(|(_, t, _)| *t)
        .collect()
}

/// A step that the state machine does not allow from the submission's current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransitionRefused {
    pub from: SubmissionState,
    pub transition: Transition,
}

impl TransitionRefused {
    /// What the person could do instead, where there is an obvious answer.
    fn hint(self) -> Option<&'static str> {
        match (self.from, self.transition) {
            (S::UnderReview, T::DeskReject) => Some("decide on it instead"),
            (S::Submitted, T::DeskReject) => {
                Some("a revised version was reviewed before; reject it instead")
            }
            (S::Draft, T::Withdraw) => Some("a draft can simply be deleted"),
            (S::Submitted, T::Accept | T::Reject | T::RequestRevision) => {
                Some("a first version has to be under review first, or be rejected without review")
            }
            (S::Rejected, T::Withdraw) => Some("the decision already stands"),
            (S::UnderReview, T::ReturnForFixes) => Some(
                "a reviewer has agreed to review it; ask the authors in the discussion instead",
            ),
            (S::DecisionPending, T::Accept | T::Reject | T::RequestRevision | T::DeskReject) => {
                Some("its recommended decision is confirmed or returned first")
            }
            _ => None,
        }
    }
}

impl fmt::Display for TransitionRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "A submission that is {} cannot {}",
            self.from.phrase(),
            self.transition.refused_phrase()
        )?;
        match self.hint() {
            Some(hint) => write!(f, "; {hint}."),
            None => f.write_str("."),
        }
    }
}

impl std::error::Error for TransitionRefused {}

#[cfg(test)]
mod tests;
