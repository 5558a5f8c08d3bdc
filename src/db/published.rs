//! Published articles and corrections in storage: one row each, with its citation, DOI,
//! date and (for an article) the final PDF's place in the file store.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::published_articles as pa;
use super::{DbConnection, now};

pub const ARTICLE: &str = "article";
pub const CORRECTION: &str = "correction";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pa)]
pub struct PublishedArticle {
    pub id: i64,
    pub kind: String,
    pub submission_id: Option<i64>,
    pub corrects_id: Option<i64>,
    pub journal_id: i64,
    pub collection_id: i64,
    pub title: String,
    pub notice: String,
    pub year: i32,
    pub volume: i32,
    pub article_number: i32,
    pub doi: String,
    pub published_on: NaiveDate,
    pub published_by: Option<i64>,
    pub published_at: NaiveDateTime,
    pub pdf_sha256: Option<String>,
    pub pdf_size_bytes: Option<i64>,
    pub pdf_original_name: Option<String>,
    /// The SPDX code of the licence it was published under.
    pub licence: String,
}

impl PublishedArticle {
    pub fn is_correction(&self) -> bool {
        self.kind == CORRECTION
    }

    /// The licence it was published under.
    pub fn licence(&self) -> crate::domain::licence::Licence {
        crate::domain::licence::Licence::from_stored(&self.licence)
    }
}

/// A row to write. `submission_id` and the PDF are for articles, `corrects_id` for
/// corrections (the table's CHECK holds the two kinds apart).
pub struct NewPublished<'a> {
    pub kind: &'a str,
    pub submission_id: Option<i64>,
    pub corrects_id: Option<i64>,
    pub journal_id: i64,
    pub collection_id: i64,
    pub title: &'a str,
    pub notice: &'a str,
    pub year: i32,
    pub volume: i32,
    pub article_number: i32,
    pub doi: &'a str,
    pub published_on: NaiveDate,
    pub published_by: i64,
    pub pdf: Option<(&'a str, i64, &'a str)>,
    /// The SPDX code of its licence: the collection's, when it is published.
    pub licence: &'a str,
}

pub fn insert(conn: &mut DbConnection, n: &NewPublished<'_>) -> QueryResult<PublishedArticle> {
    diesel::insert_into(pa::table)
        .values((
            pa::kind.eq(n.kind),
            pa::submission_id.eq(n.submission_id),
            pa::corrects_id.eq(n.corrects_id),
            pa::journal_id.eq(n.journal_id),
            pa::collection_id.eq(n.collection_id),
            pa::title.eq(n.title),
            pa::notice.eq(n.notice),
            pa::year.eq(n.year),
            pa::volume.eq(n.volume),
            pa::article_number.eq(n.article_number),
            pa::doi.eq(n.doi),
            pa::published_on.eq(n.published_on),
            pa::published_by.eq(Some(n.published_by)),
            pa::published_at.eq(now()),
            pa::pdf_sha256.eq(n.pdf.map(|(sha, _, _)| sha)),
            pa::pdf_size_bytes.eq(n.pdf.map(|(_, size, _)| size)),
            pa::pdf_original_name.eq(n.pdf.map(|(_, _, name)| name)),
            pa::licence.eq(n.licence),
        ))
        .returning(pa::all_columns)
        .get_result(conn)
}

pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<PublishedArticle>> {
    pa::table
        .find(id)
        .select(PublishedArticle::as_select())
        .first(conn)
        .optional()
}

/// The article published from a submission, if it has been.
pub fn of_submission(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Option<PublishedArticle>> {
    pa::table
        .filter(pa::submission_id.eq(submission_id))
        .select(PublishedArticle::as_select())
        .first(conn)
        .optional()
}

/// The corrections to an article, oldest first.
pub fn corrections_of(
    conn: &mut DbConnection,
    article_id: i64,
) -> QueryResult<Vec<PublishedArticle>> {
    pa::table
        .filter(pa::corrects_id.eq(article_id))
        .order((pa::published_on.asc(), pa::id.asc()))
        .select(PublishedArticle::as_select())
        .load(conn)
}

/// A collection's published articles (not corrections), newest first.
pub fn articles_in_collection(
    conn: &mut DbConnection,
    collection_id: i64,
) -> QueryResult<Vec<PublishedArticle>> {
    pa::table
        .filter(pa::collection_id.eq(collection_id))
        .filter(pa::kind.eq(ARTICLE))
        .order((
            pa::published_on.desc(),
            pa::volume.desc(),
            pa::article_number.desc(),
        ))
        .select(PublishedArticle::as_select())
        .load(conn)
}

/// What the public pages may show: every article whose submission is published, and every
/// correction of one, oldest first (by publication date, then as published). The rule is
/// `domain::permissions::public_may_read`, asked again of each row the feeds show.
pub fn public_rows(conn: &mut DbConnection) -> QueryResult<Vec<PublishedArticle>> {
    use super::schema::submissions as s;
    let published = crate::domain::submission_state::SubmissionState::Published.as_str();
    let mut rows: Vec<PublishedArticle> = pa::table
        .inner_join(s::table.on(pa::submission_id.eq(s::id.nullable())))
        .filter(pa::kind.eq(ARTICLE))
        .filter(s::state.eq(published))
        .select(PublishedArticle::as_select())
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|a| a.id).collect();
    rows.extend(
        pa::table
            .filter(pa::kind.eq(CORRECTION))
            .filter(pa::corrects_id.eq_any(&ids))
            .select(PublishedArticle::as_select())
            .load(conn)?,
    );
    rows.sort_by_key(|a| (a.published_on, a.id));
    Ok(rows)
}

/// Articles and corrections of these journals published between `from` and `to` (both
/// included; open when `None`), in citation order.
pub fn of_journals(
    conn: &mut DbConnection,
    journal_ids: &[i64],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> QueryResult<Vec<PublishedArticle>> {
    let mut q = pa::table
        .filter(pa::journal_id.eq_any(journal_ids))
        .into_boxed();
    if let Some(from) = from {
        q = q.filter(pa::published_on.ge(from));
    }
    if let Some(to) = to {
        q = q.filter(pa::published_on.le(to));
    }
    q.order((pa::volume.asc(), pa::article_number.asc()))
        .select(PublishedArticle::as_select())
        .load(conn)
}

/// The next article number of a journal's volume: one past the highest used by an
/// article or a correction.
pub fn next_article_number(
    conn: &mut DbConnection,
    journal_id: i64,
    volume: i32,
) -> QueryResult<i32> {
    let highest: Option<i32> = pa::table
        .filter(pa::journal_id.eq(journal_id))
        .filter(pa::volume.eq(volume))
        .select(diesel::dsl::max(pa::article_number))
        .first(conn)?;
    Ok(highest.unwrap_or(0) + 1)
}

/// What already holds this citation or DOI: (the citation's holder, the DOI's holder).
pub fn holders(
    conn: &mut DbConnection,
    journal_id: i64,
    volume: i32,
    article_number: i32,
    doi: &str,
) -> QueryResult<(Option<PublishedArticle>, Option<PublishedArticle>)> {
    let by_number = pa::table
        .filter(pa::journal_id.eq(journal_id))
        .filter(pa::volume.eq(volume))
        .filter(pa::article_number.eq(article_number))
        .select(PublishedArticle::as_select())
        .first(conn)
        .optional()?;
    let by_doi = pa::table
        .filter(pa::doi.eq(doi))
        .select(PublishedArticle::as_select())
        .first(conn)
        .optional()?;
    Ok((by_number, by_doi))
}
