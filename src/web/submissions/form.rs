//! The submission form's page, new or a draft's, as first opened or shown again.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::accounts::Person;
use crate::db::collections::{self, Collection};
use crate::db::guard::ReadAt;
use crate::db::submissions::{self as store, Submission};
use crate::db::{DbConnection, now};
use crate::domain::FormErrors;
use crate::domain::collection::{ARTICLE_TYPES, Blinding};
use crate::domain::permissions::SubmissionAction;
use crate::domain::submission::{AuthorInput, SubmissionInput, author_field};
use crate::security::token;
use crate::storage::{self, FileKind};
use crate::web::{AppError, Chrome, Ctx, render_with, see_other};
use crate::workflow::submission::{human_size, submitter_may};

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
    /// Under double-blind review: which authors the file's first pages name.
    pub named_in_text: Option<String>,
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
    /// The chosen collection's checklist: a checkbox each.
    checklist: Vec<String>,
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

    fn affiliation_field(&self, part: &str, i: &usize, j: &usize) -> String {
        crate::domain::affiliation::affiliation_field(part, *i, *j)
    }

    fn countries(&self) -> &'static [(&'static str, &'static str)] {
        crate::domain::countries::COUNTRIES
    }

    fn authors_hint(&self) -> &'static str {
        "Every author will be told by e-mail that they are listed, and every author but you asked, by a link in that e-mail, to confirm that they are an author and agree to the submission. Choose one corresponding author: the journal writes to them."
    }

    fn ref_field(&self, kind: &str, part: &str, i: &usize) -> String {
        format!("{kind}_{part}_{i}")
    }

    fn is_topic_chosen(&self, topic: &str) -> bool {
        self.input.topics.iter().any(|t| t == topic)
    }

    fn is_ticked(&self, statement: &str) -> bool {
        self.input
            .checklist_ticked
            .iter()
            .any(|t| t.trim() == statement)
    }

    /// The chosen collection's id, or 0 (no collection has it) when none is chosen.
    fn selected_collection(&self) -> i64 {
        self.collection_id.unwrap_or(0)
    }

    /// The manuscript field's label: a file chosen replaces the one attached, if any.
    fn manuscript_label(&self) -> &'static str {
        if self.attached.iter().any(|f| f.role == store::MANUSCRIPT) {
            "Manuscript (replaces the attached one)"
        } else {
            "Manuscript"
        }
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
    checklist: Vec<String>,
    attached: Vec<AttachedFile>,
}

/// The collections offered (the open ones, and the chosen one even when closed), and the
/// chosen one.
fn collections_offered(
    conn: &mut DbConnection,
    collection_id: Option<i64>,
) -> Result<(Vec<CollectionChoice>, Option<Collection>), AppError> {
    let today = now().date();
    let mut offered = Vec::new();
    let mut chosen = None;
    for (c, journal) in collections::list_collections(conn)? {
        let is_chosen = Some(c.id) == collection_id;
        let open = c.is_open_on(today);
        if open || is_chosen {
            offered.push(CollectionChoice {
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
    if chosen.is_none() && collection_id.is_none() && offered.len() == 1 {
        chosen = collections::find_collection(conn, offered[0].id)?;
    }
    Ok((offered, chosen))
}

fn attached_files(
    conn: &mut DbConnection,
    draft_id: i64,
    double_blind: bool,
) -> Result<Vec<AttachedFile>, AppError> {
    Ok(store::files_of(conn, draft_id)?
        .into_iter()
        .map(|f| AttachedFile {
            named_authors: f.named_authors().filter(|_| double_blind),
            named_in_text: f.named_in_text().filter(|_| double_blind),
            id: f.id,
            role: f.role,
            name: f.original_name,
            size: human_size(f.size_bytes.max(0) as u64),
        })
        .collect())
}

fn load_form_data(
    conn: &mut DbConnection,
    collection_id: Option<i64>,
    draft_id: Option<i64>,
) -> Result<FormData, AppError> {
    let (collections, chosen) = collections_offered(conn, collection_id)?;
    let (accepted_types, topics, checklist) = match &chosen {
        Some(c) => (
            collections::article_types_of(conn, c.id)?,
            collections::topics_of(conn, c.id)?,
            collections::checklist_of(conn, c.id)?,
        ),
        None => (Vec::new(), Vec::new(), Vec::new()),
    };
    let double_blind = chosen
        .as_ref()
        .is_some_and(|c| Blinding::parse(&c.blinding) == Ok(Blinding::Double));
    let attached = match draft_id {
        Some(id) => attached_files(conn, id, double_blind)?,
        None => Vec::new(),
    };
    Ok(FormData {
        collections,
        chosen,
        accepted_types,
        topics,
        checklist,
        attached,
    })
}

/// The form as it is shown: what was typed, and what to say with it.
pub(super) struct FormState {
    pub(super) input: SubmissionInput,
    pub(super) collection_id: Option<i64>,
    pub(super) draft_id: Option<i64>,
    pub(super) idempotency_key: String,
    pub(super) read_at: String,
    pub(super) errors: FormErrors,
    pub(super) notice: Option<String>,
}

pub(super) async fn form_page(
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
        checklist: data.checklist,
        abstract_word_limit: limit,
        attached: data.attached,
        max_upload: human_size(ctx.state.config.max_upload_bytes),
        supplementary_types: storage::accepted_labels(&FileKind::ALL),
        notice: state.notice,
    };
    render_with(status, &page)
}

/// The submitter as the first author: what a new form starts with.
fn fresh_input(viewer: &Person) -> SubmissionInput {
    SubmissionInput {
        article_type: "Research Article".into(),
        authors: vec![
            AuthorInput {
                email: viewer.email.clone(),
                affiliations: match crate::domain::affiliation::from_single_line(
                    &viewer.affiliation,
                ) {
                    list if list.is_empty() => vec![Default::default()],
                    list => list,
                },
                orcid: viewer.orcid.clone().unwrap_or_default(),
                name_guessed: viewer.name_guessed,
                ..Default::default()
            }
            .named(&viewer.name_parts()),
        ],
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

/// The draft as stored, if its submitter is `person_id`, and whether it may still be
/// edited (`false` once submitted).
fn own_draft(
    conn: &mut DbConnection,
    person_id: i64,
    id: i64,
) -> Result<Option<(Submission, SubmissionInput, bool)>, AppError> {
    let Some(s) = store::find(conn, id)? else {
        return Ok(None);
    };
    if !submitter_may(conn, person_id, &s, SubmissionAction::View)? {
        return Ok(None);
    }
    let editable = submitter_may(conn, person_id, &s, SubmissionAction::EditDraft)?;
    let input = store::load_input(conn, &s)?;
    Ok(Some((s, input, editable)))
}

/// GET /submissions/{id}/edit
pub async fn edit_form(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer()?;
    let id = path.into_inner();
    let person_id = viewer.person.id;
    let loaded = ctx
        .state
        .db
        .run(move |conn| own_draft(conn, person_id, id))
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
