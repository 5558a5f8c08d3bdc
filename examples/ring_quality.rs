//! How well the Integrity page finds the review rings planted in the scale data, how many
//! signals it raises on the honest data around them, and what keeping the signals current
//! costs a review submission (issue 27, "Measured"; BENCHMARKS.md).
//!
//! ```sh
//! cargo run --release --example ring_quality -- sqlite:///tmp/ring-100k.db --load 100000
//! ```
//!
//! `demo --scale N` writes its reviews directly, not through the review form, so no signal
//! was raised as they came in. This replays them: every invitation's identity signals are
//! computed as the invitation form computes them (`workflow::review::record_for_invitation`),
//! and every submitted review is made visible in the order the reviews came in, each just
//! before its own check (`workflow::review::replay_arrival`, the code the review form runs
//! in the review's transaction). Then what the Integrity page would list — the open signals
//! and the invitations made despite identity signals — is compared with what was planted
//! (`demo::scale::RING_SUBMISSIONS`, `RING_PEOPLE`): per submission and per reviewer.
//!
//! The cost: up to 1,000 reviews submitted through `workflow::review::save_review` on the
//! replayed data, each timed whole and, inside the same execution, its checks
//! (`workflow::review::last_upkeep`): the p99 with the checks against the p99 without them.

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use peerdesk::config::Site;
use peerdesk::db::schema::{integrity_signals, review_invitations as ri};
use peerdesk::db::{DbConnection, facts};
use peerdesk::demo::scale::{RING_PEOPLE, RING_SUBMISSIONS, honest_report};
use peerdesk::domain::review::{ReviewInput, ReviewStep};
use peerdesk::workflow::review::{self, ReviewOutcome, ReviewWrite};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let db = peerdesk::demo::scale::open_for_measuring(&args, "sqlite:///tmp/ring-100k.db")?;
    let mut conn = db.get()?;
    // `--cost-only` on data replayed before: the cost alone.
    if !args.iter().any(|a| a == "--cost-only") {
        let truth = Truth::read(&mut conn)?;
        replay(&mut conn)?;
        quality(&mut conn, &truth)?;
    }
    cost(&mut conn)?;
    Ok(())
}

/// What was planted.
struct Truth {
    submissions: HashSet<i64>,
    people: HashSet<i64>,
}

impl Truth {
    fn read(conn: &mut DbConnection) -> anyhow::Result<Truth> {
        let ids = |fact: &str, conn: &mut DbConnection| -> anyhow::Result<HashSet<i64>> {
            let text = facts::get(conn, fact)?
                .ok_or_else(|| anyhow::anyhow!("{fact} is not recorded: load scale data"))?;
            Ok(text.split(',').filter_map(|s| s.parse().ok()).collect())
        };
        let truth = Truth {
            submissions: ids(RING_SUBMISSIONS, conn)?,
            people: ids(RING_PEOPLE, conn)?,
        };
        println!(
            "planted: {} ring submissions, {} ring reviewers",
            truth.submissions.len(),
            truth.people.len()
        );
        Ok(truth)
    }
}

/// Every signal the forms would have raised, raised.
fn replay(conn: &mut DbConnection) -> anyhow::Result<()> {
    let mut r = peerdesk::demo::scale::replay_signals(conn)?;
    println!(
        "identity signals of {} invitations computed in {:.1} s: {:?}",
        r.invitations,
        r.identity_time.as_secs_f64(),
        r.identity
    );
    println!(
        "{} reviews replayed in {:.1} s; the checks of one review: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        r.reviews,
        r.review_time.as_secs_f64(),
        percentile(&mut r.checks, 0.5),
        percentile(&mut r.checks, 0.99),
        percentile(&mut r.checks, 1.0)
    );
    Ok(())
}

/// Precision and recall of what the Integrity page lists, per kind and in all.
fn quality(conn: &mut DbConnection, truth: &Truth) -> anyhow::Result<()> {
    // (kind, submission, reviewer) of every open signal and every signalled invitation.
    let mut listed: Vec<(String, i64, Option<i64>)> = integrity_signals::table
        .left_join(ri::table.on(ri::id.nullable().eq(integrity_signals::invitation_id)))
        .filter(integrity_signals::ruled_at.is_null())
        .select((
            integrity_signals::kind,
            integrity_signals::submission_id,
            ri::reviewer_id.nullable(),
            integrity_signals::evidence,
        ))
        .load::<(String, i64, Option<i64>, String)>(conn)?
        .into_iter()
        .map(|(kind, s, r, evidence)| {
            // Pasting one's own text is told apart from another reviewer's.
            let kind =
                if kind == "near_duplicate_review" && evidence.contains("by the same reviewer") {
                    "near_duplicate_review (same reviewer)".to_owned()
                } else if kind == "near_duplicate_review" {
                    "near_duplicate_review (different reviewers)".to_owned()
                } else {
                    kind
                };
            (kind, s, r)
        })
        .collect();
    let identity: Vec<(i64, i64)> = ri::table
        .filter(ri::identity_signals.ne(""))
        .select((ri::submission_id, ri::reviewer_id))
        .load(conn)?;
    listed.extend(
        identity
            .into_iter()
            .map(|(s, r)| ("identity (invitation form)".to_owned(), s, Some(r))),
    );
    let mut by_kind: BTreeMap<String, Vec<(i64, Option<i64>)>> = BTreeMap::new();
    for (kind, s, r) in &listed {
        by_kind.entry(kind.clone()).or_default().push((*s, *r));
    }
    println!(
        "| signal | submissions flagged | of them planted | precision | recall (of {} planted) | reviewers named | of them planted |",
        truth.submissions.len()
    );
    println!("|---|---|---|---|---|---|---|");
    let all: Vec<(i64, Option<i64>)> = listed.iter().map(|(_, s, r)| (*s, *r)).collect();
    for (kind, rows) in by_kind.iter().chain([(&"any".to_owned(), &all)]) {
        let subs: HashSet<i64> = rows.iter().map(|r| r.0).collect();
        let people: HashSet<i64> = rows.iter().filter_map(|r| r.1).collect();
        let hit = subs.intersection(&truth.submissions).count();
        let people_hit = people.intersection(&truth.people).count();
        println!(
            "| {kind} | {} | {hit} | {:.3} | {:.3} | {} | {people_hit} |",
            subs.len(),
            ratio(hit, subs.len()),
            ratio(hit, truth.submissions.len()),
            people.len(),
        );
    }
    Ok(())
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The whole review submission with the checks against the same without them: up to 1,000
/// reviews submitted through `workflow::review::save_review` on the replayed data, each one's
/// checks timed inside that very submission (`workflow::review::last_upkeep`).
fn cost(conn: &mut DbConnection) -> anyhow::Result<()> {
    let site = Site {
        base_url: "http://127.0.0.1:8080".into(),
        window_years: 3,
        review_reminders: Default::default(),
    };
    let open: Vec<(i64, i64)> = ri::table
        .filter(ri::status.eq("accepted"))
        .order(ri::id)
        .select((ri::id, ri::reviewer_id))
        .limit(1_000)
        .load(conn)?;
    let (mut checks, mut whole, mut without) = (Vec::new(), Vec::new(), Vec::new());
    for (k, (id, reviewer)) in open.iter().enumerate() {
        // An honest report no generated review has (seeds beyond the generator's).
        let text = honest_report((1 << 50) + k as u64, (k % 12, k % 6), 1);
        let input = ReviewInput {
            recommendation: "minor_revision".into(),
            comments_to_authors: text,
            ..ReviewInput::default()
        };
        let write = ReviewWrite {
            input: &input,
            attachment: None,
            step: ReviewStep::Submit,
            read_at: None,
        };
        let started = Instant::now();
        let outcome = review::save_review(conn, *reviewer, *id, &write, &site)?;
        let took = started.elapsed();
        // Reviews the form would refuse (their submission has moved on) are not timed.
        if matches!(outcome, ReviewOutcome::Submitted) {
            let upkeep = review::last_upkeep();
            whole.push(took);
            checks.push(upkeep);
            without.push(took.saturating_sub(upkeep));
        }
    }
    let (w99, o99) = (percentile(&mut whole, 0.99), percentile(&mut without, 0.99));
    println!(
        "{} reviews submitted: the whole submission p50 {:.3} ms, p99 {w99:.3} ms; without the checks p50 {:.3} ms, p99 {o99:.3} ms; the checks p50 {:.3} ms, p99 {:.3} ms: the checks add {:.1} % to the p99",
        whole.len(),
        percentile(&mut whole, 0.5),
        percentile(&mut without, 0.5),
        percentile(&mut checks, 0.5),
        percentile(&mut checks, 0.99),
        100.0 * (w99 / o99 - 1.0)
    );
    Ok(())
}

/// The `q` quantile of `times`, in milliseconds.
fn percentile(times: &mut [Duration], q: f64) -> f64 {
    if times.is_empty() {
        return 0.0;
    }
    times.sort_unstable();
    let i = ((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1;
    times[i].as_secs_f64() * 1000.0
}
