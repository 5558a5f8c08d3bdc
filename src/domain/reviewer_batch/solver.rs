//! The solver: the residual graph, its potentials, and the rounds of serving, pricing and
//! widening described in the module notes.

mod search;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use super::{
    BatchAssignment, BatchError, BatchRequest, LoadCost, MAX_AFFINITY, Shortfall, SolverStats,
    SubmissionReviewers,
};

pub(super) fn solved(request: &BatchRequest) -> Result<Solver, BatchError> {
    let mut submission_index = HashMap::with_capacity(request.submission_ids.len());
    for (i, &id) in request.submission_ids.iter().enumerate() {
        if submission_index.insert(id, i).is_some() {
            return Err(BatchError::DuplicateSubmission(id));
        }
    }
    let mut reviewer_index = HashMap::with_capacity(request.reviewers.len());
    for (i, offer) in request.reviewers.iter().enumerate() {
        if reviewer_index.insert(offer.person_id, i).is_some() {
            return Err(BatchError::DuplicateReviewer(offer.person_id));
        }
    }
    let submissions = request.submission_ids.len();
    let reviewers = request.reviewers.len();
    let mut forbidden = Bits::new(submissions, reviewers);
    for c in &request.conflicts {
        if let (Some(&s), Some(&r)) = (
            submission_index.get(&c.submission_id),
            reviewer_index.get(&c.person_id),
        ) {
            forbidden.set(s, r);
        }
    }
    let mut affinity: Vec<Vec<(u32, u8)>> = vec![Vec::new(); submissions];
    for a in &request.affinities {
        if let (Some(&s), Some(&r)) = (
            submission_index.get(&a.submission_id),
            reviewer_index.get(&a.person_id),
        ) {
            affinity[s].push((index_u32(r), a.score.min(MAX_AFFINITY)));
        }
    }
    for row in &mut affinity {
        // Highest score first within a reviewer, so that dedup keeps it.
        row.sort_unstable_by_key(|&(r, score)| (r, Reverse(score)));
        row.dedup_by_key(|&mut (r, _)| r);
    }

    let mut solver = Solver::new(request, forbidden, affinity);
    solver.solve(request.candidates_per_submission.max(1));
    Ok(solver)
}

fn index_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// One bit per (submission, reviewer) pair.
struct Bits {
    words_per_row: usize,
    words: Vec<u64>,
}

impl Bits {
    fn new(rows: usize, columns: usize) -> Bits {
        let words_per_row = columns.div_ceil(64);
        Bits {
            words_per_row,
            words: vec![0; rows * words_per_row],
        }
    }

    fn get(&self, row: usize, column: usize) -> bool {
        self.words[row * self.words_per_row + column / 64] >> (column % 64) & 1 == 1
    }

    fn set(&mut self, row: usize, column: usize) {
        self.words[row * self.words_per_row + column / 64] |= 1 << (column % 64);
    }
}

/// A possible review: submission → reviewer, capacity 1.
#[derive(Debug, Clone, Copy)]
struct PairArc {
    submission: u32,
    reviewer: u32,
    cost: i64,
    assigned: bool,
}

/// `prev` of a reviewer reached from the sink (giving back its last review's load slot).
const FROM_SINK: u32 = u32::MAX;

/// Where a search may end.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    /// A submission searching for one more reviewer: the sink.
    Sink,
    /// A reviewer holding a review too many, which submission `s` must give up.
    Submission(usize),
    /// The same, when `s` was short: the sink will do (then `s` keeps its new review).
    SinkOrSubmission(usize),
}

/// The residual graph and its potentials. Nodes: submissions `0..S`, reviewers `S..S+R`,
/// the sink `S+R`. Reduced cost of an arc u → v: `cost + potential[u] − potential[v]`,
/// never negative between searches.
pub(super) struct Solver {
    submissions: usize,
    reviewers: usize,
    wanted: u32,
    capacity: Vec<u32>,
    load_cost: LoadCost,
    affinity: Vec<Vec<(u32, u8)>>,
    forbidden: Bits,
    present: Bits,
    widened: Vec<bool>,
    arcs: Vec<PairArc>,
    arcs_of_submission: Vec<Vec<u32>>,
    assigned_to_reviewer: Vec<Vec<u32>>,
    /// Reviews held by each submission (may exceed `wanted` while repairing).
    got: Vec<u32>,
    /// Flow from each reviewer to the sink: the load slots used.
    load: Vec<u32>,
    potential: Vec<i64>,
    stuck: Vec<bool>,
    /// Nodes with no zero-cost way to the sink in this phase.
    dead: Vec<bool>,
    // Search scratch, reset through `touched`.
    dist: Vec<i64>,
    prev: Vec<u32>,
    settled: Vec<bool>,
    touched: Vec<u32>,
    settled_order: Vec<u32>,
    /// (distance, node), a node that ends the search before others at the same distance.
    heap: BinaryHeap<Reverse<(i64, u64)>>,
    goal: Target,
    /// The distance of the nearest goal node reached so far.
    goal_bound: i64,
    stats: SolverStats,
}

impl Solver {
    fn new(request: &BatchRequest, forbidden: Bits, affinity: Vec<Vec<(u32, u8)>>) -> Solver {
        let submissions = request.submission_ids.len();
        let reviewers = request.reviewers.len();
        let nodes = submissions + reviewers + 1;
        Solver {
            submissions,
            reviewers,
            wanted: request.reviews_per_submission,
            capacity: request.reviewers.iter().map(|r| r.capacity).collect(),
            load_cost: request.load_cost,
            affinity,
            forbidden,
            present: Bits::new(submissions, reviewers),
            widened: vec![false; submissions],
            arcs: Vec::new(),
            arcs_of_submission: vec![Vec::new(); submissions],
            assigned_to_reviewer: vec![Vec::new(); reviewers],
            got: vec![0; submissions],
            load: vec![0; reviewers],
            potential: vec![0; nodes],
            stuck: vec![false; submissions],
            dead: vec![false; nodes],
            dist: vec![i64::MAX; nodes],
            prev: vec![0; nodes],
            settled: vec![false; nodes],
            touched: Vec::new(),
            settled_order: Vec::new(),
            heap: BinaryHeap::new(),
            goal: Target::Sink,
            goal_bound: i64::MAX,
            stats: SolverStats::default(),
        }
    }

    fn sink(&self) -> usize {
        self.submissions + self.reviewers
    }

    fn reviewer_node(&self, r: u32) -> usize {
        self.submissions + r as usize
    }

    /// Whether the pair can ever be a review: not conflicted, and the reviewer offered some.
    fn eligible(&self, s: usize, r: usize) -> bool {
        self.capacity[r] > 0 && !self.forbidden.get(s, r)
    }

    /// Match costs of submission `s` against every reviewer, into `row`.
    fn match_costs(&self, s: usize, row: &mut Vec<i64>) {
        row.clear();
        row.resize(self.reviewers, i64::from(MAX_AFFINITY));
        for &(r, score) in &self.affinity[s] {
            row[r as usize] = i64::from(MAX_AFFINITY - score);
        }
    }

    fn add_arc(&mut self, s: usize, r: usize, cost: i64) -> u32 {
        let id = index_u32(self.arcs.len());
        self.arcs.push(PairArc {
            submission: index_u32(s),
            reviewer: index_u32(r),
            cost,
            assigned: false,
        });
        self.arcs_of_submission[s].push(id);
        self.present.set(s, r);
        id
    }

    fn solve(&mut self, candidates: usize) {
        self.add_candidates(candidates);
        loop {
            self.stats.rounds += 1;
            self.serve();
            let mut changed = self.price();
            changed |= self.widen_short();
            if !changed {
                break;
            }
            self.stuck.iter_mut().for_each(|s| *s = false);
        }
    }

    /// Each submission's best-matched eligible reviewers, ties broken by a hash of the pair.
    fn add_candidates(&mut self, per_submission: usize) {
        let mut row = Vec::new();
        let mut keyed: Vec<(u64, u32)> = Vec::with_capacity(self.reviewers);
        for s in 0..self.submissions {
            self.match_costs(s, &mut row);
            keyed.clear();
            for (r, &cost) in row.iter().enumerate() {
                if self.eligible(s, r) {
                    let tie = mix((s as u64) << 32 | r as u64) >> 24;
                    keyed.push(((cost as u64) << 40 | tie, index_u32(r)));
                }
            }
            if keyed.len() > per_submission {
                keyed.select_nth_unstable(per_submission - 1);
                keyed.truncate(per_submission);
            }
            keyed.sort_unstable_by_key(|&(_, r)| r);
            for &(_, r) in &keyed {
                let r = r as usize;
                self.add_arc(s, r, row[r]);
            }
        }
        self.stats.candidate_arcs = self.arcs.len();
    }

    /// Gives every submission that is not stuck its missing reviews, in phases: one search
    /// from all of them at once finds the cheapest way to the sink and moves the potentials,
    /// then reviews are sent along every path whose arcs all have zero reduced cost (any
    /// such path keeps the plan optimal), until none is left; the next phase's paths cost
    /// more. Costs are small integers, so there are few phases.
    fn serve(&mut self) {
        let mut needy: Vec<usize> = Vec::new();
        loop {
            needy.clear();
            needy.extend(
                (0..self.submissions).filter(|&s| self.got[s] < self.wanted && !self.stuck[s]),
            );
            if needy.is_empty() {
                return;
            }
            self.stats.phases += 1;
            if self.search(&needy, Target::Sink).is_none() {
                // Nothing reaches the sink from any of them, and nothing later will.
                for &s in &needy {
                    self.stuck[s] = true;
                }
                return;
            }
            self.dead.iter_mut().for_each(|d| *d = false);
            let mut sent = 0;
            for &s in &needy {
                while self.got[s] < self.wanted && self.zero_cost_path(s) {
                    self.augment(s, self.sink());
                    sent += 1;
                }
            }
            // The search left a zero-cost path from one of them, so this cannot happen;
            // were it to, stopping (and reporting them short) beats looping for ever.
            if sent == 0 {
                debug_assert!(false, "a phase sent no review");
                for &s in &needy {
                    self.stuck[s] = true;
                }
                return;
            }
        }
    }

    /// Adds every missing eligible arc whose reduced cost is negative (the plan is not
    /// optimal on the full graph while one exists). Returns whether any was found.
    fn price(&mut self) -> bool {
        let mut row = Vec::new();
        let mut found = Vec::new();
        for s in 0..self.submissions {
            if self.widened[s] {
                continue;
            }
            self.match_costs(s, &mut row);
            let from = self.potential[s];
            for (r, &cost) in row.iter().enumerate() {
                if cost + from < self.potential[self.submissions + r]
                    && !self.present.get(s, r)
                    && self.eligible(s, r)
                {
                    found.push((s, r, cost));
                }
            }
        }
        self.stats.priced_arcs += found.len();
        self.add_arcs(&found);
        !found.is_empty()
    }

    /// For each short submission: all its eligible reviewers; when it has them already,
    /// all of theirs for the submissions it reaches. Returns whether anything was added.
    fn widen_short(&mut self) -> bool {
        let short: Vec<usize> = (0..self.submissions)
            .filter(|&s| self.got[s] < self.wanted)
            .collect();
        let mut to_widen: Vec<usize> = Vec::new();
        let mut marked = vec![false; self.submissions];
        for s in short {
            let reach = if self.widened[s] {
                self.reachable_submissions(s)
            } else {
                vec![s]
            };
            for t in reach {
                if !self.widened[t] && !marked[t] {
                    marked[t] = true;
                    to_widen.push(t);
                }
            }
        }
        let mut row = Vec::new();
        let mut found = Vec::new();
        for &s in &to_widen {
            self.match_costs(s, &mut row);
            for (r, &cost) in row.iter().enumerate() {
                if !self.present.get(s, r) && self.eligible(s, r) {
                    found.push((s, r, cost));
                }
            }
            self.widened[s] = true;
        }
        self.stats.widened_submissions += to_widen.len();
        self.add_arcs(&found);
        !to_widen.is_empty()
    }

    /// Submissions reachable from `s` in the residual graph.
    fn reachable_submissions(&self, s: usize) -> Vec<usize> {
        let sink = self.sink();
        let mut seen = vec![false; sink + 1];
        let mut stack = vec![s];
        seen[s] = true;
        let mut out = Vec::new();
        while let Some(v) = stack.pop() {
            if v < self.submissions {
                out.push(v);
                for &a in &self.arcs_of_submission[v] {
                    let arc = self.arcs[a as usize];
                    let w = self.reviewer_node(arc.reviewer);
                    if !arc.assigned && !seen[w] {
                        seen[w] = true;
                        stack.push(w);
                    }
                }
            } else if v < sink {
                let r = v - self.submissions;
                if self.load[r] < self.capacity[r] && !seen[sink] {
                    seen[sink] = true;
                    stack.push(sink);
                }
                for &a in &self.assigned_to_reviewer[r] {
                    let w = self.arcs[a as usize].submission as usize;
                    if !seen[w] {
                        seen[w] = true;
                        stack.push(w);
                    }
                }
            } else {
                for r in 0..self.reviewers {
                    let w = self.submissions + r;
                    if self.load[r] > 0 && !seen[w] {
                        seen[w] = true;
                        stack.push(w);
                    }
                }
            }
        }
        out
    }

    /// Adds arcs one at a time. One with a negative reduced cost is saturated at once (so
    /// the potentials stay valid), which leaves its reviewer with a review too many; that
    /// review is moved along a shortest path before the next arc is added: to the sink when
    /// the submission was short (it has gained a review), else back to the submission,
    /// which then drops its least useful one (at worst the arc just saturated).
    fn add_arcs(&mut self, arcs: &[(usize, usize, i64)]) {
        for &(s, r, cost) in arcs {
            let id = self.add_arc(s, r, cost);
            let node = self.submissions + r;
            if cost + self.potential[s] - self.potential[node] >= 0 {
                continue;
            }
            let target = if self.got[s] < self.wanted {
                Target::SinkOrSubmission(s)
            } else {
                Target::Submission(s)
            };
            self.set_assigned(id, true);
            // A path exists: at worst back along the arc just saturated.
            if let Some(end) = self.search(&[node], target) {
                self.augment(node, end);
            } else {
                debug_assert!(false, "no way back for reviewer {r}");
            }
        }
    }

    fn set_assigned(&mut self, a: u32, assigned: bool) {
        let arc = &mut self.arcs[a as usize];
        arc.assigned = assigned;
        let (s, r) = (arc.submission as usize, arc.reviewer as usize);
        let list = &mut self.assigned_to_reviewer[r];
        if assigned {
            list.push(a);
            self.got[s] += 1;
        } else {
            if let Some(at) = list.iter().position(|&x| x == a) {
                list.remove(at);
            }
            self.got[s] -= 1;
        }
    }

    pub(super) fn into_assignment(self, request: &BatchRequest) -> BatchAssignment {
        let mut chosen: Vec<Vec<i64>> = vec![Vec::new(); self.submissions];
        let mut total_cost = 0;
        for arc in self.arcs.iter().filter(|a| a.assigned) {
            chosen[arc.submission as usize]
                .push(request.reviewers[arc.reviewer as usize].person_id);
            total_cost += arc.cost;
        }
        total_cost += self
            .load
            .iter()
            .map(|&l| self.load_cost.of_load(l))
            .sum::<i64>();
        let mut submissions = Vec::with_capacity(self.submissions);
        let mut short = Vec::new();
        for (s, mut reviewer_ids) in chosen.into_iter().enumerate() {
            reviewer_ids.sort_unstable();
            let submission_id = request.submission_ids[s];
            let got = u32::try_from(reviewer_ids.len()).unwrap_or(u32::MAX);
            if got < self.wanted {
                short.push(Shortfall {
                    submission_id,
                    got,
                    wanted: self.wanted,
                });
            }
            submissions.push(SubmissionReviewers {
                submission_id,
                reviewer_ids,
            });
        }
        BatchAssignment {
            submissions,
            short,
            total_cost,
            stats: self.stats,
        }
    }
}

/// splitmix64's finaliser: a fixed, well-spread hash for breaking ties.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
impl Solver {
    /// The optimality certificate on the full graph: every residual arc, present or not,
    /// has a non-negative reduced cost, and the flow is balanced.
    pub(super) fn certificate(&self) -> Result<(), String> {
        let sink = self.sink();
        let mut row = Vec::new();
        for s in 0..self.submissions {
            if self.got[s] > self.wanted {
                return Err(format!("submission {s} holds {} reviews", self.got[s]));
            }
            self.match_costs(s, &mut row);
            for (r, &cost) in row.iter().enumerate() {
                if !self.eligible(s, r) {
                    continue;
                }
                let node = self.submissions + r;
                let assigned = self.arcs_of_submission[s].iter().any(|&a| {
                    let arc = self.arcs[a as usize];
                    arc.reviewer as usize == r && arc.assigned
                });
                let reduced = if assigned {
                    -cost + self.potential[node] - self.potential[s]
                } else {
                    cost + self.potential[s] - self.potential[node]
                };
                if reduced < 0 {
                    return Err(format!("pair ({s}, {r}) has reduced cost {reduced}"));
                }
            }
        }
        for r in 0..self.reviewers {
            let node = self.submissions + r;
            let held = self.assigned_to_reviewer[r].len();
            if held != self.load[r] as usize {
                return Err(format!("reviewer {r} holds {held}, load {}", self.load[r]));
            }
            let load = self.load[r];
            if load < self.capacity[r]
                && self.load_cost.of_review(load + 1) + self.potential[node] - self.potential[sink]
                    < 0
            {
                return Err(format!(
                    "reviewer {r}: next review has a negative reduced cost"
                ));
            }
            if load > 0
                && -self.load_cost.of_review(load) + self.potential[sink] - self.potential[node] < 0
            {
                return Err(format!(
                    "reviewer {r}: last review has a negative reduced cost"
                ));
            }
        }
        Ok(())
    }
}
