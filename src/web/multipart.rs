//! Reading a `multipart/form-data` body (a form with files) into text fields and uploads,
//! with limits: a file over the size limit is drained and marked, not kept, so the form can
//! be shown again with a message beside the file field instead of failing the request.

use std::collections::HashMap;

use actix_multipart::Multipart;
use futures_util::StreamExt;

use super::AppError;
use crate::db::guard::ReadAt;
use crate::workflow::submission::{FileRole, FileUpload};

/// Text fields are short; a cover letter is the longest (20,000 characters, checked later).
const MAX_TEXT_FIELD_BYTES: usize = 200 * 1024;
const MAX_TEXT_TOTAL_BYTES: usize = 2 * 1024 * 1024;
/// Files per request: one manuscript and some supplementary files.
pub const MAX_FILES: usize = 20;

/// One file as sent by the browser.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The form field it came in (`manuscript`, `supplementary`).
    pub field: String,
    /// The name on the author's computer, for display only; never used as a path.
    pub original_name: String,
    pub bytes: Vec<u8>,
    /// Larger than the limit: `bytes` is empty and the file must be refused.
    pub too_large: bool,
    /// Its size as sent (also when too large).
    pub size: u64,
}

/// A parsed form: text fields (a name may repeat, as for checkboxes) and files.
#[derive(Debug, Default)]
pub struct FormParts {
    pub fields: HashMap<String, Vec<String>>,
    pub uploads: Vec<Upload>,
}

impl FormParts {
    /// The first value of a field, or "".
    pub fn text(&self, name: &str) -> String {
        self.fields
            .get(name)
            .and_then(|v| v.first())
            .cloned()
            .unwrap_or_default()
    }

    /// Every value of a repeated field.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.fields.get(name).cloned().unwrap_or_default()
    }

    pub fn has(&self, name: &str) -> bool {
        self.fields.contains_key(name)
    }

    /// The version the form was read at (`db::guard::ReadAt`); `None` for a form that does
    /// not say, which is not checked for staleness.
    pub fn read_at(&self) -> Option<ReadAt> {
        let field = self.text("read_at");
        ReadAt::from_form(self.has("read_at").then_some(field.as_str()))
    }
}

/// The manuscript and supplementary files of a submission's form (a new one or a draft),
/// as the submission workflow takes them; other fields' files are left out.
pub fn submission_files(uploads: Vec<Upload>) -> Vec<FileUpload> {
    files_in(uploads, &[FileRole::Manuscript, FileRole::Supplementary])
}

/// The files of a revised version: those of a submission, and the version with the changes
/// tracked in its own slot.
pub fn revision_files(uploads: Vec<Upload>) -> Vec<FileUpload> {
    files_in(
        uploads,
        &[
            FileRole::Manuscript,
            FileRole::TrackedChanges,
            FileRole::Supplementary,
        ],
    )
}

/// The uploads sent in the fields of `roles`, each with its role; others are ignored.
fn files_in(uploads: Vec<Upload>, roles: &[FileRole]) -> Vec<FileUpload> {
    uploads
        .into_iter()
        .filter_map(|u| {
            let role = *roles.iter().find(|r| r.field() == u.field)?;
            Some(FileUpload {
                role,
                original_name: u.original_name,
                bytes: u.bytes,
                too_large: u.too_large,
                size: u.size,
            })
        })
        .collect()
}

/// Reads the whole body. A file input left empty (no name, no bytes) is skipped.
pub async fn read_form(mut body: Multipart, max_file_bytes: u64) -> Result<FormParts, AppError> {
    let mut parts = FormParts::default();
    let mut text_total = 0usize;
    while let Some(field) = body.next().await {
        let mut field = field.map_err(bad_body)?;
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_owned);
        match file_name {
            Some(original_name) => {
                if parts.uploads.len() >= MAX_FILES {
                    return Err(AppError::BadRequest(format!(
                        "Send at most {MAX_FILES} files at once."
                    )));
                }
                let mut bytes = Vec::new();
                let mut size = 0u64;
                let mut too_large = false;
                while let Some(chunk) = field.next().await {
                    let chunk = chunk.map_err(bad_body)?;
                    size += chunk.len() as u64;
                    if size > max_file_bytes {
                        // Keep reading (and dropping) so the other fields still arrive.
                        too_large = true;
                        bytes = Vec::new();
                    } else {
                        bytes.extend_from_slice(&chunk);
                    }
                }
                if original_name.is_empty() && size == 0 {
                    continue;
                }
                parts.uploads.push(Upload {
                    field: name,
                    original_name: clean_file_name(&original_name),
                    bytes,
                    too_large,
                    size,
                });
            }
            None => {
                let mut value = Vec::new();
                while let Some(chunk) = field.next().await {
                    let chunk = chunk.map_err(bad_body)?;
                    value.extend_from_slice(&chunk);
                    text_total += chunk.len();
                    if value.len() > MAX_TEXT_FIELD_BYTES || text_total > MAX_TEXT_TOTAL_BYTES {
                        return Err(AppError::BadRequest(
                            "A text field of this form is far longer than any field allows.".into(),
                        ));
                    }
                }
                let value = String::from_utf8(value).map_err(|_| {
                    AppError::BadRequest("The form was not sent as UTF-8 text.".into())
                })?;
                // Browsers send CRLF line ends in text areas; keep them as typed (LF).
                parts
                    .fields
                    .entry(name)
                    .or_default()
                    .push(value.replace("\r\n", "\n"));
            }
        }
    }
    Ok(parts)
}

fn bad_body(e: actix_multipart::MultipartError) -> AppError {
    AppError::BadRequest(format!("The form could not be read: {e}"))
}

/// The last path component of a sent file name, without control characters, at most 200
/// characters: only ever shown and used in a Content-Disposition header.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    if cleaned.trim().is_empty() {
        "file".into()
    } else {
        cleaned.trim().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::clean_file_name;

    #[test]
    fn file_names_lose_paths_and_controls() {
        assert_eq!(clean_file_name("C:\\Users\\ada\\paper.pdf"), "paper.pdf");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\"b\r\n.pdf"), "ab.pdf");
        assert_eq!(clean_file_name("   "), "file");
    }
}
