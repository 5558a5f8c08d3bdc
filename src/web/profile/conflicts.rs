//! Declared conflicts: people or institutions the person should never handle or review
//! manuscripts from.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::fields::{date_range, required_text};
use super::page::profile_page;
use super::{add_own_row, flash_added, record, remove_own_row};
use crate::db::profile_edit::{self as store, NewDeclared};
use crate::domain::conflicts::DeclaredKind;
use crate::domain::{EmailAddress, FormErrors, Orcid};
use crate::web::{AppError, Ctx};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DeclaredInput {
    /// "person" or "institution".
    pub(super) dc_target: String,
    pub(super) dc_name: String,
    pub(super) dc_email: String,
    pub(super) dc_orcid: String,
    pub(super) dc_kind: String,
    pub(super) dc_since: String,
    pub(super) dc_until: String,
    pub(super) dc_note: String,
}

fn parse_declared(input: &DeclaredInput) -> Result<NewDeclared, FormErrors> {
    let mut e = FormErrors::new();
    let institution = match input.dc_target.as_str() {
        "person" => Some(false),
        "institution" => Some(true),
        _ => {
            e.add(
                "dc_target",
                "Choose whether the conflict is with a person or an institution.",
            );
            None
        }
    };
    let name = required_text(
        &mut e,
        "dc_name",
        &input.dc_name,
        match institution {
            Some(true) => "Enter the institution's name.",
            _ => "Enter the person's name.",
        },
        "the name",
        300,
    );
    let for_person_only = |e: &mut FormErrors, field: &str, value: &str| {
        if institution == Some(true) && !value.trim().is_empty() {
            e.add(field, "Leave this empty for an institution.");
            false
        } else {
            true
        }
    };
    let email = if !for_person_only(&mut e, "dc_email", &input.dc_email)
        || input.dc_email.trim().is_empty()
    {
        None
    } else {
        e.check("dc_email", EmailAddress::parse(&input.dc_email))
            .map(|a| a.as_str().to_owned())
    };
    let orcid = if !for_person_only(&mut e, "dc_orcid", &input.dc_orcid)
        || input.dc_orcid.trim().is_empty()
    {
        None
    } else {
        e.check("dc_orcid", Orcid::parse(&input.dc_orcid))
            .map(|o| o.as_str().to_owned())
    };
    let kind = DeclaredKind::parse(&input.dc_kind);
    if kind.is_none() {
        e.add("dc_kind", "Choose the kind of conflict.");
    }
    let dates = date_range(
        &mut e,
        ("dc_since", &input.dc_since),
        ("dc_until", &input.dc_until),
        "The end date must be on or after the start date.",
    );
    let note = input.dc_note.trim().to_owned();
    if note.chars().count() > 2_000 {
        e.add("dc_note", "Keep the note under 2,000 characters.");
    }
    match (institution, kind, dates) {
        (Some(institution), Some(kind), Some((since, until))) if e.is_empty() => Ok(NewDeclared {
            institution,
            name,
            email,
            orcid,
            kind,
            since,
            until,
            note,
        }),
        _ => Err(e),
    }
}

/// POST /profile/conflicts
pub async fn add_declared(
    ctx: Ctx,
    form: web::Form<DeclaredInput>,
) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let input = form.into_inner();
    let declared = match parse_declared(&input) {
        Ok(d) => d,
        Err(errors) => return profile_page(&ctx, input, errors).await,
    };
    let name = declared.name.clone();
    let added = add_own_row(&ctx, person_id, move |conn| {
        // The same row twice would count twice in the conflict checks.
        if store::declared_listed(conn, person_id, &declared)? {
            return Ok(false);
        }
        store::insert_declared(conn, person_id, &declared)?;
        let note = format!("{} ({})", declared.name, declared.kind.label());
        record(conn, person_id, "profile.conflict_declared", &note)?;
        Ok(true)
    })
    .await?;
    Ok(flash_added(
        &ctx,
        added,
        format!("Your conflict with {name} is recorded."),
        format!("Your conflict with {name} was already recorded, as it is."),
        "/profile#conflicts",
    ))
}

/// POST /profile/conflicts/{id}/remove
pub async fn remove_declared(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    remove_own_row(
        ctx,
        path.into_inner(),
        store::delete_declared,
        "profile.conflict_removed",
        "/profile#conflicts",
        |name| format!("Your declared conflict with {name} is removed."),
    )
    .await
}
