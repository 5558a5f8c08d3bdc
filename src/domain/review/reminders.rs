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
}

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
    pub fn due(
        &self,
        status: InvitationStatus,
        invited_at: NaiveDateTime,
        due_on: NaiveDate,
        at: NaiveDateTime,
        sent: &[(ReminderKind, i32)],
    ) -> Option<(ReminderKind, i32)> {
        let due_at = due_on.and_hms_opt(0, 0, 0).unwrap_or(invited_at);
        let latest =
            |kind: ReminderKind, times: Vec<NaiveDateTime>| -> Option<(ReminderKind, i32)> {
                let step = times.iter().rposition(|t| *t <= at)?;
                let step = i32::try_from(step).ok()?;
                let already = sent.iter().any(|(k, s)| *k == kind && *s >= step);
                (!already).then_some((kind, step))
            };
        match status {
            InvitationStatus::Invited => latest(
                ReminderKind::Unanswered,
                self.unanswered_after
                    .iter()
                    .map(|d| invited_at + Duration::days(*d))
                    .collect(),
            ),
            InvitationStatus::Accepted => {
                // A late review gets the overdue reminders, not "due soon" any more.
                let overdue: Vec<NaiveDateTime> = self
                    .overdue_after
                    .iter()
                    .map(|d| due_at + Duration::days(*d))
                    .collect();
                if overdue.first().is_some_and(|t| *t <= at) {
                    return latest(ReminderKind::Overdue, overdue);
                }
                let mut soon: Vec<NaiveDateTime> = self
                    .due_soon_before
                    .iter()
                    .map(|d| due_at - Duration::days(*d))
                    .filter(|t| *t < due_at)
                    .collect();
                soon.sort_unstable();
                latest(ReminderKind::DueSoon, soon)
            }
            _ => None,
        }
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
}
