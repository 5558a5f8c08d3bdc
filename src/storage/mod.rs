//! Manuscript and supplementary file uploads. The file type is decided from the bytes, never
//! from the name a browser sends, so a text file renamed `.pdf` is refused as a manuscript.
//! Files are stored by their SHA-256, so the same upload is kept once and a stored file can
//! never be overwritten with other content. Every file is written to a temporary name, synced,
//! renamed into place and its folder synced, so it is fully on disk before the caller commits
//! the database row that points at it.
//!
//! The parts: `kinds` (what a file is, from its bytes), `store` (saving and reading),
//! `authors` (who a document says wrote it, for double-blind review), which reads PDFs
//! with `pdf` and DOCX packages with `zip`.

mod authors;
mod docx_copy;
mod kinds;
mod pdf;
mod store;
#[cfg(test)]
mod test_files;
mod text;
mod zip;

pub use authors::{blank_document_authors, document_authors};
pub use kinds::{FileKind, accepted_labels, sniff, sniff_supplementary};
pub use pdf::pdf_page_count;
pub use store::{FileStore, StoredFile, download_name};
pub use text::{first_pages_text, named_in};

/// The largest upload accepted unless configured otherwise (50 MiB).
pub const DEFAULT_MAX_UPLOAD_BYTES: u64 = 50 * 1024 * 1024;
