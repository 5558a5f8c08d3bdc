//! The revised version's due date: what the pages show of it, the handling editor's
//! extension (one transaction: the new date, its line on the timeline, the authors'
//! e-mail), and the authors' reminders the mail worker sends on the collection's schedule.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::QueryResult;

use crate::config::Site;
use crate::db::accounts::Person;
use crate::db::deadlines::{self as store, RevisionDeadline};
use crate::db::guard::{self, ReadAt};
use crate::db::submissions::{self as submissions_store, Submission};
use crate::db::{DbConnection, events, now, write_transaction};
use crate::domain::FormErrors;
use crate::domain::deadlines::{
    check_extension, check_note, days, days_between, long_date, revision_reminder_sentence,
};
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::domain::review::ReminderKind;
use crate::domain::submission_state::SubmissionState;
use crate::mail::messages::{RevisionExtended, RevisionReminder};
use crate::workflow::editorial::Asker;
use crate::workflow::step::{self, About};

use super::Result;

/// The timeline line of an extension (the authors read it on their page too).
pub const EXTENDED: &str = "revision_due_extended";

/// A revised version awaited now, and when.
#[derive(Debug, Clone)]
pub struct RevisionDue {
    pub deadline: RevisionDeadline,
}

impl RevisionDue {
    pub fn due(&self) -> String {
        long_date(self.deadline.due_on)
    }

    /// What the decision letter gave, when an extension moved it since.
    pub fn first_due(&self) -> Option<String> {
        (self.deadline.first_due_on != self.deadline.due_on)
            .then(|| long_date(self.deadline.first_due_on))
    }

    /// "3 days late" once it is past, else `None`.
    pub fn late(&self, today: NaiveDate) -> Option<String> {
        (self.deadline.due_on < today)
            .then(|| format!("{} late", days(days_between(self.deadline.due_on, today))))
    }

    /// [`RevisionDue::late`] today.
    pub fn late_now(&self) -> Option<String> {
        self.late(now().date())
    }

    /// The date the extension form offers: two weeks after the one now.
    pub fn suggested_extension(&self) -> String {
        (self.deadline.due_on + chrono::Duration::days(14))
            .format("%Y-%m-%d")
            .to_string()
    }
}

/// The revised version `s` waits for now, if it waits for one (a revision was asked in its
/// current round, with a due date: decisions from before issue 18 have none).
pub fn awaited_revision(
    conn: &mut DbConnection,
    s: &Submission,
) -> QueryResult<Option<RevisionDue>> {
    if s.state() != SubmissionState::RevisionRequested {
        return Ok(None);
    }
    Ok(store::revision_deadline(conn, s.id, s.current_round)?
        .map(|deadline| RevisionDue { deadline }))
}

/// What the extension page shows its handling editor.
pub struct ExtensionPage {
    pub submission: Submission,
    /// `None` when no revised version is awaited now.
    pub due: Option<RevisionDue>,
    /// The extensions given so far: when, and what the timeline says.
    pub extensions: Vec<(NaiveDateTime, String)>,
}

/// The extension page for the handling editor; `None` (a 404) for anyone else.
pub fn extension_page(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    site: &Site,
) -> QueryResult<Option<ExtensionPage>> {
    let asker = Asker::new(person, roles, site);
    let Some(a) = asker.access_for(conn, submission_id, SubmissionAction::ExtendRevision)? else {
        return Ok(None);
    };
    let s = a.submission;
    let due = awaited_revision(conn, &s)?;
    let extensions = events::timeline(conn, s.id)?
        .into_iter()
        .filter(|e| e.kind == EXTENDED)
        .map(|e| (e.occurred_at, e.note))
        .collect();
    Ok(Some(ExtensionPage {
        submission: s,
        due,
        extensions,
    }))
}

/// The extension form as sent.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ExtensionForm {
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub note: String,
    /// The due date's version when the form was read (`db::guard::ReadAt`).
    #[serde(default)]
    pub read_at: Option<String>,
}

#[derive(Debug)]
pub enum ExtendOutcome {
    /// Extended (or already extended to this date by the same press from another tab).
    Extended {
        due: NaiveDate,
    },
    Invalid(FormErrors),
    /// Extended from another tab since the form was read, to another date: nothing written.
    Stale {
        due: NaiveDate,
    },
    /// No revised version is awaited now (it came in, or the submission moved on).
    NotAwaited,
    NotFound,
}

/// The handling editor gives the authors more time: the new date, its line on the timeline
/// and the authors' e-mail, in one transaction.
pub fn extend(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    form: &ExtensionForm,
    site: &Site,
) -> Result<ExtendOutcome> {
    write_transaction(conn, |conn| -> Result<ExtendOutcome> {
        let asker = Asker::new(person, roles, site);
        let Some(a) =
            asker.held_access_for(conn, submission_id, SubmissionAction::ExtendRevision)?
        else {
            return Ok(ExtendOutcome::NotFound);
        };
        let s = a.submission;
        let Some(due) = awaited_revision(conn, &s)? else {
            return Ok(ExtendOutcome::NotAwaited);
        };
        let now_due = due.deadline.due_on;
        if let Some(read) = ReadAt::from_form(form.read_at.as_deref())
            && !read.is_current(Some(due.deadline.updated_at))
        {
            // A second press of the same form is done; another date from another tab is not
            // overwritten unseen.
            let asked = NaiveDate::parse_from_str(form.due_on.trim(), "%Y-%m-%d").ok();
            return Ok(if asked == Some(now_due) {
                ExtendOutcome::Extended { due: now_due }
            } else {
                ExtendOutcome::Stale { due: now_due }
            });
        }
        let mut errors = FormErrors::new();
        let new_due = check_extension(&form.due_on, now_due, now().date())
            .map_err(|e| errors.add("due_on", e))
            .ok();
        let note = check_note(&form.note)
            .map_err(|e| errors.add("note", e))
            .ok();
        let (Some(new_due), Some(note)) = (new_due, note) else {
            return Ok(ExtendOutcome::Invalid(errors));
        };
        store::move_revision_due(conn, due.deadline.id, new_due)?;
        let mut line = format!(
            "Revised version now due by {} (was {})",
            long_date(new_due),
            long_date(now_due)
        );
        if !note.is_empty() {
            line.push_str(&format!(": {note}"));
        }
        step::on_timeline(conn, Some(person.id), s.id, EXTENDED, &line)?;
        tell_of_extension(conn, &s, person, (new_due, now_due), &note, site)?;
        Ok(ExtendOutcome::Extended { due: new_due })
    })
}

fn tell_of_extension(
    conn: &mut DbConnection,
    s: &Submission,
    editor: &Person,
    (due, was): (NaiveDate, NaiveDate),
    note: &str,
    site: &Site,
) -> Result<()> {
    let Some(author) = step::corresponding_author(conn, s.id)? else {
        return Ok(());
    };
    let number = s.number_or_draft();
    let message = RevisionExtended {
        name: &author.name,
        manuscript_number: number,
        title: &s.title,
        due: &long_date(due),
        was: &long_date(was),
        note,
        editor: &editor.name,
        link: &step::author_link(site, s.id),
        site: &site.name(),
    };
    About::manuscript(number)
        .reply_to(Some(&editor.email))
        .send(conn, "revision_extended", &author, &message)?;
    Ok(())
}

/// Queues a reminder to the corresponding author of `s` that says `what` first, replies
/// going to the handling editor; the outbox row's id (`None` when the submission lists no
/// corresponding author). The schedule's reminders and those sent by hand are this message.
pub(super) fn queue_revision_reminder(
    conn: &mut DbConnection,
    s: &Submission,
    what: &str,
    site: &Site,
) -> Result<Option<(i64, String)>> {
    let Some(author) = step::corresponding_author(conn, s.id)? else {
        return Ok(None);
    };
    let editor = step::handling_editor(conn, s)?;
    let number = s.number_or_draft();
    let message = RevisionReminder {
        name: &author.name,
        manuscript_number: number,
        title: &s.title,
        what,
        editor: editor.as_ref().map_or("the editor", |e| e.name.as_str()),
        link: &step::author_link(site, s.id),
        site: &site.name(),
    };
    let id = About::manuscript(number)
        .reply_to(editor.as_ref().map(|e| e.email.as_str()))
        .send(conn, "revision_reminder", &author, &message)?;
    Ok(Some((id, author.name)))
}

/// Queues the authors' reminders about revised versions due at `at`, on each collection's
/// schedule: each step once per due date (an extension starts the schedule again), only
/// while the revision is awaited. Returns how many were queued. Run by the mail worker
/// beside the reviewers' reminders; safe from several instances (each is checked again
/// inside its transaction).
pub fn send_due_revision_reminders(
    conn: &mut DbConnection,
    at: NaiveDateTime,
    site: &Site,
) -> Result<usize> {
    let awaited = store::awaited_revisions(conn, None)?;
    let ids: Vec<i64> = awaited.iter().map(|d| d.id).collect();
    let sent_for = store::revision_reminders_sent_for(conn, &ids)?;
    let submission_ids: Vec<i64> = awaited.iter().map(|d| d.submission_id).collect();
    let settings = store::settings_by_submission(conn, &submission_ids)?;
    let mut queued = 0;
    for d in awaited {
        let Some(schedule) = settings
            .get(&d.submission_id)
            .map(|s| &s.revision_reminders)
        else {
            continue;
        };
        let sent = sent_for
            .get(&(d.id, d.due_on))
            .map_or(&[][..], Vec::as_slice);
        if schedule.due_about(d.due_on, at, sent).is_none() {
            continue;
        }
        if write_transaction(conn, |conn| remind_author(conn, d.submission_id, at, site))? {
            queued += 1;
        }
    }
    Ok(queued)
}

/// Queues the reminder due about the revision `submission_id` waits for, if one still is
/// once read again inside the transaction; `false` when none was.
fn remind_author(
    conn: &mut DbConnection,
    submission_id: i64,
    at: NaiveDateTime,
    site: &Site,
) -> Result<bool> {
    guard::lock_submission(conn, submission_id)?;
    let Some(s) = submissions_store::find(conn, submission_id)? else {
        return Ok(false);
    };
    let Some(due) = awaited_revision(conn, &s)? else {
        return Ok(false);
    };
    let d = &due.deadline;
    let (settings, _) = store::settings_of(conn, s.collection_id)?;
    let sent = store::revision_reminders_sent(conn, d.id, d.due_on)?;
    let Some(step_due) = settings.revision_reminders.due_about(d.due_on, at, &sent) else {
        return Ok(false);
    };
    let what = revision_reminder_sentence(step_due.0, d.due_on, at.date());
    let Some((outbox_id, _)) = queue_revision_reminder(conn, &s, &what, site)? else {
        return Ok(false);
    };
    store::record_revision_reminder(conn, d, step_due, outbox_id)?;
    Ok(true)
}

/// What a reminder sent by hand about a revision says: how long is left, or how late it is.
pub(super) fn by_hand_sentence(due_on: NaiveDate, today: NaiveDate) -> String {
    let kind = if due_on < today {
        ReminderKind::Overdue
    } else {
        ReminderKind::DueSoon
    };
    revision_reminder_sentence(kind, due_on, today)
}
