//! The person's ORCID iD (issue 20 item 8): typed, changed or removed on the profile,
//! checked by its checksum and kept bare. Typed iDs are unverified and may repeat across
//! accounts; one confirmed through ORCID sign-in by another account is refused
//! (`workflow::orcid` holds the rules).

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::page::profile_page;
use super::record;
use crate::db::guard;
use crate::domain::{FormErrors, Orcid};
use crate::web::{AppError, Ctx, see_other, session};
use crate::workflow::orcid as orcid_rules;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct OrcidInput {
    pub(super) orcid: String,
}

/// POST /profile/orcid
pub async fn save_orcid(ctx: Ctx, form: web::Form<OrcidInput>) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let input = form.into_inner();
    let mut errors = FormErrors::new();
    let orcid = match input.orcid.trim() {
        "" => None,
        typed => errors.check("orcid", Orcid::parse(typed)),
    };
    if !errors.is_empty() {
        return profile_page(&ctx, input, errors).await;
    }
    let bare = orcid.map(|o| o.as_str().to_owned());
    let saving = bare.clone();
    let saved = ctx
        .state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| -> Result<bool, AppError> {
                guard::lock_person(conn, person_id)?;
                let Some(person) = crate::db::accounts::find_person(conn, person_id)? else {
                    return Err(AppError::NotFound);
                };
                if !orcid_rules::save_typed(conn, &person, saving.as_deref())? {
                    return Ok(false);
                }
                let note = saving.as_deref().unwrap_or("removed");
                record(conn, person_id, "profile.orcid_changed", note)?;
                Ok(true)
            })
        })
        .await;
    let taken = match saved {
        Ok(saved) => !saved,
        // Another account confirmed it between the check and the write: the same answer.
        Err(AppError::Db(crate::db::DbError::Query(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )))) => true,
        Err(e) => return Err(e),
    };
    if taken {
        errors.add("orcid", orcid_rules::CONFIRMED_ELSEWHERE);
        return profile_page(&ctx, input, errors).await;
    }
    let notice = match bare {
        Some(id) => format!("Your ORCID iD is saved: https://orcid.org/{id}."),
        None => "Your ORCID iD is removed.".to_owned(),
    };
    session::flash_notice(&ctx.session, notice);
    Ok(see_other("/profile#orcid-section"))
}
