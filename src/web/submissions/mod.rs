//! The author's pages: the submission form (new and draft), "My submissions", a submission's
//! page, withdrawal, and file downloads.
//!
//! The form works without JavaScript: adding, removing and reordering rows are submit
//! buttons (`action=add_author`, `action=author_up:2`, …) that show the form again with the
//! change; only "Save draft", "Review before submitting" and the review page's "Submit"
//! write anything.
//!
//! One file a subject: [`form`] (the form's page), [`typed`] (the form as sent, and its row
//! buttons), [`drafts`] (sending it: save, review, discard), [`review`] (review before you
//! submit, and the final Submit), [`list`], [`show`], [`withdrawal`] and [`files`].

mod drafts;
mod files;
mod form;
mod list;
mod review;
mod show;
pub(crate) mod typed;
mod withdrawal;

use actix_web::web;

pub use drafts::{create, discard, update};
pub use files::download;
pub use form::{AttachedFile, CollectionChoice, NewQuery, edit_form, new_form};
pub use list::{SubmissionLine, my_submissions};
pub use review::{FinalSubmit, review, submit_reviewed};
pub use show::{ShowData, TimelineLine, show};
pub use withdrawal::{WithdrawForm, withdraw, withdraw_form};

/// The author's routes; mounted by `web::routes`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/submissions", web::get().to(my_submissions))
        .route("/submissions/new", web::get().to(new_form))
        .route("/submissions/new", web::post().to(create))
        .route("/submissions/{id}", web::get().to(show))
        .route("/submissions/{id}/edit", web::get().to(edit_form))
        .route("/submissions/{id}/edit", web::post().to(update))
        .route("/submissions/{id}/review", web::get().to(review))
        .route("/submissions/{id}/submit", web::post().to(submit_reviewed))
        .route("/submissions/{id}/discard", web::post().to(discard))
        .route("/submissions/{id}/withdraw", web::get().to(withdraw_form))
        .route("/submissions/{id}/withdraw", web::post().to(withdraw))
        .route("/submissions/{id}/files/{file_id}", web::get().to(download));
}
