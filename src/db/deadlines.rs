//! Deadlines as stored (issue 18): each collection's deadline settings, the dates revised
//! versions are due, the authors' reminders about them, the reminders editors send by hand
//! ("Remind now"), and what the outbox says of every reminder.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{
    collection_deadlines as cd, outbox, people, reminders_by_hand as rbh, review_reminders,
    revision_deadlines as rd, revision_reminders as rr, submissions,
};
use super::{DbConnection, LOOKUP_CHUNK, now};
use crate::domain::deadlines::{Awaited, DeadlineSettings, revision_reminders_from};
use crate::domain::review::{ReminderKind, ReminderSchedule};
use crate::domain::submission_state::SubmissionState;

// ---- A collection's settings --------------------------------------------------------------

type SettingsRow = (i32, i32, Option<String>, String, NaiveDateTime, i32, i32);

fn settings_from(row: SettingsRow) -> DeadlineSettings {
    let (minor, major, review, revision, _, fast, wanted) = row;
    DeadlineSettings {
        minor_revision_days: minor,
        fast_review_hours: fast,
        reviewers_wanted: wanted,
        major_revision_days: major,
        // A stored schedule that does not read (never written by this code) follows the site.
        review_reminders: review.and_then(|r| ReminderSchedule::parse(&r).ok()),
        revision_reminders: revision_reminders_from(&revision),
    }
}

fn settings_columns() -> (
    cd::minor_revision_days,
    cd::major_revision_days,
    cd::review_reminders,
    cd::revision_reminders,
    cd::updated_at,
    cd::fast_review_hours,
    cd::reviewers_wanted,
) {
    (
        cd::minor_revision_days,
        cd::major_revision_days,
        cd::review_reminders,
        cd::revision_reminders,
        cd::updated_at,
        cd::fast_review_hours,
        cd::reviewers_wanted,
    )
}

/// A collection's deadline settings, and when they were last saved (`None`: never, so the
/// defaults apply).
pub fn settings_of(
    conn: &mut DbConnection,
    collection_id: i64,
) -> QueryResult<(DeadlineSettings, Option<NaiveDateTime>)> {
    let row: Option<SettingsRow> = cd::table
        .find(collection_id)
        .select(settings_columns())
        .first(conn)
        .optional()?;
    Ok(match row {
        Some(row) => {
            let at = row.4;
            (settings_from(row), Some(at))
        }
        None => (DeadlineSettings::default(), None),
    })
}

/// The deadline settings of the collections of `submission_ids`, by submission.
pub fn settings_by_submission(
    conn: &mut DbConnection,
    submission_ids: &[i64],
) -> QueryResult<HashMap<i64, DeadlineSettings>> {
    let mut out = HashMap::new();
    for chunk in submission_ids.chunks(LOOKUP_CHUNK) {
        let rows: Vec<(i64, Option<SettingsRow>)> = submissions::table
            .left_join(cd::table.on(cd::collection_id.eq(submissions::collection_id)))
            .filter(submissions::id.eq_any(chunk))
            .select((
                submissions::id,
                (
                    cd::minor_revision_days,
                    cd::major_revision_days,
                    cd::review_reminders,
                    cd::revision_reminders,
                    cd::updated_at,
                    cd::fast_review_hours,
                    cd::reviewers_wanted,
                )
                    .nullable(),
            ))
            .load(conn)?;
        for (id, row) in rows {
            out.insert(id, row.map(settings_from).unwrap_or_default());
        }
    }
    Ok(out)
}

/// Saves a collection's deadline settings; returns their new version.
pub fn save_settings(
    conn: &mut DbConnection,
    collection_id: i64,
    s: &DeadlineSettings,
    by: i64,
) -> QueryResult<NaiveDateTime> {
    let at = now();
    let review = s.review_reminders.as_ref().map(ReminderSchedule::setting);
    let revision = s.revision_reminders.setting();
    let values = (
        cd::minor_revision_days.eq(s.minor_revision_days),
        cd::major_revision_days.eq(s.major_revision_days),
        cd::review_reminders.eq(review.as_deref()),
        cd::revision_reminders.eq(&revision),
        cd::fast_review_hours.eq(s.fast_review_hours),
        cd::reviewers_wanted.eq(s.reviewers_wanted),
        cd::updated_at.eq(at),
        cd::updated_by.eq(Some(by)),
    );
    let changed = diesel::update(cd::table.find(collection_id))
        .set(values)
        .execute(conn)?;
    if changed == 0 {
        diesel::insert_into(cd::table)
            .values((cd::collection_id.eq(collection_id), values))
            .execute(conn)?;
    }
    Ok(at)
}

// ---- When revised versions are due ---------------------------------------------------------

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rd)]
pub struct RevisionDeadline {
    pub id: i64,
    pub submission_id: i64,
    /// The round whose decision asked for the revision.
    pub round: i32,
    pub due_on: NaiveDate,
    /// What the decision letter gave.
    pub first_due_on: NaiveDate,
    pub asked_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Records when the revision asked for by the decision on `round` is due.
pub fn set_revision_due(
    conn: &mut DbConnection,
    submission_id: i64,
    round: i32,
    due_on: NaiveDate,
) -> QueryResult<()> {
    let at = now();
    // A round is decided once; an appeal that sends a submission back opens a new one.
    diesel::delete(
        rd::table
            .filter(rd::submission_id.eq(submission_id))
            .filter(rd::round.eq(round)),
    )
    .execute(conn)?;
    diesel::insert_into(rd::table)
        .values((
            rd::submission_id.eq(submission_id),
            rd::round.eq(round),
            rd::due_on.eq(due_on),
            rd::first_due_on.eq(due_on),
            rd::asked_at.eq(at),
            rd::updated_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The revision asked for by the decision on `round`, if one was.
pub fn revision_deadline(
    conn: &mut DbConnection,
    submission_id: i64,
    round: i32,
) -> QueryResult<Option<RevisionDeadline>> {
    rd::table
        .filter(rd::submission_id.eq(submission_id))
        .filter(rd::round.eq(round))
        .select(RevisionDeadline::as_select())
        .first(conn)
        .optional()
}

/// Every revision asked of a submission, by round.
pub fn revision_deadlines_of(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Vec<RevisionDeadline>> {
    rd::table
        .filter(rd::submission_id.eq(submission_id))
        .order(rd::round)
        .select(RevisionDeadline::as_select())
        .load(conn)
}

/// Moves a revision's due date; its new version.
pub fn move_revision_due(
    conn: &mut DbConnection,
    deadline_id: i64,
    due_on: NaiveDate,
) -> QueryResult<NaiveDateTime> {
    let at = now();
    diesel::update(rd::table.find(deadline_id))
        .set((rd::due_on.eq(due_on), rd::updated_at.eq(at)))
        .execute(conn)?;
    Ok(at)
}

/// The revisions still awaited (the submission waits for them in the round that asked),
/// of the submissions `among` or of every submission; with each one's collection.
pub fn awaited_revisions(
    conn: &mut DbConnection,
    among: Option<&[i64]>,
) -> QueryResult<Vec<RevisionDeadline>> {
    let query = || {
        rd::table
            .inner_join(submissions::table)
            .filter(submissions::state.eq(SubmissionState::RevisionRequested.as_str()))
            .filter(submissions::current_round.eq(rd::round))
            .select(RevisionDeadline::as_select())
            .order(rd::id)
    };
    match among {
        None => query().load(conn),
        Some(ids) => {
            let mut out = Vec::new();
            for chunk in ids.chunks(LOOKUP_CHUNK) {
                out.extend(query().filter(rd::submission_id.eq_any(chunk)).load(conn)?);
            }
            Ok(out)
        }
    }
}

/// The reminders sent about `deadline_id` while it was due on `due_on`.
pub fn revision_reminders_sent(
    conn: &mut DbConnection,
    deadline_id: i64,
    due_on: NaiveDate,
) -> QueryResult<Vec<(ReminderKind, i32)>> {
    Ok(rr::table
        .filter(rr::deadline_id.eq(deadline_id))
        .filter(rr::due_on.eq(due_on))
        .select((rr::kind, rr::step))
        .load::<(String, i32)>(conn)?
        .into_iter()
        .filter_map(|(k, s)| ReminderKind::parse(&k).map(|k| (k, s)))
        .collect())
}

/// The steps sent, by deadline and the due date they were about.
pub type StepsSent = HashMap<(i64, NaiveDate), Vec<(ReminderKind, i32)>>;

/// [`revision_reminders_sent`] for many deadlines at once, by deadline and due date.
pub fn revision_reminders_sent_for(
    conn: &mut DbConnection,
    deadline_ids: &[i64],
) -> QueryResult<StepsSent> {
    let mut out = StepsSent::new();
    for chunk in deadline_ids.chunks(LOOKUP_CHUNK) {
        for (id, due, k, step) in rr::table
            .filter(rr::deadline_id.eq_any(chunk))
            .select((rr::deadline_id, rr::due_on, rr::kind, rr::step))
            .load::<(i64, NaiveDate, String, i32)>(conn)?
        {
            if let Some(k) = ReminderKind::parse(&k) {
                out.entry((id, due)).or_default().push((k, step));
            }
        }
    }
    Ok(out)
}

pub fn record_revision_reminder(
    conn: &mut DbConnection,
    deadline: &RevisionDeadline,
    (kind, step): (ReminderKind, i32),
    outbox_id: i64,
) -> QueryResult<()> {
    diesel::insert_into(rr::table)
        .values((
            rr::deadline_id.eq(deadline.id),
            rr::due_on.eq(deadline.due_on),
            rr::kind.eq(kind.as_str()),
            rr::step.eq(step),
            rr::queued_at.eq(now()),
            rr::outbox_id.eq(Some(outbox_id)),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Takes back the reminders about a revised version of `submission_id` still waiting in
/// the outbox (the schedule's and those sent by hand), once the revision is no longer
/// awaited: the authors sent it, or withdrew. Returns how many were taken back. The caller
/// holds the transaction that moved the submission on.
pub fn withdraw_unsent_revision_reminders(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<usize> {
    use super::schema::outbox_attempts;
    let scheduled: Vec<i64> = rr::table
        .inner_join(rd::table)
        .filter(rd::submission_id.eq(submission_id))
        .filter(rr::outbox_id.is_not_null())
        .select(rr::outbox_id.assume_not_null())
        .load(conn)?;
    let by_hand: Vec<i64> = rbh::table
        .filter(rbh::submission_id.eq(submission_id))
        .filter(rbh::awaited.eq(Awaited::Revision.as_str()))
        .filter(rbh::outbox_id.is_not_null())
        .select(rbh::outbox_id.assume_not_null())
        .load(conn)?;
    let all: Vec<i64> = scheduled.into_iter().chain(by_hand).collect();
    if all.is_empty() {
        return Ok(0);
    }
    let unsent: Vec<i64> = outbox::table
        .filter(outbox::id.eq_any(&all))
        .filter(outbox::status.eq_any([super::outbox::QUEUED, super::outbox::HELD]))
        .select(outbox::id)
        .load(conn)?;
    if unsent.is_empty() {
        return Ok(0);
    }
    // The records stay (a step once taken is not taken again), without their message.
    diesel::update(rr::table.filter(rr::outbox_id.eq_any(&unsent)))
        .set(rr::outbox_id.eq(None::<i64>))
        .execute(conn)?;
    diesel::update(rbh::table.filter(rbh::outbox_id.eq_any(&unsent)))
        .set(rbh::outbox_id.eq(None::<i64>))
        .execute(conn)?;
    diesel::delete(outbox_attempts::table.filter(outbox_attempts::outbox_id.eq_any(&unsent)))
        .execute(conn)?;
    diesel::delete(outbox::table.filter(outbox::id.eq_any(&unsent))).execute(conn)
}

// ---- "Remind now" ----------------------------------------------------------------------------

/// When the last reminder about this was sent by hand, if one was.
pub fn last_by_hand(
    conn: &mut DbConnection,
    submission_id: i64,
    awaited: Awaited,
    invitation_id: Option<i64>,
) -> QueryResult<Option<NaiveDateTime>> {
    let mut query = rbh::table
        .filter(rbh::submission_id.eq(submission_id))
        .filter(rbh::awaited.eq(awaited.as_str()))
        .select(diesel::dsl::max(rbh::queued_at))
        .into_boxed();
    if let Some(i) = invitation_id {
        query = query.filter(rbh::invitation_id.eq(i));
    }
    query.first(conn)
}

pub fn record_by_hand(
    conn: &mut DbConnection,
    submission_id: i64,
    (awaited, invitation_id): (Awaited, Option<i64>),
    sent_by: i64,
    outbox_id: i64,
) -> QueryResult<()> {
    diesel::insert_into(rbh::table)
        .values((
            rbh::submission_id.eq(submission_id),
            rbh::awaited.eq(awaited.as_str()),
            rbh::invitation_id.eq(invitation_id),
            rbh::sent_by.eq(Some(sent_by)),
            rbh::queued_at.eq(now()),
            rbh::outbox_id.eq(Some(outbox_id)),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The reminders sent by hand about an invitation that are still waiting in the outbox, let
/// go of (their outbox rows are the caller's to delete, with the schedule's: see
/// `reviews::withdraw_unsent_reminders`).
pub fn unsent_by_hand_about(conn: &mut DbConnection, invitation_id: i64) -> QueryResult<Vec<i64>> {
    let ids: Vec<i64> = rbh::table
        .filter(rbh::invitation_id.eq(invitation_id))
        .filter(rbh::outbox_id.is_not_null())
        .select(rbh::outbox_id.assume_not_null())
        .load(conn)?;
    if ids.is_empty() {
        return Ok(ids);
    }
    let unsent: Vec<i64> = outbox::table
        .filter(outbox::id.eq_any(&ids))
        .filter(outbox::status.eq_any([super::outbox::QUEUED, super::outbox::HELD]))
        .select(outbox::id)
        .load(conn)?;
    diesel::update(rbh::table.filter(rbh::outbox_id.eq_any(&unsent)))
        .set(rbh::outbox_id.eq(None::<i64>))
        .execute(conn)?;
    Ok(unsent)
}

// ---- What was sent, from the outbox ------------------------------------------------------------

/// One reminder as the outbox knows it.
#[derive(Debug, Clone)]
pub struct ReminderMail {
    /// The schedule's step, or `None` for one sent by hand.
    pub scheduled: Option<ReminderKind>,
    /// Who sent it by hand.
    pub sent_by: Option<String>,
    pub queued_at: NaiveDateTime,
    pub status: String,
    pub sent_at: Option<NaiveDateTime>,
}

type MailColumns = (String, NaiveDateTime, Option<NaiveDateTime>);

fn mail(scheduled: Option<ReminderKind>, sent_by: Option<String>, m: MailColumns) -> ReminderMail {
    ReminderMail {
        scheduled,
        sent_by,
        status: m.0,
        queued_at: m.1,
        sent_at: m.2,
    }
}

/// The scheduled reminders about each of `invitation_ids` that are in the outbox, oldest first.
pub fn review_reminder_mail(
    conn: &mut DbConnection,
    invitation_ids: &[i64],
) -> QueryResult<HashMap<i64, Vec<ReminderMail>>> {
    let mut out: HashMap<i64, Vec<ReminderMail>> = HashMap::new();
    for chunk in invitation_ids.chunks(LOOKUP_CHUNK) {
        let rows: Vec<(i64, String, MailColumns)> = review_reminders::table
            .inner_join(outbox::table.on(outbox::id.nullable().eq(review_reminders::outbox_id)))
            .filter(review_reminders::invitation_id.eq_any(chunk))
            .order(outbox::created_at)
            .select((
                review_reminders::invitation_id,
                review_reminders::kind,
                (outbox::status, outbox::created_at, outbox::sent_at),
            ))
            .load(conn)?;
        for (id, kind, m) in rows {
            out.entry(id)
                .or_default()
                .push(mail(ReminderKind::parse(&kind), None, m));
        }
    }
    Ok(out)
}

/// The scheduled reminders about each of `deadline_ids` that are in the outbox, oldest first.
pub fn revision_reminder_mail(
    conn: &mut DbConnection,
    deadline_ids: &[i64],
) -> QueryResult<HashMap<i64, Vec<ReminderMail>>> {
    let mut out: HashMap<i64, Vec<ReminderMail>> = HashMap::new();
    for chunk in deadline_ids.chunks(LOOKUP_CHUNK) {
        let rows: Vec<(i64, String, MailColumns)> = rr::table
            .inner_join(outbox::table.on(outbox::id.nullable().eq(rr::outbox_id)))
            .filter(rr::deadline_id.eq_any(chunk))
            .order(outbox::created_at)
            .select((
                rr::deadline_id,
                rr::kind,
                (outbox::status, outbox::created_at, outbox::sent_at),
            ))
            .load(conn)?;
        for (id, kind, m) in rows {
            out.entry(id)
                .or_default()
                .push(mail(ReminderKind::parse(&kind), None, m));
        }
    }
    Ok(out)
}

/// What a reminder sent by hand was about: the submission, what was awaited, the invitation.
pub type ByHandKey = (i64, String, Option<i64>);

/// The reminders sent by hand about `submission_ids` that are in the outbox, oldest first.
pub fn by_hand_mail(
    conn: &mut DbConnection,
    submission_ids: &[i64],
) -> QueryResult<HashMap<ByHandKey, Vec<ReminderMail>>> {
    let mut out: HashMap<ByHandKey, Vec<ReminderMail>> = HashMap::new();
    for chunk in submission_ids.chunks(LOOKUP_CHUNK) {
        let rows: Vec<(ByHandKey, Option<String>, MailColumns)> = rbh::table
            .inner_join(outbox::table.on(outbox::id.nullable().eq(rbh::outbox_id)))
            .left_join(people::table.on(people::id.nullable().eq(rbh::sent_by)))
            .filter(rbh::submission_id.eq_any(chunk))
            .order(outbox::created_at)
            .select((
                (rbh::submission_id, rbh::awaited, rbh::invitation_id),
                people::name.nullable(),
                (outbox::status, outbox::created_at, outbox::sent_at),
            ))
            .load(conn)?;
        for (key, by, m) in rows {
            out.entry(key).or_default().push(mail(None, by, m));
        }
    }
    Ok(out)
}

// ---- What the deadlines view reads -----------------------------------------------------------

/// A submission as a line of the deadlines view shows it.
#[derive(Debug, Clone)]
pub struct SubmissionLine {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub state: SubmissionState,
    pub current_round: i32,
    pub handling_editor_id: Option<i64>,
    pub collection: String,
}

/// The lines of `ids`, by id.
pub fn submission_lines(
    conn: &mut DbConnection,
    ids: &[i64],
) -> QueryResult<HashMap<i64, SubmissionLine>> {
    use super::schema::collections;
    type Row = (
        i64,
        Option<String>,
        String,
        String,
        i32,
        Option<i64>,
        String,
    );
    let mut out = HashMap::new();
    for chunk in ids.chunks(LOOKUP_CHUNK) {
        let rows: Vec<Row> = submissions::table
            .inner_join(collections::table)
            .filter(submissions::id.eq_any(chunk))
            .select((
                submissions::id,
                submissions::manuscript_number,
                submissions::title,
                submissions::state,
                submissions::current_round,
                submissions::handling_editor_id,
                collections::title,
            ))
            .load(conn)?;
        for (id, number, title, state, current_round, handling_editor_id, collection) in rows {
            out.insert(
                id,
                SubmissionLine {
                    id,
                    number: number.unwrap_or_else(|| "Draft".to_owned()),
                    title,
                    state: state.parse().unwrap_or(SubmissionState::Draft),
                    current_round,
                    handling_editor_id,
                    collection,
                },
            );
        }
    }
    Ok(out)
}

/// What an invitation tells of a round's progress.
#[derive(Debug, Clone, Queryable)]
pub struct RoundInvitation {
    pub submission_id: i64,
    pub round: i32,
    pub status: String,
    pub links_expire_at: NaiveDateTime,
    pub review_submitted_at: Option<NaiveDateTime>,
}

/// The invitations of those of `ids` that wait for reviews or a decision (submitted or
/// under review), in their current round.
pub fn rounds_under_review(
    conn: &mut DbConnection,
    ids: &[i64],
) -> QueryResult<Vec<RoundInvitation>> {
    use super::schema::review_invitations as ri;
    let reviewing = [
        SubmissionState::Submitted.as_str(),
        SubmissionState::UnderReview.as_str(),
    ];
    let mut out = Vec::new();
    for chunk in ids.chunks(LOOKUP_CHUNK) {
        out.extend(
            ri::table
                .inner_join(submissions::table)
                .filter(ri::submission_id.eq_any(chunk))
                .filter(submissions::state.eq_any(reviewing))
                .filter(ri::round.eq(submissions::current_round))
                .select((
                    ri::submission_id,
                    ri::round,
                    ri::status,
                    ri::links_expire_at,
                    ri::review_submitted_at,
                ))
                .load::<RoundInvitation>(conn)?,
        );
    }
    Ok(out)
}

/// The live invitations (sent and unanswered, or taken on) of `ids`.
pub fn live_invitations(
    conn: &mut DbConnection,
    ids: &[i64],
) -> QueryResult<Vec<super::reviews::ReviewInvitation>> {
    use super::schema::review_invitations as ri;
    use crate::domain::review::InvitationStatus;
    let live = [
        InvitationStatus::Invited.as_str(),
        InvitationStatus::Accepted.as_str(),
    ];
    let mut out = Vec::new();
    for chunk in ids.chunks(LOOKUP_CHUNK) {
        out.extend(
            ri::table
                .filter(ri::submission_id.eq_any(chunk))
                .filter(ri::status.eq_any(live))
                .select(super::reviews::ReviewInvitation::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}

/// The appeals of `ids` that wait for their outcome.
pub fn open_appeals(
    conn: &mut DbConnection,
    ids: &[i64],
) -> QueryResult<Vec<super::rounds::Appeal>> {
    use super::schema::appeals;
    let mut out = Vec::new();
    for chunk in ids.chunks(LOOKUP_CHUNK) {
        out.extend(
            appeals::table
                .inner_join(submissions::table)
                .filter(appeals::submission_id.eq_any(chunk))
                .filter(appeals::outcome.is_null())
                .filter(submissions::state.eq(SubmissionState::Appealed.as_str()))
                .select(super::rounds::Appeal::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}

/// The names of `ids`, by id.
pub fn names_of(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<HashMap<i64, String>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(LOOKUP_CHUNK) {
        out.extend(
            people::table
                .filter(people::id.eq_any(chunk))
                .select((people::id, people::name))
                .load::<(i64, String)>(conn)?,
        );
    }
    Ok(out)
}

/// The corresponding author's name of each of `ids`.
pub fn corresponding_authors(
    conn: &mut DbConnection,
    ids: &[i64],
) -> QueryResult<HashMap<i64, String>> {
    use super::schema::submission_authors as sa;
    let mut out = HashMap::new();
    for chunk in ids.chunks(LOOKUP_CHUNK) {
        out.extend(
            sa::table
                .filter(sa::submission_id.eq_any(chunk))
                .filter(sa::is_corresponding.eq(true))
                .select((sa::submission_id, sa::name))
                .load::<(i64, String)>(conn)?,
        );
    }
    Ok(out)
}
