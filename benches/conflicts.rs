//! Conflict checking at journal scale: 5,000 submissions × 2,000 people, and one new
//! submission against everyone. Synthetic data, the same on every run (a small xorshift
//! generator; no crates). Run with `cargo bench --bench conflicts`.

mod common;
#[path = "conflicts/world.rs"]
mod world;

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use peerdesk::domain::conflicts::*;

use common::{Rng, SEED, median, print_machine_load, timed};
use world::{World, people, submission, world};

const PEOPLE: usize = 2_000;
const SUBMISSIONS: usize = 5_000;
const MATRIX_TARGET: Duration = Duration::from_secs(5);
const ONE_TARGET: Duration = Duration::from_millis(50);

#[derive(Default, Clone, Copy, PartialEq, Eq, Debug)]
struct Tally {
    findings: usize,
    confirmed: usize,
    pairs_with_findings: usize,
    blocked_pairs: usize,
    /// Pairs that went past the fast path (indexed runs only).
    candidates: usize,
}

impl Tally {
    fn count(&mut self, f: &[Finding]) {
        if !f.is_empty() {
            self.findings += f.len();
            self.confirmed += f
                .iter()
                .filter(|x| x.strength == Strength::Confirmed)
                .count();
            self.pairs_with_findings += 1;
            self.blocked_pairs += usize::from(is_blocked(f));
        }
    }

    /// What was found, leaving out how many pairs were looked at.
    fn found(&self) -> (usize, usize, usize, usize) {
        (
            self.findings,
            self.confirmed,
            self.pairs_with_findings,
            self.blocked_pairs,
        )
    }

    fn add(&mut self, other: Tally) {
        self.findings += other.findings;
        self.confirmed += other.confirmed;
        self.pairs_with_findings += other.pairs_with_findings;
        self.blocked_pairs += other.blocked_pairs;
        self.candidates += other.candidates;
    }
}

/// Every pair through `findings_prepared`, in blocks of 64 people: their tables stay in
/// cache while the submissions stream past once per block.
fn pairwise(people: &[PreparedPerson], subs: &[PreparedSubmission], s: &Settings) -> Tally {
    let mut t = Tally::default();
    for block in people.chunks(64) {
        for sub in subs {
            for p in block {
                t.count(&findings_prepared(p, sub, s));
            }
        }
    }
    t
}

/// Each submission against the index of people.
fn indexed(index: &PeopleIndex, subs: &[PreparedSubmission], s: &Settings) -> Tally {
    let mut t = Tally::default();
    for sub in subs {
        let candidates = index.candidates(sub, s);
        t.candidates += candidates.len();
        for i in candidates {
            t.count(&findings_prepared(&index.people()[i], sub, s));
        }
    }
    t
}

/// Runs `work` on `threads` slices of `items` with `std::thread::scope`.
fn split<T: Sync>(items: &[T], threads: usize, work: impl Fn(&[T]) -> Tally + Sync) -> Tally {
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let work = &work;
                scope.spawn(move || work(part))
            })
            .collect();
        let mut total = Tally::default();
        for h in handles {
            match h.join() {
                Ok(t) => total.add(t),
                Err(_) => eprintln!("a benchmark thread panicked"),
            }
        }
        total
    })
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 10.0 {
        format!("{ms:.3} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

fn row(what: &str, took: Duration, target: Option<Duration>) {
    let against = match target {
        Some(t) => format!(
            "{:>10}  {:>6.1}%",
            ms(t),
            100.0 * took.as_secs_f64() / t.as_secs_f64()
        ),
        None => format!("{:>10}  {:>7}", "", ""),
    };
    println!("{what:<54} {:>11}  {against}", ms(took));
}

/// Everything measured, for the report.
struct Measures {
    prep_people: Duration,
    prep_subs: Duration,
    prep_index: Duration,
    pairwise_2: (Tally, Duration),
    indexed_1: (Tally, Duration),
    indexed_2: (Tally, Duration),
    one_indexed: Duration,
    one_pairwise: Duration,
    one_unprepared: Duration,
}

/// The median time of `runs` calls of `f`.
fn median_time(runs: usize, mut f: impl FnMut() -> usize) -> Duration {
    median((0..runs).map(|_| timed(|| black_box(f())).1).collect())
}

/// The journal: the world, everyone's profile, the submissions, and one more submission
/// of the largest kind (8 authors).
fn generate(
    rng: &mut Rng,
) -> (
    World,
    Vec<PersonProfile>,
    Vec<SubmissionParties>,
    SubmissionParties,
) {
    let w = world(rng);
    let profiles = people(rng, &w);
    let parties: Vec<SubmissionParties> = (0..SUBMISSIONS).map(|_| submission(rng, &w)).collect();
    let mut new_one = submission(rng, &w);
    while new_one.authors.len() < 8 {
        new_one = submission(rng, &w);
    }
    (w, profiles, parties, new_one)
}

fn main() {
    let Some(today) = NaiveDate::from_ymd_opt(2026, 6, 15) else {
        return;
    };
    let settings = Settings::new(today);
    let mut rng = Rng(SEED);

    let ((w, profiles, parties, new_one), generated) = timed(|| generate(&mut rng));
    let pubs: usize = profiles.iter().map(|p| p.publications.len()).sum();
    let authors: usize = parties.iter().map(|s| s.authors.len()).sum();
    println!(
        "{} people ({pubs} publications), {} submissions ({authors} authors), {} institutions, \
         {} names; generated in {}",
        profiles.len(),
        parties.len(),
        w.institutions.len(),
        w.pool.len(),
        ms(generated)
    );

    let (people, prep_people) =
        timed(|| profiles.iter().map(PreparedPerson::new).collect::<Vec<_>>());
    let (subs, prep_subs) = timed(|| {
        parties
            .iter()
            .map(PreparedSubmission::new)
            .collect::<Vec<_>>()
    });
    let (index, prep_index) = timed(|| PeopleIndex::new(people.clone()));

    let pairwise_2 =
        timed(|| black_box(split(&people, 2, |part| pairwise(part, &subs, &settings))));
    let indexed_1 = timed(|| black_box(indexed(&index, &subs, &settings)));
    let indexed_2 = timed(|| black_box(split(&subs, 2, |part| indexed(&index, part, &settings))));

    let one_indexed = median_time(50, || {
        let sub = PreparedSubmission::new(black_box(&new_one));
        index.findings(&sub, &settings).len()
    });
    let one_pairwise = median_time(50, || {
        let sub = PreparedSubmission::new(black_box(&new_one));
        people
            .iter()
            .filter(|p| is_blocked(&findings_prepared(p, &sub, &settings)))
            .count()
    });
    let one_unprepared = median_time(10, || {
        profiles
            .iter()
            .map(|p| findings(black_box(p), &new_one, &settings).len())
            .sum()
    });

    println!(
        "the new submission: {} authors, {} people with a finding",
        new_one.authors.len(),
        index
            .findings(&PreparedSubmission::new(&new_one), &settings)
            .len()
    );
    print_machine_load();
    let m = Measures {
        prep_people,
        prep_subs,
        prep_index,
        pairwise_2,
        indexed_1,
        indexed_2,
        one_indexed,
        one_pairwise,
        one_unprepared,
    };
    println!();
    table(&m);
    println!();
    summary(&m);
}

/// Each measure against its target.
fn table(m: &Measures) {
    println!(
        "{:<54} {:>11}  {:>10}  {:>7}",
        "measure", "time", "target", "of it"
    );
    println!("{}", "-".repeat(87));
    row("(a) prepare 2,000 people", m.prep_people, None);
    row("(a) prepare 5,000 submissions", m.prep_subs, None);
    row("(a) index the 2,000 prepared people", m.prep_index, None);
    row(
        "(b) 5,000 × 2,000, every pair, 2 threads",
        m.pairwise_2.1,
        Some(MATRIX_TARGET),
    );
    row(
        "(b) 5,000 × 2,000, indexed, 1 thread",
        m.indexed_1.1,
        Some(MATRIX_TARGET),
    );
    row(
        "(b) 5,000 × 2,000, indexed, 2 threads",
        m.indexed_2.1,
        Some(MATRIX_TARGET),
    );
    row(
        "(a)+(b) prepare, index and check, 2 threads",
        m.prep_people + m.prep_subs + m.prep_index + m.indexed_2.1,
        Some(MATRIX_TARGET),
    );
    row(
        "(c) one new submission × 2,000, indexed (median of 50)",
        m.one_indexed,
        Some(ONE_TARGET),
    );
    row(
        "(c) the same, every pair (median of 50)",
        m.one_pairwise,
        Some(ONE_TARGET),
    );
    row(
        "    for scale: preparing each person too (median of 10)",
        m.one_unprepared,
        None,
    );
}

/// What the whole matrix found, and whether every way of checking found the same.
fn summary(m: &Measures) {
    let pairs = PEOPLE * SUBMISSIONS;
    let t = m.indexed_1.0;
    println!(
        "{pairs} pairs; every pair: {:.0} ns a pair on each of 2 threads; indexed: {} pairs \
         ({:.2}%) past the fast path",
        m.pairwise_2.1.as_secs_f64() * 2e9 / pairs as f64,
        t.candidates,
        100.0 * t.candidates as f64 / pairs as f64,
    );
    println!(
        "{} findings ({} confirmed); {} pairs with a finding ({:.2}%), {} blocked ({:.2}%)",
        t.findings,
        t.confirmed,
        t.pairs_with_findings,
        100.0 * t.pairs_with_findings as f64 / pairs as f64,
        t.blocked_pairs,
        100.0 * t.blocked_pairs as f64 / pairs as f64
    );
    let agree = t.found() == m.pairwise_2.0.found() && t.found() == m.indexed_2.0.found();
    println!(
        "every pair and indexed agree: {}",
        if agree { "yes" } else { "NO" }
    );
}
