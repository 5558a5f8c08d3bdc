//! The editor-in-chief's and administrator's pages: the overview with the audit log,
//! [`roles`] (appointments) and [`collections`] (their forms).

mod collections;
mod roles;

use actix_web::{HttpResponse, web};
use askama::Template;

use super::{AppError, Chrome, Ctx, render};
use crate::db::DbConnection;
use crate::db::collections::{self as collection_store, Collection, Journal};
use crate::db::events::{self, EventRow};
use crate::domain::permissions::Action;

pub use collections::{
    CollectionFormData, NewCollectionQuery, create_collection, edit_collection_form,
    new_collection_form, update_collection,
};
pub use roles::{GrantInput, ScopeOption, grant_role, revoke_role, roles_page};

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

/// Every collection with its journal, and every journal: the places of the office's pages.
type Places = (Vec<(Collection, Journal)>, Vec<Journal>);

fn places(conn: &mut DbConnection) -> Result<Places, AppError> {
    Ok((
        collection_store::list_collections(conn)?,
        collection_store::list_journals(conn)?,
    ))
}

#[derive(Template)]
#[template(path = "admin/overview.html")]
struct OverviewPage {
    chrome: Chrome,
    collections: Vec<(Collection, Journal, bool)>,
    journals_for_new: Vec<Journal>,
    audit: Option<Vec<EventRow>>,
    may_read_outbox: bool,
}

/// GET /admin
pub async fn overview(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer_who_may(Action::OpenAdmin)?.clone();
    let read_audit = viewer.may(Action::ReadAuditLog);
    let ((all, journals), audit) = ctx
        .state
        .db
        .run(move |conn| -> Result<_, AppError> {
            let audit = if read_audit {
                Some(events::recent(conn, 50)?)
            } else {
                None
            };
            Ok((places(conn)?, audit))
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
