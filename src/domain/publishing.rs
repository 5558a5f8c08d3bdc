//! The journal's rules for publishing, as pure code: volumes by year, the citation
//! (`BMC Cancer 2026 26:123`), DOIs, the publication form's fields, and how the collection
//! page shortens an abstract and an author list, as the journal's own page does.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::FormErrors;

/// The journal's volume for `year`: volume 1 is `first_volume_year` (BMC Cancer: volume 26
/// in 2026, its first volume being 2001).
pub fn volume_for(first_volume_year: i32, year: i32) -> i32 {
    year - first_volume_year + 1
}

/// The year of a volume: the inverse of [`volume_for`].
pub fn year_of_volume(first_volume_year: i32, volume: i32) -> i32 {
    first_volume_year + volume - 1
}

/// How an article is cited: `BMC Cancer 2026 26:123`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub journal: String,
    pub year: i32,
    pub volume: i32,
    pub article_number: i32,
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}:{}",
            self.journal, self.year, self.volume, self.article_number
        )
    }
}

/// A date as the journal prints it: "23 November 2026".
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A DOI as typed, checked: `10.` then a registrant code of digits (optionally with dotted
/// sub-parts), `/`, then a suffix without spaces. A pasted `https://doi.org/` or `doi:` in
/// front is removed.
pub fn check_doi(raw: &str) -> Result<String, &'static str> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("Enter the DOI, such as 10.1186/s12885-026-00123.");
    }
    let s = [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "doi:",
    ]
    .iter()
    .find_map(|p| {
        s.get(..p.len())
            .filter(|head| head.eq_ignore_ascii_case(p))
            .map(|_| &s[p.len()..])
    })
    .unwrap_or(s);
    let Some((prefix, suffix)) = s.split_once('/') else {
        return Err(
            "A DOI has a prefix and a suffix separated by “/”, such as 10.1186/s12885-026-00123.",
        );
    };
    let Some(registrant) = prefix.strip_prefix("10.") else {
        return Err("A DOI starts with “10.”, such as 10.1186/s12885-026-00123.");
    };
    let registrant_ok = registrant
        .split('.')
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
        && registrant
            .split('.')
            .next()
            .is_some_and(|first| first.len() >= 4);
    if !registrant_ok {
        return Err("The DOI prefix is “10.” and at least four digits, such as 10.1186.");
    }
    if suffix.is_empty() {
        return Err("The DOI needs a suffix after the “/”, such as s12885-026-00123.");
    }
    if suffix.chars().any(|c| c.is_whitespace() || c.is_control()) || suffix.len() > 200 {
        return Err("The DOI suffix may not contain spaces and is at most 200 characters.");
    }
    Ok(format!("{prefix}/{suffix}"))
}

/// The DOI suggested for a new article or correction, in the style of BMC Cancer's own
/// (`10.1186/s12885-026-00123`): the journal's prefix, the journal code, the year's last
/// three digits and the article number. The editor-in-chief may type another.
pub fn suggest_doi(doi_prefix: &str, year: i32, article_number: i32) -> String {
    format!(
        "{}/s12885-{:03}-{:05}",
        doi_prefix.trim_end_matches('/'),
        year.rem_euclid(1000),
        article_number
    )
}

/// The publication form as typed: kept as text so a refused form shows it again unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublishInput {
    pub volume: String,
    pub article_number: String,
    pub doi: String,
    pub published_on: String,
}

/// Checked publication details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishFields {
    pub year: i32,
    pub volume: i32,
    pub article_number: i32,
    pub doi: String,
    pub published_on: NaiveDate,
}

/// The highest article number accepted; BMC Cancer publishes under 2,000 a year.
pub const MAX_ARTICLE_NUMBER: i32 = 99_999;

fn positive(raw: &str, max: i32, message: &'static str) -> Result<i32, &'static str> {
    raw.trim()
        .parse::<i32>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or(message)
}

impl PublishInput {
    /// Checks every field, each message tied to its field. The volume must be the journal's
    /// volume for the year of the publication date, so the citation's year and volume agree.
    pub fn check(&self, first_volume_year: i32) -> Result<PublishFields, FormErrors> {
        let mut errors = FormErrors::new();
        let volume = errors.check(
            "volume",
            positive(
                &self.volume,
                1000,
                "Enter the volume as a whole number, such as 26.",
            ),
        );
        let article_number = errors.check(
            "article_number",
            positive(
                &self.article_number,
                MAX_ARTICLE_NUMBER,
                "Enter the article number as a whole number from 1 to 99999, such as 123.",
            ),
        );
        let doi = errors.check("doi", check_doi(&self.doi));
        let published_on = errors.check(
            "published_on",
            NaiveDate::parse_from_str(self.published_on.trim(), "%Y-%m-%d")
                .map_err(|_| "Enter the publication date as YYYY-MM-DD, such as 2026-11-23."),
        );
        if let (Some(v), Some(d)) = (volume, published_on) {
            let expected = volume_for(first_volume_year, d.year());
            if v != expected {
                errors.add(
                    "volume",
                    format!(
                        "An article published on {} goes in volume {expected} (the volume of {}), not volume {v}.",
                        long_date(d),
                        d.year()
                    ),
                );
            }
        }
        match (volume, article_number, doi, published_on) {
            (Some(volume), Some(article_number), Some(doi), Some(published_on))
                if errors.is_empty() =>
            {
                Ok(PublishFields {
                    year: published_on.year(),
                    volume,
                    article_number,
                    doi,
                    published_on,
                })
            }
            _ => Err(errors),
        }
    }
}

/// The longest correction title and notice accepted.
pub const MAX_TITLE_CHARS: usize = 500;
pub const MAX_NOTICE_CHARS: usize = 20_000;

/// A correction's title and notice, checked.
pub fn check_correction_text(
    title: &str,
    notice: &str,
    errors: &mut FormErrors,
) -> Option<(String, String)> {
    let title = title.trim();
    let notice = notice.trim();
    let before = errors.all().len();
    if title.is_empty() {
        errors.add("title", "Enter the title of the correction.");
    } else if title.chars().count() > MAX_TITLE_CHARS {
        errors.add("title", "The title is at most 500 characters.");
    }
    if notice.is_empty() {
        errors.add(
            "notice",
            "Write the correction notice: what was wrong and what is correct.",
        );
    } else if notice.chars().count() > MAX_NOTICE_CHARS {
        errors.add("notice", "The notice is at most 20,000 characters.");
    }
    (errors.all().len() == before).then(|| (title.to_owned(), notice.to_owned()))
}

/// The title a correction is given by default.
pub fn correction_title(article_title: &str) -> String {
    format!("Correction: {}", article_title.trim())
}

/// How many characters of an abstract the collection page shows.
pub const ABSTRACT_LINES_CHARS: usize = 210;

/// The first lines of an abstract as the collection page shows them: a leading
/// "Background:" heading dropped, whitespace run together, and cut after about
/// [`ABSTRACT_LINES_CHARS`] characters (at a word boundary) with "..." as the journal's page
/// does. A short abstract is shown whole.
pub fn abstract_first_lines(abstract_text: &str) -> String {
    let one_line = abstract_text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let body = ["Background:", "Background"]
        .iter()
        .find_map(|h| one_line.strip_prefix(h))
        .map(str::trim_start)
        .filter(|rest| !rest.is_empty())
        .unwrap_or(&one_line);
    if body.chars().count() <= ABSTRACT_LINES_CHARS {
        return body.to_owned();
    }
    let cut: String = body.chars().take(ABSTRACT_LINES_CHARS).collect();
    // Back to the last space, unless that would lose most of the text (one huge word).
    let kept = match cut.rfind(' ') {
        Some(i) if i > ABSTRACT_LINES_CHARS / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!(
        "{}...",
        kept.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ';')
    )
}

/// How many authors the collection page names before cutting the list.
pub const LISTED_AUTHORS: usize = 16;

/// Authors as the collection page lists them: "A, B and C"; a list longer than
/// [`LISTED_AUTHORS`] names shows the first sixteen followed by "…", as the journal does.
pub fn author_list(names: &[&str]) -> String {
    if names.len() > LISTED_AUTHORS {
        return format!("{}…", names[..LISTED_AUTHORS].join(", "));
    }
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A person's name split for metadata (JATS `surname`/`given-names`, Crossref
/// `surname`/`given_name`): the last word is the surname, the rest the given names. Names
/// are stored whole, so this is a best guess; a one-word name is all surname.
pub fn split_name(name: &str) -> (String, String) {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.split_last() {
        None => (String::new(), String::new()),
        Some((last, [])) => (String::new(), (*last).to_owned()),
        Some((last, given)) => (given.join(" "), (*last).to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volumes_follow_the_year() {
        assert_eq!(volume_for(2001, 2026), 26);
        assert_eq!(volume_for(2001, 2025), 25);
        assert_eq!(year_of_volume(2001, 26), 2026);
    }

    #[test]
    fn citation_reads_as_the_journal_prints_it() {
        let c = Citation {
            journal: "BMC Cancer".into(),
            year: 2026,
            volume: 26,
            article_number: 123,
        };
        assert_eq!(c.to_string(), "BMC Cancer 2026 26:123");
    }

    #[test]
    fn dois_are_checked_and_cleaned() {
        assert_eq!(
            check_doi(" 10.1186/s12885-026-00123 ").unwrap(),
            "10.1186/s12885-026-00123"
        );
        assert_eq!(
            check_doi("https://doi.org/10.1186/s12885-025-13901-3").unwrap(),
            "10.1186/s12885-025-13901-3"
        );
        assert_eq!(check_doi("doi:10.1000.10/abc").unwrap(), "10.1000.10/abc");
        for bad in [
            "",
            "s12885-026-00123",
            "11.1186/x",
            "10.118/x",
            "10.1186/",
            "10.1186/has space",
            "10.abcd/x",
        ] {
            assert!(check_doi(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn suggested_dois_use_the_prefix() {
        assert_eq!(
            suggest_doi("10.1186", 2026, 123),
            "10.1186/s12885-026-00123"
        );
        assert!(check_doi(&suggest_doi("10.1186/", 2026, 1)).is_ok());
    }

    fn input(volume: &str, number: &str, doi: &str, date: &str) -> PublishInput {
        PublishInput {
            volume: volume.into(),
            article_number: number.into(),
            doi: doi.into(),
            published_on: date.into(),
        }
    }

    #[test]
    fn the_publication_form_is_checked_field_by_field() {
        let ok = input("26", "123", "10.1186/s12885-026-00123", "2026-11-23")
            .check(2001)
            .unwrap();
        assert_eq!(ok.volume, 26);
        assert_eq!(ok.year, 2026);
        assert_eq!(ok.article_number, 123);

        let bad = input("x", "0", "nope", "23/11/2026")
            .check(2001)
            .unwrap_err();
        for field in ["volume", "article_number", "doi", "published_on"] {
            assert!(bad.has(field), "{field}: {bad:?}");
        }
        let wrong_volume = input("25", "1", "10.1186/a", "2026-01-05")
            .check(2001)
            .unwrap_err();
        assert!(
            wrong_volume
                .get("volume")
                .unwrap()
                .contains("goes in volume 26"),
            "{wrong_volume:?}"
        );
    }

    #[test]
    fn correction_text_is_required() {
        let mut errors = FormErrors::new();
        assert!(check_correction_text(" ", "", &mut errors).is_none());
        assert!(errors.has("title") && errors.has("notice"));
        let mut errors = FormErrors::new();
        assert_eq!(
            check_correction_text(" Correction: X ", " Table 2 was wrong. ", &mut errors),
            Some(("Correction: X".into(), "Table 2 was wrong.".into()))
        );
        assert_eq!(correction_title(" A study "), "Correction: A study");
    }

    #[test]
    fn abstracts_are_cut_to_their_first_lines() {
        let short = "Background: To identify the prognosis of patients with CDC.";
        assert_eq!(
            abstract_first_lines(short),
            "To identify the prognosis of patients with CDC."
        );
        let long = "Background: ".to_owned() + &"word ".repeat(100);
        let cut = abstract_first_lines(&long);
        assert!(cut.ends_with("word..."), "{cut}");
        assert!(cut.chars().count() <= ABSTRACT_LINES_CHARS + 3, "{cut}");
        assert!(!cut.starts_with("Background"));
        let one_word = "x".repeat(500);
        assert_eq!(
            abstract_first_lines(&one_word).chars().count(),
            ABSTRACT_LINES_CHARS + 3
        );
        assert_eq!(
            abstract_first_lines("Line one.\n\nLine two."),
            "Line one. Line two."
        );
    }

    #[test]
    fn author_lists_are_cut_with_an_ellipsis_when_long() {
        assert_eq!(author_list(&[]), "");
        assert_eq!(author_list(&["Ada"]), "Ada");
        assert_eq!(author_list(&["Ada", "Bo", "Cy"]), "Ada, Bo and Cy");
        let sixteen: Vec<String> = (1..=16).map(|i| format!("A{i}")).collect();
        let refs: Vec<&str> = sixteen.iter().map(String::as_str).collect();
        assert!(author_list(&refs).ends_with("A15 and A16"));
        let seventeen: Vec<String> = (1..=17).map(|i| format!("A{i}")).collect();
        let refs: Vec<&str> = seventeen.iter().map(String::as_str).collect();
        let listed = author_list(&refs);
        assert!(listed.ends_with("A15, A16…"), "{listed}");
        assert!(!listed.contains("A17"));
    }

    #[test]
    fn names_split_into_given_names_and_surname() {
        assert_eq!(
            split_name("Atif A. Ahmed"),
            ("Atif A.".into(), "Ahmed".into())
        );
        assert_eq!(split_name("Plato"), (String::new(), "Plato".into()));
        assert_eq!(split_name("  "), (String::new(), String::new()));
    }
}
