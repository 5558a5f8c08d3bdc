//! The state machine's table and its messages, checked against an independent account.

use super::*;

/// Written out independently of `TRANSITIONS`, so a slip in one shows in the other.
fn expected(from: SubmissionState, t: Transition) -> Option<SubmissionState> {
    use SubmissionState::*;
    use Transition::*;
    match (from, t) {
        (Draft, Submit) => Some(Submitted),
        (Submitted, FirstReviewerAccepts) => Some(UnderReview),
        (Submitted, DeskReject) => Some(Rejected),
        (Submitted, Withdraw) => Some(Withdrawn),
        (UnderReview, RequestRevision) => Some(RevisionRequested),
        (UnderReview, Accept) => Some(Accepted),
        (UnderReview, Reject) => Some(Rejected),
        (UnderReview, Withdraw) => Some(Withdrawn),
        (RevisionRequested, Resubmit) => Some(Submitted),
        (Submitted, Accept) => Some(Accepted),
        (Submitted, RequestRevision) => Some(RevisionRequested),
        (Submitted, Reject) => Some(Rejected),
        (RevisionRequested, Withdraw) => Some(Withdrawn),
        (Accepted, Publish) => Some(Published),
        (Rejected, Appeal) => Some(Appealed),
        (Appealed, UpholdRejection) => Some(Rejected),
        (Appealed, OverturnRejection) => Some(UnderReview),
        (Appealed, Withdraw) => Some(Withdrawn),
        (UnderReview | Submitted, Recommend) => Some(DecisionPending),
        (DecisionPending, Accept) => Some(Accepted),
        (DecisionPending, RequestRevision) => Some(RevisionRequested),
        (DecisionPending, Reject | DeskReject) => Some(Rejected),
        (DecisionPending, ReturnToReview) => Some(UnderReview),
        (DecisionPending, ReturnToEditor) => Some(Submitted),
        (DecisionPending, Withdraw) => Some(Withdrawn),
        (Submitted, ReturnForFixes) => Some(ReturnedForFixes),
        (ReturnedForFixes, SendFixes) => Some(Submitted),
        (ReturnedForFixes, Withdraw) => Some(Withdrawn),
        _ => None,
    }
}

#[test]
fn full_table_matches_expected() {
    let mut allowed = 0;
    for from in SubmissionState::ALL {
        for t in Transition::ALL {
            match expected(from, t) {
                Some(to) => {
                    allowed += 1;
                    assert_eq!(next(from, t), Ok(to), "{from:?} --{t:?}-->");
                }
                None => assert_eq!(
                    next(from, t),
                    Err(TransitionRefused {
                        from,
                        transition: t
                    }),
                    "{from:?} --{t:?}--> should be refused"
                ),
            }
        }
    }
    assert_eq!(allowed, TRANSITIONS.len(), "no duplicate rows in the table");
}

#[test]
fn allowed_from_agrees_with_next() {
    for from in SubmissionState::ALL {
        let allowed = allowed_from(from);
        for t in Transition::ALL {
            assert_eq!(
                allowed.contains(&t),
                next(from, t).is_ok(),
                "{from:?} {t:?}"
            );
        }
    }
    assert_eq!(
        allowed_from(SubmissionState::Submitted),
        vec![
            Transition::FirstReviewerAccepts,
            Transition::DeskReject,
            Transition::Withdraw,
            Transition::Accept,
            Transition::RequestRevision,
            Transition::Reject,
            Transition::Recommend,
            Transition::ReturnForFixes,
        ]
    );
}

#[test]
fn a_pending_decision_is_confirmed_by_the_confirmer_or_returned() {
    use SubmissionState::*;
    assert_eq!(
        next(UnderReview, Transition::Recommend),
        Ok(DecisionPending)
    );
    assert_eq!(
        actor_of_move(DecisionPending, Transition::Accept),
        Actor::Confirmer
    );
    assert_eq!(
        actor_of_move(UnderReview, Transition::Accept),
        Actor::HandlingEditor
    );
    assert_eq!(actor_of(Transition::ReturnToEditor), Actor::Confirmer);
    assert_eq!(
        next(DecisionPending, Transition::ReturnToReview),
        Ok(UnderReview)
    );
    assert_eq!(
        next(DecisionPending, Transition::ReturnToEditor),
        Ok(Submitted)
    );
    assert!(DecisionPending.is_active() && !DecisionPending.is_final());
    let refused = next(DecisionPending, Transition::Appeal)
        .unwrap_err()
        .to_string();
    assert_eq!(
        refused,
        "A submission that is waiting for its decision to be confirmed cannot be appealed."
    );
}

#[test]
fn a_first_version_is_decided_only_after_review() {
    use SubmissionState::*;
    for t in [
        Transition::Accept,
        Transition::RequestRevision,
        Transition::Reject,
    ] {
        let refused = next_in_round(Submitted, 1, t).unwrap_err().to_string();
        assert!(
            refused.contains("has to be under review first"),
            "{refused}"
        );
        assert!(
            next_in_round(Submitted, 2, t).is_ok(),
            "a revised version: {t:?}"
        );
        assert_eq!(next_in_round(UnderReview, 1, t), next(UnderReview, t));
    }
    assert_eq!(
        next_in_round(Submitted, 1, Transition::DeskReject),
        Ok(Rejected)
    );
    let desk = next_in_round(Submitted, 2, Transition::DeskReject);
    assert!(
        desk.unwrap_err().to_string().contains("reject it instead"),
        "a revised version is not rejected without review"
    );
    assert_eq!(
        next_in_round(Submitted, 3, Transition::Withdraw),
        Ok(Withdrawn)
    );
}

#[test]
fn nothing_leaves_published_or_withdrawn() {
    for t in Transition::ALL {
        assert!(next(SubmissionState::Published, t).is_err());
        assert!(next(SubmissionState::Withdrawn, t).is_err());
    }
    assert!(allowed_from(SubmissionState::Published).is_empty());
    assert!(allowed_from(SubmissionState::Withdrawn).is_empty());
}

#[test]
fn every_transition_is_used_and_every_state_but_draft_is_reachable() {
    for t in Transition::ALL {
        assert!(
            TRANSITIONS.iter().any(|(_, tr, _)| *tr == t),
            "{t:?} unused"
        );
    }
    for s in SubmissionState::ALL {
        let reachable = TRANSITIONS.iter().any(|(_, _, to)| *to == s);
        assert_eq!(reachable, s != SubmissionState::Draft, "{s:?}");
    }
}

#[test]
fn states_round_trip() {
    for s in SubmissionState::ALL {
        assert_eq!(s.as_str().parse::<SubmissionState>(), Ok(s));
    }
    assert!("Under review".parse::<SubmissionState>().is_err());
    assert!("".parse::<SubmissionState>().is_err());
}

#[test]
fn transitions_round_trip() {
    for t in Transition::ALL {
        assert_eq!(t.as_str().parse::<Transition>(), Ok(t));
    }
    assert!("withdrawn".parse::<Transition>().is_err());
}

#[test]
fn labels() {
    assert_eq!(
        SubmissionState::Submitted.label_in_round(2),
        "Revised version submitted (round 2)"
    );
    assert_eq!(SubmissionState::Submitted.label_in_round(1), "Submitted");
    assert_eq!(
        SubmissionState::UnderReview.label_in_round(2),
        "Under review"
    );
    assert_eq!(SubmissionState::Appealed.label(), "Under appeal");
    assert_eq!(
        SubmissionState::RevisionRequested.to_string(),
        "Revision requested"
    );
    assert_eq!(
        Transition::OverturnRejection.label(),
        "Appeal successful: back to review"
    );
}

#[test]
fn refusal_messages() {
    let accepted_withdraw = next(SubmissionState::Accepted, Transition::Withdraw);
    assert_eq!(
        accepted_withdraw.map_err(|e| e.to_string()),
        Err("A submission that is accepted cannot be withdrawn.".to_string())
    );
    let review_desk = next(SubmissionState::UnderReview, Transition::DeskReject);
    assert_eq!(
        review_desk.map_err(|e| e.to_string()),
        Err(
            "A submission that is under review cannot be rejected without review; \
             decide on it instead."
                .to_string()
        )
    );
    let boxed: Box<dyn std::error::Error> = Box::new(TransitionRefused {
        from: SubmissionState::Published,
        transition: Transition::Publish,
    });
    assert_eq!(
        boxed.to_string(),
        "A submission that is published cannot be published."
    );
}

#[test]
fn final_and_active() {
    use SubmissionState::*;
    let finals: Vec<_> = SubmissionState::ALL
        .into_iter()
        .filter(|s| s.is_final())
        .collect();
    assert_eq!(finals, vec![Published, Rejected, Withdrawn]);
    let active: Vec<_> = SubmissionState::ALL
        .into_iter()
        .filter(|s| s.is_active())
        .collect();
    assert_eq!(
        active,
        vec![
            Submitted,
            ReturnedForFixes,
            UnderReview,
            DecisionPending,
            RevisionRequested,
            Appealed
        ]
    );
    for s in SubmissionState::ALL {
        assert!(!(s.is_final() && s.is_active()), "{s:?}");
    }
}

#[test]
fn actors() {
    use Transition::*;
    for t in [Submit, Resubmit, Withdraw, Appeal] {
        assert_eq!(actor_of(t), Actor::Author);
    }
    for t in [RequestRevision, Accept, Reject, DeskReject] {
        assert_eq!(actor_of(t), Actor::HandlingEditor);
    }
    for t in [Publish, UpholdRejection, OverturnRejection] {
        assert_eq!(actor_of(t), Actor::EditorInChief);
    }
    assert_eq!(actor_of(FirstReviewerAccepts), Actor::System);
}

#[test]
fn new_rounds() {
    let rounds: Vec<_> = Transition::ALL
        .into_iter()
        .filter(|t| starts_new_round(*t))
        .collect();
    assert_eq!(
        rounds,
        vec![Transition::Resubmit, Transition::OverturnRejection]
    );
}

#[test]
fn one_appeal_only() {
    assert!(may_appeal(0));
    assert!(!may_appeal(1));
    assert!(!may_appeal(2));
}
