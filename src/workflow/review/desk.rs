//! The reviewer's desk: what an e-mailed link or a signed-in reviewer reaches (and what is
//! wrong with a link that reaches nothing), the manuscript's files once they may be read,
//! the reviewer's own lists, and the account a reviewer who came by link may keep.

use diesel::QueryResult;

use crate::db::accounts::{self, Person};
use crate::db::collections::setting_of;
use crate::db::reviews::{self as store, Attachment, ReviewInvitation};
use crate::db::submissions::{self as submissions_store, Author, Submission, SubmissionFile};
use crate::db::{DbConnection, now, write_transaction};
use crate::domain::permissions::{InvitationFacts, ReviewerAction, may_as_reviewer};
use crate::domain::review::{InvitationStatus, ReminderSchedule, is_overdue, recommendation_label};
use crate::domain::submission_state::SubmissionState;
use crate::security::token::hash_token;
use crate::workflow::step;

use super::history::{RoundHistory, round_history};
use super::link::link_ended;
use super::long_date;
use super::reading::attachment_of;

/// What is wrong with a link, in words a reviewer understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    Unknown,
    Expired,
    Cancelled,
    Declined,
    ConflictDeclared,
    /// The submission was withdrawn.
    Closed,
    /// The review is in and the link has stopped working (30 days after the decision).
    Finished,
}

impl LinkProblem {
    pub fn message(self) -> &'static str {
        match self {
            LinkProblem::Unknown => {
                "This link is not valid. Check that it was copied whole from the e-mail; if it still fails, reply to the invitation e-mail."
            }
            LinkProblem::Expired => {
                "This invitation link has expired. If you still wish to help, reply to the invitation e-mail and the editor can invite you again."
            }
            LinkProblem::Cancelled => {
                "This invitation was cancelled by the editor, so the link no longer works. Nothing more is needed from you."
            }
            LinkProblem::Declined => {
                "You declined this invitation. Thank you for letting the editor know; nothing more is needed from you."
            }
            LinkProblem::ConflictDeclared => {
                "You declared a competing interest with this manuscript, so the invitation ended. Thank you; nothing more is needed from you."
            }
            LinkProblem::Closed => {
                "The authors withdrew this submission, so no review is needed. Thank you for your time."
            }
            LinkProblem::Finished => {
                "Thank you for your review; the editor has it. This link no longer opens it: a reviewer's link stops working 30 days after the editor's decision, or sooner when it expires. If you keep an account here, your reviews are listed under My reviews once you sign in."
            }
        }
    }
}

/// Who is acting on an invitation: the holder of a secret link, or a signed-in person.
#[derive(Debug, Clone)]
pub enum Credential {
    Link(String),
    Person { person_id: i64, invitation_id: i64 },
}

/// An invitation as its reviewer sees it.
#[derive(Debug, Clone)]
pub struct ReviewerView {
    pub inv: ReviewInvitation,
    pub status: InvitationStatus,
    pub s: Submission,
    pub reviewer: Person,
    pub has_password: bool,
    pub collection: String,
    pub journal: String,
    pub editor: String,
    /// `None` under double-blind review.
    pub authors: Option<Vec<Author>>,
    pub topics: Vec<String>,
    /// The files of the round under review; empty until they may be read.
    pub files: Vec<submissions_store::SubmissionFile>,
    /// For a later round, the files of the rounds before it, newest round first, beside
    /// the new ones; empty until they may be read.
    pub earlier_files: Vec<submissions_store::SubmissionFile>,
    /// For a later round: what the authors changed in the title, abstract, keywords (and,
    /// unless the review is double-blind, the authors and declarations), round by round up
    /// to the one under review, newest first.
    pub changes: Vec<crate::domain::revision_diff::RoundChanges>,
    pub may_respond: bool,
    pub may_declare: bool,
    pub may_read: bool,
    pub may_write: bool,
    pub overdue: bool,
    /// When the reviewer is reminded (the collection's schedule), in one sentence.
    pub reminders: String,
    /// For a reviewer of round 2 or later who may read the manuscript: what the earlier
    /// rounds left (empty otherwise).
    pub history: RoundHistory,
    /// They reviewed an earlier round: the form asks whether their comments were addressed.
    pub re_review: bool,
    /// Once their report is sent: the discussion with the editors and the other reviewers,
    /// as (messages, new to them since their last visit).
    pub discussion: Option<(usize, usize)>,
    /// The version of the collection's form the review answers (`None`: today's form), and
    /// the answers saved so far.
    pub form: Option<crate::db::review_forms::FormVersion>,
    pub answers: crate::domain::review::questions::Answers,
}

impl ReviewerView {
    pub fn due(&self) -> String {
        long_date(self.inv.due_on)
    }

    pub fn recommendation_label(&self) -> &'static str {
        recommendation_label(&self.inv.recommendation)
    }

    /// The questions of the collection's form this review answers (none under today's).
    pub fn questions(&self) -> &[crate::domain::review::questions::Question] {
        self.form
            .as_ref()
            .map_or(&[][..], |f| f.questions.as_slice())
    }

    /// The answers saved, as the review shows them.
    pub fn answered(&self) -> Vec<crate::domain::review::questions::AnswerLine> {
        crate::domain::review::questions::answer_lines(self.questions(), &self.answers)
    }

    /// A re-reviewer's answer to "Have the authors addressed your earlier comments?".
    pub fn earlier_comments(&self) -> Option<crate::domain::review::EarlierComments> {
        crate::domain::review::EarlierComments::parse(&self.inv.earlier_comments_addressed)
    }
}

/// Whether the reviewer `person_id` may take `action` on `inv` of `s` now.
pub fn reviewer_may(
    person_id: i64,
    inv: &ReviewInvitation,
    s: &Submission,
    action: ReviewerAction,
) -> bool {
    may_as_reviewer(person_id, &facts_of(inv, s), action)
}

fn facts_of(inv: &ReviewInvitation, s: &Submission) -> InvitationFacts {
    InvitationFacts {
        reviewer_id: inv.reviewer_id,
        status: inv.status(),
        // A review sent before the confidentiality statement existed keeps its access.
        cleared_to_read: inv.no_conflict_declared_at.is_some()
            && (inv.confidentiality_confirmed_at.is_some() || inv.review_submitted_at.is_some()),
        submission_state: s.state(),
        current_round: inv.round == s.current_round,
    }
}

/// The invitation a credential leads to, or what is wrong with it. A link works only while
/// the invitation is live or its review is in, and before it ends (its expiry, or 30 days
/// after the decision: `link::link_ended`); a signed-in person reaches only their own
/// invitations (anything else is "not found").
pub(super) fn resolve(
    conn: &mut DbConnection,
    cred: &Credential,
) -> QueryResult<std::result::Result<(ReviewInvitation, Submission), LinkProblem>> {
    let inv = match cred {
        Credential::Link(raw) => store::find_by_token_hash(conn, &hash_token(raw))?,
        Credential::Person {
            person_id,
            invitation_id,
        } => store::find(conn, *invitation_id)?.filter(|i| i.reviewer_id == *person_id),
    };
    let Some(inv) = inv else {
        return Ok(Err(LinkProblem::Unknown));
    };
    let Some(s) = submissions_store::find(conn, inv.submission_id)? else {
        return Ok(Err(LinkProblem::Unknown));
    };
    let by_link = matches!(cred, Credential::Link(_));
    match inv.status() {
        InvitationStatus::Cancelled if s.state() == SubmissionState::Withdrawn => {
            return Ok(Err(LinkProblem::Closed));
        }
        InvitationStatus::Cancelled => return Ok(Err(LinkProblem::Cancelled)),
        InvitationStatus::Declined => return Ok(Err(LinkProblem::Declined)),
        InvitationStatus::ConflictDeclared => return Ok(Err(LinkProblem::ConflictDeclared)),
        _ => {}
    }
    if by_link && link_ended(conn, &inv, &s)? {
        return Ok(Err(match inv.status() {
            InvitationStatus::Submitted => LinkProblem::Finished,
            _ => LinkProblem::Expired,
        }));
    }
    Ok(Ok((inv, s)))
}

/// A signed-in reviewer's own invitation with its submission, when [`resolve`] lets them
/// reach it.
pub(super) fn own_invitation(
    conn: &mut DbConnection,
    person_id: i64,
    invitation_id: i64,
) -> QueryResult<Option<(ReviewInvitation, Submission)>> {
    let cred = Credential::Person {
        person_id,
        invitation_id,
    };
    Ok(resolve(conn, &cred)?.ok())
}

/// Loads what a signed-in reviewer sees of their invitation (a link reaches it through
/// `link::view_by_link`, which shows less once the review is in).
pub fn view(
    conn: &mut DbConnection,
    person_id: i64,
    invitation_id: i64,
    site_schedule: &ReminderSchedule,
) -> QueryResult<std::result::Result<ReviewerView, LinkProblem>> {
    let cred = Credential::Person {
        person_id,
        invitation_id,
    };
    let (inv, s) = match resolve(conn, &cred)? {
        Ok(found) => found,
        Err(p) => return Ok(Err(p)),
    };
    view_of(conn, inv, s, site_schedule)
}

/// The files of the round under review, and those of the rounds before it (newest round
/// first) for a later round's reviewer to set beside them.
fn files_by_round(
    conn: &mut DbConnection,
    s: &Submission,
    inv: &ReviewInvitation,
) -> QueryResult<(Vec<SubmissionFile>, Vec<SubmissionFile>)> {
    let all = submissions_store::files_of(conn, s.id)?;
    let mut earlier: Vec<SubmissionFile> = all
        .iter()
        .filter(|f| f.round < inv.round)
        .cloned()
        .collect();
    earlier.sort_by_key(|f| std::cmp::Reverse(f.round));
    let now = all.into_iter().filter(|f| f.round == inv.round).collect();
    Ok((now, earlier))
}

/// What changed up to the round under review, as the blinding lets its reviewer read it.
fn changes_for_reviewer(
    conn: &mut DbConnection,
    s: &Submission,
    inv: &ReviewInvitation,
    double_blind: bool,
) -> QueryResult<Vec<crate::domain::revision_diff::RoundChanges>> {
    let mut rounds = crate::db::round_metadata::what_changed(conn, s.id)?;
    rounds.retain(|r| r.round <= inv.round);
    if double_blind {
        for r in &mut rounds {
            let all = std::mem::take(&mut r.changes);
            r.changes = crate::domain::revision_diff::for_blinded_reviewer(all);
            r.blinded = true;
        }
    }
    Ok(rounds)
}

/// The reviewer's view of an invitation they reach. Changes nothing.
pub(super) fn view_of(
    conn: &mut DbConnection,
    inv: ReviewInvitation,
    s: Submission,
    site_schedule: &ReminderSchedule,
) -> QueryResult<std::result::Result<ReviewerView, LinkProblem>> {
    let Some(reviewer) = accounts::find_person(conn, inv.reviewer_id)? else {
        return Ok(Err(LinkProblem::Unknown));
    };
    let facts = facts_of(&inv, &s);
    let may = |a| may_as_reviewer(reviewer.id, &facts, a);
    let (collection, journal, double_blind) = setting_of(conn, &s)?;
    let may_read = may(ReviewerAction::ReadManuscript);
    let (files, earlier_files) = if may_read {
        files_by_round(conn, &s, &inv)?
    } else {
        (Vec::new(), Vec::new())
    };
    // The earlier rounds open with the files: after the declaration, to this reviewer only.
    let (history, changes) = if may_read {
        (
            round_history(conn, &s, &inv, double_blind)?,
            changes_for_reviewer(conn, &s, &inv, double_blind)?,
        )
    } else {
        (RoundHistory::default(), Vec::new())
    };
    let (form, answers) = super::form_versions::form_of(conn, &inv, s.collection_id, None)?;
    Ok(Ok(ReviewerView {
        form,
        answers,
        status: inv.status(),
        has_password: accounts::find_account(conn, reviewer.id)?.is_some(),
        collection: collection.title,
        journal,
        editor: step::handling_editor(conn, &s)?
            .map(|p| p.name)
            .unwrap_or_default(),
        authors: if double_blind {
            None
        } else {
            Some(submissions_store::authors_of(conn, s.id)?)
        },
        topics: submissions_store::topics_of(conn, s.id)?,
        files,
        earlier_files,
        changes,
        may_respond: may(ReviewerAction::Respond),
        may_declare: may(ReviewerAction::DeclareInterest),
        may_read,
        may_write: may(ReviewerAction::WriteReview),
        overdue: is_overdue(inv.status(), inv.due_on, now().date()),
        reminders: crate::db::deadlines::settings_of(conn, s.collection_id)?
            .0
            .review_schedule(site_schedule)
            .for_reviewer_in_words(),
        history,
        re_review: super::history::reviewed_earlier(conn, &inv)?,
        discussion: if may(ReviewerAction::ReadDiscussion) {
            let thread = crate::domain::discussion::Thread::Reviewers;
            Some(crate::db::discussion::counts(
                conn,
                reviewer.id,
                s.id,
                thread,
            )?)
        } else {
            None
        },
        reviewer,
        inv,
        s,
    }))
}

/// The file attached to a reviewer's own review, for them to download.
pub fn own_attachment(
    conn: &mut DbConnection,
    person_id: i64,
    invitation_id: i64,
) -> QueryResult<Option<Attachment>> {
    Ok(store::find(conn, invitation_id)?
        .filter(|i| i.reviewer_id == person_id && i.status().is_taken_on())
        .and_then(attachment_of))
}

/// A manuscript file of the reviewed round or an earlier one, for a reviewer who may read it.
pub fn file_for_reviewer(
    conn: &mut DbConnection,
    person_id: i64,
    invitation_id: i64,
    file_id: i64,
) -> QueryResult<Option<(submissions_store::SubmissionFile, bool)>> {
    let Some((inv, s)) = own_invitation(conn, person_id, invitation_id)? else {
        return Ok(None);
    };
    if !reviewer_may(person_id, &inv, &s, ReviewerAction::ReadManuscript) {
        return Ok(None);
    }
    let (_, _, double_blind) = setting_of(conn, &s)?;
    Ok(submissions_store::files_of(conn, s.id)?
        .into_iter()
        // A later round's reviewer sets the earlier versions beside the new one.
        .find(|f| f.id == file_id && f.round <= inv.round)
        .map(|f| (f, double_blind)))
}

/// Why a reviewer's account was not created.
#[derive(Debug)]
pub enum AccountRefused {
    /// The password does not meet the policy; the message says why.
    Password(&'static str),
    Failed(anyhow::Error),
}

/// A token-only reviewer keeps their history as an account by choosing a password. The
/// links they came by proved the address, so it counts as confirmed. `Ok(false)` when they
/// already have an account.
pub fn create_account(
    conn: &mut DbConnection,
    person: &Person,
    password: &str,
) -> std::result::Result<bool, AccountRefused> {
    crate::domain::password_policy::check_new_password(password, &person.email)
        .map_err(AccountRefused::Password)?;
    let hash = crate::security::password::hash_password(password)
        .map_err(|e| AccountRefused::Failed(anyhow::anyhow!("{e:?}")))?;
    write_transaction(conn, |conn| -> QueryResult<bool> {
        if accounts::find_account(conn, person.id)?.is_some() {
            return Ok(false);
        }
        accounts::insert_account(conn, person.id, &hash, Some(now()))?;
        Ok(true)
    })
    .map_err(|e| AccountRefused::Failed(e.into()))
}

/// Signs in, by their invitation link, a reviewer who has no password (the link proved the
/// address) and who has accepted and is still writing the review. Someone with a password
/// (who may hold editorial roles) is never signed in by a link, and nobody is once the
/// review is in; `None` then. Returns the session token for the cookie.
pub fn start_link_session(
    conn: &mut DbConnection,
    token: &str,
    device: &str,
) -> QueryResult<Option<String>> {
    let Ok((inv, s)) = resolve(conn, &Credential::Link(token.to_owned()))? else {
        return Ok(None);
    };
    let person_id = inv.reviewer_id;
    let writing = inv.status() == InvitationStatus::Accepted
        && reviewer_may(person_id, &inv, &s, ReviewerAction::OpenByLink);
    if !writing || accounts::find_account(conn, person_id)?.is_some() {
        return Ok(None);
    }
    crate::workflow::sessions::open(conn, person_id, false, device).map(Some)
}

/// One line of a reviewer's own pages.
#[derive(Debug, Clone)]
pub struct ReviewerLine {
    pub inv: ReviewInvitation,
    pub status: InvitationStatus,
    pub number: String,
    pub title: String,
    pub overdue: bool,
}

impl ReviewerLine {
    pub fn due(&self) -> String {
        long_date(self.inv.due_on)
    }
}

/// Invitations waiting for an answer, reviews in progress, and everything past.
pub struct ReviewerLists {
    pub invitations: Vec<ReviewerLine>,
    pub in_progress: Vec<ReviewerLine>,
    pub past: Vec<ReviewerLine>,
}

pub fn reviewer_lists(conn: &mut DbConnection, person_id: i64) -> QueryResult<ReviewerLists> {
    let today = now().date();
    let mut out = ReviewerLists {
        invitations: Vec::new(),
        in_progress: Vec::new(),
        past: Vec::new(),
    };
    for inv in store::of_reviewer(conn, person_id)? {
        let Some(s) = submissions_store::find(conn, inv.submission_id)? else {
            continue;
        };
        let status = inv.status();
        let line = ReviewerLine {
            overdue: is_overdue(status, inv.due_on, today),
            number: s.number_or_draft().to_owned(),
            title: s.title.clone(),
            status,
            inv,
        };
        match status {
            InvitationStatus::Invited if s.state() != SubmissionState::Withdrawn => {
                out.invitations.push(line);
            }
            InvitationStatus::Accepted => out.in_progress.push(line),
            _ => out.past.push(line),
        }
    }
    Ok(out)
}
