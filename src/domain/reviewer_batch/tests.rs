//! The batch assignment against brute force on tiny batches, and its rules on larger ones.

use std::collections::HashSet;

use super::*;

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
            masks.iter().filter(|m| *m >> r & 1 == 1).count() as u32 <= req.reviewers[r].capacity
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
