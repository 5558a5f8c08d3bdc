//! "Cite this article": the reference as the journal prints it, and the two files reference
//! managers import, RIS and BibTeX. Each carries every author in order, the title, the
//! journal, the year, the volume, the article number and the DOI.

use std::fmt::Write as _;

use super::{ArticleMeta, AuthorMeta, JournalMeta};

/// Text on one line: line ends and runs of spaces become one space (a line end would end a
/// RIS field, and means nothing in a reference).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "M.", "B.S.", "J.-P.": the initials of given names, as Springer Nature's references write
/// them.
fn initials(given: &str) -> String {
    given
        .split_whitespace()
        .map(|word| {
            word.split('-')
                .filter_map(|part| part.chars().next())
                .map(|c| format!("{c}."))
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect()
}

/// "Lin, M.", or the name alone when it is one word.
fn short_name(au: &AuthorMeta) -> String {
    let (given, family) = au.name_parts();
    if given.is_empty() {
        family
    } else {
        format!("{family}, {}", initials(&given))
    }
}

/// The reference in the journal's style (Springer Nature's, as BMC Cancer's pages give it):
/// `Lin, M., Jian, H., Ying, G. et al. Title. BMC Cancer 26, 1 (2026).
/// https://doi.org/10.1186/…` — three authors then "et al.", two or three joined with "&".
pub fn journal_style(journal: &JournalMeta, a: &ArticleMeta) -> String {
    let names: Vec<String> = a.authors.iter().map(short_name).collect();
    let authors = match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [first @ .., last] if names.len() <= 3 => format!("{} & {last}", first.join(", ")),
        more => format!("{} et al.", more[..3].join(", ")),
    };
    let title = one_line(&a.title);
    let stop = if title.ends_with(['.', '?', '!']) {
        ""
    } else {
        "."
    };
    let lead = if authors.is_empty() {
        String::new()
    } else {
        format!("{authors} ")
    };
    format!(
        "{lead}{title}{stop} {} {}, {} ({}). https://doi.org/{}",
        journal.title, a.volume, a.article_number, a.year, a.doi
    )
}

/// "Family, Given" for the reference managers, from the parts the author gave.
fn family_first(au: &AuthorMeta) -> (String, String) {
    let (given, family) = au.name_parts();
    (family, given)
}

/// The RIS record (`TY  - JOUR` … `ER  - `), CRLF line ends as the format has them.
pub fn ris(journal: &JournalMeta, a: &ArticleMeta) -> String {
    let mut out = String::new();
    let mut field = |tag: &str, value: &str| {
        let value = one_line(value);
        if !value.is_empty() {
            let _ = write!(out, "{tag}  - {value}\r\n");
        }
    };
    field("TY", "JOUR");
    field("TI", &a.title);
    for au in &a.authors {
        let (family, given) = family_first(au);
        if given.is_empty() {
            field("AU", &family);
        } else {
            field("AU", &format!("{family}, {given}"));
        }
    }
    field("PY", &a.year.to_string());
    field("DA", &a.published_on.format("%Y/%m/%d").to_string());
    field("T2", &journal.title);
    field("JO", &journal.title);
    field("VL", &a.volume.to_string());
    field("SP", &a.article_number.to_string());
    field("SN", &journal.issn);
    field("PB", &journal.publisher);
    field("DO", &a.doi);
    field("UR", &format!("https://doi.org/{}", a.doi));
    field("AB", &a.abstract_text);
    for k in &a.keywords {
        field("KW", k);
    }
    field("LA", "en");
    out.push_str("ER  - \r\n");
    out
}

/// Text for a BibTeX field: the characters TeX reads as commands escaped, braces kept
/// balanced (they are escaped too), everything else (accents, non-Latin letters) as typed,
/// since BibTeX files are UTF-8 today.
fn tex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c => out.push(c),
        }
    }
    out
}

/// A DOI or address as a BibTeX field reads it (verbatim): only what would unbalance the
/// field's braces is left out.
fn verbatim(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '{' | '}' | '\\') && !c.is_whitespace())
        .collect()
}

/// One author for BibTeX's `and`-separated list: "Family, Given", each part in braces when
/// it holds a space, a comma or the word "and", so BibTeX does not split it again.
fn bibtex_author(au: &AuthorMeta) -> String {
    let guard = |part: String| {
        let t = tex(&part);
        if t.contains([' ', ',']) {
            format!("{{{t}}}")
        } else {
            t
        }
    };
    let (family, given) = family_first(au);
    if given.is_empty() {
        guard(family)
    } else {
        format!("{}, {}", guard(family), tex(&given))
    }
}

/// The key of the BibTeX entry: the first author's family name (its ASCII letters) and the
/// year, as Springer's citation files have it: `Lin2026`.
fn bibtex_key(a: &ArticleMeta) -> String {
    let family: String = a
        .authors
        .first()
        .map(|x| family_first(x).0)
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let family = if family.is_empty() {
        "article".to_owned()
    } else {
        family
    };
    format!("{family}{}", a.year)
}

/// The BibTeX `@article` entry.
pub fn bibtex(journal: &JournalMeta, a: &ArticleMeta) -> String {
    let mut fields: Vec<(&str, String)> = Vec::new();
    let authors: Vec<String> = a.authors.iter().map(bibtex_author).collect();
    if !authors.is_empty() {
        fields.push(("author", authors.join(" and ")));
    }
    // Double braces keep the title's capitals as they are.
    fields.push(("title", format!("{{{}}}", tex(&a.title))));
    fields.push(("journal", tex(&journal.title)));
    fields.push(("year", a.year.to_string()));
    fields.push(("volume", a.volume.to_string()));
    // BMC journals number articles instead of pages: the article number is its page.
    fields.push(("pages", a.article_number.to_string()));
    fields.push(("eid", a.article_number.to_string()));
    if !journal.issn.is_empty() {
        fields.push(("issn", tex(&journal.issn)));
    }
    if !journal.publisher.is_empty() {
        fields.push(("publisher", tex(&journal.publisher)));
    }
    fields.push(("doi", verbatim(&a.doi)));
    fields.push(("url", format!("https://doi.org/{}", verbatim(&a.doi))));
    if !a.abstract_text.trim().is_empty() {
        fields.push(("abstract", tex(&a.abstract_text)));
    }
    if !a.keywords.is_empty() {
        let keywords: Vec<String> = a.keywords.iter().map(|k| tex(k)).collect();
        fields.push(("keywords", keywords.join(", ")));
    }
    let mut out = format!("@article{{{},\n", bibtex_key(a));
    for (name, value) in fields {
        let _ = writeln!(out, "  {name} = {{{value}}},");
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{article, journal};
    use super::*;

    fn with_authors(names: &[&str]) -> ArticleMeta {
        ArticleMeta {
            authors: names
                .iter()
                .map(|n| AuthorMeta {
                    name: (*n).to_owned(),
                    ..Default::default()
                })
                .collect(),
            title: "Rare tumours".into(),
            ..article()
        }
    }

    #[test]
    fn the_journal_style_cuts_after_three_authors() {
        let j = journal();
        assert_eq!(
            journal_style(&j, &with_authors(&["Mei Lin"])),
            "Lin, M. Rare tumours. BMC Cancer 26, 123 (2026). https://doi.org/10.1186/s12885-026-00123"
        );
        assert!(
            journal_style(&j, &with_authors(&["Mei Lin", "Bruna Samia Dalmasso"]))
                .starts_with("Lin, M. & Dalmasso, B.S. Rare tumours.")
        );
        assert!(
            journal_style(&j, &with_authors(&["A Aa", "B Bb", "Jean-Pierre Cc"]))
                .starts_with("Aa, A., Bb, B. & Cc, J.-P. Rare")
        );
        assert!(
            journal_style(&j, &with_authors(&["A Aa", "B Bb", "C Cc", "D Dd"]))
                .starts_with("Aa, A., Bb, B., Cc, C. et al. Rare")
        );
    }

    #[test]
    fn ris_has_one_field_a_line_and_ends_the_record() {
        let r = ris(&journal(), &article());
        assert!(r.starts_with("TY  - JOUR\r\n"));
        assert!(r.ends_with("ER  - \r\n"));
        assert!(r.contains("AU  - Bianchi, Sofia\r\n"));
        assert!(r.contains("AU  - O'Brien\r\n"));
        assert!(r.contains("AB  - Background: one. Results: two & three.\r\n"));
        assert!(r.contains("SP  - 123\r\n"));
    }

    #[test]
    fn bibtex_escapes_what_tex_would_read_as_commands() {
        let b = bibtex(&journal(), &article());
        assert!(b.starts_with("@article{Bianchi2026,\n"));
        assert!(b.contains("title = {{Tumours <rare> \\& \"odd\"}},"));
        assert!(b.contains("author = {Bianchi, Sofia and O'Brien},"));
        assert_eq!(
            tex("50% of {x}_1 ~ $2 #a"),
            "50\\% of \\{x\\}\\_1 \\textasciitilde{} \\$2 \\#a"
        );
        let whole = |n: &str| AuthorMeta {
            name: n.into(),
            ..Default::default()
        };
        assert_eq!(bibtex_author(&whole("Émilie Lefèvre")), "Lefèvre, Émilie");
    }

    #[test]
    fn references_file_a_two_part_family_name_whole() {
        let mj = AuthorMeta {
            name: "María José García López".into(),
            given_names: "María José".into(),
            family_name: "García López".into(),
            ..Default::default()
        };
        assert_eq!(bibtex_author(&mj), "{García López}, María José");
        assert_eq!(short_name(&mj), "García López, M.J.");
        let mut a = article();
        a.authors = vec![mj];
        assert!(ris(&journal(), &a).contains("AU  - García López, María José\r\n"));
    }
}
