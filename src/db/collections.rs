//! Journals and their collections: the records behind the public pages.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::accounts::Person;
use super::schema::{
    collection_article_types, collection_checklist, collection_topics, collections, journals,
    people, roles,
};
use super::{DbConnection, now};
use crate::domain::collection::{Blinding, CollectionFields};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = journals)]
pub struct Journal {
    pub id: i64,
    pub name: String,
    pub first_volume_year: i32,
    pub doi_prefix: String,
    pub created_at: NaiveDateTime,
    /// The electronic ISSN, for the metadata exports; empty when unknown.
    pub issn: String,
    pub publisher: String,
    /// The DOI of its Crossmark policy page; empty when it has none (no Crossmark then).
    pub crossmark_policy: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = collections)]
pub struct Collection {
    pub id: i64,
    pub journal_id: i64,
    pub slug: String,
    pub title: String,
    pub manuscript_prefix: String,
    pub summary: String,
    pub definition: String,
    pub about: String,
    pub guidelines: String,
    pub article_type_policy: String,
    pub competing_interests_statement: String,
    pub opens_on: NaiveDate,
    pub closes_on: Option<NaiveDate>,
    pub blinding: String,
    pub review_due_days: i32,
    pub abstract_word_limit: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Review waits until every co-author has confirmed their authorship.
    pub require_author_confirmation: bool,
    /// The SPDX code of the licence its articles are published under from now on.
    pub licence: String,
    /// The thank-you after a decision quotes the other reviewers' comments to the authors.
    pub share_reviews_with_reviewers: bool,
    /// Its handling editors' decisions are recommendations, confirmed before the letter goes
    /// out (issue 28 part 4; `crate::domain::decision::needs_confirmation`).
    pub decisions_confirmed: bool,
}

impl Collection {
    /// The licence its articles are published under from now on.
    pub fn licence(&self) -> crate::domain::licence::Licence {
        crate::domain::licence::Licence::from_stored(&self.licence)
    }

    /// Open for submissions on `today`: after it opens and not after it closes.
    pub fn is_open_on(&self, today: NaiveDate) -> bool {
        self.opens_on <= today && self.closes_on.is_none_or(|c| today <= c)
    }
}

/// Everything the public collection page shows.
pub struct CollectionDetails {
    pub collection: Collection,
    pub journal: Journal,
    pub topics: Vec<String>,
    pub article_types: Vec<String>,
    pub checklist: Vec<String>,
    pub guest_editors: Vec<Person>,
}

pub fn list_journals(conn: &mut DbConnection) -> QueryResult<Vec<Journal>> {
    journals::table
        .order(journals::name)
        .select(Journal::as_select())
        .load(conn)
}

pub fn find_journal(conn: &mut DbConnection, id: i64) -> QueryResult<Option<Journal>> {
    journals::table
        .find(id)
        .select(Journal::as_select())
        .first(conn)
        .optional()
}

pub fn find_journal_by_name(conn: &mut DbConnection, name: &str) -> QueryResult<Option<Journal>> {
    journals::table
        .filter(journals::name.eq(name))
        .select(Journal::as_select())
        .first(conn)
        .optional()
}

pub fn insert_journal(
    conn: &mut DbConnection,
    name: &str,
    first_volume_year: i32,
    doi_prefix: &str,
) -> QueryResult<Journal> {
    diesel::insert_into(journals::table)
        .values((
            journals::name.eq(name),
            journals::first_volume_year.eq(first_volume_year),
            journals::doi_prefix.eq(doi_prefix),
            journals::created_at.eq(now()),
        ))
        .returning(journals::all_columns)
        .get_result(conn)
}

/// Sets what the metadata exports say about a journal: its ISSN and publisher.
pub fn set_journal_identity(
    conn: &mut DbConnection,
    id: i64,
    issn: &str,
    publisher: &str,
) -> QueryResult<Journal> {
    diesel::update(journals::table.find(id))
        .set((journals::issn.eq(issn), journals::publisher.eq(publisher)))
        .returning(journals::all_columns)
        .get_result(conn)
}

/// Sets the DOI of a journal's Crossmark policy page.
pub fn set_crossmark_policy(
    conn: &mut DbConnection,
    id: i64,
    policy: &str,
) -> QueryResult<Journal> {
    diesel::update(journals::table.find(id))
        .set(journals::crossmark_policy.eq(policy))
        .returning(journals::all_columns)
        .get_result(conn)
}

/// Every collection with its journal, newest first.
pub fn list_collections(conn: &mut DbConnection) -> QueryResult<Vec<(Collection, Journal)>> {
    collections::table
        .inner_join(journals::table)
        .order((collections::opens_on.desc(), collections::id.desc()))
        .select((Collection::as_select(), Journal::as_select()))
        .load(conn)
}

pub fn find_collection(conn: &mut DbConnection, id: i64) -> QueryResult<Option<Collection>> {
    collections::table
        .find(id)
        .select(Collection::as_select())
        .first(conn)
        .optional()
}

pub fn find_collection_by_slug(
    conn: &mut DbConnection,
    slug: &str,
) -> QueryResult<Option<Collection>> {
    collections::table
        .filter(collections::slug.eq(slug))
        .select(Collection::as_select())
        .first(conn)
        .optional()
}

/// The collection's submission checklist, in order (empty when it has none).
pub fn checklist_of(conn: &mut DbConnection, collection_id: i64) -> QueryResult<Vec<String>> {
    collection_checklist::table
        .filter(collection_checklist::collection_id.eq(collection_id))
        .order(collection_checklist::position)
        .select(collection_checklist::statement)
        .load(conn)
}

pub fn topics_of(conn: &mut DbConnection, collection_id: i64) -> QueryResult<Vec<String>> {
    collection_topics::table
        .filter(collection_topics::collection_id.eq(collection_id))
        .order(collection_topics::position)
        .select(collection_topics::name)
        .load(conn)
}

/// Every collection's topics, each once, in the collections' order: what a person may
/// tick as their expertise on their profile.
pub fn all_topics(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    let rows: Vec<String> = collection_topics::table
        .order((
            collection_topics::collection_id,
            collection_topics::position,
        ))
        .select(collection_topics::name)
        .load(conn)?;
    let mut out: Vec<String> = Vec::new();
    for t in rows {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    Ok(out)
}

pub fn article_types_of(conn: &mut DbConnection, collection_id: i64) -> QueryResult<Vec<String>> {
    collection_article_types::table
        .filter(collection_article_types::collection_id.eq(collection_id))
        .order(collection_article_types::id)
        .select(collection_article_types::article_type)
        .load(conn)
}

/// The collection's Guest Editors, in the order they were appointed.
pub fn guest_editors_of(conn: &mut DbConnection, collection_id: i64) -> QueryResult<Vec<Person>> {
    roles::table
        .inner_join(people::table.on(people::id.eq(roles::person_id)))
        .filter(roles::role.eq("guest_editor"))
        .filter(roles::collection_id.eq(collection_id))
        .order(roles::id)
        .select(Person::as_select())
        .load(conn)
}

/// Whether a collection is guest-edited: it has a Guest Editor appointed (as its public
/// page lists them). Where review rings are known to work (issue 27).
pub fn is_guest_edited(conn: &mut DbConnection, collection_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        roles::table
            .filter(roles::role.eq("guest_editor"))
            .filter(roles::collection_id.eq(collection_id)),
    ))
    .get_result(conn)
}

pub fn details(conn: &mut DbConnection, collection: Collection) -> QueryResult<CollectionDetails> {
    let journal = journals::table
        .find(collection.journal_id)
        .select(Journal::as_select())
        .first(conn)?;
    let topics = topics_of(conn, collection.id)?;
    let article_types = article_types_of(conn, collection.id)?;
    let checklist = checklist_of(conn, collection.id)?;
    let guest_editors = guest_editors_of(conn, collection.id)?;
    Ok(CollectionDetails {
        collection,
        journal,
        topics,
        article_types,
        checklist,
        guest_editors,
    })
}

pub fn slug_taken(
    conn: &mut DbConnection,
    slug: &str,
    except_id: Option<i64>,
) -> QueryResult<bool> {
    let mut q = collections::table
        .filter(collections::slug.eq(slug))
        .into_boxed();
    if let Some(id) = except_id {
        q = q.filter(collections::id.ne(id));
    }
    Ok(q.count().get_result::<i64>(conn)? > 0)
}

/// The columns a collection's form writes, named once for its insert and its update.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = collections)]
#[diesel(treat_none_as_default_value = false, treat_none_as_null = true)]
struct CollectionRecord<'a> {
    slug: &'a str,
    title: &'a str,
    manuscript_prefix: &'a str,
    summary: &'a str,
    definition: &'a str,
    about: &'a str,
    guidelines: &'a str,
    article_type_policy: &'a str,
    competing_interests_statement: &'a str,
    opens_on: NaiveDate,
    closes_on: Option<NaiveDate>,
    blinding: &'a str,
    review_due_days: i32,
    abstract_word_limit: i32,
    require_author_confirmation: bool,
    licence: &'a str,
    share_reviews_with_reviewers: bool,
    decisions_confirmed: bool,
    updated_at: NaiveDateTime,
}

impl<'a> CollectionRecord<'a> {
    fn of(f: &'a CollectionFields, updated_at: NaiveDateTime) -> Self {
        CollectionRecord {
            slug: &f.slug,
            title: &f.title,
            manuscript_prefix: &f.manuscript_prefix,
            summary: &f.summary,
            definition: &f.definition,
            about: &f.about,
            guidelines: &f.guidelines,
            article_type_policy: &f.article_type_policy,
            competing_interests_statement: &f.competing_interests_statement,
            opens_on: f.opens_on,
            closes_on: f.closes_on,
            blinding: f.blinding.as_str(),
            review_due_days: f.review_due_days,
            abstract_word_limit: f.abstract_word_limit,
            require_author_confirmation: f.require_author_confirmation,
            licence: f.licence.code(),
            share_reviews_with_reviewers: f.share_reviews_with_reviewers,
            decisions_confirmed: f.decisions_confirmed,
            updated_at,
        }
    }
}

/// Inserts a collection with its topics and accepted article types. Call inside a transaction.
pub fn insert_collection(
    conn: &mut DbConnection,
    journal_id: i64,
    f: &CollectionFields,
) -> QueryResult<Collection> {
    let at = now();
    let collection: Collection = diesel::insert_into(collections::table)
        .values((
            collections::journal_id.eq(journal_id),
            CollectionRecord::of(f, at),
            collections::created_at.eq(at),
        ))
        .returning(collections::all_columns)
        .get_result(conn)?;
    replace_lists(conn, collection.id, f)?;
    Ok(collection)
}

/// Updates a collection's record, topics and article types. Call inside a transaction.
pub fn update_collection(
    conn: &mut DbConnection,
    id: i64,
    f: &CollectionFields,
) -> QueryResult<Collection> {
    let collection: Collection = diesel::update(collections::table.find(id))
        .set(CollectionRecord::of(f, now()))
        .returning(collections::all_columns)
        .get_result(conn)?;
    replace_lists(conn, id, f)?;
    Ok(collection)
}

fn replace_lists(
    conn: &mut DbConnection,
    collection_id: i64,
    f: &CollectionFields,
) -> QueryResult<()> {
    diesel::delete(
        collection_topics::table.filter(collection_topics::collection_id.eq(collection_id)),
    )
    .execute(conn)?;
    for (position, name) in f.topics.iter().enumerate() {
        diesel::insert_into(collection_topics::table)
            .values((
                collection_topics::collection_id.eq(collection_id),
                collection_topics::position.eq(position as i32),
                collection_topics::name.eq(name),
            ))
            .execute(conn)?;
    }
    diesel::delete(
        collection_article_types::table
            .filter(collection_article_types::collection_id.eq(collection_id)),
    )
    .execute(conn)?;
    for article_type in &f.article_types {
        diesel::insert_into(collection_article_types::table)
            .values((
                collection_article_types::collection_id.eq(collection_id),
                collection_article_types::article_type.eq(article_type),
            ))
            .execute(conn)?;
    }
    diesel::delete(
        collection_checklist::table.filter(collection_checklist::collection_id.eq(collection_id)),
    )
    .execute(conn)?;
    for (position, statement) in f.checklist.iter().enumerate() {
        diesel::insert_into(collection_checklist::table)
            .values((
                collection_checklist::collection_id.eq(collection_id),
                collection_checklist::position.eq(position as i32),
                collection_checklist::statement.eq(statement),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The collection, its journal's name and whether reviewers see author names.
pub fn setting_of(
    conn: &mut DbConnection,
    s: &super::submissions::Submission,
) -> QueryResult<(Collection, String, bool)> {
    let c = find_collection(conn, s.collection_id)?.ok_or(diesel::result::Error::NotFound)?;
    let journal = find_journal(conn, c.journal_id)?
        .map(|j| j.name)
        .unwrap_or_default();
    let double_blind = Blinding::parse(&c.blinding) == Ok(Blinding::Double);
    Ok((c, journal, double_blind))
}
