//! A submission's files, downloaded.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, web};

use crate::db::submissions::{self as store, Submission, SubmissionFile};
use crate::domain::permissions::SubmissionAction;
use crate::web::manuscript::download_name;
use crate::web::{AppError, Ctx, stored_bytes};
use crate::workflow::editorial;

/// GET /submissions/{id}/files/{file_id}: only for those who may see the submission, as an
/// attachment with the type decided when it was uploaded.
pub async fn download(ctx: Ctx, path: web::Path<(i64, i64)>) -> Result<HttpResponse, AppError> {
    let (id, file_id) = path.into_inner();
    let viewer = ctx.viewer()?;
    let (person, roles) = (viewer.person.clone(), viewer.roles.clone());
    let settings = ctx.state.config.site().settings();
    let files = ctx.state.files.clone();
    let found = ctx
        .state
        .db
        .run(
            move |conn| -> Result<Option<(Submission, SubmissionFile, Vec<u8>)>, AppError> {
                let Some(access) = editorial::access(conn, &person, &roles, id, &settings)? else {
                    return Ok(None);
                };
                if !access.may(SubmissionAction::DownloadFile) {
                    return Ok(None);
                }
                let s = access.submission;
                let Some(f) = store::find_file(conn, id, file_id)? else {
                    return Ok(None);
                };
                let bytes = stored_bytes(&files, &f.sha256)?;
                Ok(Some((s, f, bytes)))
            },
        )
        .await?;
    let (s, f, bytes) = found.ok_or(AppError::NotFound)?;
    let number = s
        .manuscript_number
        .clone()
        .unwrap_or_else(|| format!("draft-{}", s.id));
    let (kind, name) = download_name(&number, &f);
    Ok(HttpResponse::Ok()
        .content_type(kind.content_type())
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(name)],
        })
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}
