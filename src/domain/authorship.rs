//! Co-authors confirm their authorship (issue 20 item 1): where each listed author stands,
//! how long an e-mailed link works, when the submitting author may ask again, and whether
//! review may start in a collection that waits for every confirmation.

use chrono::{Duration, NaiveDateTime};

use super::person_name::join_names;

/// An e-mailed link works this long: long enough for a co-author on leave to come back to
/// it, short enough that an old e-mail is not a key for ever.
pub const LINK_DAYS: i64 = 30;

/// The submitting author may send a co-author a new request once a day at most, so that
/// the button cannot be used to flood someone's mailbox.
pub const ASK_AGAIN_AFTER_HOURS: i64 = 24;

/// What someone who is not an author may tell the editorial office, in characters.
pub const NOTE_MAX_CHARS: usize = 2000;

/// A co-author's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// "I am an author of this manuscript and agree to its submission."
    Confirmed,
    /// "I am not an author of this manuscript."
    NotAnAuthor,
}

impl Answer {
    /// The stored name; never change one, rows in the database hold it.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Confirmed => "confirmed",
            Answer::NotAnAuthor => "not_an_author",
        }
    }

    pub fn parse(s: &str) -> Option<Answer> {
        match s {
            "confirmed" => Some(Answer::Confirmed),
            "not_an_author" => Some(Answer::NotAnAuthor),
            _ => None,
        }
    }

    /// The answer in the co-author's own words, as the page and the e-mails quote it.
    pub fn in_their_words(self) -> &'static str {
        match self {
            Answer::Confirmed => "I am an author of this manuscript and agree to its submission",
            Answer::NotAnAuthor => "I am not an author of this manuscript",
        }
    }
}

/// The newest request e-mailed to one author, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asked {
    pub asked_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub answer: Option<Answer>,
    pub answered_at: Option<NaiveDateTime>,
}

/// Where one listed author stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// They submitted the manuscript: there is nothing for them to confirm.
    Submitter,
    /// Never asked: the manuscript was submitted before co-authors were asked to confirm.
    NotAsked,
    /// Asked, not answered yet; the link works until `expires_at`.
    Waiting {
        asked_at: NaiveDateTime,
        expires_at: NaiveDateTime,
    },
    /// Asked, never answered, and the link has stopped working.
    Expired {
        asked_at: NaiveDateTime,
        expired_at: NaiveDateTime,
    },
    Confirmed {
        at: NaiveDateTime,
    },
    NotAnAuthor {
        at: NaiveDateTime,
    },
}

fn long_date(at: NaiveDateTime) -> String {
    at.format("%-d %B %Y").to_string()
}

impl Standing {
    /// Where an author stands, from whether they submitted it and their newest request.
    pub fn of(is_submitter: bool, newest: Option<&Asked>, now: NaiveDateTime) -> Standing {
        if is_submitter {
            return Standing::Submitter;
        }
        let Some(a) = newest else {
            return Standing::NotAsked;
        };
        let at = a.answered_at.unwrap_or(a.asked_at);
        match a.answer {
            Some(Answer::Confirmed) => Standing::Confirmed { at },
            Some(Answer::NotAnAuthor) => Standing::NotAnAuthor { at },
            None if a.expires_at <= now => Standing::Expired {
                asked_at: a.asked_at,
                expired_at: a.expires_at,
            },
            None => Standing::Waiting {
                asked_at: a.asked_at,
                expires_at: a.expires_at,
            },
        }
    }

    /// Counts as confirmed for a collection that waits for every confirmation.
    pub fn is_confirmed(self) -> bool {
        matches!(self, Standing::Submitter | Standing::Confirmed { .. })
    }

    /// A short name for the state, for a CSS class and tests.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Submitter => "submitter",
            Standing::NotAsked => "not-asked",
            Standing::Waiting { .. } => "waiting",
            Standing::Expired { .. } => "expired",
            Standing::Confirmed { .. } => "confirmed",
            Standing::NotAnAuthor { .. } => "not-an-author",
        }
    }

    /// The state in a sentence, as the submission's pages show it beside the author.
    pub fn describe(self) -> String {
        match self {
            Standing::Submitter => "Submitted the manuscript".into(),
            Standing::NotAsked => "Not asked to confirm".into(),
            Standing::Waiting {
                asked_at,
                expires_at,
            } => format!(
                "Asked on {} to confirm; no answer yet (the link works until {})",
                long_date(asked_at),
                long_date(expires_at)
            ),
            Standing::Expired { expired_at, .. } => format!(
                "Did not answer; the link expired on {}",
                long_date(expired_at)
            ),
            Standing::Confirmed { at } => format!("Confirmed on {}", long_date(at)),
            Standing::NotAnAuthor { at } => {
                format!("Said on {} that they are not an author", long_date(at))
            }
        }
    }

    /// Whether the submitting author may e-mail them a new request now: never answered,
    /// and the last request (if any) at least [`ASK_AGAIN_AFTER_HOURS`] old.
    pub fn may_ask_again(self, now: NaiveDateTime) -> bool {
        match self {
            Standing::NotAsked | Standing::Expired { .. } => true,
            Standing::Waiting { asked_at, .. } => {
                now - asked_at >= Duration::hours(ASK_AGAIN_AFTER_HOURS)
            }
            _ => false,
        }
    }
}

/// When a link sent at `asked_at` stops working.
pub fn link_expires_at(asked_at: NaiveDateTime) -> NaiveDateTime {
    asked_at + Duration::days(LINK_DAYS)
}

/// Whether review may start: always, unless the collection waits for every co-author's
/// confirmation (`required`) and some (named in `authors` with where they stand) have
/// not confirmed; then why not, in a sentence for the handling editor.
pub fn review_may_start(required: bool, authors: &[(&str, Standing)]) -> Result<(), String> {
    if !required {
        return Ok(());
    }
    let disowning: Vec<&str> = authors
        .iter()
        .filter(|(_, s)| matches!(s, Standing::NotAnAuthor { .. }))
        .map(|(n, _)| *n)
        .collect();
    let waiting: Vec<&str> = authors
        .iter()
        .filter(|(_, s)| !s.is_confirmed() && !matches!(s, Standing::NotAnAuthor { .. }))
        .map(|(n, _)| *n)
        .collect();
    if disowning.is_empty() && waiting.is_empty() {
        return Ok(());
    }
    let mut why = "Review cannot start yet: this collection starts review only when every co-author has confirmed their authorship.".to_owned();
    if !disowning.is_empty() {
        why.push_str(&format!(
            " {} said they {}, so the author list must be settled with the submitting author first.",
            join_names(&disowning),
            if disowning.len() == 1 { "are not an author" } else { "are not authors" }
        ));
    }
    if !waiting.is_empty() {
        why.push_str(&format!(
            " Not confirmed yet: {}. The submitting author can send the request again from their submission's page.",
            join_names(&waiting)
        ));
    }
    Err(why)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 12, day)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .unwrap_or_default()
    }

    fn asked(day: u32, answer: Option<Answer>) -> Asked {
        Asked {
            asked_at: at(day, 9),
            expires_at: link_expires_at(at(day, 9)),
            answer,
            answered_at: answer.map(|_| at(day, 12)),
        }
    }

    #[test]
    fn an_author_stands_where_their_newest_request_left_them() {
        let now = at(8, 10);
        assert_eq!(
            Standing::of(true, Some(&asked(7, None)), now),
            Standing::Submitter
        );
        assert_eq!(Standing::of(false, None, now), Standing::NotAsked);
        let waiting = Standing::of(false, Some(&asked(7, None)), now);
        assert_eq!(waiting.as_str(), "waiting");
        assert!(
            waiting.describe().contains("until 6 January 2027"),
            "{}",
            waiting.describe()
        );
        let confirmed = Standing::of(false, Some(&asked(7, Some(Answer::Confirmed))), now);
        assert_eq!(confirmed.describe(), "Confirmed on 7 December 2026");
        assert!(confirmed.is_confirmed());
        let late = Standing::of(false, Some(&asked(7, None)), at(7, 9) + Duration::days(30));
        assert_eq!(late.as_str(), "expired");
        assert!(!late.is_confirmed());
    }

    #[test]
    fn asking_again_waits_a_day_and_ends_with_an_answer() {
        let waiting = Standing::of(false, Some(&asked(7, None)), at(7, 10));
        assert!(!waiting.may_ask_again(at(8, 8)), "less than a day");
        assert!(waiting.may_ask_again(at(8, 9)));
        assert!(Standing::NotAsked.may_ask_again(at(8, 9)));
        let answered = Standing::of(false, Some(&asked(7, Some(Answer::NotAnAuthor))), at(9, 9));
        assert!(!answered.may_ask_again(at(20, 9)));
        assert!(!Standing::Submitter.may_ask_again(at(20, 9)));
    }

    #[test]
    fn review_waits_for_every_confirmation_only_where_required() {
        let now = at(8, 10);
        let ben = Standing::of(false, Some(&asked(7, None)), now);
        let ana = Standing::of(false, Some(&asked(7, Some(Answer::NotAnAuthor))), now);
        let ada = Standing::Submitter;
        let all = [("Ada Osei", ada), ("Ben Moller", ben), ("Ana Ruiz", ana)];
        assert_eq!(review_may_start(false, &all), Ok(()));
        let why = review_may_start(true, &all).unwrap_err();
        assert!(why.contains("Not confirmed yet: Ben Moller."), "{why}");
        assert!(
            why.contains("Ana Ruiz said they are not an author"),
            "{why}"
        );
        let done = Standing::Confirmed { at: now };
        assert_eq!(
            review_may_start(true, &[("Ada Osei", ada), ("Ben Moller", done)]),
            Ok(())
        );
    }
}
