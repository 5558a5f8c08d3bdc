//! Signs of a review ring in the reviews themselves (issue 27 item 2): near-identical review
//! texts across different submissions, and reviews returned implausibly soon after the
//! invitation was accepted. A signal is a reason for the editor-in-chief to look, never a
//! verdict.
//!
//! Near-duplicates: a review's text is cut into overlapping runs of five words ("shingles",
//! after lower-casing and dropping punctuation). Two reviews whose shingle sets overlap by
//! half or more (Jaccard ≥ 0.5) are flagged. Independent reviews of different manuscripts
//! share almost no five-word runs (a few per cent at most: set phrases such as "the authors
//! should clarify the"), while a report pasted from one manuscript to another with the title
//! and a few numbers changed keeps most of them. Reviews under 40 words are not compared:
//! too short to tell a template from chance.
//!
//! Finding the candidates without reading every review: MinHash signatures of 64 values,
//! cut into 16 bands of 4 ([`band_keys`]); two reviews with Jaccard 0.5 share at least one
//! band with probability 1 − (1 − 0.5⁴)¹⁶ ≈ 0.64, at 0.7 ≈ 0.99. The bands are stored per
//! review and looked up by key; the exact Jaccard of each candidate then decides.

use std::collections::HashSet;

/// Words in a shingle.
const SHINGLE_WORDS: usize = 5;
/// Fewer words than this: not compared.
pub const MIN_WORDS: usize = 40;
/// Jaccard similarity of the shingle sets at or above which two reviews are near-duplicates.
pub const NEAR_DUPLICATE: f64 = 0.5;
/// A full report returned sooner than this after accepting is a signal, unless the
/// collection says otherwise (its deadline settings).
pub const FAST_REVIEW_HOURS: i32 = 24;
/// The most a collection may set: two weeks.
pub const FAST_REVIEW_HOURS_MAX: i32 = 336;

/// A reviewer's reviews of submissions handled by one editor, in one collection, are a
/// signal from this many on — and only when chance alone rarely gives that many
/// ([`concentrated`]). A specialist pool makes two or three ordinary (a guest editor asks
/// the few people who know a rare tumour).
pub const SAME_EDITOR_REVIEWS: usize = 4;
/// The same for reviews of submissions sharing an author: reviewing the same group's next
/// paper is ordinary, a third time may not be.
pub const SAME_AUTHORS_REVIEWS: usize = 3;
/// How rare, by chance alone, a reviewer's concentration on one editor or one group of
/// authors must be to be a signal. A reviewer who reviews for the site at random reviews
/// for an editor handling a share `p` of the collection like a coin falling `p`: `k` or
/// more of `m` reviews has the binomial chance [`chance_of_at_least`]. One in 100,000 keeps
/// the honest reviewers of a publisher's whole collection (thousands of reviewers, dozens
/// of editors, each check repeated at every review) to a handful of signals, while a
/// reviewer who reviews only for an editor handling a twentieth of the collection is
/// signalled at the fourth review. Where one editor handles most of the collection (two
/// guest editors) no concentration can be seen, and none is signalled: there the other
/// signals speak.
pub const CHANCE_AT_MOST: f64 = 1e-5;
/// Reviews of two people for each other further apart than this are not "while".
pub const RECIPROCAL_WITHIN_DAYS: i64 = 365;

/// The binomial chance of `k` or more successes in `m` tries of chance `p` each.
pub fn chance_of_at_least(k: usize, m: usize, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > m || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let q = 1.0 - p;
    // The k-th term from logarithms (no overflow for long histories), then each next one
    // from the one before.
    let ln_choose: f64 = (1..=k).map(|j| ((m - k + j) as f64 / j as f64).ln()).sum();
    let mut term = (ln_choose + k as f64 * p.ln() + (m - k) as f64 * q.ln()).exp();
    let mut total = 0.0;
    for i in k..=m {
        total += term;
        term *= (m - i) as f64 / (i + 1) as f64 * p / q;
    }
    total.min(1.0)
}

/// Whether `k` of a reviewer's `m` reviews in a collection going to what takes a share
/// `share` of it is a pattern: at least `at_least`, and rarer than [`CHANCE_AT_MOST`].
pub fn concentrated(k: usize, m: usize, share: f64, at_least: usize) -> bool {
    k >= at_least && chance_of_at_least(k, m, share) <= CHANCE_AT_MOST
}

const HASHES: usize = 64;
const BAND_ROWS: usize = 4;

/// The text's words, lower-cased, punctuation dropped.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The set of five-word shingles, each hashed; empty when the text is too short to compare.
pub fn shingles(text: &str) -> HashSet<u64> {
    let w = words(text);
    if w.len() < MIN_WORDS {
        return HashSet::new();
    }
    // The same bytes as `run.join(" ")`, written into one buffer: the stored band keys of
    // earlier reviews stay comparable.
    let mut run_text = String::new();
    w.windows(SHINGLE_WORDS)
        .map(|run| {
            run_text.clear();
            for (i, word) in run.iter().enumerate() {
                if i > 0 {
                    run_text.push(' ');
                }
                run_text.push_str(word);
            }
            fnv(run_text.as_bytes(), 0)
        })
        .collect()
}

/// Jaccard similarity of two shingle sets (0 when either is empty).
pub fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.intersection(b).count();
    common as f64 / (a.len() + b.len() - common) as f64
}

/// The LSH band keys of a shingle set (16 of them; none for an empty set).
pub fn band_keys(s: &HashSet<u64>) -> Vec<i64> {
    if s.is_empty() {
        return Vec::new();
    }
    let signature: Vec<u64> = (0..HASHES as u64)
        .map(|seed| s.iter().map(|x| mix(*x, seed)).min().unwrap_or(u64::MAX))
        .collect();
    signature
        .chunks(BAND_ROWS)
        .enumerate()
        .map(|(band, rows)| {
            let mut bytes = Vec::with_capacity(8 * (BAND_ROWS + 1));
            bytes.extend_from_slice(&(band as u64).to_le_bytes());
            for r in rows {
                bytes.extend_from_slice(&r.to_le_bytes());
            }
            // Stored as a signed 64-bit key (BIGINT).
            fnv(&bytes, 1) as i64
        })
        .collect()
}

/// FNV-1a, with a seed folded in first.
fn fnv(bytes: &[u8], seed: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// One of the 64 hash functions of the MinHash signature (splitmix64 of value and seed).
fn mix(x: u64, seed: u64) -> u64 {
    let mut z = x ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "The authors present a retrospective cohort of patients with a rare \
        sarcoma treated at three centres over fifteen years. The question is relevant and the \
        cohort is large for this disease. However the survival analysis does not account for \
        the change in treatment protocols over the period, and the pathology review is not \
        described. I recommend that the authors add a sensitivity analysis by era, describe \
        the central pathology review, and discuss the selection of patients referred from \
        outside the region.";

    const OTHER: &str = "This manuscript describes the imaging features of a rare paediatric \
        tumour in a national registry. The figures are clear but the methods section lacks \
        the inclusion criteria, the number of radiologists who read the images and how \
        disagreements were resolved. The discussion overstates the diagnostic value of the \
        signs described, since no comparison group was studied. A table with the frequency \
        of each feature and its confidence interval would help readers.";

    #[test]
    fn the_binomial_tail_is_right_at_its_edges_and_in_between() {
        assert_eq!(chance_of_at_least(0, 5, 0.3), 1.0);
        assert_eq!(chance_of_at_least(6, 5, 0.3), 0.0);
        assert!((chance_of_at_least(4, 4, 0.5) - 0.0625).abs() < 1e-12);
        // P(X ≥ 2), X ~ Bin(3, 0.5) = 4/8.
        assert!((chance_of_at_least(2, 3, 0.5) - 0.5).abs() < 1e-12);
        // A long history does not overflow.
        let p = chance_of_at_least(40, 2_000, 0.01);
        assert!(p > 0.0 && p < 0.01, "{p}");
    }

    #[test]
    fn concentration_on_one_editor_is_a_signal_only_against_her_share() {
        // Four of four for an editor handling a twentieth of the collection.
        assert!(concentrated(4, 4, 0.05, SAME_EDITOR_REVIEWS));
        // An honest regular: 12 of 150 reviews for an editor handling a fiftieth (3 expected).
        assert!(!concentrated(5, 150, 0.02, SAME_EDITOR_REVIEWS));
        // Two guest editors sharing the collection: nothing can be told from eight of eight.
        assert!(!concentrated(8, 8, 0.5, SAME_EDITOR_REVIEWS));
        // Never below the floor, however unlikely.
        assert!(!concentrated(3, 3, 0.001, SAME_EDITOR_REVIEWS));
    }

    #[test]
    fn a_pasted_report_is_a_near_duplicate_and_an_independent_one_is_not() {
        let pasted = REPORT
            .replace("three centres", "four centres")
            .replace("fifteen years", "twelve years")
            .replace("sarcoma", "chordoma");
        let (a, b, c) = (shingles(REPORT), shingles(&pasted), shingles(OTHER));
        assert!(jaccard(&a, &b) >= NEAR_DUPLICATE, "{}", jaccard(&a, &b));
        assert!(jaccard(&a, &c) < 0.05, "{}", jaccard(&a, &c));
        let (ka, kb) = (band_keys(&a), band_keys(&b));
        assert_eq!(ka.len(), 16);
        assert!(ka.iter().any(|k| kb.contains(k)), "a shared band finds it");
        assert!(!band_keys(&c).iter().any(|k| ka.contains(k)));
    }

    #[test]
    fn short_reviews_are_not_compared() {
        assert!(shingles("Accept as is. A fine paper.").is_empty());
        assert!(band_keys(&HashSet::new()).is_empty());
        assert_eq!(jaccard(&HashSet::new(), &shingles(REPORT)), 0.0);
    }
}
