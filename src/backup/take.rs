//! Taking a backup: the database snapshot, then the files, then the manifest.

use std::fs::{self, File};
use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};

use super::files::{
    Progress, copy_hashing, create_private_dir, hash_file, list_stored_files, set_private, sync_dir,
};
use super::tools::{run_tool, split_password};
use super::{Entry, FILES, MANIFEST, Manifest};
use crate::config::Config;
use crate::db::{self, Backend, DbConnection};

#[derive(QueryableByName)]
pub(super) struct Count {
    #[diesel(sql_type = BigInt)]
    pub(super) n: i64,
}

#[derive(QueryableByName)]
struct Version {
    #[diesel(sql_type = Nullable<Text>)]
    v: Option<String>,
}

#[derive(QueryableByName)]
struct Snapshot {
    #[diesel(sql_type = Text)]
    id: String,
}

/// What the manifest says about the database, read in the snapshot itself. Plain SQL, so it
/// reads a database of any schema version.
fn database_facts(conn: &mut DbConnection) -> anyhow::Result<(String, i64, i64)> {
    let schema = diesel::sql_query("SELECT MAX(version) AS v FROM __diesel_schema_migrations")
        .get_result::<Version>(conn)
        .ok()
        .and_then(|v| v.v)
        .context("the database has no migrations applied: there is nothing to back up")?;
    let submissions = diesel::sql_query("SELECT COUNT(*) AS n FROM submissions")
        .get_result::<Count>(conn)?
        .n;
    let queued =
        diesel::sql_query("SELECT COUNT(*) AS n FROM outbox WHERE status IN ('queued', 'sending')")
            .get_result::<Count>(conn)?
            .n;
    Ok((schema, submissions, queued))
}

/// What `peerdesk backup` did.
#[derive(Debug)]
pub struct BackupReport {
    pub manifest: Manifest,
    /// Stored files whose bytes no longer match their name: not copied.
    pub damaged: Vec<String>,
    pub bytes: u64,
    pub snapshot_time: Duration,
    pub elapsed: Duration,
}

/// Writes a backup of the site `config` names into `dir` (new, or empty).
pub fn backup(config: &Config, dir: &Path) -> anyhow::Result<BackupReport> {
    let started = Instant::now();
    let mut progress = Progress::new();
    prepare_backup_dir(dir)?;
    let backend = Backend::of_url(&config.database_url);
    let database_file = Manifest::database_file(backend);
    let database_path = dir.join(database_file);
    let taken_at = db::now();
    let (schema_version, submissions, queued_mails) = match backend {
        Backend::Sqlite => snapshot_sqlite(&config.database_url, &database_path)?,
        Backend::Postgres => snapshot_postgres(&config.database_url, &database_path)?,
    };
    let snapshot_time = started.elapsed();
    progress.tick(|| {
        format!(
            "backup: database copied in {:.1} s; copying the files",
            snapshot_time.as_secs_f64()
        )
    });
    let (sha256, size) = hash_file(&database_path)
        .with_context(|| format!("cannot read {}", database_path.display()))?;
    let mut copied = Copied {
        entries: vec![Entry {
            sha256,
            size,
            path: database_file.to_owned(),
        }],
        damaged: vec![],
        bytes: size,
    };
    copy_stored_files(config, dir, &mut copied, &mut progress)?;
    let manifest = Manifest {
        taken_at,
        peerdesk_version: env!("CARGO_PKG_VERSION").to_owned(),
        backend,
        schema_version,
        submissions,
        files: copied.entries.len() as i64 - 1,
        queued_mails,
        entries: copied.entries,
    };
    write_manifest(dir, &manifest)?;
    Ok(BackupReport {
        manifest,
        damaged: copied.damaged,
        bytes: copied.bytes,
        snapshot_time,
        elapsed: started.elapsed(),
    })
}

/// What is in the backup folder so far.
struct Copied {
    entries: Vec<Entry>,
    /// Stored files whose bytes no longer match their name.
    damaged: Vec<String>,
    bytes: u64,
}

/// Copies every stored file into `dir/files/`, checking each against its name.
fn copy_stored_files(
    config: &Config,
    dir: &Path,
    copied: &mut Copied,
    progress: &mut Progress,
) -> anyhow::Result<()> {
    let stored = list_stored_files(&config.files_dir)
        .with_context(|| format!("cannot list {}", config.files_dir.display()))?;
    let total = stored.len();
    for (n, name) in stored.iter().enumerate() {
        let relative = format!("{FILES}/{}/{name}", &name[..2]);
        let to = dir.join(&relative);
        if let Some(parent) = to.parent() {
            create_private_dir(parent)?;
        }
        let from = config.files_dir.join(&name[..2]).join(name);
        let (sha256, size) = match copy_hashing(&from, &to) {
            Ok(done) => done,
            // Removed since the listing: a discarded draft's file, which nothing needs.
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot copy {}", from.display())),
        };
        if sha256 != *name {
            let _ = fs::remove_file(&to);
            copied.damaged.push(name.clone());
            continue;
        }
        copied.bytes += size;
        copied.entries.push(Entry {
            sha256,
            size,
            path: relative,
        });
        progress.tick(|| {
            format!(
                "backup: {} of {total} files copied ({:.0} MB)",
                n + 1,
                copied.bytes as f64 / 1e6
            )
        });
    }
    Ok(())
}

/// Last, and atomically: a folder without a manifest is an unfinished backup.
fn write_manifest(dir: &Path, manifest: &Manifest) -> anyhow::Result<()> {
    let tmp = dir.join(format!("{MANIFEST}.tmp"));
    crate::startup::write_private(&tmp, &manifest.render())?;
    fs::rename(&tmp, dir.join(MANIFEST))?;
    sync_dir(dir);
    Ok(())
}

fn prepare_backup_dir(dir: &Path) -> anyhow::Result<()> {
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                bail!(
                    "{} is not empty: a backup goes into a new or empty folder",
                    dir.display()
                );
            }
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            create_private_dir(dir).with_context(|| format!("cannot create {}", dir.display()))
        }
        Err(e) => Err(e).with_context(|| format!("cannot open {}", dir.display())),
    }
}

/// SQLite: `VACUUM INTO` a new file. One read transaction: in WAL mode writers go on.
fn snapshot_sqlite(url: &str, to: &Path) -> anyhow::Result<(String, i64, i64)> {
    let live = db::sqlite_path(url);
    if !Path::new(live).is_file() {
        bail!("there is no database at {live}");
    }
    let mut conn = SqliteConnection::establish(live)
        .with_context(|| format!("cannot open the database at {live}"))?;
    conn.batch_execute("PRAGMA busy_timeout = 10000;")?;
    let target = to
        .to_str()
        .context("the backup folder's path is not valid UTF-8")?;
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(target)
        .execute(&mut conn)
        .context("cannot copy the database")?;
    drop(conn);
    set_private(to)?;
    let copy = SqliteConnection::establish(target)
        .with_context(|| format!("cannot open the copy at {target}"))?;
    let facts = database_facts(&mut DbConnection::Sqlite(copy))?;
    File::open(to)?.sync_all()?;
    Ok(facts)
}

/// PostgreSQL: `pg_dump --format=custom`, reading the snapshot this connection exported, so
/// the manifest's counts are those of the dump.
fn snapshot_postgres(url: &str, to: &Path) -> anyhow::Result<(String, i64, i64)> {
    let conn = PgConnection::establish(url).with_context(|| {
        format!(
            "cannot open the database at {}",
            crate::startup::redact_url(url)
        )
    })?;
    let mut conn = DbConnection::Postgresql(conn);
    conn.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
    let snapshot = diesel::sql_query("SELECT pg_export_snapshot() AS id")
        .get_result::<Snapshot>(&mut conn)?
        .id;
    let facts = database_facts(&mut conn)?;
    let (without_password, password) = split_password(url);
    let mut cmd = std::process::Command::new("pg_dump");
    cmd.arg("--format=custom")
        .arg(format!("--snapshot={snapshot}"))
        .arg("--file")
        .arg(to)
        .arg("--dbname")
        .arg(&without_password);
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    run_tool(cmd, "pg_dump")?;
    conn.batch_execute("COMMIT")?;
    set_private(to)?;
    File::open(to)?.sync_all()?;
    Ok(facts)
}
