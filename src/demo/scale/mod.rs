//! Scale data for load tests (`peerdesk demo --scale N`): N submissions spread over every
//! state and revision round, about three review invitations each, up to 20,000 people with
//! affiliations and publication histories, authors, topics, timelines and sent e-mails.
//!
//! Deterministic (a xorshift generator with a fixed seed), inserted in multi-row INSERTs of
//! a few thousand rows inside transactions, on SQLite or PostgreSQL. Never in production
//! mode (the caller checks). One argon2 hash serves every account, so loading is fast; the
//! password is random and printed once with a few logins for each role.
//!
//! The parts: [`people`] (people, their histories, roles and accounts), [`submissions`]
//! (the manuscripts and their authors and topics) with [`timeline`] (each one's events,
//! e-mail, assignment and reviews), [`rows`] (one struct per table written), [`words`]
//! (what names and titles are made of) and [`random`] (the generator).

mod people;
mod random;
mod reports;
mod ring;
mod rows;
mod signals;
mod submissions;
mod timeline;
mod words;

use std::collections::HashMap;

use chrono::Duration;
use diesel::prelude::*;

use crate::db::schema::people as people_table;
use crate::db::{DbConnection, collections, facts, now, seed, write_transaction};
use crate::security::{password, token};

pub use random::XorShift;
pub use reports::honest as honest_report;
pub use ring::{RING_EVERY, RING_MANUSCRIPTS, RING_PEOPLE, RING_SUBMISSIONS, rings_for};
pub use signals::{Replayed, replay_signals};
pub use words::{ASPECTS, CANCERS, Field, field_in, field_name, true_fields};

/// Multi-row INSERTs run on the backend's own connection: diesel's `MultiConnection`
/// does not support batch inserts.
macro_rules! batch_execute {
    ($conn:expr, $query:expr) => {
        match $conn {
            DbConnection::Sqlite(c) => $query.execute(c),
            DbConnection::Postgresql(c) => $query.execute(c),
        }
    };
}

/// As `batch_execute!`, returning the new rows' ids.
macro_rules! batch_ids {
    ($conn:expr, $query:expr) => {
        match $conn {
            DbConnection::Sqlite(c) => $query.get_results::<i64>(c),
            DbConnection::Postgresql(c) => $query.get_results::<i64>(c),
        }
    };
}

/// Inserts `$rows` in statements of at most [`MAX_BINDS`] bound values, `$columns` a row.
macro_rules! insert_chunks {
    ($conn:expr, $table:expr, $rows:expr, $columns:expr) => {
        for chunk in $rows.chunks(chunk_rows($columns)) {
            batch_execute!($conn, diesel::insert_into($table).values(chunk.to_vec()))?;
        }
    };
}

/// As `insert_chunks!`, returning the new rows' ids in order.
macro_rules! insert_chunks_returning_ids {
    ($conn:expr, $table:expr, $id:expr, $rows:expr, $columns:expr) => {{
        let mut ids: Vec<i64> = Vec::with_capacity($rows.len());
        for chunk in $rows.chunks(chunk_rows($columns)) {
            ids.extend(batch_ids!(
                $conn,
                diesel::insert_into($table)
                    .values(chunk.to_vec())
                    .returning($id)
            )?);
        }
        ids
    }};
}

use {batch_execute, batch_ids, insert_chunks, insert_chunks_returning_ids};

/// Recorded once scale data is loaded; a second run is refused.
pub const SCALE_LOADED: &str = "scale_data_loaded";

/// SQLite allows 32,766 bound values per statement; PostgreSQL 65,535.
const MAX_BINDS: usize = 32_000;

/// Submissions per transaction.
const SUBMISSIONS_PER_TX: usize = 2_000;

/// Board members who handle submissions.
const EDITORS: usize = 40;
/// The generator's seed: the same data every time.
const SEED: u64 = 0x9E37_79B9_7F4A_7C15;

/// One printed login.
pub struct ScaleLogin {
    pub role: &'static str,
    pub email: String,
    /// How many submissions this person submitted or handles (0 when not relevant).
    pub count: usize,
}

/// What was loaded, and who can sign in.
pub struct ScaleReport {
    pub submissions: usize,
    pub people: usize,
    pub invitations: usize,
    pub events: usize,
    pub password: String,
    pub logins: Vec<ScaleLogin>,
    /// One submission's id for the editorial page (under review, handled by the busy editor).
    pub sample_submission_id: i64,
}
fn chunk_rows(columns: usize) -> usize {
    (MAX_BINDS / columns).max(1)
}

/// How many people for N submissions: 20,000 from N = 10,000 up, fewer for small N.
pub fn people_for(n: usize) -> usize {
    (n * 2).clamp(300, 20_000)
}
/// Loads N submissions and their world, with [`rings_for`]`(N)` review rings planted.
/// Refuses when scale data was loaded before.
pub fn load(conn: &mut DbConnection, n: usize) -> anyhow::Result<ScaleReport> {
    load_with_rings(conn, n, rings_for(n))
}

/// As [`load`], with `rings` review rings planted (tests plant one in a small load).
pub fn load_with_rings(
    conn: &mut DbConnection,
    n: usize,
    rings: usize,
) -> anyhow::Result<ScaleReport> {
    seed::ensure_seeded(conn)?;
    if facts::get(conn, SCALE_LOADED)?.is_some() {
        anyhow::bail!("scale data is already loaded in this database; use a fresh one");
    }
    let plain = token::random_hex(8);
    let hash = password::hash_password(&plain)?;
    let journal = collections::find_journal_by_name(conn, seed::JOURNAL_NAME)?
        .ok_or_else(|| anyhow::anyhow!("the seed journal is missing"))?;
    let collection = collections::find_collection_by_slug(conn, seed::COLLECTION_SLUG)?
        .ok_or_else(|| anyhow::anyhow!("the seed collection is missing"))?;
    let topics = collections::topics_of(conn, collection.id)?;
    let mut rng = XorShift::new(SEED);
    let started = now() - Duration::days(5 * 365);
    let n_people = people_for(n);

    let people_ids = write_transaction(conn, |conn| -> anyhow::Result<Vec<i64>> {
        facts::record_once(conn, SCALE_LOADED, &n.to_string())?;
        people::insert_people(conn, &mut rng, n_people, started)
    })?;
    let cast = Cast::of(&people_ids, n_people);
    let mut rings = ring::Rings::plan(
        rings,
        n,
        &people_ids,
        EDITORS + 2 + cast.reviewers.len(),
        &cast.editors,
    );
    write_transaction(conn, |conn| {
        people::insert_roles_and_accounts(conn, &cast, &people_ids, journal.id, &topics, &hash)?;
        rings.insert_made_up(conn, started)
    })?;
    let ctx = submissions::BatchContext {
        collection_id: collection.id,
        prefix: &collection.manuscript_prefix,
        topics: &topics,
        editors: &cast.editors,
        reviewers: &cast.reviewers,
        reviewers_by_field: &cast.reviewers_by_field,
        authors_pool: &cast.authors_pool,
        busy_author: cast.busy_author,
        authors_pool_start: EDITORS + 1,
        busy_author_index: EDITORS + 1 + cast.reviewers.len(),
        chief: cast.chief,
        started,
        n,
        rings: &rings,
    };
    let totals = submissions::insert_all(conn, &mut rng, &ctx)?;
    write_transaction(conn, |conn| record_rings(conn, &rings, &totals))?;
    Ok(ScaleReport {
        submissions: n,
        people: n_people,
        invitations: totals.invitations,
        events: totals.events,
        password: plain,
        logins: logins(conn, &cast, n, &totals)?,
        sample_submission_id: totals.sample,
    })
}

/// The database a measuring example (`examples/`) reads: the URL given first on its command
/// line, else `default_url`, migrated; with `--load N`, scale data of N submissions loaded
/// into it first, which is said on standard output with the time it took.
pub fn open_for_measuring(
    args: &[String],
    default_url: &str,
) -> anyhow::Result<crate::db::Database> {
    let url = args.first().map_or(default_url, String::as_str);
    let db = crate::db::Database::connect(url, 2)?;
    db.migrate()?;
    if let Some(n) = args
        .iter()
        .position(|a| a == "--load")
        .and_then(|i| args.get(i + 1))
    {
        let started = std::time::Instant::now();
        let mut conn = db.get()?;
        let report = load(&mut conn, n.parse()?)?;
        println!(
            "loaded {} submissions, {} people, {} invitations in {:.1} s",
            report.submissions,
            report.people,
            report.invitations,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(db)
}

/// What was planted, for measuring against (`examples/ring_quality.rs`).
fn record_rings(
    conn: &mut DbConnection,
    rings: &ring::Rings,
    totals: &submissions::BatchOut,
) -> anyhow::Result<()> {
    let list = |ids: &[i64]| ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    facts::record_once(conn, RING_SUBMISSIONS, &list(&totals.ring_submissions))?;
    facts::record_once(conn, RING_PEOPLE, &list(&rings.reviewers()))?;
    Ok(())
}

/// Who plays which part. Person 0 is the editor-in-chief, the next [`EDITORS`] are board
/// members (handling editors), the next 2,000 (or a tenth) reviewers; everyone after the
/// editors may be an author, and the first person after the reviewers is the busy author.
/// A person's index in the list of people is what [`true_fields`] knows them by.
struct Cast {
    chief: i64,
    editors: Vec<i64>,
    reviewers: Vec<i64>,
    /// The reviewers whose true fields include each field, as an editor who knows her
    /// reviewers would find them.
    reviewers_by_field: HashMap<Field, Vec<i64>>,
    authors_pool: Vec<i64>,
    busy_author: i64,
}

impl Cast {
    fn of(people_ids: &[i64], n_people: usize) -> Cast {
        let n_reviewers = (n_people / 10).clamp(50, 2_000);
        let mut reviewers_by_field: HashMap<Field, Vec<i64>> = HashMap::new();
        let reviewers = people_ids.iter().enumerate().skip(EDITORS + 1);
        for (i, id) in reviewers.take(n_reviewers) {
            for field in true_fields(i) {
                reviewers_by_field.entry(field).or_default().push(*id);
            }
        }
        Cast {
            reviewers_by_field,
            chief: people_ids[0],
            editors: people_ids[1..=EDITORS].to_vec(),
            reviewers: people_ids[EDITORS + 1..EDITORS + 1 + n_reviewers].to_vec(),
            authors_pool: people_ids[EDITORS + 1..].to_vec(),
            busy_author: people_ids[EDITORS + 1 + n_reviewers],
        }
    }
}

/// A few logins for each role, the busiest first.
fn logins(
    conn: &mut DbConnection,
    cast: &Cast,
    n: usize,
    totals: &submissions::BatchOut,
) -> anyhow::Result<Vec<ScaleLogin>> {
    let mut login = |role: &'static str, id: i64, count: usize| -> anyhow::Result<ScaleLogin> {
        let email = people_table::table
            .find(id)
            .select(people_table::email)
            .first::<String>(conn)?;
        Ok(ScaleLogin { role, email, count })
    };
    let mut logins = vec![
        login("editor-in-chief", cast.chief, n)?,
        login("editor", cast.editors[0], totals.busy_editor)?,
        login("author", cast.busy_author, totals.busy_author)?,
    ];
    for e in cast.editors.iter().skip(1).take(2) {
        logins.push(login("editor", *e, 0)?);
    }
    for r in cast.reviewers.iter().take(2) {
        logins.push(login("reviewer", *r, 0)?);
    }
    Ok(logins)
}

/// The printed summary; `bench/load.sh` reads the `login` and `sample` lines.
pub fn format_report(r: &ScaleReport, base_url: &str, seconds: f64) -> String {
    let mut out = format!(
        "Scale data loaded in {seconds:.1} s: {} submissions, {} people, {} review invitations, {} events.\n\
         Every account's password (shown once): {}\n\
         Sign in at {base_url}/login as:\n",
        r.submissions, r.people, r.invitations, r.events, r.password
    );
    for l in &r.logins {
        out.push_str(&format!(
            "login {:<16} {:<48} {} {}\n",
            l.role, l.email, r.password, l.count
        ));
    }
    out.push_str(&format!(
        "sample submission {} ({base_url}/editorial/submissions/{})\n",
        r.sample_submission_id, r.sample_submission_id
    ));
    out
}
