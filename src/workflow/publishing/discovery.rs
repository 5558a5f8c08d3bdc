//! The public record for feed readers and crawlers: the Atom feeds (one per collection, one
//! for the site) and the pages the sitemap lists. Both start from `db::published::public_rows`,
//! so an unpublished manuscript is never in them, and each entry is the article page's own
//! record (`article_view`), which finds nothing unpublished either.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::QueryResult;

use crate::db::DbConnection;
use crate::db::collections::{self, Collection, Journal};
use crate::db::published::{self as store, PublishedArticle};
use crate::domain::metadata::{self, ArticleMeta, FeedMeta};

use super::article_path;
use super::public::{article_meta, article_view};

/// How many entries a feed carries: the newest, as feed readers poll for what is new.
pub const FEED_LENGTH: usize = 50;

/// The public page of a collection.
pub fn collection_path(slug: &str) -> String {
    format!("/collections/{slug}")
}

/// The Atom feed of a collection (`None` when there is no such collection).
pub fn collection_feed(
    conn: &mut DbConnection,
    slug: &str,
    base_url: &str,
) -> QueryResult<Option<String>> {
    let Some(c) = collections::find_collection_by_slug(conn, slug)? else {
        return Ok(None);
    };
    let Some(j) = collections::find_journal(conn, c.journal_id)? else {
        return Ok(None);
    };
    let rows: Vec<PublishedArticle> = store::public_rows(conn)?
        .into_iter()
        .filter(|a| a.collection_id == c.id)
        .collect();
    let page = format!("{base_url}{}", collection_path(&c.slug));
    let feed = FeedMeta {
        title: format!("{} — {}", c.title, j.name),
        subtitle: format!(
            "Research articles and corrections published in the {} collection of {}.",
            c.title, j.name
        ),
        self_url: format!("{page}/feed.atom"),
        page_url: page,
        author: j.name.clone(),
        quiet_since: c.updated_at.date(),
    };
    Ok(Some(metadata::atom_feed(
        &feed,
        &newest(conn, rows, base_url)?,
    )))
}

/// The Atom feed of every collection's published articles and corrections.
pub fn site_feed(conn: &mut DbConnection, base_url: &str, site_name: &str) -> QueryResult<String> {
    let all = collections::list_collections(conn)?;
    let quiet_since = all
        .iter()
        .map(|(c, _)| c.updated_at.date())
        .max()
        .unwrap_or_else(|| crate::db::now().date());
    let mut journals: Vec<&str> = all.iter().map(|(_, j)| j.name.as_str()).collect();
    journals.sort_unstable();
    journals.dedup();
    let feed = FeedMeta {
        title: format!("Published articles — {site_name}"),
        subtitle: "Research articles and corrections published in every collection.".into(),
        self_url: format!("{base_url}/feed.atom"),
        page_url: format!("{base_url}/"),
        author: if journals.is_empty() {
            site_name.to_owned()
        } else {
            journals.join(", ")
        },
        quiet_since,
    };
    let rows = store::public_rows(conn)?;
    Ok(metadata::atom_feed(&feed, &newest(conn, rows, base_url)?))
}

/// The newest [`FEED_LENGTH`] of `rows`, newest first, as their pages describe them.
fn newest(
    conn: &mut DbConnection,
    mut rows: Vec<PublishedArticle>,
    base_url: &str,
) -> QueryResult<Vec<ArticleMeta>> {
    rows.sort_by_key(|a| std::cmp::Reverse((a.published_on, a.id)));
    let mut out = Vec::new();
    for a in rows.into_iter().take(FEED_LENGTH) {
        if let Some(view) = article_view(conn, a.id)? {
            out.push(article_meta(&view, base_url));
        }
    }
    Ok(out)
}

/// Every public page, with the day it last changed: the home page, each collection's page
/// (its details, or its latest article or correction), and each published article and
/// correction (its publication, or its latest correction).
pub fn sitemap_pages(
    conn: &mut DbConnection,
    base_url: &str,
) -> QueryResult<Vec<(String, NaiveDate)>> {
    let rows = store::public_rows(conn)?;
    let mut changed: HashMap<i64, NaiveDate> = HashMap::new();
    for a in &rows {
        let day = changed.entry(a.id).or_insert(a.published_on);
        *day = (*day).max(a.published_on);
        if let Some(corrected) = a.corrects_id {
            let day = changed.entry(corrected).or_insert(a.published_on);
            *day = (*day).max(a.published_on);
        }
    }
    let mut collection_changed: HashMap<i64, NaiveDate> = HashMap::new();
    for a in &rows {
        let day = collection_changed
            .entry(a.collection_id)
            .or_insert(a.published_on);
        *day = (*day).max(a.published_on);
    }
    let collections: Vec<(Collection, Journal)> = collections::list_collections(conn)?;
    let mut pages: Vec<(String, NaiveDate)> = Vec::new();
    for (c, _) in &collections {
        let day = collection_changed
            .get(&c.id)
            .map_or(c.updated_at.date(), |d| (*d).max(c.updated_at.date()));
        pages.push((format!("{base_url}{}", collection_path(&c.slug)), day));
    }
    let home = pages
        .iter()
        .map(|(_, d)| *d)
        .max()
        .unwrap_or_else(|| crate::db::now().date());
    pages.insert(0, (format!("{base_url}/"), home));
    for a in &rows {
        let day = changed.get(&a.id).copied().unwrap_or(a.published_on);
        pages.push((format!("{base_url}{}", article_path(a.id)), day));
    }
    Ok(pages)
}
