//! The technical check's form on the editorial page (issue 28 part 4): return a submission to
//! its authors for technical fixes, with a message. The authors answer from the revision page.

use actix_web::{HttpResponse, web};

use super::session;
use super::{AppError, Ctx, see_other};
use crate::domain::FormErrors;
use crate::workflow::round::fixes::{self, Returned};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/editorial/submissions/{id}/technical-return",
        web::post().to(post),
    );
}

#[derive(serde::Deserialize)]
pub struct TechnicalReturnForm {
    #[serde(default)]
    fixes_message: String,
}

/// POST /editorial/submissions/{id}/technical-return
pub async fn post(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<TechnicalReturnForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let message = form.into_inner().fixes_message;
    let (person, roles, site) = ctx.acting()?;
    let typed = message.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            fixes::return_for_fixes(conn, &person, &roles, id, &message, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        Returned::NotFound => Err(AppError::NotFound),
        Returned::Done => {
            session::flash_notice(
                &ctx.session,
                "Returned to the authors for technical fixes: they have been e-mailed your message. It comes back to you when they send the corrected manuscript.",
            );
            Ok(see_other(&format!("/editorial/submissions/{id}")))
        }
        Returned::Refused(why) => {
            let mut errors = FormErrors::new();
            errors.add("fixes_message", why);
            super::editorial::show_with_fixes_message(&ctx, id, typed, errors).await
        }
    }
}
