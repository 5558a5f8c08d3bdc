//! The database layer: one code path for SQLite and PostgreSQL, chosen by the URL scheme.
//!
//! Every function here is synchronous (diesel is); the web layer calls them through
//! [`Database::run`], which moves the work onto one of the database threads.

pub mod accounts;
pub mod authorship;
pub mod backups;
pub mod collections;
pub mod deadlines;
pub mod decisions;
pub mod discussion;
pub mod editorial;
pub mod events;
pub mod expertise;
pub mod facts;
pub mod funders;
pub mod guard;
pub mod identity;
pub mod integrity;
pub mod letters;
pub mod mail_choices;
pub mod outbox;
pub mod profile_edit;
pub mod profiles;
pub mod published;
pub mod recognition;
pub mod recommendations;
pub mod review_forms;
pub mod reviews;
pub mod roles;
pub mod round_metadata;
pub mod rounds;
pub mod schema;
pub mod search;
pub mod seed;
pub mod sessions;
pub mod submissions;
pub mod technical_returns;
pub mod two_factor;

use std::sync::Arc;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::{Connection, PgConnection, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Ids bound in one `IN (…)` list by lookups over many rows: well under SQLite's (32,766)
/// and PostgreSQL's (65,535) limits on bound values.
pub const LOOKUP_CHUNK: usize = 5_000;

/// A connection to either backend; diesel generates the shared query support.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

pub type Pool = r2d2::Pool<ConnectionManager>;
pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

/// Which backend a `DATABASE_URL` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// Errors of the database layer, kept as their causes for the log.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("could not get a database connection")]
    Pool(#[from] r2d2::PoolError),
    #[error("database query failed")]
    Query(#[from] diesel::result::Error),
    #[error("could not run the database migrations: {0}")]
    Migration(String),
    #[error("the database task was cancelled")]
    Cancelled,
    #[error("could not start the database threads: {0}")]
    Threads(String),
}

/// Picks the backend from the URL scheme, so a PostgreSQL outage reports its real cause
/// (diesel's derived `establish` would hide it behind "Invalid connection url").
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: String,
}

impl ConnectionManager {
    pub fn new(url: &str) -> Self {
        ConnectionManager {
            url: url.to_owned(),
        }
    }
}

/// `sqlite://data/peerdesk.db`, `sqlite:data/x.db` and a bare path all name a file.
pub fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        match Backend::of_url(&self.url) {
            Backend::Postgres => PgConnection::establish(&self.url)
                .map(DbConnection::Postgresql)
                .map_err(r2d2::Error::ConnectionError),
            Backend::Sqlite => {
                let mut conn = SqliteConnection::establish(sqlite_path(&self.url))
                    .map_err(r2d2::Error::ConnectionError)?;
                // busy_timeout first: several connections switching to WAL at once
                // would otherwise fail with "database is locked".
                // cache_size: 512 KiB of pages per connection instead of SQLite's 2 MiB.
                // The operating system caches the file anyway; A/B showed the same
                // requests a second and first-request times, and peak RSS over sign-ins and
                // six pages fell from 54 to 44 MB (10k) and from 90 to 79 MB (100k).
                conn.batch_execute(
                    "PRAGMA busy_timeout = 10000;
                     PRAGMA journal_mode = WAL;
                     PRAGMA synchronous = NORMAL;
                     PRAGMA foreign_keys = ON;
                     PRAGMA cache_size = -512;",
                )
                .map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

/// The pool plus the knowledge of which backend it talks to.
#[derive(Clone)]
pub struct Database {
    pool: Pool,
    backend: Backend,
    /// Database work waits here for one of a fixed set of threads, one per pooled
    /// connection. Tokio's blocking pool started a thread whenever none was idle at that
    /// instant (30–40 under 32 connections, each soon ending again): the editor's
    /// submission page served ~50 % more requests a second with these (BENCHMARKS.md).
    jobs: Arc<DbThreads>,
}

type Job = Box<dyn FnOnce() + Send + 'static>;

thread_local! {
    /// While a database thread runs a job: whether the request it runs for went away.
    static REQUESTER_GONE: std::cell::RefCell<Option<std::rc::Rc<dyn Fn() -> bool>>> =
        const { std::cell::RefCell::new(None) };
}

/// Whether the request the current database work runs for has gone away (the client hung
/// up and the server dropped the request): long computations ask between steps and stop,
/// rather than holding a database thread for minutes for nobody. `false` outside
/// [`Database::run`] (tests, the command line).
pub fn requester_gone() -> bool {
    REQUESTER_GONE.with(|r| r.borrow().as_ref().is_some_and(|gone| gone()))
}

/// Runs `f` with [`requester_gone`] answering `gone`, then forgets it (also on a panic).
fn watching<T>(gone: std::rc::Rc<dyn Fn() -> bool>, f: impl FnOnce() -> T) -> T {
    struct Forget;
    impl Drop for Forget {
        fn drop(&mut self) {
            REQUESTER_GONE.with(|r| r.borrow_mut().take());
        }
    }
    REQUESTER_GONE.with(|r| *r.borrow_mut() = Some(gone));
    let _forget = Forget;
    f()
}

/// The database threads' queue; when the last [`Database`] clone goes, the queue closes and
/// the threads end.
struct DbThreads {
    queue: std::sync::mpsc::Sender<Job>,
}

impl DbThreads {
    fn start(count: u32) -> std::io::Result<DbThreads> {
        let (queue, jobs) = std::sync::mpsc::channel::<Job>();
        let jobs = Arc::new(std::sync::Mutex::new(jobs));
        for n in 0..count.max(1) {
            let jobs = jobs.clone();
            std::thread::Builder::new()
                .name(format!("db-{n}"))
                .spawn(move || {
                    loop {
                        // One thread waits on the queue at a time; the others on the lock.
                        let next = match jobs.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => return,
                        };
                        let Ok(job) = next else { return };
                        // A panicking job answers "cancelled" (its reply is dropped); the
                        // thread lives on for the next one.
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                    }
                })?;
        }
        Ok(DbThreads { queue })
    }
}

impl Database {
    /// Opens the pool. Connections are checked when the pool starts, not on every checkout
    /// (a test query per checkout costs 10–20 % of throughput on small pages).
    pub fn connect(url: &str, pool_size: u32) -> Result<Database, DbError> {
        let backend = Backend::of_url(url);
        if backend == Backend::Sqlite
            && let Some(parent) = std::path::Path::new(sqlite_path(url)).parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(|e| {
                DbError::Migration(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
        let pool = r2d2::Pool::builder()
            .max_size(pool_size)
            .min_idle(Some(1))
            .test_on_check_out(false)
            .connection_timeout(Duration::from_secs(10))
            .build(ConnectionManager::new(url))?;
        let jobs = DbThreads::start(pool_size).map_err(|e| DbError::Threads(e.to_string()))?;
        Ok(Database {
            pool,
            backend,
            jobs: Arc::new(jobs),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn get(&self) -> Result<PooledConnection, DbError> {
        Ok(self.pool.get()?)
    }

    /// Runs `f` with a pooled connection on one of the database threads.
    pub async fn run<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            // The request went away (the client hung up) while this waited: skip the work.
            if reply.is_closed() {
                return;
            }
            // ...or while it runs: `requester_gone` tells the work, which may stop.
            let reply = std::rc::Rc::new(reply);
            let asks = reply.clone();
            let result = watching(std::rc::Rc::new(move || asks.is_closed()), || {
                pool.get()
                    .map_err(DbError::from)
                    .map_err(E::from)
                    .and_then(|mut conn| f(&mut conn))
            });
            if let Ok(reply) = std::rc::Rc::try_unwrap(reply) {
                let _ = reply.send(result);
            }
        });
        if self.jobs.queue.send(job).is_err() {
            return Err(E::from(DbError::Cancelled));
        }
        match answer.await {
            Ok(result) => result,
            Err(_) => Err(E::from(DbError::Cancelled)),
        }
    }

    pub fn migrate(&self) -> Result<usize, DbError> {
        let mut conn = self.get()?;
        run_migrations(&mut conn)
    }
}

/// Applies pending migrations; returns how many ran.
pub fn run_migrations(conn: &mut DbConnection) -> Result<usize, DbError> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
        DbConnection::Postgresql(c) => c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
    };
    applied.map_err(|e| DbError::Migration(e.to_string()))
}

/// Reverts every migration (used by the migration round-trip test).
pub fn revert_all_migrations(conn: &mut DbConnection) -> Result<usize, DbError> {
    let reverted = match conn {
        DbConnection::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
        DbConnection::Postgresql(c) => c
            .revert_all_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
    };
    reverted.map_err(|e| DbError::Migration(e.to_string()))
}

/// The versions of the migrations this binary carries, oldest first (e.g. `20261123000012`
/// for `2026-11-23-000012_file_document_authors`).
pub fn known_schema_versions(backend: Backend) -> Result<Vec<String>, DbError> {
    use diesel::migration::MigrationSource;
    let versions = match backend {
        Backend::Sqlite => {
            MigrationSource::<diesel::sqlite::Sqlite>::migrations(&SQLITE_MIGRATIONS)
                .map(|all| all.iter().map(|m| m.name().version().to_string()).collect())
        }
        Backend::Postgres => MigrationSource::<diesel::pg::Pg>::migrations(&POSTGRES_MIGRATIONS)
            .map(|all| all.iter().map(|m| m.name().version().to_string()).collect()),
    };
    let mut versions: Vec<String> = versions.map_err(|e| DbError::Migration(e.to_string()))?;
    versions.sort();
    Ok(versions)
}

/// Applies the pending migrations up to and including `version` only: a database of an
/// older schema, for the upgrade tests. Returns how many ran.
pub fn run_migrations_through(conn: &mut DbConnection, version: &str) -> Result<usize, DbError> {
    fn older<DB: diesel::backend::Backend>(
        pending: Vec<Box<dyn diesel::migration::Migration<DB>>>,
        version: &str,
    ) -> Vec<Box<dyn diesel::migration::Migration<DB>>> {
        pending
            .into_iter()
            .filter(|m| m.name().version().to_string().as_str() <= version)
            .collect()
    }
    let applied = match conn {
        DbConnection::Sqlite(c) => c
            .pending_migrations(SQLITE_MIGRATIONS)
            .and_then(|p| c.run_migrations(&older(p, version)))
            .map(|v| v.len()),
        DbConnection::Postgresql(c) => c
            .pending_migrations(POSTGRES_MIGRATIONS)
            .and_then(|p| c.run_migrations(&older(p, version)))
            .map(|v| v.len()),
    };
    applied.map_err(|e| DbError::Migration(e.to_string()))
}

/// Reverts the newest applied migration (its `down.sql`): the upgrade tests turn a database
/// full of today's data into one of the previous schema so. Returns its version.
pub fn revert_last_migration(conn: &mut DbConnection) -> Result<String, DbError> {
    let reverted = match conn {
        DbConnection::Sqlite(c) => c.revert_last_migration(SQLITE_MIGRATIONS),
        DbConnection::Postgresql(c) => c.revert_last_migration(POSTGRES_MIGRATIONS),
    };
    reverted
        .map(|v| v.to_string())
        .map_err(|e| DbError::Migration(e.to_string()))
}

/// Now, in UTC, truncated to microseconds so both backends round-trip the same value.
/// A transaction that may write. On SQLite it begins `IMMEDIATE`: a deferred transaction
/// that reads first and writes later fails at once (SQLITE_BUSY, without waiting) when
/// another connection wrote in between, whereas one that takes the write lock at its start
/// waits its turn (`busy_timeout`). On PostgreSQL it is an ordinary transaction. Inside
/// another transaction it is a savepoint, as usual.
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let outermost_sqlite = match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::transaction_manager_status_mut(c)
            .transaction_depth()?
            .is_none(),
        DbConnection::Postgresql(_) => false,
    };
    if !outermost_sqlite {
        return conn.transaction(f);
    }
    if let DbConnection::Sqlite(c) = conn {
        AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
    }
    let result = f(conn);
    let DbConnection::Sqlite(c) = conn else {
        return result;
    };
    match result {
        Ok(value) => match AnsiTransactionManager::commit_transaction(c) {
            Ok(()) => Ok(value),
            Err(e) => {
                let _ = AnsiTransactionManager::rollback_transaction(c);
                Err(e.into())
            }
        },
        Err(e) => {
            AnsiTransactionManager::rollback_transaction(c)?;
            Err(e)
        }
    }
}

pub fn now() -> chrono::NaiveDateTime {
    truncate_to_micros(chrono::Utc::now().naive_utc())
}

pub fn truncate_to_micros(t: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    use chrono::Timelike;
    let nanos = t.nanosecond() / 1_000 * 1_000;
    t.with_nanosecond(nanos).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn scratch_database(name: &str, pool_size: u32) -> Database {
        let path = std::env::temp_dir().join(format!(
            "peerdesk-db-threads-{name}-{}.db",
            std::process::id()
        ));
        let _ = std::fs::remove_file(&path);
        Database::connect(&format!("sqlite://{}", path.display()), pool_size)
            .unwrap_or_else(|e| panic!("scratch database: {e}"))
    }

    #[tokio::test]
    async fn work_runs_on_as_many_threads_as_connections_and_survives_a_panic() {
        let db = scratch_database("bounded", 2);
        let failed: Result<(), DbError> = db
            .run(|_conn| -> Result<(), DbError> { panic!("a bug in one page") })
            .await;
        assert!(matches!(failed, Err(DbError::Cancelled)), "{failed:?}");

        let jobs: Vec<_> = (0..40)
            .map(|_| {
                let db = db.clone();
                tokio::spawn(async move {
                    db.run(|conn| -> Result<String, DbError> {
                        conn.batch_execute("SELECT 1")?;
                        std::thread::sleep(Duration::from_millis(2));
                        Ok(std::thread::current().name().unwrap_or("?").to_owned())
                    })
                    .await
                })
            })
            .collect();
        let mut names = HashSet::new();
        for job in jobs {
            match job.await {
                Ok(Ok(name)) => names.insert(name),
                other => panic!("job failed: {other:?}"),
            };
        }
        assert!(
            !names.is_empty() && names.len() <= 2 && names.iter().all(|n| n.starts_with("db-")),
            "40 jobs ran on {names:?}"
        );
    }
}
