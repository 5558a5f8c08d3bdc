//! What a person's conflicts with a submission are once the editor-in-chief's rulings are
//! applied: one submission at a time (assignment, invitations, access) or many at once (the
//! lists and counts, whose verdicts [`super::memo`] remembers). The evidence itself is
//! `domain::conflicts`'s; this module reads the profiles and rulings it decides on.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use crate::db::accounts::Person;
use crate::db::editorial::{self as store, CONFIRMED, NOT_A_CONFLICT, Ruling};
use crate::db::{DbConnection, profiles};
use crate::domain::conflicts::{
    Finding, PreparedPerson, PreparedSubmission, Settings, Strength, findings_prepared,
};

/// The findings for `person`, with the editor-in-chief's rulings applied: a potential
/// conflict ruled "not a conflict" is dropped, one ruled "confirmed" blocks.
pub fn apply_rulings(person_id: i64, mut found: Vec<Finding>, rulings: &[Ruling]) -> Vec<Finding> {
    found.retain_mut(|f| {
        let ruling = rulings
            .iter()
            .find(|r| r.person_id == person_id && r.finding_key == f.key);
        match (f.strength, ruling.map(|r| r.ruling.as_str())) {
            (Strength::Potential, Some(NOT_A_CONFLICT)) => false,
            (Strength::Potential, Some(CONFIRMED)) => {
                f.strength = Strength::Confirmed;
                true
            }
            _ => true,
        }
    });
    found
}

/// Every finding between `person` and the submission, rulings applied.
pub fn conflicts_of(
    conn: &mut DbConnection,
    person: &Person,
    submission_id: i64,
    settings: &Settings,
) -> QueryResult<Vec<Finding>> {
    let parties = PreparedSubmission::new(&profiles::parties_of(conn, submission_id)?);
    let rulings = store::rulings_on(conn, submission_id)?;
    let profile = profiles::profile_of(conn, person)?;
    let found = findings_prepared(&PreparedPerson::new(&profile), &parties, settings);
    Ok(apply_rulings(person.id, found, &rulings))
}

/// Whether the person has a confirmed (blocking) conflict with the submission.
pub fn is_conflicted(
    conn: &mut DbConnection,
    person: &Person,
    submission_id: i64,
    settings: &Settings,
) -> QueryResult<bool> {
    Ok(conflicts_of(conn, person, submission_id, settings)?
        .iter()
        .any(|f| f.strength == Strength::Confirmed))
}

/// What the lists know of a person and a submission, rulings applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// No finding left.
    Clear,
    /// Only potential findings, none ruled yet: the editor-in-chief's to rule on (issue 30).
    Potential,
    /// A confirmed finding (or one ruled confirmed): the person may not see the submission.
    Conflicted,
}

impl Verdict {
    pub fn of(found: &[Finding]) -> Verdict {
        if found.iter().any(|f| f.strength == Strength::Confirmed) {
            Verdict::Conflicted
        } else if found.is_empty() {
            Verdict::Clear
        } else {
            Verdict::Potential
        }
    }
}

/// Submissions whose conflict inputs are loaded together when a list is checked.
const CONFLICT_BATCH: usize = 500;

/// Which of the submissions `ids` `person` has a confirmed conflict with (the rulings
/// applied), in a fixed number of queries whatever their number: the person's profile
/// once, the submissions' parties in batches. For lists and counts, which must leave out
/// what the person is conflicted with without one conflict check per row.
pub fn conflicted_among(
    conn: &mut DbConnection,
    person: &Person,
    ids: &[i64],
    settings: &Settings,
) -> QueryResult<HashSet<i64>> {
    let mut all = HashSet::new();
    verdicts_in_batches(conn, person, ids, settings, |_, found| {
        all.extend(
            found
                .iter()
                .filter(|(_, v)| **v == Verdict::Conflicted)
                .map(|(id, _)| *id),
        );
        Ok(())
    })?;
    Ok(all)
}

/// The verdict on each of `ids` for `person`, handed batch by batch to `each` (the batch's
/// ids, and the verdict on each that is not [`Verdict::Clear`]) as soon as it is known: so
/// that what was learnt is kept, and so that `each` can stop a long check (by returning an
/// error).
pub fn verdicts_in_batches(
    conn: &mut DbConnection,
    person: &Person,
    ids: &[i64],
    settings: &Settings,
    mut each: impl FnMut(&[i64], &HashMap<i64, Verdict>) -> QueryResult<()>,
) -> QueryResult<()> {
    let viewer = PreparedPerson::new(&profiles::profile_of(conn, person)?);
    let mut rulings: HashMap<i64, Vec<Ruling>> = HashMap::new();
    for r in store::rulings_about(conn, person.id)? {
        rulings.entry(r.submission_id).or_default().push(r);
    }
    // In batches, so one request holds the parties of a few hundred submissions at a time
    // rather than of every one (the chief's queue at 10,000 submissions held ~100 MB).
    // Submissions with the same registered author go in the same batch, so that author's
    // profile is loaded once rather than once per batch: most of the time of a large
    // check went into loading profiles (BENCHMARKS.md).
    let ids = by_registered_author(conn, ids)?;
    for batch in ids.chunks(CONFLICT_BATCH) {
        let mut verdicts: HashMap<i64, Verdict> = HashMap::new();
        for (id, p) in profiles::parties_of_many(conn, batch)? {
            let found = findings_prepared(&viewer, &PreparedSubmission::new(&p), settings);
            let none = Vec::new();
            let found = apply_rulings(person.id, found, rulings.get(&id).unwrap_or(&none));
            match Verdict::of(&found) {
                Verdict::Clear => {}
                v => {
                    verdicts.insert(id, v);
                }
            }
        }
        each(batch, &verdicts)?;
    }
    Ok(())
}

/// `ids` ordered by their first registered author (those with none last), each once.
fn by_registered_author(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<i64>> {
    use crate::db::schema::submission_authors as sa;
    let mut first: HashMap<i64, i64> = HashMap::new();
    for chunk in ids.chunks(crate::db::LOOKUP_CHUNK) {
        for (sid, person) in sa::table
            .filter(sa::submission_id.eq_any(chunk))
            .filter(sa::person_id.is_not_null())
            .select((sa::submission_id, sa::person_id.assume_not_null()))
            .load::<(i64, i64)>(conn)?
        {
            first
                .entry(sid)
                .and_modify(|p| *p = (*p).min(person))
                .or_insert(person);
        }
    }
    let mut ordered: Vec<i64> = ids.to_vec();
    ordered.sort_unstable_by_key(|id| (first.get(id).copied().unwrap_or(i64::MAX), *id));
    ordered.dedup();
    Ok(ordered)
}
