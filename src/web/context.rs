//! The request context every page handler receives: the session, the signed-in person (if
//! any) and the application state; and the page chrome (title, CSRF token, flash, menu).

use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};

use super::AppState;
use super::error::AppError;
use super::session::{self, Flash};
use crate::db::accounts::{self, Person};
use crate::db::roles;
use crate::domain::permissions::{self, Action, HeldRole};
use crate::security::token::hash_token;

/// The signed-in person and the roles they hold.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub person: Person,
    pub roles: Vec<HeldRole>,
    /// Hash of the sign-in session token, to end this session at logout.
    pub session_hash: String,
}

impl Viewer {
    pub fn may(&self, action: Action) -> bool {
        permissions::may(&self.roles, action)
    }
}

pub struct Ctx {
    pub state: web::Data<AppState>,
    pub session: Session,
    pub viewer: Option<Viewer>,
    /// Path and query of this request, to come back after signing in.
    pub here: String,
}

/// What `templates/base.html` needs on every page.
pub struct Chrome {
    pub title: String,
    pub csrf: String,
    pub flash: Option<Flash>,
    pub viewer_name: Option<String>,
    pub show_admin: bool,
    /// Editors (editor-in-chief, board, guest editors) get the editorial queue.
    pub show_editorial: bool,
}

impl Ctx {
    pub fn chrome(&self, title: impl Into<String>) -> Chrome {
        Chrome {
            title: title.into(),
            csrf: session::csrf_token(&self.session),
            flash: session::take_flash(&self.session),
            viewer_name: self.viewer.as_ref().map(|v| v.person.name.clone()),
            show_admin: self
                .viewer
                .as_ref()
                .is_some_and(|v| v.may(Action::OpenAdmin)),
            show_editorial: self.viewer.as_ref().is_some_and(|v| {
                v.roles.iter().any(|r| {
                    matches!(
                        r.role,
                        crate::domain::Role::EditorInChief
                            | crate::domain::Role::BoardMember
                            | crate::domain::Role::GuestEditor
                    )
                })
            }),
        }
    }

    /// The signed-in person, or a redirect to the login page that comes back here.
    pub fn viewer(&self) -> Result<&Viewer, AppError> {
        self.viewer
            .as_ref()
            .ok_or_else(|| AppError::SignInRequired {
                next: self.here.clone(),
            })
    }

    /// The signed-in person if they may do `action`; otherwise 404, as for a missing page.
    pub fn viewer_who_may(&self, action: Action) -> Result<&Viewer, AppError> {
        let viewer = self.viewer()?;
        if viewer.may(action) {
            Ok(viewer)
        } else {
            Err(AppError::NotFound)
        }
    }
}

impl FromRequest for Ctx {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Ctx, AppError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let session = req.get_session();
        let here = match req.query_string() {
            "" => req.path().to_owned(),
            q => format!("{}?{q}", req.path()),
        };
        Box::pin(async move {
            let state = state
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("application state missing")))?;
            let viewer = match session::sign_in_token(&session) {
                None => None,
                Some(token) => {
                    let session_hash = hash_token(&token);
                    let loaded = state
                        .db
                        .run(move |conn| -> Result<Option<Viewer>, AppError> {
                            let Some(person) = accounts::session_person(conn, &session_hash)?
                            else {
                                return Ok(None);
                            };
                            let roles = roles::held_roles(conn, person.id)?;
                            Ok(Some(Viewer {
                                person,
                                roles,
                                session_hash,
                            }))
                        })
                        .await?;
                    if loaded.is_none() {
                        // The server-side session ended (logout elsewhere, expiry, reset).
                        session::forget_sign_in(&session);
                    }
                    loaded
                }
            };
            Ok(Ctx {
                state,
                session,
                viewer,
                here,
            })
        })
    }
}
