//! The handling editor's decisions and the draft of the decision letter.
//!
//! Each decision is one step of the state machine in [`super::submission_state`]: minor and
//! major revisions both request a revision, a desk rejection is only possible before any
//! review. The letter quotes the reviews' comments to the authors as "Reviewer 1",
//! "Reviewer 2" … by the reviewers' own numbers ([`super::review::ReviewerNumbers`]): never a
//! reviewer's name or address, never confidential comments.

use std::fmt;
use std::str::FromStr;

use super::letter_template::{Placeholder, render};
use super::submission_state::{self, SubmissionState, Transition, TransitionRefused};

/// What the handling editor decides. Stored as [`DecisionKind::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionKind {
    Accept,
    MinorRevision,
    MajorRevision,
    Reject,
    /// Rejected before any review.
    DeskReject,
}

impl DecisionKind {
    pub const ALL: [DecisionKind; 5] = [
        DecisionKind::Accept,
        DecisionKind::MinorRevision,
        DecisionKind::MajorRevision,
        DecisionKind::Reject,
        DecisionKind::DeskReject,
    ];

    /// The stored name; never change one, rows hold it.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Accept => "accept",
            DecisionKind::MinorRevision => "minor_revision",
            DecisionKind::MajorRevision => "major_revision",
            DecisionKind::Reject => "reject",
            DecisionKind::DeskReject => "desk_reject",
        }
    }

    /// For buttons and headings.
    pub fn label(self) -> &'static str {
        match self {
            DecisionKind::Accept => "Accept",
            DecisionKind::MinorRevision => "Minor revision",
            DecisionKind::MajorRevision => "Major revision",
            DecisionKind::Reject => "Reject",
            DecisionKind::DeskReject => "Reject without review",
        }
    }

    /// The state machine's step this decision takes.
    pub fn transition(self) -> Transition {
        match self {
            DecisionKind::Accept => Transition::Accept,
            DecisionKind::MinorRevision | DecisionKind::MajorRevision => {
                Transition::RequestRevision
            }
            DecisionKind::Reject => Transition::Reject,
            DecisionKind::DeskReject => Transition::DeskReject,
        }
    }

    /// The state after this decision from `from` in `round`, or why it cannot be taken.
    /// From "decision pending confirmation" it is refused: there the decision is the
    /// confirmation ([`DecisionKind::confirmed_from`]).
    pub fn next(
        self,
        from: SubmissionState,
        round: i32,
    ) -> Result<SubmissionState, TransitionRefused> {
        if from == SubmissionState::DecisionPending {
            return Err(TransitionRefused {
                from,
                transition: self.transition(),
            });
        }
        submission_state::next_in_round(from, round, self.transition())
    }

    /// Recommending this decision from `from` in `round`, where the collection's decisions
    /// are confirmed: allowed where the decision itself would be.
    pub fn recommended(
        self,
        from: SubmissionState,
        round: i32,
    ) -> Result<SubmissionState, TransitionRefused> {
        self.next(from, round)?;
        submission_state::next(from, Transition::Recommend)
    }

    /// Confirming this decision (as recommended, or as the confirmer edited it) of a
    /// submission whose recommendation came from `origin` in `round`: the decisions allowed
    /// there are the ones that may be confirmed. The state after it.
    pub fn confirmed_from(
        self,
        origin: SubmissionState,
        round: i32,
    ) -> Result<SubmissionState, TransitionRefused> {
        self.next(origin, round)?;
        submission_state::next(SubmissionState::DecisionPending, self.transition())
    }

    /// The decisions the state machine allows from `from` in `round`, in
    /// [`DecisionKind::ALL`] order.
    pub fn allowed_from(from: SubmissionState, round: i32) -> Vec<DecisionKind> {
        DecisionKind::ALL
            .into_iter()
            .filter(|k| k.next(from, round).is_ok())
            .collect()
    }

    /// The decision in words, as the letter gives it.
    fn in_words(self) -> &'static str {
        match self {
            DecisionKind::Accept => {
                "I am pleased to tell you that your manuscript has been accepted for publication."
            }
            DecisionKind::MinorRevision => {
                "Your manuscript may be accepted after a minor revision. Please address the \
                 comments below and submit a revised version."
            }
            DecisionKind::MajorRevision => {
                "Your manuscript needs a major revision before it can be considered further. \
                 Please address the comments below and submit a revised version, which will be \
                 reviewed again."
            }
            DecisionKind::Reject => {
                "I regret to tell you that, after review, your manuscript cannot be accepted \
                 for publication."
            }
            DecisionKind::DeskReject => {
                "I regret to tell you that your manuscript has not been sent for review and \
                 cannot be considered for publication."
            }
        }
    }
}

impl FromStr for DecisionKind {
    type Err = &'static str;
    fn from_str(s: &str) -> Result<DecisionKind, Self::Err> {
        DecisionKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or("Choose a decision.")
    }
}

impl fmt::Display for DecisionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Whether a handling editor's decision in a collection is a recommendation waiting for
/// confirmation (issue 28 part 4): where the collection says so, unless the handling editor
/// is the journal's editor-in-chief, whom nobody above confirms.
pub fn needs_confirmation(collection_confirms: bool, editor_is_chief: bool) -> bool {
    collection_confirms && !editor_is_chief
}

/// The step that returns a recommendation to the handling editor, by where it came from.
pub fn return_step(origin: SubmissionState) -> Transition {
    if origin == SubmissionState::UnderReview {
        Transition::ReturnToReview
    } else {
        Transition::ReturnToEditor
    }
}

/// What the draft letter is built from. Only comments to the authors go in: the caller
/// passes nothing else from a review, so nothing else can leak.
#[derive(Debug, Clone)]
pub struct LetterInput<'a> {
    pub kind: DecisionKind,
    pub corresponding_author: &'a str,
    pub manuscript_number: &'a str,
    pub title: &'a str,
    /// Each submitted review of the current round: the reviewer's number (see
    /// [`super::review::ReviewerNumbers`]) and their comments to the authors.
    pub comments_to_authors: &'a [(u32, &'a str)],
    pub editor_name: &'a str,
    pub journal: &'a str,
}

/// The placeholders of a decision letter of `kind` (issue 18 part 3): the collection's
/// own letter may use these, and the draft fills them in. A revision's letter must quote
/// the reviews, which the authors answer; a desk rejection has none to quote.
pub fn letter_placeholders(kind: DecisionKind) -> Vec<Placeholder> {
    let mut v = vec![
        Placeholder {
            name: "author_name",
            meaning: "the corresponding author's name",
            required: false,
        },
        Placeholder {
            name: "manuscript_number",
            meaning: "the manuscript's number, e.g. RC-2026-0001",
            required: false,
        },
        Placeholder {
            name: "title",
            meaning: "the manuscript's title",
            required: false,
        },
        Placeholder {
            name: "editor_name",
            meaning: "the handling editor's name, who signs the letter",
            required: false,
        },
        Placeholder {
            name: "journal",
            meaning: "the journal's name",
            required: false,
        },
    ];
    if kind != DecisionKind::DeskReject {
        v.push(Placeholder {
            name: "reviews",
            meaning: "each review's comments to the authors, quoted as “Reviewer 1”, “Reviewer 2” …; empty when there are none",
            required: matches!(
                kind,
                DecisionKind::MinorRevision | DecisionKind::MajorRevision
            ),
        });
    }
    v
}

/// The shipped letter for `kind`, as a template: what a collection's own letter replaces,
/// and what "Back to the default" gives again.
pub fn default_letter_template(kind: DecisionKind) -> String {
    let reviews = if kind == DecisionKind::DeskReject {
        ""
    } else {
        "{% if reviews %}\n{{ reviews }}\n{% endif %}"
    };
    format!(
        "Dear {{{{ author_name }}}},\n\nThank you for submitting your manuscript {{{{ manuscript_number }}}} \"{{{{ title }}}}\".\n\n{}\n{reviews}\nYours sincerely,\n\n{{{{ editor_name }}}}\nHandling editor, {{{{ journal }}}}\n",
        kind.in_words()
    )
}

/// The reviews as the letter quotes them: each one's comments to the authors, by the
/// reviewer's number, every line after "> ". Empty when none has comments.
pub fn quoted_reviews(comments_to_authors: &[(u32, &str)]) -> String {
    let mut reviews: Vec<(u32, &str)> = comments_to_authors
        .iter()
        .map(|(n, c)| (*n, c.trim()))
        .filter(|(_, c)| !c.is_empty())
        .collect();
    if reviews.is_empty() {
        return String::new();
    }
    reviews.sort_by_key(|(n, _)| *n);
    let mut out = String::from("The reviewers' comments follow.\n");
    for (n, c) in &reviews {
        out.push_str(&format!("\nReviewer {n}:\n\n"));
        for line in c.lines() {
            if line.trim().is_empty() {
                out.push_str(">\n");
            } else {
                out.push_str(&format!("> {line}\n"));
            }
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// The letter `template` (the collection's, or [`default_letter_template`]) filled in for
/// `i`: the draft the editor changes before sending.
pub fn draft_from(template: &str, i: &LetterInput<'_>) -> String {
    let reviews = if i.kind == DecisionKind::DeskReject {
        String::new()
    } else {
        quoted_reviews(i.comments_to_authors)
    };
    let author = i.corresponding_author.trim();
    let title = i.title.trim();
    let editor = i.editor_name.trim();
    let journal = i.journal.trim();
    render(template, |name| match name {
        "author_name" => author,
        "manuscript_number" => i.manuscript_number,
        "title" => title,
        "editor_name" => editor,
        "journal" => journal,
        "reviews" => &reviews,
        _ => "",
    })
}

/// The decision letter's draft from the shipped letter, for the editor to change before
/// sending.
pub fn draft_letter(i: &LetterInput<'_>) -> String {
    draft_from(&default_letter_template(i.kind), i)
}

/// The longest letter accepted, in characters.
pub const LETTER_MAX: usize = 100_000;

/// Checks the letter the editor is about to send: the trimmed text, or what is wrong.
pub fn check_letter(letter: &str) -> Result<String, &'static str> {
    let t = letter.trim();
    if t.is_empty() {
        Err("Write the decision letter: it cannot be empty.")
    } else if t.chars().count() > LETTER_MAX {
        Err("The decision letter is too long (at most 100,000 characters).")
    } else {
        Ok(t.replace("\r\n", "\n"))
    }
}

/// The longest note a confirmer may send back with a recommendation, in characters.
const RETURN_NOTE_MAX: usize = 10_000;

/// The note returning a recommendation, trimmed: it must say what the handling editor should
/// look at again.
pub fn check_return_note(note: &str) -> Result<String, &'static str> {
    check_note(
        note,
        "Tell the handling editor why you return the recommendation: the note cannot be empty.",
    )
}

/// A note someone must write (a recommendation's return, a technical return's message, what
/// the authors fixed), trimmed; `when_empty` says what it must hold.
pub fn check_note(note: &str, when_empty: &'static str) -> Result<String, &'static str> {
    let t = note.trim();
    if t.is_empty() {
        Err(when_empty)
    } else if t.chars().count() > RETURN_NOTE_MAX {
        Err("The note is too long (at most 10,000 characters).")
    } else {
        Ok(t.replace("\r\n", "\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(kind: DecisionKind, comments: &'a [(u32, &'a str)]) -> LetterInput<'a> {
        LetterInput {
            kind,
            corresponding_author: "Ada Lovelace",
            manuscript_number: "PD-2026-0001",
            title: "On engines",
            comments_to_authors: comments,
            editor_name: "Atif Rahman",
            journal: "Journal of Tests",
        }
    }

    #[test]
    fn kinds_map_to_transitions() {
        use DecisionKind::*;
        assert_eq!(MinorRevision.transition(), Transition::RequestRevision);
        assert_eq!(MajorRevision.transition(), Transition::RequestRevision);
        assert_eq!(Accept.transition(), Transition::Accept);
        assert_eq!(Reject.transition(), Transition::Reject);
        assert_eq!(DeskReject.transition(), Transition::DeskReject);
        for k in DecisionKind::ALL {
            assert_eq!(
                submission_state::actor_of(k.transition()),
                submission_state::Actor::HandlingEditor
            );
        }
    }

    #[test]
    fn which_decisions_from_which_state() {
        use DecisionKind::*;
        assert_eq!(
            DecisionKind::allowed_from(SubmissionState::Submitted, 1),
            vec![DeskReject]
        );
        assert_eq!(
            DecisionKind::allowed_from(SubmissionState::Submitted, 2),
            vec![Accept, MinorRevision, MajorRevision, Reject],
            "a revised version can be decided without another review"
        );
        assert_eq!(
            DecisionKind::allowed_from(SubmissionState::UnderReview, 1),
            vec![Accept, MinorRevision, MajorRevision, Reject]
        );
        for s in [
            SubmissionState::Draft,
            SubmissionState::RevisionRequested,
            SubmissionState::Accepted,
            SubmissionState::Rejected,
            SubmissionState::Withdrawn,
            SubmissionState::Published,
            SubmissionState::Appealed,
            SubmissionState::DecisionPending,
        ] {
            assert!(DecisionKind::allowed_from(s, 2).is_empty(), "{s:?}");
        }
        assert_eq!(
            MinorRevision.next(SubmissionState::UnderReview, 1),
            Ok(SubmissionState::RevisionRequested)
        );
        assert_eq!(
            DeskReject.next(SubmissionState::Submitted, 1),
            Ok(SubmissionState::Rejected)
        );
        assert!(Accept.next(SubmissionState::Submitted, 1).is_err());
        assert!(Accept.next(SubmissionState::Submitted, 2).is_ok());
    }

    #[test]
    fn a_recommendation_is_confirmed_as_any_decision_its_origin_allows() {
        use DecisionKind::*;
        use SubmissionState::*;
        assert_eq!(Accept.recommended(UnderReview, 1), Ok(DecisionPending));
        assert_eq!(DeskReject.recommended(Submitted, 1), Ok(DecisionPending));
        assert!(
            Accept.recommended(Submitted, 1).is_err(),
            "a first version is reviewed"
        );
        assert!(
            Accept.recommended(DecisionPending, 1).is_err(),
            "one at a time"
        );
        // The confirmer may edit the decision to another the origin allows.
        assert_eq!(
            MajorRevision.confirmed_from(UnderReview, 1),
            Ok(RevisionRequested)
        );
        assert_eq!(Reject.confirmed_from(Submitted, 2), Ok(Rejected));
        assert!(DeskReject.confirmed_from(UnderReview, 1).is_err());
        assert!(Accept.confirmed_from(Submitted, 1).is_err());
        let refused = Accept.next(DecisionPending, 1).unwrap_err().to_string();
        assert!(refused.contains("confirmed or returned first"), "{refused}");
        assert_eq!(return_step(UnderReview), Transition::ReturnToReview);
        assert_eq!(return_step(Submitted), Transition::ReturnToEditor);
        assert!(needs_confirmation(true, false));
        assert!(!needs_confirmation(true, true), "nobody confirms the chief");
        assert!(!needs_confirmation(false, false));
    }

    #[test]
    fn kinds_round_trip() {
        for k in DecisionKind::ALL {
            assert_eq!(k.as_str().parse::<DecisionKind>(), Ok(k));
        }
        assert!("Accept".parse::<DecisionKind>().is_err());
        assert!("".parse::<DecisionKind>().is_err());
    }

    #[test]
    fn letter_greets_decides_quotes_and_signs() {
        // Reviewer 2's review came in first: the letter still quotes them by number.
        let comments = [
            (2, "Needs more data."),
            (1, "Clear and sound.\n\nFix figure 2."),
        ];
        let l = draft_letter(&input(DecisionKind::MinorRevision, &comments));
        assert!(l.starts_with("Dear Ada Lovelace,\n"), "{l}");
        assert!(l.contains("PD-2026-0001 \"On engines\""));
        assert!(l.contains("minor revision"));
        let r1 = l.find("Reviewer 1:").unwrap();
        let r2 = l.find("Reviewer 2:").unwrap();
        assert!(r1 < r2);
        assert!(l.contains("> Clear and sound.\n>\n> Fix figure 2.\n"));
        assert!(l.contains("> Needs more data.\n"));
        assert!(!l.contains("Reviewer 3"));
        assert!(
            l.trim_end()
                .ends_with("Atif Rahman\nHandling editor, Journal of Tests")
        );
    }

    #[test]
    fn empty_comments_are_skipped_and_numbers_are_the_reviewers_own() {
        let comments = [(1, ""), (2, "  "), (3, "Only this one.")];
        let l = draft_letter(&input(DecisionKind::Reject, &comments));
        assert!(l.contains("Reviewer 3:\n\n> Only this one."), "{l}");
        assert!(
            !l.contains("Reviewer 1") && !l.contains("Reviewer 2"),
            "{l}"
        );
    }

    #[test]
    fn desk_rejection_quotes_no_reviews() {
        let l = draft_letter(&input(DecisionKind::DeskReject, &[]));
        assert!(l.contains("not been sent for review"));
        assert!(!l.contains("Reviewer"));
    }

    /// The input type carries only comments to the authors: a reviewer's name, address or
    /// confidential comments have no way in. This checks the letter holds nothing but what
    /// it was given, whatever the reviewers' names are.
    #[test]
    fn no_reviewer_name_and_no_confidential_comment_can_appear() {
        struct Review {
            name: &'static str,
            email: &'static str,
            to_authors: &'static str,
            confidential: &'static str,
        }
        let reviews = [
            Review {
                name: "Grace Hopper",
                email: "grace@example.org",
                to_authors: "Good work.",
                confidential: "I know the authors; weak accept.",
            },
            Review {
                name: "Alan Turing",
                email: "alan@example.org",
                to_authors: "Please expand section 3.",
                confidential: "Possibly plagiarised.",
            },
        ];
        let comments: Vec<(u32, &str)> = (1..).zip(reviews.iter().map(|r| r.to_authors)).collect();
        for kind in DecisionKind::ALL {
            let l = draft_letter(&input(kind, &comments));
            for r in &reviews {
                assert!(!l.contains(r.name), "{kind:?}: {l}");
                assert!(!l.contains(r.email), "{kind:?}: {l}");
                assert!(!l.contains(r.confidential), "{kind:?}: {l}");
            }
        }
    }

    #[test]
    fn letters_are_checked() {
        assert!(check_letter("  \n ").is_err());
        assert_eq!(
            check_letter(" Dear A,\r\nB \n"),
            Ok("Dear A,\nB".to_owned())
        );
        assert!(check_letter(&"x".repeat(LETTER_MAX + 1)).is_err());
    }
}
