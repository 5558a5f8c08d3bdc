//! Manuscript and supplementary file uploads. The file type is decided from the bytes, never
//! from the name a browser sends, so a text file renamed `.pdf` is refused as a manuscript.
//! Files are stored by their SHA-256, so the same upload is kept once and a stored file can
//! never be overwritten with other content. Every file is written to a temporary name, synced,
//! renamed into place and its folder synced, so it is fully on disk before the caller commits
//! the database row that points at it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The largest upload accepted unless configured otherwise (50 MiB).
pub const DEFAULT_MAX_UPLOAD_BYTES: u64 = 50 * 1024 * 1024;

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
fn is_pdf(bytes: &[u8]) -> bool {
    const HEADER: &[u8] = b"%PDF-";
    const TRAILER: &[u8] = b"%%EOF";
    let head = &bytes[..bytes.len().min(PDF_WINDOW + HEADER.len() - 1)];
    let tail = &bytes[bytes.len().saturating_sub(PDF_WINDOW)..];
    contains(head, HEADER) && contains(tail, TRAILER)
}

/// A ZIP whose headers name both `word/document.xml` and `[Content_Types].xml`.
fn is_docx(bytes: &[u8]) -> bool {
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

/// Every entry name found after a local file header or central directory header signature.
fn zip_entry_names(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    // (signature, offset of the 2-byte name length, offset of the name)
    const HEADERS: [(&[u8; 4], usize, usize); 2] =
        [(b"PK\x03\x04", 26, 30), (b"PK\x01\x02", 28, 46)];
    (0..bytes.len()).flat_map(move |i| {
        HEADERS.iter().filter_map(move |&(sig, len_at, name_at)| {
            let rest = bytes.get(i..)?;
            if !rest.starts_with(sig) {
                return None;
            }
            let len_bytes = rest.get(len_at..len_at + 2)?;
            let len = usize::from(u16::from_le_bytes([len_bytes[0], len_bytes[1]]));
            rest.get(name_at..name_at + len)
        })
    })
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A file kept in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    /// 64 lowercase hex characters.
    pub sha256: String,
    pub size: u64,
}

/// Files kept under `root/<first 2 hex chars>/<full sha256 hex>`.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

impl FileStore {
    /// Opens the store, creating its folder when missing.
    pub fn new(root: PathBuf) -> io::Result<FileStore> {
        fs::create_dir_all(&root)?;
        Ok(FileStore { root })
    }

    /// Stores the bytes (once per content) and returns their hash and size. When this returns
    /// `Ok`, the file and its folder entry have been synced to disk.
    pub fn put(&self, bytes: &[u8]) -> io::Result<StoredFile> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        let size = bytes.len() as u64;
        let stored = StoredFile {
            sha256: sha256.clone(),
            size,
        };

        let dir = self.root.join(&sha256[..2]);
        let path = dir.join(&sha256);
        if already_stored(&path, size) {
            return Ok(stored);
        }

        let new_dir = !dir.is_dir();
        fs::create_dir_all(&dir)?;
        if new_dir {
            // The new shard folder is itself an entry of the root folder.
            sync_dir(&self.root);
        }

        let tmp = dir.join(format!(".tmp-{}-{}", sha256, uuid::Uuid::new_v4().simple()));
        if let Err(e) = write_synced(&tmp, bytes) {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
        if let Err(e) = fs::rename(&tmp, &path) {
            let _ = fs::remove_file(&tmp);
            // Another upload of the same content may have won the race (rename onto an
            // existing file fails on some platforms); its file is identical.
            if already_stored(&path, size) {
                sync_dir(&dir);
                return Ok(stored);
            }
            return Err(e);
        }
        sync_dir(&dir);
        Ok(stored)
    }

    /// The path of a stored file, or `None` when the hash is malformed (anything but 64
    /// lowercase hex characters, so no path traversal) or no such file is stored.
    pub fn path_of(&self, sha256: &str) -> Option<PathBuf> {
        if !is_valid_hash(sha256) {
            return None;
        }
        let path = self.root.join(&sha256[..2]).join(sha256);
        path.is_file().then_some(path)
    }

    /// The bytes of a stored file; `NotFound` for a malformed hash or a missing file.
    pub fn read(&self, sha256: &str) -> io::Result<Vec<u8>> {
        match self.path_of(sha256) {
            Some(path) => fs::read(path),
            None => Err(io::Error::new(
                io::ErrorKind::NotFound,
                "no stored file with that hash",
            )),
        }
    }

    /// Deletes a stored file that no row points at any more (a discarded draft's). A missing
    /// file or a malformed hash is not an error: there is nothing to delete.
    pub fn remove(&self, sha256: &str) -> io::Result<()> {
        match self.path_of(sha256) {
            Some(path) => match fs::remove_file(path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
            None => Ok(()),
        }
    }
}

fn is_valid_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// True when a complete file is already at `path` (the size guards against a truncated one).
fn already_stored(path: &Path, size: u64) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == size)
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    // Manuscripts are confidential: readable by this service's user only.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Syncs a folder so a new entry in it survives a crash. Some platforms refuse to open or
/// sync folders; there is nothing more to do there, so errors are ignored.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// A safe file name for a download, e.g. `RC-2026-0001-manuscript.pdf`. Only ASCII letters,
/// digits, `-` and `_` are kept from the inputs.
pub fn download_name(manuscript_number: &str, role: &str, kind: FileKind) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .take(64)
            .collect()
    };
    let parts: Vec<String> = [clean(manuscript_number), clean(role)]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    let stem = if parts.is_empty() {
        "file".to_owned()
    } else {
        parts.join("-")
    };
    format!("{stem}.{}", kind.extension())
}

// ---- Who the document says wrote it ------------------------------------------------------

/// How much of a PDF's start and of its end is searched for its document information and
/// XMP metadata: where writers put them (and their trailers), without reading a whole file.
const META_WINDOW: usize = 256 * 1024;
/// The most bytes of one dictionary, one XML part, or one unpacked DOCX part read.
const META_PART_MAX: usize = 64 * 1024;
/// The most names reported for one file, and the longest name kept.
const META_NAMES_MAX: usize = 8;
const META_NAME_CHARS: usize = 200;

/// A name a file's document properties give, and where its bytes are in the file (so a
/// copy can have it blanked, see [`blank_document_authors`]); `span` is `None` where the
/// bytes cannot be blanked in place (a compressed DOCX part).
#[derive(Debug, Clone, PartialEq, Eq)]
struct FoundName {
    name: String,
    span: Option<std::ops::Range<usize>>,
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

/// A copy of a PDF with every /Author value and XMP `dc:creator` entry that
/// [`document_authors`] finds overwritten with spaces of the same length, so every byte
/// offset (and so the cross-reference table) stays valid and the document reads the same.
/// `None` when there is nothing to blank, or the file is not a PDF (a DOCX part is
/// compressed and cannot be blanked in place).
pub fn blank_document_authors(bytes: &[u8]) -> Option<Vec<u8>> {
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
fn meta_windows(bytes: &[u8]) -> Vec<(usize, &[u8])> {
    if bytes.len() <= 2 * META_WINDOW {
        vec![(0, bytes)]
    } else {
        let tail_at = bytes.len() - META_WINDOW;
        vec![(0, &bytes[..META_WINDOW]), (tail_at, &bytes[tail_at..])]
    }
}

fn find_from(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

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

fn pdf_names(bytes: &[u8]) -> Vec<FoundName> {
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
    let mut raw = Vec::new();
    match bytes.get(start)? {
        b'(' => {
            let mut depth = 1usize;
            let mut i = start + 1;
            while i < limit {
                let b = bytes[i];
                match b {
                    b'\\' => {
                        i += 1;
                        let Some(&e) = bytes.get(i) else { break };
                        match e {
                            b'n' => raw.push(b'\n'),
                            b'r' => raw.push(b'\r'),
                            b't' => raw.push(b'\t'),
                            b'b' => raw.push(8),
                            b'f' => raw.push(12),
                            b'0'..=b'7' => {
                                let mut value: u32 = 0;
                                let mut n = 0;
                                while n < 3
                                    && bytes.get(i).is_some_and(|d| (b'0'..=b'7').contains(d))
                                {
                                    value = value * 8 + u32::from(bytes[i] - b'0');
                                    i += 1;
                                    n += 1;
                                }
                                raw.push((value & 0xff) as u8);
                                continue;
                            }
                            // A backslash at the end of a line continues the string.
                            b'\r' => {
                                if bytes.get(i + 1) == Some(&b'\n') {
                                    i += 1;
                                }
                            }
                            b'\n' => {}
                            other => raw.push(other),
                        }
                    }
                    b'(' => {
                        depth += 1;
                        raw.push(b);
                    }
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(FoundName {
                                name: pdf_text(&raw),
                                span: Some(start + 1..i),
                            });
                        }
                        raw.push(b);
                    }
                    _ => raw.push(b),
                }
                i += 1;
            }
            None
        }
        b'<' if bytes.get(start + 1) != Some(&b'<') => {
            let mut high: Option<u8> = None;
            for (i, &b) in bytes.iter().enumerate().take(limit).skip(start + 1) {
                if b == b'>' {
                    if let Some(h) = high {
                        raw.push(h << 4);
                    }
                    return Some(FoundName {
                        name: pdf_text(&raw),
                        span: Some(start + 1..i),
                    });
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
        _ => None,
    }
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

/// The `rdf:li` entries of each XMP `<dc:creator>` in `window` (which starts at `offset`
/// in the file), with their spans in the file.
fn xmp_creators(window: &[u8], offset: usize) -> Vec<FoundName> {
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
fn xml_texts(xml: &[u8], tag: &[u8], list: bool) -> Vec<(String, std::ops::Range<usize>)> {
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
    let Some(xml) = zip_part(bytes, b"docProps/core.xml") else {
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

fn le_u16(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 2)?;
    Some(usize::from(u16::from_le_bytes([b[0], b[1]])))
}

fn le_u32(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 4)?;
    usize::try_from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])).ok()
}

/// The content of the ZIP entry `name`, stored or deflated, at most [`META_PART_MAX`]
/// bytes unpacked: found by the end-of-central-directory record and the central directory
/// (the local header's sizes may be left zero by a streaming writer).
fn zip_part(bytes: &[u8], name: &[u8]) -> Option<Vec<u8>> {
    // The end record is the last 22 bytes, or earlier when a comment (≤ 64 KiB) follows it.
    let search_from = bytes.len().saturating_sub(22 + 0xffff);
    let eocd = search_from
        + bytes[search_from..]
            .windows(4)
            .rposition(|w| w == b"PK\x05\x06")?;
    let entries = le_u16(bytes, eocd + 10)?;
    let mut at = le_u32(bytes, eocd + 16)?;
    for _ in 0..entries.min(10_000) {
        if !bytes.get(at..)?.starts_with(b"PK\x01\x02") {
            return None;
        }
        let method = le_u16(bytes, at + 10)?;
        let packed = le_u32(bytes, at + 20)?;
        let name_len = le_u16(bytes, at + 28)?;
        let extra_len = le_u16(bytes, at + 30)?;
        let comment_len = le_u16(bytes, at + 32)?;
        let local = le_u32(bytes, at + 42)?;
        if bytes.get(at + 46..at + 46 + name_len)? == name {
            if !bytes.get(local..)?.starts_with(b"PK\x03\x04") {
                return None;
            }
            let data_at = local + 30 + le_u16(bytes, local + 26)? + le_u16(bytes, local + 28)?;
            let data = bytes.get(data_at..data_at.checked_add(packed)?)?;
            return match method {
                0 => Some(data[..data.len().min(META_PART_MAX)].to_vec()),
                8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, META_PART_MAX).ok(),
                _ => None,
            };
        }
        at += 46 + name_len + extra_len + comment_len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip local file header for an entry with no data, named `name`.
    fn local_header(name: &str) -> Vec<u8> {
        let mut out = b"PK\x03\x04".to_vec();
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0]); // version, flags, method
        out.extend_from_slice(&[0; 4]); // time, date
        out.extend_from_slice(&[0; 12]); // crc, sizes
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // extra length
        out.extend_from_slice(name.as_bytes());
        out
    }

    /// A central directory header for `name`.
    fn central_header(name: &str) -> Vec<u8> {
        let mut out = b"PK\x01\x02".to_vec();
        out.extend_from_slice(&[0; 24]);
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&[0; 16]);
        out.extend_from_slice(name.as_bytes());
        out
    }

    fn zip_with(names: &[&str]) -> Vec<u8> {
        let mut out = Vec::new();
        for n in names {
            out.extend(local_header(n));
        }
        for n in names {
            out.extend(central_header(n));
        }
        out.extend_from_slice(b"PK\x05\x06");
        out.extend_from_slice(&[0; 18]);
        out
    }

    fn minimal_pdf() -> Vec<u8> {
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
            .to_vec()
    }

    struct TempDir(PathBuf);

    impl TempDir {
        fn new(tag: &str) -> TempDir {
            let dir = std::env::temp_dir().join(format!(
                "peerdesk-storage-{tag}-{}-{}",
                std::process::id(),
                uuid::Uuid::new_v4().simple()
            ));
            TempDir(dir)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    /// A PDF with a classic cross-reference table whose offsets are right, an information
    /// dictionary `info` as object 2, and `extra` objects before it.
    fn pdf_with_info(info: &str, extra: &str) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        offsets.push(out.len());
        out.extend_from_slice(b"1 0 obj << /Type /Catalog /Pages 3 0 R >> endobj\n");
        offsets.push(out.len());
        out.extend_from_slice(format!("2 0 obj\n{info}\nendobj\n").as_bytes());
        offsets.push(out.len());
        out.extend_from_slice(b"3 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n");
        out.extend_from_slice(extra.as_bytes());
        let xref = out.len();
        out.extend_from_slice(b"xref\n0 4\n0000000000 65535 f\r\n");
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size 4 /Root 1 0 R /Info 2 0 R >>\nstartxref\n{xref}\n%%EOF\n")
                .as_bytes(),
        );
        out
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

    /// A ZIP with real central directory records; `deflate` packs the entries.
    fn zip_file(entries: &[(&str, &[u8])], deflate: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data) in entries {
            let packed = if deflate {
                miniz_oxide::deflate::compress_to_vec(data, 6)
            } else {
                data.to_vec()
            };
            let method: u16 = if deflate { 8 } else { 0 };
            let local_at = out.len() as u32;
            out.extend_from_slice(b"PK\x03\x04");
            out.extend_from_slice(&[20, 0, 0, 0]);
            out.extend_from_slice(&method.to_le_bytes());
            out.extend_from_slice(&[0; 8]); // time, date, crc (not checked here)
            out.extend_from_slice(&(packed.len() as u32).to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(&packed);
            central.extend_from_slice(b"PK\x01\x02");
            central.extend_from_slice(&[20, 0, 20, 0, 0, 0]);
            central.extend_from_slice(&method.to_le_bytes());
            central.extend_from_slice(&[0; 8]);
            central.extend_from_slice(&(packed.len() as u32).to_le_bytes());
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(name.len() as u16).to_le_bytes());
            central.extend_from_slice(&[0; 12]); // extra, comment, disk, attributes
            central.extend_from_slice(&local_at.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let central_at = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&central_at.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    const CORE_XML: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Sarcoma</dc:title><dc:creator>Sofia Bianchi</dc:creator><cp:lastModifiedBy>Mei Chen</cp:lastModifiedBy></cp:coreProperties>"#;

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
            assert_eq!(blank_document_authors(&docx), None, "not blanked in place");
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
            let _ = zip_part(junk, b"docProps/core.xml");
        }
        let random: Vec<u8> = (0u32..70_000)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert!(document_authors(&random).is_empty());
        assert_eq!(zip_part(&random, b"docProps/core.xml"), None);
    }

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

    #[test]
    fn put_is_content_addressed_and_idempotent() {
        let tmp = TempDir::new("put");
        let store = FileStore::new(tmp.0.clone()).unwrap();
        let pdf = minimal_pdf();

        let first = store.put(&pdf).unwrap();
        let second = store.put(&pdf).unwrap();
        assert_eq!(first, second);
        assert_eq!(first.size, pdf.len() as u64);
        assert_eq!(first.sha256, hex::encode(Sha256::digest(&pdf)));

        let shard = tmp.0.join(&first.sha256[..2]);
        let entries: Vec<_> = fs::read_dir(&shard).unwrap().collect();
        assert_eq!(entries.len(), 1, "one file, no temporary leftovers");

        let path = store.path_of(&first.sha256).unwrap();
        assert_eq!(path, shard.join(&first.sha256));
        assert_eq!(store.read(&first.sha256).unwrap(), pdf);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "manuscripts are readable by the service only");
        }

        let other = store.put(b"other content").unwrap();
        assert_ne!(other.sha256, first.sha256);
        assert_eq!(store.read(&other.sha256).unwrap(), b"other content");
    }

    #[test]
    fn remove_deletes_once_and_tolerates_absence() {
        let tmp = TempDir::new("remove");
        let store = FileStore::new(tmp.0.clone()).unwrap();
        let stored = store.put(&minimal_pdf()).unwrap();
        store.remove(&stored.sha256).unwrap();
        assert!(store.path_of(&stored.sha256).is_none());
        store.remove(&stored.sha256).unwrap();
        store.remove("../../etc/passwd").unwrap();
    }

    #[test]
    fn path_of_rejects_malformed_hashes() {
        let tmp = TempDir::new("path");
        let store = FileStore::new(tmp.0.clone()).unwrap();
        let stored = store.put(b"hello").unwrap();

        assert!(store.path_of("../etc/passwd").is_none());
        assert!(store.path_of(&stored.sha256.to_uppercase()).is_none());
        assert!(store.path_of(&stored.sha256[..63]).is_none());
        assert!(store.path_of(&format!("{}0", stored.sha256)).is_none());
        assert!(store.path_of("").is_none());
        assert!(
            store
                .path_of(&format!("../{}", &stored.sha256[3..]))
                .is_none()
        );
        // Well formed but not stored.
        assert!(store.path_of(&"0".repeat(64)).is_none());

        for bad in [
            "../etc/passwd",
            &stored.sha256.to_uppercase(),
            &"0".repeat(64),
        ] {
            let err = store.read(bad).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::NotFound);
        }
    }

    #[test]
    fn new_creates_the_folder() {
        let tmp = TempDir::new("new");
        let root = tmp.0.join("nested").join("files");
        FileStore::new(root.clone()).unwrap();
        assert!(root.is_dir());
    }

    #[test]
    fn download_name_is_safe() {
        assert_eq!(
            download_name("RC-2026-0001", "manuscript", FileKind::Pdf),
            "RC-2026-0001-manuscript.pdf"
        );
        assert_eq!(
            download_name("RC/2026 0001", "../review é\"\n", FileKind::Docx),
            "RC20260001-review.docx"
        );
        assert_eq!(download_name("", "", FileKind::Pdf), "file.pdf");
        assert_eq!(
            download_name("RC_1", "cover_letter", FileKind::Docx),
            "RC_1-cover_letter.docx"
        );
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

    #[test]
    fn download_name_works_for_every_kind() {
        let names: Vec<String> = FileKind::ALL
            .into_iter()
            .map(|k| download_name("RC-2026-0001", "supplementary-1", k))
            .collect();
        assert_eq!(
            names,
            [
                "RC-2026-0001-supplementary-1.pdf",
                "RC-2026-0001-supplementary-1.docx",
                "RC-2026-0001-supplementary-1.xlsx",
                "RC-2026-0001-supplementary-1.png",
                "RC-2026-0001-supplementary-1.jpg",
                "RC-2026-0001-supplementary-1.tiff",
                "RC-2026-0001-supplementary-1.txt",
            ]
        );
    }
}
