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
use crate::db::events::{self, NewEvent, Subject};
use crate::db::reviews as reviews_store;
use crate::db::rounds::{self as store, Appeal, NewAppeal, RevisionResponse};
use crate::db::submissions::{self as submissions_store, NewFile, Submission};
use crate::db::{DbConnection, write_transaction};
use crate::domain::FormErrors;
use crate::domain::appeal::{
    AppealOutcome, HearerCandidate, HearerChoice, check_outcome_reason, check_response,
    check_statement, choose_hearer,
};
use crate::domain::conflicts::Strength;
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::domain::role::Role;
use crate::domain::submission_state::{self, SubmissionState, Transition};
use crate::mail::messages::{
    AppealDecided, AppealLodged, AppealToHear, MailMessage, RevisionReceived, RevisionToEditor,
};
use crate::mail::{self, Envelope};
use crate::storage::FileStore;
use crate::workflow::editorial::{self, EditorialError};
use crate::workflow::submission::{FileRole, FileUpload, check_files, submitter_may};

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
/// told about the authors' own steps. (person id, name, address), each address once.
fn author_recipients(
    conn: &mut DbConnection,
    s: &Submission,
) -> QueryResult<Vec<(Option<i64>, String, String)>> {
    let mut out: Vec<(Option<i64>, String, String)> = Vec::new();
    if let Some(a) = submissions_store::authors_of(conn, s.id)?
        .into_iter()
        .find(|a| a.is_corresponding)
    {
        out.push((a.person_id, a.name, a.email));
    }
    if let Some(p) = accounts::find_person(conn, s.submitter_id)?
        && !out.iter().any(|(_, _, e)| e.eq_ignore_ascii_case(&p.email))
    {
        out.push((Some(p.id), p.name, p.email));
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
    pub uploads: Vec<FileUpload>,
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
    let refused = refused_to_author(&s, Transition::Resubmit);
    Ok(Some((s, refused)))
}

/// The author sends a revised version: new files (a manuscript is required) and a response
/// to the reviewers. A new round starts; the handling editor is told, with the reviewers
/// of the earlier rounds to invite again (or one is assigned, if the submission has none).
pub fn resubmit(
    conn: &mut DbConnection,
    files: &FileStore,
    max_bytes: u64,
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
    let mut errors = FormErrors::new();
    let response = check_response(&revised.response)
        .map_err(|e| errors.add("response", e))
        .ok();
    let (checked, file_errors) = check_files(revised.uploads, max_bytes);
    if !file_errors.has(FileRole::Manuscript.field())
        && !checked.iter().any(|f| f.role == FileRole::Manuscript)
    {
        errors.add(
            FileRole::Manuscript.field(),
            "Attach the revised manuscript (PDF or Word).",
        );
    }
    errors.extend(file_errors);
    let Some(response) = response.filter(|_| errors.is_empty()) else {
        return Ok(StepOutcome::Invalid(errors));
    };
    // Files first, fully on disk, so no committed row points at a missing file.
    let mut stored = Vec::new();
    for f in &checked {
        stored.push((f, files.put(&f.bytes)?));
    }
    let from = s.state();
    let outcome = write_transaction(conn, |conn| -> Result<StepOutcome> {
        let to = SubmissionState::Submitted;
        if !submissions_store::change_state(conn, s.id, from, to)?
            || !store::open_next_round(conn, s.id, s.current_round)?
        {
            let now_in = submissions_store::find(conn, s.id)?.map_or(from, |s| s.state());
            return Ok(StepOutcome::Refused(moved_meanwhile(now_in)));
        }
        let round = s.current_round + 1;
        for (f, file) in &stored {
            let file_id = submissions_store::add_file(
                conn,
                s.id,
                round,
                person.id,
                &NewFile {
                    role: f.role.as_str(),
                    sha256: &file.sha256,
                    size_bytes: file.size as i64,
                    content_type: f.kind.content_type(),
                    original_name: &f.original_name,
                },
            )?;
            // Read once here: under double-blind review the author and the editor are warned.
            submissions_store::record_document_authors(
                conn,
                file_id,
                &crate::storage::document_authors(&f.bytes),
            )?;
        }
        store::record_response(conn, s.id, round, &response, person.id)?;
        events::record(
            conn,
            NewEvent {
                actor_id: Some(person.id),
                subject: Subject::Submission(s.id),
                kind: Transition::Resubmit.as_str(),
                from_state: Some(from.as_str()),
                to_state: Some(to.as_str()),
                note: &format!("Round {round}"),
            },
        )?;
        let number = s.number_or_draft().to_owned();
        let round_text = round.to_string();
        let author_link = format!("{}/submissions/{}", site.base_url, s.id);
        let editor = match s.handling_editor_id {
            Some(editor_id) => accounts::find_person(conn, editor_id)?,
            None => None,
        };
        for (person_id, name, address) in author_recipients(conn, &s)? {
            let email = RevisionReceived {
                name: &name,
                manuscript_number: &number,
                title: &s.title,
                round: &round_text,
                link: &author_link,
                site: &site.name(),
            }
            .to_email(&name, &address)?;
            mail::queue(
                conn,
                &email,
                Envelope {
                    reply_to: editor.as_ref().map(|e| e.email.as_str()),
                    thread_key: Some(&number),
                    ..Envelope::new("revision_received", person_id)
                },
            )?;
        }
        match editor {
            Some(editor) => {
                let invitations = reviews_store::of_submission(conn, s.id)?;
                let mut names = Vec::new();
                for (reviewer_id, rounds) in
                    crate::workflow::review::earlier_reviewers(&invitations, round)
                {
                    if let Some(r) = accounts::find_person(conn, reviewer_id)? {
                        names.push(format!("- {} ({rounds})", r.name));
                    }
                }
                let earlier = if names.is_empty() {
                    "(none: no review was submitted in the earlier rounds)".to_owned()
                } else {
                    names.join("\n")
                };
                let email = RevisionToEditor {
                    name: &editor.name,
                    manuscript_number: &number,
                    title: &s.title,
                    round: &round_text,
                    earlier_reviewers: &earlier,
                    link: &format!("{}/editorial/submissions/{}", site.base_url, s.id),
                    site: &site.name(),
                }
                .to_email(&editor.name, &editor.email)?;
                mail::queue(
                    conn,
                    &email,
                    Envelope {
                        thread_key: Some(&number),
                        ..Envelope::new("revision_to_editor", Some(editor.id))
                    },
                )?;
            }
            // The editor stepped down meanwhile: the revision gets one as a new
            // submission would, in this same transaction.
            None => {
                editorial::assign_handling_editor(conn, s.id, site)?;
            }
        }
        Ok(StepOutcome::Done { to, round })
    })?;
    Ok(outcome)
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
            let now_in = submissions_store::find(conn, s.id)?.map_or(from, |s| s.state());
            return Ok(StepOutcome::Refused(moved_meanwhile(now_in)));
        }
        let journal_id =
            collections::find_collection(conn, s.collection_id)?.map_or(0, |c| c.journal_id);
        let (chiefs, board) = hearer_candidates(conn, &s, journal_id, site)?;
        let choice = choose_hearer(&chiefs, &board);
        let (heard_by, explanation) = match &choice {
            HearerChoice::Chosen {
                person_id,
                explanation,
            } => (Some(*person_id), explanation.clone()),
            HearerChoice::Nobody { explanation } => (None, explanation.clone()),
        };
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
        events::record(
            conn,
            NewEvent {
                actor_id: Some(person.id),
                subject: Subject::Submission(s.id),
                kind: Transition::Appeal.as_str(),
                from_state: Some(from.as_str()),
                to_state: Some(to.as_str()),
                note: "",
            },
        )?;
        // Who hears it and why is the editorial office's record, not the authors'.
        events::record(
            conn,
            NewEvent::new(
                None,
                Subject::Submission(s.id),
                "appeal_hearer_chosen",
                &explanation,
            ),
        )?;
        let number = s.number_or_draft().to_owned();
        for (person_id, name, address) in author_recipients(conn, &s)? {
            let email = AppealLodged {
                name: &name,
                manuscript_number: &number,
                title: &s.title,
                link: &format!("{}/submissions/{}", site.base_url, s.id),
                site: &site.name(),
            }
            .to_email(&name, &address)?;
            mail::queue(
                conn,
                &email,
                Envelope {
                    thread_key: Some(&number),
                    ..Envelope::new("appeal_lodged", person_id)
                },
            )?;
        }
        if let Some(hearer_id) = heard_by
            && let Some(hearer) = accounts::find_person(conn, hearer_id)?
        {
            let email = AppealToHear {
                name: &hearer.name,
                manuscript_number: &number,
                title: &s.title,
                statement: &statement,
                explanation: &explanation,
                link: &format!("{}/editorial/submissions/{}/appeal", site.base_url, s.id),
                site: &site.name(),
            }
            .to_email(&hearer.name, &hearer.email)?;
            mail::queue(
                conn,
                &email,
                Envelope {
                    thread_key: Some(&number),
                    ..Envelope::new("appeal_to_hear", Some(hearer.id))
                },
            )?;
        }
        Ok(StepOutcome::Done {
            to,
            round: s.current_round,
        })
    })
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
    let Some(a) = editorial::access_for(
        conn,
        person,
        roles,
        id,
        &site.settings(),
        SubmissionAction::ViewEditorial,
    )?
    else {
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
    let Some(a) = editorial::access_for(
        conn,
        person,
        roles,
        id,
        &site.settings(),
        SubmissionAction::ViewEditorial,
    )?
    else {
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
    let (Some(outcome), Some(reason)) = (outcome, reason) else {
        return Ok(StepOutcome::Invalid(errors));
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
            let now_in = submissions_store::find(conn, s.id)?.map_or(from, |s| s.state());
            return Ok(StepOutcome::Refused(moved_meanwhile(now_in)));
        }
        let mut round = s.current_round;
        if submission_state::starts_new_round(outcome.transition()) {
            if !store::open_next_round(conn, s.id, round)? {
                return Ok(StepOutcome::Refused(moved_meanwhile(from)));
            }
            round += 1;
        }
        events::record(
            conn,
            NewEvent {
                actor_id: Some(person.id),
                subject: Subject::Submission(s.id),
                kind: outcome.transition().as_str(),
                from_state: Some(from.as_str()),
                to_state: Some(to.as_str()),
                note: &reason,
            },
        )?;
        let number = s.number_or_draft().to_owned();
        let next_step = match outcome {
            AppealOutcome::Upheld => {
                "The rejection stands. A submission can be appealed once, so this decision is final."
                    .to_owned()
            }
            AppealOutcome::Overturned => format!(
                "The manuscript goes back to peer review in round {round}; the handling editor will invite reviewers."
            ),
        };
        let mut told: Vec<(Option<i64>, String, String, String)> = author_recipients(conn, &s)?
            .into_iter()
            .map(|(id, name, address)| {
                (
                    id,
                    name,
                    address,
                    format!("{}/submissions/{}", site.base_url, s.id),
                )
            })
            .collect();
        if let Some(editor_id) = s.handling_editor_id
            && let Some(editor) = accounts::find_person(conn, editor_id)?
            && editor.id != person.id
        {
            told.push((
                Some(editor.id),
                editor.name,
                editor.email,
                format!("{}/editorial/submissions/{}", site.base_url, s.id),
            ));
        }
        for (person_id, name, address, link) in told {
            let email = AppealDecided {
                name: &name,
                manuscript_number: &number,
                title: &s.title,
                outcome: outcome.label(),
                reason: &reason,
                next_step: &next_step,
                link: &link,
                site: &site.name(),
            }
            .to_email(&name, &address)?;
            mail::queue(
                conn,
                &email,
                Envelope {
                    thread_key: Some(&number),
                    ..Envelope::new("appeal_decided", person_id)
                },
            )?;
        }
        // Back to review with nobody to handle it (the editor stepped down meanwhile).
        if outcome == AppealOutcome::Overturned && s.handling_editor_id.is_none() {
            editorial::assign_handling_editor(conn, s.id, site)?;
        }
        Ok(StepOutcome::Done { to, round })
    })
}
