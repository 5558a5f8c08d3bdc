//! Publishing by the editor-in-chief, corrections, the public article pages and the
//! metadata exports.
//!
//! Publishing is one transaction: the state machine's move from accepted to published
//! (conditional on the state, so two clicks cannot publish twice), the published article's
//! row with its citation, DOI, date and final PDF, the timeline event, and the e-mails to
//! every author and the handling editor. Nothing here names a reviewer: the public pages
//! and the exports carry only what the journal publishes.

use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::config::Site;
use crate::db::accounts::{self, Person};
use crate::db::collections::{self, Collection, Journal};
use crate::db::events::{self, NewEvent, Subject};
use crate::db::published::{self as store, ARTICLE, CORRECTION, NewPublished, PublishedArticle};
use crate::db::submissions::{self as submissions_store, Author, Submission};
use crate::db::{DbConnection, now, write_transaction};
use crate::domain::FormErrors;
use crate::domain::Role;
use crate::domain::appeal::{AppealOutcome, decision_with_appeal};
use crate::domain::decision::DecisionKind;
use crate::domain::metadata::{
    self, ArticleMeta, AuthorMeta, Depositor, JournalMeta, csv_row, jats_front,
};
use crate::domain::permissions::{Action, HeldRole, SubmissionAction, may};
use crate::domain::publishing::{
    Citation, PublishFields, PublishInput, abstract_first_lines, author_list,
    check_correction_text, correction_title, long_date, suggest_doi, volume_for,
};
use crate::domain::submission_state::{self, SubmissionState, Transition};
use crate::mail::messages::{ArticlePublished, MailMessage};
use crate::mail::{self, Envelope};
use crate::workflow::editorial::{self, Access, EditorialError};

type Result<T> = std::result::Result<T, EditorialError>;

/// The form field a refusal that concerns the whole form is shown against (the button).
pub const FORM: &str = "publish";

/// The citation of a published row: `BMC Cancer 2026 26:123`.
pub fn citation_of(journal: &Journal, a: &PublishedArticle) -> Citation {
    Citation {
        journal: journal.name.clone(),
        year: a.year,
        volume: a.volume,
        article_number: a.article_number,
    }
}

/// The public page of a published article or correction.
pub fn article_path(id: i64) -> String {
    format!("/articles/{id}")
}

fn journal_and_collection(
    conn: &mut DbConnection,
    collection_id: i64,
) -> QueryResult<(Journal, Collection)> {
    let c = collections::find_collection(conn, collection_id)?.ok_or(DieselError::NotFound)?;
    let j = collections::find_journal(conn, c.journal_id)?.ok_or(DieselError::NotFound)?;
    Ok((j, c))
}

/// What is suggested in an empty publication (or correction) form: this year's volume, the
/// next free article number in it, a DOI in the journal's style, and today.
fn suggestion(conn: &mut DbConnection, journal: &Journal) -> QueryResult<PublishInput> {
    let today = now().date();
    let volume = volume_for(journal.first_volume_year, today.year());
    let number = store::next_article_number(conn, journal.id, volume)?;
    Ok(PublishInput {
        volume: volume.to_string(),
        article_number: number.to_string(),
        doi: suggest_doi(&journal.doi_prefix, today.year(), number),
        published_on: today.format("%Y-%m-%d").to_string(),
    })
}

/// Why these details cannot be used: a citation or DOI that another published article or
/// correction already holds.
fn taken(conn: &mut DbConnection, journal: &Journal, f: &PublishFields) -> QueryResult<FormErrors> {
    let mut errors = FormErrors::new();
    let (by_number, by_doi) = store::holders(conn, journal.id, f.volume, f.article_number, &f.doi)?;
    if let Some(holder) = by_number {
        let next = store::next_article_number(conn, journal.id, f.volume)?;
        errors.add(
            "article_number",
            format!(
                "{} is already the citation of “{}”. The next free article number in volume {} is {next}.",
                citation_of(journal, &holder),
                holder.title,
                f.volume
            ),
        );
    }
    if let Some(holder) = by_doi {
        errors.add(
            "doi",
            format!(
                "The DOI {} is already registered for “{}” ({}).",
                f.doi,
                holder.title,
                citation_of(journal, &holder)
            ),
        );
    }
    Ok(errors)
}

/// A transaction that lost a race for a citation or DOI to another one (the unique
/// constraints caught it after the checks passed) is refused, not an error.
fn citation_taken_meanwhile(result: Result<PublishOutcome>) -> Result<PublishOutcome> {
    match result {
        Err(e) if is_unique_violation(&e) => {
            let mut errors = FormErrors::new();
            errors.add(
                FORM,
                "Another article took this citation or DOI a moment ago; nothing was published. Check the details and try again.",
            );
            Ok(PublishOutcome::Refused(errors))
        }
        other => other,
    }
}

fn is_unique_violation(e: &EditorialError) -> bool {
    matches!(
        e,
        EditorialError::Db(DieselError::DatabaseError(
            DatabaseErrorKind::UniqueViolation,
            _
        ))
    )
}

// ---- Publishing ------------------------------------------------------------------------------

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
    /// Nothing was written; each message belongs to a field (or to [`FORM`]).
    Refused(FormErrors),
    NotFound,
}

/// Why the editor-in-chief cannot publish this submission now, when they could see it.
fn not_publishable(conn: &mut DbConnection, a: &Access) -> QueryResult<FormErrors> {
    let mut errors = FormErrors::new();
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
    errors.add(FORM, message);
    Ok(errors)
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
            Err(refused) => {
                let mut errors = FormErrors::new();
                errors.add(FORM, refused.to_string());
                return Ok(PublishOutcome::Refused(errors));
            }
        };
        if !submissions_store::change_state(conn, s.id, from, to)? {
            // Another publication (a second click, another tab) won: say what it did.
            let errors = match editorial::access(conn, person, roles, s.id, &site.settings())? {
                Some(now) => not_publishable(conn, &now)?,
                None => {
                    let mut errors = FormErrors::new();
                    errors.add(
                        FORM,
                        "This submission changed meanwhile; nothing was published.",
                    );
                    errors
                }
            };
            return Ok(PublishOutcome::Refused(errors));
        }
        let row = store::insert(
            conn,
            &NewPublished {
                kind: ARTICLE,
                submission_id: Some(s.id),
                corrects_id: None,
                journal_id: journal.id,
                collection_id: collection.id,
                title: &s.title,
                notice: "",
                year: f.year,
                volume: f.volume,
                article_number: f.article_number,
                doi: &f.doi,
                published_on: f.published_on,
                published_by: person.id,
                pdf: Some((&pdf.sha256, pdf.size, &pdf.original_name)),
            },
        )?;
        let citation = citation_of(&journal, &row).to_string();
        let note = format!("Published as {citation}, DOI {}", row.doi);
        events::record(
            conn,
            NewEvent {
                actor_id: Some(person.id),
                subject: Subject::Submission(s.id),
                kind: Transition::Publish.as_str(),
                from_state: Some(from.as_str()),
                to_state: Some(to.as_str()),
                note: &note,
            },
        )?;
        let number = s.number_or_draft().to_owned();
        let link = format!("{}{}", site.base_url, article_path(row.id));
        let published_on = long_date(row.published_on);
        let mut told: Vec<String> = Vec::new();
        let mut recipients: Vec<(String, String, Option<i64>, &str)> =
            submissions_store::authors_of(conn, s.id)?
                .into_iter()
                .map(|au| (au.name, au.email, au.person_id, "you are an author of"))
                .collect();
        if let Some(editor_id) = s.handling_editor_id
            && let Some(editor) = accounts::find_person(conn, editor_id)?
        {
            recipients.push((
                editor.name,
                editor.email,
                Some(editor.id),
                "you handled as editor",
            ));
        }
        for (name, email, person_id, relation) in recipients {
            let key = email.to_lowercase();
            if told.contains(&key) {
                continue;
            }
            told.push(key);
            let message = ArticlePublished {
                name: &name,
                relation,
                manuscript_number: &number,
                title: &s.title,
                citation: &citation,
                doi: &row.doi,
                published_on: &published_on,
                collection: &collection.title,
                link: &link,
            }
            .to_email(&name, &email)?;
            mail::queue(
                conn,
                &message,
                Envelope {
                    reply_to: Some(&person.email),
                    thread_key: Some(&number),
                    ..Envelope::new("article_published", person_id)
                },
            )?;
        }
        Ok(PublishOutcome::Published {
            article_id: row.id,
            citation,
        })
    });
    citation_taken_meanwhile(result)
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

// ---- Corrections -----------------------------------------------------------------------------

/// The correction form's fields as typed.
#[derive(Debug, Clone, Default)]
pub struct CorrectionInput {
    pub title: String,
    pub notice: String,
    pub details: PublishInput,
}

/// What the correction page shows.
pub struct CorrectionPage {
    pub article: PublishedArticle,
    pub citation: String,
    pub journal: Journal,
    pub suggested: CorrectionInput,
}

/// The published article (not a correction) with the viewer's access to its submission,
/// only when they may publish a correction to it.
fn correctable(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    article_id: i64,
    site: &Site,
) -> QueryResult<Option<(PublishedArticle, Journal, Collection)>> {
    let Some(article) = store::find(conn, article_id)? else {
        return Ok(None);
    };
    let Some(submission_id) = article.submission_id else {
        return Ok(None);
    };
    if editorial::access_for(
        conn,
        person,
        roles,
        submission_id,
        &site.settings(),
        SubmissionAction::PublishCorrection,
    )?
    .is_none()
    {
        return Ok(None);
    }
    let (journal, collection) = journal_and_collection(conn, article.collection_id)?;
    Ok(Some((article, journal, collection)))
}

pub fn correction_page(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    article_id: i64,
    site: &Site,
) -> QueryResult<Option<CorrectionPage>> {
    let Some((article, journal, _)) = correctable(conn, person, roles, article_id, site)? else {
        return Ok(None);
    };
    let details = suggestion(conn, &journal)?;
    Ok(Some(CorrectionPage {
        citation: citation_of(&journal, &article).to_string(),
        suggested: CorrectionInput {
            title: correction_title(&article.title),
            notice: String::new(),
            details,
        },
        article,
        journal,
    }))
}

/// Publishes a correction to a published article: its own citation, DOI and date, linked
/// to the article; recorded on the article's timeline.
pub fn publish_correction(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    article_id: i64,
    input: &CorrectionInput,
    site: &Site,
) -> Result<PublishOutcome> {
    let result = write_transaction(conn, |conn| -> Result<PublishOutcome> {
        let Some((article, journal, collection)) =
            correctable(conn, person, roles, article_id, site)?
        else {
            return Ok(PublishOutcome::NotFound);
        };
        let mut errors = FormErrors::new();
        let text = check_correction_text(&input.title, &input.notice, &mut errors);
        let fields = match input.details.check(journal.first_volume_year) {
            Ok(f) => Some(f),
            Err(e) => {
                errors.extend(e);
                None
            }
        };
        if let Some(f) = &fields {
            errors.extend(taken(conn, &journal, f)?);
            if f.published_on < article.published_on {
                errors.add(
                    "published_on",
                    format!(
                        "A correction cannot be published before the article it corrects ({}).",
                        long_date(article.published_on)
                    ),
                );
            }
        }
        let (Some((title, notice)), Some(f), true) = (text, fields, errors.is_empty()) else {
            return Ok(PublishOutcome::Refused(errors));
        };
        let row = store::insert(
            conn,
            &NewPublished {
                kind: CORRECTION,
                submission_id: None,
                corrects_id: Some(article.id),
                journal_id: journal.id,
                collection_id: collection.id,
                title: &title,
                notice: &notice,
                year: f.year,
                volume: f.volume,
                article_number: f.article_number,
                doi: &f.doi,
                published_on: f.published_on,
                published_by: person.id,
                pdf: None,
            },
        )?;
        let citation = citation_of(&journal, &row).to_string();
        if let Some(submission_id) = article.submission_id {
            let note = format!("Correction published as {citation}, DOI {}", row.doi);
            events::record(
                conn,
                NewEvent::new(
                    Some(person.id),
                    Subject::Submission(submission_id),
                    "correction_published",
                    &note,
                ),
            )?;
        }
        Ok(PublishOutcome::Published {
            article_id: row.id,
            citation,
        })
    });
    citation_taken_meanwhile(result)
}

// ---- The public pages ------------------------------------------------------------------------

/// One line of a collection's list of published articles, as the journal's page shows it.
#[derive(Debug, Clone)]
pub struct ArticleListing {
    pub id: i64,
    pub title: String,
    pub first_lines: String,
    pub authors: String,
    pub citation: String,
    pub published_on: String,
    /// Each correction: its page and its citation.
    pub corrections: Vec<(i64, String)>,
}

/// The submission behind a published article, only when it really is published: nothing
/// unpublished is ever reachable from the public pages.
fn published_submission(
    conn: &mut DbConnection,
    a: &PublishedArticle,
) -> QueryResult<Option<Submission>> {
    let Some(id) = a.submission_id else {
        return Ok(None);
    };
    Ok(submissions_store::find(conn, id)?.filter(|s| s.state() == SubmissionState::Published))
}

/// A collection's published articles, newest first, each with its corrections.
pub fn collection_articles(
    conn: &mut DbConnection,
    collection: &Collection,
    journal: &Journal,
) -> QueryResult<Vec<ArticleListing>> {
    let mut out = Vec::new();
    for a in store::articles_in_collection(conn, collection.id)? {
        let Some(s) = published_submission(conn, &a)? else {
            continue;
        };
        let authors = submissions_store::authors_of(conn, s.id)?;
        let names: Vec<&str> = authors.iter().map(|x| x.name.as_str()).collect();
        let corrections = store::corrections_of(conn, a.id)?
            .into_iter()
            .map(|c| (c.id, citation_of(journal, &c).to_string()))
            .collect();
        out.push(ArticleListing {
            id: a.id,
            title: a.title.clone(),
            first_lines: abstract_first_lines(&s.abstract_text),
            authors: author_list(&names),
            citation: citation_of(journal, &a).to_string(),
            published_on: long_date(a.published_on),
            corrections,
        });
    }
    Ok(out)
}

/// An author as the article page shows them (never their e-mail address).
#[derive(Debug, Clone)]
pub struct PublicAuthor {
    pub name: String,
    pub affiliation: String,
    pub orcid: Option<String>,
    pub corresponding: bool,
}

/// A published article or correction linked from another's page.
#[derive(Debug, Clone)]
pub struct LinkedArticle {
    pub id: i64,
    pub title: String,
    pub citation: String,
    pub published_on: String,
}

/// Everything a public article page shows.
pub struct ArticleView {
    pub article: PublishedArticle,
    pub journal: Journal,
    pub collection: Collection,
    pub citation: String,
    /// The abstract of an article; the notice of a correction.
    pub text: String,
    pub keywords: Vec<String>,
    pub authors: Vec<PublicAuthor>,
    pub received: Option<NaiveDate>,
    pub accepted: Option<NaiveDate>,
    pub corrections: Vec<LinkedArticle>,
    /// For a correction: the article it corrects.
    pub corrects: Option<LinkedArticle>,
}

impl ArticleView {
    pub fn has_pdf(&self) -> bool {
        self.article.pdf_sha256.is_some()
    }
}

fn linked(journal: &Journal, a: &PublishedArticle) -> LinkedArticle {
    LinkedArticle {
        id: a.id,
        title: a.title.clone(),
        citation: citation_of(journal, a).to_string(),
        published_on: long_date(a.published_on),
    }
}

/// When the journal received and accepted a submission, from its timeline: the first
/// submission, and the last acceptance.
fn received_and_accepted(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<(Option<NaiveDate>, Option<NaiveDate>)> {
    let timeline = events::timeline(conn, submission_id)?;
    let received = timeline
        .iter()
        .find(|e| e.kind == Transition::Submit.as_str())
        .map(|e| e.occurred_at.date());
    let accepted = timeline
        .iter()
        .rev()
        .find(|e| e.to_state.as_deref() == Some(SubmissionState::Accepted.as_str()))
        .map(|e| e.occurred_at.date());
    Ok((received, accepted))
}

fn keywords_of(s: &Submission) -> Vec<String> {
    s.keywords
        .split([',', ';'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

fn public_authors(authors: Vec<Author>) -> Vec<PublicAuthor> {
    authors
        .into_iter()
        .map(|a| PublicAuthor {
            name: a.name,
            affiliation: a.affiliation,
            // The bare iD only: a link typed before iDs were normalised when saved, or
            // anything else, would give `https://orcid.org/https://…` and a refused deposit.
            orcid: a
                .orcid
                .and_then(|o| crate::domain::Orcid::parse(&o).ok())
                .map(|o| o.as_str().to_owned()),
            corresponding: a.is_corresponding,
        })
        .collect()
}

/// The public page of a published article or correction; `None` for anything not
/// published.
pub fn article_view(conn: &mut DbConnection, id: i64) -> QueryResult<Option<ArticleView>> {
    let Some(article) = store::find(conn, id)? else {
        return Ok(None);
    };
    let (journal, collection) = journal_and_collection(conn, article.collection_id)?;
    let citation = citation_of(&journal, &article).to_string();
    if article.is_correction() {
        let Some(corrected) = article
            .corrects_id
            .map(|c| store::find(conn, c))
            .transpose()?
            .flatten()
        else {
            return Ok(None);
        };
        let Some(s) = published_submission(conn, &corrected)? else {
            return Ok(None);
        };
        return Ok(Some(ArticleView {
            text: article.notice.clone(),
            keywords: Vec::new(),
            authors: public_authors(submissions_store::authors_of(conn, s.id)?),
            received: None,
            accepted: None,
            corrections: Vec::new(),
            corrects: Some(linked(&journal, &corrected)),
            article,
            journal,
            collection,
            citation,
        }));
    }
    let Some(s) = published_submission(conn, &article)? else {
        return Ok(None);
    };
    let (received, accepted) = received_and_accepted(conn, s.id)?;
    let corrections = store::corrections_of(conn, article.id)?
        .iter()
        .map(|c| linked(&journal, c))
        .collect();
    Ok(Some(ArticleView {
        text: s.abstract_text.clone(),
        keywords: keywords_of(&s),
        authors: public_authors(submissions_store::authors_of(conn, s.id)?),
        received,
        accepted,
        corrections,
        corrects: None,
        article,
        journal,
        collection,
        citation,
    }))
}

/// A download name for the article's PDF: `BMC-Cancer-2026-26-123.pdf`.
pub fn pdf_download_name(view: &ArticleView) -> String {
    let journal: String = view
        .journal
        .name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    crate::storage::download_name(
        &format!(
            "{journal}-{}-{}-{}",
            view.article.year, view.article.volume, view.article.article_number
        ),
        "",
        crate::storage::FileKind::Pdf,
    )
}

// ---- Exports ---------------------------------------------------------------------------------

/// The journals whose metadata the person may export: those they are editor-in-chief of.
pub fn export_journals(roles: &[HeldRole]) -> Vec<i64> {
    let mut ids: Vec<i64> = roles
        .iter()
        .filter(|r| r.role == Role::EditorInChief)
        .filter_map(|r| r.journal_id)
        .filter(|j| may(roles, Action::ExportMetadata { journal_id: *j }))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Whether the person may export the metadata of this published article (for a
/// correction, of the article it corrects): never when conflicted with its submission.
fn may_export(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    a: &PublishedArticle,
    site: &Site,
) -> QueryResult<bool> {
    let submission_id = match (a.submission_id, a.corrects_id) {
        (Some(id), _) => Some(id),
        (None, Some(corrected)) => store::find(conn, corrected)?.and_then(|c| c.submission_id),
        _ => None,
    };
    let Some(submission_id) = submission_id else {
        return Ok(false);
    };
    Ok(editorial::access_for(
        conn,
        person,
        roles,
        submission_id,
        &site.settings(),
        SubmissionAction::ExportMetadata,
    )?
    .is_some())
}

fn journal_meta(j: &Journal) -> JournalMeta {
    JournalMeta {
        title: j.name.clone(),
        issn: j.issn.clone(),
        publisher: j.publisher.clone(),
    }
}

/// The metadata of a published row, for the exports.
fn article_meta(
    conn: &mut DbConnection,
    a: &PublishedArticle,
    site: &Site,
) -> QueryResult<Option<ArticleMeta>> {
    let Some(view) = article_view(conn, a.id)? else {
        return Ok(None);
    };
    Ok(Some(ArticleMeta {
        is_correction: a.is_correction(),
        title: a.title.clone(),
        doi: a.doi.clone(),
        url: format!("{}{}", site.base_url, article_path(a.id)),
        year: a.year,
        volume: a.volume,
        article_number: a.article_number,
        published_on: a.published_on,
        received_on: view.received,
        accepted_on: view.accepted,
        abstract_text: view.text.clone(),
        keywords: view.keywords.clone(),
        authors: view
            .authors
            .iter()
            .map(|x| AuthorMeta {
                name: x.name.clone(),
                affiliation: x.affiliation.clone(),
                orcid: x.orcid.clone(),
                corresponding: x.corresponding,
            })
            .collect(),
        corrects_doi: match a.corrects_id {
            Some(c) => store::find(conn, c)?.map(|c| c.doi),
            None => None,
        },
    }))
}

/// One line of the exports page.
pub struct ExportLine {
    pub id: i64,
    pub title: String,
    pub citation: String,
    pub doi: String,
    pub published_on: NaiveDate,
    pub is_correction: bool,
}

/// The published articles and corrections the person may export, in citation order.
pub fn exportable(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    site: &Site,
) -> QueryResult<Vec<(Journal, PublishedArticle)>> {
    let journals = export_journals(roles);
    let mut out = Vec::new();
    for a in store::of_journals(conn, &journals, from, to)? {
        if may_export(conn, person, roles, &a, site)? {
            let j = collections::find_journal(conn, a.journal_id)?.ok_or(DieselError::NotFound)?;
            out.push((j, a));
        }
    }
    Ok(out)
}

pub fn export_lines(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    site: &Site,
) -> QueryResult<Vec<ExportLine>> {
    Ok(exportable(conn, person, roles, None, None, site)?
        .into_iter()
        .map(|(j, a)| ExportLine {
            id: a.id,
            citation: citation_of(&j, &a).to_string(),
            title: a.title,
            doi: a.doi,
            published_on: a.published_on,
            is_correction: a.kind == CORRECTION,
        })
        .collect())
}

/// The JATS front matter of one published article or correction: `None` (a 404) when
/// there is none the person may export.
pub fn jats(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    id: i64,
    site: &Site,
) -> QueryResult<Option<(String, String)>> {
    let Some(a) = store::find(conn, id)? else {
        return Ok(None);
    };
    if !export_journals(roles).contains(&a.journal_id)
        || !may_export(conn, person, roles, &a, site)?
    {
        return Ok(None);
    }
    let (journal, _) = journal_and_collection(conn, a.collection_id)?;
    let Some(meta) = article_meta(conn, &a, site)? else {
        return Ok(None);
    };
    let name = format!(
        "{}-{}-{}-jats.xml",
        journal
            .name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("-"),
        a.volume,
        a.article_number
    );
    Ok(Some((name, jats_front(&journal_meta(&journal), &meta))))
}

/// A Crossref deposit of the published articles and corrections between two dates (both
/// optional), per journal; `None` when there are none.
pub fn crossref(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    site: &Site,
) -> QueryResult<Option<String>> {
    let rows = exportable(conn, person, roles, from, to, site)?;
    let Some((journal, _)) = rows.first().cloned() else {
        return Ok(None);
    };
    // A deposit is about one journal; an editor-in-chief of several exports the first.
    let mut metas = Vec::new();
    for (_, a) in rows.iter().filter(|(j, _)| j.id == journal.id) {
        if let Some(m) = article_meta(conn, a, site)? {
            metas.push(m);
        }
    }
    let at = now();
    let batch_id = format!(
        "peerdesk-{}-{}",
        at.format("%Y%m%d%H%M%S"),
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    let registrant = if journal.publisher.is_empty() {
        journal.name.clone()
    } else {
        journal.publisher.clone()
    };
    Ok(Some(metadata::crossref_deposit(
        &journal_meta(&journal),
        &Depositor {
            name: person.name.clone(),
            email: person.email.clone(),
            registrant,
        },
        &batch_id,
        at,
        &metas,
    )))
}

/// The CSV of the submissions to the person's journals, leaving out drafts and every
/// submission they have a competing interest with.
pub fn submissions_csv(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    site: &Site,
) -> QueryResult<String> {
    use crate::db::schema::{collections as c, submissions as s};
    let journals = export_journals(roles);
    let ids: Vec<i64> = s::table
        .inner_join(c::table)
        .filter(c::journal_id.eq_any(&journals))
        .filter(s::state.ne(SubmissionState::Draft.as_str()))
        .order(s::id)
        .select(s::id)
        .load(conn)?;
    let mut out = csv_row(&[
        "Manuscript number",
        "Title",
        "Collection",
        "State",
        "Submitted",
        "First decision",
        "Accepted",
        "Published",
        "Handling editor",
        "Decision",
        "Citation",
        "DOI",
    ]);
    let settings = site.settings();
    let day =
        |d: Option<chrono::NaiveDateTime>| d.map(|d| d.date().to_string()).unwrap_or_default();
    for id in ids {
        let Some(a) = editorial::access_for(
            conn,
            person,
            roles,
            id,
            &settings,
            SubmissionAction::ExportMetadata,
        )?
        else {
            continue;
        };
        let sub = a.submission;
        let (journal, collection) = journal_and_collection(conn, sub.collection_id)?;
        let timeline = events::timeline(conn, id)?;
        let decision_kinds = [
            Transition::Accept,
            Transition::Reject,
            Transition::DeskReject,
            Transition::RequestRevision,
        ]
        .map(Transition::as_str);
        let submitted = timeline
            .iter()
            .find(|e| e.kind == Transition::Submit.as_str())
            .map(|e| e.occurred_at);
        let first_decision = timeline
            .iter()
            .find(|e| decision_kinds.contains(&e.kind.as_str()))
            .map(|e| e.occurred_at);
        let accepted = timeline
            .iter()
            .rev()
            .find(|e| e.to_state.as_deref() == Some(SubmissionState::Accepted.as_str()))
            .map(|e| e.occurred_at);
        let editor = match sub.handling_editor_id {
            Some(e) => accounts::find_person(conn, e)?.map(|p| p.name),
            None => None,
        }
        .unwrap_or_default();
        // The latest decision, with the appeal against it if there was one (an appeal is
        // lodged against the decision of its round).
        let appeal = crate::db::rounds::appeal_of(conn, id)?;
        let decision = crate::db::decisions::of_submission(conn, id)?
            .last()
            .and_then(|l| Some((l.round, l.kind.parse::<DecisionKind>().ok()?)))
            .map(|(round, k)| {
                let against = appeal.as_ref().filter(|a| a.round == round).map(|a| {
                    a.outcome
                        .as_deref()
                        .and_then(|o| o.parse::<AppealOutcome>().ok())
                });
                decision_with_appeal(k.label(), against)
            })
            .unwrap_or_default();
        let published = store::of_submission(conn, id)?;
        out.push_str(&csv_row(&[
            sub.number_or_draft().to_owned(),
            sub.title.clone(),
            collection.title.clone(),
            sub.state().label().to_owned(),
            day(submitted),
            day(first_decision),
            day(accepted),
            published
                .as_ref()
                .map(|p| p.published_on.to_string())
                .unwrap_or_default(),
            editor,
            decision,
            published
                .as_ref()
                .map(|p| citation_of(&journal, p).to_string())
                .unwrap_or_default(),
            published.map(|p| p.doi).unwrap_or_default(),
        ]));
    }
    Ok(out)
}
