//! The editor-in-chief's and administrator's pages: collections, roles, the audit log.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{AppError, Chrome, Ctx, Viewer, render, render_with, see_other, session};
use crate::db::collections::{self, Collection, Journal};
use crate::db::events::{self, EventRow, NewEvent, Subject};
use crate::db::guard::{self, ReadAt};
use crate::db::roles::{self, RoleListing};
use crate::db::{DbConnection, accounts};
use crate::domain::collection::{ARTICLE_TYPES, CollectionInput};
use crate::domain::permissions::{Action, GrantScope, role_fits_scope};
use crate::domain::{EmailAddress, FormErrors, Role};
use crate::mail::messages::{MailMessage, RoleGranted};
use crate::mail::{self, Envelope};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin", web::get().to(overview))
        .route("/admin/roles", web::get().to(roles_page))
        .route("/admin/roles", web::post().to(grant_role))
        .route("/admin/roles/{id}/revoke", web::post().to(revoke_role))
        .route("/admin/collections/new", web::get().to(new_collection_form))
        .route("/admin/collections", web::post().to(create_collection))
        .route(
            "/admin/collections/{id}/edit",
            web::get().to(edit_collection_form),
        )
        .route("/admin/collections/{id}", web::post().to(update_collection));
}

// ---- Overview -----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "admin/overview.html")]
struct OverviewPage {
    chrome: Chrome,
    collections: Vec<(Collection, Journal, bool)>,
    journals_for_new: Vec<Journal>,
    audit: Option<Vec<EventRow>>,
    may_read_outbox: bool,
}

pub async fn overview(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let read_audit = viewer.may(Action::ReadAuditLog);
    let (all, journals, audit) = ctx
        .state
        .db
        .run(move |conn| -> Result<_, AppError> {
            let audit = if read_audit {
                Some(events::recent(conn, 50)?)
            } else {
                None
            };
            Ok((
                collections::list_collections(conn)?,
                collections::list_journals(conn)?,
                audit,
            ))
        })
        .await?;
    let collections = all
        .into_iter()
        .map(|(c, j)| {
            let editable = viewer.may(Action::EditCollection { journal_id: j.id });
            (c, j, editable)
        })
        .collect();
    let journals_for_new = journals
        .into_iter()
        .filter(|j| viewer.may(Action::CreateCollection { journal_id: j.id }))
        .collect();
    let may_read_outbox = viewer.may(Action::ReadOutbox);
    render(&OverviewPage {
        chrome: ctx.chrome("Editorial office"),
        collections,
        journals_for_new,
        audit,
        may_read_outbox,
    })
}

// ---- Roles --------------------------------------------------------------------------------

/// A place a role can be granted, as offered in the form's list.
pub struct ScopeOption {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct GrantInput {
    email: String,
    role: String,
    scope: String,
}

#[derive(Template)]
#[template(path = "admin/roles.html")]
struct RolesPage {
    chrome: Chrome,
    grants: Vec<(RoleListing, bool)>,
    roles: Vec<Role>,
    scopes: Vec<ScopeOption>,
    input: GrantInput,
    errors: FormErrors,
}

fn scope_of(
    grant_journal: Option<i64>,
    grant_collection: Option<i64>,
    all: &[(Collection, Journal)],
) -> Option<GrantScope> {
    match (grant_journal, grant_collection) {
        (None, None) => Some(GrantScope::Site),
        (Some(journal_id), None) => Some(GrantScope::Journal { journal_id }),
        (None, Some(cid)) => {
            all.iter()
                .find(|(c, _)| c.id == cid)
                .map(|(c, _)| GrantScope::Collection {
                    journal_id: c.journal_id,
                    collection_id: cid,
                })
        }
        _ => None,
    }
}

fn parse_scope(
    value: &str,
    all: &[(Collection, Journal)],
    journals: &[Journal],
) -> Option<GrantScope> {
    match value.split_once(':') {
        None if value == "site" => Some(GrantScope::Site),
        Some(("journal", id)) => {
            let id: i64 = id.parse().ok()?;
            journals
                .iter()
                .any(|j| j.id == id)
                .then_some(GrantScope::Journal { journal_id: id })
        }
        Some(("collection", id)) => scope_of(None, Some(id.parse().ok()?), all),
        _ => None,
    }
}

async fn roles_page_with(
    ctx: &Ctx,
    viewer: &Viewer,
    input: GrantInput,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let (listings, all, journals) = ctx
        .state
        .db
        .run(|conn| -> Result<_, AppError> {
            Ok((
                roles::list_all(conn)?,
                collections::list_collections(conn)?,
                collections::list_journals(conn)?,
            ))
        })
        .await?;
    let grants = listings
        .into_iter()
        .filter_map(|l| {
            let role = l.grant.kind()?;
            let scope = scope_of(l.grant.journal_id, l.grant.collection_id, &all)?;
            let in_view =
                viewer.may(Action::ManageRole { role, scope }) || viewer.may(Action::ReadAuditLog);
            in_view.then(|| {
                let may_revoke = viewer.may(Action::ManageRole { role, scope });
                (l, may_revoke)
            })
        })
        .collect();
    // Site-wide roles need no place: the list offers journals and collections only.
    let mut scopes = Vec::new();
    for j in &journals {
        if viewer.may(Action::ManageRole {
            role: Role::BoardMember,
            scope: GrantScope::Journal { journal_id: j.id },
        }) {
            scopes.push(ScopeOption {
                value: format!("journal:{}", j.id),
                label: format!("Journal: {}", j.name),
            });
        }
    }
    for (c, j) in &all {
        let scope = GrantScope::Collection {
            journal_id: j.id,
            collection_id: c.id,
        };
        if viewer.may(Action::ManageRole {
            role: Role::GuestEditor,
            scope,
        }) {
            scopes.push(ScopeOption {
                value: format!("collection:{}", c.id),
                label: format!("Collection: {} ({})", c.title, j.name),
            });
        }
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_with(
        status,
        &RolesPage {
            chrome: ctx.chrome("Roles"),
            grants,
            roles: grantable_roles(viewer, &all),
            scopes,
            input,
            errors,
        },
    )
}

/// The roles the viewer may grant somewhere: only those are offered.
fn grantable_roles(viewer: &Viewer, all: &[(Collection, Journal)]) -> Vec<Role> {
    let mut places = vec![GrantScope::Site];
    for (c, j) in all {
        places.push(GrantScope::Journal { journal_id: j.id });
        places.push(GrantScope::Collection {
            journal_id: j.id,
            collection_id: c.id,
        });
    }
    Role::ALL
        .into_iter()
        .filter(|role| {
            places.iter().any(|scope| {
                role_fits_scope(*role, *scope)
                    && viewer.may(Action::ManageRole {
                        role: *role,
                        scope: *scope,
                    })
            })
        })
        .collect()
}

pub async fn roles_page(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    roles_page_with(&ctx, &viewer, GrantInput::default(), FormErrors::new()).await
}

pub async fn grant_role(ctx: Ctx, form: web::Form<GrantInput>) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let input = form.into_inner();
    let mut errors = FormErrors::new();
    let email = errors.check("email", EmailAddress::parse(&input.email));
    let role = errors.check("role", input.role.parse::<Role>());
    let (all, journals) = ctx
        .state
        .db
        .run(|conn| -> Result<_, AppError> {
            Ok((
                collections::list_collections(conn)?,
                collections::list_journals(conn)?,
            ))
        })
        .await?;
    // A site-wide role is held everywhere, whatever was chosen under "Where".
    let scope = match role {
        Some(r) if r.scope() == crate::domain::role::RoleScope::Site => Some(GrantScope::Site),
        _ => parse_scope(&input.scope, &all, &journals),
    };
    if scope.is_none() {
        errors.add("scope", "Choose where the role applies.");
    }
    let (Some(email), Some(role), Some(scope)) = (email, role, scope) else {
        return roles_page_with(&ctx, &viewer, input, errors).await;
    };
    if !role_fits_scope(role, scope) {
        let hint = match role.scope() {
            crate::domain::role::RoleScope::Site => "the whole site",
            crate::domain::role::RoleScope::Journal => "a journal",
            crate::domain::role::RoleScope::Collection => "a collection",
        };
        errors.add(
            "scope",
            format!("{} is appointed for {hint}.", with_article(role.label())),
        );
        return roles_page_with(&ctx, &viewer, input, errors).await;
    }
    if !viewer.may(Action::ManageRole { role, scope }) {
        errors.add("role", "You may not grant that role there.");
        return roles_page_with(&ctx, &viewer, input, errors).await;
    }
    let (journal_id, collection_id) = match scope {
        GrantScope::Site => (None, None),
        GrantScope::Journal { journal_id } => (Some(journal_id), None),
        GrantScope::Collection { collection_id, .. } => (None, Some(collection_id)),
    };
    let place = match scope {
        GrantScope::Site => "the whole site".to_owned(),
        GrantScope::Journal { journal_id } => journals
            .iter()
            .find(|j| j.id == journal_id)
            .map(|j| j.name.clone())
            .unwrap_or_default(),
        GrantScope::Collection { collection_id, .. } => all
            .iter()
            .find(|(c, _)| c.id == collection_id)
            .map(|(c, j)| format!("the collection “{}” of {}", c.title, j.name))
            .unwrap_or_default(),
    };
    let dashboard_link = format!("{}/dashboard", ctx.state.config.base_url);
    let actor = viewer.person.id;
    let address = email.as_str().to_owned();
    let outcome = ctx
        .state
        .db
        .run(
            move |conn: &mut DbConnection| -> Result<Option<(String, bool)>, AppError> {
                crate::db::write_transaction(conn, |conn| {
                    let Some(person) = accounts::find_person_by_email(conn, &address)? else {
                        return Ok(None);
                    };
                    let granted = roles::grant(
                        conn,
                        person.id,
                        role,
                        journal_id,
                        collection_id,
                        Some(actor),
                    )?;
                    if granted.is_some() {
                        let note = format!("{} granted to {}", role.label(), person.name);
                        events::record(
                            conn,
                            NewEvent::new(
                                Some(actor),
                                Subject::Person(person.id),
                                "role.granted",
                                &note,
                            ),
                        )?;
                        let notice = RoleGranted {
                            name: &person.name,
                            role: role.label(),
                            place: &place,
                            dashboard_link: &dashboard_link,
                        }
                        .to_email(&person.name, &person.email)?;
                        let envelope = Envelope {
                            digestible: true,
                            ..Envelope::new("role_granted", Some(person.id))
                        };
                        mail::queue(conn, &notice, envelope)?;
                    }
                    Ok::<_, AppError>(Some((person.name, granted.is_some())))
                })
            },
        )
        .await?;
    match outcome {
        None => {
            errors.add(
                "email",
                "No one with that address is known here yet. Ask them to register first.",
            );
            roles_page_with(&ctx, &viewer, input, errors).await
        }
        Some((name, true)) => {
            session::flash_notice(&ctx.session, format!("{name} is now {}.", role.label()));
            Ok(see_other("/admin/roles"))
        }
        Some((name, false)) => {
            session::flash_notice(
                &ctx.session,
                format!("{name} already holds that role there."),
            );
            Ok(see_other("/admin/roles"))
        }
    }
}

pub async fn revoke_role(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let grant_id = path.into_inner();
    let actor = viewer.person.id;
    let result = ctx
        .state
        .db
        .run(
            move |conn: &mut DbConnection| -> Result<Result<String, &'static str>, AppError> {
                Ok(crate::db::write_transaction(conn, |conn| {
                    let Some(grant) = roles::find_grant(conn, grant_id)? else {
                        // Perhaps revoked a moment ago (a second press, another tab): the
                        // roles page shows what holds now, for this viewer as for any id.
                        return Ok(Err("gone"));
                    };
                    let all = collections::list_collections(conn)?;
                    let (Some(role), Some(scope)) = (
                        grant.kind(),
                        scope_of(grant.journal_id, grant.collection_id, &all),
                    ) else {
                        return Ok(Err("missing"));
                    };
                    if !viewer.may(Action::ManageRole { role, scope }) {
                        return Ok(Err("missing"));
                    }
                    if role == Role::Admin && roles::count_admins(conn)? <= 1 {
                        return Ok(Err(
                            "The last administrator cannot be removed; appoint another one first.",
                        ));
                    }
                    roles::revoke(conn, grant_id)?;
                    let name = accounts::find_person(conn, grant.person_id)?
                        .map(|p| p.name)
                        .unwrap_or_default();
                    let note = format!("{} revoked from {name}", role.label());
                    events::record(
                        conn,
                        NewEvent::new(
                            Some(actor),
                            Subject::Person(grant.person_id),
                            "role.revoked",
                            &note,
                        ),
                    )?;
                    Ok::<_, diesel::result::Error>(Ok(note))
                })?)
            },
        )
        .await?;
    match result {
        Ok(note) => session::flash_notice(&ctx.session, format!("{note}.")),
        Err("missing") => return Err(AppError::NotFound),
        Err("gone") => session::flash_notice(
            &ctx.session,
            "That appointment no longer exists (it may have been revoked a moment ago). The list below shows the roles held now.",
        ),
        Err(message) => session::flash_error(&ctx.session, message),
    }
    Ok(see_other("/admin/roles"))
}

/// "An Editorial Board Member", "A Guest Editor".
fn with_article(label: &str) -> String {
    let article = if label.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "An"
    } else {
        "A"
    };
    format!("{article} {label}")
}

// ---- Collections --------------------------------------------------------------------------

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
        topics: details.topics.join("\n"),
        article_types: details.article_types.join("\n"),
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

async fn save_collection(
    ctx: Ctx,
    collection_id: Option<i64>,
    data: CollectionFormData,
) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let (journals, existing) = ctx
        .state
        .db
        .run(move |conn| -> Result<_, AppError> {
            let existing = match collection_id {
                Some(id) => {
                    Some(collections::find_collection(conn, id)?.ok_or(AppError::NotFound)?)
                }
                None => None,
            };
            Ok((collections::list_journals(conn)?, existing))
        })
        .await?;
    let journal_id = match &existing {
        Some(c) => {
            if !viewer.may(Action::EditCollection {
                journal_id: c.journal_id,
            }) {
                return Err(AppError::NotFound);
            }
            c.journal_id
        }
        None => {
            let wanted: i64 = data.journal_id.trim().parse().unwrap_or(0);
            if !journals.iter().any(|j| j.id == wanted)
                || !viewer.may(Action::CreateCollection { journal_id: wanted })
            {
                return Err(AppError::NotFound);
            }
            wanted
        }
    };
    let input = data.input;
    let read_at = ReadAt::from_form(data.read_at.as_deref());
    let mut form_read_at = data_read_at_field(read_at);
    let parsed = input.parse();
    let mut errors = parsed.as_ref().err().cloned().unwrap_or_default();
    if let Ok(fields) = parsed {
        let actor = viewer.person.id;
        let saved = ctx
            .state
            .db
            .run(
                move |conn: &mut DbConnection| -> Result<CollectionSave, AppError> {
                    Ok(crate::db::write_transaction(conn, |conn| {
                        if let (Some(id), Some(read)) = (collection_id, read_at) {
                            guard::lock_collection(conn, id)?;
                            if let Some(now) = collections::find_collection(conn, id)?
                                && !read.is_current(Some(now.updated_at))
                            {
                                // A repeated press, or a save that says what is saved: done.
                                let stored =
                                    stored_input(&collections::details(conn, now.clone())?);
                                let same = stored.parse().is_ok_and(|f| {
                                    CollectionInput::from(&f) == CollectionInput::from(&fields)
                                });
                                if !same {
                                    return Ok(CollectionSave::ChangedMeanwhile(now.updated_at));
                                }
                            }
                        }
                        if collections::slug_taken(conn, &fields.slug, collection_id)? {
                            return Ok(CollectionSave::SlugTaken);
                        }
                        let c = match collection_id {
                            Some(id) => collections::update_collection(conn, id, &fields)?,
                            None => collections::insert_collection(conn, journal_id, &fields)?,
                        };
                        let kind = if collection_id.is_some() {
                            "collection.updated"
                        } else {
                            "collection.created"
                        };
                        events::record(
                            conn,
                            NewEvent::new(Some(actor), Subject::Collection(c.id), kind, &c.title),
                        )?;
                        Ok::<_, diesel::result::Error>(CollectionSave::Saved {
                            title: c.title,
                            slug: c.slug,
                        })
                    })?)
                },
            )
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

pub async fn create_collection(
    ctx: Ctx,
    form: web::Form<CollectionFormData>,
) -> Result<HttpResponse, AppError> {
    save_collection(ctx, None, form.into_inner()).await
}

pub async fn update_collection(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<CollectionFormData>,
) -> Result<HttpResponse, AppError> {
    save_collection(ctx, Some(path.into_inner()), form.into_inner()).await
}

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
