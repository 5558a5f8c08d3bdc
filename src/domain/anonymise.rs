//! Text shown to reviewers under double-blind review, with what names the authors taken out:
//! a decision letter's salutation ("Dear Dr Bianchi,"), and the authors' names and addresses
//! wherever they appear in a letter, a response or a review.
//!
//! This removes the names the system knows (the author list); it cannot recognise a name it
//! was never told, so the author is also asked not to sign the response.

/// What a withheld name reads as.
pub const WITHHELD: &str = "[name withheld]";

/// Title and degree words that are never taken for a name part on their own.
const NOT_NAMES: [&str; 14] = [
    "dr",
    "prof",
    "professor",
    "mr",
    "mrs",
    "ms",
    "phd",
    "md",
    "msc",
    "mph",
    "mba",
    "bsc",
    "frcp",
    "frcs",
];

/// The letter without its salutation: a first line starting "Dear …" (which names the
/// corresponding author in every drafted letter) is left out, with the blank lines after it.
/// A letter that does not open so is returned as it is.
pub fn without_salutation(letter: &str) -> String {
    let mut lines = letter
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .peekable();
    let opens_with_dear = lines.peek().is_some_and(|first| {
        let t = first.trim();
        t.chars().count() <= 200
            && t.get(..5)
                .is_some_and(|head| head.eq_ignore_ascii_case("dear "))
    });
    if !opens_with_dear {
        return letter.to_owned();
    }
    lines.next();
    lines
        .skip_while(|l| l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` with every author's full name, every part of it of three letters or more (as a
/// whole word: "Dr Bianchi" loses "Bianchi", "Bianchini" stays) and every address replaced by
/// [`WITHHELD`], ignoring case.
pub fn withhold_names(text: &str, names: &[&str], emails: &[&str]) -> String {
    let mut needles: Vec<(Vec<char>, bool)> = Vec::new();
    let mut add = |needle: &str, whole_word: bool| {
        let chars: Vec<char> = needle.trim().chars().map(lower).collect();
        if !chars.is_empty() && !needles.iter().any(|(n, _)| *n == chars) {
            needles.push((chars, whole_word));
        }
    };
    for e in emails {
        if e.contains('@') {
            add(e, false);
        }
    }
    for n in names {
        add(n, true);
    }
    for n in names {
        for part in n.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'')) {
            let letters = part.chars().filter(|c| c.is_alphabetic()).count();
            if letters >= 3 && !NOT_NAMES.contains(&part.to_lowercase().as_str()) {
                add(part, true);
            }
        }
    }
    // Longest first, so a full name goes whole before its parts are looked for.
    needles.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
    let mut out: Vec<char> = text.chars().collect();
    for (needle, whole_word) in &needles {
        out = replace_all(&out, needle, *whole_word);
    }
    out.into_iter().collect()
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// `text` with each occurrence of `needle` (lower case) replaced by [`WITHHELD`].
fn replace_all(text: &[char], needle: &[char], whole_word: bool) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let end = i + needle.len();
        let matches = end <= text.len()
            && text[i..end]
                .iter()
                .zip(needle)
                .all(|(a, b)| lower(*a) == *b)
            && (!whole_word
                || ((i == 0 || !is_word(text[i - 1]))
                    && (end == text.len() || !is_word(text[end]))));
        if matches {
            out.extend(WITHHELD.chars());
            i = end;
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LETTER: &str = "Dear Sofia Bianchi,\n\nThank you for submitting your manuscript.\n\nReviewer 1:\n\n> Fine.\n\nYours sincerely,\n\nAtif A. Ahmed\n";

    #[test]
    fn the_salutation_goes_and_the_body_stays() {
        let body = without_salutation(LETTER);
        assert!(body.starts_with("Thank you for submitting"), "{body}");
        assert!(!body.contains("Sofia"));
        assert!(body.contains("Reviewer 1:\n\n> Fine."));
        assert!(body.contains("Atif A. Ahmed"));
        // A letter the editor opened otherwise is left as it is.
        assert_eq!(without_salutation("Hello.\nMore."), "Hello.\nMore.");
        assert_eq!(without_salutation(""), "");
        assert_eq!(without_salutation("  \n\nDear é,\n\nX"), "X");
        assert_eq!(without_salutation("Dé"), "Dé");
    }

    #[test]
    fn names_parts_and_addresses_are_withheld() {
        let text = "As Dr BIANCHI and Sofia Bianchi (sofia.bianchi@hsanmartino.example) wrote, \
                    Bianchini's method is cited; Sofia agrees. Ng too.";
        let out = withhold_names(
            text,
            &["Sofia Bianchi", "Li Ng"],
            &["Sofia.Bianchi@hsanmartino.example"],
        );
        assert!(!out.to_lowercase().contains("bianchi "), "{out}");
        assert!(!out.contains("Sofia"), "{out}");
        assert!(!out.contains("hsanmartino"), "{out}");
        assert!(
            out.contains("Bianchini's"),
            "a longer word is not a name: {out}"
        );
        assert!(out.contains("Ng too"), "two-letter parts are left: {out}");
        assert!(out.contains("As Dr [name withheld] and [name withheld] ([name withheld])"));
    }

    #[test]
    fn nothing_to_withhold_changes_nothing() {
        assert_eq!(withhold_names("Plain text.", &[], &[]), "Plain text.");
        assert_eq!(withhold_names("", &["Ada Lovelace"], &[]), "");
        assert_eq!(
            withhold_names("Dr Prof MD", &["Dr Prof MD"], &[]),
            "[name withheld]"
        );
    }
}
