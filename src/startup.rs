//! Builds the application: configuration → database (migrated, seeded) → HTTP server.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use actix_session::SessionMiddleware;
use actix_session::config::PersistentSession;
use actix_session::storage::CookieSessionStore;
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::Server;
use actix_web::middleware::{DefaultHeaders, ErrorHandlers, from_fn};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use tracing_actix_web::TracingLogger;

use crate::config::Config;
use crate::db::{Database, seed};
use crate::mail::Mailer;
use crate::mail::worker::{self, ReminderJob, WorkerSettings};
use crate::web::{AppError, AppState, csrf, error, requests};

pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
    worker: Option<(Database, Arc<Mailer>, WorkerSettings)>,
}

/// The mail worker's settings from the configuration, with the workflow's reminders (the
/// reviewers', and the authors' about revised versions) handed in (the worker sits below the
/// workflow and does not import it).
pub fn worker_settings(config: &Config) -> WorkerSettings {
    use std::time::Duration;
    WorkerSettings {
        poll: Duration::from_millis(config.mail_poll_ms),
        batch: 20,
        max_attempts: config.mail_max_attempts,
        retry_base: Duration::from_secs(config.mail_retry_seconds),
        lock_for: Duration::from_secs(config.mail_lock_seconds),
        digest_hour: config.digest_hour,
        base_url: config.site().base_url,
        reminders: Some(ReminderJob {
            schedule: config.review_reminders.clone(),
            site: config.site(),
            every: Duration::from_secs(60),
            // The reviewers' reminders, then the authors' about their revised versions.
            send: |conn, at, schedule, site| {
                let reviewers =
                    crate::workflow::review::send_due_reminders(conn, at, schedule, site)?;
                let authors =
                    crate::workflow::deadlines::send_due_revision_reminders(conn, at, site)?;
                Ok(reviewers + authors)
            },
        }),
    }
}

/// Opens the database, applies migrations and loads the seed collection on first start.
pub fn prepare_database(config: &Config) -> anyhow::Result<Database> {
    let db = Database::connect(&config.database_url, config.pool_size).with_context(|| {
        format!(
            "cannot open the database at {}",
            redact_url(&config.database_url)
        )
    })?;
    let applied = db.migrate().context("cannot migrate the database")?;
    if applied > 0 {
        tracing::info!(migrations = applied, "database migrated");
    }
    let mut conn = db.get()?;
    if seed::ensure_seeded(&mut conn).context("cannot load the seed collection")? {
        tracing::info!("seed collection loaded: BMC Cancer, Rare cancers");
    }
    Ok(db)
}

/// Hides the password of a database URL for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// The cookie key: from the secret in production; in development generated once and kept
/// under the data folder so sessions survive a restart.
fn session_key(config: &Config) -> anyhow::Result<Key> {
    if let Some(secret) = &config.session_secret {
        return Ok(Key::derive_from(secret.as_bytes()));
    }
    let path = config.data_dir.join("session.key");
    let hex_key = match std::fs::read_to_string(&path) {
        Ok(s) if s.trim().len() >= 128 => s.trim().to_owned(),
        _ => {
            std::fs::create_dir_all(&config.data_dir)?;
            let fresh = crate::security::token::random_hex(64);
            write_private(&path, &fresh)
                .with_context(|| format!("cannot write {}", path.display()))?;
            fresh
        }
    };
    let bytes = hex::decode(&hex_key)
        .with_context(|| format!("{} is not a valid key file", path.display()))?;
    Ok(Key::derive_from(&bytes))
}

/// Writes a file readable by its owner only.
pub fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()
}

fn static_dir() -> PathBuf {
    let here = PathBuf::from("static");
    if here.is_dir() {
        here
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("static")
    }
}

async fn not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// The headers on every response; HSTS too when the site is served over https. Forms post
/// to the site only, and on to ORCID when ORCID sign-in is on (`orcid_origin`): browsers
/// hold a form's redirect to the form-action list too.
fn security_headers(secure: bool, orcid_origin: Option<&str>) -> DefaultHeaders {
    let form_action = match orcid_origin {
        Some(origin) => format!("'self' {origin}"),
        None => "'self'".to_owned(),
    };
    let headers = DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "same-origin"))
        // Nothing here uses the camera, microphone, location, payments or sensors.
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), \
             accelerometer=(), gyroscope=(), magnetometer=(), browsing-topics=()",
        ))
        .add((
            "Content-Security-Policy",
            format!(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                 form-action {form_action}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
            ),
        ));
    if secure {
        headers.add((
            "Strict-Transport-Security",
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        headers
    }
}

/// The session cookie: signed and encrypted with `key`, HttpOnly, SameSite=Lax, Secure
/// over https, kept for `account::SESSION_DAYS`.
fn session_middleware(
    key: Key,
    cookie_name: String,
    secure: bool,
) -> SessionMiddleware<CookieSessionStore> {
    let ttl = actix_web::cookie::time::Duration::days(crate::workflow::account::SESSION_DAYS);
    SessionMiddleware::builder(CookieSessionStore::default(), key)
        .cookie_name(cookie_name)
        .cookie_secure(secure)
        .cookie_http_only(true)
        .cookie_same_site(SameSite::Lax)
        .session_lifecycle(PersistentSession::default().session_ttl(ttl))
        .build()
}

fn open_files(config: &Config) -> anyhow::Result<crate::storage::FileStore> {
    crate::storage::FileStore::new(config.files_dir.clone()).with_context(|| {
        format!(
            "cannot create the files folder {}",
            config.files_dir.display()
        )
    })
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let db = {
            let config = config.clone();
            tokio::task::spawn_blocking(move || prepare_database(&config)).await??
        };
        let mailer = Arc::new(Mailer::new(
            &config.mail_from,
            config.smtp_url.as_deref(),
            config.mail_dir.clone(),
        )?);
        let key = session_key(&config)?;
        let listener = TcpListener::bind(config.bind)
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        let port = listener.local_addr()?.port();
        let secure = config.secure_cookies();
        let cookie_name = config.session_cookie_name().to_owned();
        let workers = config.workers;
        let worker_settings = worker_settings(&config);
        let run_worker = config.mail_worker_in_serve;
        let files = open_files(&config)?;
        let state = web::Data::new(AppState {
            db: db.clone(),
            files: Arc::new(files),
            config: Arc::new(config),
            statistics: Arc::default(),
            memo: Arc::default(),
            expertise: Arc::default(),
        });
        let app_state = state.clone();
        let statics = static_dir();
        let orcid_origin = state.config.orcid.as_ref().map(|o| o.issuer.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(app_state.clone())
                .app_data(web::FormConfig::default().limit(256 * 1024))
                .wrap(from_fn(csrf::guard))
                .wrap(ErrorHandlers::new().default_handler(error::render_error_page))
                .wrap(session_middleware(key.clone(), cookie_name.clone(), secure))
                .wrap(security_headers(secure, orcid_origin.as_deref()))
                .wrap(from_fn(requests::no_store))
                .wrap(from_fn(requests::head_as_get))
                .wrap(TracingLogger::<requests::RequestLog>::new())
                .service(actix_files::Files::new("/static", statics.clone()).use_etag(true))
                .configure(crate::web::routes)
                .default_service(web::to(not_found))
        })
        .listen(listener)?
        // Without TCP_NODELAY every small response stalls ~40 ms (Nagle meets delayed ACK).
        .tcp_nodelay(true)
        // A client that closes its side while its request is worked on has gone (HTTP/1
        // clients never half-close to wait for an answer): the request is dropped, and its
        // database work sees `db::requester_gone` and stops (issue 30). By default actix
        // keeps working for nobody.
        .h1_allow_half_closed(false)
        .workers(workers)
        .shutdown_timeout(10)
        .run();
        Ok(Application {
            port,
            server,
            state,
            worker: run_worker.then_some((db, mailer, worker_settings)),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// Serves until SIGINT/SIGTERM, then finishes open requests (up to 10 s) and stops.
    /// The mail worker runs beside the server and stops with it; a message it was sending
    /// stays claimed until its lock expires and is then taken up again.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        match self.worker {
            Some((db, mailer, settings)) => {
                tokio::select! {
                    result = self.server => result,
                    () = worker::run_forever(db, mailer, settings) => Ok(()),
                }
            }
            None => self.server.await,
        }
    }

    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }
}
