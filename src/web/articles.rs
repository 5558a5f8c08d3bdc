//! The public article pages: an article's (or a correction's) own page, with what
//! indexers and reference managers read in its head, and its PDF. Public, and only once
//! published (`workflow::publishing::article_view` finds nothing else).

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;

use super::{AppError, Chrome, Ctx, render};
use crate::domain::metadata::{self, ArticleMeta, JournalMeta, ScholarlyArticle};
use crate::domain::publishing::long_date;
use crate::storage::FileKind;
use crate::workflow::publishing::{self as service, ArticleView};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/articles/{id}", web::get().to(article))
        .route("/articles/{id}/pdf", web::get().to(article_pdf))
        .route("/articles/{id}/citation.ris", web::get().to(citation_ris))
        .route("/articles/{id}/citation.bib", web::get().to(citation_bib));
}

#[derive(Template)]
#[template(path = "public/article.html")]
struct ArticlePage {
    chrome: Chrome,
    v: ArticleView,
    /// The same record as indexers read it (absolute addresses).
    meta: ArticleMeta,
    journal: JournalMeta,
}

impl ArticlePage {
    /// The Highwire `citation_*` tags Google Scholar and reference managers read.
    fn citation_tags(&self) -> Vec<(&'static str, String)> {
        metadata::highwire_tags(&self.journal, &self.meta)
    }

    /// The reference as the journal prints it, for "Cite this article".
    fn reference(&self) -> String {
        metadata::journal_style(&self.journal, &self.meta)
    }

    /// The copyright line (none under CC0) and the start of the licence's sentence.
    fn rights_lead(&self) -> String {
        let licence = self.meta.licence;
        let (before, _) = licence.statement_parts();
        match licence.copyright_statement(self.meta.year) {
            Some(copyright) => format!("{copyright}. {before}"),
            None => before.to_owned(),
        }
    }

    /// The end of the licence's sentence, after its name.
    fn rights_tail(&self) -> String {
        self.meta.licence.statement_parts().1
    }

    /// The schema.org record, put in the page as JSON-LD.
    fn scholarly_article(&self) -> ScholarlyArticle {
        metadata::scholarly_article(&self.journal, &self.meta)
    }

    fn date(&self, d: &NaiveDate) -> String {
        long_date(*d)
    }

    fn published(&self) -> String {
        long_date(self.v.article.published_on)
    }

    /// The affiliations, each once, numbered in order of first appearance: as the page
    /// writes them, and the ROR id's address or nothing.
    fn affiliations(&self) -> Vec<(String, String)> {
        metadata::numbered_affiliations(&self.meta.authors)
            .0
            .into_iter()
            .map(|a| (a.display(), a.ror_url()))
            .collect()
    }

    /// The numbers of the `i`th author's affiliations, as the superscript writes them.
    fn affiliation_numbers(&self, i: &usize) -> String {
        let (_, numbers) = metadata::numbered_affiliations(&self.meta.authors);
        numbers
            .get(*i)
            .map(|n| n.iter().map(usize::to_string).collect::<Vec<_>>().join(","))
            .unwrap_or_default()
    }

    fn paragraphs(&self) -> Vec<String> {
        self.v
            .text
            .split("\n\n")
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect()
    }
}

async fn load_article(ctx: &Ctx, id: i64) -> Result<ArticleView, AppError> {
    ctx.state
        .db
        .run(move |conn| service::article_view(conn, id).map_err(AppError::from))
        .await?
        .ok_or(AppError::NotFound)
}

/// GET /articles/{id}: public, for published articles and corrections only.
pub async fn article(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let v = load_article(&ctx, path.into_inner()).await?;
    let meta = service::article_meta(&v, &ctx.state.config.base_url);
    render(&ArticlePage {
        chrome: ctx.chrome(format!("{} — {}", v.article.title, v.citation)),
        journal: service::journal_meta(&v.journal),
        meta,
        v,
    })
}

/// GET /articles/{id}/pdf: the published article's PDF, for anyone.
pub async fn article_pdf(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let v = load_article(&ctx, path.into_inner()).await?;
    let Some(sha) = v.article.pdf_sha256.clone() else {
        return Err(AppError::NotFound);
    };
    let files = ctx.state.files.clone();
    let bytes = web::block(move || files.read(&sha))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("file store: {e}")))?
        .map_err(|e| {
            AppError::Internal(anyhow::Error::new(e).context("published PDF unreadable"))
        })?;
    Ok(HttpResponse::Ok()
        .content_type(FileKind::Pdf.content_type())
        .insert_header(ContentDisposition {
            disposition: DispositionType::Inline,
            parameters: vec![DispositionParam::Filename(service::pdf_download_name(&v))],
        })
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(bytes))
}

/// A citation file for reference managers, as a download named after the citation.
fn citation_file(v: &ArticleView, body: String, content_type: &str, ext: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(format!(
                "{}.{ext}",
                service::download_stem(v)
            ))],
        })
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(body)
}

/// GET /articles/{id}/citation.ris: the article's reference for EndNote, Zotero, Mendeley.
pub async fn citation_ris(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let v = load_article(&ctx, path.into_inner()).await?;
    let meta = service::article_meta(&v, &ctx.state.config.base_url);
    let body = metadata::ris(&service::journal_meta(&v.journal), &meta);
    Ok(citation_file(
        &v,
        body,
        "application/x-research-info-systems; charset=utf-8",
        "ris",
    ))
}

/// GET /articles/{id}/citation.bib: the article's BibTeX entry.
pub async fn citation_bib(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let v = load_article(&ctx, path.into_inner()).await?;
    let meta = service::article_meta(&v, &ctx.state.config.base_url);
    let body = metadata::bibtex(&service::journal_meta(&v.journal), &meta);
    Ok(citation_file(
        &v,
        body,
        "application/x-bibtex; charset=utf-8",
        "bib",
    ))
}
