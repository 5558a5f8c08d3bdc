//! The reminder schedule, run by the mail worker: each reminder once, for live invitations
//! only, each with a fresh link.

use chrono::{NaiveDate, NaiveDateTime};

use crate::config::Site;
use crate::db::accounts::{self, Person};
use crate::db::reviews::{self as store, ReviewInvitation};
use crate::db::submissions::{self as submissions_store, Submission};
use crate::db::{DbConnection, write_transaction};
use crate::domain::review::{ReminderKind, ReminderSchedule};
use crate::domain::submission_state::SubmissionState;
use crate::mail::messages::ReviewReminder;
use crate::security::token::new_token;
use crate::workflow::step::{self, About};

use super::{Result, count_phrase, long_date};

/// Queues the reminders due at `at`: each once, only for live invitations, each with a fresh
/// link (the first one's token is not kept), on the schedule of the invitation's collection
/// (`site_schedule` for a collection that has none of its own). Returns how many were
/// queued. Run by the mail worker; safe to run from several instances (the transaction
/// re-reads the invitation and the steps already sent).
pub fn send_due_reminders(
    conn: &mut DbConnection,
    at: NaiveDateTime,
    site_schedule: &ReminderSchedule,
    site: &Site,
) -> Result<usize> {
    let mut queued = 0;
    let live = store::live(conn)?;
    let ids: Vec<i64> = live.iter().map(|i| i.id).collect();
    let sent_for = store::reminders_sent_for(conn, &ids)?;
    let mut submission_ids: Vec<i64> = live.iter().map(|i| i.submission_id).collect();
    submission_ids.sort_unstable();
    submission_ids.dedup();
    let settings = crate::db::deadlines::settings_by_submission(conn, &submission_ids)?;
    for candidate in live {
        let sent = sent_for.get(&candidate.id).map_or(&[][..], Vec::as_slice);
        let schedule = settings
            .get(&candidate.submission_id)
            .map_or(site_schedule, |s| s.review_schedule(site_schedule));
        if schedule
            .due(
                candidate.status(),
                candidate.invited_at,
                candidate.due_on,
                at,
                sent,
            )
            .is_none()
        {
            continue;
        }
        if write_transaction(conn, |conn| remind(conn, candidate.id, at, schedule, site))? {
            queued += 1;
        }
    }
    // Backups wait for unanswered invitations to expire under the same schedule.
    super::backups::expire_unanswered(conn, at, site_schedule, site)?;
    Ok(queued)
}

/// Queues the reminder due for one invitation, if one still is once read again inside the
/// transaction: the reminder with a fresh link, recorded as sent. `false` when none was.
fn remind(
    conn: &mut DbConnection,
    invitation_id: i64,
    at: NaiveDateTime,
    schedule: &ReminderSchedule,
    site: &Site,
) -> Result<bool> {
    let Some(inv) = store::find(conn, invitation_id)? else {
        return Ok(false);
    };
    let sent = store::reminders_sent(conn, inv.id)?;
    let Some((kind, reminder_step)) =
        schedule.due(inv.status(), inv.invited_at, inv.due_on, at, &sent)
    else {
        return Ok(false);
    };
    let Some(s) = submissions_store::find(conn, inv.submission_id)? else {
        return Ok(false);
    };
    if inv.links_expire_at < at || s.state() == SubmissionState::Withdrawn {
        return Ok(false);
    }
    let Some(reviewer) = accounts::find_person(conn, inv.reviewer_id)? else {
        return Ok(false);
    };
    let what = what_is_asked(kind, inv.due_on, at.date());
    let outbox_id = queue_reviewer_reminder(conn, &inv, &s, &reviewer, &what, site)?;
    store::record_reminder(conn, inv.id, kind, reminder_step, outbox_id)?;
    Ok(true)
}

/// Queues a reminder to the reviewer of `inv` that says `what` first, with a fresh link to
/// the invitation and replies going to the handling editor; the outbox row's id. The
/// schedule's reminders and those an editor sends by hand are this one message.
pub fn queue_reviewer_reminder(
    conn: &mut DbConnection,
    inv: &ReviewInvitation,
    s: &Submission,
    reviewer: &Person,
    what: &str,
    site: &Site,
) -> Result<i64> {
    let editor = step::handling_editor(conn, s)?;
    let token = new_token();
    store::add_token(conn, inv.id, &token.hash)?;
    let number = s.number_or_draft();
    let message = ReviewReminder {
        name: &reviewer.name,
        manuscript_number: number,
        title: &s.title,
        what,
        due: &long_date(inv.due_on),
        editor: editor.as_ref().map_or("the editor", |e| e.name.as_str()),
        link: &format!("{}/invitations/{}", site.base_url, token.token),
        site: &site.name(),
    };
    About::manuscript(number)
        .reply_to(editor.as_ref().map(|e| e.email.as_str()))
        .send(conn, "review_reminder", reviewer, &message)
}

/// What a reminder asks, in its first sentence.
fn what_is_asked(kind: ReminderKind, due_on: NaiveDate, today: NaiveDate) -> String {
    let days = |from: NaiveDate, to: NaiveDate| {
        count_phrase((to - from).num_days().max(0) as usize, "day", "days")
    };
    match kind {
        ReminderKind::Unanswered => {
            "Could you let us know whether you can review this manuscript?".to_owned()
        }
        ReminderKind::DueSoon => format!("Your review is due in {}.", days(today, due_on)),
        ReminderKind::Overdue => format!("Your review is overdue by {}.", days(due_on, today)),
    }
}
