//! Writing a person's conflict profile ("My profile"): extra e-mail addresses, affiliation
//! history, listed publications and declared conflicts. `profiles` reads the same tables for
//! the conflict checks; this module lists them with their ids and changes them.
//!
//! Every function that changes or removes a row takes the owner's id and filters on it, so a
//! crafted id of someone else's row matches nothing.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{
    affiliations, declared_conflicts, people, person_emails, publication_coauthors, publications,
};
use super::{DbConnection, now};
use crate::domain::conflicts::{CoauthorRef, DeclaredKind, Publication};

// ---- E-mail addresses ---------------------------------------------------------------------

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = person_emails)]
pub struct ExtraEmail {
    pub id: i64,
    pub person_id: i64,
    pub email: String,
    pub confirmed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// A person's extra addresses, confirmed or waiting for confirmation, oldest first.
pub fn extra_emails(conn: &mut DbConnection, person_id: i64) -> QueryResult<Vec<ExtraEmail>> {
    person_emails::table
        .filter(person_emails::person_id.eq(person_id))
        .order(person_emails::id)
        .select(ExtraEmail::as_select())
        .load(conn)
}

pub fn find_extra_email(conn: &mut DbConnection, id: i64) -> QueryResult<Option<ExtraEmail>> {
    person_emails::table
        .find(id)
        .select(ExtraEmail::as_select())
        .first(conn)
        .optional()
}

/// Who already uses an address, as seen by `person_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressHolder {
    Nobody,
    /// The person's own primary address.
    OwnPrimary,
    /// Already among the person's extra addresses.
    OwnExtra,
    /// Someone else: their primary address, or an extra one (confirmed or still pending).
    SomeoneElse,
}

pub fn address_holder(
    conn: &mut DbConnection,
    person_id: i64,
    email: &str,
) -> QueryResult<AddressHolder> {
    let primary: Option<i64> = people::table
        .filter(people::email.eq(email))
        .select(people::id)
        .first(conn)
        .optional()?;
    match primary {
        Some(id) if id == person_id => return Ok(AddressHolder::OwnPrimary),
        Some(_) => return Ok(AddressHolder::SomeoneElse),
        None => {}
    }
    let extra: Option<i64> = person_emails::table
        .filter(person_emails::email.eq(email))
        .select(person_emails::person_id)
        .first(conn)
        .optional()?;
    Ok(match extra {
        None => AddressHolder::Nobody,
        Some(id) if id == person_id => AddressHolder::OwnExtra,
        Some(_) => AddressHolder::SomeoneElse,
    })
}

/// Forgets an unconfirmed claim on an address made before `before` (its link has expired),
/// so nobody can hold an address they never confirmed.
pub fn release_stale_claim(
    conn: &mut DbConnection,
    email: &str,
    before: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(
        person_emails::table
            .filter(person_emails::email.eq(email))
            .filter(person_emails::confirmed_at.is_null())
            .filter(person_emails::created_at.lt(before)),
    )
    .execute(conn)
}

/// How many addresses of a person still wait for confirmation.
pub fn count_pending(conn: &mut DbConnection, person_id: i64) -> QueryResult<i64> {
    person_emails::table
        .filter(person_emails::person_id.eq(person_id))
        .filter(person_emails::confirmed_at.is_null())
        .count()
        .get_result(conn)
}

pub fn count_extra(conn: &mut DbConnection, person_id: i64) -> QueryResult<i64> {
    person_emails::table
        .filter(person_emails::person_id.eq(person_id))
        .count()
        .get_result(conn)
}

/// Adds an unconfirmed address; returns its id.
pub fn insert_extra_email(
    conn: &mut DbConnection,
    person_id: i64,
    email: &str,
) -> QueryResult<i64> {
    diesel::insert_into(person_emails::table)
        .values((
            person_emails::person_id.eq(person_id),
            person_emails::email.eq(email),
            person_emails::created_at.eq(now()),
        ))
        .returning(person_emails::id)
        .get_result(conn)
}

/// Confirms an address once; 0 when it was already confirmed or is gone.
pub fn confirm_extra_email(conn: &mut DbConnection, id: i64, person_id: i64) -> QueryResult<usize> {
    diesel::update(
        person_emails::table
            .find(id)
            .filter(person_emails::person_id.eq(person_id))
            .filter(person_emails::confirmed_at.is_null()),
    )
    .set(person_emails::confirmed_at.eq(now()))
    .execute(conn)
}

/// Removes one of the person's extra addresses; returns the address removed.
pub fn delete_extra_email(
    conn: &mut DbConnection,
    person_id: i64,
    id: i64,
) -> QueryResult<Option<String>> {
    diesel::delete(
        person_emails::table
            .find(id)
            .filter(person_emails::person_id.eq(person_id)),
    )
    .returning(person_emails::email)
    .get_result(conn)
    .optional()
}

// ---- Affiliation history ------------------------------------------------------------------

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = affiliations)]
pub struct AffiliationRow {
    pub id: i64,
    pub institution: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
}

/// The history, current and most recent first.
pub fn affiliations_of(
    conn: &mut DbConnection,
    person_id: i64,
) -> QueryResult<Vec<AffiliationRow>> {
    let mut rows: Vec<AffiliationRow> = affiliations::table
        .filter(affiliations::person_id.eq(person_id))
        .order(affiliations::id)
        .select(AffiliationRow::as_select())
        .load(conn)?;
    // Open ends first, then by end and start date, newest first (sorted here: the two
    // backends order NULLs differently).
    rows.sort_by(|a, b| {
        let key = |r: &AffiliationRow| (r.ends_on.is_none(), r.ends_on, r.starts_on);
        key(b).cmp(&key(a))
    });
    Ok(rows)
}

/// Whether the person already lists exactly this affiliation (a second press of "Add").
pub fn affiliation_listed(
    conn: &mut DbConnection,
    person_id: i64,
    institution: &str,
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
) -> QueryResult<bool> {
    Ok(affiliations_of(conn, person_id)?
        .iter()
        .any(|r| r.institution == institution && r.starts_on == starts_on && r.ends_on == ends_on))
}

pub fn insert_affiliation(
    conn: &mut DbConnection,
    person_id: i64,
    institution: &str,
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
) -> QueryResult<i64> {
    diesel::insert_into(affiliations::table)
        .values((
            affiliations::person_id.eq(person_id),
            affiliations::institution.eq(institution),
            affiliations::starts_on.eq(starts_on),
            affiliations::ends_on.eq(ends_on),
        ))
        .returning(affiliations::id)
        .get_result(conn)
}

/// Removes one of the person's affiliations; returns the institution removed.
pub fn delete_affiliation(
    conn: &mut DbConnection,
    person_id: i64,
    id: i64,
) -> QueryResult<Option<String>> {
    diesel::delete(
        affiliations::table
            .find(id)
            .filter(affiliations::person_id.eq(person_id)),
    )
    .returning(affiliations::institution)
    .get_result(conn)
    .optional()
}

// ---- Publications -------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub struct PublicationRow {
    pub id: i64,
    pub title: String,
    pub year: i32,
    pub coauthors: Vec<CoauthorRef>,
}

/// The person's listed publications, newest first, with their co-authors in order.
pub fn publications_of(
    conn: &mut DbConnection,
    person_id: i64,
) -> QueryResult<Vec<PublicationRow>> {
    let listed: Vec<(i64, String, i32)> = publications::table
        .filter(publications::person_id.eq(person_id))
        .order((publications::year.desc(), publications::id.desc()))
        .select((publications::id, publications::title, publications::year))
        .load(conn)?;
    let ids: Vec<i64> = listed.iter().map(|(id, _, _)| *id).collect();
    let mut coauthors = super::profiles::coauthors_of_publications(conn, &ids)?;
    Ok(listed
        .into_iter()
        .map(|(id, title, year)| PublicationRow {
            id,
            title,
            year,
            coauthors: coauthors.remove(&id).unwrap_or_default(),
        })
        .collect())
}

/// (title, year) of every listed publication, to skip ones already there on import.
pub fn publication_keys(
    conn: &mut DbConnection,
    person_id: i64,
) -> QueryResult<Vec<(String, i32)>> {
    publications::table
        .filter(publications::person_id.eq(person_id))
        .select((publications::title, publications::year))
        .load(conn)
}

pub fn insert_publication(
    conn: &mut DbConnection,
    person_id: i64,
    publication: &Publication,
) -> QueryResult<i64> {
    let id: i64 = diesel::insert_into(publications::table)
        .values((
            publications::person_id.eq(person_id),
            publications::title.eq(&publication.title),
            publications::year.eq(publication.year),
        ))
        .returning(publications::id)
        .get_result(conn)?;
    for c in &publication.coauthors {
        diesel::insert_into(publication_coauthors::table)
            .values((
                publication_coauthors::publication_id.eq(id),
                publication_coauthors::name.eq(&c.name),
                publication_coauthors::email.eq(&c.email),
                publication_coauthors::orcid.eq(&c.orcid),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

/// Removes one of the person's publications with its co-authors; returns its title.
pub fn delete_publication(
    conn: &mut DbConnection,
    person_id: i64,
    id: i64,
) -> QueryResult<Option<String>> {
    let owned: Option<String> = publications::table
        .find(id)
        .filter(publications::person_id.eq(person_id))
        .select(publications::title)
        .first(conn)
        .optional()?;
    if owned.is_some() {
        diesel::delete(
            publication_coauthors::table.filter(publication_coauthors::publication_id.eq(id)),
        )
        .execute(conn)?;
        diesel::delete(
            publications::table
                .find(id)
                .filter(publications::person_id.eq(person_id)),
        )
        .execute(conn)?;
    }
    Ok(owned)
}

// ---- Declared conflicts -------------------------------------------------------------------

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = declared_conflicts)]
pub struct DeclaredRow {
    pub id: i64,
    /// "person" or "institution".
    pub target_kind: String,
    pub target_name: String,
    pub target_email: Option<String>,
    pub target_orcid: Option<String>,
    /// [`DeclaredKind::as_str`].
    pub kind: String,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub note: String,
    pub created_at: NaiveDateTime,
}

impl DeclaredRow {
    pub fn kind_label(&self) -> &'static str {
        DeclaredKind::parse(&self.kind)
            .unwrap_or(DeclaredKind::Other)
            .label()
    }

    pub fn is_institution(&self) -> bool {
        self.target_kind == "institution"
    }
}

/// A declared conflict to store, already validated.
#[derive(Debug, Clone)]
pub struct NewDeclared {
    pub institution: bool,
    pub name: String,
    pub email: Option<String>,
    pub orcid: Option<String>,
    pub kind: DeclaredKind,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub note: String,
}

pub fn declared_of(conn: &mut DbConnection, person_id: i64) -> QueryResult<Vec<DeclaredRow>> {
    declared_conflicts::table
        .filter(declared_conflicts::person_id.eq(person_id))
        .order(declared_conflicts::id)
        .select(DeclaredRow::as_select())
        .load(conn)
}

/// Whether the person already declared exactly this conflict (a second press of "Add").
pub fn declared_listed(
    conn: &mut DbConnection,
    person_id: i64,
    new: &NewDeclared,
) -> QueryResult<bool> {
    Ok(declared_of(conn, person_id)?.iter().any(|d| {
        d.is_institution() == new.institution
            && d.target_name == new.name
            && d.target_email == new.email
            && d.target_orcid == new.orcid
            && d.kind == new.kind.as_str()
            && d.since == new.since
            && d.until == new.until
            && d.note == new.note
    }))
}

pub fn insert_declared(
    conn: &mut DbConnection,
    person_id: i64,
    new: &NewDeclared,
) -> QueryResult<i64> {
    diesel::insert_into(declared_conflicts::table)
        .values((
            declared_conflicts::person_id.eq(person_id),
            declared_conflicts::target_kind.eq(if new.institution {
                "institution"
            } else {
                "person"
            }),
            declared_conflicts::target_name.eq(&new.name),
            declared_conflicts::target_email.eq(&new.email),
            declared_conflicts::target_orcid.eq(&new.orcid),
            declared_conflicts::kind.eq(new.kind.as_str()),
            declared_conflicts::since.eq(new.since),
            declared_conflicts::until.eq(new.until),
            declared_conflicts::note.eq(&new.note),
            declared_conflicts::created_at.eq(now()),
        ))
        .returning(declared_conflicts::id)
        .get_result(conn)
}

/// Removes one of the person's declared conflicts; returns whom it was with.
pub fn delete_declared(
    conn: &mut DbConnection,
    person_id: i64,
    id: i64,
) -> QueryResult<Option<String>> {
    diesel::delete(
        declared_conflicts::table
            .find(id)
            .filter(declared_conflicts::person_id.eq(person_id)),
    )
    .returning(declared_conflicts::target_name)
    .get_result(conn)
    .optional()
}
