//! The editor-in-chief's ruling on one signal: "looked at: no concern" or "concern", with a
//! reason, recorded once, audited on the submission's timeline. The guard rule
//! (`db::guard`): the submission is held first; the same ruling pressed again is done; a
//! ruling that finds the signal already ruled otherwise (another tab) writes nothing and
//! says what was recorded, the input kept.

use chrono::NaiveDateTime;
use diesel::QueryResult;

use crate::config::Site;
use crate::db::accounts::{self, Person};
use crate::db::integrity::{self as store, IntegritySignal};
use crate::db::submissions::Submission;
use crate::db::{DbConnection, write_transaction};
use crate::domain::FormErrors;
use crate::domain::integrity::{Ruling, check_ruling, kind_label};
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::workflow::editorial::{Asker, EditorialMemo, access_remembered};
use crate::workflow::step;

use super::SignalLine;

/// What the ruling page shows.
pub struct RulingPage {
    pub submission: Submission,
    pub signal: SignalLine,
    /// The ruling recorded, if any: its outcome, reason, who and when.
    pub ruled: Option<(Ruling, String, String, NaiveDateTime)>,
}

/// The ruling as the form sends it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RulingInput {
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug)]
pub enum RulingOutcome {
    /// Recorded now, or found already recorded exactly so (a repeated press).
    Recorded {
        number: String,
    },
    Invalid(FormErrors),
    /// Ruled otherwise meanwhile (another tab, or another chief): nothing written.
    RuledMeanwhile {
        by: String,
        ruling: Ruling,
    },
    NotFound,
}

fn ruled(
    conn: &mut DbConnection,
    g: &IntegritySignal,
) -> QueryResult<Option<(Ruling, String, String, NaiveDateTime)>> {
    let (Some(at), Some(r)) = (g.ruled_at, Ruling::parse(&g.ruling_outcome)) else {
        return Ok(None);
    };
    let by = match g.ruled_by {
        Some(p) => accounts::find_person(conn, p)?.map(|p| p.name),
        None => None,
    }
    .unwrap_or_else(|| "the editor-in-chief".to_owned());
    Ok(Some((r, g.ruling.clone(), by, at)))
}

/// The page of one signal on a submission, for the editor-in-chief who may rule on it;
/// `None` (a 404) for anyone else, or a signal not on that submission.
pub fn ruling_page(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    signal_id: i64,
    site: &Site,
    memo: &EditorialMemo,
) -> QueryResult<Option<RulingPage>> {
    let settings = site.settings();
    let Some(a) = access_remembered(conn, person, roles, submission_id, &settings, memo)? else {
        return Ok(None);
    };
    if !a.may(SubmissionAction::RuleOnSignal) {
        return Ok(None);
    }
    let Some(g) = store::find_on(conn, submission_id, signal_id)? else {
        return Ok(None);
    };
    let ids: Vec<i64> = std::iter::once(submission_id)
        .chain(g.related_submission_id)
        .collect();
    let seen = super::readable(conn, person, roles, &ids, site, memo)?;
    let signal = super::line(conn, &g, &seen)?;
    Ok(Some(RulingPage {
        ruled: ruled(conn, &g)?,
        submission: a.submission,
        signal,
    }))
}

/// Records the editor-in-chief's ruling on a signal.
pub fn rule(
    conn: &mut DbConnection,
    chief: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    signal_id: i64,
    input: &RulingInput,
    site: &Site,
) -> step::Result<RulingOutcome> {
    let asker = Asker::new(chief, roles, site);
    write_transaction(conn, |conn| -> step::Result<RulingOutcome> {
        // Held: two presses at once wait for each other, and the second reads the first.
        let Some(a) = asker.held_access_for(conn, submission_id, SubmissionAction::RuleOnSignal)?
        else {
            return Ok(RulingOutcome::NotFound);
        };
        let Some(g) = store::find_on(conn, submission_id, signal_id)? else {
            return Ok(RulingOutcome::NotFound);
        };
        let (ruling, reason) = match check_ruling(&input.outcome, &input.reason) {
            Ok(r) => r,
            Err(e) => return Ok(RulingOutcome::Invalid(e)),
        };
        let number = a.submission.number_or_draft().to_owned();
        if let Some((was, was_reason, by, _)) = ruled(conn, &g)? {
            if was == ruling && was_reason == reason {
                return Ok(RulingOutcome::Recorded { number });
            }
            return Ok(RulingOutcome::RuledMeanwhile { by, ruling: was });
        }
        store::record_ruling(conn, g.id, ruling.as_str(), &reason, chief.id)?;
        step::on_timeline(
            conn,
            Some(chief.id),
            submission_id,
            "integrity_ruling",
            &format!(
                "{} ruled on a signal ({}): {}. {reason}",
                chief.name,
                kind_label(&g.kind),
                ruling.label()
            ),
        )?;
        Ok(RulingOutcome::Recorded { number })
    })
}
