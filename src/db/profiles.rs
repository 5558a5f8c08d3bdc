//! What conflicts are computed from, read out of storage into the conflicts module's types:
//! a person's profile (every confirmed address, affiliation history, publications — listed
//! ones and those the system knows from its own submissions — and declared conflicts), and
//! the people around a submission (its authors with their profiles, those the authors
//! opposed, and competing interests declared on it).

use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;

use super::DbConnection;
use super::accounts::{self, Person};
use super::editorial;
use super::schema::{
    affiliations, declared_conflicts, person_emails, publication_coauthors, publications,
    submission_authors, submissions,
};
use super::submissions::{self as store, OPPOSED_EDITOR, OPPOSED_REVIEWER};
use crate::domain::conflicts::{
    AffiliationSpan, CoauthorRef, DeclaredConflict, DeclaredKind, DeclaredTarget, OpposedPerson,
    OpposedRole, PersonProfile, Publication, SubmissionAuthor, SubmissionParties,
};
use crate::domain::submission_state::SubmissionState;

/// Every address of a person: the primary one and each confirmed extra one.
pub fn emails_of(conn: &mut DbConnection, person: &Person) -> QueryResult<Vec<String>> {
    let mut emails = vec![person.email.clone()];
    let extra: Vec<String> = person_emails::table
        .filter(person_emails::person_id.eq(person.id))
        .filter(person_emails::confirmed_at.is_not_null())
        .select(person_emails::email)
        .load(conn)?;
    for e in extra {
        if !emails.contains(&e) {
            emails.push(e);
        }
    }
    Ok(emails)
}

/// A person's profile for conflict checks.
pub fn profile_of(conn: &mut DbConnection, person: &Person) -> QueryResult<PersonProfile> {
    let emails = emails_of(conn, person)?;

    let mut spans: Vec<AffiliationSpan> = affiliations::table
        .filter(affiliations::person_id.eq(person.id))
        .order(affiliations::id)
        .select((
            affiliations::institution,
            affiliations::starts_on,
            affiliations::ends_on,
        ))
        .load::<(String, Option<NaiveDate>, Option<NaiveDate>)>(conn)?
        .into_iter()
        .map(|(institution, from, to)| AffiliationSpan {
            institution,
            from,
            to,
        })
        .collect();
    // The affiliation on the account is the current one, unless the history already has it.
    if !person.affiliation.trim().is_empty()
        && !spans
            .iter()
            .any(|s| s.to.is_none() && s.institution == person.affiliation)
    {
        spans.push(AffiliationSpan {
            institution: person.affiliation.clone(),
            from: None,
            to: None,
        });
    }

    let mut papers: Vec<Publication> = Vec::new();
    let listed: Vec<(i64, String, i32)> = publications::table
        .filter(publications::person_id.eq(person.id))
        .order(publications::id)
        .select((publications::id, publications::title, publications::year))
        .load(conn)?;
    for (id, title, year) in listed {
        let coauthors = publication_coauthors::table
            .filter(publication_coauthors::publication_id.eq(id))
            .order(publication_coauthors::id)
            .select((
                publication_coauthors::name,
                publication_coauthors::email,
                publication_coauthors::orcid,
            ))
            .load::<(String, Option<String>, Option<String>)>(conn)?
            .into_iter()
            .map(|(name, email, orcid)| CoauthorRef { name, email, orcid })
            .collect();
        papers.push(Publication {
            title,
            year,
            coauthors,
        });
    }
    // The system's own record: every submitted manuscript that lists this person.
    let own: Vec<(i64, String, Option<chrono::NaiveDateTime>)> = submission_authors::table
        .inner_join(submissions::table)
        .filter(
            submission_authors::person_id
                .eq(person.id)
                .or(submission_authors::email.eq_any(&emails)),
        )
        .filter(submissions::state.ne(SubmissionState::Draft.as_str()))
        .select((
            submissions::id,
            submissions::title,
            submissions::submitted_at,
        ))
        .distinct()
        .load(conn)?;
    for (submission_id, title, submitted_at) in own {
        let coauthors = store::authors_of(conn, submission_id)?
            .into_iter()
            .filter(|a| a.person_id != Some(person.id) && !emails.contains(&a.email))
            .map(|a| CoauthorRef {
                name: a.name,
                email: Some(a.email),
                orcid: a.orcid,
            })
            .collect();
        papers.push(Publication {
            title,
            year: submitted_at.map_or(0, |t| t.year()),
            coauthors,
        });
    }

    let declared = declared_conflicts::table
        .filter(declared_conflicts::person_id.eq(person.id))
        .order(declared_conflicts::id)
        .select((
            declared_conflicts::target_kind,
            declared_conflicts::target_name,
            declared_conflicts::target_email,
            declared_conflicts::target_orcid,
            declared_conflicts::kind,
            declared_conflicts::since,
            declared_conflicts::until,
            declared_conflicts::note,
        ))
        .load::<(
            String,
            String,
            Option<String>,
            Option<String>,
            String,
            Option<NaiveDate>,
            Option<NaiveDate>,
            String,
        )>(conn)?
        .into_iter()
        .map(
            |(target_kind, name, email, orcid, kind, since, until, note)| DeclaredConflict {
                target: if target_kind == "institution" {
                    DeclaredTarget::Institution(name)
                } else {
                    DeclaredTarget::Person { name, email, orcid }
                },
                kind: DeclaredKind::parse(&kind).unwrap_or(DeclaredKind::Other),
                since,
                until,
                note,
            },
        )
        .collect();

    Ok(PersonProfile {
        person_id: Some(person.id),
        name: person.name.clone(),
        emails,
        orcid: person.orcid.clone(),
        affiliations: spans,
        publications: papers,
        declared,
    })
}

/// The people around a submission.
pub fn parties_of(conn: &mut DbConnection, submission_id: i64) -> QueryResult<SubmissionParties> {
    let mut authors = Vec::new();
    for a in store::authors_of(conn, submission_id)? {
        let profile = match a.person_id {
            Some(id) => match accounts::find_person(conn, id)? {
                Some(p) => Some(profile_of(conn, &p)?),
                None => None,
            },
            None => None,
        };
        authors.push(SubmissionAuthor {
            person_id: a.person_id,
            name: a.name,
            email: a.email,
            affiliation: a.affiliation,
            orcid: a.orcid,
            profile,
        });
    }
    let opposed = store::preferences_of(conn, submission_id)?
        .into_iter()
        .filter_map(|p| {
            let role = match p.kind.as_str() {
                OPPOSED_EDITOR => OpposedRole::Editor,
                OPPOSED_REVIEWER => OpposedRole::Reviewer,
                _ => return None,
            };
            Some(OpposedPerson {
                name: p.name,
                email: (!p.email.is_empty()).then_some(p.email),
                reason: p.reason,
                role,
            })
        })
        .collect();
    Ok(SubmissionParties {
        authors,
        opposed,
        declared_on_submission: editorial::declared_on(conn, submission_id)?,
    })
}
