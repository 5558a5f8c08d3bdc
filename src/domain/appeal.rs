//! Revised versions and appeals: what the author must send, and who hears an appeal.
//!
//! A revised version comes with a response to the reviewers; it opens a new, numbered round.
//! An author may appeal a rejection once, with a statement. The appeal goes to the
//! journal's editor-in-chief, or, when every editor-in-chief has a competing interest, to an
//! Editorial Board Member who has none and who did not take the decision under appeal.

use std::fmt;
use std::str::FromStr;

use super::submission_state::Transition;

/// Longest response to the reviewers, appeal statement or appeal outcome reason.
pub const MAX_STATEMENT_CHARS: usize = 20_000;

fn required_text(
    text: &str,
    missing: &'static str,
    too_long: &'static str,
) -> Result<String, &'static str> {
    let t = text.trim();
    if t.is_empty() {
        Err(missing)
    } else if t.chars().count() > MAX_STATEMENT_CHARS {
        Err(too_long)
    } else {
        Ok(t.to_owned())
    }
}

/// The authors' response to the reviewers, sent with a revised version.
pub fn check_response(text: &str) -> Result<String, &'static str> {
    required_text(
        text,
        "Write your response to the reviewers: how you answered each comment, point by point.",
        "Keep the response under 20,000 characters; attach longer material as a supplementary file.",
    )
}

/// The author's statement of why the rejection should be reconsidered.
pub fn check_statement(text: &str) -> Result<String, &'static str> {
    required_text(
        text,
        "Write why the decision should be reconsidered; whoever hears the appeal reads this.",
        "Keep the statement under 20,000 characters.",
    )
}

/// The reasons given with an appeal's outcome, which the authors read.
pub fn check_outcome_reason(text: &str) -> Result<String, &'static str> {
    required_text(
        text,
        "Give the reasons for the outcome; the authors read them.",
        "Keep the reasons under 20,000 characters.",
    )
}

/// How an appeal ends. Stored as [`AppealOutcome::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppealOutcome {
    /// The rejection stands.
    Upheld,
    /// The rejection is set aside: the submission goes back to review in a new round.
    Overturned,
}

impl AppealOutcome {
    pub const ALL: [AppealOutcome; 2] = [AppealOutcome::Upheld, AppealOutcome::Overturned];

    pub fn as_str(self) -> &'static str {
        match self {
            AppealOutcome::Upheld => "upheld",
            AppealOutcome::Overturned => "overturned",
        }
    }

    /// What it means, as the authors read it.
    pub fn label(self) -> &'static str {
        match self {
            AppealOutcome::Upheld => "Rejection upheld",
            AppealOutcome::Overturned => "Appeal allowed: back to review",
        }
    }

    /// The state machine's step.
    pub fn transition(self) -> Transition {
        match self {
            AppealOutcome::Upheld => Transition::UpholdRejection,
            AppealOutcome::Overturned => Transition::OverturnRejection,
        }
    }
}

impl FromStr for AppealOutcome {
    type Err = &'static str;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AppealOutcome::ALL
            .into_iter()
            .find(|o| o.as_str() == s)
            .ok_or("Choose whether the rejection is upheld or the appeal allowed.")
    }
}

impl fmt::Display for AppealOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A decision as a list or an export states it: with what became of an appeal against it
/// (`appeal`: `None` when not appealed, `Some(None)` while the appeal is open), so a
/// rejection overturned on appeal never reads as a plain "Reject".
pub fn decision_with_appeal(decision: &str, appeal: Option<Option<AppealOutcome>>) -> String {
    match appeal {
        None => decision.to_owned(),
        Some(None) => format!("{decision} (under appeal)"),
        Some(Some(AppealOutcome::Upheld)) => format!("{decision} (upheld on appeal)"),
        Some(Some(AppealOutcome::Overturned)) => format!("{decision} (overturned on appeal)"),
    }
}

/// Someone who could hear an appeal.
#[derive(Debug, Clone)]
pub struct HearerCandidate {
    pub person_id: i64,
    pub name: String,
    /// Reasons of confirmed competing interests with the submission; any one excludes.
    pub conflicts: Vec<String>,
    /// They took the decision under appeal (as its handling editor).
    pub decided_it: bool,
}

/// Who hears an appeal, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HearerChoice {
    Chosen {
        person_id: i64,
        explanation: String,
    },
    /// Nobody free of conflicts: the appeal waits for the journal to name someone.
    Nobody {
        explanation: String,
    },
}

fn excluded(c: &HearerCandidate) -> Option<String> {
    if !c.conflicts.is_empty() {
        Some(format!("{}: {}", c.name, c.conflicts.join("; ")))
    } else if c.decided_it {
        Some(format!("{}: took the decision under appeal", c.name))
    } else {
        None
    }
}

/// The editor-in-chief first; if every editor-in-chief is excluded, the first Editorial
/// Board Member (in the order given) without a competing interest who did not take the
/// decision. The explanation names everyone passed over and why.
pub fn choose_hearer(chiefs: &[HearerCandidate], board: &[HearerCandidate]) -> HearerChoice {
    let mut passed_over = Vec::new();
    for (pool, people) in [
        ("Editor-in-Chief", chiefs),
        ("Editorial Board Member", board),
    ] {
        for c in people {
            match excluded(c) {
                Some(why) => passed_over.push(why),
                None => {
                    let mut explanation = format!("{} ({pool}): no competing interest", c.name);
                    if !passed_over.is_empty() {
                        explanation.push_str(&format!("; passed over: {}", passed_over.join("; ")));
                    }
                    return HearerChoice::Chosen {
                        person_id: c.person_id,
                        explanation,
                    };
                }
            }
        }
    }
    let explanation = if passed_over.is_empty() {
        "Nobody can hear this appeal: the journal has no Editor-in-Chief or Editorial Board Member."
            .to_owned()
    } else {
        format!(
            "Nobody free of competing interests can hear this appeal: {}",
            passed_over.join("; ")
        )
    };
    HearerChoice::Nobody { explanation }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decision_says_what_its_appeal_did() {
        assert_eq!(decision_with_appeal("Reject", None), "Reject");
        assert_eq!(
            decision_with_appeal("Reject", Some(None)),
            "Reject (under appeal)"
        );
        assert_eq!(
            decision_with_appeal("Reject", Some(Some(AppealOutcome::Overturned))),
            "Reject (overturned on appeal)"
        );
        assert_eq!(
            decision_with_appeal("Reject", Some(Some(AppealOutcome::Upheld))),
            "Reject (upheld on appeal)"
        );
    }

    fn person(id: i64, name: &str, conflicts: &[&str], decided_it: bool) -> HearerCandidate {
        HearerCandidate {
            person_id: id,
            name: name.into(),
            conflicts: conflicts.iter().map(|c| (*c).to_owned()).collect(),
            decided_it,
        }
    }

    #[test]
    fn the_editor_in_chief_hears_an_appeal_when_free_of_conflicts() {
        let choice = choose_hearer(
            &[person(1, "Chief", &[], false)],
            &[person(2, "Board", &[], false)],
        );
        assert_eq!(
            choice,
            HearerChoice::Chosen {
                person_id: 1,
                explanation: "Chief (Editor-in-Chief): no competing interest".into()
            }
        );
    }

    #[test]
    fn a_conflicted_editor_in_chief_passes_the_appeal_to_a_free_board_member() {
        let choice = choose_hearer(
            &[person(1, "Chief", &["co-author in 2024"], false)],
            &[
                person(2, "Handled it", &[], true),
                person(3, "Also conflicted", &["same institution"], false),
                person(4, "Free", &[], false),
            ],
        );
        let HearerChoice::Chosen {
            person_id,
            explanation,
        } = choice
        else {
            panic!("someone is free");
        };
        assert_eq!(person_id, 4);
        assert!(explanation.starts_with("Free (Editorial Board Member): no competing interest"));
        assert!(explanation.contains("Chief: co-author in 2024"));
        assert!(explanation.contains("Handled it: took the decision under appeal"));
        assert!(explanation.contains("Also conflicted: same institution"));
    }

    #[test]
    fn nobody_free_says_so_with_every_reason() {
        let choice = choose_hearer(&[person(1, "Chief", &["spouse"], false)], &[]);
        assert_eq!(
            choice,
            HearerChoice::Nobody {
                explanation:
                    "Nobody free of competing interests can hear this appeal: Chief: spouse".into()
            }
        );
        assert!(matches!(
            choose_hearer(&[], &[]),
            HearerChoice::Nobody { .. }
        ));
    }

    #[test]
    fn texts_are_required_trimmed_and_bounded() {
        assert!(check_response("   ").is_err());
        assert_eq!(
            check_response("  Point 1: done. ").unwrap(),
            "Point 1: done."
        );
        assert!(check_statement(&"x".repeat(MAX_STATEMENT_CHARS + 1)).is_err());
        assert!(check_statement(&"x".repeat(MAX_STATEMENT_CHARS)).is_ok());
        assert!(check_outcome_reason("").is_err());
    }

    #[test]
    fn outcomes_are_the_state_machines_steps() {
        assert_eq!(
            AppealOutcome::Upheld.transition(),
            Transition::UpholdRejection
        );
        assert_eq!(
            AppealOutcome::Overturned.transition(),
            Transition::OverturnRejection
        );
        assert_eq!("overturned".parse(), Ok(AppealOutcome::Overturned));
        assert!("maybe".parse::<AppealOutcome>().is_err());
    }
}
