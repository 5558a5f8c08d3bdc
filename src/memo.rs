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

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::accounts::Person;
use crate::db::schema::cache_generations;
use crate::domain::conflicts::Settings;

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

/// Per submission: the fingerprint it was checked under, and whether it is conflicted.
type Checked = HashMap<i64, (u64, bool)>;

/// Each person's confirmed conflicts with the submissions already asked about.
///
/// When the conflicts token changes, the verdicts are not all thrown away: each carries the
/// fingerprint of what it depends on (the submission's version and its registered authors'
/// versions, migration 11), and only those whose fingerprint changed are checked again. A
/// change to the person's own profile checks everything again.
#[derive(Default)]
pub struct ConflictVerdicts {
    people: Mutex<HashMap<i64, Verdicts>>,
    in_flight: InFlight<i64>,
}

impl ConflictVerdicts {
    /// Which of `ids` `person` has a confirmed conflict with: the remembered verdicts where
    /// they are current, the conflict rules ([`crate::editorial::conflicted_among`]) for
    /// the rest, which are then remembered.
    pub fn conflicted_among(
        &self,
        conn: &mut DbConnection,
        person: &Person,
        ids: &[i64],
        settings: &Settings,
    ) -> QueryResult<HashSet<i64>> {
        let token = generations(conn)?.conflicts;
        self.in_flight.find_or_compute(
            &person.id,
            || self.all_current(person.id, token, settings, ids),
            || self.check(conn, person, ids, settings),
        )
    }

    /// The conflicted among `ids` when every one of them has a current verdict.
    fn all_current(
        &self,
        person_id: i64,
        token: i64,
        settings: &Settings,
        ids: &[i64],
    ) -> Option<HashSet<i64>> {
        let people = self.people.lock().ok()?;
        let v = people.get(&person_id)?;
        if v.settings != *settings || v.conflicts != token {
            return None;
        }
        let mut found = HashSet::new();
        for id in ids {
            let (_, conflicted) = v.checked.get(id)?;
            if *conflicted {
                found.insert(*id);
            }
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
    ) -> QueryResult<HashSet<i64>> {
        // Tokens and versions first, then the data the verdicts are computed from.
        let token = generations(conn)?.conflicts;
        let mut known: HashMap<i64, bool> = HashMap::new();
        let mut current = false;
        let mut stale: Option<(i64, Checked)> = None;
        {
            // A poisoned lock means another request panicked while holding it: treat the
            // memo as empty rather than fail the page.
            let people = self.people.lock().ok();
            match people.as_ref().and_then(|p| p.get(&person.id)) {
                Some(v) if v.settings == *settings && v.conflicts == token => {
                    current = true;
                    for id in ids {
                        if let Some((_, c)) = v.checked.get(id) {
                            known.insert(*id, *c);
                        }
                    }
                }
                Some(v) if v.settings == *settings => {
                    stale = Some((v.person_version, v.checked.clone()));
                }
                _ => {}
            }
        }
        // Something changed since: keep the verdicts whose fingerprint did not, unless the
        // person's own profile changed.
        let mut renewed: Option<Verdicts> = None;
        if !current {
            let person_version = person_version(conn, person.id)?;
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
            for id in ids {
                if let Some((_, c)) = checked.get(id) {
                    known.insert(*id, *c);
                }
            }
            renewed = Some(Verdicts {
                conflicts: token,
                settings: *settings,
                person_version,
                checked,
            });
        }
        let unchecked: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| !known.contains_key(id))
            .collect();
        let mut fresh: Vec<(i64, u64, bool)> = Vec::new();
        if !unchecked.is_empty() {
            let prints = fingerprints(conn, &unchecked)?;
            let found = crate::editorial::conflicted_among(conn, person, &unchecked, settings)?;
            for id in unchecked {
                let c = found.contains(&id);
                fresh.push((id, prints.get(&id).copied().unwrap_or(0), c));
                known.insert(id, c);
            }
        }
        self.remember(person.id, token, settings, renewed, fresh);
        Ok(known
            .into_iter()
            .filter(|(_, c)| *c)
            .map(|(id, _)| id)
            .collect())
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
        fresh: Vec<(i64, u64, bool)>,
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

/// One computation per key at a time. When a busy page's memo is empty (at start-up, after
/// a write), every database thread used to compute the same entry at once: the same
/// seconds of work four times over, and four threads' worth of transient memory (peak RSS
/// 54–58 MB against 34 when the same load ramps up gently). Now the first computes and the
/// others wait for its answer.
pub struct InFlight<K> {
    gates: Mutex<HashMap<K, Arc<Mutex<()>>>>,
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
}
