//! The office's own letters (issue 18 part 3): the small template language of a
//! collection's letters, checked against the placeholders a message has, rendered, and
//! turned into the blocks of its HTML part. Pure: no database, no askama.
//!
//! The language has two things only, so an editor-in-chief can read every template:
//! `{{ name }}`, replaced by the message's value, and `{% if name %}…{% endif %}`, text
//! kept only when `name` is not empty (the shipped templates leave out a line such as "by
//! {authors}" under double-blind review; a derived default keeps that behaviour).
//!
//! A value of several lines put where a line begins with spaces only (`    {{ reason }}`)
//! has its other lines indented the same, as askama's `indent` filter does in the shipped
//! templates (blank lines stay blank).

use super::FormErrors;

/// One placeholder a message offers: its name and what it stands for, in one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder {
    pub name: &'static str,
    pub meaning: &'static str,
    /// The message cannot do its work without it (the invitation's link): a template
    /// that drops it is refused.
    pub required: bool,
}

/// The longest subject accepted, in characters.
pub const SUBJECT_MAX: usize = 300;
/// The longest body accepted, in characters.
pub const BODY_MAX: usize = 50_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'t> {
    Text(&'t str),
    Field(&'t str),
    If(&'t str),
    EndIf,
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The pieces of `t`, or what is wrong with its syntax (in the editor's words).
fn parse(t: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = t;
    let mut open: Option<&str> = None;
    loop {
        let next = [rest.find("{{"), rest.find("{%")]
            .into_iter()
            .flatten()
            .min();
        let Some(at) = next else {
            if !rest.is_empty() {
                out.push(Piece::Text(rest));
            }
            break;
        };
        if at > 0 {
            out.push(Piece::Text(&rest[..at]));
        }
        let tag = &rest[at..];
        let (close, is_field) = if tag.starts_with("{{") {
            ("}}", true)
        } else {
            ("%}", false)
        };
        let Some(end) = tag[2..].find(close) else {
            return Err(format!(
                "“{}” is opened but never closed with “{close}”.",
                tag.chars().take(20).collect::<String>().trim_end()
            ));
        };
        let inner = tag[2..2 + end].trim();
        rest = &tag[2 + end + 2..];
        if is_field {
            if !valid_name(inner) {
                return Err(format!(
                    "“{{{{ {inner} }}}}” is not a placeholder: a placeholder is a name from the list, such as {{{{ title }}}}."
                ));
            }
            out.push(Piece::Field(inner));
            continue;
        }
        let words: Vec<&str> = inner.split_whitespace().collect();
        match words.as_slice() {
            ["if", name] if valid_name(name) => {
                if let Some(outer) = open {
                    return Err(format!(
                        "“{{% if {name} %}}” is inside “{{% if {outer} %}}”: close the first with {{% endif %}} before opening another."
                    ));
                }
                open = Some(*name);
                out.push(Piece::If(name));
            }
            ["endif"] => {
                if open.take().is_none() {
                    return Err("“{% endif %}” closes no “{% if … %}”.".to_owned());
                }
                out.push(Piece::EndIf);
            }
            _ => {
                return Err(format!(
                    "“{{% {inner} %}}” is not understood: only {{% if name %}} … {{% endif %}} is."
                ));
            }
        }
    }
    if let Some(name) = open {
        return Err(format!(
            "“{{% if {name} %}}” is never closed: add {{% endif %}} where the optional text ends."
        ));
    }
    Ok(out)
}

/// The names `t` uses, in order, each once; or its syntax error.
pub fn names_used(t: &str) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = Vec::new();
    for piece in parse(t)? {
        if let Piece::Field(n) | Piece::If(n) = piece
            && !names.iter().any(|m| m == n)
        {
            names.push(n.to_owned());
        }
    }
    Ok(names)
}

/// Checks a template as the editor-in-chief typed it: the errors go beside the `subject`
/// and `body` fields. Refused: a syntax error, an unknown placeholder, a required one
/// missing from the body, an empty or over-long field, a subject on several lines.
pub fn check(subject: &str, body: &str, offered: &[Placeholder]) -> FormErrors {
    let mut errors = FormErrors::new();
    let unknown = |t: &str| -> Option<String> {
        let names = match names_used(t) {
            Ok(n) => n,
            Err(e) => return Some(e),
        };
        let strangers: Vec<String> = names
            .iter()
            .filter(|n| !offered.iter().any(|p| p.name == n.as_str()))
            .map(|n| format!("{{{{ {n} }}}}"))
            .collect();
        match strangers.len() {
            0 => None,
            1 => Some(format!(
                "{} is not a placeholder of this message: use one of those listed beside the field.",
                strangers[0]
            )),
            _ => Some(format!(
                "{} are not placeholders of this message: use those listed beside the field.",
                strangers.join(", ")
            )),
        }
    };
    if subject.trim().is_empty() {
        errors.add("subject", "Write the subject: it cannot be empty.");
    } else if subject.contains(['\n', '\r']) {
        errors.add("subject", "Write the subject on one line.");
    } else if subject.chars().count() > SUBJECT_MAX {
        errors.add(
            "subject",
            "The subject is too long (at most 300 characters).",
        );
    } else if let Some(e) = unknown(subject) {
        errors.add("subject", e);
    }
    if body.trim().is_empty() {
        errors.add("body", "Write the message: it cannot be empty.");
    } else if body.chars().count() > BODY_MAX {
        errors.add(
            "body",
            "The message is too long (at most 50,000 characters).",
        );
    } else if let Some(e) = unknown(body) {
        errors.add("body", e);
    } else {
        let used = names_used(body).unwrap_or_default();
        let missing: Vec<&Placeholder> = offered
            .iter()
            .filter(|p| p.required && !used.iter().any(|n| n == p.name))
            .collect();
        if !missing.is_empty() {
            let each: Vec<String> = missing
                .iter()
                .map(|p| format!("{{{{ {} }}}} ({})", p.name, p.meaning.trim_end_matches('.')))
                .collect();
            errors.add(
                "body",
                format!(
                    "This message needs {}: put it back in the message.",
                    each.join(" and ")
                ),
            );
        }
    }
    errors
}

/// `t` with every placeholder replaced by `value(name)`; a section `{% if name %}` is kept
/// only when that value is not empty. A template that does not parse comes back as it is
/// (every stored template was checked before it was saved).
pub fn render<'v>(t: &str, value: impl Fn(&str) -> &'v str) -> String {
    let Ok(pieces) = parse(t) else {
        return t.to_owned();
    };
    let mut out = String::with_capacity(t.len() + 256);
    let mut skipping = false;
    for piece in pieces {
        match piece {
            Piece::If(name) => skipping = value(name).is_empty(),
            Piece::EndIf => skipping = false,
            _ if skipping => {}
            Piece::Text(s) => out.push_str(s),
            Piece::Field(name) => push_indented(&mut out, value(name)),
        }
    }
    out
}

/// Appends `v`; when the line it starts on holds only spaces so far, its later non-blank
/// lines get the same indentation.
fn push_indented(out: &mut String, v: &str) {
    let line_start = out.rfind('\n').map_or(0, |i| i + 1);
    let prefix = &out[line_start..];
    if prefix.is_empty() || !prefix.chars().all(|c| c == ' ' || c == '\t') || !v.contains('\n') {
        out.push_str(v);
        return;
    }
    let prefix = prefix.to_owned();
    for (i, line) in v.split_inclusive('\n').enumerate() {
        if i > 0 && !matches!(line, "\n" | "\r\n") {
            out.push_str(&prefix);
        }
        out.push_str(line);
    }
}

// ---- The HTML part ------------------------------------------------------------------------

/// A piece of a line of the HTML part: text, or a link made clickable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Link(String),
}

impl Inline {
    /// The link, when it is one (for the HTML template).
    pub fn link(&self) -> Option<&str> {
        match self {
            Inline::Link(l) => Some(l),
            Inline::Text(_) => None,
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Inline::Link(l) | Inline::Text(l) => l,
        }
    }
}

/// A paragraph of the HTML part: its lines, and whether it was quoted or indented in the
/// text (shown as a quotation, its `>` or indentation removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub quoted: bool,
    pub lines: Vec<Vec<Inline>>,
}

/// The HTML part's paragraphs, from the plain text: the template (askama) escapes every
/// piece, so the editor's text is never HTML.
pub fn html_blocks(text: &str) -> Vec<Block> {
    let normalised = text.replace("\r\n", "\n");
    let mut blocks = Vec::new();
    for para in normalised.split("\n\n") {
        let lines: Vec<&str> = para.lines().filter(|l| !l.trim().is_empty()).collect();
        if lines.is_empty() {
            continue;
        }
        let quoted = lines
            .iter()
            .all(|l| l.starts_with('>') || l.starts_with("    ") || l.starts_with('\t'));
        let lines = lines
            .iter()
            .map(|l| {
                let l = if quoted {
                    l.trim_start_matches('>').trim_start()
                } else {
                    l.trim_end()
                };
                inlines(l)
            })
            .collect();
        blocks.push(Block { quoted, lines });
    }
    blocks
}

/// A line cut into text and links (`http://`, `https://`, up to the next space; a final
/// full stop, comma or bracket stays text).
fn inlines(line: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = [rest.find("https://"), rest.find("http://")]
        .into_iter()
        .flatten()
        .min()
    {
        if at > 0 {
            out.push(Inline::Text(rest[..at].to_owned()));
        }
        let tail = &rest[at..];
        let end = tail.find(char::is_whitespace).unwrap_or(tail.len());
        let link = tail[..end].trim_end_matches(['.', ',', ';', ':', ')', '"', '\'', '”', '»']);
        out.push(Inline::Link(link.to_owned()));
        rest = &tail[link.len()..];
    }
    if !rest.is_empty() {
        out.push(Inline::Text(rest.to_owned()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFERED: [Placeholder; 3] = [
        Placeholder {
            name: "name",
            meaning: "the reviewer's name",
            required: false,
        },
        Placeholder {
            name: "link",
            meaning: "the link to the invitation",
            required: true,
        },
        Placeholder {
            name: "message",
            meaning: "the editor's own message; may be empty",
            required: false,
        },
    ];

    fn values(name: &str) -> &'static str {
        match name {
            "name" => "Ada",
            "link" => "https://x.example/i/1",
            "message" => "Line one.\n\nLine two.",
            _ => "",
        }
    }

    #[test]
    fn placeholders_are_replaced_with_or_without_spaces() {
        assert_eq!(
            render("Dear {{ name }}, see {{link}}.", values),
            "Dear Ada, see https://x.example/i/1."
        );
    }

    #[test]
    fn sections_are_kept_only_for_a_value() {
        let t = "A{% if message %}\nThe editor writes: {{ name }}\n{% endif %}B";
        assert_eq!(render(t, values), "A\nThe editor writes: Ada\nB");
        assert_eq!(render(t, |_| ""), "AB");
    }

    #[test]
    fn values_of_several_lines_keep_the_indentation() {
        let t = "Note:\n    {{ message }}\nEnd";
        assert_eq!(
            render(t, values),
            "Note:\n    Line one.\n\n    Line two.\nEnd"
        );
        // Not at the start of a line: as it is.
        assert_eq!(
            render("x {{ message }}", values),
            "x Line one.\n\nLine two."
        );
    }

    #[test]
    fn unknown_and_missing_placeholders_are_refused() {
        let e = check("Hello {{ name }}", "{{ link }} {{ nmae }}", &OFFERED);
        assert!(
            e.get("body")
                .unwrap()
                .contains("{{ nmae }} is not a placeholder")
        );
        let e = check("Hello {{ reviewer }}", "{{ link }}", &OFFERED);
        assert!(e.get("subject").unwrap().contains("{{ reviewer }}"));
        let e = check("Hello", "Dear {{ name }}", &OFFERED);
        let m = e.get("body").unwrap();
        assert!(
            m.contains("needs {{ link }} (the link to the invitation)"),
            "{m}"
        );
        assert!(check("Hello", "{{ link }}", &OFFERED).is_empty());
        // The required link in the subject only is not enough: the body carries it.
        assert!(!check("{{ link }}", "Dear {{ name }}", &OFFERED).is_empty());
    }

    #[test]
    fn syntax_errors_are_explained() {
        for (t, says) in [
            ("{{ link", "never closed"),
            ("{{ two words }} {{ link }}", "not a placeholder"),
            ("{% if name %}{{ link }}", "never closed"),
            ("{% endif %}{{ link }}", "closes no"),
            ("{% if name %}{% if link %}{% endif %}{% endif %}", "inside"),
            ("{% for x in y %}{{ link }}", "not understood"),
        ] {
            let e = check("S", t, &OFFERED);
            let m = e.get("body").unwrap_or_else(|| panic!("{t}"));
            assert!(m.contains(says), "{t}: {m}");
        }
        assert!(check("S", "", &OFFERED).get("body").is_some());
        assert!(check("", "{{ link }}", &OFFERED).get("subject").is_some());
        assert!(
            check("a\nb", "{{ link }}", &OFFERED)
                .get("subject")
                .is_some()
        );
    }

    #[test]
    fn html_blocks_are_paragraphs_quotes_and_links() {
        let blocks = html_blocks(
            "Dear <b>Ada</b>,\nsecond line.\n\n> quoted\n> more\n\nSee https://x.example/a?b=1&c=2.",
        );
        assert_eq!(blocks.len(), 3);
        assert!(!blocks[0].quoted);
        assert_eq!(blocks[0].lines.len(), 2);
        assert_eq!(
            blocks[0].lines[0],
            vec![Inline::Text("Dear <b>Ada</b>,".into())]
        );
        assert!(blocks[1].quoted);
        assert_eq!(blocks[1].lines[0], vec![Inline::Text("quoted".into())]);
        assert_eq!(
            blocks[2].lines[0],
            vec![
                Inline::Text("See ".into()),
                Inline::Link("https://x.example/a?b=1&c=2".into()),
                Inline::Text(".".into()),
            ]
        );
    }
}
