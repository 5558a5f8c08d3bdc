//! A submission's files, downloaded.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, web};

use crate::db::submissions::{self as store, Submission, SubmissionFile};
use crate::domain::permissions::SubmissionAction;
use crate::storage::{self, FileKind};
use crate::web::{AppError, Ctx};
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
                let bytes = files.read(&f.sha256).map_err(|e| {
                    AppError::Internal(anyhow::Error::new(e).context("stored file unreadable"))
                })?;
                Ok(Some((s, f, bytes)))
            },
        )
        .await?;
    let (s, f, bytes) = found.ok_or(AppError::NotFound)?;
    let kind = FileKind::from_content_type(&f.content_type).unwrap_or(FileKind::Pdf);
    let number = s
        .manuscript_number
        .clone()
        .unwrap_or_else(|| format!("draft-{}", s.id));
    // Supplementary files are several per round: their id keeps the names apart.
    let label = match f.role.as_str() {
        store::MANUSCRIPT => format!("manuscript-r{}", f.round),
        other => format!("{other}-r{}-{}", f.round, f.id),
    };
    let name = storage::download_name(&number, &label, kind);
    Ok(HttpResponse::Ok()
        .content_type(kind.content_type())
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(name)],
        })
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}
