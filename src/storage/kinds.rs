//! What kind of file an upload is, decided from its bytes alone, never from the name a
//! browser sends.

use super::zip::zip_entry_names;

/// How far from the start a PDF header may be, and from the end its `%%EOF` marker.
const PDF_WINDOW: usize = 1024;

/// The kinds of file accepted: a manuscript must be a PDF or a DOCX (see [`sniff`]), while
/// supplementary files may be any of them (see [`sniff_supplementary`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Pdf,
    Docx,
    Xlsx,
    Png,
    Jpeg,
    Tiff,
    /// Plain UTF-8 text, such as CSV or TXT data.
    Text,
}

impl FileKind {
    /// Every kind, in the order they are listed to people.
    pub const ALL: [FileKind; 7] = [
        FileKind::Pdf,
        FileKind::Docx,
        FileKind::Xlsx,
        FileKind::Png,
        FileKind::Jpeg,
        FileKind::Tiff,
        FileKind::Text,
    ];

    /// The MIME type sent when the file is downloaded.
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Tiff => "image/tiff",
            // The charset is named so a browser never guesses another encoding for the data.
            FileKind::Text => "text/plain; charset=utf-8",
        }
    }

    /// The kind whose [`content_type`](FileKind::content_type) is exactly `content_type`, as
    /// stored with a file's row; `None` for anything else.
    pub fn from_content_type(content_type: &str) -> Option<FileKind> {
        FileKind::ALL
            .into_iter()
            .find(|kind| kind.content_type() == content_type)
    }

    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Docx => "docx",
            FileKind::Xlsx => "xlsx",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpg",
            FileKind::Tiff => "tiff",
            // The bytes cannot tell CSV from other text, and `.txt` opens as text everywhere.
            FileKind::Text => "txt",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Pdf => "PDF",
            FileKind::Docx => "Word (DOCX)",
            FileKind::Xlsx => "Excel (XLSX)",
            FileKind::Png => "PNG",
            FileKind::Jpeg => "JPEG",
            FileKind::Tiff => "TIFF",
            FileKind::Text => "plain text (CSV, TXT)",
        }
    }
}

/// The labels of `kinds` as a list for people, e.g. "PDF, Word (DOCX) or PNG".
pub fn accepted_labels(kinds: &[FileKind]) -> String {
    match kinds.split_last() {
        None => String::new(),
        Some((last, [])) => last.label().to_owned(),
        Some((last, rest)) => {
            let rest: Vec<&str> = rest.iter().map(|k| k.label()).collect();
            format!("{} or {}", rest.join(", "), last.label())
        }
    }
}

/// Decides a manuscript's file type from the bytes alone; `None` for anything not a PDF or a
/// DOCX. Supplementary kinds are deliberately not recognised here, so a text file or an image
/// renamed `.pdf` is still refused as a manuscript.
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    if is_pdf(bytes) {
        Some(FileKind::Pdf)
    } else if is_docx(bytes) {
        Some(FileKind::Docx)
    } else {
        None
    }
}

/// Decides a supplementary file's type from the bytes alone; `None` for anything not one of
/// [`FileKind::ALL`]. Text is checked last: it is the only kind without a signature, and some
/// of the others (a PDF in particular) can be valid UTF-8 too.
pub fn sniff_supplementary(bytes: &[u8]) -> Option<FileKind> {
    if let Some(kind) = sniff(bytes) {
        Some(kind)
    } else if is_xlsx(bytes) {
        Some(FileKind::Xlsx)
    } else if is_png(bytes) {
        Some(FileKind::Png)
    } else if is_jpeg(bytes) {
        Some(FileKind::Jpeg)
    } else if is_tiff(bytes) {
        Some(FileKind::Tiff)
    } else if is_text(bytes) {
        Some(FileKind::Text)
    } else {
        None
    }
}

/// `%PDF-` starting within the first 1024 bytes and `%%EOF` within the last 1024.
pub(super) fn is_pdf(bytes: &[u8]) -> bool {
    const HEADER: &[u8] = b"%PDF-";
    const TRAILER: &[u8] = b"%%EOF";
    let head = &bytes[..bytes.len().min(PDF_WINDOW + HEADER.len() - 1)];
    let tail = &bytes[bytes.len().saturating_sub(PDF_WINDOW)..];
    contains(head, HEADER) && contains(tail, TRAILER)
}

/// A ZIP whose headers name both `word/document.xml` and `[Content_Types].xml`.
pub(super) fn is_docx(bytes: &[u8]) -> bool {
    is_office_zip(bytes, b"word/document.xml")
}

/// A ZIP whose headers name both `xl/workbook.xml` and `[Content_Types].xml`.
fn is_xlsx(bytes: &[u8]) -> bool {
    is_office_zip(bytes, b"xl/workbook.xml")
}

/// A ZIP whose headers name both `main_part` and `[Content_Types].xml`, the part every Office
/// Open XML package has. Without a zip crate, the raw bytes are scanned for local file headers
/// (`PK\x03\x04`, name at offset 30) and central directory headers (`PK\x01\x02`, name at
/// offset 46), and each header's name is compared exactly, so a name that merely appears
/// inside compressed data does not count, and a workbook is not taken for a document.
fn is_office_zip(bytes: &[u8], main_part: &[u8]) -> bool {
    if !bytes.starts_with(b"PK\x03\x04") {
        return false;
    }
    let mut has_main_part = false;
    let mut has_content_types = false;
    for name in zip_entry_names(bytes) {
        if name == main_part {
            has_main_part = true;
        } else if name == b"[Content_Types].xml" {
            has_content_types = true;
        }
        if has_main_part && has_content_types {
            return true;
        }
    }
    false
}

/// The 8-byte PNG signature.
fn is_png(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
}

/// A JPEG start-of-image marker followed by the start of another marker. The end-of-image
/// marker is not required: cameras and editors often append padding or metadata after it.
fn is_jpeg(bytes: &[u8]) -> bool {
    bytes.len() >= 4 && bytes.starts_with(b"\xff\xd8\xff")
}

/// A TIFF header in either byte order (`II*\0` little endian, `MM\0*` big endian), plus the
/// 4-byte offset of the first image directory that completes the 8-byte header.
fn is_tiff(bytes: &[u8]) -> bool {
    bytes.len() >= 8 && (bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*"))
}

/// Non-empty, valid UTF-8 as a whole, and free of control characters other than tab, line
/// feed, carriage return and form feed, so binary data that happens to decode is refused. A
/// NUL in particular marks binary (or UTF-16) data. Every byte of a multi-byte UTF-8 sequence
/// is 0x80 or above, so checking bytes is the same as checking characters here.
fn is_text(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && std::str::from_utf8(bytes).is_ok()
        && bytes
            .iter()
            .all(|&b| b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
}

pub(super) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::super::test_files::{minimal_pdf, zip_with};
    use super::*;

    #[test]
    fn kinds_describe_themselves() {
        assert_eq!(FileKind::Pdf.content_type(), "application/pdf");
        assert_eq!(
            FileKind::Docx.content_type(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        assert_eq!(FileKind::Pdf.extension(), "pdf");
        assert_eq!(FileKind::Docx.extension(), "docx");
        assert_eq!(FileKind::Pdf.label(), "PDF");
        assert_eq!(FileKind::Docx.label(), "Word (DOCX)");
    }

    #[test]
    fn minimal_pdf_is_a_pdf() {
        assert_eq!(sniff(&minimal_pdf()), Some(FileKind::Pdf));
    }

    #[test]
    fn pdf_header_after_some_junk_is_accepted_within_the_window() {
        let mut bytes = vec![b' '; 1000];
        bytes.extend(minimal_pdf());
        assert_eq!(sniff(&bytes), Some(FileKind::Pdf));

        let mut far = vec![b' '; 2000];
        far.extend(minimal_pdf());
        assert_eq!(sniff(&far), None);
    }

    #[test]
    fn pdf_eof_must_be_near_the_end() {
        let mut bytes = minimal_pdf();
        bytes.extend(vec![b'x'; 2000]);
        assert_eq!(sniff(&bytes), None);
    }

    #[test]
    fn text_file_is_not_accepted() {
        assert_eq!(
            sniff(b"Dear editor, please find attached my paper.\n"),
            None
        );
        assert_eq!(sniff(b"PDF-1.4 is what this is, honestly %%EOF"), None);
    }

    #[test]
    fn pdf_header_without_eof_is_not_a_pdf() {
        assert_eq!(sniff(b"%PDF-1.7\n1 0 obj << >> endobj\n"), None);
    }

    #[test]
    fn minimal_docx_is_a_docx() {
        let bytes = zip_with(&["[Content_Types].xml", "_rels/.rels", "word/document.xml"]);
        assert_eq!(sniff(&bytes), Some(FileKind::Docx));
    }

    #[test]
    fn zip_without_word_document_is_not_a_docx() {
        assert_eq!(
            sniff(&zip_with(&["[Content_Types].xml", "readme.txt"])),
            None
        );
        assert_eq!(sniff(&zip_with(&["notes.txt"])), None);
        // An OpenDocument text file is a zip too.
        assert_eq!(
            sniff(&zip_with(&[
                "mimetype",
                "content.xml",
                "META-INF/manifest.xml"
            ])),
            None
        );
    }

    #[test]
    fn entry_names_outside_zip_headers_do_not_count() {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend_from_slice(&[0; 26]);
        bytes.extend_from_slice(b"junk word/document.xml [Content_Types].xml");
        assert_eq!(sniff(&bytes), None);
    }

    #[test]
    fn empty_and_random_input_is_rejected() {
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(b"PK"), None);
        assert_eq!(sniff(b"PK\x03\x04"), None);
        let random: Vec<u8> = (0u32..4096)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert_eq!(sniff(&random), None);
    }

    fn minimal_docx() -> Vec<u8> {
        zip_with(&["[Content_Types].xml", "_rels/.rels", "word/document.xml"])
    }

    fn minimal_xlsx() -> Vec<u8> {
        zip_with(&[
            "[Content_Types].xml",
            "_rels/.rels",
            "xl/workbook.xml",
            "xl/worksheets/sheet1.xml",
        ])
    }

    /// PNG signature, then an IHDR chunk for a 1x1 image (CRC not checked by the sniffer).
    fn minimal_png() -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        out.extend_from_slice(&13u32.to_be_bytes());
        out.extend_from_slice(b"IHDR");
        out.extend_from_slice(&1u32.to_be_bytes());
        out.extend_from_slice(&1u32.to_be_bytes());
        out.extend_from_slice(&[8, 2, 0, 0, 0]);
        out.extend_from_slice(&[0; 4]);
        out
    }

    /// SOI, the start of a JFIF APP0 segment, and EOI.
    fn minimal_jpeg() -> Vec<u8> {
        let mut out = vec![0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10];
        out.extend_from_slice(b"JFIF\0");
        out.extend_from_slice(&[1, 1, 0, 0, 1, 0, 1, 0, 0]);
        out.extend_from_slice(&[0xff, 0xd9]);
        out
    }

    fn minimal_tiff(big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian {
            b"MM\0*\0\0\0\x08".to_vec()
        } else {
            b"II*\0\x08\0\0\0".to_vec()
        };
        out.extend_from_slice(&[0; 6]); // an empty image directory
        out
    }

    const CSV: &[u8] =
        "sample,mass (µg),note\r\nA1,12.5,\"ok\"\r\nB2,9.75,\tindented\r\n".as_bytes();

    #[test]
    fn new_kinds_describe_themselves() {
        assert_eq!(
            FileKind::Xlsx.content_type(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(FileKind::Png.content_type(), "image/png");
        assert_eq!(FileKind::Jpeg.content_type(), "image/jpeg");
        assert_eq!(FileKind::Tiff.content_type(), "image/tiff");
        assert_eq!(FileKind::Text.content_type(), "text/plain; charset=utf-8");
        assert_eq!(FileKind::Xlsx.extension(), "xlsx");
        assert_eq!(FileKind::Png.extension(), "png");
        assert_eq!(FileKind::Jpeg.extension(), "jpg");
        assert_eq!(FileKind::Tiff.extension(), "tiff");
        assert_eq!(FileKind::Text.extension(), "txt");
        assert_eq!(FileKind::Xlsx.label(), "Excel (XLSX)");
        assert_eq!(FileKind::Text.label(), "plain text (CSV, TXT)");
    }

    #[test]
    fn every_kind_round_trips_through_its_content_type() {
        for kind in FileKind::ALL {
            assert_eq!(FileKind::from_content_type(kind.content_type()), Some(kind));
        }
        let mut seen = std::collections::HashSet::new();
        assert!(FileKind::ALL.iter().all(|k| seen.insert(k.content_type())));
        assert_eq!(FileKind::from_content_type(""), None);
        assert_eq!(FileKind::from_content_type("application/zip"), None);
        assert_eq!(
            FileKind::from_content_type("text/html; charset=utf-8"),
            None
        );
    }

    #[test]
    fn accepted_labels_reads_as_a_list() {
        assert_eq!(
            accepted_labels(&FileKind::ALL),
            "PDF, Word (DOCX), Excel (XLSX), PNG, JPEG, TIFF or plain text (CSV, TXT)"
        );
        assert_eq!(
            accepted_labels(&[FileKind::Pdf, FileKind::Docx]),
            "PDF or Word (DOCX)"
        );
        assert_eq!(accepted_labels(&[FileKind::Png]), "PNG");
        assert_eq!(accepted_labels(&[]), "");
    }

    #[test]
    fn supplementary_kinds_are_recognised() {
        assert_eq!(sniff_supplementary(&minimal_pdf()), Some(FileKind::Pdf));
        assert_eq!(sniff_supplementary(&minimal_docx()), Some(FileKind::Docx));
        assert_eq!(sniff_supplementary(&minimal_xlsx()), Some(FileKind::Xlsx));
        assert_eq!(sniff_supplementary(&minimal_png()), Some(FileKind::Png));
        assert_eq!(sniff_supplementary(&minimal_jpeg()), Some(FileKind::Jpeg));
        assert_eq!(
            sniff_supplementary(&minimal_tiff(false)),
            Some(FileKind::Tiff)
        );
        assert_eq!(
            sniff_supplementary(&minimal_tiff(true)),
            Some(FileKind::Tiff)
        );
        assert_eq!(sniff_supplementary(CSV), Some(FileKind::Text));
        assert_eq!(
            sniff_supplementary(b"Readme\n\x0cPage two\n"),
            Some(FileKind::Text)
        );
    }

    #[test]
    fn jpeg_with_trailing_padding_is_still_a_jpeg() {
        let mut bytes = minimal_jpeg();
        bytes.extend(vec![0; 4096]);
        assert_eq!(sniff_supplementary(&bytes), Some(FileKind::Jpeg));
        assert_eq!(sniff_supplementary(b"\xff\xd8\xff"), None);
    }

    #[test]
    fn truncated_tiff_header_is_refused() {
        assert_eq!(sniff_supplementary(b"II*\0"), None);
        assert_eq!(sniff_supplementary(b"MM*\0\0\0\0\x08"), None);
    }

    #[test]
    fn workbook_and_document_are_not_confused() {
        assert_eq!(sniff(&minimal_xlsx()), None, "a workbook is no manuscript");
        assert_eq!(sniff_supplementary(&minimal_docx()), Some(FileKind::Docx));
        assert_ne!(sniff_supplementary(&minimal_docx()), Some(FileKind::Xlsx));
        assert_eq!(
            sniff_supplementary(&zip_with(&["xl/workbook.xml", "xl/styles.xml"])),
            None,
            "no [Content_Types].xml"
        );
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend_from_slice(&[0; 26]);
        bytes.extend_from_slice(b"junk xl/workbook.xml [Content_Types].xml");
        assert_eq!(sniff_supplementary(&bytes), None);
    }

    #[test]
    fn manuscript_check_refuses_supplementary_kinds() {
        assert_eq!(sniff(CSV), None);
        assert_eq!(
            sniff(b"Dear editor, please find attached my paper.\n"),
            None
        );
        assert_eq!(
            sniff_supplementary(b"Dear editor, please find attached my paper.\n"),
            Some(FileKind::Text)
        );
        assert_eq!(sniff(&minimal_png()), None);
        assert_eq!(sniff(&minimal_jpeg()), None);
        assert_eq!(sniff(&minimal_tiff(false)), None);
    }

    #[test]
    fn binary_junk_and_text_with_control_bytes_are_refused() {
        assert_eq!(sniff_supplementary(b""), None);
        let random: Vec<u8> = (0u32..4096)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert_eq!(sniff_supplementary(&random), None);
        assert_eq!(sniff_supplementary(b"a,b\n1,\x002\n"), None, "NUL");
        assert_eq!(sniff_supplementary(b"a,b\n1,\x1b[2m\n"), None, "ESC");
        assert_eq!(
            sniff_supplementary(b"caf\xe9\n"),
            None,
            "Latin-1, not UTF-8"
        );
        // UTF-16 text is full of NULs.
        let utf16: Vec<u8> = "a,b\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(sniff_supplementary(&utf16), None);
        // A multi-byte character cut off at the end.
        assert_eq!(sniff_supplementary(&"µ".as_bytes()[..1]), None);
    }
}
