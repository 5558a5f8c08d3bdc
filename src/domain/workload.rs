//! Figures per handling editor and per reviewer (issue 18 part 4), as pure rules: what each
//! figure counts is said once here, and the statistics page prints the same definitions.
//! The rows come from [`crate::workflow::statistics`], the reader's conflicts already left out.

use std::collections::BTreeMap;

use super::metadata::csv_row;
use super::statistics::Summary;

/// A submission of the collections as the editors' figures read it.
#[derive(Debug, Clone, PartialEq)]
pub struct HandledRow {
    pub handling_editor_id: i64,
    /// Open now: submitted, under review, revision requested or appealed.
    pub open: bool,
    /// Open with a review or a revised version past its due date.
    pub overdue: bool,
    /// Days from first submission to the first decision, when it was submitted in the
    /// period and has had one.
    pub first_decision: Option<f64>,
}

/// How a review invitation was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Accepted,
    Declined,
    /// Not answered (still waiting, or cancelled or expired before an answer).
    None,
}

/// A review invitation sent in the period.
#[derive(Debug, Clone, PartialEq)]
pub struct InvitationRow {
    /// Who sent it (none for one sent by the system).
    pub invited_by: Option<i64>,
    pub reviewer_id: i64,
    pub answer: Answer,
}

/// One handling editor's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct EditorFigures {
    pub editor_id: i64,
    pub name: String,
    pub open: usize,
    pub overdue: usize,
    pub first_decision: Summary,
    pub invitations_sent: usize,
    pub accepted: usize,
    pub declined: usize,
}

/// One reviewer's answers.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewerFigures {
    pub reviewer_id: i64,
    pub name: String,
    pub invited: usize,
    pub accepted: usize,
    pub declined: usize,
}

impl ReviewerFigures {
    /// Declined of those answered, as "40 %"; "no answer yet" when none was answered.
    pub fn decline_rate_label(&self) -> String {
        rate_label(self.declined, self.accepted + self.declined)
    }
}

impl EditorFigures {
    /// Declined of the answered invitations this editor sent.
    pub fn decline_rate_label(&self) -> String {
        rate_label(self.declined, self.accepted + self.declined)
    }
}

fn rate_label(part: usize, of: usize) -> String {
    if of == 0 {
        "no answer yet".to_owned()
    } else {
        format!("{:.0} %", 100.0 * part as f64 / of as f64)
    }
}

#[derive(Default)]
struct EditorTally {
    open: usize,
    overdue: usize,
    first: Vec<f64>,
    sent: usize,
    accepted: usize,
    declined: usize,
}

/// The figures of every handling editor who has a submission or sent an invitation, by
/// name; `name_of` names each person (an unknown id reads "Former editor").
pub fn per_editor(
    handled: &[HandledRow],
    invitations: &[InvitationRow],
    name_of: &dyn Fn(i64) -> Option<String>,
) -> Vec<EditorFigures> {
    let mut tally: BTreeMap<i64, EditorTally> = BTreeMap::new();
    for row in handled {
        let t = tally.entry(row.handling_editor_id).or_default();
        t.open += usize::from(row.open);
        t.overdue += usize::from(row.open && row.overdue);
        t.first.extend(row.first_decision);
    }
    for inv in invitations {
        let Some(editor) = inv.invited_by else {
            continue;
        };
        let t = tally.entry(editor).or_default();
        t.sent += 1;
        t.accepted += usize::from(inv.answer == Answer::Accepted);
        t.declined += usize::from(inv.answer == Answer::Declined);
    }
    let mut out: Vec<EditorFigures> = tally
        .into_iter()
        .map(|(editor_id, mut t)| EditorFigures {
            editor_id,
            name: name_of(editor_id).unwrap_or_else(|| "Former editor".to_owned()),
            open: t.open,
            overdue: t.overdue,
            first_decision: Summary::of(&mut t.first),
            invitations_sent: t.sent,
            accepted: t.accepted,
            declined: t.declined,
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.editor_id.cmp(&b.editor_id)));
    out
}

/// Every invited reviewer's answers, most invited first, then by name.
pub fn per_reviewer(
    invitations: &[InvitationRow],
    name_of: &dyn Fn(i64) -> Option<String>,
) -> Vec<ReviewerFigures> {
    let mut tally: BTreeMap<i64, (usize, usize, usize)> = BTreeMap::new();
    for inv in invitations {
        let t = tally.entry(inv.reviewer_id).or_default();
        t.0 += 1;
        t.1 += usize::from(inv.answer == Answer::Accepted);
        t.2 += usize::from(inv.answer == Answer::Declined);
    }
    let mut out: Vec<ReviewerFigures> = tally
        .into_iter()
        .map(
            |(reviewer_id, (invited, accepted, declined))| ReviewerFigures {
                reviewer_id,
                name: name_of(reviewer_id).unwrap_or_else(|| "Former reviewer".to_owned()),
                invited,
                accepted,
                declined,
            },
        )
        .collect();
    out.sort_by(|a, b| b.invited.cmp(&a.invited).then(a.name.cmp(&b.name)));
    out
}

/// The definitions the page and the CSV files print beside the figures.
pub const EDITOR_DEFINITIONS: &str = "Open: submissions with this handling editor that are open now \
(submitted, under review, revision requested or appealed), whatever the dates chosen. Overdue: \
of those, the ones with an accepted review or a revised version past its due date. Time to \
first decision: days from first submission to the first decision (accept, reject, desk \
reject or revision), for submissions submitted in the period that this editor handles now. \
Invitations: review invitations this editor sent in the period, and how the reviewers \
answered; decline rate is declined of those answered.";

pub const REVIEWER_DEFINITIONS: &str = "Review invitations sent in the period to each \
reviewer: accepted, declined, and the decline rate (declined of those answered; invitations \
not answered, cancelled or expired before an answer count as invited only).";

/// The editors' figures as CSV, a header row first; fields are quoted harmless
/// ([`csv_row`]).
pub fn editors_csv(editors: &[EditorFigures]) -> String {
    let mut out = csv_row(&[
        "Handling editor",
        "Open",
        "Overdue",
        "Decided (first decisions)",
        "Median days to first decision",
        "Invitations sent",
        "Accepted",
        "Declined",
        "Decline rate",
    ]);
    for e in editors {
        out += &csv_row(&[
            e.name.clone(),
            e.open.to_string(),
            e.overdue.to_string(),
            e.first_decision.count.to_string(),
            e.first_decision
                .median
                .map(|d| format!("{d:.1}"))
                .unwrap_or_default(),
            e.invitations_sent.to_string(),
            e.accepted.to_string(),
            e.declined.to_string(),
            e.decline_rate_label(),
        ]);
    }
    out
}

/// The reviewers' answers as CSV, a header row first.
pub fn reviewers_csv(reviewers: &[ReviewerFigures]) -> String {
    let mut out = csv_row(&[
        "Reviewer",
        "Invited",
        "Accepted",
        "Declined",
        "Decline rate",
    ]);
    for r in reviewers {
        out += &csv_row(&[
            r.name.clone(),
            r.invited.to_string(),
            r.accepted.to_string(),
            r.declined.to_string(),
            r.decline_rate_label(),
        ]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(id: i64) -> Option<String> {
        match id {
            1 => Some("Atif Ahmed".into()),
            2 => Some("Bruna Dalmasso".into()),
            7 => Some("Marta Lindqvist".into()),
            _ => None,
        }
    }

    fn handled(editor: i64, open: bool, overdue: bool, first: Option<f64>) -> HandledRow {
        HandledRow {
            handling_editor_id: editor,
            open,
            overdue,
            first_decision: first,
        }
    }

    fn invited(by: Option<i64>, reviewer: i64, answer: Answer) -> InvitationRow {
        InvitationRow {
            invited_by: by,
            reviewer_id: reviewer,
            answer,
        }
    }

    #[test]
    fn each_editor_counts_open_overdue_times_and_invitations() {
        let rows = [
            handled(1, true, true, Some(10.0)),
            handled(1, true, false, Some(20.0)),
            handled(1, false, true, Some(40.0)),
            handled(2, true, false, None),
        ];
        let invitations = [
            invited(Some(1), 7, Answer::Accepted),
            invited(Some(1), 7, Answer::Declined),
            invited(Some(1), 8, Answer::None),
            invited(None, 8, Answer::Declined),
        ];
        let editors = per_editor(&rows, &invitations, &names);
        assert_eq!(editors.len(), 2);
        let atif = &editors[0];
        assert_eq!(atif.name, "Atif Ahmed");
        assert_eq!(
            (atif.open, atif.overdue),
            (2, 1),
            "a closed one is never overdue"
        );
        assert_eq!(atif.first_decision.median, Some(20.0));
        assert_eq!(
            (atif.invitations_sent, atif.accepted, atif.declined),
            (3, 1, 1)
        );
        assert_eq!(atif.decline_rate_label(), "50 %");
        assert_eq!(editors[1].decline_rate_label(), "no answer yet");
        assert_eq!(editors[1].first_decision.count, 0);
    }

    #[test]
    fn reviewers_are_listed_most_invited_first_with_their_decline_rate() {
        let invitations = [
            invited(Some(1), 7, Answer::Accepted),
            invited(Some(1), 8, Answer::Declined),
            invited(None, 8, Answer::Declined),
            invited(Some(2), 8, Answer::Accepted),
            invited(Some(2), 8, Answer::None),
        ];
        let reviewers = per_reviewer(&invitations, &names);
        assert_eq!(reviewers[0].name, "Former reviewer");
        assert_eq!(
            (
                reviewers[0].invited,
                reviewers[0].accepted,
                reviewers[0].declined
            ),
            (4, 1, 2)
        );
        assert_eq!(reviewers[0].decline_rate_label(), "67 %");
        assert_eq!(reviewers[1].name, "Marta Lindqvist");
        assert_eq!(reviewers[1].decline_rate_label(), "0 %");
        let csv = reviewers_csv(&reviewers);
        assert_eq!(csv.lines().count(), 3);
        assert!(
            csv.lines()
                .nth(2)
                .unwrap_or_default()
                .starts_with("Marta Lindqvist,1,1,0,0 %")
        );
    }
}
