//! Reading who a PDF says wrote it: the /Author of its document information dictionary
//! (found through its trailer and cross-reference table) and its XMP `dc:creator`; and how
//! many pages it has, from its page tree's /Count.

use super::authors::{FoundName, META_PART_MAX, find_from, meta_windows, xmp_creators};

/// PDF white space (ISO 32000 table 1) and delimiters.
fn pdf_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn pdf_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|b| pdf_space(*b)) {
        at += 1;
    }
    at
}

/// An unsigned integer at `at` (at most 10 digits): its value and where it ends.
fn pdf_uint(bytes: &[u8], at: usize) -> Option<(u64, usize)> {
    let digits = bytes
        .get(at..)?
        .iter()
        .take(11)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 || digits > 10 {
        return None;
    }
    let text = std::str::from_utf8(&bytes[at..at + digits]).ok()?;
    Some((text.parse().ok()?, at + digits))
}

/// `N G R` at `at`: the object and generation numbers of an indirect reference.
fn pdf_reference(bytes: &[u8], at: usize) -> Option<(u64, u64)> {
    let (num, at) = pdf_uint(bytes, skip_space(bytes, at))?;
    let (gen_, at) = pdf_uint(bytes, skip_space(bytes, at))?;
    let at = skip_space(bytes, at);
    (bytes.get(at) == Some(&b'R')
        && bytes
            .get(at + 1)
            .is_none_or(|b| pdf_space(*b) || pdf_delimiter(*b)))
    .then_some((num, gen_))
}

pub(super) fn pdf_names(bytes: &[u8]) -> Vec<FoundName> {
    let mut out = Vec::new();
    // An encrypted file's strings are ciphertext: nothing to read, nothing safe to blank.
    if meta_windows(bytes)
        .iter()
        .any(|(_, w)| find_from(w, b"/Encrypt", 0).is_some())
    {
        return out;
    }
    // The trailers (or cross-reference stream dictionaries) name the information dictionary.
    let mut infos: Vec<(u64, u64)> = Vec::new();
    for (_, window) in meta_windows(bytes) {
        let mut from = 0;
        while let Some(at) = find_from(window, b"/Info", from) {
            from = at + 5;
            if let Some(r) = pdf_reference(window, at + 5)
                && !infos.contains(&r)
                && infos.len() < 4
            {
                infos.push(r);
            }
        }
    }
    for (num, gen_) in infos {
        let Some(dict_at) = pdf_object_body(bytes, num, gen_) else {
            continue;
        };
        if let Some(value_at) = pdf_dict_value(bytes, dict_at, b"Author") {
            let value_at = match pdf_reference(bytes, value_at)
                .and_then(|(n, g)| pdf_object_body(bytes, n, g))
            {
                Some(at) => at,
                None => value_at,
            };
            if let Some(found) = pdf_string(bytes, value_at) {
                out.push(found);
            }
        }
    }
    for (offset, window) in meta_windows(bytes) {
        out.extend(xmp_creators(window, offset));
    }
    out
}

/// How many pages the PDF says it has: the /Count of the page tree its catalog (the
/// trailer's /Root) names. `None` when that cannot be read without decompressing (objects
/// kept in object streams) or the file does not say.
pub fn pdf_page_count(bytes: &[u8]) -> Option<u64> {
    for (_, window) in meta_windows(bytes).into_iter().rev() {
        let mut from = 0;
        while let Some(at) = find_from(window, b"/Root", from) {
            from = at + 5;
            let Some((num, gen_)) = pdf_reference(window, at + 5) else {
                continue;
            };
            let count = pdf_object_body(bytes, num, gen_)
                .and_then(|catalog| pdf_dict_value(bytes, catalog, b"Pages"))
                .and_then(|value| pdf_reference(bytes, value))
                .and_then(|(n, g)| pdf_object_body(bytes, n, g))
                .and_then(|pages| pdf_dict_value(bytes, pages, b"Count"))
                .and_then(|value| pdf_uint(bytes, skip_space(bytes, value)))
                .map(|(count, _)| count);
            if count.is_some() {
                return count;
            }
        }
    }
    None
}

/// Where the body of object `num gen` starts (after `obj`): by the classic cross-reference
/// table when `startxref` leads to one, else by looking for `num gen obj` in the windows.
fn pdf_object_body(bytes: &[u8], num: u64, gen_: u64) -> Option<usize> {
    let header = format!("{num} {gen_} obj");
    let header = header.as_bytes();
    let at_header = |at: usize| -> Option<usize> {
        let at = skip_space(bytes, at);
        bytes
            .get(at..)?
            .starts_with(header)
            .then_some(at + header.len())
    };
    if let Some(at) = xref_offset(bytes, num).and_then(at_header) {
        return Some(at);
    }
    for (offset, window) in meta_windows(bytes) {
        let mut from = 0;
        while let Some(at) = find_from(window, header, from) {
            from = at + 1;
            // Not the tail of a longer number ("11 0 obj" when looking for "1 0 obj").
            if at == 0 || !window[at - 1].is_ascii_digit() {
                return Some(offset + at + header.len());
            }
        }
    }
    None
}

/// The offset of object `num` by the last classic cross-reference table (`xref`, then
/// subsections of 20-byte entries), if the file has one and lists it as in use.
fn xref_offset(bytes: &[u8], num: u64) -> Option<usize> {
    let tail_at = bytes.len().saturating_sub(2048);
    let tail = &bytes[tail_at..];
    let key = b"startxref";
    let at = tail.windows(key.len()).rposition(|w| w == key)?;
    let (table_at, _) = pdf_uint(tail, skip_space(tail, at + key.len()))?;
    let table_at = usize::try_from(table_at).ok()?;
    let table = bytes.get(table_at..)?;
    if !table.starts_with(b"xref") {
        return None;
    }
    let mut at = 4;
    for _ in 0..1000 {
        at = skip_space(table, at);
        let (start, next) = pdf_uint(table, at)?;
        let (count, next) = pdf_uint(table, skip_space(table, next))?;
        // The entries start on the next line.
        let mut entries = next;
        while table
            .get(entries)
            .is_some_and(|b| *b == b' ' || *b == b'\t')
        {
            entries += 1;
        }
        if table.get(entries) == Some(&b'\r') {
            entries += 1;
        }
        if table.get(entries) == Some(&b'\n') {
            entries += 1;
        }
        if (start..start.saturating_add(count)).contains(&num) {
            let index = usize::try_from(num - start).ok()?;
            let entry = table.get(entries + index * 20..entries + index * 20 + 18)?;
            let (offset, _) = pdf_uint(entry, 0)?;
            return (entry.get(17) == Some(&b'n'))
                .then(|| usize::try_from(offset).ok())
                .flatten();
        }
        at = entries.checked_add(usize::try_from(count).ok()?.checked_mul(20)?)?;
        if table.get(at..)?.starts_with(b"trailer") {
            return None;
        }
    }
    None
}

/// In the dictionary starting at `at` (after skipping space, `<<`), where the value of
/// `/key` starts. Strings and nested dictionaries are stepped over, so a key that appears
/// inside another value does not count. Reads at most [`META_PART_MAX`] bytes.
fn pdf_dict_value(bytes: &[u8], at: usize, key: &[u8]) -> Option<usize> {
    let mut at = skip_space(bytes, at);
    if !bytes.get(at..)?.starts_with(b"<<") {
        return None;
    }
    at += 2;
    let end = at.saturating_add(META_PART_MAX).min(bytes.len());
    let mut depth = 1usize;
    while at < end {
        match bytes[at] {
            b'<' if bytes.get(at + 1) == Some(&b'<') => {
                depth += 1;
                at += 2;
            }
            b'>' if bytes.get(at + 1) == Some(&b'>') => {
                depth -= 1;
                if depth == 0 {
                    return None;
                }
                at += 2;
            }
            b'(' | b'<' => at = pdf_string(bytes, at)?.span.map_or(at + 1, |s| s.end + 1),
            b'/' => {
                let name_end = bytes[at + 1..end]
                    .iter()
                    .position(|b| pdf_space(*b) || pdf_delimiter(*b))
                    .map_or(end, |p| at + 1 + p);
                if depth == 1 && &bytes[at + 1..name_end] == key {
                    return Some(name_end);
                }
                at = name_end.max(at + 1);
            }
            _ => at += 1,
        }
    }
    None
}

/// The string at `at` (after space): a literal `( … )` with its escapes and balanced
/// parentheses, or a hexadecimal `< … >`; text in UTF-16BE (with its byte order mark),
/// UTF-8 (with its mark) or PDFDocEncoding (read as Latin-1). The span is its content,
/// between the delimiters.
fn pdf_string(bytes: &[u8], at: usize) -> Option<FoundName> {
    let start = skip_space(bytes, at);
    let limit = start.saturating_add(META_PART_MAX).min(bytes.len());
    let (raw, end) = match bytes.get(start)? {
        b'(' => literal_string(bytes, start + 1, limit)?,
        b'<' if bytes.get(start + 1) != Some(&b'<') => hex_string(bytes, start + 1, limit)?,
        _ => return None,
    };
    Some(FoundName {
        name: pdf_text(&raw),
        span: Some(start + 1..end),
    })
}

/// The bytes of a literal string whose content starts at `from`, and where its closing
/// parenthesis is (before `limit`).
fn literal_string(bytes: &[u8], from: usize, limit: usize) -> Option<(Vec<u8>, usize)> {
    let mut raw = Vec::new();
    let mut depth = 1usize;
    let mut i = from;
    while i < limit {
        let b = bytes[i];
        match b {
            b'\\' => {
                i = literal_escape(bytes, i + 1, &mut raw)?;
                continue;
            }
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some((raw, i));
                }
            }
            _ => {}
        }
        raw.push(b);
        i += 1;
    }
    None
}

/// The escape whose letter or digits start at `at` (after a backslash), added to `raw`;
/// where the string goes on.
fn literal_escape(bytes: &[u8], mut at: usize, raw: &mut Vec<u8>) -> Option<usize> {
    match *bytes.get(at)? {
        b'n' => raw.push(b'\n'),
        b'r' => raw.push(b'\r'),
        b't' => raw.push(b'\t'),
        b'b' => raw.push(8),
        b'f' => raw.push(12),
        b'0'..=b'7' => {
            let mut value: u32 = 0;
            let mut n = 0;
            while n < 3 && bytes.get(at).is_some_and(|d| (b'0'..=b'7').contains(d)) {
                value = value * 8 + u32::from(bytes[at] - b'0');
                at += 1;
                n += 1;
            }
            raw.push((value & 0xff) as u8);
            return Some(at);
        }
        // A backslash at the end of a line continues the string.
        b'\r' => {
            if bytes.get(at + 1) == Some(&b'\n') {
                at += 1;
            }
        }
        b'\n' => {}
        other => raw.push(other),
    }
    Some(at + 1)
}

/// The bytes of a hexadecimal string whose digits start at `from`, and where its closing
/// `>` is (before `limit`). A last lone digit is followed by 0.
fn hex_string(bytes: &[u8], from: usize, limit: usize) -> Option<(Vec<u8>, usize)> {
    let mut raw = Vec::new();
    let mut high: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate().take(limit).skip(from) {
        if b == b'>' {
            if let Some(h) = high {
                raw.push(h << 4);
            }
            return Some((raw, i));
        }
        if pdf_space(b) {
            continue;
        }
        let digit = (b as char).to_digit(16)? as u8;
        match high.take() {
            Some(h) => raw.push((h << 4) | digit),
            None => high = Some(digit),
        }
    }
    None
}

fn pdf_text(raw: &[u8]) -> String {
    if let Some(utf16) = raw.strip_prefix(b"\xfe\xff") {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Some(utf8) = raw.strip_prefix(b"\xef\xbb\xbf") {
        String::from_utf8_lossy(utf8).into_owned()
    } else {
        raw.iter().map(|b| char::from(*b)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::document_authors;
    use super::super::test_files::{minimal_pdf, pdf_with_info};
    use super::super::{FileKind, sniff};

    #[test]
    fn a_pdfs_pages_are_counted_from_its_page_tree() {
        assert_eq!(super::pdf_page_count(&pdf_with_info("<< >>", "")), Some(0));
        let two = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
        assert_eq!(super::pdf_page_count(two), Some(2));
        // A catalog without a page tree, or no PDF at all: not counted.
        assert_eq!(super::pdf_page_count(&minimal_pdf()), None);
        assert_eq!(super::pdf_page_count(b"PK\x03\x04 not a pdf"), None);
    }

    #[test]
    fn a_pdfs_author_is_read_from_its_information_dictionary() {
        let pdf = pdf_with_info(
            "<< /Title (On \\(rare\\) tumours /Author \\(not this\\)) /Author (Sofia Bianchi) /Creator (LaTeX) >>",
            "",
        );
        assert_eq!(sniff(&pdf), Some(FileKind::Pdf));
        assert_eq!(document_authors(&pdf), ["Sofia Bianchi"]);
        // Escapes, octal codes and a line continuation.
        let pdf = pdf_with_info("<</Author(Jos\\351 M\\\n\\(Pepe\\) Ruiz)>>", "");
        assert_eq!(document_authors(&pdf), ["José M(Pepe) Ruiz"]);
        // UTF-16BE in a hexadecimal string, with its byte order mark and white space.
        let pdf = pdf_with_info("<< /Author <FEFF 0053006F0066 00ED0061> >>", "");
        assert_eq!(document_authors(&pdf), ["Sofía"]);
        // An indirect value.
        let pdf = pdf_with_info("<< /Author 4 0 R >>", "4 0 obj (Mei Chen) endobj\n");
        assert_eq!(document_authors(&pdf), ["Mei Chen"]);
        // None, or an empty one.
        assert!(document_authors(&pdf_with_info("<< /Creator (Word) >>", "")).is_empty());
        assert!(document_authors(&pdf_with_info("<< /Author () >>", "")).is_empty());
        assert!(document_authors(&minimal_pdf()).is_empty());
        // Encrypted: the strings are not text.
        let mut encrypted = pdf_with_info("<< /Author (x7#q) >>", "");
        let at = encrypted.len() - 30;
        encrypted.splice(at..at, b"/Encrypt 9 0 R ".iter().copied());
        assert!(document_authors(&encrypted).is_empty());
    }

    #[test]
    fn a_pdfs_xmp_creator_is_read_too() {
        let xmp = "5 0 obj << /Type /Metadata /Subtype /XML /Length 200 >> stream\n<x:xmpmeta><rdf:RDF><rdf:Description><dc:creator><rdf:Seq><rdf:li>Sofia Bianchi</rdf:li><rdf:li xml:lang=\"x-default\">Mei &amp; Chen</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>\nendstream endobj\n";
        let pdf = pdf_with_info("<< /Author (Sofia Bianchi) >>", xmp);
        assert_eq!(document_authors(&pdf), ["Sofia Bianchi", "Mei & Chen"]);
    }
}
