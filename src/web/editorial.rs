//! The editors' pages: the editorial queue (what you handle; for an editor-in-chief, what
//! needs an editor and what is open, with the reason each editor was chosen), a
//! submission's editorial page, and "I have a competing interest".

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::manuscript::Manuscript;
use super::session;
use super::{AppError, Chrome, Ctx, LazyCtx, Viewer, render, render_with, see_other};
use crate::db::DbConnection;
use crate::db::accounts as people_store;
use crate::db::editorial::{self as store, Assignment};
use crate::db::{collections, events};
use crate::domain::FormErrors;
use crate::domain::permissions::{Action, SubmissionAction};
use crate::domain::statistics::thousands;
use crate::domain::submission_state::SubmissionState;
use crate::workflow::editorial::{
    self, CandidateView, EditorialLists, QueuePages, Reassignment, RulingRequest, StepDown,
};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/editorial/queue", web::get().to(queue))
        .route("/editorial/submissions/{id}", web::get().to(submission))
        .route(
            "/editorial/submissions/{id}/conflict",
            web::post().to(declare_conflict),
        )
        .route("/editorial/submissions/{id}/assign", web::post().to(assign))
        .route("/editorial/submissions/{id}/rulings", web::post().to(rule));
}

#[derive(Template)]
#[template(path = "editorial/queue.html")]
struct QueuePage {
    chrome: Chrome,
    lists: EditorialLists,
    /// Recommended decisions waiting for this person's confirmation (issue 28 part 4).
    to_confirm: Vec<crate::workflow::decision::recommendation::PendingDecision>,
    pages: QueuePages,
}

impl QueuePage {
    /// The queue with one list moved to `page`, the others kept where they are.
    fn link(&self, list: &str, page: usize) -> String {
        let mut p = self.pages;
        match list {
            "page" => p.handling = page,
            "needs_page" => p.needs_editor = page,
            "ruling_page" => p.awaiting_ruling = page,
            _ => p.open = page,
        }
        let mut parts = Vec::new();
        for (name, n) in [
            ("page", p.handling),
            ("needs_page", p.needs_editor),
            ("open_page", p.open),
            ("ruling_page", p.awaiting_ruling),
        ] {
            if n > 1 || (name == "ruling_page" && n == 1) {
                parts.push(format!("{name}={n}"));
            }
        }
        if parts.is_empty() {
            "/editorial/queue".to_owned()
        } else {
            format!("/editorial/queue?{}", parts.join("&"))
        }
    }

    /// Askama passes fields by reference and method results by value: take either.
    fn count<N: std::borrow::Borrow<usize>>(&self, n: N) -> String {
        thousands(*n.borrow())
    }

    /// The list a pager is for, by its query parameter.
    fn list(&self, param: &str) -> &editorial::Paged {
        match param {
            "page" => &self.lists.handling,
            "needs_page" => &self.lists.needs_editor,
            "ruling_page" => &self.lists.awaiting_ruling,
            _ => &self.lists.open,
        }
    }
}

/// Which page of each list; anything that is not a positive number reads as the first.
#[derive(serde::Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    page: String,
    #[serde(default)]
    needs_page: String,
    #[serde(default)]
    open_page: String,
    #[serde(default)]
    ruling_page: String,
}

fn page_number(raw: &str) -> usize {
    raw.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| *n > 0)
        .unwrap_or(1)
}

/// GET /editorial/queue
pub async fn queue(ctx: LazyCtx, q: web::Query<QueueQuery>) -> Result<HttpResponse, AppError> {
    let settings = ctx.state().config.site().settings();
    let pages = QueuePages {
        handling: page_number(&q.page),
        needs_editor: page_number(&q.needs_page),
        open: page_number(&q.open_page),
        // Absent: the count alone; the list is opened from it.
        awaiting_ruling: if q.ruling_page.trim().is_empty() {
            0
        } else {
            page_number(&q.ruling_page)
        },
    };
    let memo = ctx.state().memo.clone();
    let (ctx, lists) = ctx
        .run_signed_in(move |conn, viewer| {
            if !viewer.may(Action::OpenEditorialQueue) {
                return Err(AppError::NotFound);
            }
            let (person, roles) = (&viewer.person, &viewer.roles);
            let lists = editorial::editorial_lists(conn, person, roles, &settings, pages, &memo)?;
            let to_confirm = crate::workflow::decision::recommendation::awaiting_confirmation(
                conn, person, roles, &settings,
            )?;
            Ok::<_, AppError>((lists, to_confirm))
        })
        .await?;
    let (lists, to_confirm) = lists;
    // A page past the end shows the last one; the links follow what is shown.
    let pages = QueuePages {
        handling: lists.handling.page,
        needs_editor: lists.needs_editor.page,
        open: lists.open.page,
        awaiting_ruling: lists.awaiting_ruling.page,
    };
    render(&QueuePage {
        chrome: ctx.chrome("Editorial queue"),
        lists,
        to_confirm,
        pages,
    })
}

/// One assignment as the editor-in-chief reads it.
pub struct AssignmentLine {
    pub editor: String,
    pub a: Assignment,
}

pub struct EditorialData {
    pub s: crate::db::submissions::Submission,
    pub state: SubmissionState,
    pub collection: String,
    pub manuscript: Manuscript,
    /// Double-blind review: a file whose properties name an author is pointed out.
    pub double_blind: bool,
    pub handling_editor: Option<String>,
    /// For the editor-in-chief only: every assignment with its explanation, and the timeline.
    pub assignments: Vec<AssignmentLine>,
    pub notes: Vec<(chrono::NaiveDateTime, String, String)>,
    pub is_chief: bool,
    /// Who reads the page (to point out their own potential conflicts).
    pub viewer_id: i64,
    pub may_step_down: bool,
    /// For the editor-in-chief: everyone who could handle it, with their conflicts.
    pub candidates: std::sync::Arc<Vec<CandidateView>>,
    /// Review invitations and reviews, for those who may read them.
    pub reviews: Vec<crate::workflow::review::ReviewLine>,
    pub may_read_reviews: bool,
    /// Signs of a review ring on this submission (issue 27), for those who read its reviews.
    pub integrity: Vec<crate::db::integrity::IntegritySignal>,
    /// The collection has Guest Editors, so an open signal holds acceptance back.
    pub collection_guest_edited: bool,
    pub may_manage_reviewers: bool,
    /// The decisions its handling editor may take now (empty for anyone else).
    pub decisions: Vec<crate::domain::decision::DecisionKind>,
    /// Its recommended decisions (issue 28 part 4), for those who read the reviews.
    pub recommendations: Vec<crate::workflow::decision::recommendation::RecommendationLine>,
    /// This person may confirm, edit or return the recommendation waiting.
    pub may_confirm: bool,
    /// Its technical returns (issue 28 part 4), and whether this person may return it now,
    /// with the message as typed when it came back with an error.
    pub technical_returns: Vec<crate::db::technical_returns::TechnicalReturn>,
    pub may_return_for_fixes: bool,
    pub fixes_typed: String,
    /// The editor-in-chief may publish it now (it is accepted).
    pub may_publish: bool,
    /// Once published: the article's id and citation, and whether the viewer may publish
    /// a correction to it.
    pub published: Option<(i64, String)>,
    pub may_correct: bool,
    /// Every round's decision letter, and the authors' responses to the reviewers.
    pub letters: Vec<crate::workflow::decision::LetterView>,
    pub responses: Vec<crate::db::rounds::RevisionResponse>,
    /// What the authors corrected in each round after the first, newest first.
    pub changes: Vec<crate::domain::revision_diff::RoundChanges>,
    pub appeal: Option<crate::db::rounds::Appeal>,
    /// This person hears the appeal and it is still open.
    pub may_hear_appeal: bool,
    /// While a revised version is awaited: when, and whether this person may extend it.
    pub revision_due: Option<(crate::workflow::deadlines::RevisionDue, bool)>,
    /// Where each listed author stands with their confirmation, before the editor decides.
    pub authorship: crate::workflow::authorship::Authorship,
    /// The discussion's threads this editor may read (issue 28 part 1).
    pub discussion: Vec<crate::workflow::discussion::ThreadSummary>,
    /// For a reader of the reviews: each round's answers to the collection's review form,
    /// side by side (issue 19 part 2).
    pub answer_tables: Vec<crate::workflow::review::AnswerTable>,
    /// Each submitted review's rating and each reviewer's history (issue 19 part 3), for
    /// those who read the reviews.
    pub recognition: crate::workflow::recognition::DeskRecognition,
    /// A rating form sent back with its errors: its invitation and what was typed.
    pub rating_typed: Option<(i64, crate::workflow::recognition::RatingInput)>,
}

#[derive(Template)]
#[template(path = "editorial/submission.html")]
struct SubmissionPage {
    chrome: Chrome,
    d: EditorialData,
    reason: String,
    errors: FormErrors,
}

impl SubmissionPage {
    /// A kind of integrity signal in words.
    fn kind_label(&self, kind: &str) -> &'static str {
        crate::domain::integrity::kind_label(kind)
    }

    /// The editor-in-chief's ruling on a signal in words.
    fn outcome_label(&self, stored: &str) -> &'static str {
        crate::domain::integrity::Ruling::parse(stored).map_or("ruled", |r| r.label())
    }

    /// How an invitation's reviewer was found, as recorded.
    fn found_by(&self, recorded: &str) -> Option<crate::domain::reviewer_identity::FoundBy> {
        crate::domain::reviewer_identity::FoundBy::parse(recorded)
    }

    /// An editor-in-chief free of competing interests could take it on herself.
    fn chief_may_handle(&self) -> bool {
        self.d
            .candidates
            .iter()
            .any(|v| !v.candidate.pool.has_capacity() && v.candidate.conflicts.is_empty())
    }

    /// The viewer's own potential conflicts with the submission (she is among the
    /// candidates as an editor-in-chief): a name-only match, say, which does not block her
    /// and which she may rule on like any other.
    fn own_potential(&self) -> Vec<&crate::domain::conflicts::Finding> {
        self.d
            .candidates
            .iter()
            .filter(|v| v.candidate.person_id == self.d.viewer_id)
            .flat_map(|v| v.potential.iter())
            .collect()
    }

    /// The editors' rating of a submitted review, if it has one.
    fn rating_of(&self, invitation_id: &i64) -> Option<&crate::workflow::recognition::RatingView> {
        self.d.recognition.ratings.get(invitation_id)
    }

    /// A reviewer's history in one line (counts only).
    fn history_of(&self, reviewer_id: &i64) -> String {
        self.d
            .recognition
            .histories
            .get(reviewer_id)
            .map(|h| h.summary())
            .unwrap_or_default()
    }

    /// What the rating form of a review shows: what was typed when it came back with
    /// errors, else the rating recorded ("" and "" for none).
    fn rating_form(&self, invitation_id: &i64) -> (String, String) {
        if let Some((id, typed)) = &self.d.rating_typed
            && id == invitation_id
        {
            return (typed.rating.trim().to_owned(), typed.note.clone());
        }
        self.rating_of(invitation_id)
            .map(|r| (r.rating.value().to_string(), r.note.clone()))
            .unwrap_or_default()
    }

    /// A rating form's error for `field` ("rating" or "note"), on that review's form only.
    fn rating_error(&self, field: &str, invitation_id: &i64) -> Option<String> {
        self.errors
            .get(&format!("{field}-{invitation_id}"))
            .map(str::to_owned)
    }

    /// The three ratings, for the form.
    fn ratings(&self) -> [crate::domain::recognition::Rating; 3] {
        crate::domain::recognition::Rating::ALL
    }

    /// Some candidate has a potential conflict waiting for a ruling.
    fn rulings_wait(&self) -> bool {
        self.d.candidates.iter().any(|v| !v.potential.is_empty())
    }
}

async fn load(ctx: &Ctx, id: i64) -> Result<EditorialData, AppError> {
    let viewer = ctx.viewer()?.clone();
    let settings = ctx.state.config.site().settings();
    let memo = ctx.state.memo.clone();
    ctx.state
        .db
        .run(move |conn| editorial_data(conn, &viewer, id, &settings, &memo))
        .await
}

/// Everything the editorial submission page shows, as far as `viewer` may see it; 404 when
/// they may not see the submission's editorial side at all.
/// What only those who read the reviews see: the reviews, the decision letters (which quote
/// them) and the integrity signals (one about the handling editor only for those who rule
/// on signals: the editor-in-chief, never the editor it is about).
#[allow(clippy::type_complexity)]
fn review_parts(
    conn: &mut DbConnection,
    id: i64,
    reading: bool,
    ruling: bool,
) -> Result<
    (
        Vec<crate::workflow::review::ReviewLine>,
        Vec<crate::workflow::decision::LetterView>,
        Vec<crate::db::integrity::IntegritySignal>,
    ),
    AppError,
> {
    if !reading {
        return Ok((Vec::new(), Vec::new(), Vec::new()));
    }
    let mut signals = crate::db::integrity::signals_on(conn, id)?;
    signals.retain(|g| ruling || !crate::domain::integrity::about_the_editor(&g.kind));
    Ok((
        crate::workflow::review::review_lines(conn, id)?,
        crate::workflow::decision::letters_for_author(conn, id)?,
        signals,
    ))
}

/// Each round's answers to the collection's review form side by side, for a reader of the
/// reviews only.
fn answer_tables(
    conn: &mut DbConnection,
    id: i64,
    reading: bool,
) -> Result<Vec<crate::workflow::review::AnswerTable>, AppError> {
    if !reading {
        return Ok(Vec::new());
    }
    Ok(crate::workflow::review::answer_tables(conn, id)?)
}

/// The reviews' ratings and the reviewers' histories, for those who may rate the reviews.
fn recognition_of(
    conn: &mut DbConnection,
    may_rate: bool,
    reviews: &[crate::workflow::review::ReviewLine],
) -> Result<crate::workflow::recognition::DeskRecognition, AppError> {
    if !may_rate {
        return Ok(Default::default());
    }
    let pairs: Vec<(i64, i64)> = reviews
        .iter()
        .map(|r| (r.inv.id, r.inv.reviewer_id))
        .collect();
    Ok(crate::workflow::recognition::desk_recognition(
        conn, &pairs,
    )?)
}

/// What only the editor-in-chief reads: the assignments with their editors, the timeline's
/// notes, and the editors she may assign.
type ChiefsParts = (
    Vec<AssignmentLine>,
    Vec<(chrono::NaiveDateTime, String, String)>,
    std::sync::Arc<Vec<CandidateView>>,
);

fn chiefs_parts(
    conn: &mut DbConnection,
    s: &crate::db::submissions::Submission,
    settings: &crate::domain::conflicts::Settings,
    memo: &editorial::EditorialMemo,
) -> Result<ChiefsParts, AppError> {
    let candidates = editorial::candidate_views(conn, s, settings, memo)?;
    let mut assignments = Vec::new();
    for x in store::assignments_of(conn, s.id)? {
        let editor = people_store::find_person(conn, x.editor_id)?
            .map(|p| p.name)
            .unwrap_or_default();
        assignments.push(AssignmentLine { editor, a: x });
    }
    let notes = events::timeline(conn, s.id)?
        .into_iter()
        .map(|e| (e.occurred_at, e.kind.replace('_', " "), e.note))
        .collect();
    Ok((assignments, notes, candidates))
}

fn double_blind(conn: &mut DbConnection, collection_id: i64) -> Result<bool, AppError> {
    Ok(
        collections::find_collection(conn, collection_id)?.is_some_and(|c| {
            crate::domain::collection::Blinding::parse(&c.blinding)
                == Ok(crate::domain::collection::Blinding::Double)
        }),
    )
}

fn editorial_data(
    conn: &mut DbConnection,
    viewer: &Viewer,
    id: i64,
    settings: &crate::domain::conflicts::Settings,
    memo: &editorial::EditorialMemo,
) -> Result<EditorialData, AppError> {
    let (person, roles) = (&viewer.person, &viewer.roles);
    let Some(a) = editorial::access_remembered(conn, person, roles, id, settings, memo)? else {
        return Err(AppError::NotFound);
    };
    if !a.may(SubmissionAction::ViewEditorial) {
        return Err(AppError::NotFound);
    }
    let is_chief = a.may(SubmissionAction::ManageAssignment);
    let s = a.submission.clone();
    let (assignments, notes, candidates) = if is_chief {
        chiefs_parts(conn, &s, settings, memo)?
    } else {
        Default::default()
    };
    let reading = a.may(SubmissionAction::ReadReviews);
    let ruling = a.may(SubmissionAction::RuleOnSignal);
    let (reviews, letters, integrity) = review_parts(conn, id, reading, ruling)?;
    Ok(EditorialData {
        state: s.state(),
        collection: collections::find_collection(conn, s.collection_id)?
            .map(|c| c.title)
            .unwrap_or_default(),
        manuscript: Manuscript::load(conn, id)?,
        double_blind: double_blind(conn, s.collection_id)?,
        handling_editor: match s.handling_editor_id {
            Some(e) => people_store::find_person(conn, e)?.map(|p| p.name),
            None => None,
        },
        assignments,
        notes,
        is_chief,
        viewer_id: person.id,
        may_step_down: a.may(SubmissionAction::DeclareConflict),
        candidates,
        recognition: recognition_of(conn, a.may(SubmissionAction::RateReview), &reviews)?,
        reviews,
        may_read_reviews: reading,
        integrity,
        collection_guest_edited: collections::is_guest_edited(conn, s.collection_id)?,
        may_manage_reviewers: a.may(SubmissionAction::ManageReviewers),
        letters,
        responses: crate::workflow::round::responses_of(conn, id)?,
        changes: crate::db::round_metadata::what_changed(conn, id)?,
        appeal: crate::db::rounds::appeal_of(conn, id)?,
        may_hear_appeal: a.may(SubmissionAction::HearAppeal),
        revision_due: crate::workflow::deadlines::awaited_revision(conn, &s)?
            .map(|due| (due, a.may(SubmissionAction::ExtendRevision))),
        decisions: if a.may(SubmissionAction::Decide) {
            crate::domain::decision::DecisionKind::allowed_from(s.state(), s.current_round)
        } else {
            Vec::new()
        },
        recommendations: if reading {
            crate::workflow::decision::recommendation::lines_of(conn, &s)?
        } else {
            Vec::new()
        },
        may_confirm: a.may(SubmissionAction::ConfirmDecision),
        technical_returns: crate::workflow::round::fixes::returns_of(conn, id)?,
        may_return_for_fixes: a.may(SubmissionAction::ReturnForFixes),
        fixes_typed: String::new(),
        may_publish: a.may(SubmissionAction::Publish),
        published: crate::workflow::publishing::published_citation(conn, id)?,
        may_correct: a.may(SubmissionAction::PublishCorrection),
        authorship: crate::workflow::authorship::authorship_of(conn, &s)?,
        discussion: crate::workflow::discussion::editor_summaries(conn, &a)?,
        answer_tables: answer_tables(conn, id, reading)?,
        rating_typed: None,
        s,
    })
}

/// GET /editorial/submissions/{id}
pub async fn submission(ctx: LazyCtx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let settings = ctx.state().config.site().settings();
    let memo = ctx.state().memo.clone();
    let (ctx, d) = ctx
        .run_signed_in(move |conn, viewer| editorial_data(conn, viewer, id, &settings, &memo))
        .await?;
    submission_page(&ctx, StatusCode::OK, d, String::new(), FormErrors::new())
}

/// The editorial page, with what was typed in its competing-interest form and a form's
/// errors.
fn submission_page(
    ctx: &Ctx,
    status: StatusCode,
    d: EditorialData,
    reason: String,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    render_with(
        status,
        &SubmissionPage {
            chrome: ctx.chrome(format!("{} · {}", d.s.number_or_draft(), d.s.title)),
            d,
            reason,
            errors,
        },
    )
}

/// The editorial page again, as it is now, with the technical return's message as typed and
/// its error (issue 28 part 4).
pub(super) async fn show_with_fixes_message(
    ctx: &Ctx,
    id: i64,
    typed: String,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let mut d = load(ctx, id).await?;
    d.fixes_typed = typed;
    submission_page(
        ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        d,
        String::new(),
        errors,
    )
}

/// The editorial page again, as it is now, with a rating form's errors and what was typed in
/// it (issue 19 part 3).
pub(super) async fn show_with_rating(
    ctx: &Ctx,
    (id, invitation_id): (i64, i64),
    status: StatusCode,
    typed: crate::workflow::recognition::RatingInput,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let mut d = load(ctx, id).await?;
    d.rating_typed = Some((invitation_id, typed));
    submission_page(ctx, status, d, String::new(), errors)
}

/// The editorial page again, as it is now, with a form's errors.
async fn show_with(
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    reason: String,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let d = load(ctx, id).await?;
    submission_page(ctx, status, d, reason, errors)
}

#[derive(serde::Deserialize)]
pub struct ConflictForm {
    #[serde(default)]
    reason: String,
}

/// POST /editorial/submissions/{id}/conflict: "I have a competing interest".
pub async fn declare_conflict(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<ConflictForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (person, roles, site) = ctx.acting()?;
    let reason = form.into_inner().reason;
    let typed = reason.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            editorial::editor_declares_conflict(conn, &person, &roles, id, &reason, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        StepDown::NotFound => Err(AppError::NotFound),
        StepDown::AlreadyDone => {
            session::flash_notice(
                &ctx.session,
                "Your competing interest with this submission is already recorded, and you no longer handle it.",
            );
            Ok(see_other("/editorial/queue"))
        }
        StepDown::Done { replaced_by } => {
            session::flash_notice(
                &ctx.session,
                match replaced_by {
                    Some(_) => "Your competing interest is recorded and you no longer handle this submission; another editor has been assigned.".to_owned(),
                    None => "Your competing interest is recorded and you no longer handle this submission; it has been passed to the editor-in-chief.".to_owned(),
                },
            );
            Ok(see_other("/editorial/queue"))
        }
        StepDown::Invalid(errors) => {
            show_with(&ctx, id, StatusCode::UNPROCESSABLE_ENTITY, typed, errors).await
        }
    }
}

#[derive(serde::Deserialize)]
pub struct AssignForm {
    editor_id: i64,
    #[serde(default)]
    reason: String,
    /// The handling editor's id when the page was read, or empty for none.
    read_with_editor: Option<String>,
}

/// Where a choice of handling editor, or a ruling, leads: the submission's page saying what
/// happened, or again with the form's errors.
async fn after_reassignment(
    ctx: &Ctx,
    id: i64,
    outcome: Reassignment,
) -> Result<HttpResponse, AppError> {
    let back = format!("/editorial/submissions/{id}");
    match outcome {
        Reassignment::Assigned { editor } => {
            session::flash_notice(
                &ctx.session,
                format!("Recorded. {editor} handles this submission."),
            );
            Ok(see_other(&back))
        }
        Reassignment::Refused { message, instead } => {
            let message = match instead {
                Some(name) => format!("{message} The system assigned {name} instead."),
                None => message,
            };
            session::flash_error(&ctx.session, message);
            Ok(see_other(&back))
        }
        Reassignment::Invalid(errors) => {
            show_with(
                ctx,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                String::new(),
                errors,
            )
            .await
        }
        Reassignment::NotFound | Reassignment::Stale { .. } => Err(AppError::NotFound),
    }
}

/// POST /editorial/submissions/{id}/assign: the editor-in-chief chooses the editor.
pub async fn assign(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<AssignForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (person, roles, site) = ctx.acting()?;
    let AssignForm {
        editor_id,
        reason,
        read_with_editor,
    } = form.into_inner();
    // Anything but an id or nothing is a form we did not write: treat it as stale.
    let read_with = read_with_editor.map(|v| match v.trim() {
        "" => None,
        v => Some(v.parse::<i64>().unwrap_or(-1)),
    });
    let typed = reason.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            let choice = editorial::EditorChoice {
                editor_id,
                reason: &reason,
                read_with,
            };
            editorial::reassign(conn, &person, &roles, id, &choice, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        Reassignment::Stale { current } => {
            let now = match current {
                Some(name) => format!("was assigned to {name}"),
                None => "lost its handling editor".to_owned(),
            };
            let mut message = format!(
                "This submission {now} a moment ago, after you opened this page. Nothing was \
                 changed; the page below shows it as it is now."
            );
            if !typed.trim().is_empty() {
                message.push_str(&format!(" Your reason was: “{}”", typed.trim()));
            }
            let mut errors = FormErrors::new();
            errors.add("handling-editor", message);
            show_with(&ctx, id, StatusCode::CONFLICT, String::new(), errors).await
        }
        other => after_reassignment(&ctx, id, other).await,
    }
}

#[derive(serde::Deserialize)]
pub struct RulingForm {
    person_id: i64,
    finding_key: String,
    ruling: String,
    #[serde(default)]
    ruling_reason: String,
}

/// POST /editorial/submissions/{id}/rulings: confirm a potential conflict, or rule it out.
pub async fn rule(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<RulingForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (person, roles, site) = ctx.acting()?;
    let f = form.into_inner();
    // Confirming one's own potential conflict declares it: the submission then answers 404
    // to her, so she goes back to her queue.
    let own_confirmed = f.person_id == person.id && f.ruling == store::CONFIRMED;
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            let req = RulingRequest {
                person_id: f.person_id,
                finding_key: &f.finding_key,
                ruling: &f.ruling,
                reason: &f.ruling_reason,
            };
            editorial::rule_on_conflict(conn, &person, &roles, id, &req, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        Reassignment::Assigned { .. } if own_confirmed => {
            session::flash_notice(
                &ctx.session,
                "Your competing interest is recorded: the submission has left your lists.",
            );
            Ok(see_other("/editorial/queue"))
        }
        Reassignment::Assigned { .. } => {
            session::flash_notice(&ctx.session, "Your ruling is recorded.");
            Ok(see_other(&format!("/editorial/submissions/{id}")))
        }
        other => after_reassignment(&ctx, id, other).await,
    }
}
