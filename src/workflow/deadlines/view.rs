//! The deadlines view: what waits on the submissions an editor follows, how late it is,
//! what was already sent about it (from the outbox), and what the schedule sends next.
//!
//! It follows exactly the submissions of its reader's editorial lists: what a handling
//! editor handles and, for an editor-in-chief, everything open in her journals, with the
//! submissions she is conflicted with left out as they are there (`memo` remembers them);
//! and the appeals its reader hears. Nothing here is counted before that filter.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::QueryResult;

use crate::config::Site;
use crate::db::accounts::Person;
use crate::db::deadlines::{self as store, ReminderMail, SubmissionLine};
use crate::db::reviews::{self as reviews_store, ReviewInvitation};
use crate::db::{DbConnection, now, outbox, rounds};
use crate::domain::conflicts::Settings;
use crate::domain::deadlines::{Awaited, DeadlineSettings, days, days_between, long_date};
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::domain::review::{InvitationStatus, ReminderKind};
use crate::workflow::editorial::{self, EditorialMemo};

use super::all_in_since;

/// The most lines a section shows (the most pressing first); its count is of them all.
pub const SHOWN: usize = 100;

/// One editor's deadlines.
pub struct Deadlines {
    pub is_chief: bool,
    /// For an editor-in-chief: the collections she runs (id, title), whose schedules she sets.
    pub collections: Vec<(i64, String)>,
    /// Reviews due within this many days are listed.
    pub within: i64,
    pub sections: Vec<Section>,
}

/// One kind of thing waiting.
pub struct Section {
    /// The section's anchor on the page.
    pub id: &'static str,
    pub heading: String,
    /// What the section says when nothing waits.
    pub empty: &'static str,
    pub lines: Vec<DeadlineLine>,
    /// How many wait in all (`lines` shows at most [`SHOWN`]).
    pub total: usize,
}

/// One thing waiting on one submission.
pub struct DeadlineLine {
    pub submission_id: i64,
    pub number: String,
    pub title: String,
    pub collection: String,
    pub handling_editor: Option<String>,
    pub awaited: Awaited,
    pub invitation_id: Option<i64>,
    /// Who it waits for: a reviewer's name, the corresponding author's, the editor's.
    pub who: String,
    /// How late it is ("5 days late, due 2 December 2026").
    pub how_late: String,
    /// What was sent about it, oldest first: date, what, and the outbox's word on it.
    pub sent: Vec<String>,
    /// What the schedule sends next.
    pub next: String,
    /// "Remind now" is offered (to someone other than the reader).
    pub may_remind: bool,
    /// The reader handles it and may give the authors more time.
    pub may_extend: bool,
    /// For ordering, most pressing first: days late (negative: days left).
    pressing: i64,
}

/// Everything known about the followed submissions that the lines are made from.
struct Facts {
    at: NaiveDateTime,
    is_chief: bool,
    reader: i64,
    lines: HashMap<i64, SubmissionLine>,
    settings: HashMap<i64, DeadlineSettings>,
    names: HashMap<i64, String>,
    authors: HashMap<i64, String>,
    review_mail: HashMap<i64, Vec<ReminderMail>>,
    revision_mail: HashMap<i64, Vec<ReminderMail>>,
    by_hand: HashMap<store::ByHandKey, Vec<ReminderMail>>,
    review_steps: HashMap<i64, Vec<(ReminderKind, i32)>>,
    revision_steps: store::StepsSent,
}

/// The deadlines `person` follows, seen now, with reviews due within `within` days.
pub fn deadlines(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    memo: &EditorialMemo,
    within: i64,
    site: &Site,
) -> QueryResult<Deadlines> {
    let settings = site.settings();
    let at = now();
    let (ids, is_chief) = editorial::followed_submissions(conn, person, roles, &settings, memo)?;
    let heard = heard_appeals(conn, person, roles, &settings, memo)?;
    let live = store::live_invitations(conn, &ids)?;
    let rounds = store::rounds_under_review(conn, &ids)?;
    let revisions: Vec<_> = store::awaited_revisions(conn, Some(&ids))?
        .into_iter()
        .filter(|d| d.due_on < at.date())
        .collect();
    // Appeals are the editor-in-chief's office's and their hearer's, not the handling
    // editor's whose decision they are about.
    let mut appeals = if is_chief {
        store::open_appeals(conn, &ids)?
    } else {
        Vec::new()
    };
    for a in heard {
        if !appeals.iter().any(|b| b.id == a.id) {
            appeals.push(a);
        }
    }
    let deciding = awaiting_decision(&rounds, at);
    let mut shown: Vec<i64> = live.iter().map(|i| i.submission_id).collect();
    shown.extend(revisions.iter().map(|d| d.submission_id));
    shown.extend(appeals.iter().map(|a| a.submission_id));
    shown.extend(deciding.iter().map(|(id, _)| *id));
    shown.sort_unstable();
    shown.dedup();
    let hearers: Vec<i64> = appeals.iter().filter_map(|a| a.heard_by).collect();
    let facts = Facts::load(
        conn,
        (person.id, is_chief),
        (&shown, &hearers),
        (&live, &revisions),
        at,
    )?;
    let mut sections = reviewer_sections(&facts, &live, within, site);
    sections.push(section(
        "revisions-overdue",
        "Revised versions overdue".to_owned(),
        "No revised version is late.",
        revisions
            .iter()
            .filter_map(|d| facts.revision_line(d))
            .collect(),
    ));
    sections.push(section(
        "awaiting-decision",
        "Waiting for a decision, all reviews in".to_owned(),
        "No submission with all its reviews in waits for a decision.",
        deciding
            .iter()
            .filter_map(|(id, since)| facts.decision_line(*id, *since))
            .collect(),
    ));
    sections.push(section(
        "appeals",
        "Appeals waiting for their outcome".to_owned(),
        "No appeal waits.",
        appeals
            .iter()
            .filter_map(|a| facts.appeal_line(a))
            .collect(),
    ));
    Ok(Deadlines {
        is_chief,
        collections: collections_run(conn, roles)?,
        within,
        sections,
    })
}

/// The collections of the journals `roles` make their holder editor-in-chief of.
fn collections_run(conn: &mut DbConnection, roles: &[HeldRole]) -> QueryResult<Vec<(i64, String)>> {
    let chief_of: Vec<i64> = roles
        .iter()
        .filter(|r| r.role == crate::domain::Role::EditorInChief)
        .filter_map(|r| r.journal_id)
        .collect();
    if chief_of.is_empty() {
        return Ok(Vec::new());
    }
    Ok(crate::db::collections::list_collections(conn)?
        .into_iter()
        .filter(|(c, _)| chief_of.contains(&c.journal_id))
        .map(|(c, _)| (c.id, c.title))
        .collect())
}

/// The submissions whose reviews are all in, with since when (`rounds`: the invitations of
/// the current round of each submission under review).
fn awaiting_decision(
    rounds: &[store::RoundInvitation],
    at: NaiveDateTime,
) -> Vec<(i64, NaiveDateTime)> {
    let mut by_submission: HashMap<i64, Vec<&store::RoundInvitation>> = HashMap::new();
    for r in rounds {
        by_submission.entry(r.submission_id).or_default().push(r);
    }
    let mut out: Vec<(i64, NaiveDateTime)> = by_submission
        .into_iter()
        .filter_map(|(id, invitations)| {
            let round = invitations.first()?.round;
            let progress = invitations.iter().map(|r| {
                let status = r.status.parse().unwrap_or(InvitationStatus::Cancelled);
                (r.round, status, r.links_expire_at, r.review_submitted_at)
            });
            all_in_since(progress, round, at).map(|since| (id, since))
        })
        .collect();
    out.sort_unstable();
    out
}

/// The appeals `person` is to hear that she may still see (a competing interest found
/// since shuts the door here as on the appeal's page).
fn heard_appeals(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    settings: &Settings,
    memo: &EditorialMemo,
) -> QueryResult<Vec<rounds::Appeal>> {
    let mut out = Vec::new();
    for open in rounds::open_appeals_heard_by(conn, person.id)? {
        let id = open.submission_id;
        let may = editorial::access_remembered(conn, person, roles, id, settings, memo)?
            .is_some_and(|a| a.may(SubmissionAction::HearAppeal));
        if may && let Some(appeal) = rounds::appeal_of(conn, id)? {
            out.push(appeal);
        }
    }
    Ok(out)
}

/// The three sections about reviewers: reviews overdue, reviews due soon, invitations with
/// no answer after the schedule's first reminder.
fn reviewer_sections(
    facts: &Facts,
    live: &[ReviewInvitation],
    within: i64,
    site: &Site,
) -> Vec<Section> {
    let today = facts.at.date();
    let soon = today + chrono::Duration::days(within);
    let (mut overdue, mut due_soon, mut unanswered) = (Vec::new(), Vec::new(), Vec::new());
    for inv in live {
        let Some(line) = facts.review_line(inv, site) else {
            continue;
        };
        match inv.status() {
            InvitationStatus::Accepted if inv.due_on < today => overdue.push(line),
            InvitationStatus::Accepted if inv.due_on <= soon => due_soon.push(line),
            InvitationStatus::Invited if line.pressing >= 0 => unanswered.push(line),
            _ => {}
        }
    }
    vec![
        section(
            "reviews-overdue",
            "Reviews overdue".to_owned(),
            "No review is late.",
            overdue,
        ),
        section(
            "reviews-due-soon",
            format!("Reviews due within {}", days(within)),
            "No review is due in that time.",
            due_soon,
        ),
        section(
            "unanswered",
            "Invitations with no answer after their reminders".to_owned(),
            "Every invitation has been answered, or is still within its schedule.",
            unanswered,
        ),
    ]
}

fn section(
    id: &'static str,
    heading: String,
    empty: &'static str,
    mut lines: Vec<DeadlineLine>,
) -> Section {
    lines.sort_by(|a, b| b.pressing.cmp(&a.pressing).then(a.number.cmp(&b.number)));
    let total = lines.len();
    lines.truncate(SHOWN);
    Section {
        id,
        heading,
        empty,
        lines,
        total,
    }
}

impl Facts {
    fn load(
        conn: &mut DbConnection,
        (reader, is_chief): (i64, bool),
        (shown, hearers): (&[i64], &[i64]),
        (live, revisions): (
            &[ReviewInvitation],
            &[crate::db::deadlines::RevisionDeadline],
        ),
        at: NaiveDateTime,
    ) -> QueryResult<Facts> {
        let lines = store::submission_lines(conn, shown)?;
        let invitation_ids: Vec<i64> = live.iter().map(|i| i.id).collect();
        let deadline_ids: Vec<i64> = revisions.iter().map(|d| d.id).collect();
        let mut people: Vec<i64> = live.iter().map(|i| i.reviewer_id).collect();
        people.extend(lines.values().filter_map(|l| l.handling_editor_id));
        people.extend(hearers);
        Ok(Facts {
            at,
            is_chief,
            reader,
            settings: store::settings_by_submission(conn, shown)?,
            names: store::names_of(conn, &people)?,
            authors: store::corresponding_authors(conn, shown)?,
            review_mail: store::review_reminder_mail(conn, &invitation_ids)?,
            revision_mail: store::revision_reminder_mail(conn, &deadline_ids)?,
            by_hand: store::by_hand_mail(conn, shown)?,
            review_steps: reviews_store::reminders_sent_for(conn, &invitation_ids)?,
            revision_steps: store::revision_reminders_sent_for(conn, &deadline_ids)?,
            lines,
        })
    }

    /// The start of a line about `submission_id`, when it is shown.
    fn line(&self, submission_id: i64, awaited: Awaited) -> Option<DeadlineLine> {
        let l = self.lines.get(&submission_id)?;
        Some(DeadlineLine {
            submission_id,
            number: l.number.clone(),
            title: l.title.clone(),
            collection: l.collection.clone(),
            handling_editor: l
                .handling_editor_id
                .and_then(|e| self.names.get(&e).cloned()),
            awaited,
            invitation_id: None,
            who: String::new(),
            how_late: String::new(),
            sent: Vec::new(),
            next: String::new(),
            may_remind: true,
            may_extend: false,
            pressing: 0,
        })
    }

    /// What was sent about something: the schedule's reminders and those sent by hand, by
    /// date.
    fn sent(&self, scheduled: Option<&Vec<ReminderMail>>, key: store::ByHandKey) -> Vec<String> {
        let mut all: Vec<&ReminderMail> = scheduled.into_iter().flatten().collect();
        all.extend(self.by_hand.get(&key).into_iter().flatten());
        all.sort_by_key(|m| m.queued_at);
        all.into_iter().map(describe_mail).collect()
    }

    fn review_line(&self, inv: &ReviewInvitation, site: &Site) -> Option<DeadlineLine> {
        let today = self.at.date();
        let schedule = self
            .settings
            .get(&inv.submission_id)
            .map_or(&site.review_reminders, |s| {
                s.review_schedule(&site.review_reminders)
            });
        let awaited = match inv.status() {
            InvitationStatus::Invited => Awaited::Answer,
            _ => Awaited::Review,
        };
        let mut line = self.line(inv.submission_id, awaited)?;
        line.invitation_id = Some(inv.id);
        line.who = self
            .names
            .get(&inv.reviewer_id)
            .cloned()
            .unwrap_or_default();
        let invited = inv.invited_at.date();
        (line.how_late, line.pressing) = match awaited {
            Awaited::Answer => (
                format!(
                    "No answer for {} (invited {})",
                    days(days_between(invited, today)),
                    long_date(invited)
                ),
                days_between(invited, today) - schedule.answer_awaited_days(),
            ),
            _ if inv.due_on < today => (
                format!(
                    "{} late (due {})",
                    days(days_between(inv.due_on, today)),
                    long_date(inv.due_on)
                ),
                days_between(inv.due_on, today),
            ),
            _ => (
                format!(
                    "Due in {} ({})",
                    days(days_between(today, inv.due_on)),
                    long_date(inv.due_on)
                ),
                -days_between(today, inv.due_on),
            ),
        };
        let steps = self
            .review_steps
            .get(&inv.id)
            .map_or(&[][..], Vec::as_slice);
        line.next = planned(
            schedule.planned(inv.status(), inv.invited_at, inv.due_on, self.at, steps),
            self.at,
        );
        line.sent = self.sent(
            self.review_mail.get(&inv.id),
            (inv.submission_id, awaited.as_str().to_owned(), Some(inv.id)),
        );
        Some(line)
    }

    fn revision_line(&self, d: &crate::db::deadlines::RevisionDeadline) -> Option<DeadlineLine> {
        let today = self.at.date();
        let mut line = self.line(d.submission_id, Awaited::Revision)?;
        line.may_extend = self
            .lines
            .get(&d.submission_id)
            .is_some_and(|l| l.handling_editor_id == Some(self.reader));
        line.who = self
            .authors
            .get(&d.submission_id)
            .cloned()
            .unwrap_or_default();
        line.pressing = days_between(d.due_on, today);
        line.how_late = format!("{} late (due {})", days(line.pressing), long_date(d.due_on));
        if d.first_due_on != d.due_on {
            line.how_late
                .push_str(&format!(", extended from {}", long_date(d.first_due_on)));
        }
        let schedule = self
            .settings
            .get(&d.submission_id)
            .map(|s| &s.revision_reminders)?;
        let steps = self
            .revision_steps
            .get(&(d.id, d.due_on))
            .map_or(&[][..], Vec::as_slice);
        line.next = planned(schedule.planned_about(d.due_on, self.at, steps), self.at);
        line.sent = self.sent(
            self.revision_mail.get(&d.id),
            (d.submission_id, Awaited::Revision.as_str().to_owned(), None),
        );
        Some(line)
    }

    fn decision_line(&self, id: i64, since: NaiveDateTime) -> Option<DeadlineLine> {
        let mut line = self.line(id, Awaited::Decision)?;
        let editor = self.lines.get(&id)?.handling_editor_id;
        line.who = line
            .handling_editor
            .clone()
            .unwrap_or_else(|| "Nobody handles it".to_owned());
        line.pressing = days_between(since.date(), self.at.date());
        line.how_late = format!(
            "All reviews in for {} (since {})",
            days(line.pressing),
            long_date(since.date())
        );
        line.may_remind = editor.is_some_and(|e| e != self.reader);
        line.next = if line.may_remind {
            "Nothing is scheduled: only a reminder sent by hand.".to_owned()
        } else {
            "The decision is yours.".to_owned()
        };
        line.sent = self.sent(None, (id, Awaited::Decision.as_str().to_owned(), None));
        Some(line)
    }

    fn appeal_line(&self, a: &rounds::Appeal) -> Option<DeadlineLine> {
        let mut line = self.line(a.submission_id, Awaited::Appeal)?;
        line.who = a
            .heard_by
            .and_then(|h| self.names.get(&h).cloned())
            .unwrap_or_else(|| "Nobody hears it yet".to_owned());
        let lodged = a.lodged_at.date();
        line.pressing = days_between(lodged, self.at.date());
        line.how_late = format!(
            "Waiting {} (lodged {})",
            days(line.pressing),
            long_date(lodged)
        );
        line.may_remind = self.is_chief && a.heard_by.is_some_and(|h| h != self.reader);
        line.next = if a.heard_by == Some(self.reader) {
            "The outcome is yours.".to_owned()
        } else {
            "Nothing is scheduled: only a reminder sent by hand.".to_owned()
        };
        line.sent = self.sent(
            None,
            (a.submission_id, Awaited::Appeal.as_str().to_owned(), None),
        );
        Some(line)
    }
}

/// What the schedule sends next, in words.
fn planned(next: Option<(ReminderKind, NaiveDateTime)>, at: NaiveDateTime) -> String {
    match next {
        Some((kind, when)) if when <= at => {
            format!("The {} goes out within the minute.", kind.label())
        }
        Some((kind, when)) => format!("The {} on {}.", kind.label(), long_date(when.date())),
        None => "Nothing more is scheduled.".to_owned(),
    }
}

/// One reminder as the outbox knows it: "3 Dec 2026, 09:00 UTC: the reminder that it is
/// late — sent".
fn describe_mail(m: &ReminderMail) -> String {
    let what = match (m.scheduled, &m.sent_by) {
        (Some(kind), _) => format!("the {} (schedule)", kind.label()),
        (None, Some(by)) => format!("sent by hand by {by}"),
        (None, None) => "sent by hand".to_owned(),
    };
    let status = match m.status.as_str() {
        outbox::SENT => match m.sent_at {
            Some(t) => format!("delivered {}", t.format("%-d %b, %H:%M UTC")),
            None => "delivered".to_owned(),
        },
        outbox::QUEUED | outbox::SENDING => "waiting in the outbox".to_owned(),
        outbox::FAILED => "could not be delivered".to_owned(),
        outbox::HELD => "held for the recipient's daily digest".to_owned(),
        outbox::DIGESTED => "delivered in a daily digest".to_owned(),
        other => other.to_owned(),
    };
    format!(
        "{}: {what} — {status}",
        m.queued_at.format("%-d %b %Y, %H:%M UTC")
    )
}
