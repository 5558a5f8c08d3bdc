//! Discussion on a submission (issue 28 part 1): its two threads, what a message may be,
//! and how a message's poster is named to each reader. Who may read and post is the
//! permissions module's rule (`SubmissionAction::{Read,Post}{Reviewers,Authors}Thread`,
//! `ReviewerAction::{Read,Post}Discussion`).

use std::fmt;
use std::str::FromStr;

/// The longest message, in characters: a page of questions, not a second review.
pub const MESSAGE_MAX_CHARS: usize = 10_000;

/// One of a submission's two threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Thread {
    /// The editors and the reviewers who have sent their report.
    Reviewers,
    /// The editors and the submitting author: questions that need no new version.
    Authors,
}

impl Thread {
    pub const ALL: [Thread; 2] = [Thread::Reviewers, Thread::Authors];

    pub fn as_str(self) -> &'static str {
        match self {
            Thread::Reviewers => "reviewers",
            Thread::Authors => "authors",
        }
    }

    /// The thread's name on the pages and in the e-mails.
    pub fn title(self) -> &'static str {
        match self {
            Thread::Reviewers => "Discussion with the reviewers",
            Thread::Authors => "Questions between the editors and the authors",
        }
    }
}

impl fmt::Display for Thread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Thread {
    type Err = ();

    fn from_str(s: &str) -> Result<Thread, ()> {
        match s {
            "reviewers" => Ok(Thread::Reviewers),
            "authors" => Ok(Thread::Authors),
            _ => Err(()),
        }
    }
}

/// A message as it may be posted: some text, at most [`MESSAGE_MAX_CHARS`] characters,
/// with the line endings a browser sends made plain and the edges trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageBody(String);

impl MessageBody {
    pub fn parse(typed: &str) -> Result<MessageBody, &'static str> {
        let text = typed.replace("\r\n", "\n");
        let text = text.trim();
        if text.is_empty() {
            return Err("Write a message before posting it.");
        }
        if text.chars().count() > MESSAGE_MAX_CHARS {
            return Err(
                "A message can be at most 10,000 characters. Shorten it, or post it in two parts.",
            );
        }
        Ok(MessageBody(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where someone reads and writes a thread from: it decides how they see others named and
/// how others see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seat {
    /// One of the submission's editors (handling editor, editor-in-chief, the appeal's
    /// hearer): always named, as everywhere an author or reviewer meets them.
    Editor,
    /// A reviewer who has sent their report.
    Reviewer,
    /// The submitting author.
    Author,
}

impl Seat {
    pub fn as_str(self) -> &'static str {
        match self {
            Seat::Editor => "editor",
            Seat::Reviewer => "reviewer",
            Seat::Author => "author",
        }
    }

    pub fn parse(s: &str) -> Option<Seat> {
        [Seat::Editor, Seat::Reviewer, Seat::Author]
            .into_iter()
            .find(|seat| seat.as_str() == s)
    }
}

/// How a message is signed for `reader`: by the poster's `seat`, their `number` among the
/// reviewers of this submission (the numbering of `domain::review`), and their `name`.
/// Editors read reviewers' names beside their numbers, as on the reviews; nobody else does
/// (single- and double-blind alike, reviewers are anonymous to authors and to one another).
/// `own` marks the reader's own messages.
pub fn poster_label(
    seat: Seat,
    number: Option<u32>,
    name: &str,
    reader: Seat,
    own: bool,
) -> String {
    let reviewer = number.map_or("A reviewer".to_owned(), |n| format!("Reviewer {n}"));
    let label = match seat {
        Seat::Editor => format!("{name} (editor)"),
        Seat::Author => format!("{name} (author)"),
        Seat::Reviewer if reader == Seat::Editor => format!("{reviewer} ({name})"),
        Seat::Reviewer => reviewer,
    };
    if own { format!("{label}, you") } else { label }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_some_text_within_the_limit() {
        assert!(MessageBody::parse("  \r\n ").is_err());
        assert_eq!(
            MessageBody::parse(" Is the cohort\r\nthe same? ")
                .unwrap()
                .as_str(),
            "Is the cohort\nthe same?"
        );
        assert!(MessageBody::parse(&"é".repeat(MESSAGE_MAX_CHARS)).is_ok());
        assert!(MessageBody::parse(&"é".repeat(MESSAGE_MAX_CHARS + 1)).is_err());
    }

    #[test]
    fn reviewers_are_numbers_to_everyone_but_editors() {
        let r = |reader, own| poster_label(Seat::Reviewer, Some(2), "Marta", reader, own);
        assert_eq!(r(Seat::Editor, false), "Reviewer 2 (Marta)");
        assert_eq!(r(Seat::Reviewer, false), "Reviewer 2");
        assert_eq!(r(Seat::Reviewer, true), "Reviewer 2, you");
        assert_eq!(r(Seat::Author, false), "Reviewer 2");
        assert_eq!(
            poster_label(Seat::Editor, None, "Atif", Seat::Author, false),
            "Atif (editor)"
        );
        for seat in [Seat::Editor, Seat::Reviewer, Seat::Author] {
            assert_eq!(Seat::parse(seat.as_str()), Some(seat));
        }
    }

    #[test]
    fn threads_read_back_from_their_names() {
        for t in Thread::ALL {
            assert_eq!(t.as_str().parse::<Thread>(), Ok(t));
        }
        assert!("others".parse::<Thread>().is_err());
    }
}
