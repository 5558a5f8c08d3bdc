//! What the editor and the reviewer type into their forms, checked.

use chrono::{Duration, NaiveDate};

use std::collections::BTreeMap;

use super::Recommendation;
use super::questions::{Answers, Question, parse_answers};
use crate::domain::FormErrors;

const MESSAGE_MAX: usize = 5_000;
pub(super) const REASON_MAX: usize = 2_000;
const COMMENTS_MAX: usize = 60_000;
/// The longest review period an editor may set.
pub const LONGEST_REVIEW_DAYS: i64 = 120;

pub(super) fn too_long(errors: &mut FormErrors, field: &str, value: &str, max: usize, what: &str) {
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
    /// The confidentiality statement's checkbox: present when ticked.
    #[serde(default)]
    pub confidential: String,
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
            "none" if self.confidential.is_empty() => {
                errors.add(
                    "confidential",
                    "Confirm that you will keep the manuscript confidential: the files open after that.",
                );
                None
            }
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

/// A re-reviewer's answer to "Have the authors addressed your earlier comments?" (issue 28
/// part 2): the question editors ask first of a revised version's reviewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EarlierComments {
    Fully,
    Partly,
    NotAddressed,
}

impl EarlierComments {
    pub const ALL: [EarlierComments; 3] = [
        EarlierComments::Fully,
        EarlierComments::Partly,
        EarlierComments::NotAddressed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EarlierComments::Fully => "fully",
            EarlierComments::Partly => "partly",
            EarlierComments::NotAddressed => "not",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EarlierComments::Fully => "Yes, fully",
            EarlierComments::Partly => "Partly",
            EarlierComments::NotAddressed => "No",
        }
    }

    pub fn parse(raw: &str) -> Option<EarlierComments> {
        EarlierComments::ALL
            .into_iter()
            .find(|e| e.as_str() == raw.trim())
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
    /// For a reviewer of an earlier round: [`EarlierComments::as_str`], or empty.
    #[serde(default)]
    pub earlier_comments: String,
    /// The answers to the collection's own questions, by form field (`q_<key>`,
    /// `q_<key>_comment`): see [`super::questions`].
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
    /// The id of the form version the page showed (a hidden field), or empty.
    #[serde(default)]
    pub form_version: String,
}

impl ReviewInput {
    /// What was typed into one of the collection's questions' fields ("" if nothing).
    pub fn typed(&self, field: &str) -> &str {
        self.answers.get(field).map_or("", String::as_str)
    }

    /// The form filled in with stored answers.
    pub fn answers_of(questions: &[Question], answers: &Answers) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for q in questions {
            if let Some(a) = answers.get(&q.key) {
                out.insert(q.field(), a.value.clone());
                out.insert(q.comment_field(), a.comment.clone());
            }
        }
        out
    }
}

/// A review that passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewContent {
    pub recommendation: Option<Recommendation>,
    pub comments_to_authors: String,
    pub confidential_comments: String,
    /// Asked of a reviewer who reviewed an earlier round; `None` otherwise.
    pub earlier_comments: Option<EarlierComments>,
    /// The answers to the collection's own questions (empty under today's form).
    pub answers: Answers,
}

impl ReviewInput {
    /// A draft may be incomplete; a submitted review needs a recommendation and comments to
    /// the authors (the decision letter quotes them).
    pub fn parse(&self, submitting: bool) -> Result<ReviewContent, FormErrors> {
        self.parse_for(submitting, false)
    }

    /// As [`ReviewInput::parse`]; a reviewer who reviewed an earlier round (`re_review`)
    /// also says whether the authors addressed their comments before submitting.
    pub fn parse_for(
        &self,
        submitting: bool,
        re_review: bool,
    ) -> Result<ReviewContent, FormErrors> {
        self.parse_with(submitting, re_review, &[])
    }

    /// As [`ReviewInput::parse_for`], with the answers to `questions` (the version of the
    /// collection's form the reviewer answers): required ones only on submitting.
    pub fn parse_with(
        &self,
        submitting: bool,
        re_review: bool,
        questions: &[Question],
    ) -> Result<ReviewContent, FormErrors> {
        let mut errors = FormErrors::new();
        let answers = parse_answers(questions, &self.answers, submitting, &mut errors);
        let earlier_comments = match (re_review, self.earlier_comments.trim()) {
            (false, _) | (true, "") => None,
            (true, raw) => {
                let answer = EarlierComments::parse(raw);
                if answer.is_none() {
                    errors.add("earlier_comments", "Choose one of the answers.");
                }
                answer
            }
        };
        if submitting && re_review && earlier_comments.is_none() && !errors.has("earlier_comments")
        {
            errors.add(
                "earlier_comments",
                "Say whether the authors addressed your earlier comments before submitting.",
            );
        }
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
                earlier_comments,
                answers,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::review::tests::day;

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
            earlier_comments: String::new(),
            ..Default::default()
        };
        let c = full.parse(true).unwrap();
        assert_eq!(c.recommendation, Some(Recommendation::MajorRevision));
        assert_eq!(c.comments_to_authors, "The cohort is small.");
        let bogus = ReviewInput {
            recommendation: "strong accept".into(),
            ..full.clone()
        };
        assert!(bogus.parse(false).unwrap_err().has("recommendation"));

        // A reviewer of an earlier round says whether their comments were addressed.
        let again = ReviewInput {
            earlier_comments: String::new(),
            ..full.clone()
        };
        assert!(again.parse_for(false, true).is_ok(), "a draft may wait");
        assert!(
            again
                .parse_for(true, true)
                .unwrap_err()
                .has("earlier_comments")
        );
        assert_eq!(again.parse_for(true, false).unwrap().earlier_comments, None);
        let answered = ReviewInput {
            earlier_comments: "partly".into(),
            ..full.clone()
        };
        assert_eq!(
            answered.parse_for(true, true).unwrap().earlier_comments,
            Some(EarlierComments::Partly)
        );
        let odd = ReviewInput {
            earlier_comments: "maybe".into(),
            ..full
        };
        assert!(
            odd.parse_for(false, true)
                .unwrap_err()
                .has("earlier_comments")
        );
    }

    #[test]
    fn a_declared_interest_needs_a_statement_and_none_needs_confidentiality() {
        let mut none = DeclarationInput {
            answer: "none".into(),
            statement: String::new(),
            confidential: String::new(),
        };
        assert!(none.parse().unwrap_err().has("confidential"));
        none.confidential = "yes".into();
        assert_eq!(none.parse(), Ok(Declaration::NoCompetingInterest));
        let bare = DeclarationInput {
            answer: "declared".into(),
            statement: " ".into(),
            confidential: String::new(),
        };
        assert!(bare.parse().unwrap_err().has("statement"));
        assert!(
            DeclarationInput::default()
                .parse()
                .unwrap_err()
                .has("answer")
        );
    }
}
