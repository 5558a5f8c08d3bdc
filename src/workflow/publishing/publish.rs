//! Publishing an accepted submission: the page, the details checked against what is
//! already published, and the one transaction that publishes it.

use diesel::QueryResult;

use crate::config::Site;
use crate::db::accounts::Person;
use crate::db::collections::{Collection, Journal};
use crate::db::published::{self as store, ARTICLE, NewPublished, PublishedArticle};
use crate::db::submissions::{self as submissions_store, Author, Submission};
use crate::db::{DbConnection, write_transaction};
use crate::domain::FormErrors;
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::domain::publishing::{PublishFields, PublishInput, long_date};
use crate::domain::submission_state::{self, Transition};
use crate::mail::messages::ArticlePublished;
use crate::workflow::editorial::{self, Access};
use crate::workflow::step::{self, About, Addressee, AddressesTold};

use super::{
    Result, article_path, citation_of, citation_taken_meanwhile, journal_and_collection,
    published_row, refused_with, suggestion, taken,
};

/// What the publication page shows.
pub struct PublishPage {
    pub submission: Submission,
    pub journal: Journal,
    pub collection: Collection,
    pub authors: Vec<Author>,
    /// The details suggested for an empty form.
    pub suggested: PublishInput,
    /// Why it cannot be published now (not accepted, or published already): the page then
    /// says so instead of showing the form.
    pub refusal: Option<FormErrors>,
}

/// The publication page: the form for the journal's editor-in-chief on an accepted
/// submission, or, for the editor-in-chief on a submission in another state, why it cannot
/// be published; `None` (a 404) for anyone else, conflicted or not.
pub fn publish_page(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    site: &Site,
) -> QueryResult<Option<PublishPage>> {
    let Some(a) = editorial::access(conn, person, roles, submission_id, &site.settings())? else {
        return Ok(None);
    };
    let refusal = if a.may(SubmissionAction::Publish) {
        None
    } else if a.may(SubmissionAction::ExportMetadata) {
        Some(not_publishable(conn, &a)?)
    } else {
        return Ok(None);
    };
    let s = a.submission;
    let (journal, collection) = journal_and_collection(conn, s.collection_id)?;
    let suggested = suggestion(conn, &journal)?;
    Ok(Some(PublishPage {
        authors: submissions_store::authors_of(conn, s.id)?,
        submission: s,
        journal,
        collection,
        suggested,
        refusal,
    }))
}

/// The final PDF, already written to the file store (its type checked from the bytes).
#[derive(Debug, Clone)]
pub struct FinalPdf {
    pub sha256: String,
    pub size: i64,
    pub original_name: String,
}

#[derive(Debug)]
pub enum PublishOutcome {
    Published {
        article_id: i64,
        citation: String,
    },
    /// Nothing was written; each message belongs to a field (or to [`super::FORM`]).
    Refused(FormErrors),
    NotFound,
}

/// Why the editor-in-chief cannot publish this submission now, when they could see it.
fn not_publishable(conn: &mut DbConnection, a: &Access) -> QueryResult<FormErrors> {
    let s = &a.submission;
    let message = match store::of_submission(conn, s.id)? {
        Some(published) => {
            let (journal, _) = journal_and_collection(conn, s.collection_id)?;
            format!(
                "{} has already been published, as {} ({}). It cannot be published twice.",
                s.number_or_draft(),
                citation_of(&journal, &published),
                long_date(published.published_on)
            )
        }
        None => match submission_state::next(s.state(), Transition::Publish) {
            Err(refused) => refused.to_string(),
            Ok(_) => "This submission cannot be published by you.".to_owned(),
        },
    };
    Ok(refused_with(message))
}

/// The submission when the person may publish it now; otherwise what to answer: why not,
/// for the editor-in-chief who can see it, or 404 for anyone else.
fn publishable(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    site: &Site,
) -> QueryResult<std::result::Result<Access, PublishOutcome>> {
    let Some(a) = editorial::access(conn, person, roles, submission_id, &site.settings())? else {
        return Ok(Err(PublishOutcome::NotFound));
    };
    if a.may(SubmissionAction::Publish) {
        Ok(Ok(a))
    } else if a.may(SubmissionAction::ExportMetadata) {
        Ok(Err(PublishOutcome::Refused(not_publishable(conn, &a)?)))
    } else {
        Ok(Err(PublishOutcome::NotFound))
    }
}

/// The details checked, and checked against what is already published.
fn checked_details(
    conn: &mut DbConnection,
    journal: &Journal,
    input: &PublishInput,
) -> QueryResult<std::result::Result<PublishFields, FormErrors>> {
    let f = match input.check(journal.first_volume_year) {
        Ok(f) => f,
        Err(errors) => return Ok(Err(errors)),
    };
    let clash = taken(conn, journal, &f)?;
    Ok(if clash.is_empty() { Ok(f) } else { Err(clash) })
}

/// Checks that the details could be used, without writing anything, so the page can
/// answer before the PDF is stored: `None` when publishing may go ahead. [`publish`] checks
/// everything again inside its transaction.
pub fn precheck(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    input: &PublishInput,
    site: &Site,
) -> QueryResult<Option<PublishOutcome>> {
    let a = match publishable(conn, person, roles, submission_id, site)? {
        Ok(a) => a,
        Err(answer) => return Ok(Some(answer)),
    };
    let (journal, _) = journal_and_collection(conn, a.submission.collection_id)?;
    Ok(checked_details(conn, &journal, input)?
        .err()
        .map(PublishOutcome::Refused))
}

/// Publishes the accepted submission with these details and final PDF.
pub fn publish(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    input: &PublishInput,
    pdf: &FinalPdf,
    site: &Site,
) -> Result<PublishOutcome> {
    let result = write_transaction(conn, |conn| -> Result<PublishOutcome> {
        let s = match publishable(conn, person, roles, submission_id, site)? {
            Ok(a) => a.submission,
            Err(answer) => return Ok(answer),
        };
        let (journal, collection) = journal_and_collection(conn, s.collection_id)?;
        let f = match checked_details(conn, &journal, input)? {
            Ok(f) => f,
            Err(errors) => return Ok(PublishOutcome::Refused(errors)),
        };
        let from = s.state();
        let to = match submission_state::next(from, Transition::Publish) {
            Ok(to) => to,
            Err(refused) => return Ok(PublishOutcome::Refused(refused_with(refused.to_string()))),
        };
        if !submissions_store::change_state(conn, s.id, from, to)? {
            // Another publication (a second click, another tab) won: say what it did.
            let errors = match editorial::access(conn, person, roles, s.id, &site.settings())? {
                Some(now) => not_publishable(conn, &now)?,
                None => refused_with("This submission changed meanwhile; nothing was published."),
            };
            return Ok(PublishOutcome::Refused(errors));
        }
        let row = store::insert(
            conn,
            &NewPublished {
                kind: ARTICLE,
                submission_id: Some(s.id),
                title: &s.title,
                pdf: Some((&pdf.sha256, pdf.size, &pdf.original_name)),
                ..published_row(&journal, &collection, &f, person.id)
            },
        )?;
        let citation = citation_of(&journal, &row).to_string();
        step::move_on_timeline(
            conn,
            Some(person.id),
            s.id,
            Transition::Publish.as_str(),
            (from, to),
            &format!("Published as {citation}, DOI {}", row.doi),
        )?;
        let published = Published {
            row: &row,
            citation: &citation,
            collection: &collection,
            by: person,
        };
        tell_of_publication(conn, &s, &published, site)?;
        Ok(PublishOutcome::Published {
            article_id: row.id,
            citation,
        })
    });
    citation_taken_meanwhile(result)
}

/// An article just published, for the e-mails it sends.
struct Published<'a> {
    row: &'a PublishedArticle,
    citation: &'a str,
    collection: &'a Collection,
    by: &'a Person,
}

/// Every author and the handling editor (each address once) hear that the article is out,
/// with its citation, DOI and page; replies go to the editor-in-chief who published it.
fn tell_of_publication(
    conn: &mut DbConnection,
    s: &Submission,
    published: &Published<'_>,
    site: &Site,
) -> Result<()> {
    let row = published.row;
    let link = format!("{}{}", site.base_url, article_path(row.id));
    let published_on = long_date(row.published_on);
    // Not one who said they are not an author.
    let not_authors = crate::db::authorship::said_not_an_author(conn, s.id)?;
    let mut recipients: Vec<(Addressee, &str)> = submissions_store::authors_of(conn, s.id)?
        .iter()
        .filter(|au| !not_authors.contains(&au.id))
        .map(|au| (au.into(), "you are an author of"))
        .collect();
    if let Some(editor) = step::handling_editor(conn, s)? {
        recipients.push(((&editor).into(), "you handled as editor"));
    }
    let number = s.number_or_draft();
    let about = About::manuscript(number).reply_to(Some(&published.by.email));
    let mut told = AddressesTold::default();
    for (to, relation) in recipients {
        if !told.first_time(&to.email) {
            continue;
        }
        let message = ArticlePublished {
            name: &to.name,
            relation,
            manuscript_number: number,
            title: &s.title,
            citation: published.citation,
            doi: &row.doi,
            published_on: &published_on,
            collection: &published.collection.title,
            link: &link,
        };
        about.send(conn, "article_published", &to, &message)?;
    }
    Ok(())
}

/// The published article of a submission, as (its id, its citation), for the editorial page.
pub fn published_citation(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Option<(i64, String)>> {
    let Some(a) = store::of_submission(conn, submission_id)? else {
        return Ok(None);
    };
    let (journal, _) = journal_and_collection(conn, a.collection_id)?;
    Ok(Some((a.id, citation_of(&journal, &a).to_string())))
}
