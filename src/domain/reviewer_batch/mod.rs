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

mod solver;
#[cfg(test)]
mod tests;

use solver::solved;

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
