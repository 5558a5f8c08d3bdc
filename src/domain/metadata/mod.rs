//! Published metadata as other systems read it: JATS XML front matter (one article,
//! `jats.rs`), a Crossref deposit (schema 5.3.1, a batch of articles, `crossref.rs`) and CSV.
//! Pure text building: every value goes through [`xml_escape`] or [`csv_field`], never
//! straight into the output.

use chrono::NaiveDate;

use super::licence::Licence;

mod cite;
mod crossref;
mod discovery;
mod jats;
mod scholar;

pub use cite::{bibtex, journal_style, ris};
pub use crossref::{Depositor, crossref_deposit};
pub use discovery::{FeedMeta, KEPT_FROM_CRAWLERS, atom_feed, last_change, robots_txt, sitemap};
pub use jats::jats_front;
pub use scholar::{ScholarlyArticle, highwire_tags, scholarly_article};

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
    /// The DOI of the journal's Crossmark policy page; empty: no Crossmark in deposits.
    pub crossmark_policy: String,
}

#[derive(Debug, Clone, Default)]
pub struct AuthorMeta {
    /// The name as it appears.
    pub name: String,
    /// The name's parts as the author gave them; empty: split from `name` by the old guess.
    pub given_names: String,
    pub family_name: String,
    /// Written family name first (JATS `name-style="eastern"`).
    pub family_first: bool,
    /// Checked when submitted; an older row's one line read by `affiliation::from_single_line`.
    pub affiliations: Vec<crate::domain::affiliation::Affiliation>,
    /// The bare iD (0000-0002-1825-0097), when the author gave one.
    pub orcid: Option<String>,
    /// The author proved the iD theirs through ORCID sign-in (`workflow::orcid`): the exports
    /// say `authenticated="true"`, as Crossref and JATS ask only for such iDs.
    pub orcid_authenticated: bool,
    pub corresponding: bool,
    /// CRediT role slugs (`domain::credit`), in the taxonomy's order.
    pub credit_roles: Vec<String>,
}

/// The affiliations of a byline, each once, in order of first appearance (compared as a
/// page writes them, with their ROR ids), and each author's numbers in that list, from 1.
pub fn numbered_affiliations(
    authors: &[AuthorMeta],
) -> (
    Vec<&crate::domain::affiliation::Affiliation>,
    Vec<Vec<usize>>,
) {
    let key =
        |a: &crate::domain::affiliation::Affiliation| (a.display().to_lowercase(), a.ror_url());
    let mut list: Vec<&crate::domain::affiliation::Affiliation> = Vec::new();
    let mut numbers = Vec::with_capacity(authors.len());
    for au in authors {
        let mut mine = Vec::new();
        for aff in au
            .affiliations
            .iter()
            .filter(|a| !a.institution.trim().is_empty())
        {
            let n = match list.iter().position(|x| key(x) == key(aff)) {
                Some(i) => i + 1,
                None => {
                    list.push(aff);
                    list.len()
                }
            };
            if !mine.contains(&n) {
                mine.push(n);
            }
        }
        numbers.push(mine);
    }
    (list, numbers)
}

impl AuthorMeta {
    /// The affiliations as a page writes them, one per `;`.
    pub fn affiliation_line(&self) -> String {
        crate::domain::affiliation::display_line(&self.affiliations)
    }

    /// (given names, family name): as given, or guessed from the whole name.
    pub fn name_parts(&self) -> (String, String) {
        if self.family_name.trim().is_empty() {
            crate::domain::publishing::split_name(&self.name)
        } else {
            (
                self.given_names.trim().to_owned(),
                self.family_name.trim().to_owned(),
            )
        }
    }
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
    /// The PDF's public address, when the article has one.
    pub pdf_url: Option<String>,
    /// For a correction: the article it corrects.
    pub corrects: Option<RelatedMeta>,
    /// For an article: the corrections published to it, oldest first.
    pub corrections: Vec<RelatedMeta>,
    /// The licence it was published under.
    pub licence: Licence,
    /// The authors' declaration of generative AI use (`domain::ai_use`), when they made one.
    pub ai_use: Option<String>,
    /// The funders with their grant numbers (Crossref `fr:program`, JATS `funding-group`).
    pub funders: Vec<crate::domain::funders::Funder>,
}

/// A published article or correction that another one points to.
#[derive(Debug, Clone)]
pub struct RelatedMeta {
    pub title: String,
    pub doi: String,
    /// Its public page.
    pub url: String,
    pub published_on: NaiveDate,
}

pub(super) fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
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

    pub(crate) fn san_martino() -> crate::domain::affiliation::Affiliation {
        crate::domain::affiliation::Affiliation {
            institution: "IRCCS Ospedale Policlinico San Martino".into(),
            city: "Genoa".into(),
            country: "IT".into(),
            ror: "04d7es448".into(),
        }
    }

    pub(crate) fn article() -> ArticleMeta {
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
                    affiliations: vec![san_martino()],
                    orcid: Some("0000-0002-1825-0097".into()),
                    corresponding: true,
                    ..Default::default()
                },
                AuthorMeta {
                    name: "O'Brien".into(),
                    affiliations: vec![san_martino()],
                    ..Default::default()
                },
            ],
            pdf_url: Some("https://peerdesk.example/articles/1/pdf".into()),
            corrects: None,
            corrections: Vec::new(),
            licence: Licence::CcBy4,
            ai_use: None,
            funders: Vec::new(),
        }
    }

    /// Two funders: one with its Funder ID and two grants, one with neither.
    pub(crate) fn funders() -> Vec<crate::domain::funders::Funder> {
        vec![
            crate::domain::funders::Funder {
                name: "Cancer Research UK & <Friends>".into(),
                funder_id: "10.13039/501100000289".into(),
                awards: vec!["C1234/A5678".into(), "C9".into()],
            },
            crate::domain::funders::Funder {
                name: "Fondazione AIRC".into(),
                funder_id: String::new(),
                awards: Vec::new(),
            },
        ]
    }

    pub(crate) fn journal() -> JournalMeta {
        JournalMeta {
            title: "BMC Cancer".into(),
            issn: "1471-2407".into(),
            publisher: "BioMed Central".into(),
            crossmark_policy: "10.1007/springer_crossmark_policy".into(),
        }
    }
}
