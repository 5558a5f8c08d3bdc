//! The authors' declaration of generative AI use (issue 27, item 4): asked at submission and
//! again with every revised version, shown to editors and carried in the JATS export.
//!
//! Stored as two texts: the answer (`none` or `used`; empty for a draft not answered yet, or
//! a manuscript submitted before the question was asked) and, when used, which tool for what.

use super::FormErrors;

/// The longest description of the tools and their use accepted.
pub const MAX_DETAILS: usize = 2000;

/// The stored answer "no generative AI was used".
pub const NONE: &str = "none";
/// The stored answer "generative AI was used" (the details say which and for what).
pub const USED: &str = "used";

/// Checks a declaration as typed: an answer is required, and "used" needs the tool and what
/// it was used for. The messages name the fields `ai_use` and `ai_use_details`.
pub fn check(answer: &str, details: &str, e: &mut FormErrors) {
    match answer {
        NONE => {}
        USED => {
            let d = details.trim();
            if d.is_empty() {
                e.add(
                    "ai_use_details",
                    "Say which generative AI tool was used, and for what (for example “ChatGPT, to \
                     improve the English of the Discussion”).",
                );
            } else if d.chars().count() > MAX_DETAILS {
                e.add(
                    "ai_use_details",
                    format!("Keep this under {MAX_DETAILS} characters."),
                );
            }
        }
        _ => e.add(
            "ai_use",
            "Answer the question on generative AI; “not used” is an answer too.",
        ),
    }
}

/// The declaration in one sentence, as editors and the JATS export show it; `None` when the
/// question was never answered (a manuscript submitted before it was asked).
pub fn statement(answer: &str, details: &str) -> Option<String> {
    match answer {
        NONE => Some(
            "The authors declare that no generative AI was used in the work or in the writing \
             of the manuscript."
                .to_owned(),
        ),
        USED => Some(format!(
            "The authors declare the use of generative AI: {}",
            details.trim()
        )),
        _ => None,
    }
}

/// Whether two declarations say the same (the answer, and the details when used).
pub fn same(a: (&str, &str), b: (&str, &str)) -> bool {
    a.0 == b.0 && (a.0 != USED || a.1.trim() == b.1.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(answer: &str, details: &str) -> FormErrors {
        let mut e = FormErrors::default();
        check(answer, details, &mut e);
        e
    }

    #[test]
    fn an_answer_is_required_and_none_is_one() {
        assert!(errors("", "").has("ai_use"));
        assert!(errors("perhaps", "").has("ai_use"));
        assert!(errors(NONE, "").is_empty());
    }

    #[test]
    fn used_needs_the_tool_and_its_purpose() {
        assert!(errors(USED, "   ").has("ai_use_details"));
        assert!(errors(USED, &"x".repeat(MAX_DETAILS + 1)).has("ai_use_details"));
        assert!(errors(USED, "ChatGPT, for the English of the Discussion").is_empty());
    }

    #[test]
    fn the_statement_says_what_was_declared_and_nothing_for_no_answer() {
        assert!(
            statement(NONE, "ignored")
                .unwrap()
                .contains("no generative AI")
        );
        assert_eq!(
            statement(USED, " DeepL Write, for language editing ").unwrap(),
            "The authors declare the use of generative AI: DeepL Write, for language editing"
        );
        assert_eq!(statement("", ""), None);
    }

    #[test]
    fn details_count_only_when_used() {
        assert!(same((NONE, "a"), (NONE, "b")));
        assert!(!same((USED, "a"), (USED, "b")));
        assert!(same((USED, "a "), (USED, " a")));
        assert!(!same((NONE, ""), (USED, "")));
    }
}
