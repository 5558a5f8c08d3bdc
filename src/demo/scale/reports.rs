//! The review reports of the scale data. Honest reports are composed for their manuscript
//! from a few of many points, each with its own figures, so two reports share a phrase now
//! and then but never most of their text — as real reports do. A few honest reviewers paste
//! their own standard paragraph into every report (the near-duplicate signal's honest false
//! alarm, "by the same reviewer"). A planted ring's reports are one text per ring, lightly
//! reworded for each manuscript: the pattern of the 2023 retractions.

use super::XorShift;
use super::words::{ASPECTS, CANCERS, Field};

const OPENINGS: &[&str] = &[
    "The authors report {n} patients with {cancer} and look at {aspect}.",
    "This manuscript studies {aspect} in {n} patients with {cancer}.",
    "A {adj} study of {aspect} in {cancer}, based on {n} patients from {c} centres.",
    "The submission describes {n} cases of {cancer} seen over {y} years, with a focus on {aspect}.",
    "Here {n} patients with {cancer} are analysed to ask whether {aspect} predicts outcome.",
    "The question, {aspect} in {cancer}, matters for a disease this rare; the cohort counts {n} patients.",
];

const POINTS: &[&str] = &[
    "Table {t} gives medians without ranges; please add them.",
    "The survival curves in Figure {f} should show the numbers at risk.",
    "How were the {m} patients with missing follow-up handled?",
    "The multivariable model has {k} covariates for {e} events, which is too many.",
    "Please state the study period and the inclusion criteria in the abstract.",
    "The comparison with the {y}-year registry cohort needs a test of heterogeneity.",
    "Central pathology review is mentioned once; say how many of the {n} cases it covered.",
    "The discussion overstates the effect: the confidence interval reaches {ci}.",
    "Immortal time bias is possible because treatment started a median of {d} days after diagnosis.",
    "Figure {f} repeats Table {t}; one of them can go.",
    "The limitations should name the referral bias of tertiary centres.",
    "Were the {c} centres' protocols the same over the {y} years?",
    "The methods do not say who read the scans, nor whether they were blinded.",
    "A sensitivity analysis without the {m} patients treated abroad would help.",
    "The language is clear, but the second paragraph of the results is hard to follow.",
    "Please give the hazard ratio for stage, not only its p-value ({p}).",
    "The sample size of {n} allows no firm conclusion about subgroups below {k} patients.",
    "The reference list misses the two most recent pooled analyses in {cancer}.",
    "Report how consent was obtained for the {m} patients who had died before the study.",
    "Supplementary Table {t} has totals that do not add up to {n}.",
    "The title promises more than a single-arm design can deliver.",
    "Data availability: a de-identified dataset of the {n} patients should be shared.",
    "The {e} recurrences should be split into local and distant.",
    "Why were patients under {k} years excluded?",
];

const CLOSINGS: &[&str] = &[
    "With these changes the paper would be a useful addition.",
    "I would be glad to see a revised version.",
    "Overall a careful piece of work.",
    "The conclusions need to follow the data more closely.",
    "I have no further comments.",
    "I hope these remarks help the authors.",
];

const ADJECTIVES: &[&str] = &["careful", "retrospective", "multicentre", "small", "useful"];

/// Replaces each `{slot}` of `template` with a value drawn for it.
fn fill(template: &str, rng: &mut XorShift, (cancer, aspect): Field) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let slot = &rest[open + 1..open + close];
        let value = match slot {
            "cancer" => CANCERS[cancer].to_lowercase(),
            "aspect" => (*rng.pick(ASPECTS[aspect])).to_owned(),
            "adj" => (*rng.pick(ADJECTIVES)).to_owned(),
            "n" => (20 + rng.below(900)).to_string(),
            "c" => (2 + rng.below(20)).to_string(),
            "y" => (5 + rng.below(25)).to_string(),
            "t" => (1 + rng.below(5)).to_string(),
            "f" => (1 + rng.below(6)).to_string(),
            "m" => (2 + rng.below(60)).to_string(),
            "k" => (3 + rng.below(15)).to_string(),
            "e" => (10 + rng.below(120)).to_string(),
            "d" => (7 + rng.below(80)).to_string(),
            "ci" => format!("{}.{:02}", rng.below(2), rng.below(100)),
            "p" => format!("0.0{}", 1 + rng.below(9)),
            _ => String::new(),
        };
        out.push_str(&value);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The sentences of one report on a manuscript in `field`: an opening, four to seven
/// distinct points, a closing.
fn sentences(rng: &mut XorShift, field: Field) -> Vec<String> {
    let opening = *rng.pick(OPENINGS);
    let mut out = vec![fill(opening, rng, field)];
    let mut chosen: Vec<usize> = Vec::new();
    let wanted = 4 + rng.below(4);
    while chosen.len() < wanted {
        let k = rng.below(POINTS.len());
        if !chosen.contains(&k) {
            chosen.push(k);
            out.push(fill(POINTS[k], rng, field));
        }
    }
    let closing = *rng.pick(CLOSINGS);
    out.push(fill(closing, rng, field));
    out
}

/// An honest reviewer's report on a manuscript in `field`; `seed` tells one report from
/// another. Reviewer `reviewer_index` (their place among all people) may paste their own
/// standard paragraph in.
pub fn honest(seed: u64, field: Field, reviewer_index: usize) -> String {
    let mut rng = XorShift::new(seed ^ 0x5EED_0F2E_u64.wrapping_mul(seed | 1));
    let mut text = sentences(&mut rng, field).join(" ");
    if let Some(paragraph) = standard_paragraph(reviewer_index) {
        text.push_str("\n\n");
        text.push_str(&paragraph);
    }
    text
}

/// One reviewer in fifty always adds the same checklist of their own, long enough that two
/// of their reports can share most of their words.
fn standard_paragraph(reviewer_index: usize) -> Option<String> {
    if !reviewer_index.is_multiple_of(50) {
        return None;
    }
    let mut rng = XorShift::new(0x00B0_11E2_u64.wrapping_mul(reviewer_index as u64 + 1));
    let mut points: Vec<String> = Vec::new();
    while points.len() < 9 {
        let point = *rng.pick(POINTS);
        let p = fill(point, &mut rng, (0, 0))
            .replace("uveal melanoma", "this tumour")
            .replace("Uveal melanoma", "This tumour");
        if !points.contains(&p) {
            points.push(p);
        }
    }
    Some(format!(
        "My standard checklist for every cohort study: {}",
        points.join(" ")
    ))
}

/// Ring `ring`'s report on a manuscript in `field`: the ring's one text with its cancer
/// made the manuscript's and, one time in three, one of its points replaced (`variant`
/// says whether, which and by what). Two reports that both had a point replaced may fall
/// below the near-duplicate threshold: that signal alone does not catch every pair.
pub(super) fn ring(ring: usize, variant: u64, field: Field) -> String {
    let mut base = XorShift::new(0x2196_u64.wrapping_mul(ring as u64 + 7));
    let mut text = sentences(&mut base, (ring % CANCERS.len(), field.1));
    let mut rng = XorShift::new(variant.wrapping_mul(0x9E37_79B9) | 1);
    if rng.below(3) == 0 {
        let at = 1 + rng.below(text.len() - 2);
        let point = *rng.pick(POINTS);
        text[at] = fill(point, &mut rng, field);
    }
    text.join(" ").replace(
        &CANCERS[ring % CANCERS.len()].to_lowercase(),
        &CANCERS[field.0].to_lowercase(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::review_rings::{NEAR_DUPLICATE, jaccard, shingles};

    fn similarity(a: &str, b: &str) -> f64 {
        jaccard(&shingles(a), &shingles(b))
    }

    #[test]
    fn honest_reports_are_long_enough_to_compare_and_rarely_alike() {
        let reports: Vec<String> = (0..300).map(|s| honest(s, (2, 3), 1)).collect();
        assert!(
            reports
                .iter()
                .all(|r| !shingles(r).is_empty() && r.split_whitespace().count() < 250)
        );
        let mut alike = 0;
        for i in 0..reports.len() {
            for j in i + 1..reports.len() {
                if similarity(&reports[i], &reports[j]) >= NEAR_DUPLICATE {
                    alike += 1;
                }
            }
        }
        assert_eq!(alike, 0, "of {} pairs", 300 * 299 / 2);
    }

    #[test]
    fn a_rings_reports_are_near_duplicates_of_each_other() {
        let variants: Vec<String> = (0..30)
            .map(|v| ring(3, v, (4 + v as usize % 5, 1)))
            .collect();
        let (mut alike, mut pairs) = (0, 0);
        for i in 0..variants.len() {
            for j in i + 1..variants.len() {
                pairs += 1;
                if similarity(&variants[i], &variants[j]) >= NEAR_DUPLICATE {
                    alike += 1;
                }
            }
        }
        assert!(alike * 10 >= pairs * 7, "{alike} of {pairs} pairs alike");
        let (a, b) = (ring(3, 1, (4, 1)), ring(3, 2, (7, 1)));
        assert!(b.contains(&CANCERS[7].to_lowercase()), "{b}");
        assert!(similarity(&a, &ring(4, 1, (4, 1))) < NEAR_DUPLICATE);
    }

    #[test]
    fn a_reviewer_with_a_standard_paragraph_repeats_it() {
        let (a, b) = (honest(1, (0, 0), 100), honest(2, (5, 2), 100));
        assert!(a.contains("My standard checklist") && b.contains("My standard checklist"));
        assert!(!honest(1, (0, 0), 101).contains("My standard checklist"));
    }
}
