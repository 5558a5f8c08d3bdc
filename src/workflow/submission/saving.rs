//! Saving a draft and submitting it: which submission a form is about, the collection's
//! rules checked, the files stored before anything points at them, then one transaction
//! that writes the draft (or submits it, with the receipts and the choice of handling
//! editor).

use std::sync::Arc;

use chrono::Datelike;

use crate::config::Config;
use crate::db::accounts::Person;
use crate::db::collections::{self, Collection};
use crate::db::guard::{self, ReadAt};
use crate::db::submissions::{self as store, Submission};
use crate::db::{Database, DbConnection, now};
use crate::domain::FormErrors;
use crate::domain::person_name::join_names;
use crate::domain::submission::{CollectionRules, SubmissionInput, ValidAuthor};
use crate::domain::submission_state::{self, SubmissionState, Transition};
use crate::mail::messages::{CoAuthorListed, SubmissionReceived};
use crate::storage::{FileStore, StoredFile};
use crate::workflow::authorship;
use crate::workflow::step::{self, About};

use super::files::{CheckedFile, FileRole, FileUpload, attach_files, check_files, store_files};
use super::keeping::{Form, Kept, keep_checked};
use super::{Abort, Office};

/// Which submission a form is about.
#[derive(Debug, Clone)]
pub enum Target {
    /// A new form; its key makes a resent form find what the first one made.
    New { idempotency_key: Option<String> },
    /// A saved draft.
    Draft(i64),
}

/// What the author asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    SaveDraft,
    /// Saved and checked as for a submission, not submitted: the author reviews it first.
    Review,
    Submit,
}

/// The outcome of saving or submitting.
#[derive(Debug)]
pub enum Outcome {
    /// The draft was saved (created if new).
    Saved(i64),
    /// Saved, and it passes every check: ready for the author to review and submit.
    ReadyToSubmit(i64),
    /// Submitted now, with this number.
    Submitted { id: i64, number: String },
    /// This form was already sent and made this submission (a double click, a resent form).
    AlreadySubmitted(i64),
    /// Nothing of the form was saved; every problem is tied to its field. The files that
    /// passed the content check were kept with the draft all the same (made now if the
    /// form had none), when there was one to keep them with.
    Invalid {
        errors: FormErrors,
        kept: Option<Kept>,
    },
    /// Not this person's draft (or no such draft): answered as a missing page.
    NotFound,
    /// The draft was saved from another tab after this form was read, and differs from
    /// it in `parts`: nothing was written. `saved_at` is the newer version's.
    ChangedMeanwhile {
        parts: Vec<&'static str>,
        saved_at: chrono::NaiveDateTime,
    },
}

/// Everything a save or a submit needs.
pub struct DraftRequest {
    pub submitter: Person,
    pub collection_id: Option<i64>,
    pub target: Target,
    pub intent: Intent,
    pub input: SubmissionInput,
    pub uploads: Vec<FileUpload>,
    /// The draft's version when the form was read (`db::guard`); `None` when the form did
    /// not say.
    pub read_at: Option<ReadAt>,
}

/// The rules of `collection` as the submission check needs them, with the reason it is
/// closed (if it is) in the collection's own words.
fn closed_message(c: &Collection, today: chrono::NaiveDate) -> String {
    if today < c.opens_on {
        format!(
            "“{}” opens for submissions on {}.",
            c.title,
            c.opens_on.format("%-d %B %Y")
        )
    } else {
        match c.closes_on {
            Some(closed) => format!(
                "“{}” closed to submissions on {}; it no longer accepts new manuscripts.",
                c.title,
                closed.format("%-d %B %Y")
            ),
            None => format!("“{}” is not accepting submissions.", c.title),
        }
    }
}

/// Saves a draft or submits it. On a refusal nothing of the form is saved; only the files
/// that passed the content check are kept with its draft (`keeping`).
pub async fn save_or_submit(
    db: &Database,
    files: &Arc<FileStore>,
    config: &Config,
    req: DraftRequest,
) -> anyhow::Result<Outcome> {
    let files = Arc::clone(files);
    let max_bytes = config.max_upload_bytes;
    let office = Office::of(config);
    db.run(move |conn: &mut DbConnection| -> anyhow::Result<Outcome> {
        let mut req = req;
        // Which submission: an existing draft, or what this form already made.
        let existing = match existing_of(conn, &req)? {
            Ok(existing) => existing,
            Err(outcome) => return Ok(outcome),
        };
        let uploads = check_files(std::mem::take(&mut req.uploads), max_bytes);
        let checked = match checked(conn, &req, existing.as_ref(), uploads)? {
            Ok(checked) => checked,
            Err((errors, good_files)) => {
                return invalid(conn, &files, &req, errors, &good_files);
            }
        };
        // Files first, fully on disk, so no committed row ever points at a missing file.
        let stored = store_files(&files, &checked.files)?;
        let write = Write {
            req: &req,
            existing: existing.as_ref(),
            checked: &checked,
            stored: &stored,
        };
        let result = crate::db::write_transaction(conn, |conn| write.run(conn, &office));
        settle(conn, &req, result)
    })
    .await
}

/// The submission a form is about when it exists already: the person's draft, or what
/// this form made when it was sent before. Answers "not found" for anyone else's, and
/// "already submitted" when it is no longer a draft.
fn existing_of(
    conn: &mut DbConnection,
    req: &DraftRequest,
) -> diesel::QueryResult<Result<Option<Submission>, Outcome>> {
    let existing = match &req.target {
        Target::Draft(id) => match store::find(conn, *id)? {
            Some(s) if s.submitter_id == req.submitter.id => Some(s),
            _ => return Ok(Err(Outcome::NotFound)),
        },
        Target::New {
            idempotency_key: Some(key),
        } => match store::find_by_idempotency_key(conn, key)? {
            Some(s) if s.submitter_id == req.submitter.id => Some(s),
            Some(_) => return Ok(Err(Outcome::NotFound)),
            None => None,
        },
        Target::New {
            idempotency_key: None,
        } => None,
    };
    if let Some(s) = &existing
        && s.state() != SubmissionState::Draft
    {
        return Ok(Err(Outcome::AlreadySubmitted(s.id)));
    }
    Ok(Ok(existing))
}

/// A form that passed every check.
struct Checked {
    collection: Collection,
    files: Vec<CheckedFile>,
    /// The authors as checked for a submission (none for a draft save).
    authors: Vec<ValidAuthor>,
}

/// A form refused: nothing of it is saved, but the files that passed the content check
/// are kept with its draft (`keeping`), so the form shown again lists them as attached.
fn invalid(
    conn: &mut DbConnection,
    files: &FileStore,
    req: &DraftRequest,
    mut errors: FormErrors,
    good_files: &[CheckedFile],
) -> anyhow::Result<Outcome> {
    let form = Form {
        submitter: &req.submitter,
        collection_id: req.collection_id,
        target: &req.target,
        input: &req.input,
    };
    let kept = match keep_checked(conn, files, &form, good_files)? {
        Ok(kept) => kept,
        Err(more) => {
            errors.extend(more);
            None
        }
    };
    Ok(Outcome::Invalid { errors, kept })
}

/// A refused form's messages, and the files of it that passed the content check.
type Refused = (FormErrors, Vec<CheckedFile>);

/// Checks the form: a collection chosen, the files' bytes (already read: `uploads`), and,
/// to submit, the collection's rules. Every problem is tied to its field.
fn checked(
    conn: &mut DbConnection,
    req: &DraftRequest,
    existing: Option<&Submission>,
    uploads: (Vec<CheckedFile>, FormErrors),
) -> diesel::QueryResult<Result<Checked, Refused>> {
    let mut errors = FormErrors::new();
    let (files, file_errors) = uploads;
    let collection = match req.collection_id {
        Some(id) => collections::find_collection(conn, id)?,
        None => None,
    };
    let Some(collection) = collection else {
        errors.add("collection", "Choose the collection you are submitting to.");
        errors.extend(file_errors);
        return Ok(Err((errors, files)));
    };
    let mut authors = Vec::new();
    if req.intent != Intent::SaveDraft {
        let has_manuscript = files.iter().any(|f| f.role == FileRole::Manuscript)
            || match existing {
                Some(s) => store::files_of(conn, s.id)?
                    .iter()
                    .any(|f| f.round == s.current_round && f.role == store::MANUSCRIPT),
                None => false,
            };
        // A manuscript refused for its type or size gets its own message, not "attach".
        let manuscript_refused = file_errors.has(FileRole::Manuscript.field());
        let rules_check = rules_check(
            conn,
            &req.input,
            &collection,
            has_manuscript || manuscript_refused,
        )?;
        match rules_check {
            Ok(valid) => authors = valid,
            Err(e) => errors.extend(e),
        }
    }
    errors.extend(file_errors);
    if !errors.is_empty() {
        return Ok(Err((errors, files)));
    }
    Ok(Ok(Checked {
        collection,
        files,
        authors,
    }))
}

/// The form checked against the collection's rules for a submission: open now, an
/// accepted article type, its topics, the abstract's length, a manuscript, the authors.
fn rules_check(
    conn: &mut DbConnection,
    input: &SubmissionInput,
    collection: &Collection,
    has_manuscript: bool,
) -> diesel::QueryResult<Result<Vec<ValidAuthor>, FormErrors>> {
    let accepted_types = collections::article_types_of(conn, collection.id)?;
    let topics = collections::topics_of(conn, collection.id)?;
    let checklist = collections::checklist_of(conn, collection.id)?;
    let today = now().date();
    let rules = CollectionRules {
        open_now: collection.is_open_on(today),
        closed_message: closed_message(collection, today),
        accepted_types: &accepted_types,
        article_type_policy: &collection.article_type_policy,
        topics: &topics,
        abstract_word_limit: collection.abstract_word_limit.max(1) as usize,
        checklist: &checklist,
    };
    Ok(input.check_for_submission(&rules, has_manuscript))
}

/// What still stops a saved draft from being submitted, as the review page says it before
/// the final Submit (the collection may have closed since it was checked); empty when
/// nothing does.
pub fn still_missing(
    conn: &mut DbConnection,
    collection: &Collection,
    input: &SubmissionInput,
    files: &[store::SubmissionFile],
) -> diesel::QueryResult<FormErrors> {
    let has_manuscript = files.iter().any(|f| f.role == store::MANUSCRIPT);
    Ok(rules_check(conn, input, collection, has_manuscript)?
        .err()
        .unwrap_or_default())
}

/// The transaction's part of a save or a submit: what it writes, once checked.
struct Write<'a> {
    req: &'a DraftRequest,
    existing: Option<&'a Submission>,
    checked: &'a Checked,
    stored: &'a [(&'a CheckedFile, StoredFile)],
}

impl Write<'_> {
    /// Writes the draft and its files; to submit, also the submission itself, the receipts
    /// and the choice of handling editor, all in this one transaction.
    fn run(&self, conn: &mut DbConnection, office: &Office) -> Result<Outcome, Abort> {
        let submitter = &self.req.submitter;
        let id = match self.existing {
            Some(s) => self.update_draft(conn, s)?,
            None => self.new_draft(conn)?,
        };
        let round = self.existing.map_or(1, |s| s.current_round);
        attach_files(conn, id, round, submitter.id, self.stored)?;
        match self.req.intent {
            Intent::SaveDraft => return Ok(Outcome::Saved(id)),
            Intent::Review => return Ok(Outcome::ReadyToSubmit(id)),
            Intent::Submit => {}
        }
        let collection = &self.checked.collection;
        let Some(number) = record_submission(conn, id, collection, submitter.id)? else {
            return Err(Abort::AlreadySubmitted(id));
        };
        self.tell_of_submission(conn, id, &number, office)?;
        // The handling editor is chosen in the same transaction, so the conflict
        // check sees exactly what the assignment is written against.
        crate::workflow::editorial::assign_handling_editor(conn, id, &office.site)?;
        Ok(Outcome::Submitted { id, number })
    }

    /// Saves the form over an existing draft. Held, then read again: was it saved from
    /// another tab since the form was read? Then nothing is written, unless it already says
    /// exactly what this form says (a repeated press).
    fn update_draft(&self, conn: &mut DbConnection, s: &Submission) -> Result<i64, Abort> {
        let req = self.req;
        guard::lock_submission(conn, s.id)?;
        if let (Target::Draft(_), Some(read)) = (&req.target, req.read_at)
            && let Some(now) = store::find(conn, s.id)?
            && now.state() == SubmissionState::Draft
            && !read.is_current(Some(now.updated_at))
        {
            let parts = req.input.differing_parts(&store::load_input(conn, &now)?);
            let attached = store::files_of(conn, s.id)?;
            let new_file = self
                .stored
                .iter()
                .any(|(_, f)| !attached.iter().any(|a| a.sha256 == f.sha256));
            if !parts.is_empty() || new_file {
                return Err(Abort::ChangedMeanwhile {
                    parts,
                    saved_at: now.updated_at,
                });
            }
        }
        // Claims the draft (a row lock on PostgreSQL, the write lock on SQLite)
        // before changing it, so a second submit waits and then sees it is gone.
        if !store::touch_draft(conn, s.id)? {
            return Err(Abort::AlreadySubmitted(s.id));
        }
        store::save_content(conn, s.id, self.checked.collection.id, &req.input)?;
        Ok(s.id)
    }

    /// A new draft, under the form's idempotency key when it has one.
    fn new_draft(&self, conn: &mut DbConnection) -> Result<i64, Abort> {
        let req = self.req;
        let key = match &req.target {
            Target::New { idempotency_key } => idempotency_key.as_deref(),
            Target::Draft(_) => None,
        };
        let collection_id = self.checked.collection.id;
        match store::insert_draft(conn, collection_id, req.submitter.id, key, &req.input) {
            Ok(id) => Ok(id),
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => Err(Abort::KeyTaken),
            Err(e) => Err(e.into()),
        }
    }

    /// The receipt to the corresponding author (and to a submitter who is not among the
    /// authors), and to every co-author the news that they are listed; everyone listed but
    /// the one who submitted it is asked, in the same e-mail, to confirm their authorship.
    fn tell_of_submission(
        &self,
        conn: &mut DbConnection,
        id: i64,
        number: &str,
        office: &Office,
    ) -> Result<(), Abort> {
        let (submitter, collection) = (&self.req.submitter, &self.checked.collection);
        let journal = collections::find_journal(conn, collection.journal_id)?
            .map(|j| j.name)
            .unwrap_or_default();
        let names: Vec<&str> = self
            .checked
            .authors
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        let author_list = join_names(&names);
        let link = format!("{}/submissions/{id}", office.site.base_url);
        let site = office.site.name();
        // The receipt, addressed below to each who gets it.
        let received = SubmissionReceived {
            name: "",
            manuscript_number: number,
            title: self.req.input.title.trim(),
            collection: &collection.title,
            journal: &journal,
            authors: &author_list,
            link: &link,
            confirm_link: "",
            link_expires_on: "",
            site: &site,
        };
        let stored_authors = store::authors_of(conn, id)?;
        let corresponding = stored_authors.iter().find(|a| a.is_corresponding);
        let corresponding_name = corresponding.map_or("", |a| a.name.as_str());
        let about = About::manuscript(number).reply_to(Some(&office.address));
        for a in &stored_authors {
            // Everyone listed but the one who submitted it is asked to confirm.
            let link = authorship::ask_unless_submitter(conn, id, a, submitter, &office.site)?;
            let (confirm_link, link_expires_on) = authorship::Link::parts(link.as_ref());
            if a.is_corresponding {
                let message = SubmissionReceived {
                    name: &a.name,
                    confirm_link,
                    link_expires_on,
                    ..received
                };
                about.send(conn, "submission_received", a, &message)?;
            } else {
                let message = CoAuthorListed {
                    name: &a.name,
                    manuscript_number: number,
                    title: received.title,
                    collection: &collection.title,
                    journal: &journal,
                    submitter: &submitter.name,
                    corresponding: corresponding_name,
                    authors: &author_list,
                    office_address: &office.address,
                    confirm_link,
                    link_expires_on,
                    site: &site,
                };
                about.send(conn, "co_author_listed", a, &message)?;
            }
        }
        // Someone submitting for others still gets the receipt.
        if !stored_authors
            .iter()
            .any(|a| a.email.eq_ignore_ascii_case(&submitter.email))
        {
            let message = SubmissionReceived {
                name: &submitter.name,
                ..received
            };
            about.send(conn, "submission_received", submitter, &message)?;
        }
        Ok(())
    }
}

/// What a transaction that wrote nothing answers: someone else's change won, or the form
/// is out of date.
fn settle(
    conn: &mut DbConnection,
    req: &DraftRequest,
    result: Result<Outcome, Abort>,
) -> anyhow::Result<Outcome> {
    match result {
        Ok(outcome) => Ok(outcome),
        Err(Abort::AlreadySubmitted(id)) => Ok(Outcome::AlreadySubmitted(id)),
        Err(Abort::KeyTaken) => {
            // The same form won a moment ago in another request: show what it made.
            let key = match &req.target {
                Target::New { idempotency_key } => idempotency_key.clone(),
                Target::Draft(_) => None,
            };
            match key.map(|k| store::find_by_idempotency_key(conn, &k)) {
                Some(Ok(Some(s))) if s.submitter_id == req.submitter.id => {
                    Ok(if s.state() == SubmissionState::Draft {
                        Outcome::Saved(s.id)
                    } else {
                        Outcome::AlreadySubmitted(s.id)
                    })
                }
                Some(Err(e)) => Err(e.into()),
                _ => Ok(Outcome::NotFound),
            }
        }
        Err(Abort::ChangedMeanwhile { parts, saved_at }) => {
            Ok(Outcome::ChangedMeanwhile { parts, saved_at })
        }
        Err(Abort::Db(e)) => Err(e.into()),
        Err(Abort::Mail(e)) => Err(e.into()),
    }
}

/// Moves a draft to `submitted` within the caller's transaction: the state (only if it is
/// still a draft), its manuscript number, the submission time, the authors linked to the
/// people who own their addresses, and the timeline event. `None` when it was no longer a
/// draft (another request submitted it first). E-mails and the choice of handling editor
/// are the caller's next steps.
pub fn record_submission(
    conn: &mut DbConnection,
    id: i64,
    collection: &Collection,
    submitter_id: i64,
) -> diesel::QueryResult<Option<String>> {
    let from = SubmissionState::Draft;
    let Ok(to) = submission_state::next(from, Transition::Submit) else {
        return Ok(None);
    };
    if !store::change_state(conn, id, from, to)? {
        return Ok(None);
    }
    let number = store::take_manuscript_number(
        conn,
        collection.id,
        &collection.manuscript_prefix,
        now().year(),
    )?;
    store::set_submitted(conn, id, &number)?;
    store::link_authors_to_people(conn, id)?;
    step::move_on_timeline(
        conn,
        Some(submitter_id),
        id,
        Transition::Submit.as_str(),
        (from, to),
        "",
    )?;
    Ok(Some(number))
}
