//! Who the document says wrote it: the names a file's own properties give, read for
//! double-blind review, and a copy with them removed for the reviewers.

use super::kinds::{is_docx, is_pdf};
use super::pdf::pdf_names;
use super::zip::zip_part;

/// How much of a PDF's start and of its end is searched for its document information and
/// XMP metadata: where writers put them (and their trailers), without reading a whole file.
const META_WINDOW: usize = 256 * 1024;
/// The most bytes of one dictionary, one XML part, or one unpacked DOCX part read.
pub(super) const META_PART_MAX: usize = 64 * 1024;
/// The most names reported for one file, and the longest name kept.
const META_NAMES_MAX: usize = 8;
const META_NAME_CHARS: usize = 200;

/// A name a file's document properties give, and where its bytes are in the file (so a
/// copy can have it blanked, see [`blank_document_authors`]); `span` is `None` where the
/// bytes cannot be blanked in place (a compressed DOCX part).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FoundName {
    pub(super) name: String,
    pub(super) span: Option<std::ops::Range<usize>>,
}

/// The names a file's own document properties give as its author: a PDF's /Author (in its
/// document information dictionary) and XMP `dc:creator`; a DOCX's `dc:creator` and
/// `cp:lastModifiedBy` (docProps/core.xml). Other kinds have none here.
///
/// Reads a bounded part of the file only (the start and end of a PDF, one part of a DOCX)
/// and never fails: malformed input gives whatever could be read, often nothing. A PDF
/// whose information sits in a compressed object stream is not read.
pub fn document_authors(bytes: &[u8]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for f in found_names(bytes) {
        if names.len() < META_NAMES_MAX && !names.iter().any(|n| n.eq_ignore_ascii_case(&f.name)) {
            names.push(f.name);
        }
    }
    names
}

/// The reviewer's copy of a file whose document properties name its author: a PDF with
/// every /Author value and XMP `dc:creator` entry that [`document_authors`] finds
/// overwritten with spaces of the same length, so every byte offset (and so the
/// cross-reference table) stays valid and the document reads the same; a DOCX with its
/// core properties' `dc:creator` and `cp:lastModifiedBy` emptied (`docx_copy`). `None`
/// when there is nothing to remove, or the file is neither.
pub fn blank_document_authors(bytes: &[u8]) -> Option<Vec<u8>> {
    if is_docx(bytes) {
        return super::docx_copy::docx_without_authors(bytes);
    }
    if !is_pdf(bytes) {
        return None;
    }
    let spans: Vec<std::ops::Range<usize>> = found_names(bytes)
        .into_iter()
        .filter_map(|f| f.span)
        .collect();
    if spans.is_empty() {
        return None;
    }
    let mut copy = bytes.to_vec();
    for span in spans {
        if let Some(part) = copy.get_mut(span) {
            part.fill(b' ');
        }
    }
    Some(copy)
}

fn found_names(bytes: &[u8]) -> Vec<FoundName> {
    let found = if is_pdf(bytes) {
        pdf_names(bytes)
    } else if is_docx(bytes) {
        docx_names(bytes)
    } else {
        Vec::new()
    };
    found
        .into_iter()
        .filter_map(|f| {
            let name: String = f
                .name
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .filter(|c| !c.is_control())
                .take(META_NAME_CHARS)
                .collect();
            (!name.is_empty()).then_some(FoundName { name, ..f })
        })
        .collect()
}

/// The start and the end of a file, each at most [`META_WINDOW`] long, with the offset of
/// each in the file. One window when the file is that short.
pub(super) fn meta_windows(bytes: &[u8]) -> Vec<(usize, &[u8])> {
    if bytes.len() <= 2 * META_WINDOW {
        vec![(0, bytes)]
    } else {
        let tail_at = bytes.len() - META_WINDOW;
        vec![(0, &bytes[..META_WINDOW]), (tail_at, &bytes[tail_at..])]
    }
}

pub(super) fn find_from(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The `rdf:li` entries of each XMP `<dc:creator>` in `window` (which starts at `offset`
/// in the file), with their spans in the file.
pub(super) fn xmp_creators(window: &[u8], offset: usize) -> Vec<FoundName> {
    xml_texts(window, b"dc:creator", true)
        .into_iter()
        .map(|(name, span)| FoundName {
            name,
            span: Some(span.start + offset..span.end + offset),
        })
        .collect()
}

/// The texts of each `<tag …>…</tag>` element in `xml` (at most a few), with the span of
/// each text. With `list`, the texts of the `rdf:li` items inside each element instead.
pub(super) fn xml_texts(
    xml: &[u8],
    tag: &[u8],
    list: bool,
) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let open = [b"<".as_slice(), tag].concat();
    let close = [b"</".as_slice(), tag, b">".as_slice()].concat();
    let mut from = 0;
    while out.len() < META_NAMES_MAX {
        let Some(at) = find_from(xml, &open, from) else {
            break;
        };
        from = at + open.len();
        // `<dc:creator>` or `<dc:creator attr="…">`, not `<dc:creatorX>` or `<dc:creator/>`.
        let Some(gt) = find_from(xml, b">", from).filter(|gt| gt - from < 1024) else {
            continue;
        };
        let after_tag = xml.get(from).copied().unwrap_or(b'>');
        if !(after_tag == b'>' || after_tag.is_ascii_whitespace()) || xml[gt - 1] == b'/' {
            continue;
        }
        let body_at = gt + 1;
        let Some(body_end) =
            find_from(xml, &close, body_at).filter(|e| e - body_at <= META_PART_MAX)
        else {
            continue;
        };
        from = body_end + close.len();
        if list {
            for (text, span) in xml_texts(&xml[body_at..body_end], b"rdf:li", false) {
                out.push((text, span.start + body_at..span.end + body_at));
            }
        } else {
            let text = String::from_utf8_lossy(&xml[body_at..body_end]);
            out.push((xml_unescape(&text), body_at..body_end));
        }
    }
    out
}

/// XML text with its five named entities and numeric character references resolved.
fn xml_unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|s| *s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16).ok())
                .unwrap_or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A DOCX's `dc:creator` and `cp:lastModifiedBy` in docProps/core.xml.
fn docx_names(bytes: &[u8]) -> Vec<FoundName> {
    let Some(xml) = zip_part(bytes, b"docProps/core.xml", META_PART_MAX) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for tag in [b"dc:creator".as_slice(), b"cp:lastModifiedBy".as_slice()] {
        for (name, _) in xml_texts(&xml, tag, false) {
            out.push(FoundName { name, span: None });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::kinds::contains;
    use super::super::test_files::{CORE_XML, minimal_pdf, pdf_with_info, zip_file};
    use super::super::{FileKind, sniff};
    use super::*;

    #[test]
    fn blanking_keeps_every_offset_and_removes_the_names() {
        let xmp = "5 0 obj << /Length 90 >> stream\n<dc:creator><rdf:Seq><rdf:li>Sofia Bianchi</rdf:li></rdf:Seq></dc:creator>\nendstream endobj\n";
        let pdf = pdf_with_info(
            "<< /Author (Sofia \\(SB\\) Bianchi) /Title (Sarcoma) >>",
            xmp,
        );
        let blank = blank_document_authors(&pdf).expect("there is a name to blank");
        assert_eq!(blank.len(), pdf.len());
        assert!(!contains(&blank, b"Sofia") && !contains(&blank, b"Bianchi"));
        assert!(contains(&blank, b"/Title (Sarcoma)"));
        assert!(contains(&blank, b"/Author (                    )"));
        // Only the names changed: the cross-reference table still points at each object.
        let changed = pdf.iter().zip(&blank).filter(|(a, b)| a != b).count();
        // Every byte of both names but their own spaces.
        assert_eq!(changed, (20 - 2) + (13 - 1));
        assert!(document_authors(&blank).is_empty());
        assert_eq!(sniff(&blank), Some(FileKind::Pdf));
        assert_eq!(
            blank_document_authors(&blank),
            None,
            "nothing left to blank"
        );
        assert_eq!(blank_document_authors(&minimal_pdf()), None);
    }
    #[test]
    fn a_docxs_creator_and_last_editor_are_read() {
        for deflate in [false, true] {
            let docx = zip_file(
                &[
                    ("[Content_Types].xml", b"<Types/>".as_slice()),
                    ("word/document.xml", b"<w:document/>".as_slice()),
                    ("docProps/core.xml", CORE_XML),
                ],
                deflate,
            );
            assert_eq!(sniff(&docx), Some(FileKind::Docx));
            assert_eq!(document_authors(&docx), ["Sofia Bianchi", "Mei Chen"]);
            // The reviewer's copy (laid out again: docx_copy) names nobody and is a DOCX.
            let copy = blank_document_authors(&docx).expect("a reviewer's copy");
            assert!(document_authors(&copy).is_empty());
            assert_eq!(sniff(&copy), Some(FileKind::Docx));
        }
        let without = zip_file(
            &[
                ("[Content_Types].xml", b"<Types/>".as_slice()),
                ("word/document.xml", b"<w:document/>".as_slice()),
                (
                    "docProps/core.xml",
                    b"<cp:coreProperties><dc:creator/><cp:lastModifiedBy></cp:lastModifiedBy></cp:coreProperties>".as_slice(),
                ),
            ],
            true,
        );
        assert!(document_authors(&without).is_empty());
    }

    #[test]
    fn malformed_files_give_no_names_and_never_panic() {
        let good = pdf_with_info(
            "<< /Author (Sofia Bianchi) /Other <FEFF0041> >>",
            "5 0 obj << >> stream\n<dc:creator><rdf:li>X</rdf:li></dc:creator>\nendstream endobj\n",
        );
        let docx = zip_file(
            &[
                ("[Content_Types].xml", b"<Types/>".as_slice()),
                ("word/document.xml", b"<w:document/>".as_slice()),
                ("docProps/core.xml", CORE_XML),
            ],
            true,
        );
        // Every truncation and every single-byte change of a real file.
        for file in [&good, &docx] {
            for n in 0..file.len() {
                let _ = document_authors(&file[..n]);
                let _ = blank_document_authors(&file[..n]);
                let mut bent = file.to_vec();
                bent[n] = bent[n].wrapping_add(0x41);
                let _ = document_authors(&bent);
                let _ = blank_document_authors(&bent);
            }
        }
        for bad in [
            "<< /Author (unterminated",
            "<< /Author <FEFF00",
            "<< /Author <zz> >>",
            "<< /Author 99999999999 0 R >>",
            "<< /Author 7 0 R >>",
            "<< /Author",
            "<< /Author (a\\",
            "<< /Author (\\777\\0) >>",
            "<< /Author <FEFFD800> >>",
            "<< << << /Author (deep) >> >>",
            "not a dictionary",
            "<< /Author [(in an array)] >>",
        ] {
            let pdf = pdf_with_info(bad, "");
            let _ = document_authors(&pdf);
            let _ = blank_document_authors(&pdf);
        }
        // A nested dictionary's /Author is not the document's.
        assert!(document_authors(&pdf_with_info("<< /X << /Author (deep) >> >>", "")).is_empty());
        // A trailer pointing past the end, or at garbage.
        let mut pdf = pdf_with_info("<< /Author (A) >>", "");
        let tail = String::from_utf8_lossy(&pdf).replace("startxref\n", "startxref\n9");
        pdf = tail.into_bytes();
        assert_eq!(document_authors(&pdf), ["A"], "found without the table");
        for junk in [
            b"%PDF-1.4 /Info 1 0 R 1 0 obj << /Author (" as &[u8],
            b"%PDF-1.4 trailer << /Info 1 0 R >> startxref 99999999999999 %%EOF",
            b"%PDF-1.4 trailer << /Info 4294967295 65535 R >> startxref 0 %%EOF",
            b"%PDF-1.4 xref 0 99999999999 trailer << /Info 5 0 R >> startxref 9 %%EOF",
            b"PK\x05\x06\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
            b"",
        ] {
            assert!(document_authors(junk).is_empty());
            assert_eq!(blank_document_authors(junk), None);
            let _ = zip_part(junk, b"docProps/core.xml", META_PART_MAX);
        }
        let random: Vec<u8> = (0u32..70_000)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert!(document_authors(&random).is_empty());
        assert_eq!(zip_part(&random, b"docProps/core.xml", META_PART_MAX), None);
    }
}
