//! The person's name in its parts (issue 20 item 3): given name(s), family name and the
//! order they write them in, from which the name shown everywhere is built. Saving the same
//! name twice changes nothing twice (the write sets the whole value).

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::page::profile_page;
use super::record;
use crate::db::guard;
use crate::domain::FormErrors;
use crate::web::{AppError, Ctx, see_other, session};
use crate::workflow::account::check_name_parts;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct NameInput {
    pub(super) given_names: String,
    pub(super) family_name: String,
    pub(super) name_order: String,
}

/// POST /profile/name
pub async fn save_name(ctx: Ctx, form: web::Form<NameInput>) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let input = form.into_inner();
    let mut errors = FormErrors::new();
    // No whole name is offered: the parts are what this form is for.
    let parts = check_name_parts(
        &input.given_names,
        &input.family_name,
        &input.name_order,
        "",
        &mut errors,
    )
    .map(|(p, _)| p);
    let shown = parts.as_ref().map(|p| p.display()).unwrap_or_default();
    if shown.chars().count() > 200 {
        errors.add("family_name", "Names are limited to 200 characters.");
    }
    let Some(parts) = parts.filter(|_| errors.is_empty()) else {
        return profile_page(&ctx, input, errors).await;
    };
    ctx.state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| -> Result<(), AppError> {
                guard::lock_person(conn, person_id)?;
                crate::db::accounts::set_name_parts(conn, person_id, &parts, false)?;
                record(conn, person_id, "profile.name_changed", &parts.display())?;
                Ok(())
            })
        })
        .await?;
    session::flash_notice(
        &ctx.session,
        format!(
            "Your name is saved; it appears as “{shown}”. Manuscripts you submit from now on list you so; those already submitted keep the name they were submitted with."
        ),
    );
    Ok(see_other("/profile#name"))
}
