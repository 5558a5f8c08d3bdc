//! Text, addresses and ORCID iDs in one form for comparison.

pub(super) fn normalise_email(raw: &str) -> Option<String> {
    let e = raw.trim().to_lowercase();
    (e.contains('@') && !e.starts_with('@') && !e.ends_with('@')).then_some(e)
}

pub(super) fn normalise_emails<'a>(raw: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in raw.filter_map(normalise_email) {
        if !out.contains(&e) {
            out.push(e);
        }
    }
    out
}

/// The 16 characters of an ORCID iD (URL, hyphens and case dropped), if it has them.
pub(super) fn normalise_orcid(raw: &str) -> Option<String> {
    let t = raw.trim();
    let bare = t.rsplit_once("orcid.org/").map_or(t, |(_, rest)| rest);
    let id: String = bare
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let ok = id.len() == 16
        && id[..15].chars().all(|c| c.is_ascii_digit())
        && id[15..].chars().all(|c| c.is_ascii_digit() || c == 'X');
    ok.then_some(id)
}

pub(super) fn orcid_display(id: &str) -> String {
    match (id.get(0..4), id.get(4..8), id.get(8..12), id.get(12..16)) {
        (Some(a), Some(b), Some(c), Some(d)) => format!("{a}-{b}-{c}-{d}"),
        _ => id.to_owned(),
    }
}

/// Lower-cased words with accents folded (`Hôpital Saint-Louis` → `hopital`, `saint`,
/// `louis`); apostrophes join (`Children's` → `childrens`), other punctuation separates.
pub(super) fn fold_tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c == '\'' || c == '’' || c == 'ʼ' || ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        if let Some(folded) = fold_char(c) {
            word.push_str(folded);
        } else if c.is_alphanumeric() {
            word.push(c);
        } else if !word.is_empty() {
            tokens.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        tokens.push(word);
    }
    tokens
}

/// The plain Latin letters of a lower-case accented letter.
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        _ => return None,
    })
}
