//! Published metadata as other systems read it: JATS XML front matter (one article), a
//! Crossref deposit (schema 5.3.1, a batch of articles) and CSV. Pure text building: every
//! value goes through [`xml_escape`] or [`csv_field`], never straight into the output.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::publishing::split_name;

/// Escapes text for XML content and attribute values, and drops the characters XML 1.0
/// cannot carry at all (control characters other than tab and line ends), so the output is
/// always well-formed.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// One CSV field (RFC 4180): quoted when it holds a comma, quote or line end, quotes
/// doubled. A value that a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
/// `@`, tab or carriage return) gets a leading `'`, so opening the export runs nothing.
pub fn csv_field(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// One CSV record with its CRLF line end.
pub fn csv_row<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields
        .iter()
        .map(|f| csv_field(f.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// The journal, as the exports describe it.
#[derive(Debug, Clone)]
pub struct JournalMeta {
    pub title: String,
    /// Electronic ISSN; empty when unknown (then left out).
    pub issn: String,
    /// Empty when unknown (then left out).
    pub publisher: String,
}

#[derive(Debug, Clone)]
pub struct AuthorMeta {
    pub name: String,
    pub affiliation: String,
    /// The bare iD (0000-0002-1825-0097), when the author gave one.
    pub orcid: Option<String>,
    pub corresponding: bool,
}

/// One published article or correction.
#[derive(Debug, Clone)]
pub struct ArticleMeta {
    pub is_correction: bool,
    pub title: String,
    pub doi: String,
    /// The article's public page.
    pub url: String,
    pub year: i32,
    pub volume: i32,
    pub article_number: i32,
    pub published_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    pub accepted_on: Option<NaiveDate>,
    /// The abstract of an article, the notice of a correction.
    pub abstract_text: String,
    pub keywords: Vec<String>,
    pub authors: Vec<AuthorMeta>,
    /// The DOI of the article a correction corrects.
    pub corrects_doi: Option<String>,
}

fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

fn jats_date(out: &mut String, tag: &str, attrs: &str, d: NaiveDate) {
    let _ = writeln!(
        out,
        "      <{tag}{attrs}><day>{:02}</day><month>{:02}</month><year>{}</year></{tag}>",
        d.day(),
        d.month(),
        d.year()
    );
}

/// The JATS (1.3, Journal Publishing) front matter of one article: journal metadata and
/// article metadata (DOI, title, authors with affiliations, dates, volume, article number
/// as `elocation-id`, abstract and keywords). The body stays in the PDF.
pub fn jats_front(journal: &JournalMeta, a: &ArticleMeta) -> String {
    let e = xml_escape;
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<!DOCTYPE article PUBLIC \"-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.3 20210610//EN\" \"JATS-journalpublishing1-3.dtd\">\n",
    );
    let article_type = if a.is_correction {
        "correction"
    } else {
        "research-article"
    };
    let _ = writeln!(
        out,
        "<article xmlns:xlink=\"http://www.w3.org/1999/xlink\" article-type=\"{article_type}\" dtd-version=\"1.3\" xml:lang=\"en\">"
    );
    out.push_str("  <front>\n");
    jats_journal_meta(&mut out, journal);
    out.push_str("    <article-meta>\n");
    let _ = writeln!(
        out,
        "      <article-id pub-id-type=\"doi\">{}</article-id>",
        e(&a.doi)
    );
    let heading = if a.is_correction {
        "Correction"
    } else {
        "Research"
    };
    let _ = writeln!(
        out,
        "      <article-categories><subj-group subj-group-type=\"heading\"><subject>{heading}</subject></subj-group></article-categories>"
    );
    let _ = writeln!(
        out,
        "      <title-group><article-title>{}</article-title></title-group>",
        e(&a.title)
    );
    jats_contributors(&mut out, &a.authors);
    jats_dates(&mut out, a);
    let _ = writeln!(out, "      <self-uri xlink:href=\"{}\"/>", e(&a.url));
    if let Some(doi) = &a.corrects_doi {
        let _ = writeln!(
            out,
            "      <related-article related-article-type=\"corrected-article\" ext-link-type=\"doi\" xlink:href=\"{}\"/>",
            e(doi)
        );
    }
    jats_abstract_and_keywords(&mut out, a);
    out.push_str("    </article-meta>\n  </front>\n</article>\n");
    out
}

/// JATS `journal-meta`: the journal's title, and its ISSN and publisher when known.
fn jats_journal_meta(out: &mut String, journal: &JournalMeta) {
    let e = xml_escape;
    out.push_str("    <journal-meta>\n");
    let _ = writeln!(
        out,
        "      <journal-id journal-id-type=\"publisher-id\">{}</journal-id>",
        e(&journal.title)
    );
    let _ = writeln!(
        out,
        "      <journal-title-group><journal-title>{}</journal-title></journal-title-group>",
        e(&journal.title)
    );
    if !journal.issn.is_empty() {
        let _ = writeln!(
            out,
            "      <issn publication-format=\"electronic\">{}</issn>",
            e(&journal.issn)
        );
    }
    if !journal.publisher.is_empty() {
        let _ = writeln!(
            out,
            "      <publisher><publisher-name>{}</publisher-name></publisher>",
            e(&journal.publisher)
        );
    }
    out.push_str("    </journal-meta>\n");
}

/// JATS `contrib-group` and `aff`s: each author with their ORCID iD and a reference to
/// their affiliation, one `aff` per distinct affiliation in order of first appearance.
fn jats_contributors(out: &mut String, authors: &[AuthorMeta]) {
    let e = xml_escape;
    let mut affs: Vec<&str> = Vec::new();
    for au in authors {
        if !au.affiliation.trim().is_empty() && !affs.contains(&au.affiliation.as_str()) {
            affs.push(&au.affiliation);
        }
    }
    if !authors.is_empty() {
        out.push_str("      <contrib-group>\n");
        for au in authors {
            let corresp = if au.corresponding {
                " corresp=\"yes\""
            } else {
                ""
            };
            let _ = writeln!(out, "        <contrib contrib-type=\"author\"{corresp}>");
            if let Some(orcid) = &au.orcid {
                let _ = writeln!(
                    out,
                    "          <contrib-id contrib-id-type=\"orcid\">https://orcid.org/{}</contrib-id>",
                    e(orcid)
                );
            }
            let (given, surname) = split_name(&au.name);
            let _ = write!(out, "          <name><surname>{}</surname>", e(&surname));
            if !given.is_empty() {
                let _ = write!(out, "<given-names>{}</given-names>", e(&given));
            }
            out.push_str("</name>\n");
            if let Some(i) = affs.iter().position(|x| *x == au.affiliation) {
                let _ = writeln!(
                    out,
                    "          <xref ref-type=\"aff\" rid=\"aff{}\"/>",
                    i + 1
                );
            }
            out.push_str("        </contrib>\n");
        }
        out.push_str("      </contrib-group>\n");
    }
    for (i, aff) in affs.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <aff id=\"aff{}\"><institution>{}</institution></aff>",
            i + 1,
            e(aff)
        );
    }
}

/// The publication date, volume and article number, and the history (received,
/// accepted) when known.
fn jats_dates(out: &mut String, a: &ArticleMeta) {
    jats_date(
        out,
        "pub-date",
        " publication-format=\"electronic\" date-type=\"pub\"",
        a.published_on,
    );
    let _ = writeln!(out, "      <volume>{}</volume>", a.volume);
    let _ = writeln!(
        out,
        "      <elocation-id>{}</elocation-id>",
        a.article_number
    );
    if a.received_on.is_some() || a.accepted_on.is_some() {
        out.push_str("      <history>\n");
        if let Some(d) = a.received_on {
            out.push_str("  ");
            jats_date(out, "date", " date-type=\"received\"", d);
        }
        if let Some(d) = a.accepted_on {
            out.push_str("  ");
            jats_date(out, "date", " date-type=\"accepted\"", d);
        }
        out.push_str("      </history>\n");
    }
}

/// The abstract, a `p` per paragraph, and the author's keywords, when there are any.
fn jats_abstract_and_keywords(out: &mut String, a: &ArticleMeta) {
    let e = xml_escape;
    let paras = paragraphs(&a.abstract_text);
    if !paras.is_empty() {
        out.push_str("      <abstract>\n");
        for p in paras {
            let _ = writeln!(out, "        <p>{}</p>", e(&p));
        }
        out.push_str("      </abstract>\n");
    }
    if !a.keywords.is_empty() {
        out.push_str("      <kwd-group kwd-group-type=\"author\">\n");
        for k in &a.keywords {
            let _ = writeln!(out, "        <kwd>{}</kwd>", e(k));
        }
        out.push_str("      </kwd-group>\n");
    }
}

/// Who sends a Crossref deposit.
#[derive(Debug, Clone)]
pub struct Depositor {
    pub name: String,
    pub email: String,
    /// The organisation the DOIs are registered for (the publisher).
    pub registrant: String,
}

/// A Crossref deposit (schema 5.3.1) of `articles`: one `journal` element per volume (a
/// `journal` holds one `journal_issue`), each with the journal's metadata, the volume, and
/// one `journal_article` per article with its titles, contributors, abstract, publication
/// date, article number and `doi_data` (the DOI and the article's public page).
pub fn crossref_deposit(
    journal: &JournalMeta,
    depositor: &Depositor,
    batch_id: &str,
    at: NaiveDateTime,
    articles: &[ArticleMeta],
) -> String {
    let e = xml_escape;
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<doi_batch xmlns=\"http://www.crossref.org/schema/5.3.1\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:jats=\"http://www.ncbi.nlm.nih.gov/JATS1\" version=\"5.3.1\" xsi:schemaLocation=\"http://www.crossref.org/schema/5.3.1 https://www.crossref.org/schemas/crossref5.3.1.xsd\">\n",
    );
    out.push_str("  <head>\n");
    let _ = writeln!(out, "    <doi_batch_id>{}</doi_batch_id>", e(batch_id));
    let _ = writeln!(
        out,
        "    <timestamp>{}</timestamp>",
        at.format("%Y%m%d%H%M%S")
    );
    let _ = writeln!(
        out,
        "    <depositor><depositor_name>{}</depositor_name><email_address>{}</email_address></depositor>",
        e(&depositor.name),
        e(&depositor.email)
    );
    let _ = writeln!(
        out,
        "    <registrant>{}</registrant>",
        e(&depositor.registrant)
    );
    out.push_str("  </head>\n  <body>\n");
    let mut volumes: Vec<(i32, i32)> = articles.iter().map(|a| (a.volume, a.year)).collect();
    volumes.sort_unstable();
    volumes.dedup_by_key(|(v, _)| *v);
    for (volume, year) in volumes {
        out.push_str("    <journal>\n      <journal_metadata language=\"en\">\n");
        let _ = writeln!(
            out,
            "        <full_title>{}</full_title>",
            e(&journal.title)
        );
        if !journal.issn.is_empty() {
            let _ = writeln!(
                out,
                "        <issn media_type=\"electronic\">{}</issn>",
                e(&journal.issn)
            );
        }
        out.push_str("      </journal_metadata>\n      <journal_issue>\n");
        let _ = writeln!(
            out,
            "        <publication_date media_type=\"online\"><year>{year}</year></publication_date>"
        );
        let _ = writeln!(
            out,
            "        <journal_volume><volume>{volume}</volume></journal_volume>"
        );
        out.push_str("      </journal_issue>\n");
        for a in articles.iter().filter(|a| a.volume == volume) {
            crossref_article(&mut out, a);
        }
        out.push_str("    </journal>\n");
    }
    out.push_str("  </body>\n</doi_batch>\n");
    out
}

fn crossref_article(out: &mut String, a: &ArticleMeta) {
    let e = xml_escape;
    out.push_str("      <journal_article publication_type=\"full_text\" language=\"en\">\n");
    let _ = writeln!(
        out,
        "        <titles><title>{}</title></titles>",
        e(&a.title)
    );
    if !a.authors.is_empty() {
        out.push_str("        <contributors>\n");
        for (i, au) in a.authors.iter().enumerate() {
            let sequence = if i == 0 { "first" } else { "additional" };
            let _ = writeln!(
                out,
                "          <person_name sequence=\"{sequence}\" contributor_role=\"author\">"
            );
            let (given, surname) = split_name(&au.name);
            if !given.is_empty() {
                let _ = writeln!(out, "            <given_name>{}</given_name>", e(&given));
            }
            let _ = writeln!(out, "            <surname>{}</surname>", e(&surname));
            if !au.affiliation.trim().is_empty() {
                let _ = writeln!(
                    out,
                    "            <affiliations><institution><institution_name>{}</institution_name></institution></affiliations>",
                    e(&au.affiliation)
                );
            }
            if let Some(orcid) = &au.orcid {
                let _ = writeln!(
                    out,
                    "            <ORCID>https://orcid.org/{}</ORCID>",
                    e(orcid)
                );
            }
            out.push_str("          </person_name>\n");
        }
        out.push_str("        </contributors>\n");
    }
    let paras = paragraphs(&a.abstract_text);
    if !paras.is_empty() {
        out.push_str("        <jats:abstract>\n");
        for p in paras {
            let _ = writeln!(out, "          <jats:p>{}</jats:p>", e(&p));
        }
        out.push_str("        </jats:abstract>\n");
    }
    let d = a.published_on;
    let _ = writeln!(
        out,
        "        <publication_date media_type=\"online\"><month>{:02}</month><day>{:02}</day><year>{}</year></publication_date>",
        d.month(),
        d.day(),
        d.year()
    );
    if let Some(acc) = a.accepted_on {
        let _ = writeln!(
            out,
            "        <acceptance_date><month>{:02}</month><day>{:02}</day><year>{}</year></acceptance_date>",
            acc.month(),
            acc.day(),
            acc.year()
        );
    }
    let _ = writeln!(
        out,
        "        <publisher_item><item_number item_number_type=\"article_number\">{}</item_number></publisher_item>",
        a.article_number
    );
    let _ = writeln!(
        out,
        "        <doi_data><doi>{}</doi><resource>{}</resource></doi_data>",
        e(&a.doi),
        e(&a.url)
    );
    out.push_str("      </journal_article>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping_covers_the_five_and_drops_controls() {
        assert_eq!(xml_escape(r#"<&>"'"#), "&lt;&amp;&gt;&quot;&apos;");
        assert_eq!(xml_escape("a\u{0}b\u{1b}c\td"), "abc\td");
        assert_eq!(xml_escape("Ø été"), "Ø été");
    }

    #[test]
    fn csv_fields_are_quoted_when_needed_and_never_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-1"), "'-1");
        assert_eq!(csv_row(&["a", "b,c"]), "a,\"b,c\"\r\n");
    }

    fn article() -> ArticleMeta {
        ArticleMeta {
            is_correction: false,
            title: "Tumours <rare> & \"odd\"".into(),
            doi: "10.1186/s12885-026-00123".into(),
            url: "https://peerdesk.example/articles/1".into(),
            year: 2026,
            volume: 26,
            article_number: 123,
            published_on: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            received_on: NaiveDate::from_ymd_opt(2026, 3, 1),
            accepted_on: NaiveDate::from_ymd_opt(2026, 10, 2),
            abstract_text: "Background: one.\n\nResults: two & three.".into(),
            keywords: vec!["BAP1".into(), "uveal <melanoma>".into()],
            authors: vec![
                AuthorMeta {
                    name: "Sofia Bianchi".into(),
                    affiliation: "IRCCS San Martino, Genoa".into(),
                    orcid: Some("0000-0002-1825-0097".into()),
                    corresponding: true,
                },
                AuthorMeta {
                    name: "O'Brien".into(),
                    affiliation: "IRCCS San Martino, Genoa".into(),
                    orcid: None,
                    corresponding: false,
                },
            ],
            corrects_doi: None,
        }
    }

    fn journal() -> JournalMeta {
        JournalMeta {
            title: "BMC Cancer".into(),
            issn: "1471-2407".into(),
            publisher: "BioMed Central".into(),
        }
    }

    #[test]
    fn jats_front_carries_the_article_escaped() {
        let x = jats_front(&journal(), &article());
        for needed in [
            "<article-id pub-id-type=\"doi\">10.1186/s12885-026-00123</article-id>",
            "<article-title>Tumours &lt;rare&gt; &amp; &quot;odd&quot;</article-title>",
            "<surname>Bianchi</surname><given-names>Sofia</given-names>",
            "<surname>O&apos;Brien</surname></name>",
            "<volume>26</volume>",
            "<elocation-id>123</elocation-id>",
            "<kwd>uveal &lt;melanoma&gt;</kwd>",
            "<p>Results: two &amp; three.</p>",
            "<issn publication-format=\"electronic\">1471-2407</issn>",
            "<aff id=\"aff1\">",
        ] {
            assert!(x.contains(needed), "{needed} in\n{x}");
        }
        // One affiliation shared by both authors is listed once.
        assert_eq!(x.matches("<aff id=").count(), 1);
        let no_issn = JournalMeta {
            issn: String::new(),
            ..journal()
        };
        assert!(!jats_front(&no_issn, &article()).contains("<issn"));
    }

    #[test]
    fn crossref_deposit_groups_articles_by_volume() {
        let mut older = article();
        older.volume = 25;
        older.year = 2025;
        older.doi = "10.1186/s12885-025-00009".into();
        let at = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        let x = crossref_deposit(
            &journal(),
            &Depositor {
                name: "Helen Marsh".into(),
                email: "helen@x.example".into(),
                registrant: "BioMed Central".into(),
            },
            "peerdesk-1",
            at,
            &[article(), older],
        );
        assert_eq!(x.matches("<journal>").count(), 2);
        assert_eq!(x.matches("<journal_article ").count(), 2);
        assert!(x.contains("<timestamp>20261123120000</timestamp>"));
        assert!(x.contains("<doi>10.1186/s12885-025-00009</doi>"));
        assert!(x.find("<volume>25</volume>") < x.find("<volume>26</volume>"));
        assert!(x.contains("<title>Tumours &lt;rare&gt; &amp; &quot;odd&quot;</title>"));
    }
}
