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

mod files;
mod manifest;
mod restore;
mod take;
mod tools;

pub use manifest::{Entry, FILES, MANIFEST, Manifest, POSTGRES_FILE, SQLITE_FILE};
pub use restore::{RestoreReport, held_note, restore};
pub use take::{BackupReport, backup};
pub use tools::split_password;
