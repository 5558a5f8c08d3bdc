//! Peer review in the journal's words: a review invitation and where it stands, the
//! reviewer's recommendation, what the editor and the reviewer type into their forms, and the
//! reminder schedule. Pure code: storage and e-mail are the `reviews` service's business.

use std::fmt;
use std::str::FromStr;

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::FormErrors;

/// Where a review invitation stands.
///
/// ```text
/// invited ──accept──▶ accepted ──submit review──▶ submitted
///    │                  │
///    ├─decline─▶ declined
///    └──────────────────┴─cancel (editor, withdrawal)─▶ cancelled
///                       └─"I have a competing interest"─▶ conflict_declared
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InvitationStatus {
    /// Sent; the reviewer has not answered.
    Invited,
    /// The reviewer agreed to review; the review is not in yet.
    Accepted,
    Declined,
    /// Ended by the editor, or because the submission was withdrawn.
    Cancelled,
    /// The reviewer declared a competing interest after accepting.
    ConflictDeclared,
    /// The review is in (still editable until the editor decides).
    Submitted,
}

impl InvitationStatus {
    pub const ALL: [InvitationStatus; 6] = [
        InvitationStatus::Invited,
        InvitationStatus::Accepted,
        InvitationStatus::Declined,
        InvitationStatus::Cancelled,
        InvitationStatus::ConflictDeclared,
        InvitationStatus::Submitted,
    ];

    /// The stored name; never change one, rows hold it.
    pub fn as_str(self) -> &'static str {
        match self {
            InvitationStatus::Invited => "invited",
            InvitationStatus::Accepted => "accepted",
            InvitationStatus::Declined => "declined",
            InvitationStatus::Cancelled => "cancelled",
            InvitationStatus::ConflictDeclared => "conflict_declared",
            InvitationStatus::Submitted => "submitted",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            InvitationStatus::Invited => "Invited, no answer yet",
            InvitationStatus::Accepted => "Accepted, review in progress",
            InvitationStatus::Declined => "Declined",
            InvitationStatus::Cancelled => "Cancelled",
            InvitationStatus::ConflictDeclared => "Ended: competing interest declared",
            InvitationStatus::Submitted => "Review submitted",
        }
    }

    /// Whether the invitation still asks something of the reviewer: reminders go only to
    /// these, and a second invitation to the same person is refused while one is live.
    pub fn is_live(self) -> bool {
        matches!(self, InvitationStatus::Invited | InvitationStatus::Accepted)
    }

    /// Whether the reviewer has taken the review on (and not given it up).
    pub fn is_taken_on(self) -> bool {
        matches!(
            self,
            InvitationStatus::Accepted | InvitationStatus::Submitted
        )
    }
}

impl FromStr for InvitationStatus {
    type Err = &'static str;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        InvitationStatus::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or("Unknown invitation status.")
    }
}

impl fmt::Display for InvitationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The reviewer's recommendation to the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recommendation {
    Accept,
    MinorRevision,
    MajorRevision,
    Reject,
}

impl Recommendation {
    pub const ALL: [Recommendation; 4] = [
        Recommendation::Accept,
        Recommendation::MinorRevision,
        Recommendation::MajorRevision,
        Recommendation::Reject,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Recommendation::Accept => "accept",
            Recommendation::MinorRevision => "minor_revision",
            Recommendation::MajorRevision => "major_revision",
            Recommendation::Reject => "reject",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Recommendation::Accept => "Accept",
            Recommendation::MinorRevision => "Minor revision",
            Recommendation::MajorRevision => "Major revision",
            Recommendation::Reject => "Reject",
        }
    }
}

impl FromStr for Recommendation {
    type Err = &'static str;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Recommendation::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or("Unknown recommendation.")
    }
}

/// The label of a stored recommendation ("" while the review is a draft without one).
pub fn recommendation_label(stored: &str) -> &'static str {
    stored.parse::<Recommendation>().map_or("", |r| r.label())
}

const MESSAGE_MAX: usize = 5_000;
const REASON_MAX: usize = 2_000;
const ALTERNATIVE_MAX: usize = 500;
const COMMENTS_MAX: usize = 60_000;
/// The longest review period an editor may set.
pub const LONGEST_REVIEW_DAYS: i64 = 120;

fn too_long(errors: &mut FormErrors, field: &str, value: &str, max: usize, what: &str) {
    if value.chars().count() > max {
        errors.add(
            field,
            format!(
                "Keep {what} under {max} characters; it has {}.",
                value.chars().count()
            ),
        );
    }
}

/// What the editor types when inviting: a message and a due date.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct InvitationInput {
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub due_on: String,
}

impl InvitationInput {
    /// The message and the due date, or what is wrong with them. `today` decides what
    /// "in the past" means.
    pub fn parse(&self, today: NaiveDate) -> Result<(String, NaiveDate), FormErrors> {
        let mut errors = FormErrors::new();
        let message = self.message.trim().to_owned();
        too_long(&mut errors, "message", &message, MESSAGE_MAX, "the message");
        let due = match NaiveDate::parse_from_str(self.due_on.trim(), "%Y-%m-%d") {
            Ok(d) if d <= today => {
                errors.add("due_on", "The due date must be after today.");
                None
            }
            Ok(d) if d > today + Duration::days(LONGEST_REVIEW_DAYS) => {
                errors.add(
                    "due_on",
                    format!("Give the reviewer at most {LONGEST_REVIEW_DAYS} days."),
                );
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                errors.add(
                    "due_on",
                    "Give the due date as YYYY-MM-DD, e.g. 2026-12-07.",
                );
                None
            }
        };
        match due {
            Some(d) if errors.is_empty() => Ok((message, d)),
            _ => Err(errors),
        }
    }
}

/// What a reviewer who declines may tell the editor.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct DeclineInput {
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub suggested_alternative: String,
}

impl DeclineInput {
    pub fn parse(&self) -> Result<(String, String), FormErrors> {
        let mut errors = FormErrors::new();
        let reason = self.reason.trim().to_owned();
        let alternative = self.suggested_alternative.trim().to_owned();
        too_long(&mut errors, "reason", &reason, REASON_MAX, "the reason");
        too_long(
            &mut errors,
            "suggested_alternative",
            &alternative,
            ALTERNATIVE_MAX,
            "the suggestion",
        );
        if errors.is_empty() {
            Ok((reason, alternative))
        } else {
            Err(errors)
        }
    }
}

/// "I have no competing interest" or "I have one", before the files open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Declaration {
    NoCompetingInterest,
    CompetingInterest { statement: String },
}

/// The declaration form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct DeclarationInput {
    /// "none" or "declared".
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub statement: String,
}

impl DeclarationInput {
    pub fn parse(&self) -> Result<Declaration, FormErrors> {
        let mut errors = FormErrors::new();
        let statement = self.statement.trim().to_owned();
        too_long(
            &mut errors,
            "statement",
            &statement,
            REASON_MAX,
            "the statement",
        );
        let out = match self.answer.as_str() {
            "none" => Some(Declaration::NoCompetingInterest),
            "declared" if statement.is_empty() => {
                errors.add(
                    "statement",
                    "Say briefly what the competing interest is; only the editor reads it.",
                );
                None
            }
            "declared" => Some(Declaration::CompetingInterest { statement }),
            _ => {
                errors.add(
                    "answer",
                    "Choose whether you have a competing interest with this manuscript.",
                );
                None
            }
        };
        match out {
            Some(d) if errors.is_empty() => Ok(d),
            _ => Err(errors),
        }
    }
}

/// What the reviewer's button asks for. A submitted review changes only through
/// [`ReviewStep::Revise`], never through a draft save (an older tab's "Save draft" must not
/// rewrite what the editor already read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStep {
    SaveDraft,
    Submit,
    Revise,
}

impl ReviewStep {
    /// The form's `action` button; anything else is a draft save, the harmless one.
    pub fn parse(action: &str) -> ReviewStep {
        match action {
            "submit" => ReviewStep::Submit,
            "revise" => ReviewStep::Revise,
            _ => ReviewStep::SaveDraft,
        }
    }
}

/// The review as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ReviewInput {
    #[serde(default)]
    pub recommendation: String,
    #[serde(default)]
    pub comments_to_authors: String,
    #[serde(default)]
    pub confidential_comments: String,
}

/// A review that passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewContent {
    pub recommendation: Option<Recommendation>,
    pub comments_to_authors: String,
    pub confidential_comments: String,
}

impl ReviewInput {
    /// A draft may be incomplete; a submitted review needs a recommendation and comments to
    /// the authors (the decision letter quotes them).
    pub fn parse(&self, submitting: bool) -> Result<ReviewContent, FormErrors> {
        let mut errors = FormErrors::new();
        let recommendation = match self.recommendation.trim() {
            "" => None,
            r => match r.parse::<Recommendation>() {
                Ok(r) => Some(r),
                Err(_) => {
                    errors.add("recommendation", "Choose one of the recommendations.");
                    None
                }
            },
        };
        let to_authors = self.comments_to_authors.trim().to_owned();
        let confidential = self.confidential_comments.trim().to_owned();
        too_long(
            &mut errors,
            "comments_to_authors",
            &to_authors,
            COMMENTS_MAX,
            "the comments",
        );
        too_long(
            &mut errors,
            "confidential_comments",
            &confidential,
            COMMENTS_MAX,
            "the comments",
        );
        if submitting {
            if recommendation.is_none() && !errors.has("recommendation") {
                errors.add(
                    "recommendation",
                    "Choose your recommendation before submitting the review.",
                );
            }
            if to_authors.is_empty() {
                errors.add(
                    "comments_to_authors",
                    "Write your comments to the authors before submitting; the decision letter quotes them.",
                );
            }
        }
        if errors.is_empty() {
            Ok(ReviewContent {
                recommendation,
                comments_to_authors: to_authors,
                confidential_comments: confidential,
            })
        } else {
            Err(errors)
        }
    }
}

// ---- Reminders --------------------------------------------------------------------------

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

/// What reviewer numbering needs to know of one invitation.
#[derive(Debug, Clone, Copy)]
pub struct NumberingFacts {
    pub invitation_id: i64,
    pub reviewer_id: i64,
    pub status: InvitationStatus,
    pub invited_at: NaiveDateTime,
    /// When the reviewer answered (accepted or declined).
    pub responded_at: Option<NaiveDateTime>,
}

impl NumberingFacts {
    /// When the reviewer agreed to review under this invitation; `None` if they never did
    /// (unanswered, declined, or cancelled before an answer).
    fn agreed_at(&self) -> Option<NaiveDateTime> {
        match self.status {
            InvitationStatus::Invited | InvitationStatus::Declined => None,
            InvitationStatus::Cancelled => self.responded_at,
            InvitationStatus::Accepted
            | InvitationStatus::Submitted
            | InvitationStatus::ConflictDeclared => {
                Some(self.responded_at.unwrap_or(self.invited_at))
            }
        }
    }
}

/// The reviewers' numbers on one submission ("Reviewer 1", "Reviewer 2" …): the same in
/// the decision letter, on the editor's pages and e-mails, and on the reviewers' desks.
///
/// The rule (Editorial Manager's): a reviewer gets the next number when they first agree to
/// review the submission, in any round, and keeps it in every later round. A number never
/// changes afterwards: whoever submits first, a cancellation or a competing interest
/// declared after accepting renumbers nobody (a gap is possible, a change is not). Those
/// who never agreed (no answer, declined) have no number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewerNumbers(Vec<(i64, u32)>);

impl ReviewerNumbers {
    /// Numbers for every invitation of one submission, all rounds.
    pub fn new(invitations: &[NumberingFacts]) -> ReviewerNumbers {
        let mut agreed: Vec<(NaiveDateTime, i64, i64)> = invitations
            .iter()
            .filter_map(|i| i.agreed_at().map(|at| (at, i.invitation_id, i.reviewer_id)))
            .collect();
        agreed.sort_unstable();
        let mut out: Vec<(i64, u32)> = Vec::new();
        for (_, _, reviewer_id) in agreed {
            if !out.iter().any(|(r, _)| *r == reviewer_id) {
                let next = u32::try_from(out.len()).unwrap_or(u32::MAX - 1) + 1;
                out.push((reviewer_id, next));
            }
        }
        ReviewerNumbers(out)
    }

    /// The reviewer's number, if they ever agreed to review this submission.
    pub fn of(&self, reviewer_id: i64) -> Option<u32> {
        self.0
            .iter()
            .find(|(r, _)| *r == reviewer_id)
            .map(|(_, n)| *n)
    }

    /// "Reviewer 2", or `None` for someone without a number.
    pub fn label(&self, reviewer_id: i64) -> Option<String> {
        self.of(reviewer_id).map(|n| format!("Reviewer {n}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn at(d: u32) -> NaiveDateTime {
        day(d).and_hms_opt(9, 0, 0).unwrap()
    }

    fn facts(
        invitation_id: i64,
        reviewer_id: i64,
        status: InvitationStatus,
        responded: Option<u32>,
    ) -> NumberingFacts {
        NumberingFacts {
            invitation_id,
            reviewer_id,
            status,
            invited_at: at(1),
            responded_at: responded.map(at),
        }
    }

    #[test]
    fn reviewers_are_numbered_in_the_order_they_agree_and_keep_their_number() {
        use InvitationStatus::*;
        // A is invited first, B second; A agrees on the 3rd, B on the 4th; B submits first.
        let round_1 = [
            facts(1, 10, Submitted, Some(3)),
            facts(2, 20, Submitted, Some(4)),
            facts(3, 30, Declined, Some(2)),
            facts(4, 40, Invited, None),
        ];
        let n = ReviewerNumbers::new(&round_1);
        assert_eq!(n.of(10), Some(1));
        assert_eq!(n.of(20), Some(2));
        assert_eq!(n.of(30), None, "declined: no number");
        assert_eq!(n.of(40), None, "no answer yet: no number");
        assert_eq!(n.label(20).as_deref(), Some("Reviewer 2"));

        // Round 2: B comes back first, a new reviewer C joins, A agrees again later.
        let mut both = round_1.to_vec();
        both.extend([
            facts(5, 20, Accepted, Some(10)),
            facts(6, 50, Submitted, Some(11)),
            facts(7, 10, Accepted, Some(12)),
        ]);
        let n2 = ReviewerNumbers::new(&both);
        assert_eq!(
            n2.of(10),
            Some(1),
            "a returning reviewer keeps their number"
        );
        assert_eq!(n2.of(20), Some(2));
        assert_eq!(n2.of(50), Some(3));
    }

    #[test]
    fn ending_a_review_renumbers_nobody() {
        use InvitationStatus::*;
        let before = [
            facts(1, 10, Accepted, Some(3)),
            facts(2, 20, Accepted, Some(4)),
        ];
        let after = [
            facts(1, 10, ConflictDeclared, Some(3)),
            facts(2, 20, Submitted, Some(4)),
            // Cancelled before answering: never agreed.
            facts(3, 30, Cancelled, None),
        ];
        assert_eq!(ReviewerNumbers::new(&before).of(20), Some(2));
        let n = ReviewerNumbers::new(&after);
        assert_eq!(n.of(10), Some(1));
        assert_eq!(n.of(20), Some(2));
        assert_eq!(n.of(30), None);
        // Cancelled after agreeing keeps the number.
        let cancelled = [
            facts(1, 10, Cancelled, Some(3)),
            facts(2, 20, Submitted, Some(4)),
        ];
        assert_eq!(ReviewerNumbers::new(&cancelled).of(20), Some(2));
        // Same moment: the earlier invitation first.
        let tie = [
            facts(9, 90, Accepted, Some(5)),
            facts(8, 80, Accepted, Some(5)),
        ];
        assert_eq!(ReviewerNumbers::new(&tie).of(80), Some(1));
    }

    #[test]
    fn statuses_round_trip_and_only_invited_and_accepted_are_live() {
        for s in InvitationStatus::ALL {
            assert_eq!(s.as_str().parse::<InvitationStatus>(), Ok(s));
        }
        let live: Vec<_> = InvitationStatus::ALL
            .into_iter()
            .filter(|s| s.is_live())
            .collect();
        assert_eq!(
            live,
            vec![InvitationStatus::Invited, InvitationStatus::Accepted]
        );
        for r in Recommendation::ALL {
            assert_eq!(r.as_str().parse::<Recommendation>(), Ok(r));
        }
        assert_eq!(recommendation_label("minor_revision"), "Minor revision");
        assert_eq!(recommendation_label(""), "");
    }

    #[test]
    fn the_due_date_must_be_after_today_and_within_limits() {
        let today = day(10);
        let input = |d: &str| InvitationInput {
            message: "Please".into(),
            due_on: d.into(),
        };
        assert_eq!(
            input("2026-11-24").parse(today),
            Ok(("Please".to_owned(), day(24)))
        );
        for bad in ["2026-11-10", "2026-11-01", "24/11/2026", "", "2027-06-01"] {
            let errors = input(bad).parse(today).unwrap_err();
            assert!(errors.has("due_on"), "{bad}");
        }
        let long = InvitationInput {
            message: "x".repeat(MESSAGE_MAX + 1),
            due_on: "2026-11-24".into(),
        };
        assert!(long.parse(today).unwrap_err().has("message"));
    }

    #[test]
    fn a_submitted_review_needs_a_recommendation_and_comments_a_draft_does_not() {
        let empty = ReviewInput::default();
        assert!(empty.parse(false).is_ok());
        let errors = empty.parse(true).unwrap_err();
        assert!(errors.has("recommendation") && errors.has("comments_to_authors"));
        let full = ReviewInput {
            recommendation: "major_revision".into(),
            comments_to_authors: "  The cohort is small.  ".into(),
            confidential_comments: String::new(),
        };
        let c = full.parse(true).unwrap();
        assert_eq!(c.recommendation, Some(Recommendation::MajorRevision));
        assert_eq!(c.comments_to_authors, "The cohort is small.");
        let bogus = ReviewInput {
            recommendation: "strong accept".into(),
            ..full
        };
        assert!(bogus.parse(false).unwrap_err().has("recommendation"));
    }

    #[test]
    fn a_declared_interest_needs_a_statement() {
        let none = DeclarationInput {
            answer: "none".into(),
            statement: String::new(),
        };
        assert_eq!(none.parse(), Ok(Declaration::NoCompetingInterest));
        let bare = DeclarationInput {
            answer: "declared".into(),
            statement: " ".into(),
        };
        assert!(bare.parse().unwrap_err().has("statement"));
        assert!(
            DeclarationInput::default()
                .parse()
                .unwrap_err()
                .has("answer")
        );
    }

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
