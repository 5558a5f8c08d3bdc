//! The affiliation history: where the person has worked, and when.

use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;

use super::fields::{date_range, required_text};
use super::page::profile_page;
use super::{add_own_row, flash_added, record, remove_own_row};
use crate::db::profile_edit as store;
use crate::domain::FormErrors;
use crate::web::{AppError, Ctx};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AffiliationInput {
    pub(super) aff_institution: String,
    pub(super) aff_from: String,
    pub(super) aff_to: String,
}

type Affiliation = (String, Option<NaiveDate>, Option<NaiveDate>);

fn parse_affiliation(input: &AffiliationInput) -> Result<Affiliation, FormErrors> {
    let mut e = FormErrors::new();
    let institution = required_text(
        &mut e,
        "aff_institution",
        &input.aff_institution,
        "Enter the institution, e.g. University of Genoa, Italy.",
        "the institution",
        300,
    );
    let dates = date_range(
        &mut e,
        ("aff_from", &input.aff_from),
        ("aff_to", &input.aff_to),
        "The end date must be on or after the start date.",
    );
    match dates {
        Some((from, to)) if e.is_empty() => Ok((institution, from, to)),
        _ => Err(e),
    }
}

/// POST /profile/affiliations
pub async fn add_affiliation(
    ctx: Ctx,
    form: web::Form<AffiliationInput>,
) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let input = form.into_inner();
    let (institution, from, to) = match parse_affiliation(&input) {
        Ok(parsed) => parsed,
        Err(errors) => return profile_page(&ctx, input, errors).await,
    };
    let name = institution.clone();
    let added = add_own_row(&ctx, person_id, move |conn| {
        // The same row twice would count twice in the conflict checks.
        if store::affiliation_listed(conn, person_id, &institution, from, to)? {
            return Ok(false);
        }
        store::insert_affiliation(conn, person_id, &institution, from, to)?;
        record(conn, person_id, "profile.affiliation_added", &institution)?;
        Ok(true)
    })
    .await?;
    Ok(flash_added(
        &ctx,
        added,
        format!("{name} is added to your affiliation history."),
        format!("{name}, with these dates, is already in your affiliation history."),
        "/profile#affiliations",
    ))
}

/// POST /profile/affiliations/{id}/remove
pub async fn remove_affiliation(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    remove_own_row(
        ctx,
        path.into_inner(),
        store::delete_affiliation,
        "profile.affiliation_removed",
        "/profile#affiliations",
        |name| format!("{name} is removed from your affiliation history."),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affiliation_dates_are_checked() {
        let input = AffiliationInput {
            aff_institution: "  University   of Genoa ".into(),
            aff_from: "2020-01-01".into(),
            aff_to: "2019-12-31".into(),
        };
        let errors = parse_affiliation(&input).unwrap_err();
        assert!(errors.has("aff_to"));
        let input = AffiliationInput {
            aff_to: String::new(),
            ..input
        };
        let (name, from, to) = parse_affiliation(&input).unwrap();
        assert_eq!(name, "University of Genoa");
        assert!(from.is_some() && to.is_none());
    }
}
