//! Roles: who holds which appointment where, granting one (the person is told by e-mail)
//! and revoking one.

use actix_web::{HttpResponse, web};
use askama::Template;
use diesel::result::Error as DieselError;
use serde::Deserialize;

use super::places;
use crate::db::collections::{Collection, Journal};
use crate::db::events::{self, NewEvent, Subject};
use crate::db::roles::{self, RoleListing};
use crate::db::{DbConnection, accounts};
use crate::domain::permissions::{Action, GrantScope, role_fits_scope};
use crate::domain::role::RoleScope;
use crate::domain::{EmailAddress, FormErrors, Role};
use crate::mail::messages::{MailMessage, RoleGranted};
use crate::mail::{self, Envelope};
use crate::web::{AppError, Chrome, Ctx, Viewer, form_status, render_with, see_other, session};

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

/// The appointments the viewer may see (those they may revoke, or all for whoever reads
/// the audit log), each with whether they may revoke it.
fn grants_in_view(
    viewer: &Viewer,
    listings: Vec<RoleListing>,
    all: &[(Collection, Journal)],
) -> Vec<(RoleListing, bool)> {
    listings
        .into_iter()
        .filter_map(|l| {
            let role = l.grant.kind()?;
            let scope = scope_of(l.grant.journal_id, l.grant.collection_id, all)?;
            let in_view =
                viewer.may(Action::ManageRole { role, scope }) || viewer.may(Action::ReadAuditLog);
            in_view.then(|| {
                let may_revoke = viewer.may(Action::ManageRole { role, scope });
                (l, may_revoke)
            })
        })
        .collect()
}

/// The places the form offers: the journals and collections where the viewer may appoint
/// someone. Site-wide roles need no place.
fn scope_options(
    viewer: &Viewer,
    all: &[(Collection, Journal)],
    journals: &[Journal],
) -> Vec<ScopeOption> {
    let mut scopes = Vec::new();
    for j in journals {
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
    for (c, j) in all {
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
    scopes
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

async fn roles_page_with(
    ctx: &Ctx,
    viewer: &Viewer,
    input: GrantInput,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let (listings, (all, journals)) = ctx
        .state
        .db
        .run(|conn| -> Result<_, AppError> { Ok((roles::list_all(conn)?, places(conn)?)) })
        .await?;
    render_with(
        form_status(&errors),
        &RolesPage {
            chrome: ctx.chrome("Roles"),
            grants: grants_in_view(viewer, listings, &all),
            roles: grantable_roles(viewer, &all),
            scopes: scope_options(viewer, &all, &journals),
            input,
            errors,
        },
    )
}

/// GET /admin/roles
pub async fn roles_page(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    roles_page_with(&ctx, &viewer, GrantInput::default(), FormErrors::new()).await
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

/// Whom, what and where the form asks to appoint, if the viewer may: otherwise `None`,
/// with the errors beside the fields.
fn checked_grant(
    viewer: &Viewer,
    input: &GrantInput,
    (all, journals): (&[(Collection, Journal)], &[Journal]),
    errors: &mut FormErrors,
) -> Option<(EmailAddress, Role, GrantScope)> {
    let email = errors.check("email", EmailAddress::parse(&input.email));
    let role = errors.check("role", input.role.parse::<Role>());
    // A site-wide role is held everywhere, whatever was chosen under "Where".
    let scope = match role {
        Some(r) if r.scope() == RoleScope::Site => Some(GrantScope::Site),
        _ => parse_scope(&input.scope, all, journals),
    };
    if scope.is_none() {
        errors.add("scope", "Choose where the role applies.");
    }
    let (Some(email), Some(role), Some(scope)) = (email, role, scope) else {
        return None;
    };
    if !role_fits_scope(role, scope) {
        let hint = match role.scope() {
            RoleScope::Site => "the whole site",
            RoleScope::Journal => "a journal",
            RoleScope::Collection => "a collection",
        };
        errors.add(
            "scope",
            format!("{} is appointed for {hint}.", with_article(role.label())),
        );
        return None;
    }
    if !viewer.may(Action::ManageRole { role, scope }) {
        errors.add("role", "You may not grant that role there.");
        return None;
    }
    Some((email, role, scope))
}

/// Where a role applies, as the message to its new holder says it.
fn place_name(scope: GrantScope, all: &[(Collection, Journal)], journals: &[Journal]) -> String {
    match scope {
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
    }
}

/// An appointment to make: what, where, by whom, and what the message to its holder says.
struct Appointment {
    role: Role,
    scope: GrantScope,
    actor: i64,
    place: String,
    dashboard_link: String,
}

/// Grants the role to whoever has the address, with its audit event and a message telling
/// them: their name and whether it was granted now (`false`: they held it there already);
/// `None` when nobody has the address.
fn appoint(
    conn: &mut DbConnection,
    address: &str,
    a: &Appointment,
) -> Result<Option<(String, bool)>, AppError> {
    let Some(person) = accounts::find_person_by_email(conn, address)? else {
        return Ok(None);
    };
    let (journal_id, collection_id) = match a.scope {
        GrantScope::Site => (None, None),
        GrantScope::Journal { journal_id } => (Some(journal_id), None),
        GrantScope::Collection { collection_id, .. } => (None, Some(collection_id)),
    };
    let granted = roles::grant(
        conn,
        person.id,
        a.role,
        journal_id,
        collection_id,
        Some(a.actor),
    )?;
    if granted.is_some() {
        let note = format!("{} granted to {}", a.role.label(), person.name);
        events::record(
            conn,
            NewEvent::new(
                Some(a.actor),
                Subject::Person(person.id),
                "role.granted",
                &note,
            ),
        )?;
        let notice = RoleGranted {
            name: &person.name,
            role: a.role.label(),
            place: &a.place,
            dashboard_link: &a.dashboard_link,
        }
        .to_email(&person.name, &person.email)?;
        let envelope = Envelope {
            digestible: true,
            ..Envelope::new("role_granted", Some(person.id))
        };
        mail::queue(conn, &notice, envelope)?;
    }
    Ok(Some((person.name, granted.is_some())))
}

/// POST /admin/roles
pub async fn grant_role(ctx: Ctx, form: web::Form<GrantInput>) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let input = form.into_inner();
    let mut errors = FormErrors::new();
    let (all, journals) = ctx.state.db.run(places).await?;
    let Some((email, role, scope)) = checked_grant(&viewer, &input, (&all, &journals), &mut errors)
    else {
        return roles_page_with(&ctx, &viewer, input, errors).await;
    };
    let appointment = Appointment {
        role,
        scope,
        actor: viewer.person.id,
        place: place_name(scope, &all, &journals),
        dashboard_link: format!("{}/dashboard", ctx.state.config.base_url),
    };
    let address = email.as_str().to_owned();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| appoint(conn, &address, &appointment))
        })
        .await?;
    let message = match outcome {
        None => {
            errors.add(
                "email",
                "No one with that address is known here yet. Ask them to register first.",
            );
            return roles_page_with(&ctx, &viewer, input, errors).await;
        }
        Some((name, true)) => format!("{name} is now {}.", role.label()),
        Some((name, false)) => format!("{name} already holds that role there."),
    };
    session::flash_notice(&ctx.session, message);
    Ok(see_other("/admin/roles"))
}

/// Revokes the appointment, with its audit event: what was revoked, or why not ("gone":
/// revoked already; "missing": not the viewer's to revoke; else the message to show).
fn revoke(
    conn: &mut DbConnection,
    grant_id: i64,
    viewer: &Viewer,
) -> Result<Result<String, &'static str>, DieselError> {
    let Some(grant) = roles::find_grant(conn, grant_id)? else {
        // Perhaps revoked a moment ago (a second press, another tab): the roles page shows
        // what holds now, for this viewer as for any id.
        return Ok(Err("gone"));
    };
    let all = crate::db::collections::list_collections(conn)?;
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
            Some(viewer.person.id),
            Subject::Person(grant.person_id),
            "role.revoked",
            &note,
        ),
    )?;
    Ok(Ok(note))
}

/// POST /admin/roles/{id}/revoke
pub async fn revoke_role(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let grant_id = path.into_inner();
    let result = ctx
        .state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| revoke(conn, grant_id, &viewer))
                .map_err(AppError::from)
        })
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
