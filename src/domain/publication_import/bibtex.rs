//! Publications as BibTeX: a tolerant scanner that reads on past a broken entry.

use super::latex::latex_to_text;
use super::{CoauthorRef, PaperSource, Publication, Read, title, year};

struct Scanner {
    chars: Vec<char>,
    pos: usize,
    line: usize,
}

impl Scanner {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    fn ident(&mut self) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || "_-:.+/'".contains(c) {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        s
    }

    /// Whether the `@` at `pos` is the first thing on its line.
    fn at_line_start(&self, pos: usize) -> bool {
        self.chars[..pos]
            .iter()
            .rev()
            .take_while(|c| **c != '\n')
            .all(|c| c.is_whitespace())
    }

    /// After a line break inside a value: a line starting with `@` means the value was
    /// never closed; stop before that entry so it is still read.
    fn next_entry_follows(&mut self) -> bool {
        let mut p = self.pos;
        while self.chars.get(p).is_some_and(|c| *c == ' ' || *c == '\t') {
            p += 1;
        }
        if self.chars.get(p) == Some(&'@')
            && self.chars.get(p + 1).is_some_and(|c| c.is_alphabetic())
        {
            self.pos = p;
            true
        } else {
            false
        }
    }

    /// The text up to the `}` matching an opening `{` already read.
    fn braced(&mut self) -> Result<String, String> {
        self.until_closing('}', "a “{” is not closed")
    }

    /// The text up to the closing `"` (outside braces) of an opening one already read.
    fn quoted(&mut self) -> Result<String, String> {
        self.until_closing('"', "a “\"” is not closed")
    }

    /// The text up to `close` outside the braces opened in it; braces and escaped
    /// characters are kept.
    fn until_closing(&mut self, close: char, unclosed: &str) -> Result<String, String> {
        let mut out = String::new();
        let mut depth = 0;
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    out.push(c);
                    if let Some(n) = self.bump() {
                        out.push(n);
                    }
                }
                _ if c == close && depth == 0 => return Ok(out),
                '{' => {
                    depth += 1;
                    out.push(c);
                }
                '}' => {
                    depth -= 1;
                    out.push(c);
                }
                '\n' if self.next_entry_follows() => break,
                _ => out.push(c),
            }
        }
        Err(unclosed.into())
    }

    /// A field value: braced, quoted or bare pieces joined with `#`.
    fn value(&mut self) -> Result<String, String> {
        let mut out = String::new();
        loop {
            self.skip_ws();
            match self.peek() {
                Some('{') => {
                    self.bump();
                    out.push_str(&self.braced()?);
                }
                Some('"') => {
                    self.bump();
                    out.push_str(&self.quoted()?);
                }
                Some(c) if c.is_alphanumeric() => out.push_str(&self.ident()),
                _ => return Err("a value is missing after “=”".into()),
            }
            self.skip_ws();
            if self.peek() == Some('#') {
                self.bump();
            } else {
                return Ok(out);
            }
        }
    }

    /// Skips to the bracket that closes an opening one already read.
    fn skip_balanced(&mut self, open: char, close: char) {
        let mut depth = 1;
        while let Some(c) = self.bump() {
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
        }
    }

    /// The key and fields of an entry whose opening bracket was read.
    fn entry(&mut self, close: char) -> Result<(String, Vec<(String, String)>), String> {
        self.skip_ws();
        let start = (self.pos, self.line);
        let mut key = String::new();
        loop {
            match self.peek() {
                None => return Err("the entry is not closed".into()),
                Some(',') => {
                    self.bump();
                    break;
                }
                Some(c) if c == close => break,
                // No key: that was already a field name.
                Some('=') => {
                    (self.pos, self.line) = start;
                    key.clear();
                    break;
                }
                Some(c) => {
                    key.push(c);
                    self.bump();
                }
            }
        }
        let key = key.trim().to_owned();
        let mut fields = Vec::new();
        loop {
            while self.peek().is_some_and(|c| c.is_whitespace() || c == ',') {
                self.bump();
            }
            match self.peek() {
                None => return Err("the entry is not closed (a “}” is missing)".into()),
                Some(c) if c == close => {
                    self.bump();
                    return Ok((key, fields));
                }
                Some(_) => {}
            }
            let name = self.ident().to_lowercase();
            if name.is_empty() {
                let c = self.peek().unwrap_or(' ');
                let what = if c == '@' {
                    "the entry is not closed (a “}” is missing)".to_owned()
                } else {
                    format!("unexpected “{c}” where a field name should be")
                };
                return Err(what);
            }
            self.skip_ws();
            if self.peek() != Some('=') {
                return Err(format!("the field “{name}” has no “=”"));
            }
            self.bump();
            let value = self
                .value()
                .map_err(|m| format!("in the field “{name}”, {m}"))?;
            fields.push((name, value));
        }
    }
}

/// Entries of any type (`@article`, `@inproceedings`, …) with a title and a year; the
/// authors become the co-authors. `@comment`, `@preamble` and `@string` are skipped.
pub fn bibtex(text: &str, this_year: i32) -> Read {
    let mut s = Scanner {
        chars: text.chars().collect(),
        pos: 0,
        line: 1,
    };
    let mut read = Vec::new();
    let mut problems = Vec::new();
    loop {
        while s.peek().is_some_and(|c| c != '@') {
            s.bump();
        }
        if s.peek().is_none() {
            break;
        }
        let (at, line) = (s.pos, s.line);
        s.bump();
        s.skip_ws();
        let kind = s.ident().to_lowercase();
        s.skip_ws();
        let (open, close) = match s.peek() {
            Some('{') => ('{', '}'),
            Some('(') => ('(', ')'),
            // A stray "@" in text between entries (BibTeX ignores that text).
            _ if kind.is_empty() || !s.at_line_start(at) => continue,
            _ => {
                problems.push(format!("Line {line}: “@{kind}” is not followed by “{{”."));
                continue;
            }
        };
        s.bump();
        if matches!(kind.as_str(), "comment" | "preamble" | "string") {
            s.skip_balanced(open, close);
            continue;
        }
        let where_ = |key: &str| {
            if key.is_empty() {
                format!("Line {line}")
            } else {
                format!("Line {line} ({key})")
            }
        };
        match s.entry(close) {
            Ok((key, fields)) => match bib_publication(&fields, this_year) {
                Ok(p) => read.push((line, p)),
                Err(m) => problems.push(format!("{}: {m}.", where_(&key))),
            },
            Err(m) => problems.push(format!("{}: {m}.", where_(""))),
        }
    }
    (read, problems)
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The first run of four digits, as in `{2021}`, `2021` or `2021-05-03`.
fn four_digits(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|i| {
        let run = &bytes[i..i + 4];
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(i + 4);
        (run.iter().all(u8::is_ascii_digit)
            && !before.is_some_and(|b| b.is_ascii_digit())
            && !after.is_some_and(u8::is_ascii_digit))
        .then(|| &text[i..i + 4])
    })
}

fn bib_publication(fields: &[(String, String)], this_year: i32) -> Result<Publication, String> {
    let title = title(&latex_to_text(field(fields, "title").unwrap_or("")))?;
    let year_text = field(fields, "year")
        .or_else(|| field(fields, "date"))
        .map(|y| {
            four_digits(y)
                .map(str::to_owned)
                .unwrap_or_else(|| latex_to_text(y))
        })
        .unwrap_or_default();
    let year = year(&year_text, this_year)?;
    let coauthors = field(fields, "author")
        .map(split_authors)
        .unwrap_or_default()
        .into_iter()
        .map(|name| CoauthorRef {
            name,
            email: None,
            orcid: None,
        })
        .collect();
    Ok(Publication {
        title,
        year,
        coauthors,
        source: PaperSource::Listed,
    })
}

/// Splits at `and` outside braces; turns `Last, First` into `First Last`.
pub fn split_authors(value: &str) -> Vec<String> {
    let mut authors: Vec<Vec<String>> = vec![vec![]];
    let mut word = String::new();
    let mut depth = 0i32;
    let flush = |word: &mut String, authors: &mut Vec<Vec<String>>| {
        if word.is_empty() {
            return;
        }
        if word.eq_ignore_ascii_case("and") {
            authors.push(vec![]);
        } else if let Some(last) = authors.last_mut() {
            last.push(word.clone());
        }
        word.clear();
    };
    for c in value.chars() {
        match c {
            '{' => {
                depth += 1;
                word.push(c);
            }
            '}' => {
                depth -= 1;
                word.push(c);
            }
            c if c.is_whitespace() && depth <= 0 => flush(&mut word, &mut authors),
            _ => word.push(c),
        }
    }
    flush(&mut word, &mut authors);
    authors
        .into_iter()
        .filter(|words| !words.is_empty())
        .map(|words| reorder(&words.join(" ")))
        .filter(|name| !name.is_empty() && !name.eq_ignore_ascii_case("others"))
        .collect()
}

/// `von Last, Jr, First` / `Last, First` / `First Last`, commas inside braces ignored.
fn reorder(raw: &str) -> String {
    let mut parts = vec![String::new()];
    let mut depth = 0i32;
    for c in raw.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth <= 0 {
            parts.push(String::new());
        } else if let Some(p) = parts.last_mut() {
            p.push(c);
        }
    }
    let parts: Vec<String> = parts.iter().map(|p| latex_to_text(p)).collect();
    let ordered = match parts.as_slice() {
        [last, first] => format!("{first} {last}"),
        [last, jr, first] => format!("{first} {last} {jr}"),
        _ => parts.join(" "),
    };
    ordered.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_braces_quotes_and_accents() {
        let text = r#"
% a comment with an address: someone@example.org
@Article{osei2021,
  author = {Osei, Ada and Dalmasso, B{\'e}atrice and {M{\"u}ller}, J. and others},
  title = {{DNA} repair in rare tumours},
  journal = {J},
  year = 2021,
}
@inproceedings(li2020,
  title = "Cohorts, {``quoted''} and " # "joined",
  author = "Bo Li and Carla {Rossi-Bianchi}",
  year = "2020"
)
@comment{ignored}
@article{nodate, title = {No year here}}
@article{broken, title = {Unclosed
@article{after, title={After the broken one}, year={2019}, author={A. Person}}
"#;
        let (read, problems) = bibtex(text, 2026);
        assert_eq!(read.len(), 3, "{problems:?}");
        let first = &read[0].1;
        assert_eq!(read[0].0, 3);
        assert_eq!(first.title, "DNA repair in rare tumours");
        assert_eq!(first.year, 2021);
        let names: Vec<&str> = first.coauthors.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["Ada Osei", "Béatrice Dalmasso", "J. Müller"]);
        assert_eq!(read[1].1.title, "Cohorts, ``quoted'' and joined");
        assert_eq!(read[1].1.coauthors[1].name, "Carla Rossi-Bianchi");
        assert_eq!(read[2].1.title, "After the broken one");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("Line 15 (nodate): the year is missing"));
        assert!(problems[1].starts_with("Line 16:"), "{problems:?}");
    }

    #[test]
    fn four_digit_years() {
        assert_eq!(four_digits("2021-05-03"), Some("2021"));
        assert_eq!(four_digits("12345"), None);
    }
}
