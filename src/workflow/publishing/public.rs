//! The public pages: a collection's published articles, and an article's (or a
//! correction's) own page. Nothing unpublished is ever reachable from them.

use chrono::NaiveDate;
use diesel::QueryResult;

use crate::db::DbConnection;
use crate::db::collections::{Collection, Journal};
use crate::db::events;
use crate::db::published::{self as store, PublishedArticle};
use crate::db::submissions::{self as submissions_store, Submission};
use crate::domain::metadata::{ArticleMeta, AuthorMeta, JournalMeta, RelatedMeta};
use crate::domain::permissions::public_may_read;
use crate::domain::publishing::{abstract_first_lines, author_list, long_date};

use super::{article_path, citation_of, journal_and_collection, submitted_and_accepted};

/// One line of a collection's list of published articles, as the journal's page shows it.
#[derive(Debug, Clone)]
pub struct ArticleListing {
    pub id: i64,
    pub title: String,
    pub first_lines: String,
    pub authors: String,
    pub citation: String,
    pub published_on: String,
    /// Each correction: its page and its citation.
    pub corrections: Vec<(i64, String)>,
}

/// The submission behind a published article, only when it really is published: nothing
/// unpublished is ever reachable from the public pages.
fn published_submission(
    conn: &mut DbConnection,
    a: &PublishedArticle,
) -> QueryResult<Option<Submission>> {
    let Some(id) = a.submission_id else {
        return Ok(None);
    };
    Ok(submissions_store::find(conn, id)?.filter(|s| public_may_read(s.state())))
}

/// A collection's published articles, newest first, each with its corrections.
pub fn collection_articles(
    conn: &mut DbConnection,
    collection: &Collection,
    journal: &Journal,
) -> QueryResult<Vec<ArticleListing>> {
    let mut out = Vec::new();
    for a in store::articles_in_collection(conn, collection.id)? {
        let Some(s) = published_submission(conn, &a)? else {
            continue;
        };
        let authors = submissions_store::authors_of(conn, s.id)?;
        let names: Vec<&str> = authors.iter().map(|x| x.name.as_str()).collect();
        let corrections = store::corrections_of(conn, a.id)?
            .into_iter()
            .map(|c| (c.id, citation_of(journal, &c).to_string()))
            .collect();
        out.push(ArticleListing {
            id: a.id,
            title: a.title.clone(),
            first_lines: abstract_first_lines(&s.abstract_text),
            authors: author_list(&names),
            citation: citation_of(journal, &a).to_string(),
            published_on: long_date(a.published_on),
            corrections,
        });
    }
    Ok(out)
}

/// An author as the article page shows them (never their e-mail address).
#[derive(Debug, Clone)]
pub struct PublicAuthor {
    pub name: String,
    /// The name's parts, as the exports file them.
    pub parts: crate::domain::NameParts,
    pub affiliations: Vec<crate::domain::affiliation::Affiliation>,
    pub orcid: Option<String>,
    /// Confirmed through ORCID sign-in by the author's own account.
    pub orcid_authenticated: bool,
    pub corresponding: bool,
    /// CRediT role slugs.
    pub credit_roles: Vec<String>,
}

/// A published article or correction linked from another's page.
#[derive(Debug, Clone)]
pub struct LinkedArticle {
    pub id: i64,
    pub title: String,
    pub citation: String,
    pub doi: String,
    pub published_on: String,
    pub date: NaiveDate,
}

/// Everything a public article page shows.
pub struct ArticleView {
    pub article: PublishedArticle,
    pub journal: Journal,
    pub collection: Collection,
    pub citation: String,
    /// The abstract of an article; the notice of a correction.
    pub text: String,
    pub keywords: Vec<String>,
    pub authors: Vec<PublicAuthor>,
    pub received: Option<NaiveDate>,
    pub accepted: Option<NaiveDate>,
    pub corrections: Vec<LinkedArticle>,
    /// For a correction: the article it corrects.
    pub corrects: Option<LinkedArticle>,
    /// The authors' declaration of generative AI use, published with the article; `None`
    /// for a correction and for an article submitted before the question was asked.
    pub ai_use: Option<String>,
    /// The funders with their grant numbers; empty for a correction.
    pub funders: Vec<crate::domain::funders::Funder>,
    /// The declarations published with an article, by their BMC names, those answered.
    pub declarations: Vec<(&'static str, String)>,
}

impl ArticleView {
    pub fn has_pdf(&self) -> bool {
        self.article.pdf_sha256.is_some()
    }
}

fn linked(journal: &Journal, a: &PublishedArticle) -> LinkedArticle {
    LinkedArticle {
        id: a.id,
        title: a.title.clone(),
        citation: citation_of(journal, a).to_string(),
        doi: a.doi.clone(),
        published_on: long_date(a.published_on),
        date: a.published_on,
    }
}

/// When the journal received and accepted a submission, from its timeline: the first
/// submission, and the last acceptance.
fn received_and_accepted(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<(Option<NaiveDate>, Option<NaiveDate>)> {
    let (received, accepted) = submitted_and_accepted(&events::timeline(conn, submission_id)?);
    Ok((received.map(|d| d.date()), accepted.map(|d| d.date())))
}

fn keywords_of(s: &Submission) -> Vec<String> {
    s.keywords
        .split([',', ';'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The submission's authors as the public page and the exports name them.
fn public_authors(conn: &mut DbConnection, submission_id: i64) -> QueryResult<Vec<PublicAuthor>> {
    let authors = submissions_store::authors_of(conn, submission_id)?;
    let accounts: Vec<i64> = authors.iter().filter_map(|a| a.person_id).collect();
    let confirmed = crate::db::accounts::confirmed_orcids(conn, &accounts)?;
    Ok(authors
        .into_iter()
        .map(|a| {
            // The bare iD only: a link typed before iDs were normalised when saved, or
            // anything else, would give `https://orcid.org/https://…` and a refused deposit.
            let orcid = a
                .orcid
                .as_deref()
                .and_then(|o| crate::domain::Orcid::parse(o).ok())
                .map(|o| o.as_str().to_owned());
            // Authenticated only when the author's own account confirmed this very iD.
            let orcid_authenticated =
                orcid.is_some() && a.person_id.and_then(|p| confirmed.get(&p)) == orcid.as_ref();
            PublicAuthor {
                parts: a.name_parts(),
                credit_roles: a.credit_slugs(),
                affiliations: a.affiliation_list(),
                name: a.name,
                orcid,
                orcid_authenticated,
                corresponding: a.is_corresponding,
            }
        })
        .collect())
}

/// The public page of a published article or correction; `None` for anything not
/// published.
pub fn article_view(conn: &mut DbConnection, id: i64) -> QueryResult<Option<ArticleView>> {
    let Some(article) = store::find(conn, id)? else {
        return Ok(None);
    };
    let (journal, collection) = journal_and_collection(conn, article.collection_id)?;
    let citation = citation_of(&journal, &article).to_string();
    if article.is_correction() {
        let Some(corrected) = article
            .corrects_id
            .map(|c| store::find(conn, c))
            .transpose()?
            .flatten()
        else {
            return Ok(None);
        };
        let Some(s) = published_submission(conn, &corrected)? else {
            return Ok(None);
        };
        return Ok(Some(ArticleView {
            text: article.notice.clone(),
            keywords: Vec::new(),
            authors: public_authors(conn, s.id)?,
            received: None,
            accepted: None,
            corrections: Vec::new(),
            corrects: Some(linked(&journal, &corrected)),
            ai_use: None,
            funders: Vec::new(),
            declarations: Vec::new(),
            article,
            journal,
            collection,
            citation,
        }));
    }
    let Some(s) = published_submission(conn, &article)? else {
        return Ok(None);
    };
    let (received, accepted) = received_and_accepted(conn, s.id)?;
    let corrections = store::corrections_of(conn, article.id)?
        .iter()
        .map(|c| linked(&journal, c))
        .collect();
    Ok(Some(ArticleView {
        text: s.abstract_text.clone(),
        keywords: keywords_of(&s),
        authors: public_authors(conn, s.id)?,
        received,
        accepted,
        corrections,
        corrects: None,
        ai_use: crate::domain::ai_use::statement(&s.ai_use, &s.ai_use_details),
        funders: crate::db::funders::of_submission(conn, s.id)?,
        declarations: declarations_of(&s),
        article,
        journal,
        collection,
        citation,
    }))
}

/// The declarations an article is published with, in BMC's order and by BMC's names; those
/// never asked (submitted before the question was) are left out.
fn declarations_of(s: &Submission) -> Vec<(&'static str, String)> {
    crate::domain::declarations::by_bmc_names(&crate::domain::declarations::Declarations {
        competing_interests: &s.competing_interests,
        competing_interests_details: &s.competing_interests_details,
        ai_use: &s.ai_use,
        ai_use_details: &s.ai_use_details,
        ethics_statement: &s.ethics_statement,
        consent_for_publication: &s.consent_for_publication,
        data_availability: &s.data_availability,
        funding: &s.funding,
        authors_contributions: &s.authors_contributions,
        acknowledgements: &s.acknowledgements,
    })
}

/// The journal, as the metadata describes it.
pub fn journal_meta(j: &Journal) -> JournalMeta {
    JournalMeta {
        title: j.name.clone(),
        issn: j.issn.clone(),
        publisher: j.publisher.clone(),
        crossmark_policy: j.crossmark_policy.clone(),
    }
}

fn related(l: &LinkedArticle, base_url: &str) -> RelatedMeta {
    RelatedMeta {
        title: l.title.clone(),
        doi: l.doi.clone(),
        url: format!("{base_url}{}", article_path(l.id)),
        published_on: l.date,
    }
}

/// What the page shows, as the metadata (indexers, exports, citations) describe it, with
/// addresses under `base_url`.
pub fn article_meta(view: &ArticleView, base_url: &str) -> ArticleMeta {
    let a = &view.article;
    let url = format!("{base_url}{}", article_path(a.id));
    ArticleMeta {
        is_correction: a.is_correction(),
        title: a.title.clone(),
        doi: a.doi.clone(),
        pdf_url: view.has_pdf().then(|| format!("{url}/pdf")),
        url,
        year: a.year,
        volume: a.volume,
        article_number: a.article_number,
        published_on: a.published_on,
        received_on: view.received,
        accepted_on: view.accepted,
        abstract_text: view.text.clone(),
        keywords: view.keywords.clone(),
        authors: view
            .authors
            .iter()
            .map(|x| AuthorMeta {
                name: x.name.clone(),
                given_names: x.parts.given.clone(),
                family_name: x.parts.family.clone(),
                family_first: x.parts.order == crate::domain::NameOrder::FamilyFirst,
                affiliations: x.affiliations.clone(),
                orcid: x.orcid.clone(),
                orcid_authenticated: x.orcid_authenticated,
                corresponding: x.corresponding,
                credit_roles: x.credit_roles.clone(),
            })
            .collect(),
        corrects: view.corrects.as_ref().map(|c| related(c, base_url)),
        corrections: view
            .corrections
            .iter()
            .map(|c| related(c, base_url))
            .collect(),
        licence: a.licence(),
        ai_use: view.ai_use.clone(),
        funders: view.funders.clone(),
    }
}

/// A download name for the article's files, without its extension: `BMC-Cancer-2026-26-123`
/// (ASCII letters, digits and `-` only).
pub fn download_stem(view: &ArticleView) -> String {
    let journal: String = view
        .journal
        .name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    format!(
        "{journal}-{}-{}-{}",
        view.article.year, view.article.volume, view.article.article_number
    )
    .chars()
    .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
    .collect()
}

/// A download name for the article's PDF: `BMC-Cancer-2026-26-123.pdf`.
pub fn pdf_download_name(view: &ArticleView) -> String {
    crate::storage::download_name(&download_stem(view), "", crate::storage::FileKind::Pdf)
}
