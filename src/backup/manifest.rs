//! `manifest.txt`: what a backup holds, and a SHA-256 per file.

use crate::db::Backend;

use super::files::is_hash;

pub const MANIFEST: &str = "manifest.txt";
pub const SQLITE_FILE: &str = "database.sqlite";
pub const POSTGRES_FILE: &str = "database.pgdump";
pub const FILES: &str = "files";
/// The first line of every manifest; a later format would change the number.
const FORMAT_LINE: &str = "peerdesk backup 1";

/// What a backup holds; `manifest.txt` in a plain `key value` format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// UTC, when the database snapshot was taken.
    pub taken_at: chrono::NaiveDateTime,
    pub peerdesk_version: String,
    pub backend: Backend,
    /// The newest migration applied to the database, e.g. `20261123000012`.
    pub schema_version: String,
    pub submissions: i64,
    /// Uploaded files (manuscripts, review attachments, article PDFs).
    pub files: i64,
    /// Messages queued or being sent at the snapshot.
    pub queued_mails: i64,
    pub entries: Vec<Entry>,
}

/// One file of the backup folder, with its checksum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub sha256: String,
    pub size: u64,
    /// Relative to the backup folder, `/`-separated.
    pub path: String,
}

impl Manifest {
    pub fn database_file(backend: Backend) -> &'static str {
        match backend {
            Backend::Sqlite => SQLITE_FILE,
            Backend::Postgres => POSTGRES_FILE,
        }
    }

    pub fn render(&self) -> String {
        let mut out = format!(
            "{FORMAT_LINE}\n\
             taken_at {}\n\
             peerdesk_version {}\n\
             database {}\n\
             schema_version {}\n\
             submissions {}\n\
             files {}\n\
             queued_mails {}\n",
            self.taken_at.format("%Y-%m-%dT%H:%M:%S%.6fZ"),
            self.peerdesk_version,
            backend_name(self.backend),
            self.schema_version,
            self.submissions,
            self.files,
            self.queued_mails,
        );
        for e in &self.entries {
            out.push_str(&format!("file {} {} {}\n", e.sha256, e.size, e.path));
        }
        out
    }

    /// Reads a manifest; every path is checked to be one this format writes (the database
    /// file, or `files/ab/<its own hash>`), so a doctored manifest cannot point outside.
    /// Reads a manifest; every path is checked to be one this format writes (the database
    /// file, or `files/ab/<its own hash>`), so a doctored manifest cannot point outside.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let mut lines = text.lines();
        match lines.next() {
            Some(FORMAT_LINE) => {}
            Some(l) if l.starts_with("peerdesk backup ") => {
                return Err(format!(
                    "this backup was written in a newer format (\"{l}\"); restore it with the peerdesk that made it or a newer one"
                ));
            }
            _ => return Err("not a peerdesk backup manifest".into()),
        }
        let mut fields = Fields::default();
        for (n, line) in lines.enumerate() {
            if !line.is_empty() {
                fields.read(n + 2, line)?;
            }
        }
        fields.into_manifest()
    }
}

/// A manifest's lines as read, before each is known to be there.
#[derive(Default)]
struct Fields {
    taken_at: Option<chrono::NaiveDateTime>,
    version: Option<String>,
    backend: Option<Backend>,
    schema: Option<String>,
    submissions: Option<i64>,
    files: Option<i64>,
    queued: Option<i64>,
    entries: Vec<Entry>,
}

impl Fields {
    /// Line `at`, `key value`.
    fn read(&mut self, at: usize, line: &str) -> Result<(), String> {
        let (key, value) = line
            .split_once(' ')
            .ok_or_else(|| format!("line {at}: \"{line}\" has no value"))?;
        let number = |v: &str| {
            v.parse::<i64>()
                .map_err(|_| format!("line {at}: {key} is not a number"))
        };
        match key {
            "taken_at" => {
                self.taken_at = Some(
                    chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%.fZ")
                        .map_err(|_| format!("line {at}: taken_at is not a UTC time"))?,
                );
            }
            "peerdesk_version" => self.version = Some(value.to_owned()),
            "database" => {
                self.backend = Some(match value {
                    "sqlite" => Backend::Sqlite,
                    "postgresql" => Backend::Postgres,
                    _ => return Err(format!("line {at}: unknown database \"{value}\"")),
                });
            }
            "schema_version" => self.schema = Some(value.to_owned()),
            "submissions" => self.submissions = Some(number(value)?),
            "files" => self.files = Some(number(value)?),
            "queued_mails" => self.queued = Some(number(value)?),
            "file" => self.entries.push(file_entry(at, value)?),
            // Unknown keys are left for newer versions of this format to add.
            _ => {}
        }
        Ok(())
    }

    fn into_manifest(self) -> Result<Manifest, String> {
        let missing = |what: &str| format!("the manifest has no {what}");
        let backend = self.backend.ok_or_else(|| missing("database"))?;
        check_paths(&self.entries, Manifest::database_file(backend))?;
        Ok(Manifest {
            taken_at: self.taken_at.ok_or_else(|| missing("taken_at"))?,
            peerdesk_version: self.version.ok_or_else(|| missing("peerdesk_version"))?,
            backend,
            schema_version: self.schema.ok_or_else(|| missing("schema_version"))?,
            submissions: self.submissions.ok_or_else(|| missing("submissions"))?,
            files: self.files.ok_or_else(|| missing("files"))?,
            queued_mails: self.queued.ok_or_else(|| missing("queued_mails"))?,
            entries: self.entries,
        })
    }
}

/// A `file` line's value at line `at`: `<sha256> <size> <path>`.
fn file_entry(at: usize, value: &str) -> Result<Entry, String> {
    let mut parts = value.splitn(3, ' ');
    let (Some(sha256), Some(size), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!(
            "line {at}: a file needs a SHA-256, a size and a path"
        ));
    };
    let size = size
        .parse::<u64>()
        .map_err(|_| format!("line {at}: the size of {path} is not a number"))?;
    if !is_hash(sha256) {
        return Err(format!("line {at}: the SHA-256 of {path} is malformed"));
    }
    Ok(Entry {
        sha256: sha256.to_owned(),
        size,
        path: path.to_owned(),
    })
}

/// Every path is the database file or a stored file under its own hash, and the database
/// file is there.
fn check_paths(entries: &[Entry], database_file: &str) -> Result<(), String> {
    for e in entries {
        let stored_name = e
            .path
            .strip_prefix("files/")
            .and_then(|rest| rest.split_once('/'))
            .filter(|(shard, name)| {
                shard.len() == 2 && name.starts_with(shard) && *name == e.sha256
            });
        if e.path != database_file && stored_name.is_none() {
            return Err(format!(
                "the manifest names an unexpected file \"{}\"",
                e.path
            ));
        }
    }
    if !entries.iter().any(|e| e.path == database_file) {
        return Err(format!("the manifest lists no {database_file}"));
    }
    Ok(())
}

pub(super) fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgresql",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        Manifest {
            taken_at: chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
                .and_then(|d| d.and_hms_micro_opt(6, 5, 4, 123_456))
                .unwrap_or_default(),
            peerdesk_version: "0.1.0".into(),
            backend: Backend::Sqlite,
            schema_version: "20261123000012".into(),
            submissions: 42,
            files: 1,
            queued_mails: 3,
            entries: vec![
                Entry {
                    sha256: "a".repeat(64),
                    size: 4096,
                    path: SQLITE_FILE.into(),
                },
                Entry {
                    sha256: format!("ab{}", "c".repeat(62)),
                    size: 12,
                    path: format!("files/ab/ab{}", "c".repeat(62)),
                },
            ],
        }
    }

    #[test]
    fn a_manifest_reads_back_as_written() {
        let m = sample();
        let text = m.render();
        assert!(text.starts_with("peerdesk backup 1\ntaken_at 2026-11-30T06:05:04.123456Z\n"));
        assert!(text.contains("\nschema_version 20261123000012\nsubmissions 42\n"));
        assert_eq!(Manifest::parse(&text), Ok(m));
    }

    #[test]
    fn a_manifest_pointing_outside_the_backup_is_refused() {
        let mut m = sample();
        m.entries[1].path = format!("files/../../{}", m.entries[1].sha256);
        let err = Manifest::parse(&m.render()).err().unwrap_or_default();
        assert!(err.contains("unexpected file"), "{err}");

        let mut m = sample();
        // A stored file's name is its own hash.
        m.entries[1].sha256 = "d".repeat(64);
        assert!(Manifest::parse(&m.render()).is_err());

        let mut m = sample();
        m.entries.remove(0);
        let err = Manifest::parse(&m.render()).err().unwrap_or_default();
        assert!(err.contains("lists no database.sqlite"), "{err}");
    }

    #[test]
    fn other_texts_are_not_manifests() {
        assert!(Manifest::parse("").is_err());
        assert!(Manifest::parse("hello\n").is_err());
        let newer = Manifest::parse("peerdesk backup 2\n")
            .err()
            .unwrap_or_default();
        assert!(newer.contains("newer format"), "{newer}");
        let text = sample()
            .render()
            .replace("submissions 42", "submissions many");
        let err = Manifest::parse(&text).err().unwrap_or_default();
        assert!(err.contains("submissions is not a number"), "{err}");
    }
}
