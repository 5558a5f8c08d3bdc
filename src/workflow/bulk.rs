//! Acting on many submissions at once (issue 18 part 2), from a selection in the editor's
//! search: remind their reviewers, give them another handling editor, or export them.
//!
//! A selection is first narrowed to the submissions of the reader's own lists
//! ([`editorial::selected`]): anything else is left out and only counted, never named (a
//! submission the reader is conflicted with looks exactly like one that does not exist).
//! Then each submission is one step of its own, in its own transaction, through the very
//! function its single button uses: "Remind now" ([`deadlines::remind_now`], with its rule of
//! one reminder a minute about the same thing, so a confirmation pressed twice mails once)
//! and the editor-in-chief's choice of editor ([`editorial::reassign`], which checks the
//! chosen editor's conflicts afresh inside its transaction). One refusal stops nothing else;
//! each is reported with its reason.

use crate::config::Site;
use crate::db::DbConnection;
use crate::db::accounts::Person;
use crate::db::reviews as reviews_store;
use crate::db::submissions;
use crate::domain::deadlines::Awaited;
use crate::domain::metadata::csv_row;
use crate::domain::permissions::HeldRole;
use crate::domain::review::InvitationStatus;
use crate::workflow::deadlines::{self, RemindOutcome, RemindRequest};
use crate::workflow::editorial::{self, EditorChoice, EditorialMemo, QueueLine, Reassignment};
use crate::workflow::step::EditorialError;

type Result<T> = std::result::Result<T, EditorialError>;

/// The most submissions one bulk action takes (a page of results is 25).
pub const MAX_SELECTED: usize = 500;

/// What happened to one submission of the selection.
#[derive(Debug, Clone)]
pub struct Done {
    pub number: String,
    pub title: String,
    pub id: i64,
    /// What was done, or why nothing was; `refused` tells which.
    pub said: Vec<String>,
    pub refused: bool,
}

/// The report of a bulk action: each submission of the selection in the reader's lists, and
/// how many selected ones were not (not named).
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub done: Vec<Done>,
    pub left_out: usize,
}

impl Report {
    pub fn refused(&self) -> usize {
        self.done.iter().filter(|d| d.refused).count()
    }
}

fn done(line: &QueueLine, said: Vec<String>, refused: bool) -> Done {
    Done {
        number: line.number.clone(),
        title: line.title.clone(),
        id: line.id,
        said,
        refused,
    }
}

/// Who acts, with what the editorial lists are checked against.
pub struct Acting<'a> {
    pub person: &'a Person,
    pub roles: &'a [HeldRole],
    pub site: &'a Site,
    pub memo: &'a EditorialMemo,
}

impl Acting<'_> {
    /// The selection as far as it is in the reader's lists, and how many were not.
    pub fn selection(
        &self,
        conn: &mut DbConnection,
        ids: &[i64],
    ) -> Result<(Vec<QueueLine>, usize)> {
        let settings = self.site.settings();
        Ok(editorial::selected(
            conn,
            self.person,
            self.roles,
            &settings,
            self.memo,
            ids,
        )?)
    }
}

/// Reminds every reviewer still awaited on each selected submission: those invited who have
/// not answered (while their link works) and those who accepted and have not sent their
/// review. One "Remind now" each, in its own transaction.
pub fn remind_reviewers(conn: &mut DbConnection, who: &Acting<'_>, ids: &[i64]) -> Result<Report> {
    let (lines, left_out) = who.selection(conn, ids)?;
    let now = crate::db::now();
    let mut report = Report {
        left_out,
        ..Report::default()
    };
    for line in &lines {
        let Some(s) = submissions::find(conn, line.id)? else {
            continue;
        };
        let awaited: Vec<(Awaited, i64)> = reviews_store::of_submission(conn, s.id)?
            .into_iter()
            .filter(|i| i.round == s.current_round && i.links_expire_at >= now)
            .filter_map(|i| match i.status() {
                InvitationStatus::Invited => Some((Awaited::Answer, i.id)),
                InvitationStatus::Accepted => Some((Awaited::Review, i.id)),
                _ => None,
            })
            .collect();
        if awaited.is_empty() {
            report.done.push(done(
                line,
                vec!["No reviewer is awaited: nothing was sent.".to_owned()],
                true,
            ));
            continue;
        }
        let mut said = Vec::new();
        let mut refused = true;
        for (what, invitation) in awaited {
            let req = RemindRequest {
                awaited: Some(what),
                invitation_id: Some(invitation),
            };
            match deadlines::remind_now(conn, who.person, who.roles, s.id, req, who.site)? {
                RemindOutcome::Sent { to } => {
                    refused = false;
                    said.push(format!("Reminder sent to {to}."));
                }
                RemindOutcome::AlreadySent { to } => said.push(format!(
                    "A reminder went to {to} less than a minute ago; nothing more was sent."
                )),
                RemindOutcome::Refused(why) => said.push(why),
                RemindOutcome::NotFound => {
                    said.push("You may not send reminders about this submission.".to_owned())
                }
            }
        }
        report.done.push(done(line, said, refused));
    }
    Ok(report)
}

/// Gives every selected submission `editor_id` as its handling editor, with `reason`
/// recorded; each in its own transaction, the chosen editor's conflicts checked again in it.
pub fn reassign(
    conn: &mut DbConnection,
    who: &Acting<'_>,
    ids: &[i64],
    editor_id: i64,
    reason: &str,
) -> Result<Report> {
    let (lines, left_out) = who.selection(conn, ids)?;
    let mut report = Report {
        left_out,
        ..Report::default()
    };
    let choice = EditorChoice {
        editor_id,
        reason,
        read_with: None,
    };
    for line in &lines {
        let outcome = editorial::reassign(conn, who.person, who.roles, line.id, &choice, who.site)?;
        let (said, refused) = match outcome {
            Reassignment::Assigned { editor } => (format!("Now handled by {editor}."), false),
            Reassignment::Refused { message, instead } => (
                match instead {
                    Some(other) => format!("{message} The system assigned {other} instead."),
                    None => message,
                },
                true,
            ),
            Reassignment::Invalid(e) => (
                e.all()
                    .first()
                    .map(|(_, m)| m.clone())
                    .unwrap_or_else(|| "Nothing was changed.".to_owned()),
                true,
            ),
            Reassignment::Stale { .. } => (
                "Someone changed its handling editor meanwhile; nothing was changed.".to_owned(),
                true,
            ),
            // Not hers to reassign (she handles it without overseeing its journal), or the
            // chosen person is not among the editors of its collection.
            Reassignment::NotFound => (
                "Not reassigned: the chosen editor is not among those who may handle it, or only its editor-in-chief may reassign it. Nothing was changed.".to_owned(),
                true,
            ),
        };
        report.done.push(done(line, vec![said], refused));
    }
    Ok(report)
}

/// The selection as CSV (the lines of the reader's lists only), with a header row; fields
/// that a spreadsheet would read as formulas are quoted harmless ([`csv_row`]).
pub fn export_csv(conn: &mut DbConnection, who: &Acting<'_>, ids: &[i64]) -> Result<String> {
    let (lines, _) = who.selection(conn, ids)?;
    let mut out = csv_row(&[
        "Manuscript number",
        "Title",
        "State",
        "Collection",
        "Handling editor",
        "Submitted",
    ]);
    for l in &lines {
        let submitted = l
            .submitted_at
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        out += &csv_row(&[
            l.number.as_str(),
            l.title.as_str(),
            l.state.label(),
            l.collection.as_str(),
            l.handling_editor.as_deref().unwrap_or(""),
            submitted.as_str(),
        ]);
    }
    Ok(out)
}
