//! Restoring a backup into an empty database and files folder.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use diesel::prelude::*;

use super::files::{
    Progress, copy_hashing, create_private_dir, hash_file, list_stored_files, sync_dir,
};
use super::manifest::backend_name;
use super::take::Count;
use super::tools::{run_tool, split_password};
use super::{Entry, MANIFEST, Manifest};
use crate::config::Config;
use crate::db::{self, Backend, DbConnection};

/// What `peerdesk restore` did.
#[derive(Debug)]
pub struct RestoreReport {
    pub manifest: Manifest,
    pub migrations_applied: usize,
    /// Messages queued at the backup, now failed with a note (see [`restore`]).
    pub held_mails: usize,
    pub elapsed: Duration,
}

/// The note on every message that was queued or being sent when the backup was taken.
pub fn held_note(taken_at: chrono::NaiveDateTime) -> String {
    format!(
        "Queued when the backup of {} UTC was taken: it may have gone out before the restore, \
         so it is not sent again on its own. Check the mail server's log for its Message-ID; \
         Retry now sends it.",
        taken_at.format("%Y-%m-%d %H:%M")
    )
}

/// Restores the backup in `dir` into the empty database and files folder `config` names:
/// checks the target is empty and every checksum before writing anything, then applies the
/// migrations this binary has that the backup lacks, and marks the messages queued at the
/// backup as failed with [`held_note`] (they may have been sent after it; *Retry now* sends
/// one again), so none is sent twice without someone deciding so.
pub fn restore(config: &Config, dir: &Path) -> anyhow::Result<RestoreReport> {
    let started = Instant::now();
    let manifest = read_manifest(dir)?;
    let backend = Backend::of_url(&config.database_url);
    check_restorable(&manifest, backend)?;
    ensure_empty_target(config, backend)?;
    verify(dir, &manifest)?;

    let database_file = dir.join(Manifest::database_file(backend));
    match backend {
        Backend::Sqlite => restore_sqlite(&config.database_url, &database_file)?,
        Backend::Postgres => restore_postgres(&config.database_url, &database_file)?,
    }
    restore_files(config, dir, &manifest)?;

    let database = db::Database::connect(&config.database_url, 1)?;
    let migrations_applied = database.migrate()?;
    let mut conn = database.get()?;
    let held_mails = db::outbox::hold_after_restore(&mut conn, &held_note(manifest.taken_at))?;
    Ok(RestoreReport {
        manifest,
        migrations_applied,
        held_mails,
        elapsed: started.elapsed(),
    })
}

fn read_manifest(dir: &Path) -> anyhow::Result<Manifest> {
    let manifest_path = dir.join(MANIFEST);
    let text = match fs::read_to_string(&manifest_path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => bail!(
            "{} has no {MANIFEST}: it is not a peerdesk backup, or the backup did not finish",
            dir.display()
        ),
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read {}", manifest_path.display()));
        }
    };
    Manifest::parse(&text).map_err(|m| anyhow::anyhow!("{}: {m}", manifest_path.display()))
}

/// The backup is of this kind of database, and of a schema this binary knows.
fn check_restorable(manifest: &Manifest, backend: Backend) -> anyhow::Result<()> {
    if manifest.backend != backend {
        bail!(
            "this is a {} backup and DATABASE_URL names a {} database: restore it into the same kind",
            backend_name(manifest.backend),
            backend_name(backend)
        );
    }
    let known = db::known_schema_versions(backend)?;
    if !known.contains(&manifest.schema_version) {
        bail!(
            "the backup's schema version {} is unknown to this peerdesk {} (newest {}): restore it with peerdesk {} or newer",
            manifest.schema_version,
            env!("CARGO_PKG_VERSION"),
            known.last().map(String::as_str).unwrap_or("none"),
            manifest.peerdesk_version
        );
    }
    Ok(())
}

/// Copies the backup's stored files into the files folder, each renamed into place.
fn restore_files(config: &Config, dir: &Path, manifest: &Manifest) -> anyhow::Result<()> {
    create_private_dir(&config.files_dir)
        .with_context(|| format!("cannot create {}", config.files_dir.display()))?;
    let mut progress = Progress::new();
    let files: Vec<&Entry> = manifest
        .entries
        .iter()
        .filter(|e| e.path.starts_with("files/"))
        .collect();
    for (n, e) in files.iter().enumerate() {
        let shard = config.files_dir.join(&e.sha256[..2]);
        create_private_dir(&shard)?;
        let tmp = shard.join(format!(".tmp-restore-{}", e.sha256));
        let _ = fs::remove_file(&tmp);
        copy_hashing(&dir.join(&e.path), &tmp)
            .with_context(|| format!("cannot copy {}", e.path))?;
        fs::rename(&tmp, shard.join(&e.sha256))?;
        progress.tick(|| format!("restore: {} of {} files copied", n + 1, files.len()));
    }
    sync_dir(&config.files_dir);
    Ok(())
}

/// Every file against the manifest, before anything is written.
fn verify(dir: &Path, manifest: &Manifest) -> anyhow::Result<()> {
    let mut progress = Progress::new();
    let total = manifest.entries.len();
    for (n, e) in manifest.entries.iter().enumerate() {
        let path = dir.join(&e.path);
        let (sha256, size) = match hash_file(&path) {
            Ok(found) => found,
            Err(err) if err.kind() == io::ErrorKind::NotFound => bail!(
                "{} is missing from the backup; nothing was restored",
                e.path
            ),
            Err(err) => return Err(err).with_context(|| format!("cannot read {}", e.path)),
        };
        if sha256 != e.sha256 || size != e.size {
            bail!(
                "{} in the backup is damaged: its SHA-256 is {sha256} ({size} bytes), the manifest says {} ({} bytes); nothing was restored",
                e.path,
                e.sha256,
                e.size
            );
        }
        progress.tick(|| format!("restore: {} of {total} checksums verified", n + 1));
    }
    Ok(())
}

fn ensure_empty_target(config: &Config, backend: Backend) -> anyhow::Result<()> {
    let tables = match backend {
        Backend::Sqlite => {
            let path = db::sqlite_path(&config.database_url);
            if Path::new(path).is_file() && fs::metadata(path)?.len() > 0 {
                let conn = SqliteConnection::establish(path)
                    .with_context(|| format!("cannot open {path}"))?;
                diesel::sql_query(
                    "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                )
                .get_result::<Count>(&mut DbConnection::Sqlite(conn))?
                .n
            } else {
                0
            }
        }
        Backend::Postgres => {
            let conn = PgConnection::establish(&config.database_url).with_context(|| {
                format!(
                    "cannot open the database at {}",
                    crate::startup::redact_url(&config.database_url)
                )
            })?;
            diesel::sql_query(
                "SELECT COUNT(*) AS n FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
            )
            .get_result::<Count>(&mut DbConnection::Postgresql(conn))?
            .n
        }
    };
    if tables > 0 {
        bail!(
            "the database at {} is not empty ({tables} tables): a backup is restored into an empty database only, so nothing was restored",
            crate::startup::redact_url(&config.database_url)
        );
    }
    let stored = list_stored_files(&config.files_dir)
        .with_context(|| format!("cannot list {}", config.files_dir.display()))?;
    if !stored.is_empty() {
        bail!(
            "{} already holds {} uploaded files: a backup is restored into an empty files folder only, so nothing was restored",
            config.files_dir.display(),
            stored.len()
        );
    }
    Ok(())
}

fn restore_sqlite(url: &str, from: &Path) -> anyhow::Result<()> {
    let path = PathBuf::from(db::sqlite_path(url));
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_private_dir(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let mut tmp = path.clone().into_os_string();
    tmp.push(".restoring");
    let tmp = PathBuf::from(tmp);
    let _ = fs::remove_file(&tmp);
    copy_hashing(from, &tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
    // An empty database file may have left its journal files: they belong to it, not to
    // the restored one.
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut side = path.clone().into_os_string();
        side.push(suffix);
        let _ = fs::remove_file(PathBuf::from(side));
    }
    fs::rename(&tmp, &path)?;
    if let Some(parent) = path.parent() {
        sync_dir(parent);
    }
    Ok(())
}

fn restore_postgres(url: &str, from: &Path) -> anyhow::Result<()> {
    let (without_password, password) = split_password(url);
    let mut cmd = std::process::Command::new("pg_restore");
    // One transaction: a failure leaves the database empty, as it was.
    cmd.args(["--single-transaction", "--no-owner", "--no-privileges"])
        .arg("--dbname")
        .arg(&without_password)
        .arg(from);
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    run_tool(cmd, "pg_restore")
}
