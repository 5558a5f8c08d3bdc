//! The words of a manuscript's first pages, read for double-blind review (issue 27 item 3):
//! whether the text itself names an author (a title page left in, an acknowledgement).
//!
//! Best effort and bounded, without a PDF crate: a PDF's first content streams are
//! inflated (FlateDecode, by miniz_oxide) or read as they are, and the strings shown by
//! `Tj`, `TJ`, `'` and `"` joined (a wide gap in a `TJ` array is a space). Literal and hex
//! strings are decoded by the font that `Tf` chose: through its `ToUnicode` map when it has
//! one (how Word, pdfTeX, XeLaTeX, LuaLaTeX and browsers carry text, glyph numbers included;
//! found as `cmap` explains, in the file's objects and its object streams), else each byte
//! taken as a Latin-1 character. Still unread, so such a file is simply not found to name
//! anyone: fonts whose codes are glyph numbers without a `ToUnicode` map (some Type3 and
//! CID fonts), encrypted PDFs, text drawn as images or as paths, streams with other filters
//! than FlateDecode, and text past the first streams. The check can miss, it does not
//! invent. A DOCX's text is the `w:t` runs of word/document.xml.

use std::collections::HashMap;

use super::authors::{META_PART_MAX, find_from};
use super::kinds::{is_docx, is_pdf};
use super::zip::zip_part;

#[path = "text_cmap.rs"]
mod cmap;
use cmap::{CMap, Pdf};

/// How much of a PDF is searched for content streams, how many streams are read, how much
/// of each is unpacked, and how much text is kept: the first pages, not the whole work.
const PDF_SEARCHED: usize = 4 * 1024 * 1024;
const STREAMS_READ: usize = 12;
const STREAM_UNPACKED_MAX: usize = 1024 * 1024;
/// All streams looked at (images and fonts too, before they are known not to be page text):
/// at most this many, unpacked to at most this much in all, so a file of many small
/// compression bombs costs no more than one large one.
const STREAMS_LOOKED_AT: usize = 256;
const UNPACKED_IN_ALL: usize = 16 * 1024 * 1024;
const TEXT_KEPT: usize = 64 * 1024;

/// The text of the file's first pages, lower-cased with spaces collapsed; empty for other
/// kinds or when nothing could be read.
pub fn first_pages_text(bytes: &[u8]) -> String {
    let raw = if is_pdf(bytes) {
        pdf_text(&bytes[..bytes.len().min(PDF_SEARCHED)])
    } else if is_docx(bytes) {
        zip_part(bytes, b"word/document.xml", 16 * META_PART_MAX)
            .map(|xml| docx_text(&xml))
            .unwrap_or_default()
    } else {
        String::new()
    };
    folded(&raw)
}

/// Lower case, spaces collapsed: how a name is looked for in the text.
pub fn folded(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Of `people` (a name, an address), those the text names: by the whole name or the
/// address; one line each, as "Ada Osei" or "ada@uni.example".
pub fn named_in(text: &str, people: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (name, email) in people {
        let name_found = name.split_whitespace().count() >= 2 && text.contains(&folded(name));
        let email_found = !email.trim().is_empty() && text.contains(&folded(email));
        let said = if name_found {
            name.trim()
        } else {
            email.trim()
        };
        if (name_found || email_found) && !out.iter().any(|o: &String| o == said) {
            out.push(said.to_owned());
        }
    }
    out
}

fn docx_text(xml: &[u8]) -> String {
    let xml = String::from_utf8_lossy(xml);
    let mut out = String::new();
    // Each run's text, and a space at each paragraph's end.
    for part in xml.split("</w:p>") {
        for run in part.split("<w:t").skip(1) {
            let Some(open_end) = run.find('>') else {
                continue;
            };
            if run[..open_end].ends_with('/') {
                continue;
            }
            let body = &run[open_end + 1..];
            let body = &body[..body.find("</w:t>").unwrap_or(body.len())];
            out.push_str(&unescape(body));
        }
        out.push(' ');
        if out.len() > TEXT_KEPT {
            break;
        }
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The strings the first content streams show, in order, through their fonts' `ToUnicode`
/// maps when they have them (the file's objects indexed for those at the first text found).
fn pdf_text(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut pdf: Option<Pdf<'_>> = None;
    let mut from = 0;
    let (mut read, mut looked_at, mut unpacked_in_all) = (0, 0, 0);
    while read < STREAMS_READ
        && out.len() < TEXT_KEPT
        && looked_at < STREAMS_LOOKED_AT
        && unpacked_in_all < UNPACKED_IN_ALL
    {
        let Some(at) = find_from(bytes, b"stream", from) else {
            break;
        };
        from = at + 6;
        // `endstream` also contains "stream".
        if at >= 3 && &bytes[at - 3..at] == b"end" {
            continue;
        }
        let Some((start, end)) = stream_data(bytes, at) else {
            break;
        };
        from = end + 9;
        let unpacked = unpack(&bytes[start..end]);
        looked_at += 1;
        unpacked_in_all += unpacked.len();
        if find_from(&unpacked, b"BT", 0).is_none() {
            continue; // an image, a font, an object stream: not page text
        }
        read += 1;
        let pdf = pdf.get_or_insert_with(|| Pdf::new(bytes));
        let maps = pdf.fonts_at(at);
        let fonts: HashMap<&[u8], &CMap> = maps
            .iter()
            .filter_map(|(name, map)| Some((name.as_slice(), pdf.cmap(*map)?)))
            .collect();
        shown_strings(&unpacked, &fonts, &mut out);
    }
    out
}

/// Where the data of the stream whose `stream` keyword is at `at` starts (after its end of
/// line) and ends (at `endstream`).
fn stream_data(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let mut start = at + 6;
    if bytes.get(start) == Some(&b'\r') {
        start += 1;
    }
    if bytes.get(start) == Some(&b'\n') {
        start += 1;
    }
    Some((start, find_from(bytes, b"endstream", start)?))
}

/// A stream's data inflated when it is FlateDecode, else as it is.
fn unpack(data: &[u8]) -> Vec<u8> {
    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(data, STREAM_UNPACKED_MAX)
        .unwrap_or_else(|_| data.to_vec())
}

/// The strings of a content stream's text operators, decoded by the font `Tf` last chose
/// (a `ToUnicode` map from `fonts`, else each byte a Latin-1 character); a space between
/// pieces that a `TJ` array sets wide apart and after each `Tj`, `TJ`, `'` and `"`.
fn shown_strings(content: &[u8], fonts: &HashMap<&[u8], &CMap>, out: &mut String) {
    let mut at = 0;
    let mut gap = 0.0_f64;
    let mut name: &[u8] = b"";
    let mut font: Option<&CMap> = None;
    while at < content.len() && out.len() <= TEXT_KEPT {
        let shown = match content[at] {
            b'(' => Some(literal(content, at + 1)),
            b'<' if content.get(at + 1) == Some(&b'<') => {
                // Marked content's properties: an `/ActualText` is not in the font's codes.
                at += balanced(&content[at..]).len().max(2);
                None
            }
            b'<' => {
                let hex = hex_string(content, at + 1);
                if hex.is_none() {
                    at += 1; // not a hex string: passed over
                }
                hex
            }
            b'/' => {
                let end = token_end(content, at + 1);
                name = &content[at + 1..end];
                at = end;
                None
            }
            b'-' | b'0'..=b'9' | b'.' => {
                let end = content[at..]
                    .iter()
                    .position(|b| !(b.is_ascii_digit() || *b == b'.' || *b == b'-'))
                    .map_or(content.len(), |p| at + p);
                gap = std::str::from_utf8(&content[at..end])
                    .ok()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0.0);
                at = end.max(at + 1);
                None
            }
            b'T' if content.get(at + 1) == Some(&b'f') => {
                font = fonts.get(name).copied();
                at += 2;
                None
            }
            b'T' if matches!(content.get(at + 1), Some(b'j' | b'J' | b'*')) => {
                out.push(' ');
                at += 2;
                None
            }
            b'\'' | b'"' => {
                out.push(' ');
                at += 1;
                None
            }
            _ => {
                at += 1;
                None
            }
        };
        let Some((raw, next)) = shown else {
            continue;
        };
        if gap < -200.0 {
            out.push(' ');
        }
        gap = 0.0;
        match font {
            Some(map) => map.decode(&raw, out, TEXT_KEPT),
            None => out.push_str(&latin1(&raw)),
        }
        at = next.max(at + 1);
    }
}

/// A literal string's bytes from `from` (after its `(`), and where reading goes on.
fn literal(content: &[u8], from: usize) -> (Vec<u8>, usize) {
    let mut raw = Vec::new();
    let mut depth = 1;
    let mut at = from;
    while let Some(&b) = content.get(at) {
        match b {
            b'\\' => {
                at = escape(content, at + 1, &mut raw);
                continue;
            }
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return (raw, at + 1);
                }
            }
            _ => {}
        }
        raw.push(b);
        at += 1;
    }
    (raw, at)
}

/// The byte an escape stands for (from `at`, after its backslash) pushed to `raw`; where
/// reading goes on. A backslash at an end of line continues the string on the next.
fn escape(content: &[u8], at: usize, raw: &mut Vec<u8>) -> usize {
    let Some(&c) = content.get(at) else {
        return at;
    };
    match c {
        b'n' => raw.push(b'\n'),
        b'r' => raw.push(b'\r'),
        b't' => raw.push(b'\t'),
        b'b' => raw.push(0x08),
        b'f' => raw.push(0x0c),
        b'0'..=b'7' => {
            let digits = content[at..]
                .iter()
                .take(3)
                .take_while(|d| matches!(d, b'0'..=b'7'))
                .fold((0_u32, 0), |(v, n), d| (v * 8 + u32::from(d - b'0'), n + 1));
            raw.push((digits.0 & 0xff) as u8);
            return at + digits.1;
        }
        b'\r' if content.get(at + 1) == Some(&b'\n') => return at + 2,
        b'\r' | b'\n' => {}
        other => raw.push(other),
    }
    at + 1
}

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|b| char::from(*b)).collect()
}

/// PDF white space (ISO 32000 table 1) and what ends a token.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn ends_token(b: u8) -> bool {
    is_space(b)
        || matches!(
            b,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
        )
}

/// Where the token starting at `at` ends.
fn token_end(bytes: &[u8], at: usize) -> usize {
    bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|b| ends_token(*b)))
        .map_or(bytes.len(), |p| at + p)
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|b| is_space(*b)) {
        at += 1;
    }
    at
}

/// An unsigned integer of at most ten digits at `at` (after any space), and where it ends.
fn uint_at(bytes: &[u8], at: usize) -> Option<(u64, usize)> {
    let at = skip_space(bytes, at);
    let end = at
        + bytes
            .get(at..)?
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
    if end == at || end - at > 10 || bytes.get(end).is_some_and(|b| !ends_token(*b)) {
        return None;
    }
    let digits = std::str::from_utf8(bytes.get(at..end)?).ok()?;
    Some((digits.parse().ok()?, end))
}

/// An indirect reference `N G R` at `at`: the object number and where it ends.
fn reference(bytes: &[u8], at: usize) -> Option<(u64, usize)> {
    let (num, end) = uint_at(bytes, at)?;
    let (_, end) = uint_at(bytes, end)?;
    let r = skip_space(bytes, end);
    (bytes.get(r) == Some(&b'R') && bytes.get(r + 1).is_none_or(|b| ends_token(*b)))
        .then_some((num, r + 1))
}

/// Where the value of `key` (a name with its `/`) starts in `dict`: the first `key` not
/// followed by more of a longer name.
fn value_at(dict: &[u8], key: &[u8]) -> Option<usize> {
    let mut from = 0;
    loop {
        let at = find_from(dict, key, from)?;
        from = at + key.len();
        if dict.get(from).is_none_or(|b| ends_token(*b)) {
            return Some(skip_space(dict, from));
        }
    }
}

/// The name that is the value of `key` in `dict`, without its `/`.
fn name_value<'d>(dict: &'d [u8], key: &[u8]) -> Option<&'d [u8]> {
    let at = value_at(dict, key)?;
    (dict.get(at) == Some(&b'/')).then(|| dict.get(at + 1..token_end(dict, at + 1)))?
}

/// A dictionary from its `<<` to its matching `>>` (or the end of `bytes`).
fn balanced(bytes: &[u8]) -> &[u8] {
    let mut depth = 0_usize;
    let mut at = 0;
    while let Some(pair) = bytes.get(at..at + 2) {
        if pair == b"<<" {
            depth += 1;
            at += 2;
        } else if pair == b">>" {
            depth = depth.saturating_sub(1);
            at += 2;
            if depth == 0 {
                return &bytes[..at];
            }
        } else {
            at += 1;
        }
    }
    bytes
}

/// The bytes of a hex string from `from` (after its `<`) and where reading goes on; none
/// when it holds something other than hex digits and space or has no `>`. An odd last
/// digit is followed by 0, as ISO 32000 says.
fn hex_string(bytes: &[u8], from: usize) -> Option<(Vec<u8>, usize)> {
    let mut out = Vec::new();
    let mut high: Option<u8> = None;
    let mut at = from;
    loop {
        let b = *bytes.get(at)?;
        at += 1;
        if b == b'>' {
            break;
        }
        if is_space(b) {
            continue;
        }
        let digit = char::from(b).to_digit(16)? as u8;
        match high.take() {
            Some(h) => out.push(h << 4 | digit),
            None => high = Some(digit),
        }
    }
    out.extend(high.map(|h| h << 4));
    Some((out, at))
}

#[cfg(test)]
mod tests {
    use super::super::test_files::zip_file;
    use super::*;

    fn people() -> Vec<(String, String)> {
        vec![
            ("Ada Osei".into(), "ada@uni.example".into()),
            ("Ben Moller".into(), "ben@clinic.example".into()),
        ]
    }

    #[test]
    fn a_pdf_title_page_names_its_author_even_compressed() {
        let content = b"BT /F1 12 Tf 72 720 Td [(Ada)-333(Osei)]TJ ET BT (Uni of Ghana) Tj ET";
        for packed in [false, true] {
            let data = if packed {
                miniz_oxide::deflate::compress_to_vec_zlib(content, 6)
            } else {
                content.to_vec()
            };
            let mut pdf =
                b"%PDF-1.7\n4 0 obj << /Length 99 /Filter /FlateDecode >>\nstream\n".to_vec();
            pdf.extend_from_slice(&data);
            pdf.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
            let text = first_pages_text(&pdf);
            assert!(text.contains("ada osei"), "{text}");
            assert_eq!(named_in(&text, &people()), ["Ada Osei"]);
        }
    }

    /// Object `num` of a hand-made PDF.
    fn object(num: u32, text: &str) -> Vec<u8> {
        format!("{num} 0 obj\n{text}\nendobj\n").into_bytes()
    }

    /// Stream object `num` with `entries` in its dictionary, its data packed by zlib or not.
    fn stream(num: u32, entries: &str, data: &[u8], packed: bool) -> Vec<u8> {
        let (data, filter) = if packed {
            (
                miniz_oxide::deflate::compress_to_vec_zlib(data, 6),
                "/Filter /FlateDecode",
            )
        } else {
            (data.to_vec(), "")
        };
        let len = data.len();
        let mut out = format!("{num} 0 obj\n<< {entries} /Length {len} {filter} >>\nstream\n");
        let mut out = std::mem::take(&mut out).into_bytes();
        out.extend(data);
        out.extend_from_slice(b"\nendstream\nendobj\n");
        out
    }

    fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        for o in objects {
            pdf.extend_from_slice(o);
        }
        pdf.extend_from_slice(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n");
        pdf
    }

    /// A CMap as Word or XeLaTeX write it, with `body` between its code space and its end.
    fn cmap(space: &str, body: &str) -> Vec<u8> {
        format!(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n\
             1 begincodespacerange\n{space}\nendcodespacerange\n{body}\n\
             endcmap CMapName currentdict /CMap defineresource pop end end\n"
        )
        .into_bytes()
    }

    /// A title page set in an Identity-H font of glyph numbers (`F1`) and a plain font
    /// (`F2`), its fonts given by its parent's resources, in an object stream or not.
    fn glyph_pdf(to_unicode: &str, in_object_stream: bool, packed: bool) -> Vec<u8> {
        let content = b"BT /F1 12 Tf 72 720 Td /Span <</ActualText <FEFF0041>>> BDC \
            <0024004700440003003200560048004C> Tj EMC \
            0 -14 Td [<0038>-10<0051004C0059>-400<00520049>] TJ /F2 10 Tf (Ghana) Tj ET";
        let to_unicode_map = cmap(
            "<0000> <FFFF>",
            "1 beginbfchar\n<0003> <0020>\nendbfchar\n\
             1 beginbfrange\n<0024> <005D> <0041>\nendbfrange",
        );
        let fonts = [
            "<< /Font << /F1 5 0 R /F2 7 0 R >> >>".to_owned(),
            format!(
                "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Lato /Encoding /Identity-H \
                 /DescendantFonts [8 0 R] /ToUnicode {to_unicode} >>"
            ),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        ];
        let mut objects = vec![
            object(1, "<< /Type /Catalog /Pages 2 0 R >>"),
            object(
                2,
                "<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources 6 0 R >>",
            ),
            object(3, "<< /Type /Page /Parent 2 0 R /Contents [4 0 R] >>"),
            stream(4, "", content, packed),
        ];
        if in_object_stream {
            let (mut head, mut body) = (String::new(), String::new());
            for (num, text) in [6, 5, 7].iter().zip(&fonts) {
                head.push_str(&format!("{num} {} ", body.len()));
                body.push_str(text);
                body.push('\n');
            }
            let entries = format!("/Type /ObjStm /N 3 /First {}", head.len());
            objects.push(stream(10, &entries, (head + &body).as_bytes(), packed));
        } else {
            objects.extend([6, 5, 7].iter().zip(&fonts).map(|(n, t)| object(*n, t)));
        }
        objects.push(object(8, "<< /Type /Font /Subtype /CIDFontType2 >>"));
        objects.push(stream(9, "", &to_unicode_map, packed));
        pdf_of(&objects)
    }

    #[test]
    fn a_title_page_in_glyph_numbers_is_read_through_its_to_unicode_map() {
        for (in_object_stream, packed) in [(false, true), (true, true), (true, false)] {
            let pdf = glyph_pdf("9 0 R", in_object_stream, packed);
            let text = first_pages_text(&pdf);
            assert_eq!(
                text, "ada osei univ of ghana",
                "{in_object_stream} {packed}"
            );
            assert_eq!(named_in(&text, &people()), ["Ada Osei"]);
        }
        // Without its map the font's glyph numbers say nothing, and nobody is found.
        for missing in ["99 0 R", "8 0 R", "/Identity-H"] {
            let text = first_pages_text(&glyph_pdf(missing, false, true));
            assert!(text.ends_with(" ghana"), "{text}");
            assert!(named_in(&text, &people()).is_empty(), "{text}");
        }
    }

    #[test]
    fn one_byte_codes_read_ranges_of_strings_ligatures_and_surrogate_pairs() {
        let map = cmap(
            "<00> <FF>",
            "4 beginbfchar\n<05> <00660069>\n<20> <0020>\n<4D> <004D>\n<7F> <D835DC00>\n\
             endbfchar\n2 beginbfrange\n<10> <12> [<0042> <0065> <006E>]\n\
             <61> <7A> <0061>\nendbfrange",
        );
        let content = br"BT /T1 10 Tf (\020\021\022 Moller) Tj [<05>-50<6E65>] TJ <7F> ' ET";
        let pdf = pdf_of(&[
            object(1, "<< /Type /Catalog /Pages 2 0 R >>"),
            object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            object(
                3,
                "<< /Type /Page /Parent 2 0 R /Contents 4 0 R \
                 /Resources << /ProcSet [/PDF /Text] /Font << /T1 5 0 R >> >> >>",
            ),
            stream(4, "", content, true),
            object(5, "<< /Type /Font /Subtype /Type1 /ToUnicode 6 0 R >>"),
            stream(6, "", &map, true),
        ]);
        let text = first_pages_text(&pdf);
        assert_eq!(text, "ben moller fine \u{1d400}");
        assert_eq!(named_in(&text, &people()), ["Ben Moller"]);
    }

    #[test]
    fn hostile_maps_and_broken_files_give_no_names_and_never_panic() {
        let huge =
            "<00000000> <FFFFFFFF> <0041>\n".to_owned() + &"<0000> <FFFF> <0041>\n".repeat(40);
        let maps = [
            format!("41 beginbfrange\n{huge}endbfrange"),
            "2 beginbfchar\n<0024> <0041\n<00> <> <> <0041> endbfchar".to_owned(),
            "1 beginbfrange\n<0024> <0030> [<0041> <0042 <0043>\n".to_owned(),
            "1 beginbfchar <0024> <00410> <004> <D835> <0047> <0044> endbfchar".to_owned(),
        ];
        for map in &maps {
            let content = b"BT /F1 1 Tf <0024004700440003> Tj <0024004 Tj <00240> Tj ET";
            let pdf = pdf_of(&[
                object(
                    3,
                    "<< /Type /Page /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                ),
                stream(4, "", content, true),
                object(5, "<< /Type /Font /ToUnicode 6 0 R >>"),
                stream(6, "", &cmap("<0000> <FFFF>", map), true),
            ]);
            assert!(named_in(&first_pages_text(&pdf), &people()).is_empty());
        }
        let broken: [&[u8]; 8] = [
            b"obj",
            b"1 0 obj",
            b" 0 obj << /Type /ObjStm /N 99999999999 /First 99999999999 >> stream\nxx",
            b"3 0 obj << /Type /Page /Parent 3 0 R /Contents 3 0 R >>\nstream\nBT /F1 Tf <00> Tj",
            b"3 0 obj << /Type /Page /Parent 3 0 R /Contents [3 0 R 3 0 R >>\nstream\nBT <00> \
              Tj ET\nendstream /Resources << /Font << /F1 3 0 R /F2 >> /ToUnicode 3 0 R",
            b"<<<<<<< >> >> /Font /ToUnicode 4294967296 0 R stream\nBT (\\",
            b"stream\r\nBT (a\\",
            b"stream\nBT <",
        ];
        for bytes in broken {
            assert!(named_in(&pdf_text(bytes), &people()).is_empty());
        }
        // Every cut of a whole file, and every byte of it changed for a delimiter.
        let pdf = glyph_pdf("9 0 R", true, false);
        for cut in 0..pdf.len() {
            pdf_text(&pdf[..cut]);
        }
        for at in 0..pdf.len() {
            for b in [b'<', b'>', b'(', b')', b'[', b'/', b'\\', b'0', b' '] {
                let mut changed = pdf.clone();
                changed[at] = b;
                pdf_text(&changed);
            }
        }
    }

    #[test]
    fn a_word_file_names_its_author_by_name_or_address() {
        let doc = br#"<w:document><w:body><w:p><w:r><w:t>Corresponding: </w:t></w:r><w:r><w:t xml:space="preserve">ben@clinic.example</w:t></w:r></w:p><w:p><w:r><w:t>Results &amp; more</w:t></w:r></w:p></w:body></w:document>"#;
        let docx = zip_file(
            &[
                ("[Content_Types].xml", b"<Types/>".as_slice()),
                ("word/document.xml", doc.as_slice()),
            ],
            true,
        );
        let text = first_pages_text(&docx);
        assert!(text.contains("results & more"), "{text}");
        assert_eq!(named_in(&text, &people()), ["ben@clinic.example"]);
    }

    #[test]
    fn a_text_naming_nobody_finds_nobody() {
        assert!(named_in("outcomes of retinoblastoma in ghana", &people()).is_empty());
        assert!(first_pages_text(b"plain bytes").is_empty());
        // A one-word name is too common to be looked for.
        let one = vec![("Osei".to_owned(), String::new())];
        assert!(named_in("osei", &one).is_empty());
    }
}
