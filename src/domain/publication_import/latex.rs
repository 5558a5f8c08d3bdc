//! TeX as people read it: accents composed, braces and commands dropped.

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
    while let Some(&c) = chars.get(i) {
        i += 1;
        match c {
            '{' | '}' | '$' => {}
            '~' => out.push(' '),
            '\\' => {
                let Some(&next) = chars.get(i) else { break };
                command(&chars, &mut i, next, &mut out);
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

/// The command after a backslash, starting at `i` with `next`: an accent and its
/// argument, a control word (`\ss`, `\textendash`) or an escaped character.
fn command(chars: &[char], i: &mut usize, next: char, out: &mut String) {
    if "'`^\"~=.".contains(next) {
        *i += 1;
        let arg = argument(chars, i);
        push_accented(out, &next.to_string(), &arg);
    } else if next.is_ascii_alphabetic() {
        let start = *i;
        while chars.get(*i).is_some_and(char::is_ascii_alphabetic) {
            *i += 1;
        }
        let name: String = chars[start..*i].iter().collect();
        if matches!(name.as_str(), "c" | "v" | "r" | "H" | "u" | "k" | "d" | "b") {
            let arg = argument(chars, i);
            push_accented(out, &name, &arg);
        } else {
            if let Some(text) = letter_command(&name) {
                out.push_str(text);
            }
            // TeX swallows the spaces after a control word.
            while chars.get(*i).is_some_and(|c| *c == ' ') {
                *i += 1;
            }
        }
    } else {
        *i += 1;
        if "&%$_#{}".contains(next) {
            out.push(next);
        } else {
            out.push(' ');
        }
    }
}

/// The argument of an accent: `{e}`, `e`, or `{\i}`.
fn argument(chars: &[char], i: &mut usize) -> String {
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
    fn latex_accents() {
        assert_eq!(latex_to_text(r#"G{\"o}del, Ku{\v{c}}era"#), "Gödel, Kučera");
        assert_eq!(
            latex_to_text(r"Fran\c{c}ois \ss{}e \'{\i}"),
            "François ße í"
        );
        assert_eq!(latex_to_text(r"pages 1--2 \& more"), "pages 1–2 & more");
    }
}
