//! Batch reviewer assignment for a collection deadline (issue #9): give every submission `k`
//! distinct reviewers at once, never a conflicted one, never more reviews than a reviewer
//! offered, at the least total cost.
//!
//! # The model
//!
//! A minimum-cost flow. One unit of flow is one review: it leaves a submission (which sends
//! `k`), crosses a submission → reviewer arc (capacity 1, so the `k` reviewers are distinct)
//! and ends at a sink through that reviewer. A conflicted pair has no arc at all, so it can
//! never be assigned. The cost of a review is
//!
//! * the **match**: `100 − affinity` (affinity 0..=100, e.g. from topic and keyword
//!   match; a pair without a score has affinity 0), plus
//! * the **load**: the `j`-th review given to the same reviewer costs [`LoadCost::of_review`]
//!   `(j)`, which grows with `j` (linearly or quadratically). That is the reviewer → sink
//!   side, modelled as `capacity` parallel unit arcs with increasing costs.
//!
//! Why convex load costs: with a flat price per review, the cheapest plan piles every review
//! on the few best-matched reviewers up to their capacity. When each further review costs
//! more than the last, the minimum spreads work: a reviewer with a lighter load wins unless
//! the better match is worth the difference. With equal matches the loads differ by at most
//! one. Because the marginal costs only grow, the parallel arcs need not exist: at load `ℓ`
//! only the next one (cost of review `ℓ + 1`) and the last used one (cost of review `ℓ`,
//! backwards) can matter, and those two are computed on the fly.
//!
//! # The algorithm, and why
//!
//! Shortest paths with node potentials (the primal-dual form of successive shortest paths).
//! The reduced cost of an arc, its cost corrected by the potentials of its two ends, is
//! never negative, and a review sent along a path of zero reduced cost keeps the plan the
//! cheapest for what it has sent so far. Serving goes in phases: one Dijkstra search from
//! every submission still short at once, stopped when the sink is settled, raises the
//! potentials so that the cheapest ways become zero-cost; then a depth-first search sends
//! reviews along zero-cost paths until none is left (a path may move an earlier review to
//! another reviewer, the reverse of an assigned arc, when that is cheaper overall). Costs
//! are small integers, so the number of phases is about the spread of marginal costs (92 in
//! the benchmark), not the number of reviews (15,000): sending one review per search, as
//! plain successive shortest paths do, was about ten times slower here: with load costs
//! many alternatives tie, and each search settled a large tied region first.
//!
//! The full graph is dense (5,000 submissions × 1,000 reviewers = 5 M arcs), and a search
//! from a submission would push all of its 1,000 arcs. So each submission starts with its
//! [`BatchRequest::candidates_per_submission`] best-matched eligible reviewers (ties broken
//! by a fixed hash of the pair, so that the lists differ and load can spread; the same input
//! gives the same lists), and the restriction is then *checked*, not trusted:
//!
//! 1. **Pricing.** At the end, every missing eligible pair is tested against the final
//!    potentials. A pair whose reduced cost is negative would make the plan cheaper: its arc
//!    is added, saturated, and the imbalance it creates is repaired by shortest paths. When
//!    no missing pair is negative, the potentials prove the plan optimal on the full graph.
//! 2. **Widening.** A submission that could not get `k` reviewers gets arcs to every
//!    eligible reviewer; if it is still short, so do the submissions it can reach in the
//!    residual graph (only their arcs could open a path). When it is short after that, no
//!    plan at all gives more reviews in total.
//!
//! Both repeat until nothing changes. The result is the same as on the full graph, at a
//! fraction of the work (`benches/reviewer_batch.rs`: the dense graph is about 10 times
//! slower for the same total cost). Cost scaling or an auction would also avoid
//! the dense graph's cost, but need more machinery for the convex load costs and for
//! reporting the submissions that fall short.
//!
//! # What is guaranteed
//!
//! * No conflicted pair, no reviewer above capacity, no reviewer twice for one submission.
//! * When every submission can get `k` reviewers: they all do, at the minimum total cost.
//! * Otherwise: the total number of reviews is the largest possible; the submissions that
//!   fall short are reported with how many they got; and the cost is the least among plans
//!   giving each submission that many reviews. Which submissions fall short, when several
//!   choices give the same total, is not otherwise specified (but deterministic).
//! * The same input gives the same output.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// The best match; a review's match cost is `MAX_AFFINITY − affinity`.
pub const MAX_AFFINITY: u8 = 100;

/// How many best-matched reviewers each submission starts with; see the module notes.
pub const DEFAULT_CANDIDATES_PER_SUBMISSION: usize = 40;

/// What a reviewer's `j`-th review in the batch costs: growing with `j`, so that the
/// cheapest plan spreads reviews over reviewers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadCost {
    /// The `j`-th review costs `step × j` (a load of `n` costs `step × n(n+1)/2` in all).
    Linear { step: u32 },
    /// The `j`-th review costs `step × j²`: a heavy load is penalised harder.
    Quadratic { step: u32 },
}

impl LoadCost {
    /// The cost of the `j`-th review (counting from 1) given to one reviewer.
    pub fn of_review(self, j: u32) -> i64 {
        let j = i64::from(j);
        match self {
            LoadCost::Linear { step } => i64::from(step) * j,
            LoadCost::Quadratic { step } => i64::from(step) * j * j,
        }
    }

    /// The cost of a whole load of `reviews` for one reviewer.
    pub fn of_load(self, reviews: u32) -> i64 {
        (1..=reviews).map(|j| self.of_review(j)).sum()
    }
}

/// A reviewer taking part in the batch, and how many reviews they offered to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewerOffer {
    pub person_id: i64,
    pub capacity: u32,
}

/// A pair that must never be assigned: the reviewer has a competing interest with the
/// submission (any confirmed finding, an opposed reviewer, a declared conflict).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conflict {
    pub submission_id: i64,
    pub person_id: i64,
}

/// How well a reviewer fits a submission, 0..=100 (higher is better; above 100 counts as
/// 100). Pairs without one have affinity 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Affinity {
    pub submission_id: i64,
    pub person_id: i64,
    pub score: u8,
}

/// Everything the batch assignment depends on.
#[derive(Debug, Clone)]
pub struct BatchRequest {
    /// The submissions needing reviewers, each once.
    pub submission_ids: Vec<i64>,
    /// The reviewers available, each once.
    pub reviewers: Vec<ReviewerOffer>,
    /// Reviews wanted per submission (`k`).
    pub reviews_per_submission: u32,
    /// Pairs never to assign. Pairs naming someone outside the batch are ignored.
    pub conflicts: Vec<Conflict>,
    /// Match scores; for a pair given twice the higher counts.
    pub affinities: Vec<Affinity>,
    pub load_cost: LoadCost,
    /// How many reviewers each submission considers first: a speed setting only, the
    /// total cost is the same for any value (0 counts as 1).
    /// [`DEFAULT_CANDIDATES_PER_SUBMISSION`] suits batches of thousands.
    pub candidates_per_submission: usize,
}

/// Why a request cannot be solved as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("submission {0} is listed twice")]
    DuplicateSubmission(i64),
    #[error("reviewer {0} is listed twice")]
    DuplicateReviewer(i64),
}

/// The reviewers chosen for one submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionReviewers {
    pub submission_id: i64,
    /// In ascending order of person id.
    pub reviewer_ids: Vec<i64>,
}

/// A submission that could not get all the reviews wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortfall {
    pub submission_id: i64,
    pub got: u32,
    pub wanted: u32,
}

/// How much work the solver did (for the benchmark and for tuning).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SolverStats {
    /// Submission → reviewer arcs in the starting candidate lists.
    pub candidate_arcs: usize,
    /// Arcs added because pricing found them worth having.
    pub priced_arcs: usize,
    /// Submissions given every eligible reviewer because they were short.
    pub widened_submissions: usize,
    /// Phases of serving (one search from every submission still short, then every path
    /// of zero reduced cost).
    pub phases: usize,
    /// Shortest-path searches, and the nodes they settled in all.
    pub searches: usize,
    pub settled_nodes: usize,
    /// Passes of serve, price, widen.
    pub rounds: usize,
}

/// The plan: reviewers per submission, in the order of the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchAssignment {
    pub submissions: Vec<SubmissionReviewers>,
    /// The submissions that got fewer than `k` reviewers, in the order of the request.
    pub short: Vec<Shortfall>,
    /// Match costs plus every reviewer's load cost.
    pub total_cost: i64,
    pub stats: SolverStats,
}

/// Chooses reviewers for the whole batch; see the module notes for the model and the
/// guarantees.
pub fn assign_reviewers(request: &BatchRequest) -> Result<BatchAssignment, BatchError> {
    Ok(solved(request)?.into_assignment(request))
}

fn solved(request: &BatchRequest) -> Result<Solver, BatchError> {
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
struct Solver {
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

    fn reduced(&self, from: usize, to: usize, cost: i64) -> i64 {
        cost + self.potential[from] - self.potential[to]
    }

    /// Depth-first search for a path from submission `s` to the sink along arcs of zero
    /// reduced cost, leaving it in `prev`. A node fully explored in vain is dead for the
    /// rest of the phase (sending reviews elsewhere never gives it a way out).
    fn zero_cost_path(&mut self, s: usize) -> bool {
        let sink = self.sink();
        let mut stack: Vec<(usize, usize)> = vec![(s, 0)];
        self.dead[s] = true;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            let mut step = None;
            if v < self.submissions {
                let arcs = &self.arcs_of_submission[v];
                while *next < arcs.len() {
                    let a = arcs[*next];
                    *next += 1;
                    let arc = self.arcs[a as usize];
                    let w = self.submissions + arc.reviewer as usize;
                    if !arc.assigned && !self.dead[w] && self.reduced(v, w, arc.cost) == 0 {
                        step = Some((w, a));
                        break;
                    }
                }
            } else {
                let r = v - self.submissions;
                if *next == 0 {
                    *next = 1;
                    if self.load[r] < self.capacity[r]
                        && self.reduced(v, sink, self.load_cost.of_review(self.load[r] + 1)) == 0
                    {
                        step = Some((sink, index_u32(r)));
                    }
                }
                let held = &self.assigned_to_reviewer[r];
                while step.is_none() && *next <= held.len() {
                    let a = held[*next - 1];
                    *next += 1;
                    let arc = self.arcs[a as usize];
                    let w = arc.submission as usize;
                    if !self.dead[w] && self.reduced(v, w, -arc.cost) == 0 {
                        step = Some((w, a));
                    }
                }
            }
            match step {
                Some((w, via)) => {
                    self.prev[w] = via;
                    if w == sink {
                        // The nodes on the path may serve again.
                        for &(u, _) in &stack {
                            self.dead[u] = false;
                        }
                        return true;
                    }
                    self.dead[w] = true;
                    stack.push((w, 0));
                }
                None => {
                    stack.pop();
                }
            }
        }
        false
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

    fn ends_search(&self, v: usize) -> bool {
        let sink = self.sink();
        match self.goal {
            Target::Sink => v == sink,
            Target::Submission(s) => v == s,
            Target::SinkOrSubmission(s) => v == sink || v == s,
        }
    }

    /// Among nodes at the same distance, one that ends the search comes first: costs are
    /// often tied, and settling a whole tied region before the sink would waste the search.
    fn heap_key(&self, v: usize) -> u64 {
        let v = u64::from(index_u32(v));
        if self.ends_search(v as usize) {
            v
        } else {
            1 << 32 | v
        }
    }

    fn relax(&mut self, from: usize, to: usize, cost: i64, via: u32) {
        let reduced = cost + self.potential[from] - self.potential[to];
        debug_assert!(reduced >= 0, "negative reduced cost {reduced}");
        let d = self.dist[from] + reduced;
        // A node no nearer than a goal already found is never settled before it.
        if d < self.dist[to] && d < self.goal_bound {
            if self.dist[to] == i64::MAX {
                self.touched.push(index_u32(to));
            }
            self.dist[to] = d;
            self.prev[to] = via;
            let key = self.heap_key(to);
            if key == to as u64 {
                self.goal_bound = d;
            }
            self.heap.push(Reverse((d, key)));
        }
    }

    /// Dijkstra on reduced costs from `sources` until a node of the wanted kind is settled;
    /// then the potentials of the settled nodes are moved so that reduced costs stay
    /// non-negative and those on the path become zero.
    fn search(&mut self, sources: &[usize], target: Target) -> Option<usize> {
        self.stats.searches += 1;
        let sink = self.sink();
        self.goal = target;
        self.goal_bound = i64::MAX;
        for &source in sources {
            self.dist[source] = 0;
            self.touched.push(index_u32(source));
            self.heap.push(Reverse((0, self.heap_key(source))));
        }
        let mut found = None;
        while let Some(Reverse((d, key))) = self.heap.pop() {
            let v = (key & u64::from(u32::MAX)) as usize;
            if self.settled[v] || d > self.dist[v] {
                continue;
            }
            self.settled[v] = true;
            self.settled_order.push(index_u32(v));
            if self.ends_search(v) {
                found = Some(v);
                break;
            }
            if v < self.submissions {
                for i in 0..self.arcs_of_submission[v].len() {
                    let a = self.arcs_of_submission[v][i];
                    let arc = self.arcs[a as usize];
                    if !arc.assigned {
                        self.relax(v, self.reviewer_node(arc.reviewer), arc.cost, a);
                    }
                }
            } else if v < sink {
                let r = v - self.submissions;
                if self.load[r] < self.capacity[r] {
                    let cost = self.load_cost.of_review(self.load[r] + 1);
                    self.relax(v, sink, cost, index_u32(r));
                }
                for i in 0..self.assigned_to_reviewer[r].len() {
                    let a = self.assigned_to_reviewer[r][i];
                    let arc = self.arcs[a as usize];
                    self.relax(v, arc.submission as usize, -arc.cost, a);
                }
            } else {
                for r in 0..self.reviewers {
                    if self.load[r] > 0 {
                        let cost = -self.load_cost.of_review(self.load[r]);
                        self.relax(v, self.submissions + r, cost, FROM_SINK);
                    }
                }
            }
        }
        self.stats.settled_nodes += self.settled_order.len();
        if let Some(t) = found {
            let reach = self.dist[t];
            for &v in &self.settled_order {
                let v = v as usize;
                self.potential[v] += self.dist[v] - reach;
            }
        }
        for &v in &self.touched {
            self.dist[v as usize] = i64::MAX;
        }
        for &v in &self.settled_order {
            self.settled[v as usize] = false;
        }
        self.touched.clear();
        self.settled_order.clear();
        self.heap.clear();
        found
    }

    /// Moves one review along the path the last search found, from `target` back to
    /// `source`.
    fn augment(&mut self, source: usize, target: usize) {
        let sink = self.sink();
        let mut v = target;
        while v != source {
            if v == sink {
                let r = self.prev[v] as usize;
                self.load[r] += 1;
                v = self.submissions + r;
            } else if v >= self.submissions {
                let r = v - self.submissions;
                let via = self.prev[v];
                if via == FROM_SINK {
                    self.load[r] -= 1;
                    v = sink;
                } else {
                    self.set_assigned(via, true);
                    v = self.arcs[via as usize].submission as usize;
                }
            } else {
                let via = self.prev[v];
                self.set_assigned(via, false);
                v = self.reviewer_node(self.arcs[via as usize].reviewer);
            }
        }
    }

    fn into_assignment(self, request: &BatchRequest) -> BatchAssignment {
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
    fn certificate(&self) -> Result<(), String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// xorshift64*, as in the benchmarks.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    fn offers(capacities: &[u32]) -> Vec<ReviewerOffer> {
        capacities
            .iter()
            .enumerate()
            .map(|(i, &capacity)| ReviewerOffer {
                person_id: 100 + i as i64,
                capacity,
            })
            .collect()
    }

    fn request(submissions: usize, capacities: &[u32], k: u32) -> BatchRequest {
        BatchRequest {
            submission_ids: (1..=submissions as i64).collect(),
            reviewers: offers(capacities),
            reviews_per_submission: k,
            conflicts: vec![],
            affinities: vec![],
            load_cost: LoadCost::Linear { step: 1 },
            candidates_per_submission: DEFAULT_CANDIDATES_PER_SUBMISSION,
        }
    }

    /// Every review as (submission id, person id).
    fn pairs(plan: &BatchAssignment) -> Vec<(i64, i64)> {
        plan.submissions
            .iter()
            .flat_map(|s| s.reviewer_ids.iter().map(|&r| (s.submission_id, r)))
            .collect()
    }

    fn loads(req: &BatchRequest, plan: &BatchAssignment) -> Vec<u32> {
        req.reviewers
            .iter()
            .map(|o| {
                pairs(plan)
                    .iter()
                    .filter(|&&(_, r)| r == o.person_id)
                    .count() as u32
            })
            .collect()
    }

    /// The cost of a plan, computed here from the definition in the module notes.
    fn cost_of(req: &BatchRequest, reviews: &[(i64, i64)]) -> i64 {
        let score = |s: i64, r: i64| {
            req.affinities
                .iter()
                .filter(|a| a.submission_id == s && a.person_id == r)
                .map(|a| a.score.min(100))
                .max()
                .unwrap_or(0)
        };
        let matching: i64 = reviews
            .iter()
            .map(|&(s, r)| 100 - i64::from(score(s, r)))
            .sum();
        let load: i64 = req
            .reviewers
            .iter()
            .map(|o| {
                let n = reviews.iter().filter(|&&(_, r)| r == o.person_id).count() as u32;
                (1..=n).map(|j| req.load_cost.of_review(j)).sum::<i64>()
            })
            .sum();
        matching + load
    }

    /// Checks the rules every plan must keep; returns the pairs.
    fn check_rules(req: &BatchRequest, plan: &BatchAssignment) -> Vec<(i64, i64)> {
        let conflicts: HashSet<(i64, i64)> = req
            .conflicts
            .iter()
            .map(|c| (c.submission_id, c.person_id))
            .collect();
        for s in &plan.submissions {
            let distinct: HashSet<i64> = s.reviewer_ids.iter().copied().collect();
            assert_eq!(distinct.len(), s.reviewer_ids.len(), "a reviewer twice");
            assert!(s.reviewer_ids.len() <= req.reviews_per_submission as usize);
            for &r in &s.reviewer_ids {
                assert!(
                    !conflicts.contains(&(s.submission_id, r)),
                    "conflicted pair ({}, {r}) assigned",
                    s.submission_id
                );
            }
        }
        for (o, load) in req.reviewers.iter().zip(loads(req, plan)) {
            assert!(load <= o.capacity, "reviewer {} over capacity", o.person_id);
        }
        let short: Vec<Shortfall> = plan
            .submissions
            .iter()
            .filter(|s| s.reviewer_ids.len() < req.reviews_per_submission as usize)
            .map(|s| Shortfall {
                submission_id: s.submission_id,
                got: s.reviewer_ids.len() as u32,
                wanted: req.reviews_per_submission,
            })
            .collect();
        assert_eq!(plan.short, short, "shortfalls misreported");
        let reviews = pairs(plan);
        assert_eq!(
            plan.total_cost,
            cost_of(req, &reviews),
            "total cost misreported"
        );
        reviews
    }

    /// The least cost of a plan for each vector of reviews per submission.
    type CostsByCounts = Vec<(Vec<usize>, i64)>;

    /// Every plan by enumeration: each submission takes a set of at most `k` eligible
    /// reviewers. Returns (most reviews in total, least cost among plans with every
    /// submission served, least cost per vector of counts).
    fn brute_force(req: &BatchRequest) -> (usize, Option<i64>, CostsByCounts) {
        let k = req.reviews_per_submission as usize;
        let conflicts: HashSet<(i64, i64)> = req
            .conflicts
            .iter()
            .map(|c| (c.submission_id, c.person_id))
            .collect();
        let r_count = req.reviewers.len();
        let options: Vec<Vec<u32>> = req
            .submission_ids
            .iter()
            .map(|&s| {
                (0u32..1 << r_count)
                    .filter(|m| m.count_ones() as usize <= k)
                    .filter(|m| {
                        (0..r_count).all(|r| {
                            m >> r & 1 == 0 || !conflicts.contains(&(s, req.reviewers[r].person_id))
                        })
                    })
                    .collect()
            })
            .collect();
        let mut choice = vec![0usize; options.len()];
        let mut best_total = 0;
        let mut best_full = None;
        let mut by_counts: CostsByCounts = Vec::new();
        loop {
            let masks: Vec<u32> = choice.iter().zip(&options).map(|(&c, o)| o[c]).collect();
            let fits = (0..r_count).all(|r| {
                masks.iter().filter(|m| *m >> r & 1 == 1).count() as u32
                    <= req.reviewers[r].capacity
            });
            if fits {
                let reviews: Vec<(i64, i64)> = masks
                    .iter()
                    .zip(&req.submission_ids)
                    .flat_map(|(m, &s)| {
                        (0..r_count)
                            .filter(move |r| m >> r & 1 == 1)
                            .map(move |r| (s, req.reviewers[r].person_id))
                    })
                    .collect();
                let cost = cost_of(req, &reviews);
                let counts: Vec<usize> = masks.iter().map(|m| m.count_ones() as usize).collect();
                best_total = best_total.max(reviews.len());
                if counts.iter().all(|&c| c == k) {
                    best_full = Some(best_full.map_or(cost, |b: i64| b.min(cost)));
                }
                match by_counts.iter_mut().find(|(c, _)| *c == counts) {
                    Some((_, best)) => *best = (*best).min(cost),
                    None => by_counts.push((counts, cost)),
                }
            }
            // Next combination, like an odometer.
            let mut i = 0;
            loop {
                if i == choice.len() {
                    return (best_total, best_full, by_counts);
                }
                choice[i] += 1;
                if choice[i] < options[i].len() {
                    break;
                }
                choice[i] = 0;
                i += 1;
            }
        }
    }

    fn random_tiny(rng: &mut Rng, tight: bool) -> BatchRequest {
        let capacities: Vec<u32> = (0..5)
            .map(|_| {
                if tight {
                    rng.below(3) as u32
                } else {
                    1 + rng.below(3) as u32
                }
            })
            .collect();
        let mut req = request(4, &capacities, 2);
        for s in 1..=4 {
            for r in 100..105 {
                match rng.below(10) {
                    0 | 1 if tight => req.conflicts.push(Conflict {
                        submission_id: s,
                        person_id: r,
                    }),
                    0 => req.conflicts.push(Conflict {
                        submission_id: s,
                        person_id: r,
                    }),
                    2..=5 => req.affinities.push(Affinity {
                        submission_id: s,
                        person_id: r,
                        score: rng.below(101) as u8,
                    }),
                    _ => {}
                }
            }
        }
        req.load_cost = if rng.below(2) == 0 {
            LoadCost::Linear {
                step: rng.below(40) as u32,
            }
        } else {
            LoadCost::Quadratic {
                step: rng.below(20) as u32,
            }
        };
        // Few candidates make pricing and widening do the work.
        req.candidates_per_submission = 1 + rng.below(5) as usize;
        req
    }

    #[test]
    fn tiny_batches_match_brute_force() {
        let mut rng = Rng(0x1234_5678_9abc_def1);
        let mut served_all = 0;
        for round in 0..60 {
            let req = random_tiny(&mut rng, false);
            let solver = solved(&req).unwrap();
            solver.certificate().unwrap();
            let plan = solver.into_assignment(&req);
            let reviews = check_rules(&req, &plan);
            let (most, best_full, _) = brute_force(&req);
            assert_eq!(reviews.len(), most, "round {round}: not the most reviews");
            if let Some(best) = best_full {
                served_all += 1;
                assert!(
                    plan.short.is_empty(),
                    "round {round}: short but could be served"
                );
                assert_eq!(plan.total_cost, best, "round {round}: not the cheapest");
            }
        }
        assert!(served_all > 30, "too few fully served cases: {served_all}");
    }

    #[test]
    fn tiny_short_batches_give_the_most_reviews_at_the_least_cost_for_their_counts() {
        let mut rng = Rng(0x0bad_cafe_f00d_d00d);
        let mut short_cases = 0;
        for round in 0..60 {
            let req = random_tiny(&mut rng, true);
            let solver = solved(&req).unwrap();
            solver.certificate().unwrap();
            let plan = solver.into_assignment(&req);
            let reviews = check_rules(&req, &plan);
            let (most, _, by_counts) = brute_force(&req);
            assert_eq!(reviews.len(), most, "round {round}: not the most reviews");
            let counts: Vec<usize> = plan
                .submissions
                .iter()
                .map(|s| s.reviewer_ids.len())
                .collect();
            let best = by_counts
                .iter()
                .find(|(c, _)| *c == counts)
                .map(|(_, b)| *b);
            assert_eq!(
                Some(plan.total_cost),
                best,
                "round {round}: not the cheapest"
            );
            short_cases += usize::from(!plan.short.is_empty());
        }
        assert!(short_cases > 20, "too few short cases: {short_cases}");
    }

    #[test]
    fn a_conflicted_pair_is_never_assigned_however_good_the_match() {
        let mut req = request(30, &[10, 20, 20, 20, 20, 20], 3);
        for s in 1..=30 {
            // Reviewer 100 matches everything perfectly, and is conflicted with half.
            req.affinities.push(Affinity {
                submission_id: s,
                person_id: 100,
                score: 100,
            });
            if s % 2 == 0 {
                req.conflicts.push(Conflict {
                    submission_id: s,
                    person_id: 100,
                });
            }
        }
        req.candidates_per_submission = 2;
        let plan = assign_reviewers(&req).unwrap();
        let reviews = check_rules(&req, &plan);
        assert!(plan.short.is_empty());
        let with_100: Vec<i64> = reviews
            .iter()
            .filter(|&&(_, r)| r == 100)
            .map(|&(s, _)| s)
            .collect();
        assert_eq!(with_100.len(), 10, "the best match is used up to capacity");
        assert!(with_100.iter().all(|s| s % 2 == 1), "{with_100:?}");
    }

    #[test]
    fn capacities_hold_even_against_a_strong_preference() {
        let mut req = request(10, &[2, 4, 4, 4, 10], 2);
        for s in 1..=10 {
            for (r, score) in [(100, 100), (101, 90)] {
                req.affinities.push(Affinity {
                    submission_id: s,
                    person_id: r,
                    score,
                });
            }
        }
        req.load_cost = LoadCost::Linear { step: 0 };
        let plan = assign_reviewers(&req).unwrap();
        check_rules(&req, &plan);
        assert_eq!(loads(&req, &plan)[..2], [2, 4]);
        assert!(plan.short.is_empty());
    }

    #[test]
    fn submissions_that_cannot_be_served_are_reported_with_what_they_got() {
        // Submission 2 is conflicted with all but one reviewer.
        let mut req = request(3, &[5, 5, 5], 2);
        for r in [101, 102] {
            req.conflicts.push(Conflict {
                submission_id: 2,
                person_id: r,
            });
        }
        let plan = assign_reviewers(&req).unwrap();
        check_rules(&req, &plan);
        assert_eq!(
            plan.short,
            vec![Shortfall {
                submission_id: 2,
                got: 1,
                wanted: 2
            }]
        );

        // Not enough reviews offered: 4 submissions × 3 wanted, 7 offered.
        let req = request(4, &[3, 2, 2, 0], 3);
        let plan = assign_reviewers(&req).unwrap();
        check_rules(&req, &plan);
        let got: u32 =
            plan.short.iter().map(|s| s.got).sum::<u32>() + 3 * (4 - plan.short.len() as u32);
        assert_eq!(got, 7, "every offered review is used");
        assert!(plan.short.iter().all(|s| s.wanted == 3 && s.got < 3));
        assert!(
            plan.short.len() >= 2,
            "7 reviews serve at most 2 of 4 fully"
        );
    }

    #[test]
    fn equal_matches_spread_the_load_evenly() {
        for (step_cost, candidates) in [
            (LoadCost::Linear { step: 1 }, 2),
            (LoadCost::Linear { step: 1 }, 40),
            (LoadCost::Quadratic { step: 3 }, 3),
        ] {
            let mut req = request(50, &[100; 7], 3);
            req.load_cost = step_cost;
            req.candidates_per_submission = candidates;
            let plan = assign_reviewers(&req).unwrap();
            check_rules(&req, &plan);
            assert!(plan.short.is_empty());
            let loads = loads(&req, &plan);
            let (min, max) = (loads.iter().min(), loads.iter().max());
            assert!(
                matches!((min, max), (Some(a), Some(b)) if b - a <= 1),
                "{step_cost:?}, {candidates} candidates: loads {loads:?}"
            );
        }
    }

    #[test]
    fn the_same_input_gives_the_same_plan_and_the_candidate_setting_only_changes_speed() {
        let mut rng = Rng(0x5eed_5eed_5eed_5eed);
        let capacities: Vec<u32> = (0..40).map(|_| 4 + rng.below(6) as u32).collect();
        let mut req = request(60, &capacities, 3);
        for s in 1..=60 {
            for r in 100..140 {
                match rng.below(20) {
                    0 => req.conflicts.push(Conflict {
                        submission_id: s,
                        person_id: r,
                    }),
                    1..=4 => req.affinities.push(Affinity {
                        submission_id: s,
                        person_id: r,
                        score: 20 * rng.below(6) as u8,
                    }),
                    _ => {}
                }
            }
        }
        req.load_cost = LoadCost::Quadratic { step: 2 };
        req.candidates_per_submission = 4;
        let first = assign_reviewers(&req).unwrap();
        check_rules(&req, &first);
        assert!(first.short.is_empty());
        assert_eq!(assign_reviewers(&req).unwrap(), first);
        for candidates in [1, 10, 1_000] {
            req.candidates_per_submission = candidates;
            let other = assign_reviewers(&req).unwrap();
            check_rules(&req, &other);
            assert_eq!(
                other.total_cost, first.total_cost,
                "{candidates} candidates"
            );
        }
    }

    #[test]
    fn a_submission_or_reviewer_listed_twice_is_refused() {
        let mut req = request(2, &[1, 1], 1);
        req.submission_ids.push(2);
        assert_eq!(
            assign_reviewers(&req),
            Err(BatchError::DuplicateSubmission(2))
        );
        let mut req = request(2, &[1, 1], 1);
        req.reviewers.push(req.reviewers[0]);
        assert_eq!(
            assign_reviewers(&req),
            Err(BatchError::DuplicateReviewer(100))
        );
    }

    #[test]
    fn load_costs_grow_as_documented() {
        let linear = LoadCost::Linear { step: 5 };
        assert_eq!((linear.of_review(1), linear.of_review(3)), (5, 15));
        assert_eq!(linear.of_load(3), 30);
        let quadratic = LoadCost::Quadratic { step: 2 };
        assert_eq!((quadratic.of_review(3), quadratic.of_load(3)), (18, 28));
    }
}
