//! Saving and reading the files: content-addressed, and on disk before the database row
//! that points at them is committed.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::FileKind;

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

#[cfg(test)]
mod tests {
    use super::super::test_files::minimal_pdf;
    use super::*;

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
