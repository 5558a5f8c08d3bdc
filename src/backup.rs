//! `peerdesk backup DIR` and `peerdesk restore DIR`.
//!
//! A backup folder holds the database (SQLite: a copy made by `VACUUM INTO`; PostgreSQL: a
//! `pg_dump --format=custom` archive), the uploaded files under `files/` in the store's own
//! layout, and `manifest.txt`: when, which peerdesk and schema, what it holds, and a SHA-256
//! per file. The manifest is written last, so a folder without one is an unfinished backup.
//!
//! The snapshot never stops the site: SQLite's `VACUUM INTO` reads in one read transaction,
//! which in WAL mode neither waits for writers nor makes them wait; `pg_dump` reads in its
//! own repeatable-read snapshot, which it shares with the counts in the manifest. Files are
//! copied after the snapshot: they are named by their content and never rewritten, so every
//! file the snapshot knows is already there.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::db::{self, Backend, DbConnection};

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
        let mut taken_at = None;
        let mut version = None;
        let mut backend = None;
        let mut schema = None;
        let (mut submissions, mut files, mut queued) = (None, None, None);
        let mut entries = vec![];
        for (n, line) in lines.enumerate() {
            let at = n + 2;
            if line.is_empty() {
                continue;
            }
            let (key, value) = line
                .split_once(' ')
                .ok_or_else(|| format!("line {at}: \"{line}\" has no value"))?;
            let number = |v: &str| {
                v.parse::<i64>()
                    .map_err(|_| format!("line {at}: {key} is not a number"))
            };
            match key {
                "taken_at" => {
                    taken_at = Some(
                        chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%.fZ")
                            .map_err(|_| format!("line {at}: taken_at is not a UTC time"))?,
                    );
                }
                "peerdesk_version" => version = Some(value.to_owned()),
                "database" => {
                    backend = Some(match value {
                        "sqlite" => Backend::Sqlite,
                        "postgresql" => Backend::Postgres,
                        _ => return Err(format!("line {at}: unknown database \"{value}\"")),
                    });
                }
                "schema_version" => schema = Some(value.to_owned()),
                "submissions" => submissions = Some(number(value)?),
                "files" => files = Some(number(value)?),
                "queued_mails" => queued = Some(number(value)?),
                "file" => {
                    let mut parts = value.splitn(3, ' ');
                    let (Some(sha256), Some(size), Some(path)) =
                        (parts.next(), parts.next(), parts.next())
                    else {
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
                    entries.push(Entry {
                        sha256: sha256.to_owned(),
                        size,
                        path: path.to_owned(),
                    });
                }
                // Unknown keys are left for newer versions of this format to add.
                _ => {}
            }
        }
        let missing = |what: &str| format!("the manifest has no {what}");
        let backend = backend.ok_or_else(|| missing("database"))?;
        let database_file = Manifest::database_file(backend);
        for e in &entries {
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
        Ok(Manifest {
            taken_at: taken_at.ok_or_else(|| missing("taken_at"))?,
            peerdesk_version: version.ok_or_else(|| missing("peerdesk_version"))?,
            backend,
            schema_version: schema.ok_or_else(|| missing("schema_version"))?,
            submissions: submissions.ok_or_else(|| missing("submissions"))?,
            files: files.ok_or_else(|| missing("files"))?,
            queued_mails: queued.ok_or_else(|| missing("queued_mails"))?,
            entries,
        })
    }
}

fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgresql",
    }
}

fn is_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The password of a PostgreSQL URL goes to the tools in `PGPASSWORD`, never on their
/// command line (where `ps` shows it): the URL without it, and the password decoded.
pub fn split_password(url: &str) -> (String, Option<String>) {
    let (Some(scheme_end), Some(at)) = (url.find("://"), url.rfind('@')) else {
        return (url.to_owned(), None);
    };
    if at < scheme_end {
        return (url.to_owned(), None);
    }
    let creds = &url[scheme_end + 3..at];
    match creds.split_once(':') {
        Some((user, password)) => (
            format!("{}{user}{}", &url[..scheme_end + 3], &url[at..]),
            Some(percent_decode(password)),
        ),
        None => (url.to_owned(), None),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A line on standard error every few seconds of a long run; nothing for a short one.
struct Progress {
    last: Instant,
}

impl Progress {
    const EVERY: Duration = Duration::from_secs(2);

    fn new() -> Progress {
        Progress {
            last: Instant::now(),
        }
    }

    fn tick(&mut self, line: impl FnOnce() -> String) {
        if self.last.elapsed() >= Self::EVERY {
            eprintln!("{}", line());
            self.last = Instant::now();
        }
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
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
    let mut entries = vec![Entry {
        sha256,
        size,
        path: database_file.to_owned(),
    }];
    let mut bytes = size;

    let stored = list_stored_files(&config.files_dir)
        .with_context(|| format!("cannot list {}", config.files_dir.display()))?;
    let mut damaged = vec![];
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
            damaged.push(name.clone());
            continue;
        }
        bytes += size;
        entries.push(Entry {
            sha256,
            size,
            path: relative,
        });
        progress.tick(|| {
            format!(
                "backup: {} of {total} files copied ({:.0} MB)",
                n + 1,
                bytes as f64 / 1e6
            )
        });
    }
    let manifest = Manifest {
        taken_at,
        peerdesk_version: env!("CARGO_PKG_VERSION").to_owned(),
        backend,
        schema_version,
        submissions,
        files: entries.len() as i64 - 1,
        queued_mails,
        entries,
    };
    // Last, and atomically: a folder without a manifest is an unfinished backup.
    let tmp = dir.join(format!("{MANIFEST}.tmp"));
    crate::startup::write_private(&tmp, &manifest.render())?;
    fs::rename(&tmp, dir.join(MANIFEST))?;
    sync_dir(dir);
    Ok(BackupReport {
        manifest,
        damaged,
        bytes,
        snapshot_time,
        elapsed: started.elapsed(),
    })
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

fn run_tool(mut cmd: std::process::Command, name: &str) -> anyhow::Result<()> {
    let out = match cmd.output() {
        Ok(out) => out,
        Err(e) if e.kind() == io::ErrorKind::NotFound => bail!(
            "{name} is not installed: it comes with PostgreSQL's client tools \
             (Debian and Ubuntu: apt-get install postgresql-client)"
        ),
        Err(e) => return Err(e).with_context(|| format!("cannot run {name}")),
    };
    if !out.status.success() {
        bail!(
            "{name} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// The stored files, `root/ab/ab…` (64 hex characters), sorted; temporary files left out.
fn list_stored_files(root: &Path) -> io::Result<Vec<String>> {
    let mut names = vec![];
    let shards = match fs::read_dir(root) {
        Ok(d) => d,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(names),
        Err(e) => return Err(e),
    };
    for shard in shards {
        let shard = shard?;
        let shard_name = shard.file_name().to_string_lossy().into_owned();
        if shard_name.len() != 2 || !shard.file_type()?.is_dir() {
            continue;
        }
        for file in fs::read_dir(shard.path())? {
            let name = file?.file_name().to_string_lossy().into_owned();
            if is_hash(&name) && name.starts_with(&shard_name) {
                names.push(name);
            }
        }
    }
    names.sort();
    Ok(names)
}

fn hash_file(path: &Path) -> io::Result<(String, u64)> {
    let mut input = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), size))
}

/// Copies a file (new, readable by its owner only, synced) and returns the copy's SHA-256.
fn copy_hashing(from: &Path, to: &Path) -> io::Result<(String, u64)> {
    let mut input = File::open(from)?;
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut out = options.open(to)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n])?;
        size += n as u64;
    }
    out.sync_all()?;
    Ok((hex::encode(hasher.finalize()), size))
}

fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn set_private(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

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
    let manifest =
        Manifest::parse(&text).map_err(|m| anyhow::anyhow!("{}: {m}", manifest_path.display()))?;
    let backend = Backend::of_url(&config.database_url);
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
    ensure_empty_target(config, backend)?;
    verify(dir, &manifest)?;

    let database_file = dir.join(Manifest::database_file(backend));
    match backend {
        Backend::Sqlite => restore_sqlite(&config.database_url, &database_file)?,
        Backend::Postgres => restore_postgres(&config.database_url, &database_file)?,
    }
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

    #[test]
    fn the_password_leaves_the_url_for_the_environment() {
        assert_eq!(
            split_password("postgres://peer:s%40cret@db.example:5432/peerdesk"),
            (
                "postgres://peer@db.example:5432/peerdesk".to_owned(),
                Some("s@cret".to_owned())
            )
        );
        assert_eq!(
            split_password("postgres://postgres@127.0.0.1/x"),
            ("postgres://postgres@127.0.0.1/x".to_owned(), None)
        );
        assert_eq!(
            split_password("postgres://127.0.0.1/x"),
            ("postgres://127.0.0.1/x".to_owned(), None)
        );
    }
}
