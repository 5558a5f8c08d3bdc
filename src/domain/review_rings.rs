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

/// A reviewer with this many reviews or more of submissions handled by one editor, in one
/// collection, raises a signal. A specialist pool makes two or three ordinary (a guest
/// editor asks the few people who know a rare tumour); four is a pattern worth a look.
pub const SAME_EDITOR_REVIEWS: usize = 4;
/// A reviewer with this many reviews or more of submissions sharing an author raises a
/// signal: reviewing the same group's next paper is ordinary, a third time is not.
pub const SAME_AUTHORS_REVIEWS: usize = 3;

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
    w.windows(SHINGLE_WORDS)
        .map(|run| fnv(run.join(" ").as_bytes(), 0))
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
