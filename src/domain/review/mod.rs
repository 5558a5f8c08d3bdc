//! Peer review in the journal's words: a review invitation and where it stands, the
//! reviewer's recommendation, what the editor and the reviewer type into their forms, and the
//! reminder schedule. Pure code: storage and e-mail are the `reviews` service's business.

mod declines;
mod forms;
mod links;
mod numbering;
pub mod questions;
mod reminders;

use std::fmt;
use std::str::FromStr;

pub use declines::{Decline, DeclineInput, DeclineKind};
pub use forms::{
    Declaration, DeclarationInput, EarlierComments, InvitationInput, LONGEST_REVIEW_DAYS,
    ReviewContent, ReviewInput, ReviewStep,
};
pub use links::{LINK_DAYS_AFTER_DECISION, link_ends_at};
pub use numbering::{NumberingFacts, ReviewerNumbers};
pub use reminders::{ReminderKind, ReminderSchedule, is_overdue};

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

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveDateTime};

    use super::*;

    /// A day of the tests' calendar (November 2026), and nine o'clock on it.
    pub(super) fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    pub(super) fn at(d: u32) -> NaiveDateTime {
        day(d).and_hms_opt(9, 0, 0).unwrap()
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
}
