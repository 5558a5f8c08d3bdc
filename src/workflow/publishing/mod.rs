//! Publishing by the editor-in-chief, corrections, the public article pages and the
//! metadata exports.
//!
//! Publishing is one transaction: the state machine's move from accepted to published
//! (conditional on the state, so two clicks cannot publish twice), the published article's
//! row with its citation, DOI, date and final PDF, the timeline event, and the e-mails to
//! every author and the handling editor. Nothing here names a reviewer: the public pages
//! and the exports carry only what the journal publishes.
//!
//! Where to look: publishing a submission in `publish.rs`; corrections in
//! `corrections.rs`; the public article pages in `public.rs`; the metadata exports (JATS,
//! Crossref, the submissions CSV) in `exports.rs`. What they share (citations, the details
//! suggested and checked against what is published) is below.

use chrono::{Datelike, NaiveDateTime};
use diesel::QueryResult;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::db::collections::{self, Collection, Journal};
use crate::db::events::TimelineEntry;
use crate::db::published::{self as store, ARTICLE, NewPublished, PublishedArticle};
use crate::db::{DbConnection, now};
use crate::domain::FormErrors;
use crate::domain::publishing::{Citation, PublishFields, PublishInput, suggest_doi, volume_for};
use crate::domain::submission_state::{SubmissionState, Transition};
use crate::workflow::editorial::EditorialError;

mod corrections;
pub mod discovery;
mod exports;
mod public;
mod publish;

pub use corrections::{CorrectionInput, CorrectionPage, correction_page, publish_correction};
pub use exports::{
    ExportLine, crossref, export_journals, export_lines, exportable, jats, submissions_csv,
};
pub use public::{
    ArticleListing, ArticleView, LinkedArticle, PublicAuthor, article_meta, article_view,
    collection_articles, download_stem, journal_meta, pdf_download_name,
};
pub use publish::{
    FinalPdf, PublishOutcome, PublishPage, precheck, publish, publish_page, published_citation,
};

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

pub(super) fn journal_and_collection(
    conn: &mut DbConnection,
    collection_id: i64,
) -> QueryResult<(Journal, Collection)> {
    let c = collections::find_collection(conn, collection_id)?.ok_or(DieselError::NotFound)?;
    let j = collections::find_journal(conn, c.journal_id)?.ok_or(DieselError::NotFound)?;
    Ok((j, c))
}

/// What is suggested in an empty publication (or correction) form: this year's volume, the
/// next free article number in it, a DOI in the journal's style, and today.
pub(super) fn suggestion(conn: &mut DbConnection, journal: &Journal) -> QueryResult<PublishInput> {
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
pub(super) fn taken(
    conn: &mut DbConnection,
    journal: &Journal,
    f: &PublishFields,
) -> QueryResult<FormErrors> {
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
pub(super) fn citation_taken_meanwhile(result: Result<PublishOutcome>) -> Result<PublishOutcome> {
    match result {
        Err(e) if is_unique_violation(&e) => Ok(PublishOutcome::Refused(refused_with(
            "Another article took this citation or DOI a moment ago; nothing was published. Check the details and try again.",
        ))),
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

/// A refusal of the whole form, shown against its button.
fn refused_with(message: impl Into<String>) -> FormErrors {
    let mut errors = FormErrors::new();
    errors.add(FORM, message);
    errors
}

/// The row of a published article or correction with these details, by `person_id`; the
/// caller says which it is (`kind`, the submission or the article corrected), its title,
/// notice and PDF.
fn published_row<'a>(
    journal: &Journal,
    collection: &Collection,
    f: &'a PublishFields,
    person_id: i64,
) -> NewPublished<'a> {
    NewPublished {
        kind: ARTICLE,
        submission_id: None,
        corrects_id: None,
        journal_id: journal.id,
        collection_id: collection.id,
        title: "",
        notice: "",
        year: f.year,
        volume: f.volume,
        article_number: f.article_number,
        doi: &f.doi,
        published_on: f.published_on,
        published_by: person_id,
        pdf: None,
        licence: collection.licence().code(),
    }
}

/// When a submission was first submitted and last accepted, from its timeline.
fn submitted_and_accepted(
    timeline: &[TimelineEntry],
) -> (Option<NaiveDateTime>, Option<NaiveDateTime>) {
    let submitted = timeline
        .iter()
        .find(|e| e.kind == Transition::Submit.as_str())
        .map(|e| e.occurred_at);
    let accepted = timeline
        .iter()
        .rev()
        .find(|e| e.to_state.as_deref() == Some(SubmissionState::Accepted.as_str()))
        .map(|e| e.occurred_at);
    (submitted, accepted)
}
