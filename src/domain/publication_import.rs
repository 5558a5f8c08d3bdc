//! Reading what people paste into their profile: co-author lines, CSV and BibTeX. Small,
//! tolerant readers that say where they stumbled (by line, and by entry key for BibTeX).

use super::conflicts::{CoauthorRef, PaperSource, Publication};
use super::{EmailAddress, Orcid};

/// A comparison key for names and titles: lower case, letters and digits only.
pub fn name_key(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A publication year from 1900 to next year (in press).
pub fn year(text: &str, this_year: i32) -> Result<i32, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("the year is missing".into());
    }
    let Ok(y) = t.parse::<i32>() else {
        return Err(format!("“{t}” is not a year"));
    };
    let last = this_year + 1;
    if (1900..=last).contains(&y) {
        Ok(y)
    } else {
        Err(format!("the year {y} is not between 1900 and {last}"))
    }
}

fn looks_like_orcid(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    lower.contains("orcid.org")
        || (word.chars().filter(char::is_ascii_digit).count() >= 12
            && word
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == 'X' || c == 'x'))
}

fn email(text: &str) -> Result<String, String> {
    EmailAddress::parse(text)
        .map(|a| a.as_str().to_owned())
        .map_err(|_| format!("the e-mail address “{}” is not valid", text.trim()))
}

/// `Name <email> 0000-0002-1825-0097`, the address and the iD optional, in any order
/// after the name; a bare address without angle brackets is accepted too.
pub fn coauthor(text: &str) -> Result<CoauthorRef, String> {
    let mut rest = text.trim().to_owned();
    let mut address = None;
    if let Some(open) = rest.find('<') {
        let Some(len) = rest[open..].find('>') else {
            return Err("the e-mail address has no closing “>”".into());
        };
        let inner = rest[open + 1..open + len].trim().to_owned();
        rest.replace_range(open..=open + len, " ");
        if !inner.is_empty() {
            address = Some(email(&inner)?);
        }
    }
    let mut orcid = None;
    let mut words: Vec<&str> = Vec::new();
    for word in rest.split_whitespace() {
        let bare = word.trim_matches(|c: char| ",;()[]".contains(c));
        if bare.is_empty() {
            continue;
        }
        if looks_like_orcid(bare) {
            if orcid.is_some() {
                return Err("there is more than one ORCID iD".into());
            }
            let parsed = Orcid::parse(bare)
                .map_err(|m| format!("the ORCID iD “{bare}” is not valid: {}", m.to_lowercase()))?;
            orcid = Some(parsed.as_str().to_owned());
        } else if bare.contains('@') {
            if address.is_some() {
                return Err("there is more than one e-mail address".into());
            }
            address = Some(email(bare)?);
        } else {
            words.push(word);
        }
    }
    let name = words
        .join(" ")
        .trim_matches(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .to_owned();
    if name.is_empty() {
        return Err("the name is missing".into());
    }
    if name.chars().count() > 200 {
        return Err("the name is longer than 200 characters".into());
    }
    Ok(CoauthorRef {
        name,
        email: address,
        orcid,
    })
}

/// One co-author per line; blank lines are skipped.
pub fn coauthor_lines(text: &str) -> Result<Vec<CoauthorRef>, Vec<String>> {
    let mut list = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match coauthor(line) {
            Ok(c) => list.push(c),
            Err(m) => problems.push(format!("Line {}: {m}.", i + 1)),
        }
    }
    if problems.is_empty() {
        Ok(list)
    } else {
        Err(problems)
    }
}

fn title(text: &str) -> Result<String, String> {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        Err("the title is missing".into())
    } else if t.chars().count() > 500 {
        Err("the title is longer than 500 characters".into())
    } else {
        Ok(t)
    }
}

/// Publications read, each with the line it starts on, and a message per entry that
/// could not be read.
pub type Read = (Vec<(usize, Publication)>, Vec<String>);

// ---- CSV --------------------------------------------------------------------------

/// Records of comma-separated fields, with the line each starts on. Double quotes
/// enclose fields holding commas, line breaks or (doubled) quotes.
/// The fields of one CSV record and the line it starts on.
type Record = (usize, Vec<String>);

fn csv_records(text: &str) -> Result<Vec<Record>, (usize, String)> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let (mut line, mut start_line, mut quote_line) = (1, 1, 1);
    let mut in_quotes = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                '\r' => {}
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() => {
                field.clear();
                in_quotes = true;
                quote_line = line;
            }
            ',' => fields.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                records.push((start_line, std::mem::take(&mut fields)));
                line += 1;
                start_line = line;
            }
            _ => field.push(c),
        }
    }
    if in_quotes {
        return Err((
            quote_line,
            "a quoted field is not closed (a “\"” is missing)".into(),
        ));
    }
    fields.push(field);
    records.push((start_line, fields));
    Ok(records)
}

fn is_year(text: &str) -> bool {
    let t = text.trim();
    t.len() == 4 && t.chars().all(|c| c.is_ascii_digit())
}

/// `title,year,coauthors`, co-authors separated by `;`; an optional header line.
pub fn csv(text: &str, this_year: i32) -> Read {
    let mut read = Vec::new();
    let mut problems = Vec::new();
    let records = match csv_records(text) {
        Ok(r) => r,
        Err((line, m)) => return (read, vec![format!("Line {line}: {m}.")]),
    };
    let mut first = true;
    for (line, fields) in records {
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let header = first && fields[0].trim().eq_ignore_ascii_case("title");
        first = false;
        if header {
            continue;
        }
        match csv_entry(&fields, this_year) {
            Ok(p) => read.push((line, p)),
            Err(m) => problems.push(format!("Line {line}: {m}.")),
        }
    }
    (read, problems)
}

fn csv_entry(fields: &[String], this_year: i32) -> Result<Publication, String> {
    let n = fields.len();
    // A title with unquoted commas: the year is then the next-to-last or last field.
    let (title_text, year_text, coauthors_text) = match n {
        0 | 1 => {
            return Err(
                "expected the title, the year and the co-authors, separated by commas".into(),
            );
        }
        2 => (fields[0].clone(), fields[1].as_str(), ""),
        3 => (fields[0].clone(), fields[1].as_str(), fields[2].as_str()),
        _ if is_year(&fields[n - 2]) => (
            fields[..n - 2].join(","),
            fields[n - 2].as_str(),
            fields[n - 1].as_str(),
        ),
        _ if is_year(&fields[n - 1]) => (fields[..n - 1].join(","), fields[n - 1].as_str(), ""),
        _ => {
            return Err(format!(
                "found {n} fields instead of 3; put a title that holds commas in double quotes"
            ));
        }
    };
    let title = title(&title_text)?;
    let year = year(year_text, this_year)?;
    let mut coauthors = Vec::new();
    for part in coauthors_text.split(';') {
        if part.trim().is_empty() {
            continue;
        }
        coauthors.push(coauthor(part).map_err(|m| format!("co-author “{}”: {m}", part.trim()))?);
    }
    Ok(Publication {
        title,
        year,
        coauthors,
        source: PaperSource::Listed,
    })
}

// ---- BibTeX -----------------------------------------------------------------------

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
        let mut out = String::new();
        let mut depth = 1;
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    out.push(c);
                    if let Some(n) = self.bump() {
                        out.push(n);
                    }
                }
                '{' => {
                    depth += 1;
                    out.push(c);
                }
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(out);
                    }
                    out.push(c);
                }
                '\n' if self.next_entry_follows() => break,
                _ => out.push(c),
            }
        }
        Err("a “{” is not closed".into())
    }

    /// The text up to the closing `"` (outside braces) of an opening one already read.
    fn quoted(&mut self) -> Result<String, String> {
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
                '"' if depth == 0 => return Ok(out),
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
        Err("a “\"” is not closed".into())
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

/// The accented letter for a TeX accent command and a base letter.
fn accented(accent: &str, base: char) -> Option<char> {
    let (plain, marked) = match accent {
        "'" => ("aeiouyAEIOUYcnszCNSZ", "áéíóúýÁÉÍÓÚÝćńśźĆŃŚŹ"),
        "`" => ("aeiouAEIOU", "àèìòùÀÈÌÒÙ"),
        "^" => ("aeiouAEIOU", "âêîôûÂÊÎÔÛ"),
        "\"" => ("aeiouyAEIOUY", "äëïöüÿÄËÏÖÜŸ"),
        "~" => ("anoANO", "ãñõÃÑÕ"),
        "c" => ("csCS", "çşÇŞ"),
        "v" => ("cszrneCSZRNE", "čšžřňěČŠŽŘŇĚ"),
        "r" => ("auAU", "åůÅŮ"),
        "H" => ("ouOU", "őűŐŰ"),
        "u" => ("agAG", "ăğĂĞ"),
        "=" => ("aeiouAEIOU", "āēīōūĀĒĪŌŪ"),
        "." => ("zeIZE", "żėİŻĖ"),
        "k" => ("aeAE", "ąęĄĘ"),
        _ => return None,
    };
    let base = if base == 'ı' { 'i' } else { base };
    plain
        .chars()
        .position(|c| c == base)
        .and_then(|i| marked.chars().nth(i))
}

fn letter_command(name: &str) -> Option<&'static str> {
    Some(match name {
        "ss" => "ß",
        "aa" => "å",
        "AA" => "Å",
        "o" => "ø",
        "O" => "Ø",
        "ae" => "æ",
        "AE" => "Æ",
        "oe" => "œ",
        "OE" => "Œ",
        "l" => "ł",
        "L" => "Ł",
        "i" => "ı",
        "j" => "j",
        "textendash" => "–",
        "textemdash" => "—",
        _ => return None,
    })
}

/// BibTeX text as people read it: accents composed, braces and commands dropped.
pub fn latex_to_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    // The argument of an accent: `{e}`, `e`, or `{\i}`.
    let argument = |i: &mut usize| -> String {
        while chars.get(*i).is_some_and(|c| *c == ' ') {
            *i += 1;
        }
        match chars.get(*i) {
            Some('{') => {
                let mut depth = 1;
                let mut arg = String::new();
                *i += 1;
                while let Some(&c) = chars.get(*i) {
                    *i += 1;
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    arg.push(c);
                }
                latex_to_text(&arg)
            }
            Some(&c) => {
                *i += 1;
                c.to_string()
            }
            None => String::new(),
        }
    };
    while let Some(&c) = chars.get(i) {
        i += 1;
        match c {
            '{' | '}' | '$' => {}
            '~' => out.push(' '),
            '\\' => {
                let Some(&next) = chars.get(i) else { break };
                if "'`^\"~=.".contains(next) {
                    i += 1;
                    let arg = argument(&mut i);
                    push_accented(&mut out, &next.to_string(), &arg);
                } else if next.is_ascii_alphabetic() {
                    let start = i;
                    while chars.get(i).is_some_and(char::is_ascii_alphabetic) {
                        i += 1;
                    }
                    let name: String = chars[start..i].iter().collect();
                    if matches!(name.as_str(), "c" | "v" | "r" | "H" | "u" | "k" | "d" | "b") {
                        let arg = argument(&mut i);
                        push_accented(&mut out, &name, &arg);
                    } else {
                        if let Some(text) = letter_command(&name) {
                            out.push_str(text);
                        }
                        // TeX swallows the spaces after a control word.
                        while chars.get(i).is_some_and(|c| *c == ' ') {
                            i += 1;
                        }
                    }
                } else {
                    i += 1;
                    if "&%$_#{}".contains(next) {
                        out.push(next);
                    } else {
                        out.push(' ');
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out.replace("---", "—")
        .replace("--", "–")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn push_accented(out: &mut String, accent: &str, arg: &str) {
    let mut rest = arg.chars();
    if let Some(base) = rest.next() {
        out.push(accented(accent, base).unwrap_or(if base == 'ı' { 'i' } else { base }));
    }
    out.extend(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coauthor_lines_in_every_shape() {
        let c = coauthor("Josiah Carberry <J.Carberry@Brown.example> 0000-0002-1825-0097").unwrap();
        assert_eq!(c.name, "Josiah Carberry");
        assert_eq!(c.email.as_deref(), Some("j.carberry@brown.example"));
        assert_eq!(c.orcid.as_deref(), Some("0000-0002-1825-0097"));
        let c = coauthor("Ada Osei").unwrap();
        assert_eq!((c.email, c.orcid), (None, None));
        let c = coauthor("Ada Osei, ada@uni.example").unwrap();
        assert_eq!(c.name, "Ada Osei");
        assert_eq!(c.email.as_deref(), Some("ada@uni.example"));
        let c = coauthor("B. Dalmasso https://orcid.org/0000-0002-1825-0097").unwrap();
        assert_eq!(c.orcid.as_deref(), Some("0000-0002-1825-0097"));
        assert!(
            coauthor("X <not-an-address>")
                .unwrap_err()
                .contains("not valid")
        );
        assert!(
            coauthor("X 0000-0002-1825-0098")
                .unwrap_err()
                .contains("ORCID")
        );
        assert!(coauthor("<a@b.example>").unwrap_err().contains("name"));
        let lines = coauthor_lines("A One\n\nB <bad>\n").unwrap_err();
        assert_eq!(lines.len(), 1);
        assert!(lines[0].starts_with("Line 3:"), "{lines:?}");
    }

    #[test]
    fn csv_with_quotes_header_and_problems() {
        let text = "title,year,coauthors\n\
                    \"Rare tumours, revisited\",2021,Ada Osei <ada@uni.example>; Bo Li\n\
                    Plain title,2019,\n\
                    Bad year,twenty,\n\
                    \n\
                    Unquoted, with comma,2020,C D\n";
        let (read, problems) = csv(text, 2026);
        assert_eq!(problems, vec!["Line 4: “twenty” is not a year."]);
        assert_eq!(read.len(), 3);
        assert_eq!(read[0].0, 2);
        assert_eq!(read[0].1.title, "Rare tumours, revisited");
        assert_eq!(read[0].1.coauthors.len(), 2);
        assert_eq!(read[1].1.coauthors.len(), 0);
        assert_eq!(read[2].1.title, "Unquoted, with comma");
        assert_eq!(read[2].1.year, 2020);
        let (_, problems) = csv("A,2020,\n\"open,2021,\n", 2026);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("Line 2:"));
    }

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
    fn latex_accents() {
        assert_eq!(latex_to_text(r#"G{\"o}del, Ku{\v{c}}era"#), "Gödel, Kučera");
        assert_eq!(
            latex_to_text(r"Fran\c{c}ois \ss{}e \'{\i}"),
            "François ße í"
        );
        assert_eq!(latex_to_text(r"pages 1--2 \& more"), "pages 1–2 & more");
    }

    #[test]
    fn years() {
        assert_eq!(year(" 2024 ", 2026), Ok(2024));
        assert!(year("2028", 2026).is_err());
        assert!(year("1899", 2026).is_err());
        assert_eq!(four_digits("2021-05-03"), Some("2021"));
        assert_eq!(four_digits("12345"), None);
    }
}
