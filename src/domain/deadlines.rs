//! Deadlines nobody has to remember (issue 18): when a revised version is due, a
//! collection's deadline settings (the revision periods and both reminder schedules), what
//! the deadlines view waits for and how late it is, and "Remind now" at most once a minute.
//! Pure rules: the workflow's `deadlines` module reads and writes what they decide on.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::FormErrors;
use super::decision::DecisionKind;
use super::review::{ReminderKind, ReminderSchedule};
use super::review_rings::{FAST_REVIEW_HOURS, FAST_REVIEW_HOURS_MAX};

/// Days an author has for a minor revision, unless the collection says otherwise.
pub const MINOR_REVISION_DAYS: i32 = 30;
/// Days an author has for a major revision, unless the collection says otherwise.
pub const MAJOR_REVISION_DAYS: i32 = 60;
/// The author's reminders about a revised version, unless the collection says otherwise: a
/// week before it is due, the day after, and two weeks after.
pub const REVISION_REMINDERS: &str = "due_soon=7;overdue=1,14";
/// The furthest a due date may be set, in days from today.
pub const LONGEST_DEADLINE_DAYS: i64 = 365;
/// "Remind now" sends one reminder about the same thing in this many seconds, however often
/// it is pressed and from however many tabs.
pub const REMIND_AGAIN_AFTER_SECONDS: i64 = 60;
/// Reviewers wanted at once, unless the collection or the editor says otherwise; and the
/// most either may ask for.
pub const REVIEWERS_WANTED: i32 = 2;
pub const REVIEWERS_WANTED_MAX: i32 = 20;

/// The deadlines view lists reviews due within this many days, unless asked otherwise.
pub const DUE_WITHIN_DAYS: i64 = 7;
/// The most days ahead the deadlines view looks.
pub const DUE_WITHIN_MAX: i64 = 90;

/// One collection's deadline settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineSettings {
    pub minor_revision_days: i32,
    pub major_revision_days: i32,
    /// The collection's own reviewer reminders; `None` follows the site's
    /// (`PEERDESK_REVIEW_REMINDERS`).
    pub review_reminders: Option<ReminderSchedule>,
    /// The author's reminders about a revised version (only `due_soon` and `overdue`).
    pub revision_reminders: ReminderSchedule,
    /// A report sent sooner than this many hours after accepting raises a signal (issue 27).
    pub fast_review_hours: i32,
    /// Reviewers a submission wants at once when its editor has not said (issue 28): the
    /// number backups fill up to.
    pub reviewers_wanted: i32,
}

impl Default for DeadlineSettings {
    fn default() -> Self {
        DeadlineSettings {
            minor_revision_days: MINOR_REVISION_DAYS,
            major_revision_days: MAJOR_REVISION_DAYS,
            review_reminders: None,
            revision_reminders: default_revision_reminders(),
            fast_review_hours: FAST_REVIEW_HOURS,
            reviewers_wanted: REVIEWERS_WANTED,
        }
    }
}

/// [`REVISION_REMINDERS`], read.
pub fn default_revision_reminders() -> ReminderSchedule {
    ReminderSchedule {
        unanswered_after: Vec::new(),
        due_soon_before: vec![7],
        overdue_after: vec![1, 14],
    }
}

impl DeadlineSettings {
    /// The days an author has for the revision `kind` asks for; `None` for a decision that
    /// asks for none.
    pub fn revision_days(&self, kind: DecisionKind) -> Option<i32> {
        match kind {
            DecisionKind::MinorRevision => Some(self.minor_revision_days),
            DecisionKind::MajorRevision => Some(self.major_revision_days),
            _ => None,
        }
    }

    /// The due date the decision form offers for `kind`, decided on `today`.
    pub fn default_revision_due(&self, kind: DecisionKind, today: NaiveDate) -> Option<NaiveDate> {
        self.revision_days(kind)
            .map(|d| today + Duration::days(i64::from(d)))
    }

    /// The reviewer reminders that apply: the collection's own, or the site's.
    pub fn review_schedule<'a>(&'a self, site: &'a ReminderSchedule) -> &'a ReminderSchedule {
        self.review_reminders.as_ref().unwrap_or(site)
    }
}

/// Reads a stored revision schedule; one that does not read (never written by this code)
/// is the default, so an author is still reminded.
pub fn revision_reminders_from(stored: &str) -> ReminderSchedule {
    ReminderSchedule::parse(stored)
        .ok()
        .filter(|s| s.unanswered_after.is_empty())
        .unwrap_or_else(default_revision_reminders)
}

/// What the deadlines view waits for, and what "Remind now" is about. Stored as
/// [`Awaited::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Awaited {
    /// A reviewer's answer to an invitation.
    Answer,
    /// A review taken on.
    Review,
    /// The authors' revised version.
    Revision,
    /// The handling editor's decision, all reviews being in.
    Decision,
    /// The outcome of an appeal.
    Appeal,
}

impl Awaited {
    pub const ALL: [Awaited; 5] = [
        Awaited::Answer,
        Awaited::Review,
        Awaited::Revision,
        Awaited::Decision,
        Awaited::Appeal,
    ];

    /// The stored name; never change one, rows hold it.
    pub fn as_str(self) -> &'static str {
        match self {
            Awaited::Answer => "answer",
            Awaited::Review => "review",
            Awaited::Revision => "revision",
            Awaited::Decision => "decision",
            Awaited::Appeal => "appeal",
        }
    }

    pub fn parse(s: &str) -> Option<Awaited> {
        Awaited::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Whether a reviewer is awaited (then an invitation says which).
    pub fn is_reviewer(self) -> bool {
        matches!(self, Awaited::Answer | Awaited::Review)
    }

    /// The outbox kind of the reminder sent by hand.
    pub fn mail_kind(self) -> &'static str {
        match self {
            Awaited::Answer | Awaited::Review => "review_reminder",
            Awaited::Revision => "revision_reminder",
            Awaited::Decision => "decision_reminder",
            Awaited::Appeal => "appeal_reminder",
        }
    }
}

/// "1 day", "3 days".
pub fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

/// A date as the pages and letters write it: "6 January 2027".
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// Whole days from `from` to `to` (0 when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days().max(0)
}

/// Whether "Remind now" may send again, the last reminder sent by hand about the same thing
/// having been queued at `last`.
pub fn may_remind_again(last: Option<NaiveDateTime>, at: NaiveDateTime) -> bool {
    last.is_none_or(|t| at - t >= Duration::seconds(REMIND_AGAIN_AFTER_SECONDS))
}

/// What a reminder to the authors says first.
pub fn revision_reminder_sentence(
    kind: ReminderKind,
    due_on: NaiveDate,
    today: NaiveDate,
) -> String {
    match kind {
        ReminderKind::Overdue => format!(
            "Your revised version was due on {}, {} ago.",
            long_date(due_on),
            days(days_between(due_on, today))
        ),
        _ if due_on <= today => {
            format!("Your revised version is due today, {}.", long_date(due_on))
        }
        _ => format!(
            "Your revised version is due on {}, in {}.",
            long_date(due_on),
            days(days_between(today, due_on))
        ),
    }
}

/// A date typed into a form (`2027-01-06`), or what is wrong with it.
fn typed_date(text: &str) -> Result<NaiveDate, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter the date the revised version is due (for example 2027-01-06).");
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| "Enter the date as year-month-day, for example 2027-01-06.")
}

/// The due date an editor typed for a revised version, decided on `today`: after today and
/// at most [`LONGEST_DEADLINE_DAYS`] ahead.
pub fn check_revision_due(text: &str, today: NaiveDate) -> Result<NaiveDate, &'static str> {
    let due = typed_date(text)?;
    if due <= today {
        return Err("The revised version must be due after today.");
    }
    if due > today + Duration::days(LONGEST_DEADLINE_DAYS) {
        return Err("The revised version can be due at most a year from today.");
    }
    Ok(due)
}

/// The new due date of an extension: later than the one it replaces, at most
/// [`LONGEST_DEADLINE_DAYS`] from today.
pub fn check_extension(
    text: &str,
    due_now: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, String> {
    let due = typed_date(text).map_err(str::to_owned)?;
    if due <= due_now {
        return Err(format!(
            "An extension moves the date later: choose a date after {}.",
            long_date(due_now)
        ));
    }
    if due > today + Duration::days(LONGEST_DEADLINE_DAYS) {
        return Err("The revised version can be due at most a year from today.".to_owned());
    }
    Ok(due)
}

/// How far ahead the deadlines view looks for reviews due soon: [`DUE_WITHIN_DAYS`] when
/// not asked, else a whole number of days from 1 to [`DUE_WITHIN_MAX`].
pub fn check_within(text: &str) -> Result<i64, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(DUE_WITHIN_DAYS);
    }
    match text.parse::<i64>() {
        Ok(n) if (1..=DUE_WITHIN_MAX).contains(&n) => Ok(n),
        _ => Err("Show reviews due within a whole number of days, from 1 to 90."),
    }
}

/// The longest note an editor may add to an extension.
pub const NOTE_MAX: usize = 2000;

/// The note an editor adds to an extension, trimmed, or what is wrong with it.
pub fn check_note(text: &str) -> Result<String, &'static str> {
    let t = text.trim();
    if t.chars().count() > NOTE_MAX {
        Err("Keep the note to the authors under 2,000 characters.")
    } else {
        Ok(t.replace("\r\n", "\n"))
    }
}

/// The deadline settings form, as typed: every field text, so a refused form comes back with
/// what was typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct DeadlineSettingsInput {
    #[serde(default)]
    pub minor_revision_days: String,
    #[serde(default)]
    pub major_revision_days: String,
    /// "site" (the site's reviewer reminders) or "own" (the three lists below).
    #[serde(default)]
    pub review_schedule: String,
    #[serde(default)]
    pub unanswered: String,
    #[serde(default)]
    pub due_soon: String,
    #[serde(default)]
    pub overdue: String,
    #[serde(default)]
    pub revision_due_soon: String,
    #[serde(default)]
    pub revision_overdue: String,
    /// Hours after accepting under which a report is flagged as fast.
    #[serde(default)]
    pub fast_review_hours: String,
    /// Reviewers wanted at once by default.
    #[serde(default)]
    pub reviewers_wanted: String,
}

impl DeadlineSettingsInput {
    /// The form as the settings are now; the reviewer lists show `site`'s when the
    /// collection follows the site, so choosing "own" starts from them.
    pub fn of(s: &DeadlineSettings, site: &ReminderSchedule) -> Self {
        let review = s.review_schedule(site);
        DeadlineSettingsInput {
            minor_revision_days: s.minor_revision_days.to_string(),
            major_revision_days: s.major_revision_days.to_string(),
            review_schedule: if s.review_reminders.is_some() {
                "own"
            } else {
                "site"
            }
            .to_owned(),
            unanswered: days_list(&review.unanswered_after),
            due_soon: days_list(&review.due_soon_before),
            overdue: days_list(&review.overdue_after),
            revision_due_soon: days_list(&s.revision_reminders.due_soon_before),
            revision_overdue: days_list(&s.revision_reminders.overdue_after),
            fast_review_hours: s.fast_review_hours.to_string(),
            reviewers_wanted: s.reviewers_wanted.to_string(),
        }
    }

    /// The settings, or every problem beside its field.
    pub fn parse(&self) -> Result<DeadlineSettings, FormErrors> {
        let mut e = FormErrors::new();
        let period = |e: &mut FormErrors, field: &str, text: &str| match text.trim().parse::<i32>()
        {
            Ok(n) if (1..=365).contains(&n) => Some(n),
            _ => {
                e.add(field, "Enter a whole number of days, from 1 to 365.");
                None
            }
        };
        let minor = period(&mut e, "minor_revision_days", &self.minor_revision_days);
        let fast = count(
            &mut e,
            ("fast_review_hours", &self.fast_review_hours),
            (FAST_REVIEW_HOURS, 0..=FAST_REVIEW_HOURS_MAX),
            format!(
                "Enter a whole number of hours, from 0 (no signal) to {FAST_REVIEW_HOURS_MAX}."
            ),
        );
        let major = period(&mut e, "major_revision_days", &self.major_revision_days);
        let wanted = count(
            &mut e,
            ("reviewers_wanted", &self.reviewers_wanted),
            (REVIEWERS_WANTED, 1..=REVIEWERS_WANTED_MAX),
            format!("Enter a whole number of reviewers, from 1 to {REVIEWERS_WANTED_MAX}."),
        );
        let own = match self.review_schedule.as_str() {
            "own" => true,
            "site" => false,
            _ => {
                e.add(
                    "review_schedule",
                    "Choose whose reviewer reminders this collection follows.",
                );
                false
            }
        };
        // The reviewer lists count only for a collection's own schedule: following the
        // site's, whatever they hold is set aside, not refused.
        let site = self.review_schedule == "site";
        let mut list = |field: &str, text: &str| match parse_days(text) {
            Ok(days) => days,
            Err(_) if site && !field.starts_with("revision_") => Vec::new(),
            Err(message) => {
                e.add(field, message);
                Vec::new()
            }
        };
        let review = ReminderSchedule {
            unanswered_after: list("unanswered", &self.unanswered),
            due_soon_before: list("due_soon", &self.due_soon),
            overdue_after: list("overdue", &self.overdue),
        };
        let revision = ReminderSchedule {
            unanswered_after: Vec::new(),
            due_soon_before: list("revision_due_soon", &self.revision_due_soon),
            overdue_after: list("revision_overdue", &self.revision_overdue),
        };
        match (minor, major, fast, wanted) {
            (
                Some(minor_revision_days),
                Some(major_revision_days),
                Some(fast_review_hours),
                Some(reviewers_wanted),
            ) if e.is_empty() => Ok(DeadlineSettings {
                minor_revision_days,
                major_revision_days,
                review_reminders: own.then_some(review),
                revision_reminders: revision,
                fast_review_hours,
                reviewers_wanted,
            }),
            _ => Err(e),
        }
    }
}

/// A whole number typed in `field`, within `range`; left empty, `default` (as before the
/// setting existed); otherwise `message` beside the field.
fn count(
    e: &mut FormErrors,
    (field, typed): (&str, &str),
    (default, range): (i32, std::ops::RangeInclusive<i32>),
    message: String,
) -> Option<i32> {
    let n = match typed.trim() {
        "" => Ok(default),
        typed => typed.parse::<i32>(),
    };
    match n {
        Ok(n) if range.contains(&n) => Some(n),
        _ => {
            e.add(field, message);
            None
        }
    }
}

/// "3, 7" for the form.
fn days_list(days: &[i64]) -> String {
    days.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Days typed as "3, 7" (an empty field sends none), in order, each once.
fn parse_days(text: &str) -> Result<Vec<i64>, &'static str> {
    let mut out = Vec::new();
    for d in text
        .split([',', ' ', ';'])
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        match d.parse::<i64>() {
            Ok(n) if (0..=365).contains(&n) => out.push(n),
            _ => {
                return Err(
                    "List whole numbers of days from 0 to 365, separated by commas (for example 3, 7), or leave it empty for none.",
                );
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_revision_is_due_after_the_collections_period_and_an_extension_moves_it_later() {
        let s = DeadlineSettings::default();
        let today = day(2026, 12, 7);
        assert_eq!(
            s.default_revision_due(DecisionKind::MinorRevision, today),
            Some(day(2027, 1, 6))
        );
        assert_eq!(
            s.default_revision_due(DecisionKind::MajorRevision, today),
            Some(day(2027, 2, 5))
        );
        assert_eq!(s.default_revision_due(DecisionKind::Accept, today), None);
        assert_eq!(check_revision_due("2027-01-06", today), Ok(day(2027, 1, 6)));
        for bad in ["", "6 January", "2026-12-07", "2026-12-01", "2028-01-01"] {
            assert!(check_revision_due(bad, today).is_err(), "{bad}");
        }
        let due = day(2027, 1, 6);
        assert_eq!(
            check_extension("2027-01-20", due, today),
            Ok(day(2027, 1, 20))
        );
        assert!(check_extension("2027-01-06", due, today).is_err());
        assert!(check_extension("2027-01-01", due, today).is_err());
    }

    #[test]
    fn the_settings_form_reads_back_what_it_shows_and_refuses_nonsense() {
        let site = ReminderSchedule::default();
        let s = DeadlineSettings::default();
        let input = DeadlineSettingsInput::of(&s, &site);
        assert_eq!(input.review_schedule, "site");
        assert_eq!(input.overdue, "1, 7, 14");
        assert_eq!(input.parse(), Ok(s));
        let own = DeadlineSettingsInput {
            review_schedule: "own".into(),
            unanswered: "5".into(),
            overdue: "2,2, 9".into(),
            ..input.clone()
        };
        let parsed = own.parse().unwrap();
        let review = parsed.review_reminders.unwrap();
        assert_eq!(review.unanswered_after, vec![5]);
        assert_eq!(review.overdue_after, vec![2, 9]);
        let bad = DeadlineSettingsInput {
            minor_revision_days: "0".into(),
            major_revision_days: "many".into(),
            review_schedule: "theirs".into(),
            due_soon: "-1".into(),
            revision_overdue: "x".into(),
            ..input
        };
        let errors = bad.clone().parse().unwrap_err();
        for field in [
            "minor_revision_days",
            "major_revision_days",
            "review_schedule",
            "due_soon",
            "revision_overdue",
        ] {
            assert!(errors.has(field), "{field}");
        }
        // Following the site's schedule, the collection's own lists are set aside.
        let following = DeadlineSettingsInput {
            minor_revision_days: "21".into(),
            major_revision_days: "45".into(),
            review_schedule: "site".into(),
            revision_overdue: "2".into(),
            ..bad
        };
        assert_eq!(following.parse().map(|s| s.review_reminders), Ok(None));
    }

    #[test]
    fn remind_now_sends_once_a_minute_and_the_view_looks_a_week_ahead_by_default() {
        let at = day(2026, 12, 7).and_hms_opt(10, 0, 0).unwrap();
        assert!(may_remind_again(None, at));
        assert!(!may_remind_again(Some(at - Duration::seconds(59)), at));
        assert!(may_remind_again(Some(at - Duration::seconds(60)), at));
        assert_eq!(check_within(""), Ok(7));
        assert_eq!(check_within("14"), Ok(14));
        for bad in ["0", "91", "soon", "-3"] {
            assert!(check_within(bad).is_err(), "{bad}");
        }
        for a in Awaited::ALL {
            assert_eq!(Awaited::parse(a.as_str()), Some(a));
        }
    }

    #[test]
    fn authors_are_told_how_long_is_left_or_how_late_it_is() {
        let due = day(2027, 1, 6);
        assert_eq!(
            revision_reminder_sentence(ReminderKind::DueSoon, due, day(2026, 12, 30)),
            "Your revised version is due on 6 January 2027, in 7 days."
        );
        assert_eq!(
            revision_reminder_sentence(ReminderKind::Overdue, due, day(2027, 1, 7)),
            "Your revised version was due on 6 January 2027, 1 day ago."
        );
        assert_eq!(
            revision_reminders_from("nonsense"),
            default_revision_reminders()
        );
        assert_eq!(
            revision_reminders_from(REVISION_REMINDERS),
            default_revision_reminders()
        );
    }
}
