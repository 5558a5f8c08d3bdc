//! A handling editor far from the collection (issue 27 item 2): one whose final decisions
//! accept far more (or far fewer) submissions than the collection's other editors do, or
//! come far sooner. A ring needs an editor who accepts what it sends, quickly; a signal is a
//! reason for the editor-in-chief to look, never a verdict.
//!
//! "Far" is decided on counts, so a handful of decisions never raises it: each side needs
//! [`MIN_DECISIONS`] final decisions (accept, reject, reject without review). The rates must
//! differ by [`RATE_GAP`] or more *and* by a two-proportion z-test at the 1 % level
//! (|z| ≥ 2.58), so that 4 acceptances of 5 beside 50 % is not enough while 9 of 10 beside
//! 30 % is. Speed: the editor's average time from submission to final decision is under
//! [`FAST_SHARE`] of the others' average. A slow editor is a matter for the deadlines page,
//! not for this one.

/// An editor's (or the other editors') final decisions in one collection.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DecisionFigures {
    pub decided: u64,
    pub accepted: u64,
    /// Summed over the decisions: from submission to decision.
    pub days_total: f64,
}

impl DecisionFigures {
    fn rate(&self) -> f64 {
        self.accepted as f64 / self.decided as f64
    }

    fn average_days(&self) -> f64 {
        self.days_total / self.decided as f64
    }

    pub fn add(&mut self, other: &DecisionFigures) {
        self.decided += other.decided;
        self.accepted += other.accepted;
        self.days_total += other.days_total;
    }
}

/// Final decisions needed on each side before anything is compared.
pub const MIN_DECISIONS: u64 = 5;
/// The least difference in acceptance rates that counts (30 percentage points).
pub const RATE_GAP: f64 = 0.3;
/// |z| at or above this: the difference is not chance (two-sided, 1 %).
const Z_CRITICAL: f64 = 2.58;
/// Deciding in under this share of the others' average time is far sooner.
pub const FAST_SHARE: f64 = 0.5;

/// The evidence, one line per way `editor` is far from `others`; empty when not.
pub fn far_from_the_others(
    editor_name: &str,
    editor: &DecisionFigures,
    others: &DecisionFigures,
) -> Vec<String> {
    if editor.decided < MIN_DECISIONS || others.decided < MIN_DECISIONS {
        return Vec::new();
    }
    let mut out = Vec::new();
    let (p1, p2) = (editor.rate(), others.rate());
    let pooled =
        (editor.accepted + others.accepted) as f64 / (editor.decided + others.decided) as f64;
    let spread =
        (pooled * (1.0 - pooled) * (1.0 / editor.decided as f64 + 1.0 / others.decided as f64))
            .sqrt();
    if spread > 0.0 && (p1 - p2).abs() >= RATE_GAP && ((p1 - p2) / spread).abs() >= Z_CRITICAL {
        out.push(format!(
            "{editor_name}, as handling editor, accepted {} of {} submissions decided in this collection ({:.0} %); the other editors accepted {} of {} ({:.0} %)",
            editor.accepted,
            editor.decided,
            p1 * 100.0,
            others.accepted,
            others.decided,
            p2 * 100.0
        ));
    }
    let (mine, theirs) = (editor.average_days(), others.average_days());
    if theirs > 0.0 && mine < theirs * FAST_SHARE {
        out.push(format!(
            "{editor_name}, as handling editor, reached a final decision in {} on average; the other editors of this collection in {}",
            days(mine),
            days(theirs)
        ));
    }
    out
}

fn days(d: f64) -> String {
    match d.round() as i64 {
        0 => "less than a day".to_owned(),
        1 => "1 day".to_owned(),
        n => format!("{n} days"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(decided: u64, accepted: u64, days: f64) -> DecisionFigures {
        DecisionFigures {
            decided,
            accepted,
            days_total: days * decided as f64,
        }
    }

    #[test]
    fn an_editor_who_accepts_nearly_everything_quickly_is_far_from_the_others() {
        let lines = far_from_the_others("Dr Lee", &figures(10, 9, 3.0), &figures(40, 12, 41.0));
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0].contains("accepted 9 of 10 submissions decided in this collection (90 %)")
        );
        assert!(lines[0].contains("the other editors accepted 12 of 40 (30 %)"));
        assert!(
            lines[1]
                .contains("in 3 days on average; the other editors of this collection in 41 days")
        );
    }

    #[test]
    fn few_decisions_or_a_chance_difference_raise_nothing() {
        // Too few on either side.
        assert!(far_from_the_others("A", &figures(4, 4, 1.0), &figures(40, 4, 40.0)).is_empty());
        assert!(far_from_the_others("A", &figures(40, 40, 1.0), &figures(4, 0, 40.0)).is_empty());
        // 4 of 5 beside half: a gap of 30 points, but chance at this size.
        assert!(far_from_the_others("A", &figures(5, 4, 30.0), &figures(20, 10, 30.0)).is_empty());
        // Alike.
        assert!(far_from_the_others("A", &figures(20, 6, 30.0), &figures(60, 18, 32.0)).is_empty());
        // Slower is not a sign of a ring.
        assert!(far_from_the_others("A", &figures(20, 6, 90.0), &figures(60, 18, 30.0)).is_empty());
        // Everybody accepts everything: nothing to tell apart.
        assert!(
            far_from_the_others("A", &figures(20, 20, 30.0), &figures(60, 60, 30.0)).is_empty()
        );
    }

    #[test]
    fn rejecting_nearly_everything_is_far_too() {
        let lines = far_from_the_others("B", &figures(20, 1, 30.0), &figures(60, 40, 30.0));
        assert_eq!(lines.len(), 1);
        assert!(lines[0].contains("accepted 1 of 20"), "{lines:?}");
    }
}
