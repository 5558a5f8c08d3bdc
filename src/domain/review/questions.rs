//! A collection's structured review form (issue 19 part 2): the questions its editor-in-chief
//! asks beyond the recommendation and the two comments every review keeps, how the editor's
//! page changes them, and a reviewer's answers, checked. Pure: `db::review_forms` stores a
//! version's questions and an invitation's answers as JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::forms::too_long;
use crate::domain::FormErrors;

const QUESTION_MAX: usize = 500;
const LABEL_MAX: usize = 80;
const ANSWER_MAX: usize = 20_000;
/// More questions than a reviewer will answer with care.
pub const MOST_QUESTIONS: usize = 30;
pub const FEWEST_POINTS: u8 = 2;
pub const MOST_POINTS: u8 = 10;

/// Who reads an answer: the authors (quoted in the decision letter) or the editors only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Authors,
    Editors,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Authors => "authors",
            Audience::Editors => "editors",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Audience::Authors => "Shown to the authors",
            Audience::Editors => "Confidential to the editors",
        }
    }
}

/// For a yes/no question: which answer needs a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentWhen {
    Yes,
    No,
    Always,
}

impl CommentWhen {
    pub const ALL: [CommentWhen; 3] = [CommentWhen::Yes, CommentWhen::No, CommentWhen::Always];

    pub fn as_str(self) -> &'static str {
        match self {
            CommentWhen::Yes => "yes",
            CommentWhen::No => "no",
            CommentWhen::Always => "always",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CommentWhen::Yes => "When the answer is yes",
            CommentWhen::No => "When the answer is no",
            CommentWhen::Always => "Always",
        }
    }

    fn needs_comment(self, answer: &str) -> bool {
        match self {
            CommentWhen::Yes => answer == "yes",
            CommentWhen::No => answer == "no",
            CommentWhen::Always => !answer.is_empty(),
        }
    }
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuestionKind {
    /// 1 to `points`; `labels` names every point, or the two ends, or none.
    Scale {
        points: u8,
        labels: Vec<String>,
    },
    /// Yes or no, with a comment required as `comment_when` says.
    YesNo {
        comment_when: CommentWhen,
    },
    Text,
}

/// One question of a version of the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable across versions (an edited question keeps it) and never reused: the editor's
    /// table sets answers to the same question side by side by it.
    pub key: String,
    pub text: String,
    #[serde(flatten)]
    pub kind: QuestionKind,
    pub required: bool,
    pub audience: Audience,
}

/// One point of a scale as the form shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    pub value: String,
    pub label: String,
}

impl Question {
    /// The name of the reviewer's form field for the answer.
    pub fn field(&self) -> String {
        format!("q_{}", self.key)
    }

    /// The name of the reviewer's form field for a yes/no answer's comment.
    pub fn comment_field(&self) -> String {
        format!("q_{}_comment", self.key)
    }

    pub fn kind_str(&self) -> &'static str {
        match self.kind {
            QuestionKind::Scale { .. } => "scale",
            QuestionKind::YesNo { .. } => "yes_no",
            QuestionKind::Text => "text",
        }
    }

    pub fn for_authors(&self) -> bool {
        self.audience == Audience::Authors
    }

    /// The kind in words, for the editor's list.
    pub fn described(&self) -> String {
        match &self.kind {
            QuestionKind::Scale { points, labels } if labels.is_empty() => {
                format!("Scale 1–{points}")
            }
            QuestionKind::Scale { points, labels } => {
                format!("Scale 1–{points} ({})", labels.join(" … "))
            }
            QuestionKind::YesNo { comment_when } => format!(
                "Yes/no; comment required: {}",
                comment_when.label().to_lowercase()
            ),
            QuestionKind::Text => "Free text".to_owned(),
        }
    }

    /// The points of a scale with their labels (empty for other kinds).
    pub fn points(&self) -> Vec<Point> {
        let QuestionKind::Scale { points, .. } = &self.kind else {
            return Vec::new();
        };
        (1..=*points)
            .map(|p| Point {
                value: p.to_string(),
                label: self.point_label(p).unwrap_or_default().to_owned(),
            })
            .collect()
    }

    fn point_label(&self, p: u8) -> Option<&str> {
        let QuestionKind::Scale { points, labels } = &self.kind else {
            return None;
        };
        if labels.len() == usize::from(*points) {
            labels.get(usize::from(p) - 1).map(String::as_str)
        } else if labels.len() == 2 && p == 1 {
            Some(&labels[0])
        } else if labels.len() == 2 && p == *points {
            Some(&labels[1])
        } else {
            None
        }
    }

    /// For a yes/no question, which answer needs a comment.
    pub fn comment_when(&self) -> Option<CommentWhen> {
        match self.kind {
            QuestionKind::YesNo { comment_when } => Some(comment_when),
            _ => None,
        }
    }

    /// An answer in words ("4 of 5: Good", "Yes", the text).
    pub fn shown(&self, a: &Answer) -> String {
        match &self.kind {
            QuestionKind::Scale { points, .. } => {
                let p: u8 = a.value.parse().unwrap_or(0);
                match self.point_label(p) {
                    Some(l) if !l.is_empty() => format!("{p} of {points}: {l}"),
                    _ => format!("{p} of {points}"),
                }
            }
            QuestionKind::YesNo { .. } => match a.value.as_str() {
                "yes" => "Yes".to_owned(),
                "no" => "No".to_owned(),
                other => other.to_owned(),
            },
            QuestionKind::Text => a.value.clone(),
        }
    }
}

/// A reviewer's answer to one question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub value: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

/// A review's answers, by question key; only answered questions are kept.
pub type Answers = BTreeMap<String, Answer>;

/// One answered question as a review shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerLine {
    pub question: String,
    pub answer: String,
    pub comment: String,
    pub for_authors: bool,
}

/// The answered questions of `questions`, in the form's order.
pub fn answer_lines(questions: &[Question], answers: &Answers) -> Vec<AnswerLine> {
    questions
        .iter()
        .filter_map(|q| {
            let a = answers.get(&q.key)?;
            Some(AnswerLine {
                question: q.text.clone(),
                answer: q.shown(a),
                comment: a.comment.clone(),
                for_authors: q.for_authors(),
            })
        })
        .collect()
}

/// The review's comments to the authors followed by its answers meant for the authors: the
/// text the decision letter quotes and later reviewers read. Confidential answers never.
pub fn for_authors(comments: &str, questions: &[Question], answers: &Answers) -> String {
    let mut out = comments.trim().to_owned();
    for line in answer_lines(questions, answers) {
        if !line.for_authors {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&format!("{}\n{}", line.question, line.answer));
        if !line.comment.is_empty() {
            out.push_str(&format!("\n{}", line.comment));
        }
    }
    out
}

/// Checks the reviewer's typed answers (`typed`: form field → value) against `questions`.
/// A draft may leave anything out; on submitting, required questions and the comments a
/// yes/no answer asks for must be there. Errors go to `errors` by field.
pub fn parse_answers(
    questions: &[Question],
    typed: &BTreeMap<String, String>,
    submitting: bool,
    errors: &mut FormErrors,
) -> Answers {
    let mut out = Answers::new();
    for q in questions {
        let field = q.field();
        let value = typed.get(&field).map_or("", |v| v.trim()).to_owned();
        let comment_field = q.comment_field();
        let comment = typed
            .get(&comment_field)
            .map_or("", |v| v.trim())
            .to_owned();
        let valid = match &q.kind {
            QuestionKind::Scale { points, .. } => {
                value.is_empty()
                    || value
                        .parse::<u8>()
                        .is_ok_and(|p| (1..=*points).contains(&p))
            }
            QuestionKind::YesNo { .. } => matches!(value.as_str(), "" | "yes" | "no"),
            QuestionKind::Text => true,
        };
        if !valid {
            errors.add(&field, "Choose one of the answers.");
            continue;
        }
        too_long(errors, &field, &value, ANSWER_MAX, "the answer");
        too_long(errors, &comment_field, &comment, ANSWER_MAX, "the comment");
        if submitting && q.required && value.is_empty() {
            errors.add(&field, "Answer this question before submitting the review.");
        }
        if let Some(when) = q.comment_when()
            && submitting
            && when.needs_comment(&value)
            && comment.is_empty()
        {
            errors.add(
                &comment_field,
                "Explain your answer in a comment before submitting the review.",
            );
        }
        if !value.is_empty() || !comment.is_empty() {
            out.insert(q.key.clone(), Answer { value, comment });
        }
    }
    out
}

/// The editor's question form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct QuestionInput {
    /// Empty for a new question.
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub text: String,
    /// "scale", "yes_no" or "text".
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub points: String,
    /// One label a line: one for every point, or two for the ends.
    #[serde(default)]
    pub labels: String,
    #[serde(default)]
    pub comment_when: String,
    /// Present when ticked.
    #[serde(default)]
    pub required: String,
    #[serde(default)]
    pub audience: String,
}

impl QuestionInput {
    /// A question's form filled in with it, to edit it.
    pub fn of(q: &Question) -> QuestionInput {
        let (points, labels, comment_when) = match &q.kind {
            QuestionKind::Scale { points, labels } => {
                (points.to_string(), labels.join("\n"), String::new())
            }
            QuestionKind::YesNo { comment_when } => {
                (String::new(), String::new(), comment_when.as_str().into())
            }
            QuestionKind::Text => Default::default(),
        };
        QuestionInput {
            key: q.key.clone(),
            text: q.text.clone(),
            kind: q.kind_str().to_owned(),
            points,
            labels,
            comment_when,
            required: if q.required {
                "yes".into()
            } else {
                String::new()
            },
            audience: q.audience.as_str().to_owned(),
        }
    }

    /// The question, keyed `key`, or what is wrong with it.
    pub fn parse(&self, key: String) -> Result<Question, FormErrors> {
        let mut errors = FormErrors::new();
        let text = self.text.trim().to_owned();
        if text.is_empty() {
            errors.add("text", "Write the question as the reviewers will read it.");
        }
        too_long(&mut errors, "text", &text, QUESTION_MAX, "the question");
        let kind = match self.kind.as_str() {
            "scale" => self.scale(&mut errors),
            "yes_no" => match CommentWhen::ALL
                .into_iter()
                .find(|c| c.as_str() == self.comment_when)
            {
                Some(comment_when) => Some(QuestionKind::YesNo { comment_when }),
                None => {
                    errors.add(
                        "comment_when",
                        "Say for which answer the reviewer must add a comment.",
                    );
                    None
                }
            },
            "text" => Some(QuestionKind::Text),
            _ => {
                errors.add("kind", "Choose what kind of answer the question takes.");
                None
            }
        };
        let audience = match self.audience.as_str() {
            "authors" => Some(Audience::Authors),
            "editors" => Some(Audience::Editors),
            _ => {
                errors.add(
                    "audience",
                    "Say whether the authors read the answer or only the editors.",
                );
                None
            }
        };
        match (kind, audience) {
            (Some(kind), Some(audience)) if errors.is_empty() => Ok(Question {
                key,
                text,
                kind,
                required: !self.required.is_empty(),
                audience,
            }),
            _ => Err(errors),
        }
    }

    fn scale(&self, errors: &mut FormErrors) -> Option<QuestionKind> {
        let Some(points) = self
            .points
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|p| (FEWEST_POINTS..=MOST_POINTS).contains(p))
        else {
            errors.add(
                "points",
                format!("Give the number of points as a whole number from {FEWEST_POINTS} to {MOST_POINTS}."),
            );
            return None;
        };
        let labels: Vec<String> = self
            .labels
            .lines()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect();
        if !(labels.is_empty() || labels.len() == 2 || labels.len() == usize::from(points)) {
            errors.add(
                "labels",
                format!(
                    "Give one label a line: {points} (one for each point), 2 (for the ends), or none; there are {}.",
                    labels.len()
                ),
            );
            return None;
        }
        if labels.iter().any(|l| l.chars().count() > LABEL_MAX) {
            errors.add(
                "labels",
                format!("Keep each label under {LABEL_MAX} characters."),
            );
            return None;
        }
        Some(QuestionKind::Scale { points, labels })
    }
}

/// One change the editor's page asks of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormChange {
    /// Adds the question (a key the form does not have) or replaces the one with its key.
    Save(Question),
    Up(String),
    Down(String),
    Remove(String),
}

impl FormChange {
    /// The questions with the change made, or `None` when it names a question the form
    /// does not have, or would add one too many.
    pub fn apply(&self, questions: &[Question]) -> Option<Vec<Question>> {
        let mut out = questions.to_vec();
        let at = |key: &str| out.iter().position(|q| q.key == key);
        match self {
            FormChange::Save(q) => match at(&q.key) {
                Some(i) => out[i] = q.clone(),
                None if out.len() >= MOST_QUESTIONS => return None,
                None => out.push(q.clone()),
            },
            FormChange::Up(key) => {
                let i = at(key)?;
                if i > 0 {
                    out.swap(i, i - 1);
                }
            }
            FormChange::Down(key) => {
                let i = at(key)?;
                if i + 1 < out.len() {
                    out.swap(i, i + 1);
                }
            }
            FormChange::Remove(key) => {
                out.remove(at(key)?);
            }
        }
        Some(out)
    }

    /// Whether `questions` already show this change made (a second press of the same
    /// button, from a page read before the first was saved). A move can never tell.
    pub fn already_made(&self, questions: &[Question]) -> bool {
        match self {
            // The same question, whatever key it was given (an added one gets its key when saved).
            FormChange::Save(q) => questions.iter().any(|have| {
                let rekeyed = Question {
                    key: q.key.clone(),
                    ..have.clone()
                };
                rekeyed == *q
            }),
            FormChange::Remove(key) => questions.iter().all(|q| q.key != *key),
            FormChange::Up(_) | FormChange::Down(_) => false,
        }
    }
}

/// The key of a question added as version `version`: one question is added a version, so
/// a key is never used twice in a collection.
pub fn new_key(version: i32) -> String {
    format!("v{version}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale() -> Question {
        QuestionInput {
            text: "How original is the work?".into(),
            kind: "scale".into(),
            points: "5".into(),
            labels: "Not at all\nHighly original".into(),
            required: "yes".into(),
            audience: "authors".into(),
            ..Default::default()
        }
        .parse("v1".into())
        .unwrap()
    }

    fn yes_no() -> Question {
        QuestionInput {
            text: "Are the statistics sound?".into(),
            kind: "yes_no".into(),
            comment_when: "no".into(),
            audience: "editors".into(),
            ..Default::default()
        }
        .parse("v2".into())
        .unwrap()
    }

    fn typed(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_question_is_checked_field_by_field_and_round_trips_through_its_form() {
        let q = scale();
        assert_eq!(q.points()[0].label, "Not at all");
        assert_eq!(q.points()[2].label, "");
        assert_eq!(q.points()[4].label, "Highly original");
        assert_eq!(QuestionInput::of(&q).parse("v1".into()), Ok(q.clone()));
        assert_eq!(
            QuestionInput::of(&yes_no()).parse("v2".into()),
            Ok(yes_no())
        );
        let bad = QuestionInput {
            kind: "scale".into(),
            points: "5".into(),
            labels: "a\nb\nc".into(),
            ..Default::default()
        };
        let errors = bad.parse("v3".into()).unwrap_err();
        assert!(errors.has("text") && errors.has("labels") && errors.has("audience"));
        let too_many = QuestionInput {
            points: "11".into(),
            ..bad.clone()
        };
        assert!(too_many.parse("v3".into()).unwrap_err().has("points"));
        let no_when = QuestionInput {
            kind: "yes_no".into(),
            ..bad
        };
        assert!(no_when.parse("v3".into()).unwrap_err().has("comment_when"));
        let json = serde_json::to_string(&vec![q.clone(), yes_no()]).unwrap();
        let back: Vec<Question> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, vec![q, yes_no()]);
    }

    #[test]
    fn required_answers_and_comments_are_asked_for_only_on_submitting() {
        let qs = vec![scale(), yes_no()];
        let mut errors = FormErrors::new();
        let draft = parse_answers(&qs, &typed(&[("q_v2", "no")]), false, &mut errors);
        assert!(errors.is_empty());
        assert_eq!(draft.len(), 1);
        let mut errors = FormErrors::new();
        parse_answers(&qs, &typed(&[("q_v2", "no")]), true, &mut errors);
        assert!(errors.has("q_v1") && errors.has("q_v2_comment"));
        let mut errors = FormErrors::new();
        let full = typed(&[
            ("q_v1", "4"),
            ("q_v2", "no"),
            ("q_v2_comment", "n too small"),
        ]);
        let answers = parse_answers(&qs, &full, true, &mut errors);
        assert!(errors.is_empty());
        let mut errors = FormErrors::new();
        parse_answers(
            &qs,
            &typed(&[("q_v1", "6"), ("q_v2", "maybe")]),
            false,
            &mut errors,
        );
        assert!(errors.has("q_v1") && errors.has("q_v2"));

        // Only what the authors may read reaches them.
        let text = for_authors("Fine work.", &qs, &answers);
        assert!(text.contains("How original is the work?\n4 of 5"), "{text}");
        assert!(
            !text.contains("statistics") && !text.contains("too small"),
            "{text}"
        );
    }

    #[test]
    fn changes_add_edit_move_and_remove_and_a_second_press_is_seen() {
        let qs = vec![scale()];
        let added = FormChange::Save(yes_no()).apply(&qs).unwrap();
        assert_eq!(added.len(), 2);
        assert!(FormChange::Save(yes_no()).already_made(&added));
        let up = FormChange::Up("v2".into()).apply(&added).unwrap();
        assert_eq!(up[0].key, "v2");
        assert_eq!(FormChange::Down("v2".into()).apply(&up).unwrap(), added);
        let edited = Question {
            text: "Is it original?".into(),
            ..scale()
        };
        let after = FormChange::Save(edited.clone()).apply(&added).unwrap();
        assert_eq!(after[0], edited);
        let removed = FormChange::Remove("v1".into()).apply(&after).unwrap();
        assert_eq!(removed.len(), 1);
        assert!(FormChange::Remove("v1".into()).already_made(&removed));
        assert_eq!(FormChange::Remove("v9".into()).apply(&removed), None);
    }
}
