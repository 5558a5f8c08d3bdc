//! Revised versions and appeals: what sending a revision, lodging an appeal and hearing it
//! do. Each is one transaction: the state machine's move (conditional on the state the
//! person saw), the round, the record, the timeline event and the e-mails.
//!
//! The rules (what must be written, who hears an appeal) are in [`crate::domain::appeal`];
//! who may do what is in [`crate::domain::permissions`].

use diesel::QueryResult;

use crate::config::Site;
use crate::db::accounts::{self, Person};
use crate::db::collections;
use crate::db::decisions as letters_store;
use crate::db::editorial as editorial_store;
use crate::db::reviews as reviews_store;
use crate::db::round_metadata as round_store;
pub use crate::db::rounds::AiUseDeclared;
use crate::db::rounds::{self as store, Appeal, NewAppeal, RevisionResponse};
use crate::db::submissions::{self as submissions_store, Submission};
use crate::db::{DbConnection, write_transaction};
use crate::domain::FormErrors;
use crate::domain::appeal::{
    AppealOutcome, HearerCandidate, HearerChoice, check_outcome_reason, check_response,
    check_statement, choose_hearer,
};
use crate::domain::conflicts::Strength;
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::domain::revision_diff::RoundMetadata;
use crate::domain::role::Role;
use crate::domain::submission::SubmissionInput;
use crate::domain::submission_state::{self, SubmissionState, Transition};
use crate::mail::messages::{
    AppealDecided, AppealLodged, AppealToHear, RevisionReceived, RevisionToEditor,
};
use crate::storage::FileStore;
use crate::workflow::editorial::{self, Asker, EditorialError};
use crate::workflow::step::{self, About, Addressee};
use crate::workflow::submission::{
    CheckedFile, FileRole, FileUpload, attach_files, check_files, store_files, submitter_may,
};

pub mod fixes;

type Result<T> = std::result::Result<T, EditorialError>;

/// How a step asked of this module ended.
#[derive(Debug)]
pub enum StepOutcome {
    /// Done; the submission is now in `to`, in round `round`.
    Done {
        to: SubmissionState,
        round: i32,
    },
    /// Something typed or attached is wrong: the messages, beside their fields.
    Invalid(FormErrors),
    /// The step is not possible now (the state machine's message, or an appeal already
    /// lodged); nothing changed.
    Refused(String),
    NotFound,
}

fn moved_meanwhile(now_in: SubmissionState) -> String {
    format!(
        "This submission has moved on meanwhile: it is now “{}”. Nothing was changed.",
        now_in.label()
    )
}

/// The corresponding author and, when someone else submitted, the submitter: the people
/// told about the authors' own steps, each address once.
fn author_recipients(conn: &mut DbConnection, s: &Submission) -> QueryResult<Vec<Addressee>> {
    let mut out: Vec<Addressee> = Vec::new();
    if let Some(a) = step::corresponding_author(conn, s.id)? {
        out.push((&a).into());
    }
    if let Some(p) = accounts::find_person(conn, s.submitter_id)?
        && !out.iter().any(|a| a.email.eq_ignore_ascii_case(&p.email))
    {
        out.push((&p).into());
    }
    Ok(out)
}

/// Why the submitter cannot take `step` now, or `None` when they can.
fn refused_to_author(s: &Submission, step: Transition) -> Option<String> {
    submission_state::next(s.state(), step)
        .err()
        .map(|r| r.to_string())
}

// ---- Revised versions -------------------------------------------------------------------

/// A revised version as the author sends it.
pub struct RevisedVersion {
    pub response: String,
    /// What the version may correct (title, abstract, keywords, authors, declarations,
    /// with the declaration of generative AI use asked again), as typed; the rest of the
    /// form is not read.
    pub metadata: SubmissionInput,
    pub uploads: Vec<FileUpload>,
}

/// Where a revised version's files go, and who the new co-authors' e-mails come from.
pub struct Desk<'a> {
    pub files: &'a FileStore,
    pub max_bytes: u64,
    pub office_address: &'a str,
}

/// A revised version whose response, metadata and files passed their checks.
struct CheckedRevision {
    response: String,
    metadata: RoundMetadata,
    files: Vec<CheckedFile>,
}

/// What the revision page shows the author: the submission, and whether (or why not) a
/// revised version can be sent.
pub fn revision_page(
    conn: &mut DbConnection,
    person_id: i64,
    id: i64,
) -> QueryResult<Option<(Submission, Option<String>)>> {
    let Some(s) = submissions_store::find(conn, id)? else {
        return Ok(None);
    };
    if !submitter_may(conn, person_id, &s, SubmissionAction::View)? {
        return Ok(None);
    }
    let step = if s.state() == SubmissionState::ReturnedForFixes {
        Transition::SendFixes
    } else {
        Transition::Resubmit
    };
    let refused = refused_to_author(&s, step);
    Ok(Some((s, refused)))
}

/// The author sends a revised version: new files (a manuscript is required; a version with
/// the changes tracked may come in its own slot), a response to the reviewers, and the
/// corrected metadata. A new round starts, with a record of what it says of itself (and of
/// what the round before said, when that was not recorded yet); the handling editor is
/// told, with the reviewers of the earlier rounds to invite again (or one is assigned, if
/// the submission has none), and authors newly listed are asked to confirm.
pub fn resubmit(
    conn: &mut DbConnection,
    desk: &Desk<'_>,
    person: &Person,
    id: i64,
    revised: RevisedVersion,
    site: &Site,
) -> anyhow::Result<StepOutcome> {
    let Some((s, refused)) = revision_page(conn, person.id, id)? else {
        return Ok(StepOutcome::NotFound);
    };
    if let Some(why) = refused {
        return Ok(StepOutcome::Refused(why));
    }
    if !submitter_may(conn, person.id, &s, SubmissionAction::Resubmit)? {
        return Ok(StepOutcome::NotFound);
    }
    if s.state() == SubmissionState::ReturnedForFixes {
        return fixes::send_fixes(conn, desk, person, &s, revised, site);
    }
    let word_limit = collections::find_collection(conn, s.collection_id)?
        .map_or(350, |c| c.abstract_word_limit.max(0) as usize);
    let checked = match checked_revision(revised, desk.max_bytes, word_limit, false) {
        Ok(checked) => checked,
        Err(errors) => return Ok(StepOutcome::Invalid(errors)),
    };
    // Files first, fully on disk, so no committed row points at a missing file.
    let stored = store_files(desk.files, &checked.files)?;
    let ai_use_changed = !crate::domain::ai_use::same(
        (&s.ai_use, &s.ai_use_details),
        (&checked.metadata.ai_use, &checked.metadata.ai_use_details),
    );
    let from = s.state();
    let outcome = write_transaction(conn, |conn| -> Result<StepOutcome> {
        let to = SubmissionState::Submitted;
        if !submissions_store::change_state(conn, s.id, from, to)?
            || !store::open_next_round(conn, s.id, s.current_round)?
        {
            let now_in = step::state_now(conn, s.id, from)?;
            return Ok(StepOutcome::Refused(moved_meanwhile(now_in)));
        }
        let round = s.current_round + 1;
        attach_files(conn, s.id, round, person.id, &stored)?;
        let ai_use = AiUseDeclared {
            answer: checked.metadata.ai_use.clone(),
            details: checked.metadata.ai_use_details.clone(),
        };
        store::record_response(conn, s.id, round, &checked.response, &ai_use, person.id)?;
        let new_authors = record_metadata(conn, &s, round, &checked.metadata)?;
        let note = if ai_use_changed {
            format!("Round {round}; the declaration of generative AI use changed")
        } else {
            format!("Round {round}")
        };
        step::move_on_timeline(
            conn,
            Some(person.id),
            s.id,
            Transition::Resubmit.as_str(),
            (from, to),
            &note,
        )?;
        // The revision is in: reminders about it still in the outbox must not go.
        crate::db::deadlines::withdraw_unsent_revision_reminders(conn, s.id)?;
        // Told under the title as corrected.
        let s = submissions_store::find(conn, s.id)?.unwrap_or_else(|| s.clone());
        for a in &new_authors {
            crate::workflow::authorship::ask_new_author(conn, &s, a, desk.office_address, site)?;
        }
        tell_of_revision(conn, &s, round, site)?;
        Ok(StepOutcome::Done { to, round })
    })?;
    Ok(outcome)
}

/// Keeps what round `round` says of itself and makes it the submission's: the round before
/// is recorded first if it was not (round 1, whose values the row still holds). Returns the
/// authors newly listed.
fn record_metadata(
    conn: &mut DbConnection,
    s: &Submission,
    round: i32,
    metadata: &RoundMetadata,
) -> QueryResult<Vec<crate::db::submissions::Author>> {
    let before = round_store::current(conn, s)?;
    round_store::record(conn, s.id, round - 1, &before)?;
    let added = round_store::set_current(conn, s.id, metadata)?;
    round_store::record(conn, s.id, round, metadata)?;
    Ok(added)
}

/// The revision as sent, checked: the response to the reviewers, the metadata by the rules
/// of the first submission, and the files (a revised manuscript among them); or every
/// problem beside its field.
fn checked_revision(
    revised: RevisedVersion,
    max_bytes: u64,
    abstract_word_limit: usize,
    fixes: bool,
) -> std::result::Result<CheckedRevision, FormErrors> {
    let mut errors = FormErrors::new();
    // After a technical return (`fixes`) the field says what was fixed, and no new
    // manuscript is needed (a missing declaration needs none).
    let response = if fixes {
        crate::domain::decision::check_note(
            &revised.response,
            "Say what you fixed: the editorial office reads it with the corrected manuscript.",
        )
    } else {
        check_response(&revised.response)
    }
    .map_err(|e| errors.add("response", e))
    .ok();
    let metadata = revised
        .metadata
        .check_for_revision(abstract_word_limit)
        .map_err(|e| errors.extend(e))
        .ok();
    let (checked, file_errors) = check_files(revised.uploads, max_bytes);
    if !fixes
        && !file_errors.has(FileRole::Manuscript.field())
        && !checked.iter().any(|f| f.role == FileRole::Manuscript)
    {
        errors.add(
            FileRole::Manuscript.field(),
            "Attach the revised manuscript (PDF or Word).",
        );
    }
    errors.extend(file_errors);
    match (response, metadata) {
        (Some(response), Some(metadata)) if errors.is_empty() => Ok(CheckedRevision {
            response,
            metadata,
            files: checked,
        }),
        _ => Err(errors),
    }
}

/// The authors hear that their revision arrived. The handling editor hears it with the
/// reviewers of the earlier rounds to invite again; when the editor stepped down meanwhile,
/// the revision gets one as a new submission would, in this same transaction.
fn tell_of_revision(
    conn: &mut DbConnection,
    s: &Submission,
    round: i32,
    site: &Site,
) -> Result<()> {
    let number = s.number_or_draft();
    let round_text = round.to_string();
    let editor = step::handling_editor(conn, s)?;
    let about = About::manuscript(number);
    let (link, site_name) = (step::author_link(site, s.id), site.name());
    let authors = author_recipients(conn, s)?;
    let reply_to = editor.as_ref().map(|e| e.email.as_str());
    about
        .reply_to(reply_to)
        .send_each(conn, "revision_received", &authors, |name| {
            RevisionReceived {
                name,
                manuscript_number: number,
                title: &s.title,
                round: &round_text,
                link: &link,
                site: &site_name,
            }
        })?;
    let Some(editor) = editor else {
        editorial::assign_handling_editor(conn, s.id, site)?;
        return Ok(());
    };
    let message = RevisionToEditor {
        name: &editor.name,
        manuscript_number: number,
        title: &s.title,
        round: &round_text,
        earlier_reviewers: &earlier_reviewers_listed(conn, s, round)?,
        link: &step::editorial_link(site, s.id),
        site: &site.name(),
    };
    about.send(conn, "revision_to_editor", &editor, &message)?;
    Ok(())
}

/// Those who reviewed an earlier round, a line each, for the editor's e-mail.
fn earlier_reviewers_listed(
    conn: &mut DbConnection,
    s: &Submission,
    round: i32,
) -> QueryResult<String> {
    let invitations = reviews_store::of_submission(conn, s.id)?;
    let mut names = Vec::new();
    for (reviewer_id, rounds) in crate::workflow::review::earlier_reviewers(&invitations, round) {
        if let Some(r) = accounts::find_person(conn, reviewer_id)? {
            names.push(format!("- {} ({rounds})", r.name));
        }
    }
    Ok(if names.is_empty() {
        "(none: no review was submitted in the earlier rounds)".to_owned()
    } else {
        names.join("\n")
    })
}

/// The authors' responses to the reviewers, by round, for those who may view the
/// submission.
pub fn responses_of(conn: &mut DbConnection, id: i64) -> QueryResult<Vec<RevisionResponse>> {
    store::responses_of(conn, id)
}

// ---- Appeals ----------------------------------------------------------------------------

/// Why the author cannot appeal now, or `None` when they can: the state machine's answer,
/// then the journal's rule of one appeal per submission.
fn appeal_refused(conn: &mut DbConnection, s: &Submission) -> QueryResult<Option<String>> {
    if let Some(a) = store::appeal_of(conn, s.id)? {
        let state_now = s.state();
        if state_now == SubmissionState::Rejected || state_now == SubmissionState::Appealed {
            let lodged = a.lodged_at.format("%-d %B %Y");
            return Ok(Some(format!(
                "This submission was already appealed on {lodged}. A submission can be appealed once."
            )));
        }
    }
    Ok(refused_to_author(s, Transition::Appeal))
}

/// The appeal page for the author.
pub struct AuthorAppeal {
    pub submission: Submission,
    pub appeal: Option<Appeal>,
    /// Why a new appeal is not possible, if it is not.
    pub refused: Option<String>,
}

/// The author's appeal page; `None` (a 404) for anyone but the submitter.
pub fn appeal_page(
    conn: &mut DbConnection,
    person_id: i64,
    id: i64,
) -> QueryResult<Option<AuthorAppeal>> {
    let Some(s) = submissions_store::find(conn, id)? else {
        return Ok(None);
    };
    if !submitter_may(conn, person_id, &s, SubmissionAction::View)? {
        return Ok(None);
    }
    let refused = appeal_refused(conn, &s)?;
    let appeal = store::appeal_of(conn, id)?;
    Ok(Some(AuthorAppeal {
        submission: s,
        appeal,
        refused,
    }))
}

/// Who could hear the appeal on `s`, each with their conflicts.
fn hearer_candidates(
    conn: &mut DbConnection,
    s: &Submission,
    journal_id: i64,
    site: &Site,
) -> QueryResult<(Vec<HearerCandidate>, Vec<HearerCandidate>)> {
    let settings = site.settings();
    // Whoever decided the rejection under appeal, and the handling editor, cannot hear it.
    let mut deciders: Vec<i64> = letters_store::of_submission(conn, s.id)?
        .into_iter()
        .filter(|l| l.round == s.current_round)
        .filter_map(|l| l.decided_by)
        .collect();
    deciders.extend(s.handling_editor_id);
    let mut pools = Vec::new();
    for role in [Role::EditorInChief, Role::BoardMember] {
        let mut pool = Vec::new();
        for p in editorial_store::people_with_role(conn, role, Some(journal_id), None)? {
            let conflicts = if p.id == s.submitter_id {
                vec!["submitted it".to_owned()]
            } else {
                crate::workflow::conflict::conflicts_of(conn, &p, s.id, &settings)?
                    .into_iter()
                    .filter(|f| f.strength == Strength::Confirmed)
                    .map(|f| f.reason)
                    .collect()
            };
            pool.push(HearerCandidate {
                person_id: p.id,
                decided_it: deciders.contains(&p.id),
                name: p.name,
                conflicts,
            });
        }
        pools.push(pool);
    }
    let board = pools.pop().unwrap_or_default();
    let chiefs = pools.pop().unwrap_or_default();
    Ok((chiefs, board))
}

/// The author appeals the rejection, once, with a statement. The appeal goes to the
/// editor-in-chief, or to a board member free of conflicts when the editor-in-chief has one.
pub fn lodge_appeal(
    conn: &mut DbConnection,
    person: &Person,
    id: i64,
    statement: &str,
    site: &Site,
) -> Result<StepOutcome> {
    let Some(AuthorAppeal {
        submission: s,
        refused,
        ..
    }) = appeal_page(conn, person.id, id)?
    else {
        return Ok(StepOutcome::NotFound);
    };
    if let Some(why) = refused {
        return Ok(StepOutcome::Refused(why));
    }
    if !submitter_may(conn, person.id, &s, SubmissionAction::Appeal)? {
        return Ok(StepOutcome::NotFound);
    }
    let statement = match check_statement(statement) {
        Ok(t) => t,
        Err(e) => {
            let mut errors = FormErrors::new();
            errors.add("statement", e);
            return Ok(StepOutcome::Invalid(errors));
        }
    };
    let from = s.state();
    let to = SubmissionState::Appealed;
    write_transaction(conn, |conn| -> Result<StepOutcome> {
        if !submissions_store::change_state(conn, s.id, from, to)? {
            let now_in = step::state_now(conn, s.id, from)?;
            return Ok(StepOutcome::Refused(moved_meanwhile(now_in)));
        }
        let (heard_by, explanation) = hearer_of(conn, &s, site)?;
        store::lodge(
            conn,
            &NewAppeal {
                submission_id: s.id,
                round: s.current_round,
                statement: &statement,
                lodged_by: person.id,
                heard_by,
                hearer_explanation: &explanation,
            },
        )?;
        step::move_on_timeline(
            conn,
            Some(person.id),
            s.id,
            Transition::Appeal.as_str(),
            (from, to),
            "",
        )?;
        // Who hears it and why is the editorial office's record, not the authors'.
        step::on_timeline(conn, None, s.id, "appeal_hearer_chosen", &explanation)?;
        let lodged = Lodged {
            statement: &statement,
            heard_by,
            explanation: &explanation,
        };
        tell_of_appeal(conn, &s, &lodged, site)?;
        Ok(StepOutcome::Done {
            to,
            round: s.current_round,
        })
    })
}

/// Who hears the appeal on `s` (nobody, when everyone who could is conflicted), and why.
fn hearer_of(
    conn: &mut DbConnection,
    s: &Submission,
    site: &Site,
) -> QueryResult<(Option<i64>, String)> {
    let journal_id =
        collections::find_collection(conn, s.collection_id)?.map_or(0, |c| c.journal_id);
    let (chiefs, board) = hearer_candidates(conn, s, journal_id, site)?;
    Ok(match choose_hearer(&chiefs, &board) {
        HearerChoice::Chosen {
            person_id,
            explanation,
        } => (Some(person_id), explanation),
        HearerChoice::Nobody { explanation } => (None, explanation),
    })
}

/// An appeal as lodged, for the e-mails it sends.
struct Lodged<'a> {
    statement: &'a str,
    heard_by: Option<i64>,
    explanation: &'a str,
}

/// The authors hear that the appeal was lodged; the person hearing it gets the statement.
fn tell_of_appeal(
    conn: &mut DbConnection,
    s: &Submission,
    lodged: &Lodged<'_>,
    site: &Site,
) -> Result<()> {
    let number = s.number_or_draft();
    let about = About::manuscript(number);
    let (link, site_name) = (step::author_link(site, s.id), site.name());
    let authors = author_recipients(conn, s)?;
    about.send_each(conn, "appeal_lodged", &authors, |name| AppealLodged {
        name,
        manuscript_number: number,
        title: &s.title,
        link: &link,
        site: &site_name,
    })?;
    if let Some(hearer_id) = lodged.heard_by
        && let Some(hearer) = accounts::find_person(conn, hearer_id)?
    {
        let message = AppealToHear {
            name: &hearer.name,
            manuscript_number: number,
            title: &s.title,
            statement: lodged.statement,
            explanation: lodged.explanation,
            link: &format!("{}/appeal", step::editorial_link(site, s.id)),
            site: &site.name(),
        };
        about.send(conn, "appeal_to_hear", &hearer, &message)?;
    }
    Ok(())
}

/// What the hearer's page shows.
pub struct Hearing {
    pub submission: Submission,
    pub appeal: Appeal,
    /// The decision letters of the round under appeal, as the authors received them.
    pub letters: Vec<crate::workflow::decision::LetterView>,
    /// Whether the outcome can still be recorded (the submission is under appeal).
    pub open: bool,
}

/// The hearing page for `person`; `None` (a 404) for anyone but the person hearing the
/// appeal (and the editor-in-chief, who may read it).
pub fn hearing(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    id: i64,
    site: &Site,
) -> QueryResult<Option<Hearing>> {
    let asker = Asker::new(person, roles, site);
    let Some(a) = asker.access_for(conn, id, SubmissionAction::ViewEditorial)? else {
        return Ok(None);
    };
    let Some(appeal) = store::appeal_of(conn, id)? else {
        return Ok(None);
    };
    let open = a.may(SubmissionAction::HearAppeal);
    let round = appeal.round;
    Ok(Some(Hearing {
        letters: crate::workflow::decision::letters_for_author(conn, id)?
            .into_iter()
            .filter(|l| l.row.round == round)
            .collect(),
        submission: a.submission,
        appeal,
        open,
    }))
}

/// The hearer records the outcome: the rejection upheld, or the submission back to review
/// in a new round. The authors and the handling editor are told, with the reasons.
pub fn hear_appeal(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    id: i64,
    outcome: Option<AppealOutcome>,
    reason: &str,
    site: &Site,
) -> Result<StepOutcome> {
    let asker = Asker::new(person, roles, site);
    let Some(a) = asker.access_for(conn, id, SubmissionAction::ViewEditorial)? else {
        return Ok(StepOutcome::NotFound);
    };
    let s = a.submission.clone();
    if !a.may(SubmissionAction::HearAppeal) {
        return Ok(if store::hearer_of(conn, id)? == Some(person.id) {
            StepOutcome::Refused(moved_meanwhile(s.state()))
        } else {
            StepOutcome::NotFound
        });
    }
    let (outcome, reason) = match checked_hearing(outcome, reason) {
        Ok(checked) => checked,
        Err(errors) => return Ok(StepOutcome::Invalid(errors)),
    };
    let from = s.state();
    let to = match submission_state::next(from, outcome.transition()) {
        Ok(to) => to,
        Err(refused) => return Ok(StepOutcome::Refused(refused.to_string())),
    };
    write_transaction(conn, |conn| -> Result<StepOutcome> {
        if !submissions_store::change_state(conn, s.id, from, to)?
            || !store::record_outcome(conn, s.id, outcome.as_str(), &reason)?
        {
            let now_in = step::state_now(conn, s.id, from)?;
            return Ok(StepOutcome::Refused(moved_meanwhile(now_in)));
        }
        let mut round = s.current_round;
        if submission_state::starts_new_round(outcome.transition()) {
            if !store::open_next_round(conn, s.id, round)? {
                return Ok(StepOutcome::Refused(moved_meanwhile(from)));
            }
            round += 1;
        }
        step::move_on_timeline(
            conn,
            Some(person.id),
            s.id,
            outcome.transition().as_str(),
            (from, to),
            &reason,
        )?;
        let heard = Heard {
            hearer: person,
            outcome,
            reason: &reason,
            round,
        };
        tell_of_hearing(conn, &s, &heard, site)?;
        // Back to review with nobody to handle it (the editor stepped down meanwhile).
        if outcome == AppealOutcome::Overturned && s.handling_editor_id.is_none() {
            editorial::assign_handling_editor(conn, s.id, site)?;
        }
        Ok(StepOutcome::Done { to, round })
    })
}

/// The hearer's form checked: an outcome chosen, and its reason; or the problems.
fn checked_hearing(
    outcome: Option<AppealOutcome>,
    reason: &str,
) -> std::result::Result<(AppealOutcome, String), FormErrors> {
    let mut errors = FormErrors::new();
    if outcome.is_none() {
        errors.add(
            "outcome",
            "Choose whether the rejection is upheld or the appeal allowed.",
        );
    }
    let reason = check_outcome_reason(reason)
        .map_err(|e| errors.add("reason", e))
        .ok();
    match (outcome, reason) {
        (Some(outcome), Some(reason)) => Ok((outcome, reason)),
        _ => Err(errors),
    }
}

/// An appeal as heard, for the e-mails it sends.
struct Heard<'a> {
    hearer: &'a Person,
    outcome: AppealOutcome,
    reason: &'a str,
    /// The round the submission is in now (a new one when the appeal was allowed).
    round: i32,
}

/// The authors and the handling editor (unless they heard it themselves) hear the outcome,
/// its reason and what happens next.
fn tell_of_hearing(
    conn: &mut DbConnection,
    s: &Submission,
    heard: &Heard<'_>,
    site: &Site,
) -> Result<()> {
    let next_step = match heard.outcome {
        AppealOutcome::Upheld => {
            "The rejection stands. A submission can be appealed once, so this decision is final."
                .to_owned()
        }
        AppealOutcome::Overturned => format!(
            "The manuscript goes back to peer review in round {}; the handling editor will invite reviewers.",
            heard.round
        ),
    };
    let mut told: Vec<(Addressee, String)> = author_recipients(conn, s)?
        .into_iter()
        .map(|to| (to, step::author_link(site, s.id)))
        .collect();
    if let Some(editor) = step::handling_editor(conn, s)?
        && editor.id != heard.hearer.id
    {
        told.push(((&editor).into(), step::editorial_link(site, s.id)));
    }
    let number = s.number_or_draft();
    for (to, link) in told {
        let message = AppealDecided {
            name: &to.name,
            manuscript_number: number,
            title: &s.title,
            outcome: heard.outcome.label(),
            reason: heard.reason,
            next_step: &next_step,
            link: &link,
            site: &site.name(),
        };
        About::manuscript(number).send(conn, "appeal_decided", &to, &message)?;
    }
    Ok(())
}
