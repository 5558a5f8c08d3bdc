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
    OpposedRole, PaperSource, PersonProfile, Publication, SubmissionAuthor, SubmissionParties,
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

/// A manuscript submitted here, public once published (see [`PaperSource`]).
fn manuscript_source(state: &str) -> PaperSource {
    PaperSource::Manuscript {
        published: state == SubmissionState::Published.as_str(),
    }
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
            source: PaperSource::Listed,
        });
    }
    // The system's own record: every submitted manuscript that lists this person.
    let own: Vec<(i64, String, Option<chrono::NaiveDateTime>, String)> = submission_authors::table
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
            submissions::state,
        ))
        .distinct()
        .load(conn)?;
    for (submission_id, title, submitted_at, state) in own {
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
            source: manuscript_source(&state),
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

/// Binds per `IN (…)` list.
const CHUNK: usize = super::LOOKUP_CHUNK;

/// [`profile_of`] for many people at once, in a fixed number of queries (one per table and
/// chunk of people) instead of several per person: for lists that check conflicts on many
/// submissions. Gives the same profiles as [`profile_of`].
pub fn profiles_of_many(
    conn: &mut DbConnection,
    people: &[Person],
) -> QueryResult<std::collections::HashMap<i64, PersonProfile>> {
    use std::collections::{HashMap, HashSet};
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    let mut emails: HashMap<i64, Vec<String>> = people
        .iter()
        .map(|p| (p.id, vec![p.email.clone()]))
        .collect();
    let mut spans: HashMap<i64, Vec<AffiliationSpan>> = HashMap::new();
    let mut papers: HashMap<i64, Vec<Publication>> = HashMap::new();
    let mut declared: HashMap<i64, Vec<DeclaredConflict>> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let extra: Vec<(i64, String)> = person_emails::table
            .filter(person_emails::person_id.eq_any(chunk))
            .filter(person_emails::confirmed_at.is_not_null())
            .order(person_emails::id)
            .select((person_emails::person_id, person_emails::email))
            .load(conn)?;
        for (id, e) in extra {
            let list = emails.entry(id).or_default();
            if !list.contains(&e) {
                list.push(e);
            }
        }
        let rows: Vec<(i64, String, Option<NaiveDate>, Option<NaiveDate>)> = affiliations::table
            .filter(affiliations::person_id.eq_any(chunk))
            .order(affiliations::id)
            .select((
                affiliations::person_id,
                affiliations::institution,
                affiliations::starts_on,
                affiliations::ends_on,
            ))
            .load(conn)?;
        for (id, institution, from, to) in rows {
            spans.entry(id).or_default().push(AffiliationSpan {
                institution,
                from,
                to,
            });
        }
        let listed: Vec<(i64, i64, String, i32)> = publications::table
            .filter(publications::person_id.eq_any(chunk))
            .order(publications::id)
            .select((
                publications::id,
                publications::person_id,
                publications::title,
                publications::year,
            ))
            .load(conn)?;
        let pub_ids: Vec<i64> = listed.iter().map(|p| p.0).collect();
        let mut coauthors: HashMap<i64, Vec<CoauthorRef>> = HashMap::new();
        for pchunk in pub_ids.chunks(CHUNK) {
            let rows: Vec<(i64, String, Option<String>, Option<String>)> =
                publication_coauthors::table
                    .filter(publication_coauthors::publication_id.eq_any(pchunk))
                    .order(publication_coauthors::id)
                    .select((
                        publication_coauthors::publication_id,
                        publication_coauthors::name,
                        publication_coauthors::email,
                        publication_coauthors::orcid,
                    ))
                    .load(conn)?;
            for (pid, name, email, orcid) in rows {
                coauthors
                    .entry(pid)
                    .or_default()
                    .push(CoauthorRef { name, email, orcid });
            }
        }
        for (pid, person_id, title, year) in listed {
            papers.entry(person_id).or_default().push(Publication {
                title,
                year,
                coauthors: coauthors.remove(&pid).unwrap_or_default(),
                source: PaperSource::Listed,
            });
        }
        let rows = declared_conflicts::table
            .filter(declared_conflicts::person_id.eq_any(chunk))
            .order(declared_conflicts::id)
            .select((
                declared_conflicts::person_id,
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
                i64,
                String,
                String,
                Option<String>,
                Option<String>,
                String,
                Option<NaiveDate>,
                Option<NaiveDate>,
                String,
            )>(conn)?;
        for (id, target_kind, name, email, orcid, kind, since, until, note) in rows {
            declared.entry(id).or_default().push(DeclaredConflict {
                target: if target_kind == "institution" {
                    DeclaredTarget::Institution(name)
                } else {
                    DeclaredTarget::Person { name, email, orcid }
                },
                kind: DeclaredKind::parse(&kind).unwrap_or(DeclaredKind::Other),
                since,
                until,
                note,
            });
        }
    }

    // The system's own record: every submitted manuscript that lists one of these people
    // (by account or by any of their addresses), with its other authors.
    let mut by_email: HashMap<String, Vec<i64>> = HashMap::new();
    for (id, list) in &emails {
        for e in list {
            by_email.entry(e.clone()).or_default().push(*id);
        }
    }
    let all_emails: Vec<String> = by_email.keys().cloned().collect();
    type Own = (
        Option<i64>,
        String,
        i64,
        String,
        Option<chrono::NaiveDateTime>,
        String,
    );
    let mut own: Vec<Own> = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        own.extend(
            submission_authors::table
                .inner_join(submissions::table)
                .filter(submission_authors::person_id.eq_any(chunk))
                .filter(submissions::state.ne(SubmissionState::Draft.as_str()))
                .select((
                    submission_authors::person_id,
                    submission_authors::email,
                    submissions::id,
                    submissions::title,
                    submissions::submitted_at,
                    submissions::state,
                ))
                .load::<Own>(conn)?,
        );
    }
    for chunk in all_emails.chunks(CHUNK) {
        own.extend(
            submission_authors::table
                .inner_join(submissions::table)
                .filter(submission_authors::email.eq_any(chunk))
                .filter(submissions::state.ne(SubmissionState::Draft.as_str()))
                .select((
                    submission_authors::person_id,
                    submission_authors::email,
                    submissions::id,
                    submissions::title,
                    submissions::submitted_at,
                    submissions::state,
                ))
                .load::<Own>(conn)?,
        );
    }
    let wanted: HashSet<i64> = ids.iter().copied().collect();
    // (person, submission) once each, as `profile_of`'s DISTINCT does.
    let mut seen: HashSet<(i64, i64)> = HashSet::new();
    let mut own_of: Vec<(i64, i64, String, Option<chrono::NaiveDateTime>, String)> = Vec::new();
    for (person_id, email, sid, title, submitted_at, state) in own {
        let mut whose: Vec<i64> = by_email.get(&email).cloned().unwrap_or_default();
        if let Some(p) = person_id.filter(|p| wanted.contains(p)) {
            whose.push(p);
        }
        for p in whose {
            if seen.insert((p, sid)) {
                own_of.push((p, sid, title.clone(), submitted_at, state.clone()));
            }
        }
    }
    let mut sids: Vec<i64> = own_of.iter().map(|o| o.1).collect();
    sids.sort_unstable();
    sids.dedup();
    let mut authors: HashMap<i64, Vec<store::Author>> = HashMap::new();
    for chunk in sids.chunks(CHUNK) {
        let rows: Vec<store::Author> = submission_authors::table
            .filter(submission_authors::submission_id.eq_any(chunk))
            .order((
                submission_authors::submission_id,
                submission_authors::position,
            ))
            .select(store::Author::as_select())
            .load(conn)?;
        for a in rows {
            authors.entry(a.submission_id).or_default().push(a);
        }
    }
    for (p, sid, title, submitted_at, state) in own_of {
        let mine = &emails[&p];
        let coauthors = authors
            .get(&sid)
            .map(|list| {
                list.iter()
                    .filter(|a| a.person_id != Some(p) && !mine.contains(&a.email))
                    .map(|a| CoauthorRef {
                        name: a.name.clone(),
                        email: Some(a.email.clone()),
                        orcid: a.orcid.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        papers.entry(p).or_default().push(Publication {
            title,
            year: submitted_at.map_or(0, |t| t.year()),
            coauthors,
            source: manuscript_source(&state),
        });
    }

    let mut out = HashMap::new();
    for person in people {
        let mut person_spans = spans.remove(&person.id).unwrap_or_default();
        if !person.affiliation.trim().is_empty()
            && !person_spans
                .iter()
                .any(|s| s.to.is_none() && s.institution == person.affiliation)
        {
            person_spans.push(AffiliationSpan {
                institution: person.affiliation.clone(),
                from: None,
                to: None,
            });
        }
        out.insert(
            person.id,
            PersonProfile {
                person_id: Some(person.id),
                name: person.name.clone(),
                emails: emails.remove(&person.id).unwrap_or_default(),
                orcid: person.orcid.clone(),
                affiliations: person_spans,
                publications: papers.remove(&person.id).unwrap_or_default(),
                declared: declared.remove(&person.id).unwrap_or_default(),
            },
        );
    }
    Ok(out)
}

/// [`parties_of`] for many submissions at once, in a fixed number of queries.
pub fn parties_of_many(
    conn: &mut DbConnection,
    submission_ids: &[i64],
) -> QueryResult<std::collections::HashMap<i64, SubmissionParties>> {
    use super::schema::{people, submission_conflicts, submission_preferences};
    use std::collections::HashMap;
    let mut authors: Vec<store::Author> = Vec::new();
    let mut prefs: Vec<store::Preference> = Vec::new();
    let mut declared: Vec<(i64, i64, String)> = Vec::new();
    for chunk in submission_ids.chunks(CHUNK) {
        authors.extend(
            submission_authors::table
                .filter(submission_authors::submission_id.eq_any(chunk))
                .order((
                    submission_authors::submission_id,
                    submission_authors::position,
                ))
                .select(store::Author::as_select())
                .load(conn)?,
        );
        prefs.extend(
            submission_preferences::table
                .filter(submission_preferences::submission_id.eq_any(chunk))
                .filter(submission_preferences::kind.eq_any([OPPOSED_EDITOR, OPPOSED_REVIEWER]))
                .order(submission_preferences::id)
                .select(store::Preference::as_select())
                .load(conn)?,
        );
        declared.extend(
            submission_conflicts::table
                .filter(submission_conflicts::submission_id.eq_any(chunk))
                .order(submission_conflicts::id)
                .select((
                    submission_conflicts::submission_id,
                    submission_conflicts::person_id,
                    submission_conflicts::reason,
                ))
                .load::<(i64, i64, String)>(conn)?,
        );
    }
    let mut person_ids: Vec<i64> = authors.iter().filter_map(|a| a.person_id).collect();
    person_ids.sort_unstable();
    person_ids.dedup();
    let mut accounts: Vec<Person> = Vec::new();
    for chunk in person_ids.chunks(CHUNK) {
        accounts.extend(
            people::table
                .filter(people::id.eq_any(chunk))
                .select(Person::as_select())
                .load(conn)?,
        );
    }
    let profiles = profiles_of_many(conn, &accounts)?;
    let mut out: HashMap<i64, SubmissionParties> = submission_ids
        .iter()
        .map(|id| {
            (
                *id,
                SubmissionParties {
                    authors: Vec::new(),
                    opposed: Vec::new(),
                    declared_on_submission: Vec::new(),
                },
            )
        })
        .collect();
    for a in authors {
        let profile = a.person_id.and_then(|id| profiles.get(&id).cloned());
        if let Some(p) = out.get_mut(&a.submission_id) {
            p.authors.push(SubmissionAuthor {
                person_id: a.person_id,
                name: a.name,
                email: a.email,
                affiliation: a.affiliation,
                orcid: a.orcid,
                profile,
            });
        }
    }
    for p in prefs {
        let role = match p.kind.as_str() {
            OPPOSED_EDITOR => OpposedRole::Editor,
            _ => OpposedRole::Reviewer,
        };
        if let Some(parties) = out.get_mut(&p.submission_id) {
            parties.opposed.push(OpposedPerson {
                name: p.name,
                email: (!p.email.is_empty()).then_some(p.email),
                reason: p.reason,
                role,
            });
        }
    }
    for (sid, person_id, reason) in declared {
        if let Some(parties) = out.get_mut(&sid) {
            parties.declared_on_submission.push((person_id, reason));
        }
    }
    Ok(out)
}
