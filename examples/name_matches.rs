//! How many (editor, submission) pairs the conflict rules block, and how many they leave as
//! potential conflicts for the editor-in-chief to rule on (issue 30, BENCHMARKS.md).
//!
//! ```sh
//! cargo run --example name_matches -- sqlite:///tmp/scale-100k.db --load 100000  # once
//! cargo run --example name_matches -- sqlite:///tmp/scale-100k.db
//! ```
//!
//! Every editor-in-chief, Editorial Board Member and Guest Editor of the journal against
//! every submitted manuscript (drafts left out), with the editor-in-chief's rulings applied,
//! as the lists and the candidate tables see them. Run it before and after a change to the
//! rules: the blocked pairs that disappear were blocked by a name alone.

use std::collections::HashMap;
use std::time::Instant;

use diesel::prelude::*;
use peerdesk::db::accounts::Person;
use peerdesk::db::schema::{conflict_rulings, submissions};
use peerdesk::db::{DbConnection, collections, editorial as store, profiles, seed};
use peerdesk::domain::Role;
use peerdesk::domain::conflicts::{
    PeopleIndex, PreparedPerson, PreparedSubmission, Rule, Settings, Strength,
};
use peerdesk::domain::submission_state::SubmissionState;

#[derive(Default, Debug)]
struct Tally {
    pairs: usize,
    blocked: usize,
    /// Blocked, and every confirmed finding is a co-authorship or a declared conflict: the
    /// rules a name alone could confirm.
    blocked_by_rules_3_4_only: usize,
    potential_only: usize,
    potential_findings: usize,
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let db = peerdesk::demo::scale::open_for_measuring(&args, "sqlite:///tmp/scale-100k.db")?;
    let mut conn = db.get()?;
    let (chiefs, people) = editors(&mut conn)?;
    let started = Instant::now();
    let (everyone, chief_open, submitted, open) = tally(&mut conn, &chiefs, &people)?;
    println!(
        "{} editors ({} editors-in-chief) × {submitted} submissions ({open} open), {:.1} s",
        people.len(),
        chiefs.len(),
        started.elapsed().as_secs_f64()
    );
    println!("every editor, every submission: {everyone:?}");
    println!("editors-in-chief, open submissions: {chief_open:?}");
    Ok(())
}

/// The journal's editors-in-chief, and everyone whose lists the conflict rules filter: the
/// editors-in-chief, the Editorial Board Members and the collection's Guest Editors.
fn editors(conn: &mut DbConnection) -> anyhow::Result<(Vec<Person>, Vec<Person>)> {
    let journal = collections::find_journal_by_name(conn, seed::JOURNAL_NAME)?
        .ok_or_else(|| anyhow::anyhow!("no seed journal"))?;
    let collection = collections::find_collection_by_slug(conn, seed::COLLECTION_SLUG)?
        .ok_or_else(|| anyhow::anyhow!("no seed collection"))?;
    let chiefs = store::people_with_role(conn, Role::EditorInChief, Some(journal.id), None)?;
    let mut people: Vec<Person> = chiefs.clone();
    let board = store::people_with_role(conn, Role::BoardMember, Some(journal.id), None)?;
    let guests = store::people_with_role(conn, Role::GuestEditor, None, Some(collection.id))?;
    for p in board.into_iter().chain(guests) {
        if !people.iter().any(|q| q.id == p.id) {
            people.push(p);
        }
    }
    Ok((chiefs, people))
}

/// Every editor against every submitted manuscript, rulings applied: the tally of everyone,
/// the editors-in-chief's on open submissions, and how many submissions (open) there are.
fn tally(
    conn: &mut DbConnection,
    chiefs: &[Person],
    people: &[Person],
) -> anyhow::Result<(Tally, Tally, usize, usize)> {
    let mut profiles = profiles::profiles_of_many(conn, people)?;
    let prepared: Vec<PreparedPerson> = people
        .iter()
        .map(|p| PreparedPerson::new(&profiles.remove(&p.id).unwrap_or_default()))
        .collect();
    let index = PeopleIndex::new(prepared);
    let settings = Settings::new(peerdesk::db::now().date());
    let rows: Vec<(i64, String)> = submissions::table
        .filter(submissions::state.ne(SubmissionState::Draft.as_str()))
        .order(submissions::id)
        .select((submissions::id, submissions::state))
        .load(conn)?;
    let open: HashMap<i64, bool> = rows
        .iter()
        .map(|(id, st)| {
            (
                *id,
                st.parse::<SubmissionState>().is_ok_and(|s| !s.is_final()),
            )
        })
        .collect();
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let mut rulings: HashMap<i64, Vec<store::Ruling>> = HashMap::new();
    for r in conflict_rulings::table
        .select(store::Ruling::as_select())
        .load(conn)?
    {
        rulings.entry(r.submission_id).or_default().push(r);
    }
    let (mut everyone, mut chief_open) = (Tally::default(), Tally::default());
    for batch in ids.chunks(500) {
        for (sid, parties) in profiles::parties_of_many(conn, batch)? {
            let sub = PreparedSubmission::new(&parties);
            for (i, found) in index.findings(&sub, &settings) {
                let person = &people[i];
                let on_file = rulings.get(&sid).map(Vec::as_slice).unwrap_or(&[]);
                let found = peerdesk::workflow::conflict::apply_rulings(person.id, found, on_file);
                count(&mut everyone, &found);
                if chiefs.iter().any(|c| c.id == person.id) && open[&sid] {
                    count(&mut chief_open, &found);
                }
            }
        }
    }
    let open_count = open.values().filter(|o| **o).count();
    everyone.pairs = people.len() * ids.len();
    chief_open.pairs = chiefs.len() * open_count;
    Ok((everyone, chief_open, ids.len(), open_count))
}

fn count(t: &mut Tally, found: &[peerdesk::domain::conflicts::Finding]) {
    if found.is_empty() {
        return;
    }
    let confirmed: Vec<_> = found
        .iter()
        .filter(|f| f.strength == Strength::Confirmed)
        .collect();
    if confirmed.is_empty() {
        t.potential_only += 1;
    } else {
        t.blocked += 1;
        if confirmed
            .iter()
            .all(|f| matches!(f.rule, Rule::CoAuthorship | Rule::DeclaredConflict))
        {
            t.blocked_by_rules_3_4_only += 1;
        }
    }
    t.potential_findings += found
        .iter()
        .filter(|f| f.strength == Strength::Potential)
        .count();
}
