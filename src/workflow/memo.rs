//! What the editorial lists remember between requests, and when they forget it.
//!
//! Every list and count leaves out the submissions its reader has a conflict with (DESIGN
//! §4), so building an editor's queue means running the conflict rules against every
//! submission in it: seconds for an editor-in-chief at 100,000 submissions. The answers
//! rarely change, so they are kept here, in the process, keyed on two tokens in the database
//! (`cache_generations`, migration 10):
//!
//! - `conflicts` takes a new random value in every transaction that writes anything the
//!   conflict rules read (profiles, affiliations, publications, declared conflicts, a
//!   submission's authors and opposed people, rulings, a submission leaving draft);
//! - `lists` takes one in every transaction that writes a submission, a collection, a
//!   role, an editor's offer, an assignment or a topic.
//!
//! When `conflicts` changes, the verdicts are re-checked selectively: each was stored with a
//! fingerprint of the versions it depends on (migration 11: the submission's own version
//! and its registered authors' profile versions), and only those whose fingerprint moved
//! are computed again; a change to the reader's own profile version computes everything
//! again.
//!
//! Database triggers set the tokens and versions, so no write path can forget to, and an
//! instance behind a load balancer sees another instance's writes as soon as they commit.
//! Entries are also keyed on the conflict settings (today's date and the window), so they
//! are forgotten at midnight.
//!
//! Why this is safe: tokens and versions are read *before* the data an entry is computed
//! from, so an entry is never older than what it is stored under (at worst newer, which
//! only costs a recomputation). A value written by a transaction that rolls back is random
//! and never seen again.
//!
//! No page is held hostage by another (issue 30). One computation runs per entry at a time
//! ([`InFlight`]), and a request waits only for a computation of the very same thing, which
//! started before it and so ends sooner than its own would: a person's submission page
//! never waits for their queue's check of every submission. Conflict verdicts are kept
//! batch by batch as they are learnt, and a computation whose requester has gone
//! ([`crate::db::requester_gone`]) stops after its batch unless another request waits for
//! it: the next reader goes on from what was learnt.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::accounts::Person;
use crate::db::schema::cache_generations;
use crate::domain::conflicts::Settings;
use crate::workflow::conflict::Verdict;

/// The two tokens, as committed (or as the current transaction has set them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generations {
    pub conflicts: i64,
    pub lists: i64,
}

/// Reads the tokens. Call it before reading what an entry is computed from.
pub fn generations(conn: &mut DbConnection) -> QueryResult<Generations> {
    let (conflicts, lists) = cache_generations::table
        .select((cache_generations::conflicts, cache_generations::lists))
        .first::<(i64, i64)>(conn)?;
    Ok(Generations { conflicts, lists })
}

/// Beyond this many entries a memo starts afresh (a bound on memory; only editors and
/// editors-in-chief have entries, so it is rarely reached).
const ENTRIES: usize = 512;

/// A person's conflict verdicts: under which token and settings they were last known to
/// be current, the person's own version, and per submission the fingerprint it was
/// checked under with the verdict.
struct Verdicts {
    conflicts: i64,
    settings: Settings,
    person_version: i64,
    checked: Checked,
}

/// Per submission: the fingerprint it was checked under, and the verdict.
type Checked = HashMap<i64, (u64, Verdict)>;

/// Each person's confirmed conflicts with the submissions already asked about.
///
/// When the conflicts token changes, the verdicts are not all thrown away: each carries the
/// fingerprint of what it depends on (the submission's version and its registered authors'
/// versions, migration 11), and only those whose fingerprint changed are checked again. A
/// change to the person's own profile checks everything again.
#[derive(Default)]
pub struct ConflictVerdicts {
    people: Mutex<HashMap<i64, Verdicts>>,
    /// Per person and set of submissions asked about: the same question waits for the
    /// answer under way, another question (one submission's page while the queue's every
    /// submission is being checked) does not.
    in_flight: InFlight<(i64, u64)>,
}

/// Identifies a set of submission ids (in order) for [`ConflictVerdicts::in_flight`].
fn ids_key(ids: &[i64]) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    ids.hash(&mut h);
    h.finish()
}

/// Of the submissions asked about, those a person is conflicted with and those where only
/// potential conflicts of theirs wait for the editor-in-chief's ruling.
#[derive(Debug, Clone, Default)]
pub struct Among {
    pub conflicted: HashSet<i64>,
    pub potential: HashSet<i64>,
}

impl Among {
    fn add(&mut self, id: i64, verdict: Verdict) {
        match verdict {
            Verdict::Conflicted => {
                self.conflicted.insert(id);
            }
            Verdict::Potential => {
                self.potential.insert(id);
            }
            Verdict::Clear => {}
        }
    }
}

impl ConflictVerdicts {
    /// Which of `ids` `person` has a confirmed conflict with: the remembered verdicts where
    /// they are current, the conflict rules ([`crate::workflow::conflict::verdicts_in_batches`])
    /// for the rest, which are then remembered.
    pub fn conflicted_among(
        &self,
        conn: &mut DbConnection,
        person: &Person,
        ids: &[i64],
        settings: &Settings,
    ) -> QueryResult<HashSet<i64>> {
        Ok(self.verdicts_among(conn, person, ids, settings)?.conflicted)
    }

    /// [`ConflictVerdicts::conflicted_among`], with the potential conflicts awaiting a ruling.
    pub fn verdicts_among(
        &self,
        conn: &mut DbConnection,
        person: &Person,
        ids: &[i64],
        settings: &Settings,
    ) -> QueryResult<Among> {
        let token = generations(conn)?.conflicts;
        self.in_flight.find_or_compute(
            &(person.id, ids_key(ids)),
            || self.all_current(person.id, token, settings, ids),
            || self.check(conn, person, ids, settings),
        )
    }

    /// How many verdicts are remembered for a person (diagnostics; the tests watch a
    /// stopped computation with it).
    pub fn remembered_for(&self, person_id: i64) -> usize {
        self.people
            .lock()
            .ok()
            .and_then(|p| p.get(&person_id).map(|v| v.checked.len()))
            .unwrap_or(0)
    }

    /// The verdicts on `ids` when every one of them has a current verdict.
    fn all_current(
        &self,
        person_id: i64,
        token: i64,
        settings: &Settings,
        ids: &[i64],
    ) -> Option<Among> {
        let people = self.people.lock().ok()?;
        let v = people.get(&person_id)?;
        if v.settings != *settings || v.conflicts != token {
            return None;
        }
        let mut found = Among::default();
        for id in ids {
            let (_, verdict) = v.checked.get(id)?;
            found.add(*id, *verdict);
        }
        Some(found)
    }

    /// [`ConflictVerdicts::conflicted_among`] beyond what is remembered.
    fn check(
        &self,
        conn: &mut DbConnection,
        person: &Person,
        ids: &[i64],
        settings: &Settings,
    ) -> QueryResult<Among> {
        // Tokens and versions first, then the data the verdicts are computed from.
        let token = generations(conn)?.conflicts;
        let (mut known, renewed) = match self.recall(person.id, token, settings, ids) {
            Recall::Current(known) => (known, None),
            Recall::Stale(stale) => {
                let renewed = renewed(conn, person.id, token, settings, stale)?;
                let known = ids
                    .iter()
                    .filter_map(|id| renewed.checked.get(id).map(|(_, c)| (*id, *c)))
                    .collect();
                (known, Some(renewed))
            }
        };
        let unchecked: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| !known.contains_key(id))
            .collect();
        if unchecked.is_empty() {
            self.remember(person.id, token, settings, renewed, Vec::new());
        } else {
            let prints = fingerprints(conn, &unchecked)?;
            let mut renewed = renewed;
            // Each batch is remembered as soon as it is known: a request that stops (its
            // requester gone) leaves what it learnt to the next.
            crate::workflow::conflict::verdicts_in_batches(
                conn,
                person,
                &unchecked,
                settings,
                |batch, found| {
                    let mut fresh = Vec::with_capacity(batch.len());
                    for id in batch {
                        let v = found.get(id).copied().unwrap_or(Verdict::Clear);
                        fresh.push((*id, prints.get(id).copied().unwrap_or(0), v));
                        known.insert(*id, v);
                    }
                    self.remember(person.id, token, settings, renewed.take(), fresh);
                    if should_stop() {
                        tracing::info!(
                            person = person.id,
                            "conflict check stopped: the request went away"
                        );
                        return Err(stopped());
                    }
                    Ok(())
                },
            )?;
        }
        let mut among = Among::default();
        for (id, verdict) in known {
            among.add(id, verdict);
        }
        Ok(among)
    }

    /// What is remembered for `person_id` under these settings: the verdicts on `ids` when
    /// the entry is current, or the entry to renew (with the person's version it was
    /// stored under) when the token has moved since.
    fn recall(&self, person_id: i64, token: i64, settings: &Settings, ids: &[i64]) -> Recall {
        // A poisoned lock means another request panicked while holding it: treat the
        // memo as empty rather than fail the page.
        let people = self.people.lock().ok();
        match people.as_ref().and_then(|p| p.get(&person_id)) {
            Some(v) if v.settings == *settings && v.conflicts == token => Recall::Current(
                ids.iter()
                    .filter_map(|id| v.checked.get(id).map(|(_, c)| (*id, *c)))
                    .collect(),
            ),
            Some(v) if v.settings == *settings => {
                Recall::Stale(Some((v.person_version, v.checked.clone())))
            }
            _ => Recall::Stale(None),
        }
    }

    /// Stores what one request learnt. Another request may have renewed the entry
    /// meanwhile: the entry under the newer token wins, and fresh verdicts join an entry
    /// only under the token they were computed with.
    fn remember(
        &self,
        person_id: i64,
        token: i64,
        settings: &Settings,
        renewed: Option<Verdicts>,
        fresh: Vec<(i64, u64, Verdict)>,
    ) {
        let Ok(mut people) = self.people.lock() else {
            return;
        };
        if people.len() >= ENTRIES && !people.contains_key(&person_id) {
            people.clear();
        }
        let current = people
            .get(&person_id)
            .is_some_and(|v| v.conflicts == token && v.settings == *settings);
        if !current {
            match renewed {
                Some(r) => {
                    people.insert(person_id, r);
                }
                None => return,
            }
        }
        if let Some(v) = people.get_mut(&person_id) {
            for (id, fp, c) in fresh {
                v.checked.insert(id, (fp, c));
            }
        }
    }
}

/// What [`ConflictVerdicts::recall`] finds.
enum Recall {
    /// The entry is current: the verdicts it has on the submissions asked about.
    Current(HashMap<i64, Verdict>),
    /// The token moved since (or there is no entry under these settings): what there was,
    /// as (the person's version then, the verdicts).
    Stale(Option<(i64, Checked)>),
}

/// A new entry under `token` for a person whose entry is `stale`: the old verdicts whose
/// fingerprint has not changed are kept, unless the person's own profile changed.
fn renewed(
    conn: &mut DbConnection,
    person_id: i64,
    token: i64,
    settings: &Settings,
    stale: Option<(i64, Checked)>,
) -> QueryResult<Verdicts> {
    let person_version = person_version(conn, person_id)?;
    let mut checked = HashMap::new();
    if let Some((then, old)) = stale
        && then == person_version
    {
        let old_ids: Vec<i64> = old.keys().copied().collect();
        let now = fingerprints(conn, &old_ids)?;
        checked = old
            .into_iter()
            .filter(|(id, (fp, _))| now.get(id) == Some(fp))
            .collect();
    }
    Ok(Verdicts {
        conflicts: token,
        settings: *settings,
        person_version,
        checked,
    })
}

/// A person's version (0 when never changed since migration 11).
fn person_version(conn: &mut DbConnection, person_id: i64) -> QueryResult<i64> {
    use crate::db::schema::person_versions as pv;
    Ok(pv::table
        .find(person_id)
        .select(pv::v)
        .first::<i64>(conn)
        .optional()?
        .unwrap_or(0))
}

/// Per submission, a fingerprint of its version and its registered authors' versions:
/// it changes whenever anything its conflict verdicts depend on (besides the reader's own
/// profile) changes.
fn fingerprints(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<HashMap<i64, u64>> {
    use crate::db::schema::submission_versions as sv;
    use crate::db::schema::{person_versions as pv, submission_authors as sa};
    let mix = |a: i64, b: i64| -> u64 {
        // SplitMix64's finaliser over the pair: order-free once summed, and no two small
        // changes cancel out.
        let mut z = (a as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (b as u64);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut out: HashMap<i64, u64> = ids.iter().map(|id| (*id, 0)).collect();
    for chunk in ids.chunks(crate::db::LOOKUP_CHUNK) {
        for (id, v) in sv::table
            .filter(sv::submission_id.eq_any(chunk))
            .select((sv::submission_id, sv::v))
            .load::<(i64, i64)>(conn)?
        {
            if let Some(fp) = out.get_mut(&id) {
                *fp = fp.wrapping_add(mix(-1, v));
            }
        }
        for (id, person, v) in sa::table
            .inner_join(pv::table.on(pv::person_id.nullable().eq(sa::person_id)))
            .filter(sa::submission_id.eq_any(chunk))
            .select((sa::submission_id, pv::person_id, pv::v))
            .load::<(i64, i64, i64)>(conn)?
        {
            if let Some(fp) = out.get_mut(&id) {
                *fp = fp.wrapping_add(mix(person, v));
            }
        }
    }
    Ok(out)
}

/// Values computed from the database, each remembered under the tokens and settings it was
/// computed with, and used again while both are unchanged.
pub struct Remembered<K, V> {
    entries: Mutex<HashMap<K, Entry<V>>>,
    in_flight: InFlight<K>,
}

/// A remembered value with the tokens and settings it was computed under.
type Entry<V> = (Generations, Settings, Arc<V>);

impl<K, V> Default for Remembered<K, V> {
    fn default() -> Self {
        Remembered {
            entries: Mutex::new(HashMap::new()),
            in_flight: InFlight::default(),
        }
    }
}

impl<K: Eq + Hash + Clone, V> Remembered<K, V> {
    /// The value for `key`, as remembered when nothing it depends on has changed since,
    /// else as `compute` makes it now (and then remembered).
    pub fn get_or_compute(
        &self,
        conn: &mut DbConnection,
        key: &K,
        settings: &Settings,
        compute: impl FnOnce(&mut DbConnection) -> QueryResult<V>,
    ) -> QueryResult<Arc<V>> {
        let tokens = generations(conn)?;
        self.in_flight.find_or_compute(
            key,
            || self.current(key, tokens, settings),
            || {
                let value = Arc::new(compute(conn)?);
                if let Ok(mut entries) = self.entries.lock() {
                    if entries.len() >= ENTRIES && !entries.contains_key(key) {
                        entries.clear();
                    }
                    entries.insert(key.clone(), (tokens, *settings, value.clone()));
                }
                Ok(value)
            },
        )
    }

    fn current(&self, key: &K, tokens: Generations, settings: &Settings) -> Option<Arc<V>> {
        let entries = self.entries.lock().ok()?;
        let (t, s, value) = entries.get(key)?;
        (*t == tokens && s == settings).then(|| value.clone())
    }
}

/// Why a computation stopped: the request it ran for went away and nobody waits for it.
#[derive(Debug, Clone, Copy)]
pub struct RequesterGone;

impl std::fmt::Display for RequesterGone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request went away; its computation stopped")
    }
}

impl std::error::Error for RequesterGone {}

/// The error a stopped computation returns (nobody reads it: the requester is gone).
pub fn stopped() -> diesel::result::Error {
    diesel::result::Error::QueryBuilderError(Box::new(RequesterGone))
}

type Gate = Arc<Mutex<()>>;

thread_local! {
    /// The gates of the computations under way on this thread (nested: a list computes its
    /// verdicts inside its own computation).
    static COMPUTING: std::cell::RefCell<Vec<Gate>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Whether a long computation should stop now: the request it runs for has gone and no
/// other request waits for any computation under way on this thread. Asked between
/// batches; `false` outside a request.
pub fn should_stop() -> bool {
    crate::db::requester_gone()
        && COMPUTING.with(|c| {
            // The map, the computing request and this list hold one clone each; each
            // waiter another.
            c.borrow().iter().all(|gate| Arc::strong_count(gate) <= 3)
        })
}

/// One computation per key at a time. When a busy page's memo is empty (at start-up, after
/// a write), every database thread used to compute the same entry at once: the same
/// seconds of work four times over, and four threads' worth of transient memory (peak RSS
/// 54–58 MB against 34 when the same load ramps up gently). Now the first computes and the
/// others wait for its answer. A key names one computation exactly, so a request never
/// waits longer than its own computation would take; if the one it waits for stops (its
/// requester gone, see [`should_stop`]), the waiter computes in turn, from what was kept.
pub struct InFlight<K> {
    gates: Mutex<HashMap<K, Gate>>,
}

impl<K> Default for InFlight<K> {
    fn default() -> Self {
        InFlight {
            gates: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash + Clone> InFlight<K> {
    /// What `found` finds; else `compute`, by one request at a time for `key`. `found` is
    /// asked again when a request's turn comes: the one before it may have computed it.
    pub fn find_or_compute<T, E>(
        &self,
        key: &K,
        found: impl Fn() -> Option<T>,
        compute: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        if let Some(value) = found() {
            return Ok(value);
        }
        self.one_at_a_time(key, || match found() {
            Some(value) => Ok(value),
            None => compute(),
        })
    }

    fn one_at_a_time<T>(&self, key: &K, f: impl FnOnce() -> T) -> T {
        let gate = match self.gates.lock() {
            Ok(mut gates) => gates.entry(key.clone()).or_default().clone(),
            // Another request panicked holding the map: no waiting, as before this existed.
            Err(_) => return f(),
        };
        let result = {
            // A poisoned gate means the computing request panicked: compute here instead.
            let _turn = gate
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            struct Done;
            impl Drop for Done {
                fn drop(&mut self) {
                    COMPUTING.with(|c| c.borrow_mut().pop());
                }
            }
            COMPUTING.with(|c| c.borrow_mut().push(gate.clone()));
            let _done = Done;
            f()
        };
        if let Ok(mut gates) = self.gates.lock()
            && Arc::strong_count(&gate) == 2
        {
            // Nobody else waits at this gate (clones are only taken under this lock).
            gates.remove(key);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;
    use crate::db::Database;

    /// Four requests finding the same entry missing at once compute it once; the others
    /// wait for that answer. Without the gate each computed it (four times the work and
    /// four threads' worth of memory at the moment a busy page's memo is empty).
    #[test]
    fn requests_arriving_together_compute_an_entry_once() {
        let path = std::env::temp_dir().join(format!("peerdesk-memo-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let db = Database::connect(&format!("sqlite://{}", path.display()), 4)
            .unwrap_or_else(|e| panic!("scratch database: {e}"));
        db.migrate().unwrap_or_else(|e| panic!("migrations: {e}"));
        let memo: Remembered<i64, usize> = Remembered::default();
        let computed = AtomicUsize::new(0);
        let settings = Settings {
            today: chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap_or_default(),
            window_years: 3,
        };
        let answers: Vec<usize> = std::thread::scope(|s| {
            let waiting: Vec<_> = (0..4)
                .map(|_| {
                    let mut conn = db.get().unwrap_or_else(|e| panic!("connection: {e}"));
                    let (memo, computed, settings) = (&memo, &computed, &settings);
                    s.spawn(move || {
                        let value = memo.get_or_compute(&mut conn, &7, settings, |_| {
                            std::thread::sleep(Duration::from_millis(150));
                            Ok(computed.fetch_add(1, Ordering::SeqCst) + 100)
                        });
                        *value.unwrap_or_else(|e| panic!("memo: {e}"))
                    })
                })
                .collect();
            waiting
                .into_iter()
                .map(|t| t.join().unwrap_or_else(|_| panic!("a request panicked")))
                .collect()
        });
        assert_eq!(computed.load(Ordering::SeqCst), 1, "computed once");
        assert_eq!(answers, vec![100; 4], "every request got that one answer");
        let gates = memo
            .in_flight
            .gates
            .lock()
            .map(|g| g.len())
            .unwrap_or(usize::MAX);
        assert_eq!(gates, 0, "no gate is left behind");
    }

    /// Issue 30: a computation whose request went away stops at its next step, unless
    /// another request waits for it; then it finishes for that one.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_computation_stops_when_its_requester_goes_unless_someone_waits() {
        let path =
            std::env::temp_dir().join(format!("peerdesk-memo-gone-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let db = Database::connect(&format!("sqlite://{}", path.display()), 2)
            .unwrap_or_else(|e| panic!("scratch database: {e}"));
        let gates: Arc<InFlight<i64>> = Arc::new(InFlight::default());
        // Steps of 10 ms for up to 5 s, asking `should_stop` after each; the number of
        // steps taken is sent back on `steps`.
        let slow = |gates: Arc<InFlight<i64>>, steps: std::sync::mpsc::Sender<usize>| {
            move |_: &mut crate::db::DbConnection| -> Result<usize, crate::db::DbError> {
                gates.find_or_compute(
                    &1,
                    || None,
                    || {
                        for n in 0..500 {
                            if should_stop() {
                                let _ = steps.send(n);
                                return Err(crate::db::DbError::Cancelled);
                            }
                            std::thread::sleep(Duration::from_millis(10));
                        }
                        let _ = steps.send(500);
                        Ok(500)
                    },
                )
            }
        };

        // Alone: the request is dropped after 200 ms, and the computation stops.
        let (tx, steps) = std::sync::mpsc::channel();
        let alone = db.run(slow(gates.clone(), tx));
        assert!(
            tokio::time::timeout(Duration::from_millis(200), alone)
                .await
                .is_err()
        );
        let taken = tokio::task::spawn_blocking(move || steps.recv_timeout(Duration::from_secs(2)))
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|e| panic!("the computation went on: {e}"));
        assert!(taken < 100, "stopped after {taken} steps");

        // With someone waiting at the gate it goes on for them.
        let (tx, steps) = std::sync::mpsc::channel();
        let first = db.run(slow(gates.clone(), tx.clone()));
        let waiting = {
            let gates = gates.clone();
            let db = db.clone();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(50)).await;
                db.run(move |_| -> Result<usize, crate::db::DbError> {
                    gates.find_or_compute(&1, || None, || Ok(7))
                })
                .await
            })
        };
        assert!(
            tokio::time::timeout(Duration::from_millis(200), first)
                .await
                .is_err()
        );
        let taken =
            tokio::task::spawn_blocking(move || steps.recv_timeout(Duration::from_secs(10)))
                .await
                .unwrap_or_else(|e| panic!("{e}"))
                .unwrap_or_else(|e| panic!("no answer: {e}"));
        assert_eq!(taken, 500, "finished for the request waiting");
        let second = waiting.await.unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(second, Ok(7)), "then computed its own: {second:?}");
        drop(tx);
    }
}
