//! What the editor-in-chief does with the signs of a review ring (issue 27 item 2): the
//! kinds of signal in words, her ruling on one with its reason, and the rule that a
//! guest-edited collection accepts nothing while a signal on it is open. Pure rules; the
//! signals themselves are raised by `workflow::review::rings`.

use super::FormErrors;
use super::decision::DecisionKind;

/// The longest reason a ruling keeps.
pub const REASON_MAX_CHARS: usize = 2000;

/// A kind of signal as stored (`integrity_signals.kind`), with what it means in words.
pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "near_duplicate_review" => "Near-identical review texts",
        "fast_review" => "A report returned implausibly soon",
        "same_editor" => "One reviewer, many submissions of one handling editor",
        "same_authors" => "One reviewer, many submissions of the same authors",
        "reciprocal" => "Reciprocal reviewing",
        "editor_outlier" => "A handling editor far from the collection",
        _ => "A sign of a review ring",
    }
}

/// Whether a signal is about the handling editor (`domain::editor_outliers`): shown to the
/// editor-in-chief only, never to the editor it is about.
pub fn about_the_editor(kind: &str) -> bool {
    kind == "editor_outlier"
}

/// The editor-in-chief's ruling on a signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ruling {
    /// Looked at: no concern. The signal is closed.
    NoConcern,
    /// A concern, with what it is; the signal is closed as looked at, the concern recorded.
    Concern,
}

impl Ruling {
    pub fn as_str(self) -> &'static str {
        match self {
            Ruling::NoConcern => "no_concern",
            Ruling::Concern => "concern",
        }
    }

    pub fn parse(s: &str) -> Option<Ruling> {
        match s {
            "no_concern" => Some(Ruling::NoConcern),
            "concern" => Some(Ruling::Concern),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Ruling::NoConcern => "Looked at: no concern",
            Ruling::Concern => "Concern",
        }
    }
}

/// A ruling as the form sends it: the choice and the reason, both required.
pub fn check_ruling(outcome: &str, reason: &str) -> Result<(Ruling, String), FormErrors> {
    let mut e = FormErrors::new();
    let ruling = Ruling::parse(outcome.trim());
    if ruling.is_none() {
        e.add("outcome", "Choose your ruling: no concern, or a concern.");
    }
    let reason = reason.trim();
    if reason.is_empty() {
        e.add(
            "reason",
            "Give the reason for your ruling: it is recorded on the submission's timeline.",
        );
    } else if reason.chars().count() > REASON_MAX_CHARS {
        e.add(
            "reason",
            format!("Keep the reason under {REASON_MAX_CHARS} characters."),
        );
    }
    match ruling {
        Some(r) if e.is_empty() => Ok((r, reason.to_owned())),
        _ => Err(e),
    }
}

/// Why `kind` cannot be taken now, if it cannot: in a guest-edited collection, accepting
/// waits until the editor-in-chief has ruled on every open signal on the submission. Other
/// decisions never wait (a rejection or a revision is no reward for a ring).
pub fn decision_waits(
    kind: DecisionKind,
    guest_edited: bool,
    open_signals: usize,
) -> Option<String> {
    if kind != DecisionKind::Accept || !guest_edited || open_signals == 0 {
        return None;
    }
    let signals = if open_signals == 1 {
        "a sign of a review ring".to_owned()
    } else {
        format!("{open_signals} signs of a review ring")
    };
    Some(format!(
        "This submission cannot be accepted yet: it has {signals} that the editor-in-chief has not ruled on, and this collection is guest-edited. Other decisions are open; accepting is possible once she has recorded her ruling."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ruling_needs_a_choice_and_a_reason() {
        assert_eq!(
            check_ruling("no_concern", "  Two reviewers from one lab, checked.  ").unwrap(),
            (
                Ruling::NoConcern,
                "Two reviewers from one lab, checked.".to_owned()
            )
        );
        let e = check_ruling("", "").unwrap_err();
        assert!(e.has("outcome") && e.has("reason"));
        assert!(check_ruling("maybe", "why").unwrap_err().has("outcome"));
        let long = "x".repeat(REASON_MAX_CHARS + 1);
        assert!(check_ruling("concern", &long).unwrap_err().has("reason"));
    }

    #[test]
    fn only_accepting_waits_and_only_in_a_guest_edited_collection_with_an_open_signal() {
        assert!(decision_waits(DecisionKind::Accept, true, 1).is_some());
        assert!(
            decision_waits(DecisionKind::Accept, true, 2)
                .unwrap()
                .contains("2 signs")
        );
        assert!(decision_waits(DecisionKind::Accept, false, 1).is_none());
        assert!(decision_waits(DecisionKind::Accept, true, 0).is_none());
        assert!(decision_waits(DecisionKind::Reject, true, 3).is_none());
        assert!(decision_waits(DecisionKind::MinorRevision, true, 3).is_none());
    }
}
