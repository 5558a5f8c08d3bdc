//! The permission tables: who may do what, case by case.

use super::*;

pub(super) const J: i64 = 1;
const OTHER_J: i64 = 2;

pub(super) fn held(role: Role, journal_id: Option<i64>, collection_id: Option<i64>) -> HeldRole {
    HeldRole {
        role,
        journal_id,
        collection_id,
    }
}

/// (name, person, roles, conflicted, state, the actions allowed).
type PermissionCase<'a> = (
    &'a str,
    i64,
    &'a Vec<HeldRole>,
    bool,
    SubmissionState,
    Vec<SubmissionAction>,
);

#[test]
fn the_integrity_page_is_the_editor_in_chiefs_only() {
    let open = |roles: Vec<HeldRole>| may(&roles, Action::OpenIntegrity);
    assert!(open(vec![held(Role::EditorInChief, Some(J), None)]));
    assert!(!open(vec![held(Role::BoardMember, Some(J), None)]));
    assert!(!open(vec![held(Role::GuestEditor, Some(J), Some(3))]));
    assert!(!open(vec![]), "an author");
    assert!(
        !open(vec![held(Role::Admin, None, None)]),
        "reads no review"
    );
}

#[test]
fn the_editorial_queue_is_for_editors_only() {
    let queue = |roles: Vec<HeldRole>| may(&roles, Action::OpenEditorialQueue);
    assert!(queue(vec![held(Role::EditorInChief, Some(J), None)]));
    assert!(queue(vec![held(Role::BoardMember, Some(J), None)]));
    assert!(queue(vec![held(Role::GuestEditor, Some(J), Some(3))]));
    assert!(!queue(vec![]), "an author");
    assert!(!queue(vec![held(Role::Reviewer, Some(J), None)]));
    assert!(
        !queue(vec![held(Role::Admin, None, None)]),
        "handles nothing"
    );
}

/// (who, conflicted, state, action) → allowed: the submission permission table.
/// Long because it is one table, read down its rows: each kind of person in each state,
/// against every action.
#[test]
fn submission_permission_table() {
    use SubmissionAction::*;
    use SubmissionState::{
        Accepted, Appealed, DecisionPending, Draft, Published, Rejected, RevisionRequested,
        Submitted,
    };
    let eic = vec![held(Role::EditorInChief, Some(J), None)];
    let other_eic = vec![held(Role::EditorInChief, Some(OTHER_J), None)];
    let admin = vec![held(Role::Admin, None, None)];
    let none: Vec<HeldRole> = vec![];
    let facts = |state| SubmissionFacts {
        submitter_id: 1,
        handling_editor_id: Some(2),
        state,
        journal_id: J,
        appeal_hearer_id: Some(6),
        collection_id: 10,
        handled_by_guest_editor: false,
    };
    // What the handling editor may do once the reviews are in, or under appeal.
    let deciding = vec![
        DownloadFile,
        ViewEditorial,
        DeclareConflict,
        ReadReviews,
        RateReview,
        ReadReviewersThread,
        PostReviewersThread,
        ReadAuthorsThread,
        PostAuthorsThread,
        Decide,
        Remind,
        ExtendRevision,
    ];
    // (name, person, roles, conflicted, state, the actions allowed)
    let cases: Vec<PermissionCase> = vec![
        (
            "submitter, draft",
            1,
            &none,
            false,
            Draft,
            vec![View, DownloadFile, EditDraft],
        ),
        (
            "submitter, submitted",
            1,
            &none,
            true,
            Submitted,
            vec![
                View,
                DownloadFile,
                Withdraw,
                AskCoAuthorAgain,
                ReadAuthorsThread,
                PostAuthorsThread,
            ],
        ),
        (
            "submitter, accepted",
            1,
            &none,
            true,
            Accepted,
            vec![
                View,
                DownloadFile,
                AskCoAuthorAgain,
                ReadAuthorsThread,
                PostAuthorsThread,
            ],
        ),
        (
            "handling editor",
            2,
            &none,
            false,
            Submitted,
            vec![
                ReturnForFixes,
                DownloadFile,
                ViewEditorial,
                DeclareConflict,
                ManageReviewers,
                ReadReviews,
                RateReview,
                ReadReviewersThread,
                PostReviewersThread,
                ReadAuthorsThread,
                PostAuthorsThread,
                Decide,
                Remind,
                ExtendRevision,
            ],
        ),
        (
            "handling editor, accepted",
            2,
            &none,
            false,
            Accepted,
            deciding.clone(),
        ),
        (
            "handling editor, conflicted",
            2,
            &none,
            true,
            Submitted,
            vec![],
        ),
        ("handling editor of a draft", 2, &none, false, Draft, vec![]),
        (
            "editor-in-chief",
            3,
            &eic,
            false,
            Submitted,
            vec![
                ReturnForFixes,
                DownloadFile,
                ViewEditorial,
                ManageAssignment,
                ReadReviews,
                RateReview,
                ReadReviewersThread,
                PostReviewersThread,
                ReadAuthorsThread,
                PostAuthorsThread,
                ExportMetadata,
                Remind,
                RuleOnSignal,
            ],
        ),
        (
            "editor-in-chief, accepted",
            3,
            &eic,
            false,
            Accepted,
            vec![
                DownloadFile,
                ViewEditorial,
                ManageAssignment,
                ReadReviews,
                RateReview,
                ReadReviewersThread,
                PostReviewersThread,
                ReadAuthorsThread,
                PostAuthorsThread,
                Publish,
                ExportMetadata,
                Remind,
                RuleOnSignal,
            ],
        ),
        (
            "editor-in-chief, published",
            3,
            &eic,
            false,
            Published,
            vec![
                DownloadFile,
                ViewEditorial,
                ManageAssignment,
                ReadReviews,
                RateReview,
                ReadReviewersThread,
                PostReviewersThread,
                ReadAuthorsThread,
                PostAuthorsThread,
                PublishCorrection,
                ExportMetadata,
                Remind,
                RuleOnSignal,
            ],
        ),
        (
            "editor-in-chief, accepted, conflicted",
            3,
            &eic,
            true,
            Accepted,
            vec![],
        ),
        (
            "editor-in-chief, conflicted",
            3,
            &eic,
            true,
            Submitted,
            vec![],
        ),
        (
            "editor-in-chief of another journal",
            3,
            &other_eic,
            false,
            Submitted,
            vec![],
        ),
        (
            "handling editor, revision requested",
            2,
            &none,
            false,
            RevisionRequested,
            deciding.clone(),
        ),
        (
            "editor-in-chief, revision requested, conflicted",
            3,
            &eic,
            true,
            RevisionRequested,
            vec![],
        ),
        (
            "submitter, revision requested",
            1,
            &none,
            true,
            RevisionRequested,
            vec![
                View,
                DownloadFile,
                Withdraw,
                Resubmit,
                AskCoAuthorAgain,
                ReadAuthorsThread,
                PostAuthorsThread,
            ],
        ),
        (
            "submitter, rejected",
            1,
            &none,
            true,
            Rejected,
            vec![
                View,
                DownloadFile,
                Appeal,
                ReadAuthorsThread,
                PostAuthorsThread,
            ],
        ),
        (
            "appeal hearer, under appeal",
            6,
            &none,
            false,
            Appealed,
            vec![
                DownloadFile,
                ViewEditorial,
                ReadReviews,
                RateReview,
                ReadReviewersThread,
                PostReviewersThread,
                ReadAuthorsThread,
                PostAuthorsThread,
                HearAppeal,
            ],
        ),
        (
            "appeal hearer, conflicted",
            6,
            &none,
            true,
            Appealed,
            vec![],
        ),
        (
            "appeal hearer, after the outcome",
            6,
            &none,
            false,
            Rejected,
            vec![
                DownloadFile,
                ViewEditorial,
                ReadReviews,
                RateReview,
                ReadReviewersThread,
                PostReviewersThread,
                ReadAuthorsThread,
                PostAuthorsThread,
            ],
        ),
        (
            "handling editor, under appeal",
            2,
            &none,
            false,
            Appealed,
            deciding.clone(),
        ),
        (
            "editor-in-chief, decision pending",
            3,
            &eic,
            false,
            DecisionPending,
            vec![
                DownloadFile,
                ViewEditorial,
                ManageAssignment,
                ReadReviews,
                RateReview,
                ReadReviewersThread,
                PostReviewersThread,
                ReadAuthorsThread,
                PostAuthorsThread,
                ExportMetadata,
                Remind,
                RuleOnSignal,
                ConfirmDecision,
            ],
        ),
        (
            "editor-in-chief, decision pending, conflicted",
            3,
            &eic,
            true,
            DecisionPending,
            vec![],
        ),
        (
            "handling editor, decision pending",
            2,
            &none,
            false,
            DecisionPending,
            deciding.clone(),
        ),
        (
            "submitter, decision pending",
            1,
            &none,
            false,
            DecisionPending,
            vec![
                View,
                DownloadFile,
                Withdraw,
                AskCoAuthorAgain,
                ReadAuthorsThread,
                PostAuthorsThread,
            ],
        ),
        (
            "submitter, returned for fixes",
            1,
            &none,
            false,
            SubmissionState::ReturnedForFixes,
            vec![
                View,
                DownloadFile,
                Withdraw,
                Resubmit,
                AskCoAuthorAgain,
                ReadAuthorsThread,
                PostAuthorsThread,
            ],
        ),
        ("administrator", 4, &admin, false, Submitted, vec![]),
        (
            "administrator, accepted",
            4,
            &admin,
            false,
            Accepted,
            vec![],
        ),
        ("stranger", 5, &none, false, Submitted, vec![]),
    ];
    for (who, person_id, roles, conflicted, state, allowed) in cases {
        let viewer = SubmissionViewer {
            person_id,
            roles,
            conflicted,
        };
        for action in SubmissionAction::ALL {
            assert_eq!(
                may_on_submission(&viewer, &facts(state), action),
                allowed.contains(&action),
                "{who}: {action:?}"
            );
        }
    }
}

/// (answered, expired, state) → may the holder of a co-author's e-mailed link answer it.
#[test]
fn authorship_link_table() {
    use SubmissionState::*;
    let cases = [
        (false, false, Submitted, true),
        (false, false, UnderReview, true),
        (false, false, Rejected, true),
        (false, false, Published, true),
        (true, false, Submitted, false),
        (false, true, Submitted, false),
        (false, false, Withdrawn, false),
        (false, false, Draft, false),
    ];
    for (answered, expired, submission_state, allowed) in cases {
        let facts = AuthorshipFacts {
            answered,
            expired,
            submission_state,
        };
        assert_eq!(
            may_by_authorship_link(&facts, AuthorshipAction::Answer),
            allowed,
            "answered {answered}, expired {expired}, {submission_state:?}"
        );
    }
}

/// (who, action) → allowed: the installation's permission table.
#[test]
fn permission_table() {
    let admin = vec![held(Role::Admin, None, None)];
    let eic = vec![held(Role::EditorInChief, Some(J), None)];
    let board = vec![held(Role::BoardMember, Some(J), None)];
    let guest = vec![held(Role::GuestEditor, None, Some(10))];
    let author: Vec<HeldRole> = vec![];
    let (site, in_j) = (GrantScope::Site, GrantScope::Journal { journal_id: J });
    let in_other = GrantScope::Journal {
        journal_id: OTHER_J,
    };
    let coll = GrantScope::Collection {
        journal_id: J,
        collection_id: 10,
    };
    let manage = |role, scope| Action::ManageRole { role, scope };
    let edit = |journal_id| Action::EditCollection { journal_id };
    let create = |journal_id| Action::CreateCollection { journal_id };
    let export = |journal_id| Action::ExportMetadata { journal_id };
    let statistics = |journal_id| Action::ReadStatistics { journal_id };
    let security = |journal_id| Action::SetSignInSecurity { journal_id };
    let cases: Vec<(&str, &Vec<HeldRole>, Action, bool)> = vec![
        ("admin", &admin, Action::OpenAdmin, true),
        ("admin", &admin, manage(Role::Admin, site), true),
        ("eic", &eic, Action::OpenAdmin, true),
        ("eic", &eic, Action::ReadAuditLog, false),
        // The outbox: the chief reads the part of it within her reach (crate::workflow::outbox).
        ("eic", &eic, Action::ReadOutbox, true),
        ("admin", &admin, Action::ReadOutbox, true),
        ("board", &board, Action::ReadOutbox, false),
        ("guest", &guest, Action::ReadOutbox, false),
        ("author", &author, Action::ReadOutbox, false),
        ("eic", &eic, edit(J), true),
        ("eic", &eic, edit(OTHER_J), false),
        ("eic", &eic, create(J), true),
        ("eic", &eic, manage(Role::BoardMember, in_j), true),
        ("eic", &eic, manage(Role::BoardMember, in_other), false),
        ("eic", &eic, manage(Role::GuestEditor, coll), true),
        ("eic", &eic, manage(Role::EditorInChief, in_j), false),
        ("eic", &eic, manage(Role::Admin, site), false),
        ("eic", &eic, export(J), true),
        ("eic", &eic, export(OTHER_J), false),
        ("board", &board, export(J), false),
        ("board", &board, Action::OpenAdmin, false),
        ("board", &board, edit(J), false),
        ("guest", &guest, Action::OpenAdmin, false),
        ("guest", &guest, manage(Role::GuestEditor, coll), false),
        ("author", &author, Action::OpenAdmin, false),
        ("author", &author, create(J), false),
        // Statistics: the journal's editor-in-chief and administrators only.
        ("eic", &eic, statistics(J), true),
        ("eic", &eic, statistics(OTHER_J), false),
        ("admin", &admin, statistics(J), true),
        ("board", &board, statistics(J), false),
        ("guest", &guest, statistics(J), false),
        ("author", &author, statistics(J), false),
        // Requiring two-factor sign-in: the journal's editor-in-chief and administrators.
        ("eic", &eic, security(J), true),
        ("eic", &eic, security(OTHER_J), false),
        ("admin", &admin, security(J), true),
        ("board", &board, security(J), false),
        ("guest", &guest, security(J), false),
        ("author", &author, security(J), false),
    ];
    for (who, roles, action, allowed) in cases {
        assert_eq!(may(roles, action), allowed, "{who} {action:?}");
    }
}

#[test]
fn roles_fit_their_scopes() {
    assert!(role_fits_scope(Role::Admin, GrantScope::Site));
    assert!(!role_fits_scope(
        Role::Admin,
        GrantScope::Journal { journal_id: 1 }
    ));
    assert!(role_fits_scope(
        Role::GuestEditor,
        GrantScope::Collection {
            journal_id: 1,
            collection_id: 2
        }
    ));
    assert!(!role_fits_scope(
        Role::GuestEditor,
        GrantScope::Journal { journal_id: 1 }
    ));
}

#[test]
fn only_the_invited_reviewer_acts_and_files_open_after_the_declaration() {
    use InvitationStatus::*;
    use ReviewerAction::*;
    let facts = |status, declared, state, current| InvitationFacts {
        reviewer_id: 7,
        status,
        cleared_to_read: declared,
        submission_state: state,
        current_round: current,
    };
    let under = SubmissionState::UnderReview;
    let i = facts(Invited, false, SubmissionState::Submitted, true);
    assert!(may_as_reviewer(7, &i, Respond));
    assert!(!may_as_reviewer(8, &i, Respond), "someone else");
    assert!(!may_as_reviewer(7, &i, ReadManuscript));
    let accepted = facts(Accepted, false, under, true);
    assert!(!may_as_reviewer(7, &accepted, Respond), "answered once");
    assert!(may_as_reviewer(7, &accepted, DeclareInterest));
    assert!(
        !may_as_reviewer(7, &accepted, ReadManuscript),
        "declare first"
    );
    assert!(!may_as_reviewer(7, &accepted, WriteReview));
    let cleared = facts(Accepted, true, under, true);
    assert!(!may_as_reviewer(7, &cleared, DeclareInterest));
    assert!(may_as_reviewer(7, &cleared, ReadManuscript));
    assert!(may_as_reviewer(7, &cleared, WriteReview));
    assert!(!may_as_reviewer(8, &cleared, ReadManuscript));
    let submitted = facts(Submitted, true, under, true);
    assert!(
        may_as_reviewer(7, &submitted, WriteReview),
        "editable until the decision"
    );
    let pending = facts(Accepted, true, SubmissionState::DecisionPending, true);
    assert!(
        may_as_reviewer(7, &pending, WriteReview),
        "a late review while a recommendation waits"
    );
    let decided = facts(Submitted, true, SubmissionState::RevisionRequested, true);
    assert!(!may_as_reviewer(7, &decided, WriteReview));
    assert!(may_as_reviewer(7, &decided, ReadManuscript));
    let old_round = facts(Submitted, true, under, false);
    assert!(!may_as_reviewer(7, &old_round, WriteReview));
    for ended in [Declined, Cancelled, ConflictDeclared] {
        let e = facts(ended, true, under, true);
        for a in [Respond, DeclareInterest, ReadManuscript, WriteReview] {
            assert!(!may_as_reviewer(7, &e, a), "{ended:?} {a:?}");
        }
    }
    let withdrawn = facts(Accepted, true, SubmissionState::Withdrawn, true);
    assert!(!may_as_reviewer(7, &withdrawn, ReadManuscript));
}

#[test]
fn the_link_opens_the_invitation_only_until_the_review_is_in() {
    use InvitationStatus::*;
    use ReviewerAction::*;
    let facts = |status| InvitationFacts {
        reviewer_id: 7,
        status,
        cleared_to_read: true,
        submission_state: SubmissionState::UnderReview,
        current_round: true,
    };
    assert!(may_as_reviewer(7, &facts(Invited), OpenByLink));
    assert!(may_as_reviewer(7, &facts(Accepted), OpenByLink));
    assert!(!may_as_reviewer(8, &facts(Accepted), OpenByLink));
    let submitted = facts(Submitted);
    assert!(
        !may_as_reviewer(7, &submitted, OpenByLink),
        "the review is in: a thank-you only"
    );
    assert!(
        may_as_reviewer(7, &submitted, WriteReview),
        "a signed-in reviewer still revises it until the decision"
    );
    for ended in [Declined, Cancelled, ConflictDeclared] {
        assert!(!may_as_reviewer(7, &facts(ended), OpenByLink), "{ended:?}");
    }
}

#[test]
fn only_what_is_published_is_public() {
    for state in SubmissionState::ALL {
        assert_eq!(
            public_may_read(state),
            state == SubmissionState::Published,
            "{state:?}"
        );
    }
}

/// The discussion (issue 28 part 1): a reviewer joins the editors' thread once their own
/// report is sent, never before, and never the authors' thread; a withdrawn submission's
/// threads stay readable and take no more messages.
#[test]
fn a_reviewer_joins_the_discussion_after_sending_the_report() {
    use InvitationStatus::*;
    use ReviewerAction::*;
    let facts = |status, state| InvitationFacts {
        reviewer_id: 7,
        status,
        cleared_to_read: true,
        submission_state: state,
        current_round: true,
    };
    let under = SubmissionState::UnderReview;
    for before in [Invited, Accepted, Declined, Cancelled, ConflictDeclared] {
        for a in [ReadDiscussion, PostDiscussion] {
            assert!(
                !may_as_reviewer(7, &facts(before, under), a),
                "{before:?} {a:?}"
            );
        }
    }
    let sent = facts(Submitted, under);
    assert!(may_as_reviewer(7, &sent, ReadDiscussion));
    assert!(may_as_reviewer(7, &sent, PostDiscussion));
    assert!(!may_as_reviewer(8, &sent, ReadDiscussion), "someone else");
    let decided = facts(Submitted, SubmissionState::Rejected);
    assert!(
        may_as_reviewer(7, &decided, PostDiscussion),
        "after the decision too"
    );
    let withdrawn = facts(Submitted, SubmissionState::Withdrawn);
    assert!(may_as_reviewer(7, &withdrawn, ReadDiscussion));
    assert!(!may_as_reviewer(7, &withdrawn, PostDiscussion));
}

#[test]
fn the_threads_close_to_new_messages_when_the_submission_is_withdrawn() {
    use SubmissionAction::*;
    let facts = SubmissionFacts {
        submitter_id: 1,
        handling_editor_id: Some(2),
        state: SubmissionState::Withdrawn,
        journal_id: J,
        appeal_hearer_id: None,
        collection_id: 10,
        handled_by_guest_editor: false,
    };
    let eic = vec![held(Role::EditorInChief, Some(J), None)];
    let cases: [(i64, &[HeldRole], bool, [bool; 4]); 5] = [
        (1, &[], true, [false, false, true, false]),
        (2, &[], false, [true, false, true, false]),
        (3, &eic, false, [true, false, true, false]),
        (3, &eic, true, [false; 4]),
        (5, &[], false, [false; 4]),
    ];
    for (person_id, roles, conflicted, want) in cases {
        let viewer = SubmissionViewer {
            person_id,
            roles,
            conflicted,
        };
        let actions = [
            ReadReviewersThread,
            PostReviewersThread,
            ReadAuthorsThread,
            PostAuthorsThread,
        ];
        for (action, want) in actions.into_iter().zip(want) {
            assert_eq!(
                may_on_submission(&viewer, &facts, action),
                want,
                "{person_id} (conflicted: {conflicted}): {action:?}"
            );
        }
    }
}
