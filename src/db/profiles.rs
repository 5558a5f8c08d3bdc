//! What conflicts are computed from, read out of storage into the conflicts module's types:
//! a person's profile (every confirmed address, affiliation history, publications — listed
//! ones and those the system knows from its own submissions — and declared conflicts), and
//! the people around a submission (its authors with their profiles, those the authors
//! opposed, and competing interests declared on it).
//!
//! One person or one submission is read as a batch of one: the queries, one per table and
//! chunk of ids, are written once for both.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDateTime};
use diesel::prelude::*;

use super::DbConnection;
use super::accounts::Person;
use super::profile_edit::{AffiliationRow, DeclaredRow};
use super::schema::{
    affiliations, declared_conflicts, people, person_emails, publication_coauthors, publications,
    submission_authors, submission_conflicts, submission_preferences, submissions,
};
use super::submissions::{self as store, OPPOSED_EDITOR, OPPOSED_REVIEWER};
use crate::domain::conflicts::{
    AffiliationSpan, CoauthorRef, DeclaredConflict, DeclaredKind, DeclaredTarget, OpposedPerson,
    OpposedRole, PaperSource, PersonProfile, Publication, SubmissionAuthor, SubmissionParties,
};
use crate::domain::submission_state::SubmissionState;

/// Binds per `IN (…)` list.
const CHUNK: usize = super::LOOKUP_CHUNK;

/// Every address of a person: the primary one and each confirmed extra one.
pub fn emails_of(conn: &mut DbConnection, person: &Person) -> QueryResult<Vec<String>> {
    let mut emails = primary_emails(std::slice::from_ref(person));
    add_confirmed_emails(conn, &[person.id], &mut emails)?;
    Ok(emails.remove(&person.id).unwrap_or_default())
}

/// A person's profile for conflict checks.
pub fn profile_of(conn: &mut DbConnection, person: &Person) -> QueryResult<PersonProfile> {
    let mut gathered = gather(conn, std::slice::from_ref(person))?;
    Ok(assemble(person, &mut gathered))
}

/// The people around a submission.
pub fn parties_of(conn: &mut DbConnection, submission_id: i64) -> QueryResult<SubmissionParties> {
    let mut parties = parties_of_many(conn, &[submission_id])?;
    Ok(parties.remove(&submission_id).unwrap_or_default())
}

/// [`profile_of`] for many people at once, in a fixed number of queries (one per table and
/// chunk of people) instead of several per person: for lists that check conflicts on many
/// submissions.
pub fn profiles_of_many(
    conn: &mut DbConnection,
    people: &[Person],
) -> QueryResult<HashMap<i64, PersonProfile>> {
    let mut gathered = gather(conn, people)?;
    let mut out = HashMap::new();
    for person in people {
        out.insert(person.id, assemble(person, &mut gathered));
    }
    Ok(out)
}

/// [`parties_of`] for many submissions at once, in a fixed number of queries.
pub fn parties_of_many(
    conn: &mut DbConnection,
    submission_ids: &[i64],
) -> QueryResult<HashMap<i64, SubmissionParties>> {
    let mut authors: Vec<store::Author> = Vec::new();
    let mut opposed: Vec<store::Preference> = Vec::new();
    let mut declared: Vec<(i64, i64, String)> = Vec::new();
    for chunk in submission_ids.chunks(CHUNK) {
        authors.extend(authors_of_submissions(conn, chunk)?);
        opposed.extend(opposed_on(conn, chunk)?);
        declared.extend(declared_on(conn, chunk)?);
    }
    let accounts = author_accounts(conn, &authors)?;
    let profiles = profiles_of_many(conn, &accounts)?;
    let mut out: HashMap<i64, SubmissionParties> = submission_ids
        .iter()
        .map(|id| (*id, SubmissionParties::default()))
        .collect();
    for a in authors {
        let profile = a.person_id.and_then(|id| profiles.get(&id).cloned());
        if let Some(parties) = out.get_mut(&a.submission_id) {
            parties.authors.push(submission_author(a, profile));
        }
    }
    for p in opposed {
        if let Some(parties) = out.get_mut(&p.submission_id) {
            parties.opposed.push(opposed_person(p));
        }
    }
    for (sid, person_id, reason) in declared {
        if let Some(parties) = out.get_mut(&sid) {
            parties.declared_on_submission.push((person_id, reason));
        }
    }
    Ok(out)
}

// ---- A batch of profiles, step by step -----------------------------------------------------

/// What is read for a batch of people, by person id, before it becomes their profiles.
#[derive(Default)]
struct Gathered {
    emails: HashMap<i64, Vec<String>>,
    spans: HashMap<i64, Vec<AffiliationSpan>>,
    papers: HashMap<i64, Vec<Publication>>,
    declared: HashMap<i64, Vec<DeclaredConflict>>,
}

/// Reads everything the profiles of these people are made of.
fn gather(conn: &mut DbConnection, people: &[Person]) -> QueryResult<Gathered> {
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    let mut gathered = Gathered {
        emails: primary_emails(people),
        ..Gathered::default()
    };
    for chunk in ids.chunks(CHUNK) {
        add_confirmed_emails(conn, chunk, &mut gathered.emails)?;
        add_affiliations(conn, chunk, &mut gathered.spans)?;
        add_listed_publications(conn, chunk, &mut gathered.papers)?;
        add_declared(conn, chunk, &mut gathered.declared)?;
    }
    add_own_manuscripts(conn, &ids, &mut gathered)?;
    Ok(gathered)
}

/// Each person's primary address, the first of their addresses.
fn primary_emails(people: &[Person]) -> HashMap<i64, Vec<String>> {
    people
        .iter()
        .map(|p| (p.id, vec![p.email.clone()]))
        .collect()
}

/// Adds each person's confirmed extra addresses, each once.
fn add_confirmed_emails(
    conn: &mut DbConnection,
    ids: &[i64],
    emails: &mut HashMap<i64, Vec<String>>,
) -> QueryResult<()> {
    let extra: Vec<(i64, String)> = person_emails::table
        .filter(person_emails::person_id.eq_any(ids))
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
    Ok(())
}

fn add_affiliations(
    conn: &mut DbConnection,
    ids: &[i64],
    spans: &mut HashMap<i64, Vec<AffiliationSpan>>,
) -> QueryResult<()> {
    let rows: Vec<(i64, AffiliationRow)> = affiliations::table
        .filter(affiliations::person_id.eq_any(ids))
        .order(affiliations::id)
        .select((affiliations::person_id, AffiliationRow::as_select()))
        .load(conn)?;
    for (id, row) in rows {
        spans.entry(id).or_default().push(AffiliationSpan {
            institution: row.institution,
            from: row.starts_on,
            to: row.ends_on,
        });
    }
    Ok(())
}

/// The publications people listed on their profiles, with their co-authors.
fn add_listed_publications(
    conn: &mut DbConnection,
    ids: &[i64],
    papers: &mut HashMap<i64, Vec<Publication>>,
) -> QueryResult<()> {
    let listed: Vec<(i64, i64, String, i32)> = publications::table
        .filter(publications::person_id.eq_any(ids))
        .order(publications::id)
        .select((
            publications::id,
            publications::person_id,
            publications::title,
            publications::year,
        ))
        .load(conn)?;
    let pub_ids: Vec<i64> = listed.iter().map(|p| p.0).collect();
    let mut coauthors = coauthors_of_publications(conn, &pub_ids)?;
    for (pid, person_id, title, year) in listed {
        papers.entry(person_id).or_default().push(Publication {
            title,
            year,
            coauthors: coauthors.remove(&pid).unwrap_or_default(),
            source: PaperSource::Listed,
        });
    }
    Ok(())
}

/// The co-authors of each publication, in order.
pub(super) fn coauthors_of_publications(
    conn: &mut DbConnection,
    pub_ids: &[i64],
) -> QueryResult<HashMap<i64, Vec<CoauthorRef>>> {
    let mut coauthors: HashMap<i64, Vec<CoauthorRef>> = HashMap::new();
    for chunk in pub_ids.chunks(CHUNK) {
        let rows: Vec<(i64, String, Option<String>, Option<String>)> = publication_coauthors::table
            .filter(publication_coauthors::publication_id.eq_any(chunk))
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
    Ok(coauthors)
}

fn add_declared(
    conn: &mut DbConnection,
    ids: &[i64],
    declared: &mut HashMap<i64, Vec<DeclaredConflict>>,
) -> QueryResult<()> {
    let rows: Vec<(i64, DeclaredRow)> = declared_conflicts::table
        .filter(declared_conflicts::person_id.eq_any(ids))
        .order(declared_conflicts::id)
        .select((declared_conflicts::person_id, DeclaredRow::as_select()))
        .load(conn)?;
    for (id, row) in rows {
        declared.entry(id).or_default().push(declared_conflict(row));
    }
    Ok(())
}

fn declared_conflict(row: DeclaredRow) -> DeclaredConflict {
    DeclaredConflict {
        target: if row.is_institution() {
            DeclaredTarget::Institution(row.target_name)
        } else {
            DeclaredTarget::Person {
                name: row.target_name,
                email: row.target_email,
                orcid: row.target_orcid,
            }
        },
        kind: DeclaredKind::parse(&row.kind).unwrap_or(DeclaredKind::Other),
        since: row.since,
        until: row.until,
        note: row.note,
    }
}

/// A submitted manuscript listing someone as an author: the author row's account and
/// address, then the submission's id, title, time of submission and state.
type Listing = (
    Option<i64>,
    String,
    i64,
    String,
    Option<NaiveDateTime>,
    String,
);

/// The system's own record: every submitted manuscript that lists one of these people (by
/// account or by any of their addresses), with its other authors, after their listed
/// publications.
fn add_own_manuscripts(
    conn: &mut DbConnection,
    ids: &[i64],
    gathered: &mut Gathered,
) -> QueryResult<()> {
    let by_email = people_by_email(&gathered.emails);
    let all_emails: Vec<String> = by_email.keys().cloned().collect();
    let mut listings: Vec<Listing> = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        listings.extend(listings_of(conn, ListedBy::Account(chunk))?);
    }
    for chunk in all_emails.chunks(CHUNK) {
        listings.extend(listings_of(conn, ListedBy::Address(chunk))?);
    }
    let own = own_listings(listings, &by_email, ids);
    let mut sids: Vec<i64> = own.iter().map(|o| o.1).collect();
    sids.sort_unstable();
    sids.dedup();
    let mut authors: HashMap<i64, Vec<store::Author>> = HashMap::new();
    for chunk in sids.chunks(CHUNK) {
        for a in authors_of_submissions(conn, chunk)? {
            authors.entry(a.submission_id).or_default().push(a);
        }
    }
    for (p, sid, title, submitted_at, state) in own {
        let mine = &gathered.emails[&p];
        let coauthors = authors
            .get(&sid)
            .map(|list| coauthors_besides(list, p, mine))
            .unwrap_or_default();
        gathered.papers.entry(p).or_default().push(Publication {
            title,
            year: submitted_at.map_or(0, |t| t.year()),
            coauthors,
            source: manuscript_source(&state),
        });
    }
    Ok(())
}

/// Who has each address, among the people of the batch.
fn people_by_email(emails: &HashMap<i64, Vec<String>>) -> HashMap<String, Vec<i64>> {
    let mut by_email: HashMap<String, Vec<i64>> = HashMap::new();
    for (id, list) in emails {
        for e in list {
            by_email.entry(e.clone()).or_default().push(*id);
        }
    }
    by_email
}

/// How a manuscript's author row names a person: by account or by address.
enum ListedBy<'a> {
    Account(&'a [i64]),
    Address(&'a [String]),
}

/// The author rows of submitted (not draft) manuscripts that name these people.
fn listings_of(conn: &mut DbConnection, by: ListedBy<'_>) -> QueryResult<Vec<Listing>> {
    let query = submission_authors::table
        .inner_join(submissions::table)
        .filter(submissions::state.ne(SubmissionState::Draft.as_str()))
        .select((
            submission_authors::person_id,
            submission_authors::email,
            submissions::id,
            submissions::title,
            submissions::submitted_at,
            submissions::state,
        ))
        .into_boxed();
    match by {
        ListedBy::Account(ids) => query.filter(submission_authors::person_id.eq_any(ids)),
        ListedBy::Address(emails) => query.filter(submission_authors::email.eq_any(emails)),
    }
    .load(conn)
}

/// Each listing given to every person of the batch it names, (person, submission) once
/// each: (person, submission, title, time of submission, state).
fn own_listings(
    listings: Vec<Listing>,
    by_email: &HashMap<String, Vec<i64>>,
    ids: &[i64],
) -> Vec<(i64, i64, String, Option<NaiveDateTime>, String)> {
    let wanted: HashSet<i64> = ids.iter().copied().collect();
    let mut seen: HashSet<(i64, i64)> = HashSet::new();
    let mut own = Vec::new();
    for (person_id, email, sid, title, submitted_at, state) in listings {
        let mut whose: Vec<i64> = by_email.get(&email).cloned().unwrap_or_default();
        if let Some(p) = person_id.filter(|p| wanted.contains(p)) {
            whose.push(p);
        }
        for p in whose {
            if seen.insert((p, sid)) {
                own.push((p, sid, title.clone(), submitted_at, state.clone()));
            }
        }
    }
    own
}

/// A manuscript's authors other than the person (by account or any of their addresses).
fn coauthors_besides(authors: &[store::Author], person: i64, mine: &[String]) -> Vec<CoauthorRef> {
    authors
        .iter()
        .filter(|a| a.person_id != Some(person) && !mine.contains(&a.email))
        .map(|a| CoauthorRef {
            name: a.name.clone(),
            email: Some(a.email.clone()),
            orcid: a.orcid.clone(),
        })
        .collect()
}

/// A manuscript submitted here, public once published (see [`PaperSource`]).
fn manuscript_source(state: &str) -> PaperSource {
    PaperSource::Manuscript {
        published: state == SubmissionState::Published.as_str(),
    }
}

/// A person's profile out of what was gathered for the batch. The affiliation on the
/// account is the current one, unless the history already has it.
fn assemble(person: &Person, gathered: &mut Gathered) -> PersonProfile {
    let mut spans = gathered.spans.remove(&person.id).unwrap_or_default();
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
    PersonProfile {
        person_id: Some(person.id),
        name: person.name.clone(),
        emails: gathered.emails.remove(&person.id).unwrap_or_default(),
        orcid: person.orcid.clone(),
        affiliations: spans,
        publications: gathered.papers.remove(&person.id).unwrap_or_default(),
        declared: gathered.declared.remove(&person.id).unwrap_or_default(),
    }
}

// ---- A batch of submissions ----------------------------------------------------------------

/// The authors of these submissions, in order.
fn authors_of_submissions(
    conn: &mut DbConnection,
    submission_ids: &[i64],
) -> QueryResult<Vec<store::Author>> {
    submission_authors::table
        .filter(submission_authors::submission_id.eq_any(submission_ids))
        .order((
            submission_authors::submission_id,
            submission_authors::position,
        ))
        .select(store::Author::as_select())
        .load(conn)
}

/// The people the authors opposed as editor or reviewer.
fn opposed_on(
    conn: &mut DbConnection,
    submission_ids: &[i64],
) -> QueryResult<Vec<store::Preference>> {
    submission_preferences::table
        .filter(submission_preferences::submission_id.eq_any(submission_ids))
        .filter(submission_preferences::kind.eq_any([OPPOSED_EDITOR, OPPOSED_REVIEWER]))
        .order(submission_preferences::id)
        .select(store::Preference::as_select())
        .load(conn)
}

/// Competing interests declared on these submissions: (submission, person, reason).
fn declared_on(
    conn: &mut DbConnection,
    submission_ids: &[i64],
) -> QueryResult<Vec<(i64, i64, String)>> {
    submission_conflicts::table
        .filter(submission_conflicts::submission_id.eq_any(submission_ids))
        .order(submission_conflicts::id)
        .select((
            submission_conflicts::submission_id,
            submission_conflicts::person_id,
            submission_conflicts::reason,
        ))
        .load(conn)
}

/// The accounts of the authors who have one, each once.
fn author_accounts(conn: &mut DbConnection, authors: &[store::Author]) -> QueryResult<Vec<Person>> {
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
    Ok(accounts)
}

fn submission_author(a: store::Author, profile: Option<PersonProfile>) -> SubmissionAuthor {
    SubmissionAuthor {
        person_id: a.person_id,
        name: a.name,
        email: a.email,
        affiliation: a.affiliation,
        orcid: a.orcid,
        profile,
    }
}

fn opposed_person(p: store::Preference) -> OpposedPerson {
    let role = match p.kind.as_str() {
        OPPOSED_EDITOR => OpposedRole::Editor,
        _ => OpposedRole::Reviewer,
    };
    OpposedPerson {
        name: p.name,
        email: (!p.email.is_empty()).then_some(p.email),
        reason: p.reason,
        role,
    }
}
