//! Handling-editor choice (`domain::assignment::choose`): one submission among 2 guest
//! editors and 300 board members with conflicts, repeated; and 5,000 submissions in a row,
//! each choice raising the chosen editor's open load. Synthetic data, the same on every run
//! (a small xorshift generator; no crates). Run with `cargo bench --bench editor_choice`.
//!
//! The targets are set here: one choice runs inside the transaction that records a
//! submission, so it should cost well under a millisecond; 5,000 in a row (a bulk import)
//! should take under a second.

mod common;

use std::collections::VecDeque;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use peerdesk::domain::assignment::{Candidate, Choice, Pool, choose};

use common::{Rng, SEED, median, print_machine_load};

const BOARD: usize = 300;
const SUBMISSIONS: usize = 5_000;
const REPEATS: usize = 2_000;
const OPEN_IN_BATCH: usize = 600;
const ONE_TARGET: Duration = Duration::from_millis(1);
const ROW_TARGET: Duration = Duration::from_secs(1);

fn moment(rng: &mut Rng) -> Option<NaiveDateTime> {
    let day = NaiveDate::from_ymd_opt(2025, 1, 1)?
        .checked_add_days(chrono::Days::new(rng.range(0, 540) as u64))?;
    day.and_hms_opt(rng.range(8, 18) as u32, 0, 0)
}

/// The collection's two guest editors and the journal's board, without conflicts yet.
fn editors(rng: &mut Rng) -> Vec<Candidate> {
    let mut out = Vec::with_capacity(BOARD + 2);
    for (i, name) in ["Atif A. Ahmed", "Bruna Samia Dalmasso"].iter().enumerate() {
        out.push(Candidate {
            person_id: 1 + i as i64,
            name: (*name).into(),
            pool: Pool::GuestEditor,
            conflicts: vec![],
            potential_conflicts: vec![],
            topic_matches: 0,
            open_load: 0,
            capacity: 40,
            available: true,
            last_assigned_at: None,
        });
    }
    for i in 0..BOARD {
        let capacity = rng.range(3, 8) as i64;
        out.push(Candidate {
            person_id: 100 + i as i64,
            name: format!("Board Member {i}"),
            pool: Pool::BoardMember,
            conflicts: vec![],
            potential_conflicts: vec![],
            topic_matches: 0,
            open_load: rng.range(0, capacity as usize) as i64,
            capacity,
            available: rng.chance(92),
            last_assigned_at: if rng.chance(80) { moment(rng) } else { None },
        });
    }
    out
}

/// One submission's view of the editors: its conflicts and topic matches. About one in
/// three has a conflicted guest editor, one in eight both; 4 % of the board are conflicted
/// and 2 % have a potential conflict.
fn for_submission(rng: &mut Rng, editors: &[Candidate]) -> Vec<Candidate> {
    let both = rng.chance(12);
    let one = rng.range(0, 1);
    let one_conflicted = rng.chance(25);
    editors
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut c = e.clone();
            match c.pool {
                Pool::GuestEditor => {
                    if both || (one_conflicted && i == one) {
                        c.conflicts
                            .push("same institution as author Sofia Bianchi (2024–now)".into());
                    }
                    c.topic_matches = 1;
                }
                Pool::BoardMember => {
                    if rng.chance(4) {
                        c.conflicts
                            .push("co-authored a paper with author Mei Lin in 2025".into());
                    }
                    if rng.chance(2) {
                        c.potential_conflicts
                            .push("similar affiliation to author Daniel Okafor".into());
                    }
                    c.topic_matches = if rng.chance(30) { rng.range(1, 2) } else { 0 };
                }
                // Not generated: the system never chooses the editor-in-chief.
                Pool::EditorInChief => {}
            }
            c
        })
        .collect()
}

fn us(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1_000.0 {
        format!("{us:.1} µs")
    } else {
        format!("{:.1} ms", us / 1e3)
    }
}

fn row(what: &str, took: Duration, target: Duration) {
    println!(
        "{what:<62} {:>10}  (target ≤ {}, {:.3}× of target)",
        us(took),
        us(target),
        took.as_secs_f64() / target.as_secs_f64()
    );
}

/// (a) One submission, the hard case: both guest editors conflicted, so the whole board
/// is ranked; and the common case: a guest editor is free. Returns both medians, the
/// hard case's candidates and its explanation's length.
fn one_submission(
    rng: &mut Rng,
    base: &[Candidate],
) -> (Duration, Duration, Vec<Candidate>, usize) {
    let mut hard = for_submission(rng, base);
    for c in hard.iter_mut().filter(|c| c.pool == Pool::GuestEditor) {
        c.conflicts.push("author of the submission".into());
    }
    let mut easy = hard.clone();
    for c in easy.iter_mut().filter(|c| c.pool == Pool::GuestEditor) {
        c.conflicts.clear();
    }
    let time_one = |candidates: &[Candidate]| {
        median(
            (0..REPEATS)
                .map(|_| {
                    let t = Instant::now();
                    black_box(choose(black_box(candidates)));
                    t.elapsed()
                })
                .collect(),
        )
    };
    let hard_one = time_one(&hard);
    let easy_one = time_one(&easy);
    let explanation_len = match choose(&hard) {
        Choice::Assigned { explanation, .. } | Choice::NobodyFree { explanation } => {
            explanation.len()
        }
    };
    (hard_one, easy_one, hard, explanation_len)
}

/// What (b) measured: the whole run, the time inside `choose`, and where the work went.
struct InARow {
    elapsed: Duration,
    choosing: Duration,
    guest: usize,
    board: usize,
    nobody: usize,
}

/// (b) 5,000 submissions in a row: each sees its own conflicts, and the chosen editor's
/// open load grows by one; once 600 of the batch are open, the oldest finishes with
/// each new one (a steady state, so the board does not simply fill up).
fn submissions_in_a_row(rng: &mut Rng, base: &[Candidate]) -> InARow {
    let views: Vec<Vec<Candidate>> = (0..SUBMISSIONS)
        .map(|_| for_submission(rng, base))
        .collect();
    let mut load: Vec<i64> = base.iter().map(|c| c.open_load).collect();
    let mut last: Vec<Option<NaiveDateTime>> = base.iter().map(|c| c.last_assigned_at).collect();
    let mut run = InARow {
        elapsed: Duration::ZERO,
        choosing: Duration::ZERO,
        guest: 0,
        board: 0,
        nobody: 0,
    };
    let mut open: VecDeque<usize> = VecDeque::new();
    let start = Instant::now();
    for (n, view) in views.into_iter().enumerate() {
        let mut candidates = view;
        for (i, c) in candidates.iter_mut().enumerate() {
            c.open_load = load[i];
            c.last_assigned_at = last[i];
        }
        let t = Instant::now();
        let choice = choose(black_box(&candidates));
        run.choosing += t.elapsed();
        match choice {
            Choice::Assigned { person_id, .. } => {
                if let Some(i) = candidates.iter().position(|c| c.person_id == person_id) {
                    load[i] += 1;
                    open.push_back(i);
                    last[i] = NaiveDate::from_ymd_opt(2026, 7, 1)
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                        .map(|d| d + chrono::Duration::minutes(n as i64));
                    if candidates[i].pool == Pool::GuestEditor {
                        run.guest += 1;
                    } else {
                        run.board += 1;
                    }
                }
            }
            Choice::NobodyFree { .. } => run.nobody += 1,
        }
        if open.len() > OPEN_IN_BATCH
            && let Some(i) = open.pop_front()
        {
            load[i] -= 1;
        }
    }
    run.elapsed = start.elapsed();
    run
}

fn main() {
    let mut rng = Rng(SEED);
    let base = editors(&mut rng);
    let (hard_one, easy_one, hard, explanation_len) = one_submission(&mut rng, &base);
    let run = submissions_in_a_row(&mut rng, &base);

    println!(
        "{} guest editors + {BOARD} board members; one submission: {} conflicted, {} with a \
         potential conflict; explanation {explanation_len} characters",
        base.len() - BOARD,
        hard.iter().filter(|c| !c.conflicts.is_empty()).count(),
        hard.iter()
            .filter(|c| !c.potential_conflicts.is_empty())
            .count(),
    );
    print_machine_load();
    println!();
    row(
        &format!("one choice, both guest editors conflicted (median of {REPEATS})"),
        hard_one,
        ONE_TARGET,
    );
    row(
        &format!("one choice, a guest editor free (median of {REPEATS})"),
        easy_one,
        ONE_TARGET,
    );
    row(
        "5,000 submissions in a row, with load updates",
        run.elapsed,
        ROW_TARGET,
    );
    row("    of which in choose()", run.choosing, ROW_TARGET);
    println!(
        "    assigned: {} to guest editors, {} to board members; {} flagged (nobody free)",
        run.guest, run.board, run.nobody
    );
}
