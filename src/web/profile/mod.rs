//! "My profile": what conflicts of interest are computed from (DESIGN.md §4), edited by the
//! signed-in person for themselves only — every address they have confirmed, their
//! affiliation history, the publications they list (typed in, or imported from CSV or
//! BibTeX) and the conflicts they declare; and the expertise keywords by which editors'
//! reviewer suggestions find them (issue 19).
//!
//! Every change is validated here, runs in one transaction and touches only the signed-in
//! person's rows: a crafted id of someone else's row answers 404 and changes nothing.
//!
//! One file a part of the page: [`page`] (the page, shown again with a form's errors),
//! [`name`] (the name in its parts),
//! [`addresses`], [`affiliations`], [`publications`] (typed in and imported) and
//! [`conflicts`] (declared); [`fields`] reads the text and dates they share.

mod addresses;
mod affiliations;
mod conflicts;
mod expertise;
mod fields;
mod name;
mod orcid;
mod page;
mod publications;

use actix_web::{HttpResponse, web};
use diesel::result::Error as DieselError;

use super::{AppError, Ctx, see_other, session};
use crate::db::events::{self, NewEvent, Subject};
use crate::db::{DbConnection, guard};

pub use addresses::{
    EmailInput, TokenForm, TokenQuery, add_email, confirm_email, confirm_email_page, remove_email,
};
pub use affiliations::{AffiliationInput, add_affiliation, remove_affiliation};
pub use conflicts::{DeclaredInput, add_declared, remove_declared};
pub use expertise::{ExpertiseInput, save_expertise};
pub use name::{NameInput, save_name};
pub use orcid::{OrcidInput, save_orcid};
pub use page::{AffiliationLine, DeclaredLine, EmailLine, KindOption, PublicationLine, show};
pub use publications::{
    ImportInput, PublicationInput, add_publication, import_publications, remove_publication,
};

/// The profile's routes; mounted by `web::routes`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/profile", web::get().to(show))
        .route("/profile/emails", web::post().to(add_email))
        .route("/profile/emails/confirm", web::get().to(confirm_email_page))
        .route("/profile/emails/confirm", web::post().to(confirm_email))
        .route("/profile/emails/{id}/remove", web::post().to(remove_email))
        .route("/profile/affiliations", web::post().to(add_affiliation))
        .route(
            "/profile/affiliations/{id}/remove",
            web::post().to(remove_affiliation),
        )
        .route("/profile/publications", web::post().to(add_publication))
        .route(
            "/profile/publications/import",
            web::post().to(import_publications),
        )
        .route(
            "/profile/publications/{id}/remove",
            web::post().to(remove_publication),
        )
        .route("/profile/expertise", web::post().to(save_expertise))
        .route("/profile/name", web::post().to(save_name))
        .route("/profile/orcid", web::post().to(save_orcid))
        .route("/profile/conflicts", web::post().to(add_declared))
        .route(
            "/profile/conflicts/{id}/remove",
            web::post().to(remove_declared),
        );
}

/// The audit event of a change to a person's own profile.
fn record(
    conn: &mut DbConnection,
    person_id: i64,
    kind: &str,
    note: &str,
) -> Result<(), DieselError> {
    events::record(
        conn,
        NewEvent::new(Some(person_id), Subject::Person(person_id), kind, note),
    )
}

/// Adds a row to the signed-in person's profile lists in one transaction, holding the
/// person first (`db::guard`): `add` answers whether it added anything, `false` when the
/// same row is listed already (a second press, or another tab, adds nothing).
async fn add_own_row<T: Send + 'static>(
    ctx: &Ctx,
    person_id: i64,
    add: impl FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    ctx.state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| {
                guard::lock_person(conn, person_id)?;
                add(conn)
            })
        })
        .await
}

/// The notice after an add: what was added, or that it was listed already.
fn flash_added(
    ctx: &Ctx,
    added: bool,
    now: String,
    already: String,
    back_to: &str,
) -> HttpResponse {
    session::flash_notice(&ctx.session, if added { now } else { already });
    see_other(back_to)
}

/// Removes one of the signed-in person's own profile rows: `delete` answers the removed
/// row's label, or `None` when the row is not theirs (then 404, and nothing changes). One
/// transaction with its audit event.
async fn remove_own_row(
    ctx: Ctx,
    id: i64,
    delete: fn(&mut DbConnection, i64, i64) -> diesel::QueryResult<Option<String>>,
    event_kind: &'static str,
    back_to: &str,
    message: impl FnOnce(&str) -> String,
) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let label = ctx
        .state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| -> Result<String, AppError> {
                // Not the signed-in person's row (or no row at all): 404.
                let label = delete(conn, person_id, id)?.ok_or(AppError::NotFound)?;
                record(conn, person_id, event_kind, &label)?;
                Ok(label)
            })
        })
        .await?;
    session::flash_notice(&ctx.session, message(&label));
    Ok(see_other(back_to))
}
