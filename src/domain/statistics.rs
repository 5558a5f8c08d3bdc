//! The editor-in-chief's statistics as pure computation: what one submission's timeline
//! says (time to first and final decision, the outcome), medians and means that say
//! "no data" instead of NaN, months with no submissions filled in, and the geometry of the
//! server-rendered SVG charts (numbers only; the template writes the markup, escaped).

/// What the timeline events of one submission give, as days after its first `submit`
/// event (the loading reads them in one aggregate query).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubmissionTimes {
    /// `YYYY-MM` of the first `submit` event.
    pub month: String,
    /// The first of `accept`, `reject`, `desk_reject`, `request_revision`.
    pub first_decision: Option<f64>,
    /// The last `accept`.
    pub accepted: Option<f64>,
    /// The last `reject`.
    pub rejected: Option<f64>,
    /// The last `desk_reject`.
    pub desk_rejected: Option<f64>,
    /// The last `overturn_rejection` (an appeal that sent it back to review): a decision
    /// before it was not final.
    pub reopened: Option<f64>,
}

/// How a submission ended, when it has ended with a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Accepted,
    Rejected,
    DeskRejected,
}

impl SubmissionTimes {
    /// The final decision: the last accept, reject or desk reject, unless an appeal
    /// reopened the submission after it. Days after submission, and which it was.
    pub fn final_decision(&self) -> Option<(f64, Outcome)> {
        let mut last: Option<(f64, Outcome)> = None;
        for (at, outcome) in [
            (self.accepted, Outcome::Accepted),
            (self.rejected, Outcome::Rejected),
            (self.desk_rejected, Outcome::DeskRejected),
        ] {
            if let Some(at) = at
                && last.is_none_or(|(l, _)| at >= l)
            {
                last = Some((at, outcome));
            }
        }
        match (last, self.reopened) {
            (Some((at, _)), Some(reopened)) if reopened >= at => None,
            _ => last,
        }
    }
}

/// Median and mean of a set of durations, in days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// How many durations (submissions or invitations) it covers.
    pub count: usize,
    pub median: Option<f64>,
    pub mean: Option<f64>,
}

impl Summary {
    /// Sorts `values` (negative durations, from clock skew, are kept: they are data).
    pub fn of(values: &mut [f64]) -> Summary {
        values.sort_by(f64::total_cmp);
        Summary {
            count: values.len(),
            median: median_sorted(values),
            mean: mean(values),
        }
    }

    pub fn median_label(&self) -> String {
        days_label(self.median)
    }

    pub fn mean_label(&self) -> String {
        days_label(self.mean)
    }
}

/// The median of sorted values: the middle one, or the mean of the two middle ones.
pub fn median_sorted(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if !n.is_multiple_of(2) => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// "12.5 days", or "no data" when there is nothing to summarise.
pub fn days_label(days: Option<f64>) -> String {
    match days {
        Some(d) if d.is_finite() => format!("{d:.1} days"),
        _ => "no data".to_owned(),
    }
}

/// Accepted share of the decided submissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Acceptance {
    pub accepted: usize,
    pub rejected: usize,
    pub desk_rejected: usize,
}

impl Acceptance {
    pub fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Accepted => self.accepted += 1,
            Outcome::Rejected => self.rejected += 1,
            Outcome::DeskRejected => self.desk_rejected += 1,
        }
    }

    pub fn decided(&self) -> usize {
        self.accepted + self.rejected + self.desk_rejected
    }

    /// "23.1 %", or "no data".
    pub fn rate_label(&self) -> String {
        match self.decided() {
            0 => "no data".to_owned(),
            n => format!("{:.1} %", 100.0 * self.accepted as f64 / n as f64),
        }
    }
}

/// Every month from the first to the last one that has submissions, with its count; months
/// without any show as 0 so the chart's axis is true. `counted` holds `YYYY-MM` keys.
pub fn fill_months(counted: &[(String, usize)]) -> Vec<(String, usize)> {
    let parse = |m: &str| -> Option<(i32, u32)> {
        let (y, mo) = m.split_once('-')?;
        Some((y.parse().ok()?, mo.parse().ok()?))
    };
    let mut keys: Vec<(i32, u32, usize)> = counted
        .iter()
        .filter_map(|(m, n)| parse(m).map(|(y, mo)| (y, mo, *n)))
        .collect();
    keys.sort_unstable();
    let (Some(first), Some(last)) = (keys.first().copied(), keys.last().copied()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut y, mut m) = (first.0, first.1);
    let mut i = 0;
    while (y, m) <= (last.0, last.1) {
        let mut n = 0;
        while i < keys.len() && (keys[i].0, keys[i].1) == (y, m) {
            n += keys[i].2;
            i += 1;
        }
        out.push((format!("{y:04}-{m:02}"), n));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        // A corrupt year would make this loop long; a century of months is plenty.
        if out.len() > 1200 {
            break;
        }
    }
    out
}

/// One bar of a chart, in SVG user units.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// A bar chart's geometry: the template draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub width: f64,
    pub height: f64,
    /// Where the axis is (the bottom of the bars).
    pub baseline: f64,
    pub max: usize,
    pub bars: Vec<Bar>,
}

/// Room at the bottom and top of a chart for labels.
const MARGIN: f64 = 24.0;

/// The widest a bar gets, in SVG units.
const MAX_BAR: f64 = 60.0;

pub fn bar_chart(values: &[(String, usize)], width: f64, height: f64) -> BarChart {
    let max = values.iter().map(|(_, v)| *v).max().unwrap_or(0);
    let baseline = height - MARGIN;
    let room = baseline - MARGIN;
    let slot = if values.is_empty() {
        width
    } else {
        width / values.len() as f64
    };
    let bars = values
        .iter()
        .enumerate()
        .map(|(i, (label, v))| {
            let h = if max == 0 {
                0.0
            } else {
                room * *v as f64 / max as f64
            };
            // A few bars stay bar-shaped instead of filling the chart, centred in their slot.
            let w = (slot * 0.8).min(MAX_BAR);
            Bar {
                label: label.clone(),
                value: *v,
                x: round2(i as f64 * slot + (slot - w) / 2.0),
                y: round2(baseline - h),
                width: round2(w),
                height: round2(h),
            }
        })
        .collect();
    BarChart {
        width,
        height,
        baseline,
        max,
        bars,
    }
}

/// Durations in days counted into bins of `bin_days` (the last bin takes everything from
/// `bins - 1` bins on, so a long tail does not stretch the chart). `values` may be unsorted.
pub fn histogram(values: &[f64], bin_days: f64, bins: usize) -> Vec<(String, usize)> {
    if values.is_empty() || bins == 0 || bin_days <= 0.0 {
        return Vec::new();
    }
    let mut counts = vec![0usize; bins];
    for v in values {
        let i = if *v <= 0.0 {
            0
        } else {
            ((v / bin_days) as usize).min(bins - 1)
        };
        counts[i] += 1;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, n)| {
            let lo = i as f64 * bin_days;
            let label = if i + 1 == bins {
                format!("{lo:.0}+ days")
            } else {
                format!("{lo:.0}–{:.0} days", lo + bin_days)
            };
            (label, n)
        })
        .collect()
}

/// A bin width that shows the spread in about twelve bins: 1, 2, 7, 14 or 30 days.
pub fn bin_width(values: &[f64]) -> f64 {
    let top = values.iter().copied().fold(0.0_f64, f64::max);
    [1.0, 2.0, 7.0, 14.0, 30.0]
        .into_iter()
        .find(|w| top / w <= 12.0)
        .unwrap_or(30.0)
}

/// 2431 → "2,431", as the pages print counts.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_sets_and_empty_sets_say_no_data() {
        let s = Summary::of(&mut [5.0, 1.0, 3.0]);
        assert_eq!((s.count, s.median, s.mean), (3, Some(3.0), Some(3.0)));
        let s = Summary::of(&mut [4.0, 1.0, 2.0, 11.0]);
        assert_eq!((s.count, s.median, s.mean), (4, Some(3.0), Some(4.5)));
        assert_eq!(s.median_label(), "3.0 days");
        assert_eq!(s.mean_label(), "4.5 days");
        let s = Summary::of(&mut []);
        assert_eq!((s.count, s.median, s.mean), (0, None, None));
        assert_eq!(s.median_label(), "no data");
        assert_eq!(days_label(Some(f64::NAN)), "no data");
    }

    #[test]
    fn the_final_decision_is_the_last_one_not_reopened_by_an_appeal() {
        let t = SubmissionTimes {
            first_decision: Some(10.0),
            accepted: Some(80.0),
            ..Default::default()
        };
        assert_eq!(t.final_decision(), Some((80.0, Outcome::Accepted)));
        // Rejected, the appeal sent it back to review: not decided yet.
        let t = SubmissionTimes {
            rejected: Some(30.0),
            reopened: Some(40.0),
            ..Default::default()
        };
        assert_eq!(t.final_decision(), None);
        // ... and then accepted in the new round.
        let t = SubmissionTimes {
            accepted: Some(90.0),
            ..t
        };
        assert_eq!(t.final_decision(), Some((90.0, Outcome::Accepted)));
        let t = SubmissionTimes {
            desk_rejected: Some(2.0),
            ..Default::default()
        };
        assert_eq!(t.final_decision(), Some((2.0, Outcome::DeskRejected)));
        assert_eq!(SubmissionTimes::default().final_decision(), None);
    }

    #[test]
    fn acceptance_rate_counts_desk_rejections_as_rejections() {
        let mut a = Acceptance::default();
        assert_eq!(a.rate_label(), "no data");
        a.add(Outcome::Accepted);
        a.add(Outcome::Rejected);
        a.add(Outcome::DeskRejected);
        a.add(Outcome::Rejected);
        assert_eq!(a.decided(), 4);
        assert_eq!(a.rate_label(), "25.0 %");
    }

    #[test]
    fn months_without_submissions_are_filled_with_zero() {
        let filled = fill_months(&[
            ("2026-02".into(), 3),
            ("2025-11".into(), 1),
            ("2026-02".into(), 1),
        ]);
        assert_eq!(
            filled,
            vec![
                ("2025-11".to_owned(), 1),
                ("2025-12".to_owned(), 0),
                ("2026-01".to_owned(), 0),
                ("2026-02".to_owned(), 4),
            ]
        );
        assert!(fill_months(&[]).is_empty());
    }

    #[test]
    fn bars_scale_to_the_largest_value_and_sit_on_the_baseline() {
        let c = bar_chart(
            &[("a".into(), 2), ("b".into(), 4), ("c".into(), 0)],
            300.0,
            200.0,
        );
        assert_eq!(c.max, 4);
        assert_eq!(c.baseline, 176.0);
        assert_eq!(c.bars[1].height, 152.0);
        assert_eq!(c.bars[0].height, 76.0);
        assert_eq!(c.bars[2].height, 0.0);
        for b in &c.bars {
            assert_eq!(b.y + b.height, c.baseline);
            assert_eq!(b.width, 60.0);
        }
        assert_eq!(c.bars[1].x, 120.0);
        // Many bars share the width.
        let many: Vec<(String, usize)> = (0..30).map(|i| (i.to_string(), 1)).collect();
        let c = bar_chart(&many, 300.0, 200.0);
        assert_eq!(c.bars[0].width, 8.0);
        assert_eq!(c.bars[29].x + c.bars[29].width, 299.0);
        // Nothing to draw: no NaN in the geometry.
        let empty = bar_chart(&[("a".into(), 0)], 300.0, 200.0);
        assert!(
            empty
                .bars
                .iter()
                .all(|b| b.height == 0.0 && b.y.is_finite())
        );
        assert!(bar_chart(&[], 300.0, 200.0).bars.is_empty());
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(2431), "2,431");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn histogram_bins_and_tail() {
        let h = histogram(&[0.5, 1.5, 1.9, 9.0, -1.0], 1.0, 3);
        assert_eq!(
            h,
            vec![
                ("0–1 days".to_owned(), 2),
                ("1–2 days".to_owned(), 2),
                ("2+ days".to_owned(), 1),
            ]
        );
        assert!(histogram(&[], 1.0, 3).is_empty());
        assert_eq!(bin_width(&[3.0, 11.0]), 1.0);
        assert_eq!(bin_width(&[40.0]), 7.0);
        assert_eq!(bin_width(&[1000.0]), 30.0);
    }
}
