//! Who confirms a recommended decision (issue 28 part 4), apart from the main table in
//! `tests.rs`: the rule of whose recommendation a guest editor may confirm.

use super::tests::{J, held};
use super::*;
use crate::domain::Role;

/// (who, person, roles, conflicted, state, handled by a guest editor, confirms).
type ConfirmCase<'a> = (
    &'a str,
    i64,
    &'a [HeldRole],
    bool,
    SubmissionState,
    bool,
    bool,
);

/// Long because it is one table, one case a row.
/// A guest editor of the collection confirms a board member's recommendation, and reads what
/// that needs, only while it waits; never a guest editor's own, another guest editor's, or
/// one they are conflicted with; a handling editor never confirms their own.
#[test]
fn who_confirms_a_recommended_decision() {
    use SubmissionAction::*;
    let guest = vec![held(Role::GuestEditor, None, Some(10))];
    let other_guest = vec![held(Role::GuestEditor, None, Some(11))];
    let chief_handling = vec![held(Role::EditorInChief, Some(J), None)];
    let facts = |state, handled_by_guest_editor| SubmissionFacts {
        submitter_id: 1,
        handling_editor_id: Some(2),
        state,
        journal_id: J,
        appeal_hearer_id: None,
        collection_id: 10,
        handled_by_guest_editor,
    };
    let confirming = [
        DownloadFile,
        ViewEditorial,
        ReadReviews,
        RateReview,
        ReadReviewersThread,
        PostReviewersThread,
        ReadAuthorsThread,
        PostAuthorsThread,
        ConfirmDecision,
    ];
    // (who, person, roles, conflicted, state, handled by a guest editor, confirms)
    let cases: [ConfirmCase<'_>; 7] = [
        (
            "guest editor, board member's",
            8,
            &guest,
            false,
            SubmissionState::DecisionPending,
            false,
            true,
        ),
        (
            "guest editor, conflicted",
            8,
            &guest,
            true,
            SubmissionState::DecisionPending,
            false,
            false,
        ),
        (
            "guest editor, a guest editor's",
            8,
            &guest,
            false,
            SubmissionState::DecisionPending,
            true,
            false,
        ),
        (
            "guest editor of another collection",
            8,
            &other_guest,
            false,
            SubmissionState::DecisionPending,
            false,
            false,
        ),
        (
            "guest editor, under review",
            8,
            &guest,
            false,
            SubmissionState::UnderReview,
            false,
            false,
        ),
        (
            "guest editor, once decided",
            8,
            &guest,
            false,
            SubmissionState::Accepted,
            false,
            false,
        ),
        (
            "the handling editor, also editor-in-chief",
            2,
            &chief_handling,
            false,
            SubmissionState::DecisionPending,
            false,
            false,
        ),
    ];
    for (who, person_id, roles, conflicted, state, by_guest, confirms) in cases {
        let viewer = SubmissionViewer {
            person_id,
            roles,
            conflicted,
        };
        for action in SubmissionAction::ALL {
            // The handling editor keeps their own doors (the table above), but not this one.
            if person_id == 2 && action != ConfirmDecision {
                continue;
            }
            assert_eq!(
                may_on_submission(&viewer, &facts(state, by_guest), action),
                confirms && confirming.contains(&action),
                "{who}: {action:?}"
            );
        }
    }
}
