//! What a co-author's e-mailed link reaches: the question (the manuscript's number, title
//! and author list; nothing more), and its two answers. Opening the link changes nothing;
//! an answer is a POST, recorded once, in one transaction with the e-mails it causes.

use diesel::QueryResult;

use crate::config::Site;
use crate::db::authorship::{self as store, AuthorshipRequest};
use crate::db::submissions::{self as submissions_store, Author, Submission};
use crate::db::{DbConnection, accounts, guard, now, write_transaction};
use crate::domain::FormErrors;
use crate::domain::authorship::{Answer, NOTE_MAX_CHARS};
use crate::domain::permissions::{AuthorshipAction, AuthorshipFacts, may_by_authorship_link};
use crate::domain::role::Role;
use crate::domain::submission_state::SubmissionState;
use crate::mail::messages::{AuthorsConfirmed, NotAnAuthor};
use crate::security::token::hash_token;
use crate::workflow::conflict::is_conflicted;
use crate::workflow::step::{self, About, Addressee};

use super::asking::{Listing, long_date};
use super::standing::authorship_of;

/// What is wrong with a link, in words a co-author understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    Unknown,
    Expired,
    /// A newer link was e-mailed to the same author.
    Replaced,
    /// The submission was withdrawn: nobody's confirmation is needed.
    Withdrawn,
}

impl LinkProblem {
    pub fn heading(self) -> &'static str {
        match self {
            LinkProblem::Unknown => "This link is not valid",
            LinkProblem::Expired | LinkProblem::Replaced => "This link has expired",
            LinkProblem::Withdrawn => "This submission was withdrawn",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            LinkProblem::Unknown => {
                "Check that it was copied whole from the e-mail. If it still fails, write to the editorial office, quoting the manuscript number in the e-mail."
            }
            LinkProblem::Expired => {
                "Nothing was recorded. If you are an author of this manuscript, ask the submitting author to send you a new link (they can from their submission's page), or write to the editorial office, quoting the manuscript number in the e-mail."
            }
            LinkProblem::Replaced => {
                "A newer link was e-mailed to you since this one: please use the link in the latest e-mail about this manuscript."
            }
            LinkProblem::Withdrawn => {
                "The authors withdrew the manuscript, so no confirmation is needed. Thank you; nothing more is needed from you."
            }
        }
    }

    /// Unknown links answer 404 like any page that does not exist; the others 410.
    pub fn is_unknown(self) -> bool {
        self == LinkProblem::Unknown
    }
}

/// The question, as the link's page asks it.
#[derive(Debug, Clone)]
pub struct Question {
    /// The listed author the link was sent to, as listed.
    pub author: String,
    pub number: String,
    pub title: String,
    pub collection: String,
    pub journal: String,
    pub submitter: String,
    pub corresponding: String,
    pub authors: String,
    pub expires_on: String,
}

/// A link already answered: only which answer, and when.
#[derive(Debug, Clone)]
pub struct Answered {
    pub number: String,
    pub answer: Answer,
    pub on: String,
}

#[derive(Debug, Clone)]
pub enum LinkView {
    Question(Box<Question>),
    Answered(Answered),
}

/// The request a token leads to, with its submission and author.
type Resolved = (AuthorshipRequest, Submission, Author);

fn resolve(conn: &mut DbConnection, token: &str) -> QueryResult<Result<Resolved, LinkProblem>> {
    let Some(req) = store::find_by_token_hash(conn, &hash_token(token))? else {
        return Ok(Err(LinkProblem::Unknown));
    };
    let Some(s) = submissions_store::find(conn, req.submission_id)? else {
        return Ok(Err(LinkProblem::Unknown));
    };
    let author = submissions_store::authors_of(conn, s.id)?
        .into_iter()
        .find(|a| a.id == req.author_id);
    match author {
        Some(a) => Ok(Ok((req, s, a))),
        None => Ok(Err(LinkProblem::Unknown)),
    }
}

/// Why an unanswered request cannot be answered, if it cannot (the permission rule, with
/// its reason for the page).
fn problem_of(
    conn: &mut DbConnection,
    req: &AuthorshipRequest,
    s: &Submission,
) -> QueryResult<Option<LinkProblem>> {
    let replaced = store::replaced(conn, req.id, req.author_id)?;
    let facts = AuthorshipFacts {
        answered: req.answer().is_some(),
        expired: replaced || req.expires_at <= now(),
        submission_state: s.state(),
    };
    if may_by_authorship_link(&facts, AuthorshipAction::Answer) {
        return Ok(None);
    }
    Ok(Some(if s.state() == SubmissionState::Withdrawn {
        LinkProblem::Withdrawn
    } else if replaced {
        LinkProblem::Replaced
    } else if s.state() == SubmissionState::Draft {
        LinkProblem::Unknown
    } else {
        LinkProblem::Expired
    }))
}

fn answered(req: &AuthorshipRequest, s: &Submission, answer: Answer) -> Answered {
    Answered {
        number: s.number_or_draft().to_owned(),
        answer,
        on: long_date(req.answered_at.unwrap_or(req.asked_at)),
    }
}

/// What the link shows. Changes nothing: opening a link is safe for mail scanners.
pub fn view_by_link(
    conn: &mut DbConnection,
    token: &str,
) -> QueryResult<Result<LinkView, LinkProblem>> {
    let (req, s, author) = match resolve(conn, token)? {
        Ok(found) => found,
        Err(p) => return Ok(Err(p)),
    };
    if let Some(a) = req.answer() {
        return Ok(Ok(LinkView::Answered(answered(&req, &s, a))));
    }
    if let Some(p) = problem_of(conn, &req, &s)? {
        return Ok(Err(p));
    }
    let listing = Listing::of(conn, &s)?;
    Ok(Ok(LinkView::Question(Box::new(Question {
        author: author.name,
        number: s.number_or_draft().to_owned(),
        title: s.title.clone(),
        collection: listing.collection,
        journal: listing.journal,
        submitter: listing.submitter,
        corresponding: listing.corresponding,
        authors: listing.authors,
        expires_on: long_date(req.expires_at),
    }))))
}

/// What answering did.
#[derive(Debug, Clone)]
pub enum AnswerOutcome {
    /// Recorded now.
    Answered(Answered),
    /// Answered before (a second press, another tab): nothing changed.
    AlreadyAnswered(Answered),
    Problem(LinkProblem),
    /// The note is too long: nothing was recorded.
    Invalid(FormErrors),
}

/// Records the co-author's answer, once, in one transaction with its timeline line and the
/// e-mails it causes: "not an author" is told to the submitting author and the editorial
/// office; the last confirmation, in a collection that waits for them, to the handling
/// editor. `note` (for the office) is kept only with "not an author".
pub fn answer(
    conn: &mut DbConnection,
    token: &str,
    (answer, note): (Answer, &str),
    office_address: &str,
    site: &Site,
) -> step::Result<AnswerOutcome> {
    let note = if answer == Answer::NotAnAuthor {
        note.trim()
    } else {
        ""
    };
    if note.chars().count() > NOTE_MAX_CHARS {
        let mut errors = FormErrors::new();
        errors.add(
            "note",
            format!("Keep the note under {NOTE_MAX_CHARS} characters; nothing was recorded."),
        );
        return Ok(AnswerOutcome::Invalid(errors));
    }
    write_transaction(conn, |conn| -> step::Result<AnswerOutcome> {
        let Some(found) = store::find_by_token_hash(conn, &hash_token(token))? else {
            return Ok(AnswerOutcome::Problem(LinkProblem::Unknown));
        };
        // Held, then read again: two presses at once record one answer and one e-mail.
        guard::lock_submission(conn, found.submission_id)?;
        let (req, s, author) = match resolve(conn, token)? {
            Ok(r) => r,
            Err(p) => return Ok(AnswerOutcome::Problem(p)),
        };
        if let Some(before) = req.answer() {
            return Ok(AnswerOutcome::AlreadyAnswered(answered(&req, &s, before)));
        }
        if let Some(p) = problem_of(conn, &req, &s)? {
            return Ok(AnswerOutcome::Problem(p));
        }
        let at = now();
        if !store::record_answer(conn, req.id, answer, note, at)? {
            return Ok(AnswerOutcome::Problem(LinkProblem::Expired));
        }
        let kind = match answer {
            Answer::Confirmed => "authorship_confirmed",
            Answer::NotAnAuthor => "authorship_disputed",
        };
        step::on_timeline(conn, author.person_id, s.id, kind, &author.name)?;
        let told = Told {
            s: &s,
            author: &author,
            office_address,
            site,
        };
        match answer {
            Answer::NotAnAuthor => told.not_an_author(conn, note)?,
            Answer::Confirmed => told.confirmed(conn)?,
        }
        let done = AuthorshipRequest {
            answered_at: Some(at),
            ..req
        };
        Ok(AnswerOutcome::Answered(answered(&done, &s, answer)))
    })
}

/// An answer's e-mails.
struct Told<'a> {
    s: &'a Submission,
    author: &'a Author,
    office_address: &'a str,
    site: &'a Site,
}

impl Told<'_> {
    /// The editorial office of the submission: its handling editor, or while there is none
    /// every editor-in-chief of its journal not conflicted with it.
    fn office(&self, conn: &mut DbConnection) -> step::Result<Vec<Addressee>> {
        if let Some(editor) = step::handling_editor(conn, self.s)? {
            return Ok(vec![(&editor).into()]);
        }
        let journal_id = crate::db::collections::find_collection(conn, self.s.collection_id)?
            .map(|c| c.journal_id);
        let settings = self.site.settings();
        let mut office = Vec::new();
        for chief in
            crate::db::editorial::people_with_role(conn, Role::EditorInChief, journal_id, None)?
        {
            if !is_conflicted(conn, &chief, self.s.id, &settings)? {
                office.push((&chief).into());
            }
        }
        Ok(office)
    }

    /// "Not an author": the submitting author hears it (without the note, which was written
    /// to the office), and the office hears it with the note.
    fn not_an_author(&self, conn: &mut DbConnection, note: &str) -> step::Result<()> {
        let (s, a) = (self.s, self.author);
        let number = s.number_or_draft();
        let site = self.site.name();
        let office = self.office(conn)?;
        let submitter = accounts::find_person(conn, s.submitter_id)?;
        if let Some(p) = &submitter {
            let next_step = format!(
                "Please settle the author list with the editorial office: reply to this e-mail (it goes to {}) to correct it or to explain, quoting the number {number}.",
                self.office_address
            );
            let message = NotAnAuthor {
                name: &p.name,
                author: &a.name,
                author_email: &a.email,
                manuscript_number: number,
                title: &s.title,
                note: "",
                next_step: &next_step,
                link: &step::author_link(self.site, s.id),
                site: &site,
            };
            About::manuscript(number)
                .reply_to(Some(self.office_address))
                .send(conn, "not_an_author", p, &message)?;
        }
        let (submitter_name, submitter_email) = submitter
            .as_ref()
            .map_or(("the submitting author", ""), |p| (&p.name, &p.email));
        let next_step = format!(
            "Please settle the author list with the submitting author, {submitter_name} (replies to this e-mail reach them), before the manuscript goes further."
        );
        let link = step::editorial_link(self.site, s.id);
        let reply_to = (!submitter_email.is_empty()).then_some(submitter_email);
        About::manuscript(number).reply_to(reply_to).send_each(
            conn,
            "not_an_author_to_office",
            &office,
            |name| NotAnAuthor {
                name,
                author: &a.name,
                author_email: &a.email,
                manuscript_number: number,
                title: &s.title,
                note,
                next_step: &next_step,
                link: &link,
                site: &site,
            },
        )
    }

    /// A confirmation: in a collection that waits for every one before review, the
    /// handling editor hears when the last has come in.
    fn confirmed(&self, conn: &mut DbConnection) -> step::Result<()> {
        let s = self.s;
        if s.state() != SubmissionState::Submitted {
            return Ok(());
        }
        let authorship = authorship_of(conn, s)?;
        if !authorship.required || authorship.review_block.is_some() {
            return Ok(());
        }
        let Some(editor) = step::handling_editor(conn, s)? else {
            return Ok(());
        };
        let message = AuthorsConfirmed {
            name: &editor.name,
            manuscript_number: s.number_or_draft(),
            title: &s.title,
            link: &step::editorial_link(self.site, s.id),
            site: &self.site.name(),
        };
        About::manuscript(s.number_or_draft()).send(
            conn,
            "authors_confirmed",
            &editor,
            &message,
        )?;
        Ok(())
    }
}
