//! The words of a manuscript's first pages, read for double-blind review (issue 27 item 3):
//! whether the text itself names an author (a title page left in, an acknowledgement).
//!
//! Best effort and bounded, without a PDF crate: a PDF's first content streams are
//! inflated (FlateDecode, by miniz_oxide) or read as they are, and the strings shown by
//! `Tj`/`TJ` joined (a wide gap in a `TJ` array is a space). Fonts whose strings are glyph
//! numbers (a `ToUnicode` map would be needed) give nothing readable, so such a file is
//! simply not found to name anyone: the check can miss, it does not invent. A DOCX's text
//! is the `w:t` runs of word/document.xml.

use super::authors::{META_PART_MAX, find_from};
use super::kinds::{is_docx, is_pdf};
use super::zip::zip_part;

/// How much of a PDF is searched for content streams, how many streams are read, how much
/// of each is unpacked, and how much text is kept: the first pages, not the whole work.
const PDF_SEARCHED: usize = 4 * 1024 * 1024;
const STREAMS_READ: usize = 12;
const STREAM_UNPACKED_MAX: usize = 1024 * 1024;
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

/// The strings the first content streams show, in order.
fn pdf_text(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut from = 0;
    let mut read = 0;
    while read < STREAMS_READ && out.len() < TEXT_KEPT {
        let Some(at) = find_from(bytes, b"stream", from) else {
            break;
        };
        from = at + 6;
        // `endstream` also contains "stream"; a stream's data starts after its end of line.
        if at >= 3 && &bytes[at - 3..at] == b"end" {
            continue;
        }
        let mut start = at + 6;
        if bytes.get(start) == Some(&b'\r') {
            start += 1;
        }
        if bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        let Some(end) = find_from(bytes, b"endstream", start) else {
            break;
        };
        from = end + 9;
        let data = &bytes[start..end];
        let unpacked =
            miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(data, STREAM_UNPACKED_MAX)
                .unwrap_or_else(|_| data.to_vec());
        if find_from(&unpacked, b"BT", 0).is_none() {
            continue; // an image, a font, an object stream: not page text
        }
        read += 1;
        shown_strings(&unpacked, &mut out);
    }
    out
}

/// The literal strings of a content stream's text operators, a space between pieces that
/// a `TJ` array sets wide apart and after each `Tj`/`TJ`.
fn shown_strings(content: &[u8], out: &mut String) {
    let mut at = 0;
    let mut gap = 0.0_f64;
    while at < content.len() {
        match content[at] {
            b'(' => {
                let (text, next) = literal(content, at + 1);
                if gap < -200.0 {
                    out.push(' ');
                }
                gap = 0.0;
                out.push_str(&text);
                at = next;
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
            }
            b'T' if matches!(content.get(at + 1), Some(b'j' | b'J' | b'*')) => {
                out.push(' ');
                at += 2;
            }
            _ => at += 1,
        }
    }
}

/// A literal string's text from `from` (after its `(`), and where reading goes on.
fn literal(content: &[u8], from: usize) -> (String, usize) {
    let mut text = Vec::new();
    let mut depth = 1;
    let mut at = from;
    while at < content.len() {
        match content[at] {
            b'\\' => {
                if let Some(&c) = content.get(at + 1) {
                    text.push(match c {
                        b'n' | b'r' | b't' => b' ',
                        other => other,
                    });
                }
                at += 2;
                continue;
            }
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return (latin1(&text), at + 1);
                }
            }
            _ => {}
        }
        text.push(content[at]);
        at += 1;
    }
    (latin1(&text), at)
}

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|b| char::from(*b)).collect()
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
