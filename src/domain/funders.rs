//! Funders with grant numbers (issue 20 item 3d): the rows of the submission and revision
//! forms, checked; the Crossref Funder ID read however it was written and kept as its DOI;
//! and the record a round keeps of them (one line a funder) for the revision diff.
//!
//! The "Funding" declaration stays as words beside them: BMC asks for it so, and these rows
//! are what the Crossref deposit and the JATS front matter carry.

use super::form_errors::FormErrors;

/// The Open Funder Registry's DOI prefix.
pub const FUNDER_DOI_PREFIX: &str = "10.13039/";

/// One funder row as typed: `awards` is the grant or award numbers as one text, one a line
/// or separated by semicolons or commas.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunderInput {
    pub name: String,
    pub funder_id: String,
    pub awards: String,
}

/// A funder as stored and exported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Funder {
    pub name: String,
    /// The Crossref Funder ID as a DOI ("10.13039/501100000780"), or empty.
    pub funder_id: String,
    pub awards: Vec<String>,
}

impl Funder {
    /// The Funder ID as an address (`https://doi.org/10.13039/…`), or empty.
    pub fn funder_url(&self) -> String {
        if self.funder_id.is_empty() {
            String::new()
        } else {
            format!("https://doi.org/{}", self.funder_id)
        }
    }

    /// The award numbers as the pages show them.
    pub fn awards_shown(&self) -> String {
        self.awards.join(", ")
    }

    /// The row as the form shows it again.
    pub fn as_input(&self) -> FunderInput {
        FunderInput {
            name: self.name.clone(),
            funder_id: self.funder_id.clone(),
            awards: self.awards.join("\n"),
        }
    }
}

/// The Crossref Funder ID as its DOI, from the bare digits (`501100000780`), the DOI
/// (`10.13039/501100000780`) or its address (`https://doi.org/10.13039/…`, `doi:10.13039/…`).
pub fn parse_funder_id(typed: &str) -> Result<String, &'static str> {
    let t = typed.trim();
    let lower = t.to_ascii_lowercase();
    let mut rest = lower.as_str();
    for prefix in [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi.org/",
        "doi:",
    ] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
            break;
        }
    }
    let digits = rest.strip_prefix(FUNDER_DOI_PREFIX).unwrap_or(rest);
    if digits.is_empty() || digits.len() > 20 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(
            "this is not a Crossref Funder ID: give its digits (e.g. 501100000780) or its DOI (10.13039/501100000780), or leave it empty.",
        );
    }
    Ok(format!("{FUNDER_DOI_PREFIX}{digits}"))
}

/// The award numbers of a row, in order, without repeats.
pub fn award_list(typed: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in typed.split(['\n', ';', ',']) {
        let a = a.split_whitespace().collect::<Vec<_>>().join(" ");
        if !a.is_empty() && !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

/// The form field of funder `i`'s `part` (`funder_name_0`): where its error is shown.
pub fn funder_field(part: &str, i: usize) -> String {
    format!("funder_{part}_{i}")
}

impl FunderInput {
    /// Nothing typed in the row (a blank row added and left).
    pub fn is_blank(&self) -> bool {
        self.name.trim().is_empty()
            && self.funder_id.trim().is_empty()
            && self.awards.trim().is_empty()
    }
}

/// The funder rows checked: a name each (≤ 300 characters), a Funder ID if any that is
/// one, award numbers of ≤ 100 characters. Blank rows are left out.
pub fn check(rows: &[FunderInput], e: &mut FormErrors) -> Vec<Funder> {
    let mut valid = Vec::new();
    for (i, f) in rows.iter().enumerate() {
        if f.is_blank() {
            continue;
        }
        let say = |m: &str| format!("Funder {}: {m}", i + 1);
        let name = f.name.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut ok = true;
        if name.is_empty() {
            e.add(
                funder_field("name", i),
                say("enter the funder's name (or remove the row)."),
            );
            ok = false;
        } else if name.chars().count() > 300 || name.chars().any(char::is_control) {
            e.add(
                funder_field("name", i),
                say("keep the name under 300 characters."),
            );
            ok = false;
        }
        let funder_id = if f.funder_id.trim().is_empty() {
            String::new()
        } else {
            match parse_funder_id(&f.funder_id) {
                Ok(id) => id,
                Err(m) => {
                    e.add(funder_field("funder_id", i), say(m));
                    ok = false;
                    String::new()
                }
            }
        };
        let awards = award_list(&f.awards);
        if awards.iter().any(|a| a.chars().count() > 100) || awards.len() > 50 {
            e.add(
                funder_field("awards", i),
                say("keep each award number under 100 characters."),
            );
            ok = false;
        }
        if ok {
            valid.push(Funder {
                name,
                funder_id,
                awards,
            });
        }
    }
    valid
}

/// The funders as a round records them: a line a funder, its fields separated by tabs
/// (name, Funder ID, then the award numbers). Names and numbers hold no tabs or line ends:
/// [`check`] made their spaces single.
pub fn to_text(funders: &[Funder]) -> String {
    funders
        .iter()
        .map(|f| {
            let mut fields = vec![f.name.clone(), f.funder_id.clone()];
            fields.extend(f.awards.iter().cloned());
            fields.join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What [`to_text`] wrote, read back.
pub fn from_text(text: &str) -> Vec<Funder> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut fields = l.split('\t').map(str::to_owned);
            Funder {
                name: fields.next().unwrap_or_default(),
                funder_id: fields.next().unwrap_or_default(),
                awards: fields.collect(),
            }
        })
        .collect()
}

/// A funder as the revision diff names it: "Cancer Research UK (10.13039/501100000289),
/// awards C1234".
pub fn described(f: &Funder) -> String {
    let mut s = f.name.clone();
    if !f.funder_id.is_empty() {
        s.push_str(&format!(" ({})", f.funder_id));
    }
    if !f.awards.is_empty() {
        s.push_str(&format!(", awards {}", f.awards_shown()));
    }
    s
}

/// The same funder rows in the same order, blank rows ignored.
pub fn same(a: &[FunderInput], b: &[FunderInput]) -> bool {
    let kept = |l: &[FunderInput]| -> Vec<(String, String, Vec<String>)> {
        l.iter()
            .filter(|f| !f.is_blank())
            .map(|f| {
                (
                    f.name.trim().to_owned(),
                    parse_funder_id(&f.funder_id).unwrap_or_else(|_| f.funder_id.trim().to_owned()),
                    award_list(&f.awards),
                )
            })
            .collect()
    };
    kept(a) == kept(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_funder_id_is_read_however_written_and_kept_as_its_doi() {
        for typed in [
            "501100000780",
            "10.13039/501100000780",
            " https://doi.org/10.13039/501100000780 ",
            "doi:10.13039/501100000780",
            "HTTPS://DX.DOI.ORG/10.13039/501100000780",
        ] {
            assert_eq!(
                parse_funder_id(typed).as_deref(),
                Ok("10.13039/501100000780"),
                "{typed}"
            );
        }
        for bad in ["10.1186/501100000780", "abc", "10.13039/", "5011-0000"] {
            assert!(parse_funder_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rows_are_checked_each_at_its_field_and_blank_rows_left_out() {
        let rows = vec![
            FunderInput {
                name: " Cancer  Research UK ".into(),
                funder_id: "501100000289".into(),
                awards: "C1234/A5678; C9\nC9".into(),
            },
            FunderInput::default(),
            FunderInput {
                name: "".into(),
                funder_id: "nonsense".into(),
                awards: "".into(),
            },
        ];
        let mut e = FormErrors::new();
        let valid = check(&rows, &mut e);
        assert_eq!(valid.len(), 1);
        assert_eq!(valid[0].name, "Cancer Research UK");
        assert_eq!(valid[0].funder_id, "10.13039/501100000289");
        assert_eq!(valid[0].awards, vec!["C1234/A5678", "C9"]);
        assert!(e.has("funder_name_2") && e.has("funder_funder_id_2"));
        assert!(!e.has("funder_name_1"));
        assert_eq!(from_text(&to_text(&valid)), valid);
    }
}
