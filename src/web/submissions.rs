//! The author's pages: the submission form (new and draft), "My submissions", a submission's
//! page, withdrawal, and file downloads.
//!
//! The form works without JavaScript: adding, removing and reordering rows are submit
//! buttons (`action=add_author`, `action=author_up:2`, …) that show the form again with the
//! change; only "Save draft" and "Submit" write anything.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDateTime;

use super::multipart::{FormParts, read_form};
use super::session;
use super::{AppError, Chrome, Ctx, LazyCtx, render, render_with, see_other};
use crate::db::accounts::{self as people_store};
use crate::db::collections::{self, Collection};
use crate::db::events::{self, TimelineEntry};
use crate::db::guard::ReadAt;
use crate::db::submissions::{self as store, Author, Preference, Submission, SubmissionFile};
use crate::db::{DbConnection, now};
use crate::domain::FormErrors;
use crate::domain::collection::ARTICLE_TYPES;
use crate::domain::permissions::SubmissionAction;
use crate::domain::submission::{AuthorInput, PersonRefInput, SubmissionInput, author_field};
use crate::domain::submission_state::{SubmissionState, Transition};
use crate::security::token;
use crate::storage::{self, FileKind};
use crate::workflow::editorial;
use crate::workflow::submission::{
    self as service, DraftRequest, FileRole, FileUpload, Intent, Outcome, Target, WithdrawOutcome,
    human_size, submitter_may,
};

// ---------------------------------------------------------------------------------------
// The form

/// A collection as the dropdown offers it.
pub struct CollectionChoice {
    pub id: i64,
    pub label: String,
}

/// A file already attached to a draft.
pub struct AttachedFile {
    pub id: i64,
    pub role: String,
    pub name: String,
    pub size: String,
    /// Under double-blind review: who the file's document properties name as its author.
    pub named_authors: Option<String>,
}

#[derive(Template)]
#[template(path = "submissions/form.html")]
struct FormPage {
    chrome: Chrome,
    errors: FormErrors,
    input: SubmissionInput,
    /// Where the form posts (the CSRF token goes in the body, never in the address).
    action: String,
    draft_id: Option<i64>,
    idempotency_key: String,
    /// The draft's version as the form was first read (`db::guard::ReadAt`).
    read_at: String,
    collections: Vec<CollectionChoice>,
    collection_id: Option<i64>,
    article_type_policy: String,
    accepted_types: Vec<String>,
    article_types: Vec<&'static str>,
    topics: Vec<String>,
    abstract_word_limit: i32,
    attached: Vec<AttachedFile>,
    max_upload: String,
    supplementary_types: String,
    /// Shown once at the top, e.g. after a row was added or a file removed.
    notice: Option<String>,
}

impl FormPage {
    fn field(&self, part: &str, i: &usize) -> String {
        author_field(part, *i)
    }

    fn ref_field(&self, kind: &str, part: &str, i: &usize) -> String {
        format!("{kind}_{part}_{i}")
    }

    fn is_topic_chosen(&self, topic: &str) -> bool {
        self.input.topics.iter().any(|t| t == topic)
    }

    /// The chosen collection's id, or 0 (no collection has it) when none is chosen.
    fn selected_collection(&self) -> i64 {
        self.collection_id.unwrap_or(0)
    }

    fn has_attached_manuscript(&self) -> bool {
        self.attached.iter().any(|f| f.role == store::MANUSCRIPT)
    }

    fn word_count(&self) -> usize {
        crate::domain::submission::word_count(&self.input.abstract_text)
    }

    /// The article types offered: those the chosen collection accepts (every type while
    /// none is chosen), and the one the form holds if the collection does not accept it,
    /// marked so (submitting it is refused with the collection's policy).
    fn type_options(&self) -> Vec<TypeOption> {
        let accepted =
            |t: &str| self.accepted_types.is_empty() || self.accepted_types.iter().any(|a| a == t);
        let mut options: Vec<TypeOption> = self
            .article_types
            .iter()
            .filter(|t| accepted(t))
            .map(|t| TypeOption {
                name: (*t).to_owned(),
                accepted: true,
            })
            .collect();
        let held = self.input.article_type.trim();
        if !held.is_empty() && !options.iter().any(|o| o.name == held) {
            options.push(TypeOption {
                name: held.to_owned(),
                accepted: accepted(held),
            });
        }
        options
    }
}

/// One choice of the article type list.
struct TypeOption {
    name: String,
    accepted: bool,
}

/// Everything the form needs from the database besides what was typed.
struct FormData {
    collections: Vec<CollectionChoice>,
    chosen: Option<Collection>,
    accepted_types: Vec<String>,
    topics: Vec<String>,
    attached: Vec<AttachedFile>,
}

fn load_form_data(
    conn: &mut DbConnection,
    collection_id: Option<i64>,
    draft_id: Option<i64>,
) -> Result<FormData, AppError> {
    let today = now().date();
    let mut collections_offered = Vec::new();
    let mut chosen = None;
    for (c, journal) in collections::list_collections(conn)? {
        let is_chosen = Some(c.id) == collection_id;
        let open = c.is_open_on(today);
        if open || is_chosen {
            collections_offered.push(CollectionChoice {
                id: c.id,
                label: if open {
                    format!("{} — {}", c.title, journal.name)
                } else {
                    format!("{} — {} (closed)", c.title, journal.name)
                },
            });
        }
        if is_chosen {
            chosen = Some(c);
        }
    }
    // With a single open collection, there is nothing to choose.
    if chosen.is_none() && collection_id.is_none() && collections_offered.len() == 1 {
        chosen = collections::find_collection(conn, collections_offered[0].id)?;
    }
    let (accepted_types, topics) = match &chosen {
        Some(c) => (
            collections::article_types_of(conn, c.id)?,
            collections::topics_of(conn, c.id)?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    let double_blind = chosen.as_ref().is_some_and(|c| {
        crate::domain::collection::Blinding::parse(&c.blinding)
            == Ok(crate::domain::collection::Blinding::Double)
    });
    let attached = match draft_id {
        Some(id) => store::files_of(conn, id)?
            .into_iter()
            .map(|f| AttachedFile {
                named_authors: f.named_authors().filter(|_| double_blind),
                id: f.id,
                role: f.role,
                name: f.original_name,
                size: human_size(f.size_bytes.max(0) as u64),
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(FormData {
        collections: collections_offered,
        chosen,
        accepted_types,
        topics,
        attached,
    })
}

struct FormState {
    input: SubmissionInput,
    collection_id: Option<i64>,
    draft_id: Option<i64>,
    idempotency_key: String,
    read_at: String,
    errors: FormErrors,
    notice: Option<String>,
}

async fn form_page(
    ctx: &Ctx,
    state: FormState,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (collection_id, draft_id) = (state.collection_id, state.draft_id);
    let data = ctx
        .state
        .db
        .run(move |conn| load_form_data(conn, collection_id, draft_id))
        .await?;
    let action = match state.draft_id {
        Some(id) => format!("/submissions/{id}/edit"),
        None => "/submissions/new".to_owned(),
    };
    let (title, policy, limit) = match &data.chosen {
        Some(c) => (
            c.title.clone(),
            c.article_type_policy.clone(),
            c.abstract_word_limit,
        ),
        None => (String::new(), String::new(), 350),
    };
    let heading = match (state.draft_id, title.is_empty()) {
        (Some(_), _) => "Continue your submission".to_owned(),
        (None, false) => format!("Submit a manuscript to {title}"),
        (None, true) => "Submit a manuscript".to_owned(),
    };
    let page = FormPage {
        chrome: ctx.chrome(heading),
        errors: state.errors,
        input: state.input,
        action,
        draft_id: state.draft_id,
        idempotency_key: state.idempotency_key,
        read_at: state.read_at,
        collections: data.collections,
        collection_id: data.chosen.as_ref().map(|c| c.id).or(state.collection_id),
        article_type_policy: policy,
        accepted_types: data.accepted_types,
        article_types: ARTICLE_TYPES.to_vec(),
        topics: data.topics,
        abstract_word_limit: limit,
        attached: data.attached,
        max_upload: human_size(ctx.state.config.max_upload_bytes),
        supplementary_types: storage::accepted_labels(&FileKind::ALL),
        notice: state.notice,
    };
    render_with(status, &page)
}

/// The submitter as the first author: what a new form starts with.
fn fresh_input(viewer: &people_store::Person) -> SubmissionInput {
    SubmissionInput {
        article_type: "Research Article".into(),
        authors: vec![AuthorInput {
            name: viewer.name.clone(),
            email: viewer.email.clone(),
            affiliation: viewer.affiliation.clone(),
            orcid: viewer.orcid.clone().unwrap_or_default(),
        }],
        corresponding: 0,
        ..Default::default()
    }
}

#[derive(serde::Deserialize)]
pub struct NewQuery {
    collection: Option<String>,
}

/// GET /submissions/new[?collection=slug]
pub async fn new_form(ctx: Ctx, query: web::Query<NewQuery>) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer()?;
    let slug = query.into_inner().collection;
    let collection_id = match slug {
        Some(slug) => ctx
            .state
            .db
            .run(move |conn| {
                collections::find_collection_by_slug(conn, &slug).map_err(AppError::from)
            })
            .await?
            .map(|c| c.id),
        None => None,
    };
    let state = FormState {
        input: fresh_input(&viewer.person),
        collection_id,
        draft_id: None,
        idempotency_key: token::random_hex(16),
        read_at: String::new(),
        errors: FormErrors::new(),
        notice: None,
    };
    form_page(&ctx, state, StatusCode::OK).await
}

/// GET /submissions/{id}/edit
pub async fn edit_form(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer()?;
    let id = path.into_inner();
    let person_id = viewer.person.id;
    let loaded = ctx
        .state
        .db
        .run(
            move |conn| -> Result<Option<(Submission, SubmissionInput, bool)>, AppError> {
                let Some(s) = store::find(conn, id)? else {
                    return Ok(None);
                };
                if !submitter_may(conn, person_id, &s, SubmissionAction::View)? {
                    return Ok(None);
                }
                let editable = submitter_may(conn, person_id, &s, SubmissionAction::EditDraft)?;
                let input = store::load_input(conn, &s)?;
                Ok(Some((s, input, editable)))
            },
        )
        .await?;
    let (s, input, editable) = loaded.ok_or(AppError::NotFound)?;
    if !editable {
        // Submitted already: its page, not the form.
        return Ok(see_other(&format!("/submissions/{id}")));
    }
    let state = FormState {
        input,
        collection_id: Some(s.collection_id),
        draft_id: Some(id),
        idempotency_key: s.idempotency_key.clone().unwrap_or_default(),
        read_at: ReadAt::field(Some(s.updated_at)),
        errors: FormErrors::new(),
        notice: None,
    };
    form_page(&ctx, state, StatusCode::OK).await
}

/// POST /submissions/new
pub async fn create(ctx: Ctx, body: Multipart) -> Result<HttpResponse, AppError> {
    handle_form(ctx, None, body).await
}

/// POST /submissions/{id}/edit
pub async fn update(
    ctx: Ctx,
    path: web::Path<i64>,
    body: Multipart,
) -> Result<HttpResponse, AppError> {
    handle_form(ctx, Some(path.into_inner()), body).await
}

/// A button of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FormAction {
    Save,
    Submit,
    AddAuthor,
    RemoveAuthor(usize),
    AuthorUp(usize),
    AuthorDown(usize),
    AddRef(RefKind),
    RemoveRef(RefKind, usize),
    RemoveFile(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RefKind {
    Suggested,
    OpposedReviewer,
    OpposedEditor,
}

impl RefKind {
    const ALL: [RefKind; 3] = [
        RefKind::Suggested,
        RefKind::OpposedReviewer,
        RefKind::OpposedEditor,
    ];

    fn prefix(self) -> &'static str {
        match self {
            RefKind::Suggested => "suggested",
            RefKind::OpposedReviewer => "opposed_reviewer",
            RefKind::OpposedEditor => "opposed_editor",
        }
    }

    fn list(self, input: &mut SubmissionInput) -> &mut Vec<PersonRefInput> {
        match self {
            RefKind::Suggested => &mut input.suggested_reviewers,
            RefKind::OpposedReviewer => &mut input.opposed_reviewers,
            RefKind::OpposedEditor => &mut input.opposed_editors,
        }
    }
}

fn parse_action(value: &str) -> FormAction {
    let (verb, arg) = value.split_once(':').unwrap_or((value, ""));
    let index = arg.parse::<usize>().ok();
    let kind = |name: &str| RefKind::ALL.into_iter().find(|k| k.prefix() == name);
    match (verb, index) {
        ("submit", _) => FormAction::Submit,
        ("add_author", _) => FormAction::AddAuthor,
        ("remove_author", Some(i)) => FormAction::RemoveAuthor(i),
        ("author_up", Some(i)) => FormAction::AuthorUp(i),
        ("author_down", Some(i)) => FormAction::AuthorDown(i),
        ("remove_file", _) => match arg.parse::<i64>() {
            Ok(id) => FormAction::RemoveFile(id),
            Err(_) => FormAction::Save,
        },
        (v, None) if v.starts_with("add_") => match kind(&v["add_".len()..]) {
            Some(k) => FormAction::AddRef(k),
            None => FormAction::Save,
        },
        (v, Some(i)) if v.starts_with("remove_") => match kind(&v["remove_".len()..]) {
            Some(k) => FormAction::RemoveRef(k, i),
            None => FormAction::Save,
        },
        // Enter in a text field presses the first button, which is "Save draft".
        _ => FormAction::Save,
    }
}

/// The typed form. Rows left entirely empty are dropped (a blank row the author added and
/// did not use), except that there is always one author row.
fn input_from_parts(parts: &FormParts) -> SubmissionInput {
    let mut authors = Vec::new();
    let mut corresponding = 0;
    let chosen: Option<usize> = parts.text("corresponding").parse().ok();
    for i in 0..100 {
        let field = |part: &str| parts.text(&author_field(part, i));
        if !parts.has(&author_field("name", i)) {
            break;
        }
        let a = AuthorInput {
            name: field("name"),
            email: field("email"),
            affiliation: field("affiliation"),
            orcid: field("orcid"),
        };
        let blank = a.name.trim().is_empty()
            && a.email.trim().is_empty()
            && a.affiliation.trim().is_empty()
            && a.orcid.trim().is_empty();
        if blank && chosen != Some(i) {
            continue;
        }
        if chosen == Some(i) {
            corresponding = authors.len();
        }
        authors.push(a);
    }
    if authors.is_empty() {
        authors.push(AuthorInput::default());
    }
    let refs = |kind: RefKind| -> Vec<PersonRefInput> {
        let mut list = Vec::new();
        for i in 0..100 {
            let f = |part: &str| parts.text(&format!("{}_{part}_{i}", kind.prefix()));
            if !parts.has(&format!("{}_name_{i}", kind.prefix())) {
                break;
            }
            let p = PersonRefInput {
                name: f("name"),
                email: f("email"),
                reason: f("reason"),
            };
            if !(p.name.trim().is_empty()
                && p.email.trim().is_empty()
                && p.reason.trim().is_empty())
            {
                list.push(p);
            }
        }
        list
    };
    SubmissionInput {
        article_type: parts.text("article_type"),
        title: parts.text("title"),
        abstract_text: parts.text("abstract_text"),
        keywords: parts.text("keywords"),
        topics: parts.all("topics"),
        rare_cancer_type: parts.text("rare_cancer_type"),
        authors,
        corresponding,
        competing_interests: parts.text("competing_interests"),
        competing_interests_details: parts.text("competing_interests_details"),
        ethics_statement: parts.text("ethics_statement"),
        data_availability: parts.text("data_availability"),
        funding: parts.text("funding"),
        cover_letter: parts.text("cover_letter"),
        suggested_reviewers: refs(RefKind::Suggested),
        opposed_reviewers: refs(RefKind::OpposedReviewer),
        opposed_editors: refs(RefKind::OpposedEditor),
    }
}

/// Applies a row button to the typed form; returns what to tell the author.
fn apply_row_action(input: &mut SubmissionInput, action: &FormAction) -> Option<String> {
    let n = input.authors.len();
    match *action {
        FormAction::AddAuthor => {
            input.authors.push(AuthorInput::default());
            Some(format!(
                "Author {} added below; fill in their details.",
                n + 1
            ))
        }
        FormAction::RemoveAuthor(i) if i < n && n > 1 => {
            input.authors.remove(i);
            if input.corresponding == i {
                input.corresponding = 0;
            } else if input.corresponding > i {
                input.corresponding -= 1;
            }
            Some(format!("Author {} removed.", i + 1))
        }
        FormAction::RemoveAuthor(_) => Some("A submission needs at least one author.".into()),
        FormAction::AuthorUp(i) if i > 0 && i < n => {
            swap_authors(input, i, i - 1);
            Some(format!("Author moved up to position {i}."))
        }
        FormAction::AuthorDown(i) if i + 1 < n => {
            swap_authors(input, i, i + 1);
            Some(format!("Author moved down to position {}.", i + 2))
        }
        FormAction::AddRef(kind) => {
            kind.list(input).push(PersonRefInput::default());
            Some("A row was added below.".into())
        }
        FormAction::RemoveRef(kind, i) => {
            let list = kind.list(input);
            (i < list.len()).then(|| {
                list.remove(i);
                "The row was removed.".to_owned()
            })
        }
        _ => None,
    }
}

fn swap_authors(input: &mut SubmissionInput, a: usize, b: usize) {
    input.authors.swap(a, b);
    if input.corresponding == a {
        input.corresponding = b;
    } else if input.corresponding == b {
        input.corresponding = a;
    }
}

async fn handle_form(
    ctx: Ctx,
    draft_id: Option<i64>,
    body: Multipart,
) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer()?.person.clone();
    let parts = read_form(body, ctx.state.config.max_upload_bytes).await?;
    let action = parse_action(&parts.text("action"));
    let mut input = input_from_parts(&parts);
    let collection_id: Option<i64> = parts.text("collection").trim().parse().ok();
    let read_at_field = parts.text("read_at");
    // A form that does not say what it was read at is not checked for staleness.
    let read_at = ReadAt::from_form(parts.has("read_at").then_some(read_at_field.as_str()));
    let typed_key = parts.text("idempotency_key");
    // Only keys this site could have made are kept; anything else gets a fresh one.
    let idempotency_key =
        if typed_key.len() == 32 && typed_key.chars().all(|c| c.is_ascii_hexdigit()) {
            typed_key
        } else {
            token::random_hex(16)
        };

    if let Some(id) = draft_id {
        // Row buttons and a GET-less edit must still be the owner's draft.
        let person_id = viewer.id;
        let owned = ctx
            .state
            .db
            .run(move |conn| -> Result<Option<Submission>, AppError> {
                match store::find(conn, id)? {
                    Some(s) if submitter_may(conn, person_id, &s, SubmissionAction::View)? => {
                        Ok(Some(s))
                    }
                    _ => Ok(None),
                }
            })
            .await?;
        match owned {
            None => return Err(AppError::NotFound),
            Some(s) if s.state() != SubmissionState::Draft => {
                return Ok(see_other(&format!("/submissions/{id}")));
            }
            Some(_) => {}
        }
    }

    let intent = match action {
        FormAction::Save => Intent::SaveDraft,
        FormAction::Submit => Intent::Submit,
        FormAction::RemoveFile(file_id) => {
            let notice = match draft_id {
                Some(id) => {
                    let removed = service::remove_draft_file(
                        &ctx.state.db,
                        &ctx.state.files,
                        viewer.id,
                        id,
                        file_id,
                    )
                    .await?;
                    if removed {
                        "The file was removed."
                    } else {
                        "That file is no longer attached."
                    }
                }
                None => "That file is no longer attached.",
            };
            let state = FormState {
                input,
                collection_id,
                draft_id,
                idempotency_key,
                read_at: read_at_field.clone(),
                errors: FormErrors::new(),
                notice: Some(notice.into()),
            };
            return form_page(&ctx, state, StatusCode::OK).await;
        }
        ref row_action => {
            let notice = apply_row_action(&mut input, row_action);
            let has_files = !parts.uploads.is_empty();
            let notice = notice.map(|n| {
                if has_files {
                    format!("{n} Files chosen before this change were not kept: attach them again, or save the draft to keep them.")
                } else {
                    n
                }
            });
            let state = FormState {
                input,
                collection_id,
                draft_id,
                idempotency_key,
                read_at: read_at_field.clone(),
                errors: FormErrors::new(),
                notice,
            };
            return form_page(&ctx, state, StatusCode::OK).await;
        }
    };

    let had_uploads = !parts.uploads.is_empty();
    let uploads = parts
        .uploads
        .into_iter()
        .filter_map(|u| {
            let role = match u.field.as_str() {
                "manuscript" => FileRole::Manuscript,
                "supplementary" => FileRole::Supplementary,
                _ => return None,
            };
            Some(FileUpload {
                role,
                original_name: u.original_name,
                bytes: u.bytes,
                too_large: u.too_large,
                size: u.size,
            })
        })
        .collect();
    let target = match draft_id {
        Some(id) => Target::Draft(id),
        None => Target::New {
            idempotency_key: Some(idempotency_key.clone()),
        },
    };
    let outcome = service::save_or_submit(
        &ctx.state.db,
        &ctx.state.files,
        &ctx.state.config,
        DraftRequest {
            submitter: viewer,
            collection_id,
            target,
            intent,
            input: input.clone(),
            uploads,
            read_at,
        },
    )
    .await
    .map_err(AppError::Internal)?;
    match outcome {
        Outcome::Saved(id) => {
            session::flash_notice(
                &ctx.session,
                "Your draft is saved. You can come back to it from “My submissions”.",
            );
            Ok(see_other(&format!("/submissions/{id}/edit")))
        }
        Outcome::Submitted { id, number } => {
            session::flash_notice(
                &ctx.session,
                format!(
                    "Thank you: your manuscript is submitted as {number}. A receipt is on its way to the corresponding author."
                ),
            );
            Ok(see_other(&format!("/submissions/{id}")))
        }
        Outcome::AlreadySubmitted(id) => {
            session::flash_notice(
                &ctx.session,
                "This form had already been sent: here is the submission it made. Nothing was changed.",
            );
            Ok(see_other(&format!("/submissions/{id}")))
        }
        Outcome::NotFound => Err(AppError::NotFound),
        Outcome::ChangedMeanwhile { parts, saved_at } => {
            let mut errors = FormErrors::new();
            errors.add(
                "submission-form",
                format!(
                    "This draft was saved from another tab or window at {} UTC, after you opened this page, so nothing was saved from here. It differs from what you typed here in: {}. What you typed is kept below{}; save again to replace the saved draft with it, or open the draft again to continue from the saved one.",
                    saved_at.format("%H:%M:%S"),
                    parts.join(", "),
                    if had_uploads { " (the files you chose were not kept: attach them again)" } else { "" },
                ),
            );
            let state = FormState {
                input,
                collection_id,
                draft_id,
                idempotency_key,
                // Saving again from here is now a choice made knowing the newer version.
                read_at: ReadAt::field(Some(saved_at)),
                errors,
                notice: None,
            };
            form_page(&ctx, state, StatusCode::CONFLICT).await
        }
        Outcome::Invalid(mut errors) => {
            if had_uploads && !errors.has("manuscript") && !errors.has("supplementary") {
                errors.add(
                    "manuscript",
                    "Nothing was saved, so the files you chose were not kept: attach them again before you submit.",
                );
            }
            let state = FormState {
                input,
                collection_id,
                draft_id,
                idempotency_key,
                read_at: read_at_field.clone(),
                errors,
                notice: None,
            };
            form_page(&ctx, state, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// POST /submissions/{id}/discard
pub async fn discard(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer()?;
    let discarded = service::discard_draft(
        &ctx.state.db,
        &ctx.state.files,
        viewer.person.id,
        path.into_inner(),
    )
    .await
    .map_err(AppError::Internal)?;
    let notice = match discarded {
        service::Discarded::Now => "The draft was deleted.",
        service::Discarded::Already => "That draft was already deleted.",
        service::Discarded::NotFound => return Err(AppError::NotFound),
    };
    session::flash_notice(&ctx.session, notice);
    Ok(see_other("/submissions"))
}

// ---------------------------------------------------------------------------------------
// My submissions

pub struct SubmissionLine {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub state: SubmissionState,
    pub updated_at: NaiveDateTime,
    pub collection: String,
    pub round: i32,
}

impl SubmissionLine {
    pub fn is_draft(&self) -> bool {
        self.state == SubmissionState::Draft
    }
}

#[derive(Template)]
#[template(path = "submissions/list.html")]
struct ListPage {
    chrome: Chrome,
    lines: Vec<SubmissionLine>,
}

/// GET /submissions
pub async fn my_submissions(ctx: LazyCtx) -> Result<HttpResponse, AppError> {
    let (ctx, rows) = ctx
        .run_signed_in(|conn, viewer| {
            store::list_for_submitter(conn, viewer.person.id).map_err(AppError::from)
        })
        .await?;
    let lines = rows
        .into_iter()
        .map(|r| SubmissionLine {
            id: r.id,
            number: r.manuscript_number.unwrap_or_else(|| "Draft".into()),
            title: if r.title.trim().is_empty() {
                "(untitled draft)".into()
            } else {
                r.title
            },
            state: r.state.parse().unwrap_or(SubmissionState::Draft),
            updated_at: r.updated_at,
            collection: r.collection_title,
            round: r.current_round,
        })
        .collect();
    render(&ListPage {
        chrome: ctx.chrome("My submissions"),
        lines,
    })
}

// ---------------------------------------------------------------------------------------
// A submission's page

/// One line of the timeline as this viewer may read it.
pub struct TimelineLine {
    pub at: NaiveDateTime,
    pub what: String,
    pub by: String,
    pub note: String,
}

/// What a submission's page shows, loaded in one go.
pub struct ShowData {
    pub s: Submission,
    pub state: SubmissionState,
    pub collection: String,
    pub authors: Vec<Author>,
    pub topics: Vec<String>,
    pub preferences: Vec<Preference>,
    pub files: Vec<SubmissionFile>,
    /// Double-blind review: a file whose properties name an author is pointed out.
    pub double_blind: bool,
    pub timeline: Vec<TimelineLine>,
    /// The decision letters sent to the authors, oldest first.
    pub letters: Vec<crate::workflow::decision::LetterView>,
    pub may_withdraw: bool,
    /// A revision was asked for: the author may send a revised version.
    pub may_resubmit: bool,
    /// Rejected and never appealed: the author may appeal.
    pub may_appeal: bool,
    pub appeal: Option<crate::db::rounds::Appeal>,
    /// The responses to the reviewers, by the round they opened.
    pub responses: Vec<crate::db::rounds::RevisionResponse>,
    pub handling_editor: Option<String>,
    /// Once published: the article's public page and its citation.
    pub published: Option<(i64, String)>,
}

#[derive(Template)]
#[template(path = "submissions/show.html")]
struct ShowPage {
    chrome: Chrome,
    d: ShowData,
}

impl ShowPage {
    fn prefs(&self, kind: &str) -> Vec<&Preference> {
        self.d
            .preferences
            .iter()
            .filter(|p| p.kind == kind)
            .collect()
    }

    fn size(&self, f: &SubmissionFile) -> String {
        human_size(f.size_bytes.max(0) as u64)
    }

    fn role_label(&self, role: &str) -> &'static str {
        match role {
            store::MANUSCRIPT => "Manuscript",
            store::SUPPLEMENTARY => "Supplementary material",
            _ => "File",
        }
    }
}

/// What a timeline event says, in the author's words.
fn describe(e: &TimelineEntry) -> String {
    let transition = Transition::ALL.iter().find(|t| t.as_str() == e.kind);
    match transition {
        Some(Transition::Submit) => "Submitted".into(),
        // Its note is the round it opened ("Round 2").
        Some(Transition::Resubmit) => match e.note.strip_prefix("Round ") {
            Some(round) => format!("Revised version submitted (round {round})"),
            None => Transition::Resubmit.label().into(),
        },
        Some(Transition::Withdraw) => "Withdrawn".into(),
        Some(_) => match e
            .to_state
            .as_deref()
            .and_then(|s| s.parse::<SubmissionState>().ok())
        {
            Some(to) => format!("Now {}", to.label().to_lowercase()),
            None => e.kind.replace('_', " "),
        },
        None => e.kind.replace('_', " "),
    }
}

fn load_show_data(
    conn: &mut DbConnection,
    person_id: i64,
    id: i64,
) -> Result<Option<ShowData>, AppError> {
    let Some(s) = store::find(conn, id)? else {
        return Ok(None);
    };
    if !submitter_may(conn, person_id, &s, SubmissionAction::View)? {
        return Ok(None);
    }
    let (_, _, double_blind) = crate::db::collections::setting_of(conn, &s)?;
    let collection = collections::find_collection(conn, s.collection_id)?
        .map(|c| c.title)
        .unwrap_or_default();
    let handling_editor = match s.handling_editor_id {
        Some(eid) => people_store::find_person(conn, eid)?.map(|p| p.name),
        None => None,
    };
    // Names only for the viewer themselves and the handling editor; every other actor
    // (a reviewer, the system) reads as "the journal".
    // Authors see the moves of their submission, not the editorial office's notes (which
    // editor was passed over and why is for the editor-in-chief).
    let timeline = events::timeline(conn, id)?
        .into_iter()
        .filter(|e| Transition::ALL.iter().any(|t| t.as_str() == e.kind))
        .map(|e| TimelineLine {
            at: e.occurred_at,
            what: describe(&e),
            by: match e.actor_id {
                Some(a) if a == person_id => "you".into(),
                Some(a) if Some(a) == s.handling_editor_id => "the handling editor".into(),
                _ => "the journal".into(),
            },
            // A revised version's note is only its round, said in `what` already.
            note: if e.kind == Transition::Resubmit.as_str() {
                String::new()
            } else {
                e.note
            },
        })
        .collect();
    let appeal = crate::db::rounds::appeal_of(conn, id)?;
    Ok(Some(ShowData {
        state: s.state(),
        may_withdraw: submitter_may(conn, person_id, &s, SubmissionAction::Withdraw)?,
        may_resubmit: submitter_may(conn, person_id, &s, SubmissionAction::Resubmit)?,
        may_appeal: appeal.is_none()
            && submitter_may(conn, person_id, &s, SubmissionAction::Appeal)?,
        appeal,
        responses: crate::workflow::round::responses_of(conn, id)?,
        collection,
        authors: store::authors_of(conn, id)?,
        topics: store::topics_of(conn, id)?,
        preferences: store::preferences_of(conn, id)?,
        files: store::files_of(conn, id)?,
        double_blind,
        timeline,
        letters: crate::workflow::decision::letters_for_author(conn, id)?,
        handling_editor,
        published: crate::workflow::publishing::published_citation(conn, id)?,
        s,
    }))
}

/// GET /submissions/{id}
pub async fn show(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let id = path.into_inner();
    let d = ctx
        .state
        .db
        .run(move |conn| load_show_data(conn, person_id, id))
        .await?
        .ok_or(AppError::NotFound)?;
    if d.state == SubmissionState::Draft {
        return Ok(see_other(&format!("/submissions/{id}/edit")));
    }
    render(&ShowPage {
        chrome: ctx.chrome(format!("{} · {}", d.s.number_or_draft(), d.s.title)),
        d,
    })
}

// ---------------------------------------------------------------------------------------
// Withdrawal

#[derive(Template)]
#[template(path = "submissions/withdraw.html")]
struct WithdrawPage {
    chrome: Chrome,
    s: Submission,
    reason: String,
    errors: FormErrors,
    refused: Option<String>,
}

async fn load_own(ctx: &Ctx, id: i64, action: SubmissionAction) -> Result<Submission, AppError> {
    let person_id = ctx.viewer()?.person.id;
    ctx.state
        .db
        .run(move |conn| -> Result<Option<Submission>, AppError> {
            match store::find(conn, id)? {
                Some(s) if submitter_may(conn, person_id, &s, action)? => Ok(Some(s)),
                _ => Ok(None),
            }
        })
        .await?
        .ok_or(AppError::NotFound)
}

/// GET /submissions/{id}/withdraw
pub async fn withdraw_form(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let s = load_own(&ctx, id, SubmissionAction::View).await?;
    let refused = crate::domain::submission_state::next(s.state(), Transition::Withdraw)
        .err()
        .map(|r| r.to_string());
    if refused.is_none() {
        // Allowed by the state machine, so only the submitter may get this far.
        load_own(&ctx, id, SubmissionAction::Withdraw).await?;
    }
    render(&WithdrawPage {
        chrome: ctx.chrome(format!("Withdraw {}", s.number_or_draft())),
        s,
        reason: String::new(),
        errors: FormErrors::new(),
        refused,
    })
}

#[derive(serde::Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    reason: String,
}

/// POST /submissions/{id}/withdraw
pub async fn withdraw(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<WithdrawForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let person = ctx.viewer()?.person.clone();
    let reason = form.into_inner().reason;
    let outcome = service::withdraw(&ctx.state.db, &ctx.state.config, person, id, reason.clone())
        .await
        .map_err(AppError::Internal)?;
    match outcome {
        WithdrawOutcome::Withdrawn => {
            session::flash_notice(
                &ctx.session,
                "The submission is withdrawn. The journal has been told.",
            );
            Ok(see_other(&format!("/submissions/{id}")))
        }
        WithdrawOutcome::NotFound => Err(AppError::NotFound),
        WithdrawOutcome::Refused(message) => {
            let s = load_own(&ctx, id, SubmissionAction::View).await?;
            render_with(
                StatusCode::CONFLICT,
                &WithdrawPage {
                    chrome: ctx.chrome(format!("Withdraw {}", s.number_or_draft())),
                    s,
                    reason,
                    errors: FormErrors::new(),
                    refused: Some(message),
                },
            )
        }
        WithdrawOutcome::Invalid(errors) => {
            let s = load_own(&ctx, id, SubmissionAction::View).await?;
            render_with(
                StatusCode::UNPROCESSABLE_ENTITY,
                &WithdrawPage {
                    chrome: ctx.chrome(format!("Withdraw {}", s.number_or_draft())),
                    s,
                    reason,
                    errors,
                    refused: None,
                },
            )
        }
    }
}

// ---------------------------------------------------------------------------------------
// Files

/// GET /submissions/{id}/files/{file_id}: only for those who may see the submission, as an
/// attachment with the type decided when it was uploaded.
pub async fn download(ctx: Ctx, path: web::Path<(i64, i64)>) -> Result<HttpResponse, AppError> {
    let (id, file_id) = path.into_inner();
    let viewer = ctx.viewer()?;
    let (person, roles) = (viewer.person.clone(), viewer.roles.clone());
    let settings = ctx.state.config.site().settings();
    let files = ctx.state.files.clone();
    let found = ctx
        .state
        .db
        .run(
            move |conn| -> Result<Option<(Submission, SubmissionFile, Vec<u8>)>, AppError> {
                let Some(access) = editorial::access(conn, &person, &roles, id, &settings)? else {
                    return Ok(None);
                };
                if !access.may(SubmissionAction::DownloadFile) {
                    return Ok(None);
                }
                let s = access.submission;
                let Some(f) = store::find_file(conn, id, file_id)? else {
                    return Ok(None);
                };
                let bytes = files.read(&f.sha256).map_err(|e| {
                    AppError::Internal(anyhow::Error::new(e).context("stored file unreadable"))
                })?;
                Ok(Some((s, f, bytes)))
            },
        )
        .await?;
    let (s, f, bytes) = found.ok_or(AppError::NotFound)?;
    let kind = FileKind::from_content_type(&f.content_type).unwrap_or(FileKind::Pdf);
    let number = s
        .manuscript_number
        .clone()
        .unwrap_or_else(|| format!("draft-{}", s.id));
    // Supplementary files are several per round: their id keeps the names apart.
    let label = match f.role.as_str() {
        store::MANUSCRIPT => format!("manuscript-r{}", f.round),
        other => format!("{other}-r{}-{}", f.round, f.id),
    };
    let name = storage::download_name(&number, &label, kind);
    Ok(HttpResponse::Ok()
        .content_type(kind.content_type())
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(name)],
        })
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}
