//! Review invitations and the reviews written under them, and the reminders sent about them.
//! Every status change is conditional on the status it leaves, so two clicks (or a click and
//! an editor's cancellation) cannot both win.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{
    outbox, outbox_attempts, review_declines as rd, review_invitations as ri, review_reminders,
    review_tokens,
};
use super::{DbConnection, now};
use crate::domain::review::{
    InvitationStatus, NumberingFacts, ReminderKind, ReviewContent, ReviewerNumbers,
};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ri)]
pub struct ReviewInvitation {
    pub id: i64,
    pub submission_id: i64,
    pub round: i32,
    pub reviewer_id: i64,
    pub invited_by: Option<i64>,
    pub message: String,
    pub due_on: NaiveDate,
    pub status: String,
    pub links_expire_at: NaiveDateTime,
    pub decline_reason: String,
    pub suggested_alternative: String,
    pub ended_reason: String,
    pub no_conflict_declared_at: Option<NaiveDateTime>,
    pub invited_at: NaiveDateTime,
    pub responded_at: Option<NaiveDateTime>,
    pub ended_at: Option<NaiveDateTime>,
    pub recommendation: String,
    pub comments_to_authors: String,
    pub confidential_comments: String,
    pub attachment_sha256: Option<String>,
    pub attachment_name: Option<String>,
    pub attachment_type: Option<String>,
    pub attachment_size: Option<i64>,
    pub review_saved_at: Option<NaiveDateTime>,
    pub review_submitted_at: Option<NaiveDateTime>,
    /// When the reviewer confirmed the confidentiality statement (with their declaration).
    pub confidentiality_confirmed_at: Option<NaiveDateTime>,
    /// How the editor found the reviewer (`domain::reviewer_identity::FoundBy`), empty for
    /// invitations from before it was recorded.
    pub found_by: String,
    /// The identity signals shown when they were invited, one per line.
    pub identity_signals: String,
    /// A re-reviewer's answer: `EarlierComments::as_str`, or empty.
    pub earlier_comments_addressed: String,
}

impl ReviewInvitation {
    pub fn status(&self) -> InvitationStatus {
        self.status.parse().unwrap_or(InvitationStatus::Cancelled)
    }
}

pub struct NewInvitation<'a> {
    pub submission_id: i64,
    pub round: i32,
    pub reviewer_id: i64,
    pub invited_by: i64,
    pub message: &'a str,
    pub due_on: NaiveDate,
    pub links_expire_at: NaiveDateTime,
    pub found_by: &'a str,
    /// One per line.
    pub identity_signals: &'a str,
}

pub fn insert(conn: &mut DbConnection, n: &NewInvitation<'_>) -> QueryResult<i64> {
    diesel::insert_into(ri::table)
        .values((
            ri::submission_id.eq(n.submission_id),
            ri::round.eq(n.round),
            ri::reviewer_id.eq(n.reviewer_id),
            ri::invited_by.eq(Some(n.invited_by)),
            ri::message.eq(n.message),
            ri::due_on.eq(n.due_on),
            ri::status.eq(InvitationStatus::Invited.as_str()),
            ri::links_expire_at.eq(n.links_expire_at),
            ri::invited_at.eq(now()),
            ri::found_by.eq(n.found_by),
            ri::identity_signals.eq(n.identity_signals),
        ))
        .returning(ri::id)
        .get_result(conn)
}

pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<ReviewInvitation>> {
    ri::table
        .find(id)
        .select(ReviewInvitation::as_select())
        .first(conn)
        .optional()
}

/// Records a new secret link to an invitation (its hash).
pub fn add_token(conn: &mut DbConnection, invitation_id: i64, token_hash: &str) -> QueryResult<()> {
    diesel::insert_into(review_tokens::table)
        .values((
            review_tokens::invitation_id.eq(invitation_id),
            review_tokens::token_hash.eq(token_hash),
            review_tokens::created_at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The invitation a secret link leads to, whatever its status or expiry (the caller says
/// what is wrong with it).
pub fn find_by_token_hash(
    conn: &mut DbConnection,
    token_hash: &str,
) -> QueryResult<Option<ReviewInvitation>> {
    review_tokens::table
        .inner_join(ri::table)
        .filter(review_tokens::token_hash.eq(token_hash))
        .select(ReviewInvitation::as_select())
        .first(conn)
        .optional()
}

/// Every invitation of a submission, every round, in the order they were sent.
pub fn of_submission(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Vec<ReviewInvitation>> {
    ri::table
        .filter(ri::submission_id.eq(submission_id))
        .order(ri::id)
        .select(ReviewInvitation::as_select())
        .load(conn)
}

/// Every invitation a person has had, newest first.
pub fn of_reviewer(conn: &mut DbConnection, person_id: i64) -> QueryResult<Vec<ReviewInvitation>> {
    ri::table
        .filter(ri::reviewer_id.eq(person_id))
        .order(ri::id.desc())
        .select(ReviewInvitation::as_select())
        .load(conn)
}

fn statuses(list: &[InvitationStatus]) -> Vec<&'static str> {
    list.iter().map(|s| s.as_str()).collect()
}

/// Moves an invitation from one of `from` to `to`, with the columns the move sets. False
/// when it was no longer in one of `from` (someone else acted first).
macro_rules! move_status {
    ($conn:expr, $id:expr, $from:expr, $to:expr, $($set:expr),* $(,)?) => {
        diesel::update(
            ri::table
                .find($id)
                .filter(ri::status.eq_any(statuses($from))),
        )
        .set((ri::status.eq($to.as_str()), $($set),*))
        .execute($conn)
        .map(|n| n == 1)
    };
}

pub fn accept(conn: &mut DbConnection, id: i64) -> QueryResult<bool> {
    move_status!(
        conn,
        id,
        &[InvitationStatus::Invited],
        InvitationStatus::Accepted,
        ri::responded_at.eq(Some(now()))
    )
}

pub fn decline(
    conn: &mut DbConnection,
    id: i64,
    d: &crate::domain::review::Decline,
) -> QueryResult<bool> {
    let (name, email) = d.suggested.clone().unwrap_or_default();
    let moved = move_status!(
        conn,
        id,
        &[InvitationStatus::Invited],
        InvitationStatus::Declined,
        ri::responded_at.eq(Some(now())),
        ri::ended_at.eq(Some(now())),
        ri::decline_reason.eq(&d.reason),
        ri::suggested_alternative.eq(&d.why_them),
    )?;
    if moved {
        diesel::insert_into(rd::table)
            .values((
                rd::invitation_id.eq(id),
                rd::kind.eq(d.kind.as_str()),
                rd::suggested_name.eq(name),
                rd::suggested_email.eq(email),
                rd::proposed_due_on.eq(d.proposed_due_on),
            ))
            .execute(conn)?;
    }
    Ok(moved)
}

/// What a decliner chose, suggested and offered (declines since migration 42).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rd)]
pub struct DeclineDetails {
    pub invitation_id: i64,
    pub kind: String,
    pub suggested_name: String,
    pub suggested_email: String,
    pub proposed_due_on: Option<NaiveDate>,
    /// '', accepted or refused.
    pub proposal_answer: String,
}

pub fn decline_details(
    conn: &mut DbConnection,
    invitation_id: i64,
) -> QueryResult<Option<DeclineDetails>> {
    rd::table
        .find(invitation_id)
        .select(DeclineDetails::as_select())
        .first(conn)
        .optional()
}

/// The editor takes up a declined invitation's later date: it is accepted again, due then.
pub fn accept_proposed_date(
    conn: &mut DbConnection,
    id: i64,
    due_on: NaiveDate,
    links_expire_at: NaiveDateTime,
) -> QueryResult<bool> {
    if !answer_proposal(conn, id, "accepted")? {
        return Ok(false);
    }
    move_status!(
        conn,
        id,
        &[InvitationStatus::Declined],
        InvitationStatus::Accepted,
        ri::due_on.eq(due_on),
        ri::links_expire_at.eq(links_expire_at),
        ri::ended_at.eq(None::<NaiveDateTime>),
    )
}

/// Records the editor's answer to a later date, once.
pub fn answer_proposal(conn: &mut DbConnection, id: i64, answer: &str) -> QueryResult<bool> {
    diesel::update(
        rd::table
            .find(id)
            .filter(rd::proposed_due_on.is_not_null())
            .filter(rd::proposal_answer.eq("")),
    )
    .set(rd::proposal_answer.eq(answer))
    .execute(conn)
    .map(|n| n == 1)
}

/// Ends a live invitation (the editor cancels it, or the submission was withdrawn).
pub fn cancel(conn: &mut DbConnection, id: i64, reason: &str) -> QueryResult<bool> {
    move_status!(
        conn,
        id,
        &[InvitationStatus::Invited, InvitationStatus::Accepted],
        InvitationStatus::Cancelled,
        ri::ended_at.eq(Some(now())),
        ri::ended_reason.eq(reason),
    )
}

/// The reviewer declared a competing interest: the invitation ends.
pub fn end_for_conflict(conn: &mut DbConnection, id: i64, statement: &str) -> QueryResult<bool> {
    move_status!(
        conn,
        id,
        &[InvitationStatus::Accepted],
        InvitationStatus::ConflictDeclared,
        ri::ended_at.eq(Some(now())),
        ri::ended_reason.eq(statement),
    )
}

/// No competing interest, and the confidentiality statement confirmed: the files open. (An
/// invitation declared before the statement existed confirms it now.)
pub fn declare_no_conflict(conn: &mut DbConnection, id: i64) -> QueryResult<bool> {
    let at = now();
    diesel::update(
        ri::table
            .find(id)
            .filter(ri::status.eq(InvitationStatus::Accepted.as_str()))
            .filter(
                ri::no_conflict_declared_at
                    .is_null()
                    .or(ri::confidentiality_confirmed_at.is_null()),
            ),
    )
    .set((
        ri::no_conflict_declared_at.eq(Some(at)),
        ri::confidentiality_confirmed_at.eq(Some(at)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// A file attached to a review, already in the file store.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub sha256: String,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

/// Writes the review's content (and its attachment, when a new one was uploaded) while the
/// reviewer holds the review. False when the invitation is no longer theirs to write.
pub fn save_review(
    conn: &mut DbConnection,
    id: i64,
    c: &ReviewContent,
    attachment: Option<&Attachment>,
) -> QueryResult<bool> {
    let target = ri::table.find(id).filter(ri::status.eq_any(statuses(&[
        InvitationStatus::Accepted,
        InvitationStatus::Submitted,
    ])));
    let n = diesel::update(target)
        .set((
            ri::recommendation.eq(c.recommendation.map_or("", |r| r.as_str())),
            ri::comments_to_authors.eq(&c.comments_to_authors),
            ri::confidential_comments.eq(&c.confidential_comments),
            ri::earlier_comments_addressed.eq(c.earlier_comments.map_or("", |e| e.as_str())),
            ri::review_saved_at.eq(Some(now())),
        ))
        .execute(conn)?;
    if n == 1
        && let Some(a) = attachment
    {
        diesel::update(ri::table.find(id))
            .set((
                ri::attachment_sha256.eq(Some(&a.sha256)),
                ri::attachment_name.eq(Some(&a.name)),
                ri::attachment_type.eq(Some(&a.content_type)),
                ri::attachment_size.eq(Some(a.size)),
            ))
            .execute(conn)?;
    }
    Ok(n == 1)
}

/// accepted → submitted, the first time the review is sent. False when it already was.
pub fn mark_submitted(conn: &mut DbConnection, id: i64) -> QueryResult<bool> {
    move_status!(
        conn,
        id,
        &[InvitationStatus::Accepted],
        InvitationStatus::Submitted,
        ri::review_submitted_at.eq(Some(now())),
    )
}

/// Whether a review file is still referred to by any review (before removing it from disk).
pub fn attachment_in_use(conn: &mut DbConnection, sha256: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        ri::table.filter(ri::attachment_sha256.eq(sha256)),
    ))
    .get_result(conn)
}

/// A reviewer's current load, shown to an editor choosing reviewers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewerLoad {
    /// Reviews accepted and not yet in.
    pub open_reviews: i64,
    /// Invitations not yet answered.
    pub open_invitations: i64,
    /// Invitations declined in the last 90 days.
    pub recent_declines: i64,
    /// When their last review came in.
    pub last_finished: Option<NaiveDateTime>,
}

pub fn load_of(conn: &mut DbConnection, person_id: i64) -> QueryResult<ReviewerLoad> {
    let open_reviews = ri::table
        .filter(ri::reviewer_id.eq(person_id))
        .filter(ri::status.eq(InvitationStatus::Accepted.as_str()))
        .count()
        .get_result(conn)?;
    let open_invitations = ri::table
        .filter(ri::reviewer_id.eq(person_id))
        .filter(ri::status.eq(InvitationStatus::Invited.as_str()))
        .count()
        .get_result(conn)?;
    let recent_declines = ri::table
        .filter(ri::reviewer_id.eq(person_id))
        .filter(ri::status.eq(InvitationStatus::Declined.as_str()))
        .filter(ri::responded_at.ge(now() - chrono::Duration::days(90)))
        .count()
        .get_result(conn)?;
    let last_finished = ri::table
        .filter(ri::reviewer_id.eq(person_id))
        .select(diesel::dsl::max(ri::review_submitted_at))
        .first::<Option<NaiveDateTime>>(conn)?;
    Ok(ReviewerLoad {
        open_reviews,
        open_invitations,
        recent_declines,
        last_finished,
    })
}

// ---- Reminders -------------------------------------------------------------------------

/// Every invitation that may need a reminder.
pub fn live(conn: &mut DbConnection) -> QueryResult<Vec<ReviewInvitation>> {
    ri::table
        .filter(ri::status.eq_any(statuses(&[
            InvitationStatus::Invited,
            InvitationStatus::Accepted,
        ])))
        .order(ri::id)
        .select(ReviewInvitation::as_select())
        .load(conn)
}

fn reminder_kind(stored: &str) -> Option<ReminderKind> {
    ReminderKind::parse(stored)
}

pub fn reminders_sent(
    conn: &mut DbConnection,
    invitation_id: i64,
) -> QueryResult<Vec<(ReminderKind, i32)>> {
    let rows: Vec<(String, i32)> = review_reminders::table
        .filter(review_reminders::invitation_id.eq(invitation_id))
        .select((review_reminders::kind, review_reminders::step))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(k, s)| reminder_kind(&k).map(|k| (k, s)))
        .collect())
}

/// The reminders sent for many invitations at once (one query per 500), so the worker's
/// round costs two queries however many invitations are live.
pub fn reminders_sent_for(
    conn: &mut DbConnection,
    invitation_ids: &[i64],
) -> QueryResult<std::collections::HashMap<i64, Vec<(ReminderKind, i32)>>> {
    let mut out: std::collections::HashMap<i64, Vec<(ReminderKind, i32)>> =
        std::collections::HashMap::new();
    for chunk in invitation_ids.chunks(500) {
        let rows: Vec<(i64, String, i32)> = review_reminders::table
            .filter(review_reminders::invitation_id.eq_any(chunk))
            .select((
                review_reminders::invitation_id,
                review_reminders::kind,
                review_reminders::step,
            ))
            .load(conn)?;
        for (id, k, step) in rows {
            if let Some(k) = reminder_kind(&k) {
                out.entry(id).or_default().push((k, step));
            }
        }
    }
    Ok(out)
}

pub fn record_reminder(
    conn: &mut DbConnection,
    invitation_id: i64,
    kind: ReminderKind,
    step: i32,
    outbox_id: i64,
) -> QueryResult<()> {
    diesel::insert_into(review_reminders::table)
        .values((
            review_reminders::invitation_id.eq(invitation_id),
            review_reminders::kind.eq(kind.as_str()),
            review_reminders::step.eq(step),
            review_reminders::queued_at.eq(now()),
            review_reminders::outbox_id.eq(Some(outbox_id)),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Takes back the reminders of an invitation that are still waiting in the outbox (the
/// schedule's and those sent by hand), so none goes out after the invitation ended. Returns
/// how many were withdrawn.
pub fn withdraw_unsent_reminders(
    conn: &mut DbConnection,
    invitation_id: i64,
) -> QueryResult<usize> {
    let ids: Vec<i64> = review_reminders::table
        .filter(review_reminders::invitation_id.eq(invitation_id))
        .filter(review_reminders::outbox_id.is_not_null())
        .select(review_reminders::outbox_id.assume_not_null())
        .load(conn)?;
    let mut unsent: Vec<i64> = outbox::table
        .filter(outbox::id.eq_any(&ids))
        .filter(outbox::status.eq_any([super::outbox::QUEUED, super::outbox::HELD]))
        .select(outbox::id)
        .load(conn)?;
    diesel::update(review_reminders::table.filter(review_reminders::outbox_id.eq_any(&unsent)))
        .set(review_reminders::outbox_id.eq(None::<i64>))
        .execute(conn)?;
    unsent.extend(super::deadlines::unsent_by_hand_about(conn, invitation_id)?);
    if unsent.is_empty() {
        return Ok(0);
    }
    diesel::delete(outbox_attempts::table.filter(outbox_attempts::outbox_id.eq_any(&unsent)))
        .execute(conn)?;
    diesel::delete(outbox::table.filter(outbox::id.eq_any(&unsent))).execute(conn)
}

/// The reviewers' numbers on a submission, from all its invitations (every round): the one
/// numbering the letter, the editor's pages and e-mails and the reviewers' desks use (the
/// rule is [`ReviewerNumbers`]'s: in the order they first agreed to review).
pub fn reviewer_numbers(invitations: &[ReviewInvitation]) -> ReviewerNumbers {
    let facts: Vec<NumberingFacts> = invitations
        .iter()
        .map(|i| NumberingFacts {
            invitation_id: i.id,
            reviewer_id: i.reviewer_id,
            status: i.status(),
            invited_at: i.invited_at,
            responded_at: i.responded_at,
        })
        .collect();
    ReviewerNumbers::new(&facts)
}
