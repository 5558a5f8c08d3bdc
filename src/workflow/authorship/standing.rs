//! Where each listed author of a submission stands, as its pages show it, and whether
//! review may start.

use diesel::QueryResult;

use crate::db::authorship as store;
use crate::db::submissions::{self as submissions_store, Author, Submission};
use crate::db::{DbConnection, accounts, collections, now};
use crate::domain::authorship::{Answer, Standing, review_may_start as rule};

use super::is_submitter;

/// One listed author and where they stand.
#[derive(Debug, Clone)]
pub struct AuthorLine {
    pub author: Author,
    pub standing: Standing,
    /// The submitting author may e-mail them a new link now.
    pub may_ask_again: bool,
    /// What they told the editorial office when they said they are not an author (for the
    /// editors' page only: it was written to the office).
    pub note: String,
}

impl AuthorLine {
    pub fn describe(&self) -> String {
        self.standing.describe()
    }

    pub fn state(&self) -> &'static str {
        self.standing.as_str()
    }
}

/// The submission's authors and where each stands.
#[derive(Debug, Clone)]
pub struct Authorship {
    pub lines: Vec<AuthorLine>,
    /// The collection starts review only when every co-author has confirmed.
    pub required: bool,
    /// Why reviewers cannot be invited yet, when they cannot.
    pub review_block: Option<String>,
}

impl Authorship {
    /// "2 of 3 co-authors have confirmed", or `None` when there is nobody to ask.
    pub fn summary(&self) -> Option<String> {
        let asked: Vec<&AuthorLine> = self
            .lines
            .iter()
            .filter(|l| l.standing != Standing::Submitter)
            .collect();
        if asked.is_empty() {
            return None;
        }
        let confirmed = asked.iter().filter(|l| l.standing.is_confirmed()).count();
        Some(match (confirmed, asked.len()) {
            (1, 1) => "The co-author has confirmed.".to_owned(),
            (_, 1) => "The co-author has not confirmed yet.".to_owned(),
            (c, n) if c == n => format!("All {n} co-authors have confirmed."),
            (c, n) => format!("{c} of {n} co-authors have confirmed."),
        })
    }
}

/// Where each author of `s` stands: from who submitted it and each author's newest request.
pub fn authorship_of(conn: &mut DbConnection, s: &Submission) -> QueryResult<Authorship> {
    let authors = submissions_store::authors_of(conn, s.id)?;
    let submitter = accounts::find_person(conn, s.submitter_id)?;
    let requests = store::of_submission(conn, s.id)?;
    let required = collections::find_collection(conn, s.collection_id)?
        .is_some_and(|c| c.require_author_confirmation);
    let at = now();
    let open = !s.state().is_final();
    let lines: Vec<AuthorLine> = authors
        .into_iter()
        .map(|author| {
            let newest = requests.iter().rev().find(|r| r.author_id == author.id);
            let by_submitter = submitter.as_ref().is_some_and(|p| is_submitter(&author, p));
            let standing = Standing::of(by_submitter, newest.map(|r| r.asked()).as_ref(), at);
            let note = newest
                .filter(|r| r.answer() == Some(Answer::NotAnAuthor))
                .map(|r| r.note.clone())
                .unwrap_or_default();
            AuthorLine {
                may_ask_again: open && standing.may_ask_again(at),
                author,
                standing,
                note,
            }
        })
        .collect();
    let named: Vec<(&str, Standing)> = lines
        .iter()
        .map(|l| (l.author.name.as_str(), l.standing))
        .collect();
    let review_block = rule(required, &named).err();
    Ok(Authorship {
        lines,
        required,
        review_block,
    })
}

/// Whether the handling editor may start review of `s` (invite reviewers): `Err` with why
/// not while the collection waits for a co-author's confirmation.
pub fn review_may_start(
    conn: &mut DbConnection,
    s: &Submission,
) -> QueryResult<Result<(), String>> {
    Ok(match authorship_of(conn, s)?.review_block {
        Some(why) => Err(why),
        None => Ok(()),
    })
}
