//! Manuscript uploads. The file type is decided from the bytes, never from the name a browser
//! sends, so a renamed text file is refused. Files are stored by their SHA-256, so the same
//! upload is kept once and a stored file can never be overwritten with other content. Every
//! file is written to a temporary name, synced, renamed into place and its folder synced, so
//! it is fully on disk before the caller commits the database row that points at it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The largest upload accepted unless configured otherwise (50 MiB).
pub const DEFAULT_MAX_UPLOAD_BYTES: u64 = 50 * 1024 * 1024;

/// How far from the start a PDF header may be, and from the end its `%%EOF` marker.
const PDF_WINDOW: usize = 1024;

/// The kinds of manuscript file accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Pdf,
    Docx,
}

impl FileKind {
    /// The MIME type sent when the file is downloaded.
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
    }

    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Docx => "docx",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Pdf => "PDF",
            FileKind::Docx => "Word (DOCX)",
        }
    }
}

/// Decides the file type from the bytes alone; `None` for anything not a PDF or a DOCX.
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    if is_pdf(bytes) {
        Some(FileKind::Pdf)
    } else if is_docx(bytes) {
        Some(FileKind::Docx)
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

/// A ZIP whose headers name both `word/document.xml` and `[Content_Types].xml`. Without a zip
/// crate, the raw bytes are scanned for local file headers (`PK\x03\x04`, name at offset 30)
/// and central directory headers (`PK\x01\x02`, name at offset 46), and each header's name is
/// compared exactly, so a name that merely appears inside compressed data does not count.
fn is_docx(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"PK\x03\x04") {
        return false;
    }
    let mut has_document = false;
    let mut has_content_types = false;
    for name in zip_entry_names(bytes) {
        match name {
            b"word/document.xml" => has_document = true,
            b"[Content_Types].xml" => has_content_types = true,
            _ => {}
        }
        if has_document && has_content_types {
            return true;
        }
    }
    false
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
}

fn is_valid_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// True when a complete file is already at `path` (the size guards against a truncated one).
fn already_stored(path: &Path, size: u64) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == size)
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
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

        let other = store.put(b"other content").unwrap();
        assert_ne!(other.sha256, first.sha256);
        assert_eq!(store.read(&other.sha256).unwrap(), b"other content");
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
}
