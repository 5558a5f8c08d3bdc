//! The files of a submission: each upload's size and type checked from its bytes, written
//! to the file store before anything points at them, then attached to a round.

use diesel::QueryResult;

use crate::db::DbConnection;
use crate::db::submissions::{self as store, NewFile};
use crate::domain::FormErrors;
use crate::storage::{self, FileKind, FileStore, StoredFile};

/// Where a file goes within its round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRole {
    Manuscript,
    /// A revised version with the changes marked (Word's tracked changes, or a PDF of it),
    /// in its own slot beside the clean manuscript; revised versions only.
    TrackedChanges,
    Supplementary,
}

impl FileRole {
    pub fn as_str(self) -> &'static str {
        match self {
            FileRole::Manuscript => store::MANUSCRIPT,
            FileRole::TrackedChanges => store::TRACKED_CHANGES,
            FileRole::Supplementary => store::SUPPLEMENTARY,
        }
    }

    /// The form field it is sent in and its errors are shown beside.
    pub fn field(self) -> &'static str {
        self.as_str()
    }
}

/// A file as received, not yet checked.
#[derive(Debug, Clone)]
pub struct FileUpload {
    pub role: FileRole,
    pub original_name: String,
    pub bytes: Vec<u8>,
    /// Over the size limit: refused without looking at the bytes.
    pub too_large: bool,
    pub size: u64,
}

/// A file whose type was decided from its bytes.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    pub role: FileRole,
    pub original_name: String,
    pub kind: FileKind,
    pub bytes: Vec<u8>,
}

/// "50 MiB", "12.3 MiB", "2 KiB", for messages about sizes. Binary units, named as such:
/// the limit is set in bytes (52428800 is 50 MiB, not "50.0 MB"); whole numbers without
/// a decimal.
pub fn human_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        if bytes.is_multiple_of(MIB) {
            format!("{} MiB", bytes / MIB)
        } else {
            format!("{:.1} MiB", bytes as f64 / MIB as f64)
        }
    } else {
        format!("{} KiB", bytes.div_ceil(KIB))
    }
}

/// Checks each upload's size and type (from its bytes, never its name). Returns the files
/// that passed and a message, beside its field, for each that did not.
pub fn check_files(uploads: Vec<FileUpload>, max_bytes: u64) -> (Vec<CheckedFile>, FormErrors) {
    let mut errors = FormErrors::new();
    let mut checked = Vec::new();
    for u in uploads {
        if u.too_large {
            errors.add(
                u.role.field(),
                format!(
                    "“{}” is {}; files may be at most {}.",
                    u.original_name,
                    human_size(u.size),
                    human_size(max_bytes)
                ),
            );
            continue;
        }
        let kind = match u.role {
            FileRole::Manuscript | FileRole::TrackedChanges => storage::sniff(&u.bytes),
            FileRole::Supplementary => storage::sniff_supplementary(&u.bytes),
        };
        match kind {
            Some(kind) => checked.push(CheckedFile {
                role: u.role,
                original_name: u.original_name,
                kind,
                bytes: u.bytes,
            }),
            None if u.role == FileRole::Manuscript => errors.add(
                u.role.field(),
                format!(
                    "“{}” is not a PDF or Word (DOCX) file: its content was checked, not its name. Save the manuscript as PDF or DOCX and attach it again.",
                    u.original_name
                ),
            ),
            None if u.role == FileRole::TrackedChanges => errors.add(
                u.role.field(),
                format!(
                    "“{}” is not a PDF or Word (DOCX) file: its content was checked, not its name. Save the version with tracked changes as DOCX (or PDF) and attach it again.",
                    u.original_name
                ),
            ),
            None => errors.add(
                u.role.field(),
                format!(
                    "“{}” is not a type accepted as supplementary material ({}).",
                    u.original_name,
                    storage::accepted_labels(&FileKind::ALL)
                ),
            ),
        }
    }
    (checked, errors)
}

/// Writes the checked files to the file store, fully, before any row points at them.
pub fn store_files<'f>(
    files: &FileStore,
    checked: &'f [CheckedFile],
) -> std::io::Result<Vec<(&'f CheckedFile, StoredFile)>> {
    let mut stored = Vec::new();
    for f in checked {
        stored.push((f, files.put(&f.bytes)?));
    }
    Ok(stored)
}

/// Attaches files already in the file store to round `round` of a submission.
pub fn attach_files(
    conn: &mut DbConnection,
    submission_id: i64,
    round: i32,
    uploader_id: i64,
    stored: &[(&CheckedFile, StoredFile)],
) -> QueryResult<()> {
    let mut authors: Option<Vec<(String, String)>> = None;
    for (f, file) in stored {
        let file_id = store::add_file(
            conn,
            submission_id,
            round,
            uploader_id,
            &NewFile {
                role: f.role.as_str(),
                sha256: &file.sha256,
                size_bytes: file.size as i64,
                content_type: f.kind.content_type(),
                original_name: &f.original_name,
            },
        )?;
        // Read once here: under double-blind review the author and the editor are warned of
        // a file whose properties or first pages name an author (a title page left in).
        let text = storage::first_pages_text(&f.bytes);
        let mut named_in_text = Vec::new();
        if !text.is_empty() {
            let people = match &authors {
                Some(p) => p,
                None => authors.insert(
                    store::authors_of(conn, submission_id)?
                        .into_iter()
                        .map(|a| (a.name, a.email))
                        .collect(),
                ),
            };
            named_in_text = storage::named_in(&text, people);
        }
        store::record_file_names(
            conn,
            file_id,
            &storage::document_authors(&f.bytes),
            &named_in_text,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(50 * 1024 * 1024), "50 MiB");
        assert_eq!(human_size(52_428_800), "50 MiB");
        assert_eq!(human_size(1536 * 1024), "1.5 MiB");
        assert_eq!(human_size(1500), "2 KiB");
    }

    #[test]
    fn files_are_judged_by_their_bytes() {
        let upload = |role, name: &str, bytes: &[u8]| FileUpload {
            role,
            original_name: name.into(),
            bytes: bytes.to_vec(),
            too_large: false,
            size: bytes.len() as u64,
        };
        let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
        let (ok, errors) = check_files(
            vec![
                upload(FileRole::Manuscript, "paper.pdf", pdf),
                upload(FileRole::Manuscript, "notes.pdf", b"just some text"),
            ],
            1024,
        );
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].kind, FileKind::Pdf);
        assert!(
            errors
                .get("manuscript")
                .unwrap()
                .contains("“notes.pdf” is not a PDF")
        );
        let (ok, errors) = check_files(
            vec![
                upload(FileRole::TrackedChanges, "changes.pdf", pdf),
                upload(FileRole::TrackedChanges, "changes.docx", b"PK not really"),
            ],
            1024,
        );
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].role, FileRole::TrackedChanges);
        assert!(
            errors
                .get("tracked_changes")
                .unwrap()
                .contains("“changes.docx” is not a PDF or Word (DOCX) file")
        );
        let mut big = upload(FileRole::Manuscript, "big.pdf", b"");
        big.too_large = true;
        big.size = 60 * 1024 * 1024;
        let (ok, errors) = check_files(vec![big], 50 * 1024 * 1024);
        assert!(ok.is_empty());
        assert_eq!(
            errors.get("manuscript"),
            Some("“big.pdf” is 60 MiB; files may be at most 50 MiB.")
        );
    }
}
