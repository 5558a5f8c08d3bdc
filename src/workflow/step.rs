//! What every step of the journal's work shares, written inside the step's own transaction:
//! its line on the submission's timeline, the e-mails to the people concerned, and the error
//! a step can fail with. It sits below every other workflow module, so each can use it.

use diesel::QueryResult;

use crate::config::Site;
use crate::db::DbConnection;
use crate::db::accounts::{self, Person};
use crate::db::events::{self, NewEvent, Subject};
use crate::db::submissions::{self as submissions_store, Author, Submission};
use crate::domain::submission_state::SubmissionState;
use crate::mail::letters::{Letter, worded_email};
use crate::mail::messages::MailMessage;
use crate::mail::{self, Envelope, MailError};

/// Why a step failed: the database, or an e-mail that could not be built. (Named for the
/// editorial office, whose steps used it first; every workflow module does now.)
#[derive(Debug, thiserror::Error)]
pub enum EditorialError {
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
    #[error(transparent)]
    Mail(#[from] MailError),
}

pub type Result<T> = std::result::Result<T, EditorialError>;

// ---- The timeline -----------------------------------------------------------------------

/// Writes a line on submission `submission_id`'s timeline.
pub fn on_timeline(
    conn: &mut DbConnection,
    actor_id: Option<i64>,
    submission_id: i64,
    kind: &str,
    note: &str,
) -> QueryResult<()> {
    events::record(
        conn,
        NewEvent::new(actor_id, Subject::Submission(submission_id), kind, note),
    )
}

/// Writes the state machine's move `from` → `to` on the submission's timeline.
pub fn move_on_timeline(
    conn: &mut DbConnection,
    actor_id: Option<i64>,
    submission_id: i64,
    kind: &str,
    (from, to): (SubmissionState, SubmissionState),
    note: &str,
) -> QueryResult<()> {
    events::record(
        conn,
        NewEvent {
            actor_id,
            subject: Subject::Submission(submission_id),
            kind,
            from_state: Some(from.as_str()),
            to_state: Some(to.as_str()),
            note,
        },
    )
}

/// The state a submission is in now, read again when a move conditional on `was` found it
/// had changed meanwhile (`was` if it has gone).
pub fn state_now(
    conn: &mut DbConnection,
    submission_id: i64,
    was: SubmissionState,
) -> QueryResult<SubmissionState> {
    Ok(submissions_store::find(conn, submission_id)?.map_or(was, |s| s.state()))
}

// ---- The people concerned ---------------------------------------------------------------

/// The editor handling `s`, if it has one.
pub fn handling_editor(conn: &mut DbConnection, s: &Submission) -> QueryResult<Option<Person>> {
    match s.handling_editor_id {
        Some(id) => accounts::find_person(conn, id),
        None => Ok(None),
    }
}

/// The corresponding author of submission `submission_id`.
pub fn corresponding_author(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Option<Author>> {
    Ok(submissions_store::authors_of(conn, submission_id)?
        .into_iter()
        .find(|a| a.is_corresponding))
}

/// The addresses already told about a step, so nobody listed twice (as author and
/// submitter, say) gets the same e-mail twice. Addresses compare without case.
#[derive(Debug, Default)]
pub struct AddressesTold(Vec<String>);

impl AddressesTold {
    /// True the first time `address` is seen, which it then remembers.
    pub fn first_time(&mut self, address: &str) -> bool {
        let key = address.to_lowercase();
        if self.0.contains(&key) {
            return false;
        }
        self.0.push(key);
        true
    }
}

// ---- E-mails ------------------------------------------------------------------------------

/// Someone an e-mail goes to: a person, or an author known only by their listed address.
#[derive(Debug, Clone, Copy)]
pub struct Recipient<'a> {
    pub person_id: Option<i64>,
    pub name: &'a str,
    pub email: &'a str,
}

impl<'a> From<&'a Person> for Recipient<'a> {
    fn from(p: &'a Person) -> Self {
        Recipient {
            person_id: Some(p.id),
            name: &p.name,
            email: &p.email,
        }
    }
}

impl<'a> From<&'a Author> for Recipient<'a> {
    fn from(a: &'a Author) -> Self {
        Recipient {
            person_id: a.person_id,
            name: &a.name,
            email: &a.email,
        }
    }
}

/// A [`Recipient`] kept in a list: the people concerned, gathered before they are told.
#[derive(Debug, Clone)]
pub struct Addressee {
    pub person_id: Option<i64>,
    pub name: String,
    pub email: String,
}

impl From<&Person> for Addressee {
    fn from(p: &Person) -> Self {
        Addressee {
            person_id: Some(p.id),
            name: p.name.clone(),
            email: p.email.clone(),
        }
    }
}

impl From<&Author> for Addressee {
    fn from(a: &Author) -> Self {
        Addressee {
            person_id: a.person_id,
            name: a.name.clone(),
            email: a.email.clone(),
        }
    }
}

impl<'a> From<&'a Addressee> for Recipient<'a> {
    fn from(a: &'a Addressee) -> Self {
        Recipient {
            person_id: a.person_id,
            name: &a.name,
            email: &a.email,
        }
    }
}

/// How an e-mail about one manuscript travels: threaded under its number, answered to
/// `reply_to` when there is one, and, for a notice, perhaps held for the recipient's digest.
#[derive(Debug, Clone, Copy)]
pub struct About<'a> {
    number: &'a str,
    reply_to: Option<&'a str>,
    digestible: bool,
}

impl<'a> About<'a> {
    /// E-mails about the manuscript numbered `number` (or "Draft").
    pub fn manuscript(number: &'a str) -> Self {
        About {
            number,
            reply_to: None,
            digestible: false,
        }
    }

    /// Replies go to `address` (the responsible editor's, the office's), when there is one.
    pub fn reply_to(self, address: Option<&'a str>) -> Self {
        About {
            reply_to: address,
            ..self
        }
    }

    /// A notice that may wait for the recipient's daily digest when `digestible`.
    pub fn digestible(self, digestible: bool) -> Self {
        About { digestible, ..self }
    }

    /// Queues `message` to `to` as `kind`, in the caller's transaction; the outbox row's id.
    pub fn send<'r>(
        &self,
        conn: &mut DbConnection,
        kind: &str,
        to: impl Into<Recipient<'r>>,
        message: &impl MailMessage,
    ) -> Result<i64> {
        let to = to.into();
        let email = match self.worded_by_collection(conn, kind, message, to)? {
            Some(email) => email,
            None => message.to_email(to.name, to.email)?,
        };
        self.send_email(conn, kind, to, &email)
    }

    /// Queues an e-mail already made (the decision letter, with the collection's subject).
    pub fn send_email(
        &self,
        conn: &mut DbConnection,
        kind: &str,
        to: Recipient<'_>,
        email: &mail::Email,
    ) -> Result<i64> {
        Ok(mail::queue(
            conn,
            email,
            Envelope {
                reply_to: self.reply_to,
                thread_key: Some(self.number),
                digestible: self.digestible,
                ..Envelope::new(kind, to.person_id)
            },
        )?)
    }

    /// Queues to each of `people` the message `write` makes for their name.
    pub fn send_each<'n, M: MailMessage>(
        &self,
        conn: &mut DbConnection,
        kind: &str,
        people: &'n [Addressee],
        write: impl Fn(&'n str) -> M,
    ) -> Result<()> {
        for to in people {
            self.send(conn, kind, to, &write(&to.name))?;
        }
        Ok(())
    }
}

impl About<'_> {
    /// The collection's own wording of `message` (issue 18 part 3), when the manuscript's
    /// collection has one in force for this kind of message: every path that queues such a
    /// message comes through [`About::send`], so none is missed.
    fn worded_by_collection(
        &self,
        conn: &mut DbConnection,
        kind: &str,
        message: &impl MailMessage,
        to: Recipient<'_>,
    ) -> Result<Option<mail::Email>> {
        let Some(letter) = Letter::for_mail_kind(kind) else {
            return Ok(None);
        };
        let Some((subject, body)) =
            crate::db::letters::in_force_for_manuscript(conn, self.number, letter.key())?
        else {
            return Ok(None);
        };
        let email = worded_email(&subject, &body, &message.fields(), (to.name, to.email))
            .map_err(MailError::from)?;
        Ok(Some(email))
    }
}

/// The link to a submission's editorial page, for the editors' e-mails.
pub fn editorial_link(site: &Site, submission_id: i64) -> String {
    format!("{}/editorial/submissions/{submission_id}", site.base_url)
}

/// The link to a submission's page for its authors.
pub fn author_link(site: &Site, submission_id: i64) -> String {
    format!("{}/submissions/{submission_id}", site.base_url)
}
