//! Asking co-authors to confirm: a fresh link for one author (at submission it travels in
//! the submission's own e-mails), and the submitting author's "Ask again" when a link
//! expired or went unanswered.

use diesel::QueryResult;

use crate::config::Site;
use crate::db::authorship as store;
use crate::db::submissions::{self as submissions_store, Author, Submission};
use crate::db::{DbConnection, accounts, collections, guard, now, write_transaction};
use crate::domain::authorship::{ASK_AGAIN_AFTER_HOURS, Standing, link_expires_at};
use crate::domain::permissions::{SubmissionAction, SubmissionViewer, may_on_submission};
use crate::domain::person_name::join_names;
use crate::mail::messages::CoAuthorListed;
use crate::security::token::new_token;
use crate::workflow::step::{self, About};

use super::standing::authorship_of;

/// A co-author's link to confirm their authorship, for the e-mail that carries it.
#[derive(Debug, Clone)]
pub struct Link {
    pub url: String,
    /// The day it stops working ("6 January 2027").
    pub expires_on: String,
}

impl Link {
    /// The link and its last day as an e-mail's fields: empty for someone not asked.
    pub fn parts(link: Option<&Link>) -> (&str, &str) {
        link.map_or(("", ""), |l| (l.url.as_str(), l.expires_on.as_str()))
    }
}

pub(super) fn long_date(at: chrono::NaiveDateTime) -> String {
    at.format("%-d %B %Y").to_string()
}

/// Asks author `author_id` of submission `submission_id` to confirm: a fresh random token
/// (only its hash is stored) whose link works for `domain::authorship::LINK_DAYS`; the
/// author's older unanswered links stop working. The caller queues the e-mail carrying it
/// in the same transaction.
pub fn ask(
    conn: &mut DbConnection,
    submission_id: i64,
    author_id: i64,
    site: &Site,
) -> QueryResult<Link> {
    let at = now();
    store::end_open_requests(conn, author_id, at)?;
    let token = new_token();
    let expires_at = link_expires_at(at);
    store::insert_request(
        conn,
        submission_id,
        author_id,
        &token.hash,
        (at, expires_at),
    )?;
    Ok(Link {
        url: format!("{}/authorship/{}", site.base_url, token.token),
        expires_on: long_date(expires_at),
    })
}

/// Asks listed author `a` to confirm, unless they are `submitter` (who has nothing to
/// confirm): their link, if asked.
pub fn ask_unless_submitter(
    conn: &mut DbConnection,
    submission_id: i64,
    a: &Author,
    submitter: &crate::db::accounts::Person,
    site: &Site,
) -> QueryResult<Option<Link>> {
    if super::is_submitter(a, submitter) {
        return Ok(None);
    }
    ask(conn, submission_id, a.id, site).map(Some)
}

/// What a listed author is told of the manuscript, shared by the request e-mail and the
/// link's page: its collection, journal, who submitted it, who corresponds, who is listed.
pub(super) struct Listing {
    pub(super) collection: String,
    pub(super) journal: String,
    pub(super) submitter: String,
    pub(super) corresponding: String,
    pub(super) authors: String,
}

impl Listing {
    pub(super) fn of(conn: &mut DbConnection, s: &Submission) -> QueryResult<Listing> {
        let collection = collections::find_collection(conn, s.collection_id)?;
        let journal = match &collection {
            Some(c) => collections::find_journal(conn, c.journal_id)?.map(|j| j.name),
            None => None,
        };
        let authors = submissions_store::authors_of(conn, s.id)?;
        let names: Vec<&str> = authors.iter().map(|a| a.name.as_str()).collect();
        Ok(Listing {
            collection: collection.map(|c| c.title).unwrap_or_default(),
            journal: journal.unwrap_or_default(),
            submitter: accounts::find_person(conn, s.submitter_id)?
                .map(|p| p.name)
                .unwrap_or_default(),
            corresponding: authors
                .iter()
                .find(|a| a.is_corresponding)
                .map(|a| a.name.clone())
                .unwrap_or_default(),
            authors: join_names(&names),
        })
    }
}

/// What the submitting author's "Ask again" did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AskAgainOutcome {
    /// A new link went to this author; their older one stopped working.
    Sent { name: String },
    /// Not now, and why (answered already, or asked less than a day ago).
    NotNow(String),
    /// Not this person's submission, or no such author on it: a missing page.
    NotFound,
}

/// The submitting author asks co-author `author_id` again: a new link by e-mail, in one
/// transaction with its line on the timeline. At most once a day per co-author, and never
/// once they have answered.
pub fn ask_again(
    conn: &mut DbConnection,
    person_id: i64,
    (submission_id, author_id): (i64, i64),
    office_address: &str,
    site: &Site,
) -> step::Result<AskAgainOutcome> {
    write_transaction(conn, |conn| -> step::Result<AskAgainOutcome> {
        // Held first: two presses at once must not both send.
        guard::lock_submission(conn, submission_id)?;
        let Some(s) = submissions_store::find(conn, submission_id)? else {
            return Ok(AskAgainOutcome::NotFound);
        };
        let facts = submissions_store::facts_of(conn, &s)?;
        let viewer = SubmissionViewer::submitter_only(person_id);
        if !may_on_submission(&viewer, &facts, SubmissionAction::AskCoAuthorAgain) {
            return Ok(AskAgainOutcome::NotFound);
        }
        let authorship = authorship_of(conn, &s)?;
        let Some(line) = authorship
            .lines
            .into_iter()
            .find(|l| l.author.id == author_id)
        else {
            return Ok(AskAgainOutcome::NotFound);
        };
        if !line.standing.may_ask_again(now()) {
            return Ok(AskAgainOutcome::NotNow(not_now(
                &line.author,
                line.standing,
            )));
        }
        let link = ask(conn, s.id, author_id, site)?;
        send_request(
            conn,
            &s,
            &line.author,
            &link,
            office_address,
            site,
            "co_author_asked_again",
        )?;
        step::on_timeline(
            conn,
            Some(person_id),
            s.id,
            "authorship_asked_again",
            &line.author.name,
        )?;
        Ok(AskAgainOutcome::Sent {
            name: line.author.name,
        })
    })
}

/// Why the submitting author may not ask `a` again now.
fn not_now(a: &Author, standing: Standing) -> String {
    match standing {
        Standing::Waiting { asked_at, .. } => format!(
            "{} was asked on {}; you can send another request {} hours after the last one.",
            a.name,
            long_date(asked_at),
            ASK_AGAIN_AFTER_HOURS
        ),
        Standing::Submitter => format!("{} submitted the manuscript.", a.name),
        _ => format!("{} has already answered.", a.name),
    }
}

/// An author newly listed with a revised version (issue 20 item 6) is told and asked to
/// confirm, as the co-authors were at submission; the one who sends the version has
/// nothing to confirm. The caller holds the transaction.
pub fn ask_new_author(
    conn: &mut DbConnection,
    s: &Submission,
    a: &Author,
    office_address: &str,
    site: &Site,
) -> step::Result<()> {
    let Some(submitter) = accounts::find_person(conn, s.submitter_id)? else {
        return Ok(());
    };
    let Some(link) = ask_unless_submitter(conn, s.id, a, &submitter, site)? else {
        return Ok(());
    };
    send_request(conn, s, a, &link, office_address, site, "co_author_listed")
}

/// The request e-mail, sent to `a` with a new link, as `kind` in the outbox.
fn send_request(
    conn: &mut DbConnection,
    s: &Submission,
    a: &Author,
    link: &Link,
    office_address: &str,
    site: &Site,
    kind: &str,
) -> step::Result<()> {
    let listing = Listing::of(conn, s)?;
    let number = s.number_or_draft();
    let message = CoAuthorListed {
        name: &a.name,
        manuscript_number: number,
        title: &s.title,
        collection: &listing.collection,
        journal: &listing.journal,
        submitter: &listing.submitter,
        corresponding: &listing.corresponding,
        authors: &listing.authors,
        office_address,
        confirm_link: &link.url,
        link_expires_on: &link.expires_on,
        site: &site.name(),
    };
    About::manuscript(number)
        .reply_to(Some(office_address))
        .send(conn, kind, a, &message)?;
    Ok(())
}
