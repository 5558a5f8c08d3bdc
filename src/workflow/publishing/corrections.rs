//! Corrections to a published article: their own citation, DOI and date, linked to the
//! article and recorded on its submission's timeline.

use diesel::QueryResult;

use crate::config::Site;
use crate::db::accounts::Person;
use crate::db::collections::{Collection, Journal};
use crate::db::published::{self as store, CORRECTION, NewPublished, PublishedArticle};
use crate::db::{DbConnection, write_transaction};
use crate::domain::FormErrors;
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::domain::publishing::{PublishInput, check_correction_text, correction_title, long_date};
use crate::workflow::editorial::Asker;
use crate::workflow::step;

use super::{
    PublishOutcome, Result, citation_of, citation_taken_meanwhile, journal_and_collection,
    published_row, suggestion, taken,
};

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
    let asker = Asker::new(person, roles, site);
    if asker
        .access_for(conn, submission_id, SubmissionAction::PublishCorrection)?
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
                corrects_id: Some(article.id),
                // A correction is published under the licence of the article it corrects.
                licence: &article.licence,
                title: &title,
                notice: &notice,
                ..published_row(&journal, &collection, &f, person.id)
            },
        )?;
        let citation = citation_of(&journal, &row).to_string();
        if let Some(submission_id) = article.submission_id {
            step::on_timeline(
                conn,
                Some(person.id),
                submission_id,
                "correction_published",
                &format!("Correction published as {citation}, DOI {}", row.doi),
            )?;
        }
        Ok(PublishOutcome::Published {
            article_id: row.id,
            citation,
        })
    });
    citation_taken_meanwhile(result)
}
