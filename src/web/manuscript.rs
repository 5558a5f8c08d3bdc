//! What a submission's pages show alike, to its author and to its editors: the manuscript
//! as sent (authors, topics, the authors' reviewer preferences) and its files.

use crate::db::DbConnection;
use crate::db::submissions::{self as store, Author, Preference, SubmissionFile};
use crate::storage::{self, FileKind};
use crate::web::AppError;
use crate::workflow::submission::human_size;

pub struct Manuscript {
    pub authors: Vec<Author>,
    pub topics: Vec<String>,
    pub preferences: Vec<Preference>,
    pub files: Vec<SubmissionFile>,
    /// The funders with their grant numbers, in the authors' order.
    pub funders: Vec<crate::domain::funders::Funder>,
}

impl Manuscript {
    pub fn load(conn: &mut DbConnection, submission_id: i64) -> Result<Manuscript, AppError> {
        Ok(Manuscript {
            authors: store::authors_of(conn, submission_id)?,
            topics: store::topics_of(conn, submission_id)?,
            preferences: store::preferences_of(conn, submission_id)?,
            files: store::files_of(conn, submission_id)?,
            funders: crate::db::funders::of_submission(conn, submission_id)?,
        })
    }

    /// What a file is, as the submission's pages say it.
    pub fn role_label(&self, role: &str) -> &'static str {
        role_label(role)
    }

    /// The reviewers (or editors) the authors suggest or oppose, of one kind
    /// (`suggested_reviewer`, `opposed_reviewer`, `opposed_editor`).
    pub fn prefs(&self, kind: &str) -> Vec<&Preference> {
        self.preferences.iter().filter(|p| p.kind == kind).collect()
    }

    /// A file's size as people read it.
    pub fn size(&self, f: &SubmissionFile) -> String {
        human_size(f.size_bytes.max(0) as u64)
    }
}

/// A manuscript file's type, and the name it is downloaded under: the manuscript's number,
/// the file's role and round, never the authors' own file name (double-blind review).
/// Supplementary files are several per round: their id keeps the names apart.
pub fn download_name(number: &str, f: &SubmissionFile) -> (FileKind, String) {
    let kind = FileKind::from_content_type(&f.content_type).unwrap_or(FileKind::Pdf);
    let label = match f.role.as_str() {
        store::MANUSCRIPT => format!("manuscript-r{}", f.round),
        store::TRACKED_CHANGES => format!("manuscript-tracked-changes-r{}", f.round),
        other => format!("{other}-r{}-{}", f.round, f.id),
    };
    (kind, storage::download_name(number, &label, kind))
}

/// What a file is, in the pages' words: the clean manuscript, the version with its changes
/// tracked, or supplementary material.
pub fn role_label(role: &str) -> &'static str {
    match role {
        store::MANUSCRIPT => "Manuscript",
        store::TRACKED_CHANGES => "Manuscript with changes tracked",
        store::SUPPLEMENTARY => "Supplementary material",
        _ => "File",
    }
}
