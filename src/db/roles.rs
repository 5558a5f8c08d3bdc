//! Who holds which role, and where.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::accounts::Person;
use super::schema::{collections, journals, people, roles};
use super::{DbConnection, now};
use crate::domain::Role;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = roles)]
pub struct RoleGrant {
    pub id: i64,
    pub person_id: i64,
    pub role: String,
    pub journal_id: Option<i64>,
    pub collection_id: Option<i64>,
    pub granted_by: Option<i64>,
    pub granted_at: NaiveDateTime,
}

impl RoleGrant {
    /// The role, or `None` for a value this version does not know (never fatal).
    pub fn kind(&self) -> Option<Role> {
        self.role.parse().ok()
    }
}

/// A grant with the names needed to show it.
pub struct RoleListing {
    pub grant: RoleGrant,
    pub person: Person,
    pub scope_name: String,
}

pub fn roles_of(conn: &mut DbConnection, person_id: i64) -> QueryResult<Vec<RoleGrant>> {
    roles::table
        .filter(roles::person_id.eq(person_id))
        .order(roles::id)
        .select(RoleGrant::as_select())
        .load(conn)
}

/// The roles a person holds, as the permissions module reads them (grants of a role this
/// version does not know are left out).
pub fn held_roles(
    conn: &mut DbConnection,
    person_id: i64,
) -> QueryResult<Vec<crate::domain::permissions::HeldRole>> {
    Ok(roles_of(conn, person_id)?
        .into_iter()
        .filter_map(|g| {
            g.kind().map(|role| crate::domain::permissions::HeldRole {
                role,
                journal_id: g.journal_id,
                collection_id: g.collection_id,
            })
        })
        .collect())
}

pub fn find_grant(conn: &mut DbConnection, id: i64) -> QueryResult<Option<RoleGrant>> {
    roles::table
        .find(id)
        .select(RoleGrant::as_select())
        .first(conn)
        .optional()
}

/// Grants a role; returns `None` when the person already holds it there.
pub fn grant(
    conn: &mut DbConnection,
    person_id: i64,
    role: Role,
    journal_id: Option<i64>,
    collection_id: Option<i64>,
    granted_by: Option<i64>,
) -> QueryResult<Option<RoleGrant>> {
    let mut existing = roles::table
        .filter(roles::person_id.eq(person_id))
        .filter(roles::role.eq(role.as_str()))
        .into_boxed();
    existing = match journal_id {
        Some(j) => existing.filter(roles::journal_id.eq(j)),
        None => existing.filter(roles::journal_id.is_null()),
    };
    existing = match collection_id {
        Some(c) => existing.filter(roles::collection_id.eq(c)),
        None => existing.filter(roles::collection_id.is_null()),
    };
    if existing.count().get_result::<i64>(conn)? > 0 {
        return Ok(None);
    }
    diesel::insert_into(roles::table)
        .values((
            roles::person_id.eq(person_id),
            roles::role.eq(role.as_str()),
            roles::journal_id.eq(journal_id),
            roles::collection_id.eq(collection_id),
            roles::granted_by.eq(granted_by),
            roles::granted_at.eq(now()),
        ))
        .returning(roles::all_columns)
        .get_result(conn)
        .map(Some)
}

pub fn revoke(conn: &mut DbConnection, grant_id: i64) -> QueryResult<usize> {
    diesel::delete(roles::table.find(grant_id)).execute(conn)
}

/// Every grant with its person and the name of the journal or collection it applies to.
pub fn list_all(conn: &mut DbConnection) -> QueryResult<Vec<RoleListing>> {
    let rows: Vec<(RoleGrant, Person, Option<String>, Option<String>)> = roles::table
        .inner_join(people::table.on(people::id.eq(roles::person_id)))
        .left_join(journals::table.on(journals::id.nullable().eq(roles::journal_id)))
        .left_join(collections::table.on(collections::id.nullable().eq(roles::collection_id)))
        .order((people::name, roles::id))
        .select((
            RoleGrant::as_select(),
            Person::as_select(),
            journals::name.nullable(),
            collections::title.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(grant, person, journal, collection)| RoleListing {
            grant,
            person,
            scope_name: collection
                .or(journal)
                .unwrap_or_else(|| "Whole site".to_owned()),
        })
        .collect())
}

/// How many site administrators exist (the last one cannot be removed).
pub fn count_admins(conn: &mut DbConnection) -> QueryResult<i64> {
    roles::table
        .filter(roles::role.eq("admin"))
        .count()
        .get_result(conn)
}
