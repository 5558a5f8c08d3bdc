//! What each person's expertise is made of (`domain::expertise`), read in a fixed number of
//! queries for everyone at once, and the keywords a person chooses on their profile.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{
    cache_generations, people, publications, published_articles, review_invitations,
    submission_authors, submissions,
};
use super::{DbConnection, now};
use crate::domain::expertise::{ExpertiseDoc, Reviewed};
use crate::domain::review::InvitationStatus;

/// The `expertise` token (migration 23): it moves in every transaction that writes what the
/// documents are made of. Read it before the documents.
pub fn generation(conn: &mut DbConnection) -> QueryResult<i64> {
    cache_generations::table
        .select(cache_generations::expertise)
        .first(conn)
}

/// Every person's expertise document, for those who agreed to review (they accepted an
/// invitation here before, or listed expertise keywords on their profile) and for the
/// authors of published articles; nobody else is read further.
pub fn documents(conn: &mut DbConnection) -> QueryResult<Vec<ExpertiseDoc>> {
    let mut docs: HashMap<i64, ExpertiseDoc> = HashMap::new();
    let with_keywords: Vec<(i64, String)> = people::table
        .filter(people::expertise_keywords.ne(""))
        .select((people::id, people::expertise_keywords))
        .load(conn)?;
    for (id, text) in with_keywords {
        let d = doc(&mut docs, id);
        d.willing = true;
        d.keywords = text.lines().map(str::to_owned).collect();
    }
    let taken_on: Vec<i64> = review_invitations::table
        .filter(review_invitations::status.eq_any([
            InvitationStatus::Accepted.as_str(),
            InvitationStatus::Submitted.as_str(),
        ]))
        .select(review_invitations::reviewer_id)
        .distinct()
        .load(conn)?;
    for id in taken_on {
        doc(&mut docs, id).willing = true;
    }
    let published: Vec<(i64, i64, String, String)> = published_articles::table
        .inner_join(
            submissions::table.on(published_articles::submission_id.eq(submissions::id.nullable())),
        )
        .inner_join(
            submission_authors::table.on(submission_authors::submission_id.eq(submissions::id)),
        )
        .filter(published_articles::kind.eq(super::published::ARTICLE))
        .filter(submission_authors::person_id.is_not_null())
        .select((
            submission_authors::person_id.assume_not_null(),
            published_articles::collection_id,
            submissions::title,
            submissions::keywords,
        ))
        .load(conn)?;
    for (id, collection, title, keywords) in published {
        let d = doc(&mut docs, id);
        if !d.published_in.contains(&collection) {
            d.published_in.push(collection);
        }
        d.papers.push(format!("{title}. {keywords}"));
    }
    let wanted: HashSet<i64> = docs.keys().copied().collect();
    add_reviewed(conn, &mut docs)?;
    add_publications(conn, &wanted, &mut docs)?;
    let mut out: Vec<ExpertiseDoc> = docs.into_values().collect();
    out.sort_by_key(|d| d.person_id);
    Ok(out)
}

fn doc(docs: &mut HashMap<i64, ExpertiseDoc>, id: i64) -> &mut ExpertiseDoc {
    docs.entry(id).or_insert_with(|| ExpertiseDoc {
        person_id: id,
        ..ExpertiseDoc::default()
    })
}

/// The manuscripts each of them submitted a review of: title and keywords (read once a
/// manuscript, shared by its reviewers), and collection.
fn add_reviewed(conn: &mut DbConnection, docs: &mut HashMap<i64, ExpertiseDoc>) -> QueryResult<()> {
    let reviewed: Vec<(i64, i64)> = review_invitations::table
        .filter(review_invitations::review_submitted_at.is_not_null())
        .order(review_invitations::id)
        .select((
            review_invitations::reviewer_id,
            review_invitations::submission_id,
        ))
        .load(conn)?;
    let wanted: HashSet<i64> = reviewed
        .iter()
        .filter(|(id, _)| docs.contains_key(id))
        .map(|(_, s)| *s)
        .collect();
    let rows: Vec<(i64, i64, String, String)> = submissions::table
        .select((
            submissions::id,
            submissions::collection_id,
            submissions::title,
            submissions::keywords,
        ))
        .load(conn)?;
    let texts: HashMap<i64, (i64, Arc<str>)> = rows
        .into_iter()
        .filter(|r| wanted.contains(&r.0))
        .map(|(id, collection, title, keywords)| {
            (id, (collection, Arc::from(format!("{title}. {keywords}"))))
        })
        .collect();
    for (id, submission_id) in reviewed {
        if let (Some(d), Some((collection_id, text))) =
            (docs.get_mut(&id), texts.get(&submission_id))
        {
            d.reviewed.push(Reviewed {
                submission_id,
                collection_id: *collection_id,
                text: text.clone(),
            });
        }
    }
    Ok(())
}

/// The publications they list on their profile.
fn add_publications(
    conn: &mut DbConnection,
    wanted: &HashSet<i64>,
    docs: &mut HashMap<i64, ExpertiseDoc>,
) -> QueryResult<()> {
    let listed: Vec<(i64, String)> = publications::table
        .order(publications::id)
        .select((publications::person_id, publications::title))
        .load(conn)?;
    for (id, title) in listed {
        if wanted.contains(&id)
            && let Some(d) = docs.get_mut(&id)
        {
            d.papers.push(title);
        }
    }
    Ok(())
}

/// A person's expertise keywords (one a line) and when they last changed them.
pub fn keywords_of(
    conn: &mut DbConnection,
    person_id: i64,
) -> QueryResult<(Vec<String>, Option<NaiveDateTime>)> {
    let (text, at): (String, Option<NaiveDateTime>) = people::table
        .find(person_id)
        .select((people::expertise_keywords, people::expertise_updated_at))
        .first(conn)?;
    Ok((text.lines().map(str::to_owned).collect(), at))
}

/// Replaces a person's expertise keywords.
pub fn set_keywords(
    conn: &mut DbConnection,
    person_id: i64,
    keywords: &[String],
) -> QueryResult<()> {
    diesel::update(people::table.find(person_id))
        .set((
            people::expertise_keywords.eq(keywords.join("\n")),
            people::expertise_updated_at.eq(Some(now())),
        ))
        .execute(conn)?;
    Ok(())
}
