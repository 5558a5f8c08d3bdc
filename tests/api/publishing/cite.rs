//! "Cite this article" on the demo's published article: the reference in the journal's style,
//! and the RIS and BibTeX downloads read back as a reference manager would (RIS with the small
//! reader below, which follows the format's definition; BibTeX with the `biblatex` crate), to
//! the same authors, title, journal, year, volume, article number and DOI as the page.

use biblatex::{Bibliography, ChunksExt};
use reqwest::StatusCode;

use super::record::demo_article_and_correction;
use crate::helpers::*;
use crate::on_both_backends;

/// A RIS file's records: each a list of (tag, value), in order. A line is `TG  - value`:
/// two characters, two spaces, a hyphen and a space; `TY` opens a record and `ER` closes it.
fn read_ris(text: &str) -> Vec<Vec<(String, String)>> {
    let mut records = Vec::new();
    let mut open: Option<Vec<(String, String)>> = None;
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(
            line.len() >= 6 && &line[2..6] == "  - ",
            "not a RIS line: {line:?}"
        );
        let (tag, value) = (line[..2].to_owned(), line[6..].to_owned());
        match tag.as_str() {
            "TY" => {
                assert!(open.is_none(), "TY inside a record");
                open = Some(vec![(tag, value)]);
            }
            "ER" => records.push(open.take().expect("ER closes an open record")),
            _ => open
                .as_mut()
                .expect("a field inside a record")
                .push((tag, value)),
        }
    }
    assert!(open.is_none(), "every record is closed");
    records
}

fn ris_values<'a>(record: &'a [(String, String)], tag: &str) -> Vec<&'a str> {
    record
        .iter()
        .filter(|(t, _)| t == tag)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// What the page says: (title, "Family, Given" of each author as the page lists them, DOI,
/// volume, article number, year).
struct Shown {
    title: String,
    authors: Vec<String>,
    doi: String,
    volume: String,
    number: String,
    year: String,
}

async fn shown(app: &TestApp, article: i64) -> Shown {
    let page = app.get(&format!("/articles/{article}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let citation = page.select("#citation").join("");
    // "BMC Cancer 2026 26:1"
    let mut words = citation.rsplit(' ');
    let (volume, number) = words.next().unwrap().split_once(':').unwrap();
    let year = words.next().unwrap().to_owned();
    let names = page
        .html
        .select(&scraper::Selector::parse("head meta[name=citation_author]").unwrap())
        .map(|m| {
            let name = m.value().attr("content").unwrap();
            let (given, family) = name.rsplit_once(' ').unwrap();
            format!("{family}, {given}")
        })
        .collect();
    Shown {
        title: page.select("h1").join(""),
        authors: names,
        doi: page.select("#doi").join("").replace("https://doi.org/", ""),
        volume: volume.to_owned(),
        number: number.to_owned(),
        year,
    }
}

async fn download(app: &TestApp, path: &str, content_type: &str) -> String {
    let resp = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "{path}");
    let kind = resp.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(kind.starts_with(content_type), "{path}: {kind}");
    let disposition = resp.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    resp.text().await.unwrap()
}

async fn the_page_cites_the_article_in_the_journal_style(backend: Backend) {
    let app = spawn_app(backend).await;
    let (article, _) = demo_article_and_correction(&app).await;
    let s = shown(&app, article).await;
    let page = app.get(&format!("/articles/{article}")).await;
    let reference = page.select("#reference").join("");
    assert_eq!(
        reference,
        format!(
            "Lin, M., Jian, H., Ying, G. et al. {}. BMC Cancer {}, {} ({}). https://doi.org/{}",
            s.title, s.volume, s.number, s.year, s.doi
        )
    );
    assert_eq!(
        page.attr("#download-ris", "href"),
        Some(format!("/articles/{article}/citation.ris"))
    );
    assert_eq!(
        page.attr("#download-bibtex", "href"),
        Some(format!("/articles/{article}/citation.bib"))
    );
}

async fn ris_reads_back_to_the_article(backend: Backend) {
    let app = spawn_app(backend).await;
    let (article, correction) = demo_article_and_correction(&app).await;
    for id in [article, correction] {
        let s = shown(&app, id).await;
        let path = format!("/articles/{id}/citation.ris");
        let text = download(&app, &path, "application/x-research-info-systems").await;
        let records = read_ris(&text);
        assert_eq!(records.len(), 1);
        let r = &records[0];
        assert_eq!(ris_values(r, "TY"), ["JOUR"]);
        assert_eq!(ris_values(r, "TI"), [s.title.as_str()]);
        assert_eq!(ris_values(r, "AU"), s.authors);
        assert_eq!(ris_values(r, "AU").len(), 18);
        assert_eq!(ris_values(r, "JO"), ["BMC Cancer"]);
        assert_eq!(ris_values(r, "PY"), [s.year.as_str()]);
        assert_eq!(ris_values(r, "VL"), [s.volume.as_str()]);
        assert_eq!(ris_values(r, "SP"), [s.number.as_str()]);
        assert_eq!(ris_values(r, "DO"), [s.doi.as_str()]);
    }
}

async fn bibtex_reads_back_to_the_article(backend: Backend) {
    let app = spawn_app(backend).await;
    let (article, correction) = demo_article_and_correction(&app).await;
    for id in [article, correction] {
        let s = shown(&app, id).await;
        let path = format!("/articles/{id}/citation.bib");
        let text = download(&app, &path, "application/x-bibtex").await;
        let bib = Bibliography::parse(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        assert_eq!(bib.len(), 1, "{text}");
        let entry = bib.iter().next().unwrap();
        assert_eq!(entry.entry_type.to_string(), "article");
        let field = |name: &str| {
            entry
                .get(name)
                .map(|c| c.format_verbatim())
                .unwrap_or_else(|| panic!("{name} in\n{text}"))
        };
        let authors: Vec<String> = entry
            .author()
            .unwrap()
            .iter()
            .map(|p| format!("{}, {}", p.name, p.given_name))
            .collect();
        assert_eq!(authors, s.authors);
        assert_eq!(field("title"), s.title);
        assert_eq!(field("journal"), "BMC Cancer");
        assert_eq!(field("year"), s.year);
        assert_eq!(field("volume"), s.volume);
        assert_eq!(field("pages"), s.number);
        assert_eq!(field("doi"), s.doi);
        assert!(entry.verify().is_ok(), "{:?}", entry.verify().missing);
    }
}

on_both_backends!(
    the_page_cites_the_article_in_the_journal_style,
    ris_reads_back_to_the_article,
    bibtex_reads_back_to_the_article,
);
