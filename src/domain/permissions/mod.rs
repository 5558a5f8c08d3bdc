//! Authorization, in one place: "may this person do this?" Every route asks here.
//!
//! Three questions: [`may`] for actions on the installation (admin pages, roles,
//! collections), [`may_on_submission`] for actions on one submission, and
//! [`may_as_reviewer`] for a reviewer's actions on one review invitation. A person who may not see a
//! submission gets the same 404 as for one that does not exist.

use super::Role;
use super::review::InvitationStatus;
use super::submission_state::{self, SubmissionState, Transition};

/// A role as held by a person, with where it applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HeldRole {
    pub role: Role,
    pub journal_id: Option<i64>,
    pub collection_id: Option<i64>,
}

/// Where a role grant applies, for grant and revoke decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantScope {
    Site,
    Journal { journal_id: i64 },
    Collection { journal_id: i64, collection_id: i64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Open the editor-in-chief/admin area at all.
    OpenAdmin,
    /// Open the editorial queue: what one handles, and for an editor-in-chief what needs
    /// an editor. For editors only; anyone else gets 404, as for a page that does not exist.
    OpenEditorialQueue,
    /// Read the audit log of the whole installation.
    ReadAuditLog,
    /// Read the e-mail outbox and retry failed messages. An administrator reads all of it;
    /// an editor-in-chief the messages about no manuscript and about her journals'
    /// manuscripts, never one she is conflicted with or her own (`crate::workflow::outbox`). Neither
    /// reads a secret link: the outbox masks them (`crate::mail::secrets`).
    ReadOutbox,
    CreateCollection {
        journal_id: i64,
    },
    EditCollection {
        journal_id: i64,
    },
    /// Read the statistics of a journal's collections (aggregate figures only).
    ReadStatistics {
        journal_id: i64,
    },
    /// Grant or revoke `role` in `scope`.
    ManageRole {
        role: Role,
        scope: GrantScope,
    },
    /// Open the metadata exports (JATS, Crossref, CSV) of a journal. Each submission in them
    /// is still asked about with [`SubmissionAction::ExportMetadata`].
    ExportMetadata {
        journal_id: i64,
    },
    /// Require two-factor sign-in of a journal's editors (its editor-in-chief; ASVS 2.8).
    SetSignInSecurity {
        journal_id: i64,
    },
    /// Open the Integrity page: the open signs of a review ring across the collections of
    /// her journals (an editor-in-chief). Each submission on it is still asked about with
    /// [`SubmissionAction::ReadReviews`], so a conflict leaves it out.
    OpenIntegrity,
}

fn is_admin(roles: &[HeldRole]) -> bool {
    roles.iter().any(|r| r.role == Role::Admin)
}

fn is_editor_in_chief_of(roles: &[HeldRole], journal_id: i64) -> bool {
    roles
        .iter()
        .any(|r| r.role == Role::EditorInChief && r.journal_id == Some(journal_id))
}

fn is_guest_editor_of(roles: &[HeldRole], collection_id: i64) -> bool {
    roles
        .iter()
        .any(|r| r.role == Role::GuestEditor && r.collection_id == Some(collection_id))
}

/// The one question every route asks.
pub fn may(roles: &[HeldRole], action: Action) -> bool {
    if action == Action::OpenIntegrity {
        // Asked before the administrator's "everything", as the queue: an administrator
        // reads no review, and the signals quote them.
        return roles.iter().any(|r| r.role == Role::EditorInChief);
    }
    if action == Action::OpenEditorialQueue {
        // Asked before the administrator's "everything": an administrator runs the
        // installation, not the peer review, and handles nothing.
        return roles.iter().any(|r| {
            matches!(
                r.role,
                Role::EditorInChief | Role::BoardMember | Role::GuestEditor
            )
        });
    }
    if is_admin(roles) {
        return true;
    }
    match action {
        Action::OpenAdmin => roles.iter().any(|r| r.role == Role::EditorInChief),
        Action::OpenEditorialQueue | Action::OpenIntegrity => false,
        Action::ReadAuditLog => false,
        Action::ReadOutbox => roles.iter().any(|r| r.role == Role::EditorInChief),
        Action::CreateCollection { journal_id }
        | Action::EditCollection { journal_id }
        | Action::ExportMetadata { journal_id }
        | Action::SetSignInSecurity { journal_id }
        | Action::ReadStatistics { journal_id } => is_editor_in_chief_of(roles, journal_id),
        // An editor-in-chief appoints the board, reviewers and guest editors of their own
        // journal; only an administrator appoints administrators (for the whole site) or
        // editors-in-chief. Not the editor-in-chief: an administrator reads the whole outbox
        // and the audit log, so a chief who could appoint one (herself, or anyone) could
        // read the mail about the manuscripts she is conflicted with.
        Action::ManageRole { role, scope } => match (role, scope) {
            (Role::BoardMember | Role::Reviewer, GrantScope::Journal { journal_id })
            | (Role::GuestEditor, GrantScope::Collection { journal_id, .. }) => {
                is_editor_in_chief_of(roles, journal_id)
            }
            _ => false,
        },
    }
}

/// What someone may try to do with one submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionAction {
    /// See the author's page of it: details, declarations, timeline.
    View,
    /// Download one of its files.
    DownloadFile,
    /// Change the draft, attach files, submit it, or discard it.
    EditDraft,
    /// Withdraw it (the state machine decides from which states).
    Withdraw,
    /// See its editorial page: the manuscript, files, the assignment and its explanation.
    ViewEditorial,
    /// Say "I have a competing interest" and step down as its handling editor.
    DeclareConflict,
    /// Reassign its handling editor, and rule on potential conflicts (editor-in-chief).
    ManageAssignment,
    /// Find and invite reviewers, cancel invitations (its handling editor).
    ManageReviewers,
    /// Read the reviews, with the reviewers' names and confidential comments.
    ReadReviews,
    /// Decide: accept, ask for a revision, reject (its handling editor; the state machine
    /// decides from which states).
    Decide,
    /// Publish it in the journal: citation, DOI, date, final PDF (the journal's
    /// editor-in-chief, once it is accepted).
    Publish,
    /// Publish a correction to it (the journal's editor-in-chief, once it is published).
    PublishCorrection,
    /// Include it in the metadata exports and the CSV of submissions (the journal's
    /// editor-in-chief; a conflicted one never sees it there either).
    ExportMetadata,
    /// Send a revised version with a response to the reviewers (the submitter, when a
    /// revision was requested), or the corrected manuscript after a technical return.
    Resubmit,
    /// Appeal a rejection (the submitter; that it is the first appeal is the appeals
    /// service's check, against the stored appeal).
    Appeal,
    /// Decide an appeal: uphold the rejection or send the submission back to review (the
    /// person chosen to hear it).
    HearAppeal,
    /// "Remind now" from the deadlines view: a reminder to a reviewer, the authors, the
    /// handling editor or an appeal's hearer (its handling editor and the journal's
    /// editor-in-chief; whom each may remind is the deadlines service's rule).
    Remind,
    /// Extend the date a revised version is due (its handling editor; that a revision is
    /// awaited is the deadlines service's check, as the state machine's is for `Decide`).
    ExtendRevision,
    /// E-mail a co-author a new link to confirm their authorship (the submitter, while the
    /// journal still works on the submission; how often is `domain::authorship`'s rule).
    AskCoAuthorAgain,
    /// Record a ruling on a sign of a review ring (the journal's editor-in-chief).
    RuleOnSignal,
    /// Read the discussion between the editors and the reviewers (those who may read the
    /// reviews; a reviewer reads it through their invitation: [`ReviewerAction::ReadDiscussion`]).
    ReadReviewersThread,
    /// Post in it (the same editors, until the submission is withdrawn).
    PostReviewersThread,
    /// Read the questions between the editors and the authors (those editors and the
    /// submitter, once it is submitted). Reviewers never read it.
    ReadAuthorsThread,
    /// Post in it (the same people, until the submission is withdrawn).
    PostAuthorsThread,
    /// Rate a submitted review, with a private note (those who read the reviews; issue 19
    /// part 3). The rating is theirs alone: never shown to the reviewer or the authors.
    RateReview,
    /// Confirm, edit or return a recommended decision (issue 28 part 4): while one waits,
    /// the journal's editor-in-chief, or for a board member's recommendation a guest editor
    /// of the collection; never the handling editor who recommended it. The confirmer
    /// reads what the handling editor read while it waits.
    ConfirmDecision,
    /// Return it to the authors for technical fixes before review (issue 28 part 4): its
    /// handling editor or the journal's editor-in-chief, while it is submitted (that no
    /// reviewer is still invited is the workflow's check).
    ReturnForFixes,
}

impl SubmissionAction {
    /// Every action, in the order above.
    pub const ALL: [SubmissionAction; 27] = [
        SubmissionAction::View,
        SubmissionAction::DownloadFile,
        SubmissionAction::EditDraft,
        SubmissionAction::Withdraw,
        SubmissionAction::ViewEditorial,
        SubmissionAction::DeclareConflict,
        SubmissionAction::ManageAssignment,
        SubmissionAction::ManageReviewers,
        SubmissionAction::ReadReviews,
        SubmissionAction::Decide,
        SubmissionAction::Publish,
        SubmissionAction::PublishCorrection,
        SubmissionAction::ExportMetadata,
        SubmissionAction::Resubmit,
        SubmissionAction::Appeal,
        SubmissionAction::HearAppeal,
        SubmissionAction::Remind,
        SubmissionAction::ExtendRevision,
        SubmissionAction::AskCoAuthorAgain,
        SubmissionAction::RuleOnSignal,
        SubmissionAction::ReadReviewersThread,
        SubmissionAction::PostReviewersThread,
        SubmissionAction::ReadAuthorsThread,
        SubmissionAction::PostAuthorsThread,
        SubmissionAction::RateReview,
        SubmissionAction::ConfirmDecision,
        SubmissionAction::ReturnForFixes,
    ];
}

/// The facts about a submission that decide who may act on it.
#[derive(Debug, Clone, Copy)]
pub struct SubmissionFacts {
    pub submitter_id: i64,
    pub handling_editor_id: Option<i64>,
    pub state: SubmissionState,
    pub journal_id: i64,
    /// Who hears the submission's appeal, once one is lodged.
    pub appeal_hearer_id: Option<i64>,
    pub collection_id: i64,
    /// Its handling editor is a guest editor of its collection: their recommendation is
    /// confirmed by the editor-in-chief, not by another guest editor.
    pub handled_by_guest_editor: bool,
}

/// The person asking, with what decides their access to this one submission.
#[derive(Debug, Clone, Copy)]
pub struct SubmissionViewer<'a> {
    pub person_id: i64,
    pub roles: &'a [HeldRole],
    /// A confirmed competing interest with this submission (the conflicts module's answer,
    /// the editor-in-chief's rulings applied). It shuts every editorial door.
    pub conflicted: bool,
}

impl SubmissionViewer<'_> {
    /// For steps only the submitter can take (editing a draft, withdrawing): roles and
    /// conflicts play no part in them.
    pub fn submitter_only(person_id: i64) -> SubmissionViewer<'static> {
        SubmissionViewer {
            person_id,
            roles: &[],
            conflicted: false,
        }
    }
}

/// Whether `viewer` may take `action` on the submission described by `s`.
///
/// The submitter owns their submission (its author pages, drafts, withdrawal). Editorial
/// access goes to its handling editor and to the journal's editor-in-chief, and never to
/// anyone with a confirmed competing interest; the editor-in-chief can see that a conflict
/// exists but cannot override it. Administrators run the installation, not the peer review:
/// a manuscript under review is confidential, so they get nothing here.
pub fn may_on_submission(
    viewer: &SubmissionViewer<'_>,
    s: &SubmissionFacts,
    action: SubmissionAction,
) -> bool {
    let is_submitter = viewer.person_id == s.submitter_id;
    let submitted = s.state != SubmissionState::Draft;
    let editorial = submitted && !viewer.conflicted;
    let is_handling_editor = editorial && s.handling_editor_id == Some(viewer.person_id);
    let is_chief = editorial && is_editor_in_chief_of(viewer.roles, s.journal_id);
    // A board member hearing an appeal reads what the editor-in-chief would read.
    let is_hearer = editorial && s.appeal_hearer_id == Some(viewer.person_id);
    let author_may = |t| is_submitter && submission_state::next(s.state, t).is_ok();
    // The discussion's editors are those who read the reviews; a withdrawn submission's
    // threads stay readable and take no more messages.
    let is_confirmer = editorial
        && s.state == SubmissionState::DecisionPending
        && !is_handling_editor
        && (is_chief
            || (!s.handled_by_guest_editor && is_guest_editor_of(viewer.roles, s.collection_id)));
    let discussion_editor = is_handling_editor || is_chief || is_hearer || is_confirmer;
    let discussion_open = s.state != SubmissionState::Withdrawn;
    let discussion_author = is_submitter && submitted;
    match action {
        SubmissionAction::View => is_submitter,
        SubmissionAction::DownloadFile => {
            is_submitter || is_handling_editor || is_chief || is_hearer || is_confirmer
        }
        SubmissionAction::EditDraft => is_submitter && !submitted,
        SubmissionAction::Withdraw => author_may(Transition::Withdraw),
        SubmissionAction::ViewEditorial => {
            is_handling_editor || is_chief || is_hearer || is_confirmer
        }
        SubmissionAction::DeclareConflict => is_handling_editor,
        SubmissionAction::ManageAssignment => is_chief,
        SubmissionAction::ManageReviewers => {
            is_handling_editor
                && matches!(
                    s.state,
                    SubmissionState::Submitted | SubmissionState::UnderReview
                )
        }
        SubmissionAction::ReadReviews | SubmissionAction::RateReview => {
            is_handling_editor || is_chief || is_hearer || is_confirmer
        }
        SubmissionAction::Decide => is_handling_editor,
        SubmissionAction::Publish => {
            is_chief && submission_state::next(s.state, Transition::Publish).is_ok()
        }
        SubmissionAction::PublishCorrection => is_chief && s.state == SubmissionState::Published,
        SubmissionAction::ExportMetadata => is_chief,
        // A revised version, or the corrected manuscript after a technical return.
        SubmissionAction::Resubmit => {
            author_may(Transition::Resubmit) || author_may(Transition::SendFixes)
        }
        SubmissionAction::Appeal => author_may(Transition::Appeal),
        SubmissionAction::HearAppeal => is_hearer && s.state == SubmissionState::Appealed,
        SubmissionAction::Remind => is_handling_editor || is_chief,
        SubmissionAction::ExtendRevision => is_handling_editor,
        SubmissionAction::AskCoAuthorAgain => is_submitter && submitted && !s.state.is_final(),
        SubmissionAction::RuleOnSignal => is_chief,
        SubmissionAction::ConfirmDecision => is_confirmer,
        SubmissionAction::ReturnForFixes => {
            (is_handling_editor || is_chief)
                && submission_state::next(s.state, Transition::ReturnForFixes).is_ok()
        }
        SubmissionAction::ReadReviewersThread => discussion_editor,
        SubmissionAction::PostReviewersThread => discussion_editor && discussion_open,
        SubmissionAction::ReadAuthorsThread => discussion_editor || discussion_author,
        SubmissionAction::PostAuthorsThread => {
            (discussion_editor || discussion_author) && discussion_open
        }
    }
}

/// What the holder of a co-author's e-mailed link may do with it. The link is the only
/// credential (no account is needed), so it answers one question once and shows nothing
/// else: once answered, only that it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorshipAction {
    /// See the manuscript's number, title and author list, and answer "I am an author of
    /// this manuscript and agree to its submission" or "I am not an author".
    Answer,
}

/// The facts about one e-mailed request that decide what its link may do.
#[derive(Debug, Clone, Copy)]
pub struct AuthorshipFacts {
    pub answered: bool,
    /// Past its expiry, or replaced by a newer request.
    pub expired: bool,
    pub submission_state: SubmissionState,
}

/// Whether the holder of a co-author's link may take `action`: while it is unanswered and
/// unexpired and the submission is still with the journal (a withdrawn one needs nobody's
/// confirmation; after a decision the answer still matters to the editorial office).
pub fn may_by_authorship_link(f: &AuthorshipFacts, action: AuthorshipAction) -> bool {
    match action {
        AuthorshipAction::Answer => {
            !f.answered
                && !f.expired
                && !matches!(
                    f.submission_state,
                    SubmissionState::Draft | SubmissionState::Withdrawn
                )
        }
    }
}

/// What a reviewer may try to do with one review invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewerAction {
    /// Accept or decline.
    Respond,
    /// Declare a competing interest, or none, before the files open.
    DeclareInterest,
    /// Read the manuscript and download its files.
    ReadManuscript,
    /// Write, save and submit (or change) the review.
    WriteReview,
    /// See their own invitation and review on their pages.
    SeeOwn,
    /// By the e-mailed link alone: see the invitation with the manuscript's details and the
    /// people in it, and (someone with no password) be signed in to go on to the review.
    /// Only until the review is submitted; from then on the link shows a thank-you and the
    /// review as sent, nothing else, and it stops 30 days after the decision
    /// (`crate::domain::review::link_ends_at`).
    OpenByLink,
    /// Read the discussion between the editors and the reviewers: once their own report is
    /// sent (as in HotCRP), for as long as they keep their pages.
    ReadDiscussion,
    /// Post in it: the same, while the submission is not withdrawn.
    PostDiscussion,
}

/// The facts about a review invitation that decide what its reviewer may do.
#[derive(Debug, Clone, Copy)]
pub struct InvitationFacts {
    pub reviewer_id: i64,
    pub status: InvitationStatus,
    /// Declared no competing interest and confirmed the confidentiality statement.
    pub cleared_to_read: bool,
    pub submission_state: SubmissionState,
    /// The invitation is for the submission's current round of review.
    pub current_round: bool,
}

/// Whether anyone, signed in or not, may read what the journal published from a submission
/// in this state: its article page and PDF, its citation files, its lines in the feeds and
/// the sitemap (and those of its corrections). Only once it is published, whoever asks: the
/// public record never shows a manuscript before its publication.
pub fn public_may_read(state: SubmissionState) -> bool {
    state == SubmissionState::Published
}

/// Whether `person_id` may take `action` on the invitation described by `i`.
///
/// Only the invited person acts on an invitation. The files open only after they declare
/// no competing interest and confirm the confidentiality statement; the review can be changed until the editor decides (the
/// submission leaves "under review", or a new round starts), and never once the
/// invitation has ended. The e-mailed link is a key to the invitation only while the review
/// is being written: a signed-in reviewer keeps their pages, the link does not.
pub fn may_as_reviewer(person_id: i64, i: &InvitationFacts, action: ReviewerAction) -> bool {
    if person_id != i.reviewer_id {
        return false;
    }
    let open = !matches!(
        i.submission_state,
        SubmissionState::Withdrawn | SubmissionState::Draft
    );
    let taken_on = i.status.is_taken_on();
    match action {
        ReviewerAction::Respond => i.status == InvitationStatus::Invited && open && i.current_round,
        ReviewerAction::DeclareInterest => {
            i.status == InvitationStatus::Accepted && !i.cleared_to_read && open
        }
        ReviewerAction::ReadManuscript => taken_on && i.cleared_to_read && open,
        // Until the decision is sent: while a recommended one waits for confirmation, a late
        // review still comes in (the confirmer reads it, and the reminders keep asking).
        ReviewerAction::WriteReview => {
            taken_on
                && i.cleared_to_read
                && i.current_round
                && matches!(
                    i.submission_state,
                    SubmissionState::Submitted
                        | SubmissionState::UnderReview
                        | SubmissionState::DecisionPending
                )
        }
        ReviewerAction::SeeOwn => true,
        ReviewerAction::OpenByLink => i.status.is_live(),
        ReviewerAction::ReadDiscussion => {
            i.status == InvitationStatus::Submitted && i.submission_state != SubmissionState::Draft
        }
        ReviewerAction::PostDiscussion => i.status == InvitationStatus::Submitted && open,
    }
}

/// Whether `role` can be held in `scope` at all.
pub fn role_fits_scope(role: Role, scope: GrantScope) -> bool {
    use super::role::RoleScope;
    matches!(
        (role.scope(), scope),
        (RoleScope::Site, GrantScope::Site)
            | (RoleScope::Journal, GrantScope::Journal { .. })
            | (RoleScope::Collection, GrantScope::Collection { .. })
    )
}

#[cfg(test)]
mod confirmation_tests;
#[cfg(test)]
mod tests;
