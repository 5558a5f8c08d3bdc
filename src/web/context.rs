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
use crate::config::Site;
use crate::db::accounts::Person;
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

/// Who acts on a page: the signed-in person, their roles and the site (see [`Ctx::acting`]).
pub type Acting = (Person, Vec<HeldRole>, Site);

pub struct Ctx {
    pub state: web::Data<AppState>,
    pub session: Session,
    pub viewer: Option<Viewer>,
    /// Path and query of this request, to come back after signing in.
    pub here: String,
    /// The browser, in a few words ("Firefox on Linux"), for the person's list of sessions.
    pub device: String,
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
    /// Editors-in-chief get the Integrity page (issue 27).
    pub show_integrity: bool,
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
            show_editorial: self
                .viewer
                .as_ref()
                .is_some_and(|v| v.may(Action::OpenEditorialQueue)),
            show_integrity: self
                .viewer
                .as_ref()
                .is_some_and(|v| v.may(Action::OpenIntegrity)),
        }
    }

    /// The signed-in person, or a redirect to the login page that comes back here.
    pub fn viewer(&self) -> Result<&Viewer, AppError> {
        let viewer = self
            .viewer
            .as_ref()
            .ok_or_else(|| AppError::SignInRequired {
                next: self.here.clone(),
            })?;
        enrolled_or_may_wait(&self.session, &self.here)?;
        Ok(viewer)
    }

    /// The signed-in person and their roles (owned, to move into a database visit), with the
    /// site: what the workflow's steps on a submission take to tell what this person may do.
    pub fn acting(&self) -> Result<Acting, AppError> {
        let viewer = self.viewer()?;
        Ok((
            viewer.person.clone(),
            viewer.roles.clone(),
            self.state.config.site(),
        ))
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

/// Loads the signed-in person of a sign-in session, with their roles.
fn load_viewer(
    conn: &mut crate::db::DbConnection,
    session_hash: String,
) -> Result<Option<Viewer>, AppError> {
    let Some(person) = crate::db::sessions::session_person(conn, &session_hash)? else {
        return Ok(None);
    };
    let roles = roles::held_roles(conn, person.id)?;
    Ok(Some(Viewer {
        person,
        roles,
        session_hash,
    }))
}

/// A person whose journal requires two-factor sign-in, and who has not set it up, is sent
/// to the set-up from every signed-in page but the set-up itself and signing out.
fn enrolled_or_may_wait(session: &actix_session::Session, here: &str) -> Result<(), AppError> {
    let path = here.split('?').next().unwrap_or(here);
    let may_wait = path == "/profile/two-factor"
        || path.starts_with("/profile/two-factor/")
        || path == "/logout";
    if !may_wait && session::must_enrol(session) {
        return Err(AppError::TwoFactorEnrolmentRequired);
    }
    Ok(())
}

/// What every request carries before the signed-in person is known.
struct Unloaded {
    state: web::Data<AppState>,
    session: Session,
    here: String,
    /// Hash of the sign-in token in the session cookie, if there is one.
    session_hash: Option<String>,
    device: String,
}

impl Unloaded {
    fn of(req: &HttpRequest) -> Result<Unloaded, AppError> {
        let state = req
            .app_data::<web::Data<AppState>>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("application state missing")))?;
        let session = req.get_session();
        let here = match req.query_string() {
            "" => req.path().to_owned(),
            q => format!("{}?{q}", req.path()),
        };
        let session_hash = session::sign_in_token(&session).map(|t| hash_token(&t));
        let user_agent = req
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Ok(Unloaded {
            state,
            session,
            here,
            session_hash,
            device: session::device_of(user_agent),
        })
    }

    fn into_ctx(self, viewer: Option<Viewer>) -> Ctx {
        if self.session_hash.is_some() && viewer.is_none() {
            // The server-side session ended (logout elsewhere, expiry, reset).
            session::forget_sign_in(&self.session);
        }
        Ctx {
            state: self.state,
            session: self.session,
            viewer,
            here: self.here,
            device: self.device,
        }
    }
}

impl FromRequest for Ctx {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Ctx, AppError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let unloaded = Unloaded::of(req);
        Box::pin(async move {
            let unloaded = unloaded?;
            let viewer = match unloaded.session_hash.clone() {
                None => None,
                Some(hash) => {
                    unloaded
                        .state
                        .db
                        .run(move |conn| load_viewer(conn, hash))
                        .await?
                }
            };
            Ok(unloaded.into_ctx(viewer))
        })
    }
}

/// A [`Ctx`] whose signed-in person is loaded in the same database visit as the page.
///
/// Each visit hands the request to a blocking thread and back; on the busiest pages two
/// visits (person, then page) spent about a quarter of the server's CPU in the kernel's
/// thread switching (perf, BENCHMARKS.md). Read-only pages that need the database anyway
/// take this instead of [`Ctx`] and do both in one visit with [`LazyCtx::run`].
pub struct LazyCtx(Unloaded);

impl LazyCtx {
    pub fn state(&self) -> &web::Data<AppState> {
        &self.0.state
    }

    /// Runs `page` with a pooled connection and the signed-in person (if any), loaded in
    /// the same visit; returns the finished [`Ctx`] beside the page's data.
    pub async fn run<T, F>(self, page: F) -> Result<(Ctx, T), AppError>
    where
        F: FnOnce(&mut crate::db::DbConnection, Option<&Viewer>) -> Result<T, AppError>
            + Send
            + 'static,
        T: Send + 'static,
    {
        let hash = self.0.session_hash.clone();
        let (viewer, data) = self
            .0
            .state
            .db
            .run(move |conn| -> Result<_, AppError> {
                let viewer = match hash {
                    None => None,
                    Some(hash) => load_viewer(conn, hash)?,
                };
                let data = page(conn, viewer.as_ref());
                Ok((viewer, data))
            })
            .await?;
        let ctx = self.0.into_ctx(viewer);
        Ok((ctx, data?))
    }

    /// Like [`LazyCtx::run`] for a page only a signed-in person may see: without one, the
    /// sign-in page, coming back here afterwards.
    pub async fn run_signed_in<T, F>(self, page: F) -> Result<(Ctx, T), AppError>
    where
        F: FnOnce(&mut crate::db::DbConnection, &Viewer) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        if self.0.session_hash.is_some() {
            enrolled_or_may_wait(&self.0.session, &self.0.here)?;
        }
        let next = self.0.here.clone();
        self.run(move |conn, viewer| match viewer {
            Some(viewer) => page(conn, viewer),
            None => Err(AppError::SignInRequired { next }),
        })
        .await
    }
}

impl FromRequest for LazyCtx {
    type Error = AppError;
    type Future = std::future::Ready<Result<LazyCtx, AppError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        std::future::ready(Unloaded::of(req).map(LazyCtx))
    }
}
