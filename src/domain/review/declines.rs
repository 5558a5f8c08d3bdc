//! What a reviewer who declines tells the editor (issue 28 part 3): why, from a short list
//! with free text; someone to ask instead; and a later date they could manage.

use chrono::{Duration, NaiveDate};

use super::forms::{LONGEST_REVIEW_DAYS, REASON_MAX, too_long};
use crate::domain::{EmailAddress, FormErrors};

const NAME_MAX: usize = 200;
const WHY_THEM_MAX: usize = 500;

/// Why a reviewer declines, from the short list; counted in the statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeclineKind {
    TooBusy,
    OutsideExpertise,
    CompetingInterest,
    OnLeave,
    Other,
}

impl DeclineKind {
    pub const ALL: [DeclineKind; 5] = [
        DeclineKind::TooBusy,
        DeclineKind::OutsideExpertise,
        DeclineKind::CompetingInterest,
        DeclineKind::OnLeave,
        DeclineKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeclineKind::TooBusy => "too_busy",
            DeclineKind::OutsideExpertise => "outside_expertise",
            DeclineKind::CompetingInterest => "competing_interest",
            DeclineKind::OnLeave => "on_leave",
            DeclineKind::Other => "other",
        }
    }

    /// As the reviewer reads it on the form and the editor in the statistics.
    pub fn label(self) -> &'static str {
        match self {
            DeclineKind::TooBusy => "Too busy at the moment",
            DeclineKind::OutsideExpertise => "Outside my expertise",
            DeclineKind::CompetingInterest => "A competing interest",
            DeclineKind::OnLeave => "On leave",
            DeclineKind::Other => "Another reason",
        }
    }

    pub fn parse(s: &str) -> Option<DeclineKind> {
        DeclineKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The decline form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct DeclineInput {
    /// `DeclineKind::as_str`.
    #[serde(default)]
    pub reason_kind: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub suggested_name: String,
    #[serde(default)]
    pub suggested_email: String,
    /// Why the person suggested would suit (optional).
    #[serde(default)]
    pub suggested_alternative: String,
    /// "I could do it by": YYYY-MM-DD, or empty.
    #[serde(default)]
    pub proposed_due_on: String,
}

/// A decline, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decline {
    pub kind: DeclineKind,
    pub reason: String,
    /// Name and address of the person suggested instead, both or neither.
    pub suggested: Option<(String, String)>,
    pub why_them: String,
    pub proposed_due_on: Option<NaiveDate>,
}

impl DeclineInput {
    /// The short list as the form shows it: (value, label, chosen).
    pub fn kinds(&self) -> Vec<(&'static str, &'static str, bool)> {
        DeclineKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label(), self.reason_kind.trim() == k.as_str()))
            .collect()
    }

    /// The decline, or what is wrong with it. `today` decides what "later" means.
    pub fn parse(&self, today: NaiveDate) -> Result<Decline, FormErrors> {
        let mut errors = FormErrors::new();
        let kind = DeclineKind::parse(self.reason_kind.trim());
        if kind.is_none() {
            errors.add("reason_kind", "Choose why you cannot review it.");
        }
        let reason = self.reason.trim().to_owned();
        too_long(&mut errors, "reason", &reason, REASON_MAX, "the reason");
        if kind == Some(DeclineKind::Other) && reason.is_empty() {
            errors.add("reason", "Say in a few words why you cannot review it.");
        }
        let suggested = suggestion(self, &mut errors);
        let why_them = self.suggested_alternative.trim().to_owned();
        too_long(
            &mut errors,
            "suggested_alternative",
            &why_them,
            WHY_THEM_MAX,
            "why you suggest them",
        );
        let proposed_due_on = proposed_date(&self.proposed_due_on, today, &mut errors);
        match kind {
            Some(kind) if errors.is_empty() => Ok(Decline {
                kind,
                reason,
                suggested,
                why_them,
                proposed_due_on,
            }),
            _ => Err(errors),
        }
    }
}

/// The person suggested instead: both a name and a valid address, or nothing typed.
fn suggestion(input: &DeclineInput, errors: &mut FormErrors) -> Option<(String, String)> {
    let name = input
        .suggested_name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let email = input.suggested_email.trim();
    if name.is_empty() && email.is_empty() {
        return None;
    }
    if name.is_empty() {
        errors.add("suggested_name", "Give the name of the person you suggest.");
    }
    too_long(errors, "suggested_name", &name, NAME_MAX, "the name");
    match EmailAddress::parse(email) {
        Ok(e) => Some((name, e.as_str().to_owned())),
        Err(message) => {
            errors.add("suggested_email", message);
            None
        }
    }
}

/// "I could do it by": empty, or a date after today within the longest review period.
fn proposed_date(typed: &str, today: NaiveDate, errors: &mut FormErrors) -> Option<NaiveDate> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(typed, "%Y-%m-%d") {
        Ok(d) if d <= today => {
            errors.add(
                "proposed_due_on",
                "The date you could do it by must be after today.",
            );
            None
        }
        Ok(d) if d > today + Duration::days(LONGEST_REVIEW_DAYS) => {
            errors.add(
                "proposed_due_on",
                format!("Offer a date at most {LONGEST_REVIEW_DAYS} days from today."),
            );
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(
                "proposed_due_on",
                "Give the date as YYYY-MM-DD, e.g. 2026-12-07.",
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    #[test]
    fn a_reason_must_be_chosen_and_other_needs_words() {
        let none = DeclineInput::default().parse(today()).unwrap_err();
        assert!(none.has("reason_kind"));
        let other = DeclineInput {
            reason_kind: "other".into(),
            ..Default::default()
        };
        assert!(other.parse(today()).unwrap_err().has("reason"));
        let busy = DeclineInput {
            reason_kind: "too_busy".into(),
            ..Default::default()
        };
        assert_eq!(busy.parse(today()).unwrap().kind, DeclineKind::TooBusy);
    }

    #[test]
    fn a_suggestion_needs_a_name_and_a_good_address() {
        let bad = DeclineInput {
            reason_kind: "on_leave".into(),
            suggested_name: "Eva Lund".into(),
            suggested_email: "eva at lund".into(),
            ..Default::default()
        };
        assert!(bad.parse(today()).unwrap_err().has("suggested_email"));
        let good = DeclineInput {
            suggested_email: " Eva.Lund@Lund.example ".into(),
            ..bad
        };
        assert_eq!(
            good.parse(today()).unwrap().suggested,
            Some(("Eva Lund".into(), "eva.lund@lund.example".into()))
        );
    }

    #[test]
    fn a_later_date_is_after_today_and_within_the_longest_period() {
        for bad in ["2026-12-07", "2027-12-01", "soon"] {
            let input = DeclineInput {
                reason_kind: "too_busy".into(),
                proposed_due_on: bad.into(),
                ..Default::default()
            };
            assert!(
                input.parse(today()).unwrap_err().has("proposed_due_on"),
                "{bad}"
            );
        }
    }
}
