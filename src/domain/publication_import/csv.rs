//! Publications as CSV: `title,year,coauthors`.

use super::{PaperSource, Publication, Read, coauthor, title, year};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
