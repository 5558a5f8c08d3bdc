//! What the editorial lists remember between requests, and when they forget it.
//!
//! Every list and count leaves out the submissions its reader has a conflict with (DESIGN
//! §4), so building an editor's queue means running the conflict rules against every
//! submission in it: about a second for an editor-in-chief at 10,000 submissions. The
//! answers rarely change, so they are kept here, in the process, keyed on two tokens in the
//! database (`cache_generations`, migration 10):
//!
//! - `conflicts` takes a new random value in every transaction that writes anything the
//!   conflict rules read (profiles, affiliations, publications, declared conflicts, a
//!   submission's authors and opposed people, rulings, a submission leaving draft);
//! - `lists` takes one in every transaction that writes a submission or a collection.
//!
//! Database triggers set them, so no write path can forget to, and an instance behind a
//! load balancer sees another instance's writes as soon as they commit. An entry is also
//! keyed on the conflict settings (today's date and the window), so it is forgotten at
//! midnight.
//!
//! Why this is safe: the tokens are read *before* the data an entry is computed from, so an
//! entry is never older than its token (at worst newer, which only costs a recomputation).
//! A token written by a transaction that rolls back is random and never seen again.

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

/// A person's conflict verdicts under one token and one set of settings.
struct Verdicts {
    conflicts: i64,
    settings: Settings,
    checked: HashSet<i64>,
    conflicted: HashSet<i64>,
}

/// Each person's confirmed conflicts with the submissions already asked about.
#[derive(Default)]
pub struct ConflictVerdicts {
    people: Mutex<HashMap<i64, Verdicts>>,
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
        let (mut unchecked, mut conflicted) = (Vec::new(), HashSet::new());
        {
            // A poisoned lock means another request panicked while holding it: treat the
            // memo as empty rather than fail the page.
            let people = self.people.lock().ok();
            let entry = people
                .as_ref()
                .and_then(|v| v.get(&person.id))
                .filter(|v| v.conflicts == token && v.settings == *settings);
            for id in ids {
                match entry {
                    Some(v) if v.checked.contains(id) => {
                        if v.conflicted.contains(id) {
                            conflicted.insert(*id);
                        }
                    }
                    _ => unchecked.push(*id),
                }
            }
        }
        if unchecked.is_empty() {
            return Ok(conflicted);
        }
        let found = crate::editorial::conflicted_among(conn, person, &unchecked, settings)?;
        conflicted.extend(found.iter().copied());
        if let Ok(mut people) = self.people.lock() {
            if people.len() >= ENTRIES && !people.contains_key(&person.id) {
                people.clear();
            }
            let fresh = || Verdicts {
                conflicts: token,
                settings: *settings,
                checked: HashSet::new(),
                conflicted: HashSet::new(),
            };
            let entry = people.entry(person.id).or_insert_with(fresh);
            if entry.conflicts != token || entry.settings != *settings {
                *entry = fresh();
            }
            entry.checked.extend(unchecked);
            entry.conflicted.extend(found);
        }
        Ok(conflicted)
    }
}

/// Values computed from the database, each remembered under the tokens and settings it was
/// computed with, and used again while both are unchanged.
pub struct Remembered<K, V> {
    entries: Mutex<HashMap<K, Entry<V>>>,
}

/// A remembered value with the tokens and settings it was computed under.
type Entry<V> = (Generations, Settings, Arc<V>);

impl<K, V> Default for Remembered<K, V> {
    fn default() -> Self {
        Remembered {
            entries: Mutex::new(HashMap::new()),
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
        if let Ok(entries) = self.entries.lock()
            && let Some((t, s, value)) = entries.get(key)
            && *t == tokens
            && s == settings
        {
            return Ok(value.clone());
        }
        let value = Arc::new(compute(conn)?);
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= ENTRIES && !entries.contains_key(key) {
                entries.clear();
            }
            entries.insert(key.clone(), (tokens, *settings, value.clone()));
        }
        Ok(value)
    }
}
