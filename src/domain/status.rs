//! A submission's state as its author reads it (issue 20 item 7): what it means, what happens
//! next and, where there is one, by when.

use chrono::{Duration, NaiveDate};

use super::submission_state::SubmissionState;

/// A collection's typical time to first decision is told to authors only when it rests on
/// at least this many manuscripts: fewer would be no guide, and could describe one other
/// author's manuscript.
pub const TYPICAL_WAIT_MIN_MANUSCRIPTS: usize = 5;

/// The collection's typical wait for a first decision: the median, in days, over `count`
/// manuscripts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TypicalWait {
    pub median_days: f64,
    pub count: usize,
}

/// What is known of one submission, beyond its state, that the explanation uses.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Circumstances {
    pub round: i32,
    pub submitted_on: Option<NaiveDate>,
    /// The collection's last day for submissions, if it has one (for a draft).
    pub collection_closes_on: Option<NaiveDate>,
    pub has_handling_editor: bool,
    /// The collection waits for every co-author's confirmation, and not all have confirmed.
    pub waiting_for_co_authors: bool,
    /// The latest date by which the reviewers who agreed to review were asked to send it.
    pub reviews_due_by: Option<NaiveDate>,
    pub typical_first_decision: Option<TypicalWait>,
    /// A rejection the author may still appeal (once).
    pub may_appeal: bool,
}

/// The state explained in three parts, each a sentence (or none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub means: &'static str,
    pub next: String,
    pub by_when: Option<String>,
}

fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// What `state` means to the author, in one sentence that needs no other fact (for lists).
pub fn meaning(state: SubmissionState, round: i32) -> &'static str {
    match state {
        SubmissionState::Draft => "Only you can see it: nothing has been sent to the journal yet.",
        SubmissionState::Submitted if round > 1 => "The journal has your revised version.",
        SubmissionState::Submitted => {
            "The journal has your manuscript; it has not gone out for review yet."
        }
        SubmissionState::UnderReview => "At least one reviewer has agreed to review it.",
        SubmissionState::RevisionRequested => {
            "The editor asks you for a revised version before deciding."
        }
        SubmissionState::Accepted => "It is accepted for publication.",
        SubmissionState::Published => "It is published.",
        SubmissionState::Rejected => "The editor decided not to publish it.",
        SubmissionState::Withdrawn => "You withdrew it.",
        SubmissionState::Appealed => "Your appeal against the rejection is being heard.",
        SubmissionState::DecisionPending => {
            "The handling editor has made a recommendation, which the journal confirms before you hear the decision."
        }
        SubmissionState::ReturnedForFixes => {
            "The editorial office returned it to you to fix something before review; this is not a decision."
        }
    }
}

/// What happens next in a state, and by when where that is known.
pub fn explain(state: SubmissionState, c: &Circumstances) -> Explained {
    let (next, by_when): (String, Option<String>) = match state {
        SubmissionState::Draft => (
            "Finish it and press “Submit manuscript”; you can save it and come back to it at any time.".into(),
            c.collection_closes_on
                .map(|d| format!("The collection accepts submissions until {}.", long_date(d))),
        ),
        SubmissionState::Submitted => (submitted_next(c), first_decision_by(c)),
        SubmissionState::UnderReview => (
            "When the reviews are in, the handling editor decides: accept it, ask for a revision, or reject it. You will be e-mailed the decision.".into(),
            c.reviews_due_by.map(|d| {
                format!("The reviewers have been asked to send their reviews by {}.", long_date(d))
            }),
        ),
        SubmissionState::RevisionRequested => (
            "Change the manuscript as the decision letter below asks and send the revised version with a response to the reviewers (“Send a revised version”); it then goes back to the handling editor, usually to the same reviewers.".into(),
            None,
        ),
        SubmissionState::Accepted => (
            "The editor-in-chief publishes it: it then gets its citation and DOI and appears on the collection page. You will be e-mailed when it is out.".into(),
            None,
        ),
        SubmissionState::Published => (
            "Nothing more happens. Should a correction ever be needed, it is published linked to the article.".into(),
            None,
        ),
        SubmissionState::Rejected if c.may_appeal => (
            "Nothing more happens unless you appeal: you may, once, with a statement of why the decision should be reconsidered.".into(),
            None,
        ),
        SubmissionState::Rejected => ("Nothing more happens.".into(), None),
        SubmissionState::Withdrawn => ("Nothing more happens.".into(), None),
        SubmissionState::ReturnedForFixes => (
            "Fix what the editorial office asks (their message is below) and send the corrected manuscript; it comes back with the same number to the same handling editor.".into(),
            None,
        ),
        SubmissionState::DecisionPending => (
            "Once the recommendation is confirmed, the decision letter is e-mailed to you; it may also go back to the handling editor for more review.".into(),
            None,
        ),
        SubmissionState::Appealed => (
            "The person hearing the appeal either upholds the rejection or sends the manuscript back to review. You will be e-mailed the outcome.".into(),
            None,
        ),
    };
    Explained {
        means: meaning(state, c.round),
        next,
        by_when,
    }
}

fn submitted_next(c: &Circumstances) -> String {
    let editor = if c.has_handling_editor {
        "The handling editor"
    } else {
        "Once a handling editor is assigned, they"
    };
    if c.waiting_for_co_authors {
        return format!(
            "Review starts once every co-author has confirmed their authorship (see Authors below). {editor} then invites reviewers, or may decide without review."
        );
    }
    if c.round > 1 {
        return format!(
            "{editor} reads it and invites reviewers again, or decides on it without a new review."
        );
    }
    format!(
        "{editor} invites reviewers, or may decide without review (for example, when it does not fit the collection)."
    )
}

/// "typically around 20 January 2027", from the collection's median time to a first
/// decision, for a first submission only (a revised version's wait is not that figure).
fn first_decision_by(c: &Circumstances) -> Option<String> {
    let wait = c.typical_first_decision?;
    if c.round > 1 || wait.count < TYPICAL_WAIT_MIN_MANUSCRIPTS || !wait.median_days.is_finite() {
        return None;
    }
    let days = wait.median_days.round().max(1.0) as i64;
    let around = c
        .submitted_on
        .map(|d| format!(", so around {}", long_date(d + Duration::days(days))))
        .unwrap_or_default();
    let unit = if days == 1 { "day" } else { "days" };
    Some(format!(
        "In this collection the first decision has typically come {days} {unit} after submission (the median of {} manuscripts){around}.",
        wait.count
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default()
    }

    #[test]
    fn every_state_says_what_it_means_and_what_happens_next() {
        let c = Circumstances {
            round: 1,
            ..Default::default()
        };
        for state in SubmissionState::ALL {
            let e = explain(state, &c);
            assert!(e.means.ends_with('.'), "{state:?}");
            assert!(e.next.ends_with('.'), "{state:?}");
        }
    }

    #[test]
    fn the_typical_wait_is_told_when_it_rests_on_enough_manuscripts() {
        let mut c = Circumstances {
            round: 1,
            submitted_on: Some(day(12, 1)),
            has_handling_editor: true,
            typical_first_decision: Some(TypicalWait {
                median_days: 20.4,
                count: 12,
            }),
            ..Default::default()
        };
        let by = explain(SubmissionState::Submitted, &c).by_when.unwrap();
        assert!(by.contains("typically come 20 days"), "{by}");
        assert!(by.contains("median of 12 manuscripts"), "{by}");
        assert!(by.contains("around 21 December 2026"), "{by}");
        c.typical_first_decision = Some(TypicalWait {
            median_days: 20.0,
            count: 4,
        });
        assert_eq!(explain(SubmissionState::Submitted, &c).by_when, None);
        c.round = 2;
        c.typical_first_decision = Some(TypicalWait {
            median_days: 20.0,
            count: 40,
        });
        assert_eq!(explain(SubmissionState::Submitted, &c).by_when, None);
    }

    #[test]
    fn what_comes_next_follows_the_circumstances() {
        let waiting = Circumstances {
            round: 1,
            waiting_for_co_authors: true,
            ..Default::default()
        };
        assert!(
            explain(SubmissionState::Submitted, &waiting)
                .next
                .starts_with("Review starts once every co-author has confirmed")
        );
        let reviews = Circumstances {
            round: 1,
            reviews_due_by: Some(day(12, 20)),
            ..Default::default()
        };
        let by = explain(SubmissionState::UnderReview, &reviews).by_when;
        assert!(by.is_some_and(|b| b.contains("by 20 December 2026")));
        let rejected = Circumstances {
            may_appeal: true,
            ..Default::default()
        };
        assert!(
            explain(SubmissionState::Rejected, &rejected)
                .next
                .contains("appeal")
        );
        assert_eq!(
            explain(SubmissionState::Rejected, &Circumstances::default()).next,
            "Nothing more happens."
        );
    }
}
