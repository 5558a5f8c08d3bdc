//! What each round of a submission said of itself (migration 35): the fields the authors may
//! correct with a revised version, kept per round so the editor sees what changed; and the
//! submission's own row and author list brought up to a revised version's values.

use diesel::prelude::*;

use super::schema::{revision_metadata as rm, submission_authors, submissions};
use super::submissions::{Author, Submission, authors_of};
use super::{DbConnection, now};
use crate::domain::revision_diff::{ListedAuthor, RoundMetadata, byline_from_text, byline_to_text};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rm)]
struct Row {
    round: i32,
    title: String,
    abstract_text: String,
    keywords: String,
    authors: String,
    competing_interests: String,
    competing_interests_details: String,
    ai_use: String,
    ai_use_details: String,
    ethics_statement: String,
    consent_for_publication: String,
    data_availability: String,
    funding: String,
    authors_contributions: String,
    acknowledgements: String,
    funders: String,
}

impl Row {
    fn into_metadata(self) -> (i32, RoundMetadata) {
        let authors = byline_from_text(&self.authors);
        (
            self.round,
            RoundMetadata {
                title: self.title,
                abstract_text: self.abstract_text,
                keywords: self.keywords,
                authors,
                competing_interests: self.competing_interests,
                competing_interests_details: self.competing_interests_details,
                ai_use: self.ai_use,
                ai_use_details: self.ai_use_details,
                ethics_statement: self.ethics_statement,
                consent_for_publication: self.consent_for_publication,
                data_availability: self.data_availability,
                funding: self.funding,
                funders: crate::domain::funders::from_text(&self.funders),
                authors_contributions: self.authors_contributions,
                acknowledgements: self.acknowledgements,
            },
        )
    }
}

/// The author rows as a byline.
pub fn listed(authors: &[Author]) -> Vec<ListedAuthor> {
    authors
        .iter()
        .map(|a| ListedAuthor {
            name: a.name.clone(),
            given_names: a.name_parts().given,
            family_name: a.name_parts().family,
            name_order: a.name_parts().order.as_str().to_owned(),
            email: a.email.clone(),
            affiliation: a.affiliation_display(),
            affiliations: a.affiliation_list(),
            orcid: a.orcid.clone().unwrap_or_default(),
            corresponding: a.is_corresponding,
            credit_roles: a.credit_slugs(),
        })
        .collect()
}

/// The submission's fields as they stand now.
pub fn current(conn: &mut DbConnection, s: &Submission) -> QueryResult<RoundMetadata> {
    Ok(RoundMetadata {
        title: s.title.clone(),
        abstract_text: s.abstract_text.clone(),
        keywords: s.keywords.clone(),
        authors: listed(&authors_of(conn, s.id)?),
        competing_interests: s.competing_interests.clone(),
        competing_interests_details: s.competing_interests_details.clone(),
        ai_use: s.ai_use.clone(),
        ai_use_details: s.ai_use_details.clone(),
        ethics_statement: s.ethics_statement.clone(),
        consent_for_publication: s.consent_for_publication.clone(),
        data_availability: s.data_availability.clone(),
        funding: s.funding.clone(),
        funders: super::funders::of_submission(conn, s.id)?,
        authors_contributions: s.authors_contributions.clone(),
        acknowledgements: s.acknowledgements.clone(),
    })
}

/// Records what round `round` said, unless it is recorded already (round 1's is written
/// lazily, and only once).
pub fn record(
    conn: &mut DbConnection,
    submission_id: i64,
    round: i32,
    m: &RoundMetadata,
) -> QueryResult<()> {
    let there: i64 = rm::table
        .filter(rm::submission_id.eq(submission_id))
        .filter(rm::round.eq(round))
        .count()
        .get_result(conn)?;
    if there > 0 {
        return Ok(());
    }
    let authors = byline_to_text(&m.authors);
    diesel::insert_into(rm::table)
        .values((
            rm::submission_id.eq(submission_id),
            rm::round.eq(round),
            rm::title.eq(&m.title),
            rm::abstract_text.eq(&m.abstract_text),
            rm::keywords.eq(&m.keywords),
            rm::authors.eq(authors),
            rm::competing_interests.eq(&m.competing_interests),
            rm::competing_interests_details.eq(&m.competing_interests_details),
            rm::ai_use.eq(&m.ai_use),
            rm::ai_use_details.eq(&m.ai_use_details),
            rm::ethics_statement.eq(&m.ethics_statement),
            rm::consent_for_publication.eq(&m.consent_for_publication),
            rm::data_availability.eq(&m.data_availability),
            rm::funding.eq(&m.funding),
            rm::authors_contributions.eq(&m.authors_contributions),
            rm::acknowledgements.eq(&m.acknowledgements),
            rm::funders.eq(crate::domain::funders::to_text(&m.funders)),
            rm::recorded_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every round's record of a submission, by round.
pub fn of_submission(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Vec<(i32, RoundMetadata)>> {
    Ok(rm::table
        .filter(rm::submission_id.eq(submission_id))
        .order(rm::round)
        .select(Row::as_select())
        .load(conn)?
        .into_iter()
        .map(Row::into_metadata)
        .collect())
}

/// Brings the submission's row and author list to `m`. Authors are matched by address: one
/// still listed keeps their row (and so their answer to the authorship question), one no
/// longer listed loses it, and a new one gets a row. Returns the new authors' rows.
pub fn set_current(
    conn: &mut DbConnection,
    id: i64,
    m: &RoundMetadata,
) -> QueryResult<Vec<Author>> {
    diesel::update(submissions::table.find(id))
        .set((
            submissions::title.eq(m.title.trim()),
            submissions::abstract_text.eq(m.abstract_text.trim()),
            submissions::keywords.eq(m.keywords.trim()),
            submissions::competing_interests.eq(&m.competing_interests),
            submissions::competing_interests_details.eq(m.competing_interests_details.trim()),
            submissions::ai_use.eq(&m.ai_use),
            submissions::ai_use_details.eq(m.ai_use_details.trim()),
            submissions::ethics_statement.eq(m.ethics_statement.trim()),
            submissions::consent_for_publication.eq(m.consent_for_publication.trim()),
            submissions::data_availability.eq(m.data_availability.trim()),
            submissions::funding.eq(m.funding.trim()),
            submissions::authors_contributions.eq(m.authors_contributions.trim()),
            submissions::acknowledgements.eq(m.acknowledgements.trim()),
            submissions::updated_at.eq(now()),
        ))
        .execute(conn)?;
    super::funders::replace(conn, id, &m.funders)?;
    let before = authors_of(conn, id)?;
    let key = |email: &str| email.trim().to_lowercase();
    for old in &before {
        if !m.authors.iter().any(|a| key(&a.email) == key(&old.email)) {
            diesel::delete(submission_authors::table.find(old.id)).execute(conn)?;
        }
    }
    let mut added = Vec::new();
    for (i, a) in m.authors.iter().enumerate() {
        let orcid = crate::domain::Orcid::as_typed_or_normal(&a.orcid);
        let values = (
            submission_authors::position.eq(i as i32 + 1),
            submission_authors::name.eq(a.name.trim()),
            submission_authors::given_names.eq(a.given_names.trim()),
            submission_authors::family_name.eq(a.family_name.trim()),
            submission_authors::name_order.eq(&a.name_order),
            submission_authors::name_guessed.eq(false),
            submission_authors::email.eq(a.email.trim()),
            submission_authors::affiliation.eq(crate::domain::affiliation::institutions_line(
                &a.affiliations,
            )),
            submission_authors::affiliations
                .eq(crate::domain::affiliation::to_text(&a.affiliations)),
            submission_authors::orcid.eq(orcid),
            submission_authors::is_corresponding.eq(a.corresponding),
            submission_authors::credit_roles.eq(crate::domain::credit::to_text(&a.credit_roles)),
        );
        match before.iter().find(|old| key(&old.email) == key(&a.email)) {
            Some(old) => {
                diesel::update(submission_authors::table.find(old.id))
                    .set(values)
                    .execute(conn)?;
            }
            None => {
                let row: i64 = diesel::insert_into(submission_authors::table)
                    .values((submission_authors::submission_id.eq(id), values))
                    .returning(submission_authors::id)
                    .get_result(conn)?;
                added.push(row);
            }
        }
    }
    super::submissions::link_authors_to_people(conn, id)?;
    Ok(authors_of(conn, id)?
        .into_iter()
        .filter(|a| added.contains(&a.id))
        .collect())
}

/// What changed in each round after the first, newest first
/// ([`crate::domain::revision_diff::round_changes`]): for those who may view the
/// submission's editorial side, and for its re-reviewers as their blinding allows.
pub fn what_changed(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Vec<crate::domain::revision_diff::RoundChanges>> {
    Ok(crate::domain::revision_diff::round_changes(&of_submission(
        conn,
        submission_id,
    )?))
}
