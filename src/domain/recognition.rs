//! Recognition for reviewers (issue 19 part 3): the editors' rating of a review, a
//! reviewer's history as editors read it, the certificate's figures and the review record in
//! the fields ORCID's peer-review section uses. Pure: the rows come from the database layer.
//!
//! Nothing here names a manuscript: a history, a certificate and an export are counts and
//! dates, so a reader learns nothing of submissions she may not see.

use chrono::{NaiveDate, NaiveDateTime};

use super::FormErrors;

/// The handling editor's rating of a submitted review, private to the editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rating {
    BelowExpectations,
    Good,
    Excellent,
}

impl Rating {
    pub const ALL: [Rating; 3] = [Rating::BelowExpectations, Rating::Good, Rating::Excellent];

    /// The figure stored and averaged: 1, 2 or 3.
    pub fn value(self) -> i32 {
        match self {
            Rating::BelowExpectations => 1,
            Rating::Good => 2,
            Rating::Excellent => 3,
        }
    }

    pub fn from_value(v: i32) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.value() == v)
    }

    pub fn label(self) -> &'static str {
        match self {
            Rating::BelowExpectations => "below expectations",
            Rating::Good => "good",
            Rating::Excellent => "excellent",
        }
    }
}

/// The longest private note kept with a rating.
pub const NOTE_LIMIT: usize = 2000;

/// The rating form's fields, checked: the rating (1–3) and the trimmed note.
pub fn check_rating(rating: &str, note: &str) -> Result<(Rating, String), FormErrors> {
    let mut e = FormErrors::new();
    let r = rating
        .trim()
        .parse::<i32>()
        .ok()
        .and_then(Rating::from_value);
    if r.is_none() {
        e.add("rating", "Choose a rating: 1, 2 or 3.");
    }
    let note = note.trim();
    if note.chars().count() > NOTE_LIMIT {
        e.add(
            "note",
            format!("Keep the note under {NOTE_LIMIT} characters."),
        );
    }
    match r {
        Some(r) if e.is_empty() => Ok((r, note.to_owned())),
        _ => Err(e),
    }
}

/// One review a reviewer completed, as a history counts it.
#[derive(Debug, Clone, Copy)]
pub struct CompletedReview {
    pub invited_at: NaiveDateTime,
    pub due_on: NaiveDate,
    pub submitted_at: NaiveDateTime,
    /// The editors' rating, when there is one (1–3).
    pub rating: Option<i32>,
}

/// A reviewer's history as the editors read it: counts only.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReviewerHistory {
    /// Reviews submitted.
    pub done: u32,
    /// Of those, submitted on or before their due date.
    pub on_time: u32,
    /// Mean days from the invitation to the review, when any is done.
    pub turnaround_days: Option<f64>,
    /// Mean of the editors' ratings, when any review was rated.
    pub average_rating: Option<f64>,
    pub rated: u32,
}

impl ReviewerHistory {
    /// The history from a reviewer's completed reviews.
    pub fn of(reviews: &[CompletedReview]) -> ReviewerHistory {
        let done = u32::try_from(reviews.len()).unwrap_or(u32::MAX);
        let on_time = reviews
            .iter()
            .filter(|r| r.submitted_at.date() <= r.due_on)
            .count();
        let ratings: Vec<i32> = reviews.iter().filter_map(|r| r.rating).collect();
        let mean = |xs: &[f64]| (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64);
        let days: Vec<f64> = reviews
            .iter()
            .map(|r| (r.submitted_at - r.invited_at).num_seconds() as f64 / 86_400.0)
            .collect();
        let rating_values: Vec<f64> = ratings.iter().map(|&r| f64::from(r)).collect();
        ReviewerHistory {
            done,
            on_time: u32::try_from(on_time).unwrap_or(u32::MAX),
            turnaround_days: mean(&days),
            average_rating: mean(&rating_values),
            rated: u32::try_from(ratings.len()).unwrap_or(u32::MAX),
        }
    }

    /// The share on time, in whole per cent, when any review is done.
    pub fn on_time_percent(&self) -> Option<u32> {
        (self.done > 0).then(|| {
            let p = f64::from(self.on_time) * 100.0 / f64::from(self.done);
            // A share of at most 100: the cast cannot truncate.
            p.round() as u32
        })
    }

    /// One line for the editors: "3 reviews done; 2 on time (67%); 9.5 days on average from
    /// invitation to review; rated 2.5 of 3 on average (2 rated)".
    pub fn summary(&self) -> String {
        if self.done == 0 {
            return "No review done yet".to_owned();
        }
        let mut s = format!(
            "{} review{} done; {} on time ({}%)",
            self.done,
            if self.done == 1 { "" } else { "s" },
            self.on_time,
            self.on_time_percent().unwrap_or(0),
        );
        if let Some(d) = self.turnaround_days {
            s.push_str(&format!(
                "; {d:.1} days on average from invitation to review"
            ));
        }
        if let Some(r) = self.average_rating {
            s.push_str(&format!(
                "; rated {r:.1} of 3 on average ({} rated)",
                self.rated
            ));
        }
        s
    }
}

/// The other reviewers' comments to the authors, for the thank-you of Reviewer `own`: each
/// one's comments quoted under "Reviewer N" as the decision letter quotes them, never the
/// reader's own, never a confidential comment (the caller passes only comments to the
/// authors). Empty when nobody else commented.
pub fn other_reviews(own: u32, comments_to_authors: &[(u32, &str)]) -> String {
    let others: Vec<(u32, &str)> = comments_to_authors
        .iter()
        .filter(|(n, _)| *n != own)
        .copied()
        .collect();
    let quoted = super::decision::quoted_reviews(&others);
    // The letter's own heading goes: the thank-you introduces the reviews in its words.
    quoted
        .split_once('\n')
        .map(|(_, rest)| rest.trim_start().to_owned())
        .unwrap_or_default()
}

/// The certificate's year, from the query string: a plain year between 2000 and 9999;
/// anything else is `None` (the page then says so).
pub fn parse_year(text: &str) -> Option<i32> {
    let y = text.trim().parse::<i32>().ok()?;
    (2000..=9999).contains(&y).then_some(y)
}

/// The first and the last day of `year`, for "completed that year".
pub fn year_bounds(year: i32) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let from = NaiveDate::from_ymd_opt(year, 1, 1)?.and_hms_opt(0, 0, 0)?;
    let to = NaiveDate::from_ymd_opt(year + 1, 1, 1)?.and_hms_opt(0, 0, 0)?;
    Some((from, to))
}

/// One completed review, in the fields ORCID's peer-review section uses. Never the
/// manuscript's title or number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRecord {
    pub reviewer_name: String,
    /// The bare iD ("0000-0002-1825-0097"); empty when the reviewer gave none.
    pub orcid: String,
    /// The convening organisation: the journal's publisher, else its name.
    pub organisation: String,
    pub journal: String,
    /// The journal's ISSN; empty when unknown.
    pub issn: String,
    pub completed_on: NaiveDate,
}

impl ReviewRecord {
    /// ORCID's review group id for a journal: "issn:1471-2407"; empty without an ISSN.
    pub fn review_group_id(&self) -> String {
        if self.issn.trim().is_empty() {
            String::new()
        } else {
            format!("issn:{}", self.issn.trim())
        }
    }
}

/// The columns of the review record export, in order.
pub const RECORD_COLUMNS: [&str; 10] = [
    "reviewer_name",
    "reviewer_orcid",
    "convening_organization",
    "review_type",
    "reviewer_role",
    "subject_type",
    "completion_date",
    "journal",
    "journal_issn",
    "review_group_id",
];

/// One record's values, in [`RECORD_COLUMNS`] order.
pub fn record_values(r: &ReviewRecord) -> [String; 10] {
    [
        r.reviewer_name.clone(),
        r.orcid.clone(),
        r.organisation.clone(),
        "review".to_owned(),
        "reviewer".to_owned(),
        "journal-article".to_owned(),
        r.completed_on.format("%Y-%m-%d").to_string(),
        r.journal.clone(),
        r.issn.clone(),
        r.review_group_id(),
    ]
}

/// The export as CSV (header first, CRLF lines, formula-looking cells neutralised).
pub fn records_csv(records: &[ReviewRecord]) -> String {
    let mut out = super::metadata::csv_row(&RECORD_COLUMNS);
    for r in records {
        out.push_str(&super::metadata::csv_row(&record_values(r)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(d, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn a_rating_is_one_two_or_three_and_the_note_is_kept_trimmed() {
        assert_eq!(
            check_rating("3", "  Thorough. ").unwrap(),
            (Rating::Excellent, "Thorough.".to_owned())
        );
        assert!(check_rating("4", "").unwrap_err().has("rating"));
        assert!(check_rating("", "").unwrap_err().has("rating"));
        let long = "x".repeat(NOTE_LIMIT + 1);
        assert!(check_rating("2", &long).unwrap_err().has("note"));
    }

    #[test]
    fn a_history_counts_on_time_turnaround_and_ratings() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let reviews = [
            CompletedReview {
                invited_at: at("2026-01-01 09:00"),
                due_on: d("2026-01-15"),
                submitted_at: at("2026-01-11 09:00"),
                rating: Some(3),
            },
            // On its due date is on time.
            CompletedReview {
                invited_at: at("2026-02-01 09:00"),
                due_on: d("2026-02-15"),
                submitted_at: at("2026-02-15 21:00"),
                rating: None,
            },
            CompletedReview {
                invited_at: at("2026-03-01 09:00"),
                due_on: d("2026-03-15"),
                submitted_at: at("2026-03-21 09:00"),
                rating: Some(2),
            },
        ];
        let h = ReviewerHistory::of(&reviews);
        assert_eq!(h.done, 3);
        assert_eq!(h.on_time, 2);
        assert_eq!(h.on_time_percent(), Some(67));
        assert_eq!(h.turnaround_days, Some((10.0 + 14.5 + 20.0) / 3.0));
        assert_eq!(h.average_rating, Some(2.5));
        assert_eq!(
            h.summary(),
            "3 reviews done; 2 on time (67%); 14.8 days on average from invitation to review; rated 2.5 of 3 on average (2 rated)"
        );
        assert_eq!(ReviewerHistory::of(&[]).summary(), "No review done yet");
    }

    #[test]
    fn a_record_carries_orcids_fields_and_never_a_formula() {
        let r = ReviewRecord {
            reviewer_name: "=HYPERLINK(\"x\")".into(),
            orcid: "0000-0002-1825-0097".into(),
            organisation: "BioMed Central".into(),
            journal: "BMC Cancer".into(),
            issn: "1471-2407".into(),
            completed_on: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        };
        assert_eq!(r.review_group_id(), "issn:1471-2407");
        let csv = records_csv(&[r]);
        let mut lines = csv.lines();
        assert!(
            lines
                .next()
                .unwrap()
                .starts_with("reviewer_name,reviewer_orcid,")
        );
        assert_eq!(
            lines.next().unwrap(),
            "\"'=HYPERLINK(\"\"x\"\")\",0000-0002-1825-0097,BioMed Central,review,reviewer,journal-article,2026-11-23,BMC Cancer,1471-2407,issn:1471-2407"
        );
    }

    #[test]
    fn the_other_reviews_leave_out_the_readers_own_and_the_empty_ones() {
        let all = [
            (1, "Mine."),
            (2, "Add the ages.\n\nAnd the dates."),
            (3, "  "),
        ];
        assert_eq!(
            other_reviews(1, &all),
            "Reviewer 2:\n\n> Add the ages.\n>\n> And the dates."
        );
        assert_eq!(other_reviews(2, &[(2, "Mine only.")]), "");
    }

    #[test]
    fn a_year_is_a_plain_year() {
        assert_eq!(parse_year("2026"), Some(2026));
        assert_eq!(parse_year("26"), None);
        assert_eq!(parse_year("next"), None);
    }
}
