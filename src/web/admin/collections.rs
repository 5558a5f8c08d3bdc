//! A collection's form: new, or editing one; saving it (409 when it was saved elsewhere
//! since the form was read, with what was typed kept).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDateTime;
use diesel::result::Error as DieselError;
use serde::Deserialize;

use crate::db::DbConnection;
use crate::db::collections::{self, Collection, Journal};
use crate::db::events::{self, NewEvent, Subject};
use crate::db::guard::{self, ReadAt};
use crate::domain::FormErrors;
use crate::domain::collection::{ARTICLE_TYPES, CollectionFields, CollectionInput};
use crate::domain::licence::Licence;
use crate::domain::permissions::Action;
use crate::web::{AppError, Chrome, Ctx, Viewer, render, render_with, see_other, session};

#[derive(Template)]
#[template(path = "admin/collection_form.html")]
struct CollectionFormPage {
    chrome: Chrome,
    /// `None` when creating.
    collection_id: Option<i64>,
    journals: Vec<Journal>,
    journal_id: i64,
    input: CollectionInput,
    errors: FormErrors,
    known_types: Vec<&'static str>,
    /// The record's version as the form was read (`db::guard::ReadAt`); empty when new.
    read_at: String,
}

impl CollectionFormPage {
    /// The licences a collection may choose: (SPDX code, what the list shows).
    fn licences(&self) -> Vec<(&'static str, String)> {
        Licence::ALL
            .iter()
            .map(|l| (l.code(), format!("{} ({})", l.name(), l.short_name())))
            .collect()
    }

    /// Whether the form shows this licence as chosen (the default when none is).
    fn is_chosen_licence(&self, code: &str) -> bool {
        let chosen = self.input.licence.trim();
        if chosen.is_empty() {
            code == Licence::default().code()
        } else {
            code == chosen
        }
    }

    fn action(&self) -> String {
        match self.collection_id {
            Some(id) => format!("/admin/collections/{id}"),
            None => "/admin/collections".to_owned(),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct NewCollectionQuery {
    journal: Option<i64>,
}

/// GET /admin/collections/new[?journal=id]
pub async fn new_collection_form(
    ctx: Ctx,
    query: web::Query<NewCollectionQuery>,
) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let journals: Vec<Journal> = ctx
        .state
        .db
        .run(|conn| collections::list_journals(conn).map_err(AppError::from))
        .await?
        .into_iter()
        .filter(|j| viewer.may(Action::CreateCollection { journal_id: j.id }))
        .collect();
    let journal_id = query
        .journal
        .filter(|id| journals.iter().any(|j| j.id == *id))
        .or(journals.first().map(|j| j.id));
    let Some(journal_id) = journal_id else {
        return Err(AppError::NotFound);
    };
    let input = CollectionInput {
        blinding: "single".into(),
        review_due_days: "14".into(),
        abstract_word_limit: "350".into(),
        licence: Licence::default().code().into(),
        article_types: "Research Article".into(),
        opens_on: chrono::Utc::now()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string(),
        ..Default::default()
    };
    render(&CollectionFormPage {
        chrome: ctx.chrome("New collection"),
        collection_id: None,
        journals,
        journal_id,
        input,
        errors: FormErrors::new(),
        known_types: ARTICLE_TYPES.to_vec(),
        read_at: String::new(),
    })
}

#[derive(Debug, Deserialize)]
pub struct CollectionFormData {
    /// A string: flattened URL-encoded forms deliver every value as text.
    #[serde(default)]
    journal_id: String,
    /// The record's version when the form was read; absent from forms that do not say.
    #[serde(default)]
    read_at: Option<String>,
    #[serde(flatten)]
    input: CollectionInput,
}

/// The version a re-shown form carries on: the one it was read at.
fn data_read_at_field(read_at: Option<ReadAt>) -> String {
    read_at.map(|r| ReadAt::field(r.0)).unwrap_or_default()
}

/// The collection as its form shows it.
fn stored_input(details: &collections::CollectionDetails) -> CollectionInput {
    let c = &details.collection;
    CollectionInput {
        title: c.title.clone(),
        slug: c.slug.clone(),
        manuscript_prefix: c.manuscript_prefix.clone(),
        summary: c.summary.clone(),
        definition: c.definition.clone(),
        about: c.about.clone(),
        guidelines: c.guidelines.clone(),
        article_type_policy: c.article_type_policy.clone(),
        competing_interests_statement: c.competing_interests_statement.clone(),
        opens_on: c.opens_on.format("%Y-%m-%d").to_string(),
        closes_on: c
            .closes_on
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        blinding: c.blinding.clone(),
        review_due_days: c.review_due_days.to_string(),
        abstract_word_limit: c.abstract_word_limit.to_string(),
        licence: c.licence.clone(),
        topics: details.topics.join("\n"),
        article_types: details.article_types.join("\n"),
        checklist: details.checklist.join("\n"),
        require_author_confirmation: if c.require_author_confirmation {
            "on".into()
        } else {
            String::new()
        },
        share_reviews_with_reviewers: if c.share_reviews_with_reviewers {
            "on".into()
        } else {
            String::new()
        },
        decisions_confirmed: if c.decisions_confirmed {
            "on".into()
        } else {
            String::new()
        },
    }
}

/// What saving the collection form did.
enum CollectionSave {
    /// Its title and web address.
    Saved {
        title: String,
        slug: String,
    },
    SlugTaken,
    /// Saved by someone else (or another tab) after the form was read, at this version.
    ChangedMeanwhile(chrono::NaiveDateTime),
}

/// The journal the collection is saved in, if the viewer may: the collection's own when
/// editing, the one chosen when creating. Otherwise 404.
fn journal_to_save_in(
    viewer: &Viewer,
    existing: Option<&Collection>,
    journals: &[Journal],
    chosen: &str,
) -> Result<i64, AppError> {
    match existing {
        Some(c) => {
            if !viewer.may(Action::EditCollection {
                journal_id: c.journal_id,
            }) {
                return Err(AppError::NotFound);
            }
            Ok(c.journal_id)
        }
        None => {
            let wanted: i64 = chosen.trim().parse().unwrap_or(0);
            if !journals.iter().any(|j| j.id == wanted)
                || !viewer.may(Action::CreateCollection { journal_id: wanted })
            {
                return Err(AppError::NotFound);
            }
            Ok(wanted)
        }
    }
}

/// The version the collection was saved at since the form was read at `read`, when that
/// save left it other than this form says; `None` when the form may be saved (a repeated
/// press, or a save that says what is saved, is simply done).
fn changed_meanwhile(
    conn: &mut DbConnection,
    id: i64,
    read: ReadAt,
    fields: &CollectionFields,
) -> Result<Option<NaiveDateTime>, DieselError> {
    guard::lock_collection(conn, id)?;
    let Some(now) = collections::find_collection(conn, id)? else {
        return Ok(None);
    };
    if read.is_current(Some(now.updated_at)) {
        return Ok(None);
    }
    let stored = stored_input(&collections::details(conn, now.clone())?);
    let same = stored
        .parse()
        .is_ok_and(|f| CollectionInput::from(&f) == CollectionInput::from(fields));
    Ok((!same).then_some(now.updated_at))
}

/// Writes the collection (new in `journal_id`, or the one of `collection_id`) with its
/// audit event, in one transaction.
fn save(
    conn: &mut DbConnection,
    (collection_id, journal_id): (Option<i64>, i64),
    read_at: Option<ReadAt>,
    fields: &CollectionFields,
    actor: i64,
) -> Result<CollectionSave, DieselError> {
    crate::db::write_transaction(conn, |conn| {
        if let (Some(id), Some(read)) = (collection_id, read_at)
            && let Some(at) = changed_meanwhile(conn, id, read, fields)?
        {
            return Ok(CollectionSave::ChangedMeanwhile(at));
        }
        if collections::slug_taken(conn, &fields.slug, collection_id)? {
            return Ok(CollectionSave::SlugTaken);
        }
        let (c, kind) = match collection_id {
            Some(id) => (
                collections::update_collection(conn, id, fields)?,
                "collection.updated",
            ),
            None => (
                collections::insert_collection(conn, journal_id, fields)?,
                "collection.created",
            ),
        };
        events::record(
            conn,
            NewEvent::new(Some(actor), Subject::Collection(c.id), kind, &c.title),
        )?;
        Ok(CollectionSave::Saved {
            title: c.title,
            slug: c.slug,
        })
    })
}

/// Every journal, and the collection being edited (404 when there is no such collection).
fn journals_and(
    conn: &mut DbConnection,
    collection_id: Option<i64>,
) -> Result<(Vec<Journal>, Option<Collection>), AppError> {
    let existing = match collection_id {
        Some(id) => Some(collections::find_collection(conn, id)?.ok_or(AppError::NotFound)?),
        None => None,
    };
    Ok((collections::list_journals(conn)?, existing))
}

async fn save_collection(
    ctx: Ctx,
    collection_id: Option<i64>,
    data: CollectionFormData,
) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let (journals, existing) = ctx
        .state
        .db
        .run(move |conn| journals_and(conn, collection_id))
        .await?;
    let journal_id = journal_to_save_in(&viewer, existing.as_ref(), &journals, &data.journal_id)?;
    let input = data.input;
    let read_at = ReadAt::from_form(data.read_at.as_deref());
    let mut form_read_at = data_read_at_field(read_at);
    let parsed = input.parse();
    let mut errors = parsed.as_ref().err().cloned().unwrap_or_default();
    if let Ok(fields) = parsed {
        let actor = viewer.person.id;
        let place = (collection_id, journal_id);
        let saved = ctx
            .state
            .db
            .run(move |conn| save(conn, place, read_at, &fields, actor).map_err(AppError::from))
            .await?;
        match saved {
            CollectionSave::Saved { title, slug } => {
                session::flash_notice(&ctx.session, format!("“{title}” is saved."));
                return Ok(see_other(&format!("/collections/{slug}")));
            }
            CollectionSave::SlugTaken => {
                errors.add("slug", "Another collection already uses this web address.")
            }
            CollectionSave::ChangedMeanwhile(at) => {
                errors.add(
                    "collection-form",
                    format!(
                        "This collection was saved by someone else, or from another tab, at {} UTC, after you opened this page, so nothing was saved from here. What you typed is kept below: save again to replace the saved version with it, or open the page again to start from the saved one.",
                        at.format("%H:%M:%S")
                    ),
                );
                // Saving again from here is a choice made knowing the newer version.
                form_read_at = ReadAt::field(Some(at));
            }
        }
    }
    let editable_journals = journals
        .into_iter()
        .filter(|j| viewer.may(Action::CreateCollection { journal_id: j.id }))
        .collect();
    let title = if collection_id.is_some() {
        "Edit collection"
    } else {
        "New collection"
    };
    let status = if errors.has("collection-form") {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_with(
        status,
        &CollectionFormPage {
            chrome: ctx.chrome(title),
            collection_id,
            journals: editable_journals,
            journal_id,
            input,
            errors,
            known_types: ARTICLE_TYPES.to_vec(),
            read_at: form_read_at,
        },
    )
}

/// POST /admin/collections
pub async fn create_collection(
    ctx: Ctx,
    form: web::Form<CollectionFormData>,
) -> Result<HttpResponse, AppError> {
    save_collection(ctx, None, form.into_inner()).await
}

/// POST /admin/collections/{id}
pub async fn update_collection(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<CollectionFormData>,
) -> Result<HttpResponse, AppError> {
    save_collection(ctx, Some(path.into_inner()), form.into_inner()).await
}

/// GET /admin/collections/{id}/edit
pub async fn edit_collection_form(
    ctx: Ctx,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let id = path.into_inner();
    let details = ctx
        .state
        .db
        .run(move |conn| -> Result<_, AppError> {
            let c = collections::find_collection(conn, id)?.ok_or(AppError::NotFound)?;
            Ok(collections::details(conn, c)?)
        })
        .await?;
    let c = &details.collection;
    if !viewer.may(Action::EditCollection {
        journal_id: c.journal_id,
    }) {
        return Err(AppError::NotFound);
    }
    let input = stored_input(&details);
    render(&CollectionFormPage {
        chrome: ctx.chrome(format!("Edit “{}”", c.title)),
        collection_id: Some(c.id),
        journals: vec![details.journal.clone()],
        journal_id: c.journal_id,
        input,
        errors: FormErrors::new(),
        known_types: ARTICLE_TYPES.to_vec(),
        read_at: ReadAt::field(Some(c.updated_at)),
    })
}
