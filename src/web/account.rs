//! The signed-in person's dashboard: who they are, the roles they hold, where to go next.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::{AppError, Chrome, Ctx, render, render_with, see_other, session};
use crate::db::collections::{self, Collection};
use crate::db::roles::{self, RoleGrant};
use crate::domain::permissions::Action;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/dashboard", web::get().to(dashboard))
        .route("/account/password", web::get().to(password_form))
        .route("/account/password", web::post().to(change_password));
}

pub struct RoleLine {
    pub label: &'static str,
    pub place: String,
}

#[derive(Template)]
#[template(path = "account/dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    name: String,
    email: String,
    affiliation: String,
    orcid: Option<String>,
    roles: Vec<RoleLine>,
    guest_editor_of: Vec<Collection>,
    may_admin: bool,
    /// How many topics of notice the person has in the daily digest.
    digest_topics: usize,
    /// Appeals this person is to hear.
    appeals_to_hear: Vec<crate::db::rounds::OpenAppeal>,
}

pub async fn dashboard(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer()?.clone();
    let person_id = viewer.person.id;
    let (grants, all_collections, journals, appeals_to_hear, choices) = ctx
        .state
        .db
        .run(move |conn| -> Result<_, AppError> {
            Ok((
                roles::roles_of(conn, person_id)?,
                collections::list_collections(conn)?,
                collections::list_journals(conn)?,
                crate::db::rounds::open_appeals_heard_by(conn, person_id)?,
                crate::workflow::mail_choices::choices_of(conn, person_id)?,
            ))
        })
        .await?;
    let grants: Vec<RoleGrant> = grants;
    let mut lines = Vec::new();
    let mut guest_editor_of = Vec::new();
    for g in &grants {
        let Some(kind) = g.kind() else { continue };
        let place = if let Some(cid) = g.collection_id {
            let c = all_collections.iter().find(|(c, _)| c.id == cid);
            if let Some((c, _)) = c {
                guest_editor_of.push(c.clone());
            }
            c.map(|(c, j)| format!("{} ({})", c.title, j.name))
                .unwrap_or_default()
        } else if let Some(jid) = g.journal_id {
            journals
                .iter()
                .find(|j| j.id == jid)
                .map(|j| j.name.clone())
                .unwrap_or_default()
        } else {
            "The whole site".to_owned()
        };
        lines.push(RoleLine {
            label: kind.label(),
            place,
        });
    }
    let may_admin = viewer.may(Action::OpenAdmin);
    let person = viewer.person;
    render(&DashboardPage {
        chrome: ctx.chrome("Your dashboard"),
        name: person.name,
        email: person.email,
        affiliation: person.affiliation,
        orcid: person.orcid,
        roles: lines,
        guest_editor_of,
        may_admin,
        digest_topics: choices.digest.len(),
        appeals_to_hear,
    })
}

#[derive(Template)]
#[template(path = "account/password.html")]
struct PasswordPage {
    chrome: Chrome,
    errors: crate::domain::FormErrors,
}

/// GET /account/password: the signed-in person changes their password.
pub async fn password_form(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ctx.viewer()?;
    render(&PasswordPage {
        chrome: ctx.chrome("Change your password"),
        errors: crate::domain::FormErrors::new(),
    })
}

#[derive(serde::Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

/// POST /account/password: the current password, then the new one; other sessions end.
pub async fn change_password(
    ctx: Ctx,
    req: actix_web::HttpRequest,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let keep = session::sign_in_token(&ctx.session)
        .map(|t| crate::security::token::hash_token(&t))
        .unwrap_or_default();
    let PasswordForm {
        current_password,
        new_password,
    } = form.into_inner();
    let outcome = crate::workflow::account::change_password(
        &ctx.state.db,
        &ctx.state.config,
        person_id,
        keep,
        super::client_address::client_address(&req, &ctx.state.config.trusted_proxies),
        (current_password, new_password),
    )
    .await
    .map_err(AppError::Internal)?;
    match outcome {
        crate::workflow::account::PasswordChange::Changed => {
            session::flash_notice(
                &ctx.session,
                "Your password is changed. You were signed out everywhere else, and an e-mail tells you so.",
            );
            Ok(see_other("/dashboard"))
        }
        crate::workflow::account::PasswordChange::Invalid(errors) => render_with(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            &PasswordPage {
                chrome: ctx.chrome("Change your password"),
                errors,
            },
        ),
    }
}
