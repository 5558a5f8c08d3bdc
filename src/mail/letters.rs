//! A collection's own letters (issue 18 part 3): which messages a collection may word
//! itself, the placeholders of each (with what each stands for), the shipped wording as
//! the default, and the e-mail made from a collection's wording.
//!
//! One source of truth for the defaults: the default of a message is derived from its
//! shipped plain-text template (`templates/email/*.txt`) by rendering it with each field
//! set to its own placeholder (`{{ title }}`). A field the shipped template tests for
//! emptiness (the authors under double-blind review, the editor's own message) is rendered
//! a second time empty; the text that disappears becomes an `{% if field %}` section, so the
//! default behaves as the shipped template does. A unit test renders every default against
//! its shipped template, with every optional field full and empty.
//!
//! A decision letter's default is the shipped draft (`domain::decision`); its e-mail wraps
//! the letter the editor sent in the shipped `decision_letter` template as before, with the
//! collection's subject.

use std::collections::HashMap;

use askama::Template;

use super::Email;
use super::messages::{
    AppealDecided, ArticlePublished, DecisionLetter, DecisionMade, DecisionToCoAuthor,
    EditorReminder, ReviewReminder, ReviewerInvited, RevisionExtended, RevisionReminder,
    subject_title,
};
use crate::domain::decision::{DecisionKind, default_letter_template, letter_placeholders};
use crate::domain::letter_template::{Block, Placeholder, html_blocks, render};

/// A message a collection may word itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Letter {
    ReviewerInvited,
    ReviewReminder,
    RevisionReminder,
    RevisionExtended,
    EditorReminder,
    /// The letter of one kind of decision, which the decision form starts from.
    Decision(DecisionKind),
    DecisionToCoAuthor,
    DecisionMade,
    ArticlePublished,
    AppealDecided,
}

/// A shipped message as the catalogue renders it: subject and plain text from values by name.
type Shipped = fn(&HashMap<&str, String>) -> Result<(String, String), askama::Error>;

/// The subject and body a letter starts from, or is put back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    pub subject: String,
    pub body: String,
}

impl Letter {
    /// Every letter, in the order the office's page lists them.
    pub const ALL: [Letter; 14] = [
        Letter::ReviewerInvited,
        Letter::ReviewReminder,
        Letter::Decision(DecisionKind::Accept),
        Letter::Decision(DecisionKind::MinorRevision),
        Letter::Decision(DecisionKind::MajorRevision),
        Letter::Decision(DecisionKind::Reject),
        Letter::Decision(DecisionKind::DeskReject),
        Letter::DecisionToCoAuthor,
        Letter::DecisionMade,
        Letter::RevisionReminder,
        Letter::RevisionExtended,
        Letter::EditorReminder,
        Letter::ArticlePublished,
        Letter::AppealDecided,
    ];

    /// The stored key; never change one, rows hold it.
    pub fn key(self) -> &'static str {
        match self {
            Letter::ReviewerInvited => "reviewer_invited",
            Letter::ReviewReminder => "review_reminder",
            Letter::RevisionReminder => "revision_reminder",
            Letter::RevisionExtended => "revision_extended",
            Letter::EditorReminder => "editor_reminder",
            Letter::Decision(DecisionKind::Accept) => "decision_accept",
            Letter::Decision(DecisionKind::MinorRevision) => "decision_minor_revision",
            Letter::Decision(DecisionKind::MajorRevision) => "decision_major_revision",
            Letter::Decision(DecisionKind::Reject) => "decision_reject",
            Letter::Decision(DecisionKind::DeskReject) => "decision_desk_reject",
            Letter::DecisionToCoAuthor => "decision_to_co_author",
            Letter::DecisionMade => "decision_made",
            Letter::ArticlePublished => "article_published",
            Letter::AppealDecided => "appeal_decided",
        }
    }

    pub fn from_key(key: &str) -> Option<Letter> {
        Letter::ALL.into_iter().find(|l| l.key() == key)
    }

    /// The letter a queued message of outbox kind `kind` is worded by. The decision letter
    /// itself is not here: the editor writes it from [`Letter::Decision`] in the form.
    pub fn for_mail_kind(kind: &str) -> Option<Letter> {
        Some(match kind {
            "reviewer_invited" => Letter::ReviewerInvited,
            "review_reminder" => Letter::ReviewReminder,
            "revision_reminder" => Letter::RevisionReminder,
            "revision_extended" => Letter::RevisionExtended,
            "decision_reminder" | "appeal_reminder" => Letter::EditorReminder,
            "decision_to_co_author" => Letter::DecisionToCoAuthor,
            "decision_made" => Letter::DecisionMade,
            "article_published" => Letter::ArticlePublished,
            "appeal_decided" => Letter::AppealDecided,
            _ => return None,
        })
    }

    /// Its name on the office's pages.
    pub fn label(self) -> String {
        match self {
            Letter::ReviewerInvited => "Invitation to review".into(),
            Letter::ReviewReminder => "Reminder to a reviewer".into(),
            Letter::RevisionReminder => "Reminder to the authors of a revised version".into(),
            Letter::RevisionExtended => "More time for a revised version".into(),
            Letter::EditorReminder => {
                "Reminder to the handling editor or an appeal's hearer".into()
            }
            Letter::Decision(k) => format!("Decision letter: {}", k.label()),
            Letter::DecisionToCoAuthor => "Decision, to each co-author".into(),
            Letter::DecisionMade => "Decision made, to the reviewers".into(),
            Letter::ArticlePublished => "Article published".into(),
            Letter::AppealDecided => "Outcome of an appeal".into(),
        }
    }

    /// Who receives it, and when, in one sentence.
    pub fn when(self) -> &'static str {
        match self {
            Letter::ReviewerInvited => "To a reviewer the handling editor invites.",
            Letter::ReviewReminder => {
                "To a reviewer, by the reminder schedule or “Remind now”: an unanswered invitation, a review due soon or late."
            }
            Letter::RevisionReminder => {
                "To the corresponding author, before and after a revised version is due."
            }
            Letter::RevisionExtended => {
                "To the corresponding author when the handling editor gives more time."
            }
            Letter::EditorReminder => {
                "To the handling editor waiting to decide, or to the hearer of an appeal, from “Remind now”."
            }
            Letter::Decision(_) => {
                "The decision form starts from it; the handling editor changes it freely and sends it to the corresponding author."
            }
            Letter::DecisionToCoAuthor => "To every co-author when a decision is sent.",
            Letter::DecisionMade => "To each reviewer whose review is in, when a decision is sent.",
            Letter::ArticlePublished => "To each author and the handling editor on publication.",
            Letter::AppealDecided => {
                "To the authors and the handling editor when an appeal is decided."
            }
        }
    }

    /// The shipped message, its fields, those its template leaves out when empty, and
    /// those it cannot do without.
    fn shipped(
        self,
    ) -> (
        Shipped,
        &'static [&'static str],
        &'static [&'static str],
        &'static [&'static str],
    ) {
        match self {
            Letter::ReviewerInvited => (
                ReviewerInvited::subject_and_text,
                ReviewerInvited::FIELDS,
                &["authors", "message"],
                &["link"],
            ),
            Letter::ReviewReminder => (
                ReviewReminder::subject_and_text,
                ReviewReminder::FIELDS,
                &[],
                &["link"],
            ),
            Letter::RevisionReminder => (
                RevisionReminder::subject_and_text,
                RevisionReminder::FIELDS,
                &[],
                &["link"],
            ),
            Letter::RevisionExtended => (
                RevisionExtended::subject_and_text,
                RevisionExtended::FIELDS,
                &["note"],
                &["due", "link"],
            ),
            Letter::EditorReminder => (
                EditorReminder::subject_and_text,
                EditorReminder::FIELDS,
                &[],
                &["link"],
            ),
            Letter::DecisionToCoAuthor => (
                DecisionToCoAuthor::subject_and_text,
                DecisionToCoAuthor::FIELDS,
                &[],
                &["decision"],
            ),
            Letter::DecisionMade => (
                DecisionMade::subject_and_text,
                DecisionMade::FIELDS,
                &["other_reviews"],
                &[],
            ),
            Letter::ArticlePublished => (
                ArticlePublished::subject_and_text,
                ArticlePublished::FIELDS,
                &[],
                &["link"],
            ),
            Letter::AppealDecided => (
                AppealDecided::subject_and_text,
                AppealDecided::FIELDS,
                &[],
                &["outcome", "link"],
            ),
            // The decision letter's e-mail: only its subject is derived from it.
            Letter::Decision(_) => (
                DecisionLetter::subject_and_text,
                DecisionLetter::FIELDS,
                &["due"],
                &[],
            ),
        }
    }

    /// The placeholders the letter may use, each with its meaning.
    pub fn placeholders(self) -> Vec<Placeholder> {
        if let Letter::Decision(kind) = self {
            return letter_placeholders(kind);
        }
        let (_, fields, _, required) = self.shipped();
        fields
            .iter()
            .map(|f| Placeholder {
                name: f,
                meaning: meaning(self, f),
                required: required.contains(f),
            })
            .collect()
    }

    /// The shipped wording, as a template of this language (see the module's comment).
    pub fn default_wording(self) -> Wording {
        let (render_shipped, fields, optional, _) = self.shipped();
        let marks: HashMap<&str, String> = fields
            .iter()
            .map(|f| (*f, format!("{{{{ {f} }}}}")))
            .collect();
        // The shipped templates render from `&str` fields and cannot fail on these values.
        let (subject, all) = render_shipped(&marks).unwrap_or_default();
        if let Letter::Decision(kind) = self {
            return Wording {
                subject,
                body: default_letter_template(kind),
            };
        }
        let mut sections: Vec<(usize, usize, &str)> = optional
            .iter()
            .map(|f| {
                let mut without = marks.clone();
                without.insert(*f, String::new());
                let (_, text) = render_shipped(&without).unwrap_or_default();
                let (start, end) = differing_span(&all, &text);
                (start, end, *f)
            })
            .collect();
        sections.sort_by_key(|(start, _, _)| std::cmp::Reverse(*start));
        let mut body = all;
        for (start, end, field) in sections {
            body.insert_str(end, "{% endif %}");
            body.insert_str(start, &format!("{{% if {field} %}}"));
        }
        let tail = footer();
        let body = body
            .strip_suffix(tail.as_str())
            .map_or(body.clone(), str::to_owned);
        Wording { subject, body }
    }
}

/// The span of `with` missing from `without` (a section the shipped template leaves out):
/// the common beginning and end of both strings, on character boundaries, are outside it.
fn differing_span(with: &str, without: &str) -> (usize, usize) {
    let (a, b) = (with.as_bytes(), without.as_bytes());
    let mut start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    while !with.is_char_boundary(start) {
        start -= 1;
    }
    let room = b.len().saturating_sub(start);
    let same_end = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    let mut end = a.len() - same_end;
    while !with.is_char_boundary(end) {
        end += 1;
    }
    (start, end.max(start))
}

/// What each field stands for, in one line.
fn meaning(letter: Letter, field: &str) -> &'static str {
    match (letter, field) {
        (Letter::ReviewerInvited, "link") => {
            "the reviewer's own link to accept or decline (no account needed)"
        }
        (Letter::ReviewerInvited, "due") => "the date the review would be due, written out",
        (Letter::ReviewReminder, "link") => {
            "the reviewer's own link to the invitation and the review"
        }
        (Letter::RevisionExtended, "due") => "the new date the revised version is due",
        (Letter::RevisionExtended, "was") => "the date it replaces",
        (Letter::ArticlePublished, "link") => "the article's public page",
        (Letter::EditorReminder, "link") => "the page where the decision or the appeal waits",
        (_, "name") => "the recipient's name",
        (_, "manuscript_number") => "the manuscript's number, e.g. RC-2026-0001",
        (_, "title") => "the manuscript's title",
        (_, "abstract_text") => "the manuscript's abstract",
        (_, "authors") => "the authors; empty under double-blind review",
        (_, "collection") => "the collection's title",
        (_, "journal") => "the journal's name",
        (_, "editor") => "the handling editor's name",
        (_, "message") => "the editor's own message to this reviewer; may be empty",
        (_, "due") => "the date it is due, written out",
        (_, "expires") => "the day the link stops working",
        (_, "reminders") => "the collection's reminder schedule, in one sentence",
        (_, "link") => "the link to the submission's page",
        (_, "site") => "the site's name",
        (_, "what") => {
            "one sentence saying what is awaited, and how long is left or how late it is"
        }
        (_, "note") => "the editor's note; may be empty",
        (_, "sender") => "who sends the reminder",
        (_, "decision") => "the decision, e.g. “Minor revision”",
        (_, "corresponding") => "the corresponding author's name",
        (_, "relation") => "“you are an author of” or “you handled as editor”",
        (_, "citation") => "the article's citation",
        (_, "doi") => "the article's DOI (without https://doi.org/)",
        (_, "published_on") => "the day it was published",
        (_, "outcome") => "the outcome of the appeal",
        (_, "reason") => "the reasons given for it",
        (_, "next_step") => "what happens next, in one sentence",
        (_, "own_number") => "the reviewer's own number, e.g. “Reviewer 2”",
        (_, "other_reviews") => {
            "the other reviewers' comments to the authors, quoted as “Reviewer 1” …; empty unless the collection shares them"
        }
        _ => "a value of this message",
    }
}

/// The signature every plain-text message ends with (`templates/email/layout.txt`).
#[derive(Template)]
#[template(
    source = "{% extends \"email/layout.txt\" %}{% block body %}{% endblock %}",
    ext = "txt",
    escape = "none"
)]
struct Footer;

fn footer() -> String {
    Footer.render().unwrap_or_default()
}

/// The HTML part of a collection's own wording: the text's paragraphs, escaped by askama.
#[derive(Template)]
#[template(path = "email/custom.html")]
struct CustomHtml<'a> {
    blocks: &'a [Block],
}

/// The value of field `name` among `fields`; "" for one not there.
pub fn lookup<'f>(fields: &[(&str, &'f str)], name: &str) -> &'f str {
    fields
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("", |(_, v)| *v)
}

/// A subject as sent: on one line, a long title cut as the shipped subjects cut it.
pub fn render_subject<'v>(subject: &str, value: impl Fn(&str) -> &'v str) -> String {
    let title = subject_title(value("title"));
    let rendered = render(subject, |name| {
        if name == "title" {
            title.as_str()
        } else {
            value(name)
        }
    });
    rendered.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The e-mail to `to` worded by a collection's `subject` and `body` templates, filled in
/// from the message's own fields: the plain text with the usual signature, and an HTML part
/// made from it (paragraphs, quotations, links made clickable, every character escaped).
pub fn worded_email(
    subject: &str,
    body: &str,
    fields: &[(&str, &str)],
    (to_name, to_address): (&str, &str),
) -> Result<Email, askama::Error> {
    let value = |name: &str| lookup(fields, name);
    let text = render(body, value);
    let html = CustomHtml {
        blocks: &html_blocks(&text),
    }
    .render()?;
    Ok(Email {
        to_name: to_name.to_owned(),
        to_address: to_address.to_owned(),
        subject: render_subject(subject, value),
        text: format!("{}{}", text.trim_end_matches('\n'), footer_after_body()),
        html,
    })
}

/// What follows a body: the shipped templates end their body with one line break before the
/// signature.
fn footer_after_body() -> String {
    format!("\n{}", footer())
}

#[cfg(test)]
mod tests;
