//! The reminder schedule: when a reviewer is reminded, and when a review is late.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::InvitationStatus;

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReminderKind {
    /// The reviewer has not answered the invitation.
    Unanswered,
    /// The review is due soon.
    DueSoon,
    /// The review is late.
    Overdue,
}

impl ReminderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReminderKind::Unanswered => "unanswered",
            ReminderKind::DueSoon => "due_soon",
            ReminderKind::Overdue => "overdue",
        }
    }

    /// The kind a stored name stands for.
    pub fn parse(stored: &str) -> Option<ReminderKind> {
        [
            ReminderKind::Unanswered,
            ReminderKind::DueSoon,
            ReminderKind::Overdue,
        ]
        .into_iter()
        .find(|k| k.as_str() == stored)
    }

    /// In the editors' words: "the overdue reminder".
    pub fn label(self) -> &'static str {
        match self {
            ReminderKind::Unanswered => "reminder to answer",
            ReminderKind::DueSoon => "reminder that it is due soon",
            ReminderKind::Overdue => "reminder that it is late",
        }
    }
}

/// Days after the last reminder to answer before an unanswered invitation expires, when
/// backup reviewers wait to take its place.
pub const EXPIRES_AFTER_LAST_ASKING_DAYS: i64 = 3;

/// When reminders go out, in days: after the invitation while it is unanswered, before the
/// due date, and after it. Several per kind; each goes once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderSchedule {
    pub unanswered_after: Vec<i64>,
    pub due_soon_before: Vec<i64>,
    pub overdue_after: Vec<i64>,
}

impl Default for ReminderSchedule {
    fn default() -> Self {
        ReminderSchedule {
            unanswered_after: vec![3, 7],
            due_soon_before: vec![3],
            overdue_after: vec![1, 7, 14],
        }
    }
}

impl ReminderSchedule {
    /// Reads `unanswered=3,7;due_soon=3;overdue=1,7,14` (any part may be left out, and an
    /// empty list switches that kind off).
    pub fn parse(s: &str) -> Result<ReminderSchedule, String> {
        let mut out = ReminderSchedule {
            unanswered_after: Vec::new(),
            due_soon_before: Vec::new(),
            overdue_after: Vec::new(),
        };
        for part in s.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, days) = part
                .split_once('=')
                .ok_or_else(|| format!("“{part}” should look like overdue=1,7,14"))?;
            let mut list = Vec::new();
            for d in days.split(',').map(str::trim).filter(|d| !d.is_empty()) {
                let n: i64 = d
                    .parse()
                    .map_err(|_| format!("“{d}” in “{part}” is not a whole number of days"))?;
                if !(0..=365).contains(&n) {
                    return Err(format!("{n} days in “{part}” is out of range (0 to 365)"));
                }
                list.push(n);
            }
            list.sort_unstable();
            list.dedup();
            match name.trim() {
                "unanswered" => out.unanswered_after = list,
                "due_soon" => out.due_soon_before = list,
                "overdue" => out.overdue_after = list,
                other => {
                    return Err(format!(
                        "unknown reminder “{other}”; use unanswered, due_soon or overdue"
                    ));
                }
            }
        }
        Ok(out)
    }

    /// The reminder due for one invitation at `at`, if any: the latest step of the schedule
    /// whose time has come and that has not gone yet. Earlier steps missed (the server was
    /// down) are skipped rather than sent in a burst. `sent` lists (kind, step) already sent.
    /// When an invitation still unanswered expires, for a submission with backup reviewers
    /// waiting (issue 28 part 3): [`EXPIRES_AFTER_LAST_ASKING_DAYS`] after the last reminder to
    /// answer (after the invitation itself when the schedule sends none).
    pub fn unanswered_expires_at(&self, invited_at: NaiveDateTime) -> NaiveDateTime {
        let last = self.unanswered_after.iter().copied().max().unwrap_or(0);
        invited_at + Duration::days(last + EXPIRES_AFTER_LAST_ASKING_DAYS)
    }

    pub fn due(
        &self,
        status: InvitationStatus,
        invited_at: NaiveDateTime,
        due_on: NaiveDate,
        at: NaiveDateTime,
        sent: &[(ReminderKind, i32)],
    ) -> Option<(ReminderKind, i32)> {
        match status {
            InvitationStatus::Invited => latest_unsent(
                ReminderKind::Unanswered,
                &self.unanswered_times(invited_at),
                at,
                sent,
            ),
            InvitationStatus::Accepted => self.due_about(due_on, at, sent),
            _ => None,
        }
    }

    /// The reminder due at `at` about something due on `due_on` (a review taken on, a
    /// revised version), as [`ReminderSchedule::due`]: once it is late, the overdue steps,
    /// never "due soon" any more.
    pub fn due_about(
        &self,
        due_on: NaiveDate,
        at: NaiveDateTime,
        sent: &[(ReminderKind, i32)],
    ) -> Option<(ReminderKind, i32)> {
        let overdue = self.overdue_times(due_on);
        if overdue.first().is_some_and(|t| *t <= at) {
            return latest_unsent(ReminderKind::Overdue, &overdue, at, sent);
        }
        latest_unsent(
            ReminderKind::DueSoon,
            &self.due_soon_times(due_on),
            at,
            sent,
        )
    }

    /// What the schedule plans next for one invitation, seen at `at`: the reminder due now
    /// (the worker sends it within a minute), or the next step to come and when; `None`
    /// when no step is left.
    pub fn planned(
        &self,
        status: InvitationStatus,
        invited_at: NaiveDateTime,
        due_on: NaiveDate,
        at: NaiveDateTime,
        sent: &[(ReminderKind, i32)],
    ) -> Option<(ReminderKind, NaiveDateTime)> {
        match status {
            InvitationStatus::Invited => {
                if let Some((kind, _)) = self.due(status, invited_at, due_on, at, sent) {
                    return Some((kind, at));
                }
                next_after(
                    ReminderKind::Unanswered,
                    &self.unanswered_times(invited_at),
                    at,
                )
            }
            InvitationStatus::Accepted => self.planned_about(due_on, at, sent),
            _ => None,
        }
    }

    /// [`ReminderSchedule::planned`] about something due on `due_on`.
    pub fn planned_about(
        &self,
        due_on: NaiveDate,
        at: NaiveDateTime,
        sent: &[(ReminderKind, i32)],
    ) -> Option<(ReminderKind, NaiveDateTime)> {
        if let Some((kind, _)) = self.due_about(due_on, at, sent) {
            return Some((kind, at));
        }
        let soon = next_after(ReminderKind::DueSoon, &self.due_soon_times(due_on), at);
        let late = next_after(ReminderKind::Overdue, &self.overdue_times(due_on), at);
        match (soon, late) {
            (Some(s), Some(l)) => Some(if s.1 <= l.1 { s } else { l }),
            (s, l) => s.or(l),
        }
    }

    /// How long an invitation may wait for its answer before it is late: until the first
    /// unanswered reminder, or a week when the schedule sends none.
    pub fn answer_awaited_days(&self) -> i64 {
        self.unanswered_after.first().copied().unwrap_or(7)
    }

    /// The schedule as it is stored and typed: `unanswered=3,7;due_soon=3;overdue=1,7,14`
    /// ([`ReminderSchedule::parse`] reads it back).
    pub fn setting(&self) -> String {
        let list = |days: &[i64]| {
            days.iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        };
        format!(
            "unanswered={};due_soon={};overdue={}",
            list(&self.unanswered_after),
            list(&self.due_soon_before),
            list(&self.overdue_after)
        )
    }

    /// What a reviewer is told of the schedule, in one sentence.
    pub fn for_reviewer_in_words(&self) -> String {
        let mut parts = Vec::new();
        if !self.unanswered_after.is_empty() {
            parts.push(format!(
                "{} after the invitation while it is unanswered",
                days_in_words(&self.unanswered_after)
            ));
        }
        if !self.due_soon_before.is_empty() {
            parts.push(format!(
                "{} before the review is due",
                days_in_words(&self.due_soon_before)
            ));
        }
        if !self.overdue_after.is_empty() {
            parts.push(format!(
                "{} after the due date",
                days_in_words(&self.overdue_after)
            ));
        }
        if parts.is_empty() {
            "No reminders are sent.".to_owned()
        } else {
            format!("Reminders go out {}.", parts.join("; "))
        }
    }

    fn unanswered_times(&self, invited_at: NaiveDateTime) -> Vec<NaiveDateTime> {
        self.unanswered_after
            .iter()
            .map(|d| invited_at + Duration::days(*d))
            .collect()
    }

    fn overdue_times(&self, due_on: NaiveDate) -> Vec<NaiveDateTime> {
        let due_at = start_of(due_on);
        self.overdue_after
            .iter()
            .map(|d| due_at + Duration::days(*d))
            .collect()
    }

    fn due_soon_times(&self, due_on: NaiveDate) -> Vec<NaiveDateTime> {
        let due_at = start_of(due_on);
        let mut soon: Vec<NaiveDateTime> = self
            .due_soon_before
            .iter()
            .map(|d| due_at - Duration::days(*d))
            .filter(|t| *t < due_at)
            .collect();
        soon.sort_unstable();
        soon
    }
}

/// Midnight at the start of `day`.
fn start_of(day: NaiveDate) -> NaiveDateTime {
    day.and_time(chrono::NaiveTime::MIN)
}

/// The latest of `times` (in order) that has come by `at`, as (kind, step), unless that step
/// (or a later one) was sent already.
fn latest_unsent(
    kind: ReminderKind,
    times: &[NaiveDateTime],
    at: NaiveDateTime,
    sent: &[(ReminderKind, i32)],
) -> Option<(ReminderKind, i32)> {
    let step = times.iter().rposition(|t| *t <= at)?;
    let step = i32::try_from(step).ok()?;
    let already = sent.iter().any(|(k, s)| *k == kind && *s >= step);
    (!already).then_some((kind, step))
}

/// The first of `times` (in order) still to come after `at`.
fn next_after(
    kind: ReminderKind,
    times: &[NaiveDateTime],
    at: NaiveDateTime,
) -> Option<(ReminderKind, NaiveDateTime)> {
    times.iter().find(|t| **t > at).map(|t| (kind, *t))
}

/// "3 and 7 days", "1, 7 and 14 days", "1 day".
pub fn days_in_words(days: &[i64]) -> String {
    let numbers: Vec<String> = days.iter().map(i64::to_string).collect();
    let unit = if days == [1] { "day" } else { "days" };
    format!("{} {unit}", join_in_words(&numbers, ", "))
}

/// "a", "a and b", "a, b and c" (with `separator` between the first ones).
fn join_in_words(parts: &[String], separator: &str) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [first @ .., last] => format!("{} and {last}", first.join(separator)),
    }
}

/// Whether a review is late: taken on, not in, and the due date has passed.
pub fn is_overdue(status: InvitationStatus, due_on: NaiveDate, today: NaiveDate) -> bool {
    status == InvitationStatus::Accepted && due_on < today
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::review::tests::{at, day};

    #[test]
    fn the_schedule_parses_and_refuses_nonsense() {
        assert_eq!(
            ReminderSchedule::parse("unanswered=3,7;due_soon=3;overdue=1,7,14"),
            Ok(ReminderSchedule::default())
        );
        let off = ReminderSchedule::parse("overdue=").unwrap();
        assert!(off.overdue_after.is_empty() && off.unanswered_after.is_empty());
        for bad in [
            "overdue",
            "late=1",
            "overdue=x",
            "overdue=-2",
            "overdue=400",
        ] {
            assert!(ReminderSchedule::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reminders_follow_the_schedule_once_each_and_stop_when_the_invitation_ends() {
        let s = ReminderSchedule::default();
        let invited = at(1);
        let due = day(15);
        let u = InvitationStatus::Invited;
        // Nothing on day 2; the first on day 4; not again on day 5; the second on day 8.
        assert_eq!(s.due(u, invited, due, at(2), &[]), None);
        assert_eq!(
            s.due(u, invited, due, at(4), &[]),
            Some((ReminderKind::Unanswered, 0))
        );
        let sent = [(ReminderKind::Unanswered, 0)];
        assert_eq!(s.due(u, invited, due, at(5), &sent), None);
        assert_eq!(
            s.due(u, invited, due, at(8), &sent),
            Some((ReminderKind::Unanswered, 1))
        );
        // After a long outage only the latest missed step goes.
        assert_eq!(
            s.due(u, invited, due, at(20), &[]),
            Some((ReminderKind::Unanswered, 1))
        );
        let a = InvitationStatus::Accepted;
        assert_eq!(s.due(a, invited, due, at(8), &[]), None);
        assert_eq!(
            s.due(a, invited, due, at(12), &[]),
            Some((ReminderKind::DueSoon, 0))
        );
        assert_eq!(
            s.due(a, invited, due, at(16), &[(ReminderKind::DueSoon, 0)]),
            Some((ReminderKind::Overdue, 0))
        );
        assert_eq!(
            s.due(a, invited, due, at(23), &[(ReminderKind::Overdue, 0)]),
            Some((ReminderKind::Overdue, 1))
        );
        for ended in [
            InvitationStatus::Declined,
            InvitationStatus::Cancelled,
            InvitationStatus::ConflictDeclared,
            InvitationStatus::Submitted,
        ] {
            assert_eq!(s.due(ended, invited, due, at(28), &[]), None, "{ended:?}");
        }
        assert!(is_overdue(a, due, day(16)));
        assert!(!is_overdue(a, due, day(15)));
        assert!(!is_overdue(InvitationStatus::Submitted, due, day(20)));
    }

    #[test]
    fn the_schedule_says_what_comes_next_and_reads_back_what_it_writes() {
        let s = ReminderSchedule::default();
        assert_eq!(ReminderSchedule::parse(&s.setting()), Ok(s.clone()));
        let (invited, due) = (at(1), day(15));
        let u = InvitationStatus::Invited;
        // Day 2: the first unanswered reminder is planned for day 4 (three days after nine).
        assert_eq!(
            s.planned(u, invited, due, at(2), &[]),
            Some((ReminderKind::Unanswered, at(4)))
        );
        // Day 5, the first sent: the second on day 8; one due and unsent goes now.
        assert_eq!(
            s.planned(u, invited, due, at(5), &[(ReminderKind::Unanswered, 0)]),
            Some((ReminderKind::Unanswered, at(8)))
        );
        assert_eq!(
            s.planned(u, invited, due, at(5), &[]),
            Some((ReminderKind::Unanswered, at(5)))
        );
        assert_eq!(
            s.planned(u, invited, due, at(9), &[(ReminderKind::Unanswered, 1)]),
            None
        );
        let a = InvitationStatus::Accepted;
        let midnight = |d: u32| day(d).and_hms_opt(0, 0, 0).unwrap();
        assert_eq!(
            s.planned(a, invited, due, at(3), &[]),
            Some((ReminderKind::DueSoon, midnight(12)))
        );
        assert_eq!(
            s.planned(a, invited, due, at(13), &[(ReminderKind::DueSoon, 0)]),
            Some((ReminderKind::Overdue, midnight(16)))
        );
        assert_eq!(
            s.for_reviewer_in_words(),
            "Reminders go out 3 and 7 days after the invitation while it is unanswered; 3 days before the review is due; 1, 7 and 14 days after the due date."
        );
        assert_eq!(
            ReminderSchedule::parse("overdue=1")
                .unwrap()
                .for_reviewer_in_words(),
            "Reminders go out 1 day after the due date."
        );
        assert_eq!(s.answer_awaited_days(), 3);
    }
}
