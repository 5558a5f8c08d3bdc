//! Test helpers: start the real application on port 0 with a fresh database and drive it
//! over HTTP like a person would, with a cookie-keeping client.
//!
//! The user stories the tests share are in the modules below, all re-exported here:
//! [`people`] (the demo's people, signing in, a browser of one's own), [`manuscripts`]
//! (the submission form and finding submissions), [`reviewing`] (invite, accept, review)
//! and [`deciding`] (the decision letter, the moves of a submission).

mod deciding;
mod manuscripts;
mod people;
mod reviewing;

pub use deciding::*;
pub use manuscripts::*;
pub use people::*;
pub use reviewing::*;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use diesel::{Connection, PgConnection, RunQueryDsl};
use peerdesk::config::Config;
use peerdesk::startup::Application;
use peerdesk::web::AppState;
use reqwest::StatusCode;
use scraper::{Html, Selector};

/// Environment variable naming a PostgreSQL server for the PostgreSQL run of the suite, e.g.
/// `postgres://postgres@127.0.0.1:5432/postgres`. Each test creates its own database there.
pub const POSTGRES_VAR: &str = "PEERDESK_TEST_POSTGRES_URL";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Under `CI=true` a suite that cannot run is a failure, never a silent pass.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

pub fn postgres_url() -> Option<String> {
    match std::env::var(POSTGRES_VAR).ok().filter(|v| !v.is_empty()) {
        Some(url) => Some(url),
        None if in_ci() => {
            panic!("{POSTGRES_VAR} is not set, and under CI the PostgreSQL suite must run")
        }
        None => {
            eprintln!("skipped: set {POSTGRES_VAR} to run the PostgreSQL suite");
            None
        }
    }
}

/// Runs each named `async fn(Backend)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => { $(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name($crate::helpers::Backend::Sqlite).await
            }
            #[tokio::test]
            async fn postgres() {
                if $crate::helpers::postgres_url().is_some() {
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            }
        }
    )* };
}

/// A scratch folder removed when the test ends.
pub struct ScratchDir(pub PathBuf);

impl ScratchDir {
    pub fn new() -> ScratchDir {
        let dir =
            std::env::temp_dir().join(format!("peerdesk-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        ScratchDir(dir)
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A PostgreSQL database made for one test and dropped after it.
pub struct ScratchPostgres {
    admin_url: String,
    pub name: String,
    pub url: String,
}

impl ScratchPostgres {
    pub fn new(admin_url: &str) -> ScratchPostgres {
        let name = format!("peerdesk_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn =
            PgConnection::establish(admin_url).expect("connect to the PostgreSQL admin database");
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .expect("create test database");
        let (without_query, query) = match admin_url.split_once('?') {
            Some((a, q)) => (a, format!("?{q}")),
            None => (admin_url, String::new()),
        };
        let base = without_query
            .rsplit_once('/')
            .map(|(b, _)| b)
            .unwrap_or(without_query);
        // Loopback needs no TLS, and libpq's OpenSSL then stays out of the test process:
        // OpenSSL's clean-up at exit, with connections still open on the app's database
        // threads, was a suspect for a rare crash after every test had passed.
        let query = if query.contains("sslmode=") {
            query
        } else if query.is_empty() {
            "?sslmode=disable".to_owned()
        } else {
            format!("{query}&sslmode=disable")
        };
        let url = format!("{base}/{name}{query}");
        ScratchPostgres {
            admin_url: admin_url.to_owned(),
            name,
            url,
        }
    }
}

impl Drop for ScratchPostgres {
    fn drop(&mut self) {
        if let Ok(mut conn) = PgConnection::establish(&self.admin_url) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .execute(&mut conn);
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// The client's cookies, so a test can replay a session cookie after logout.
    pub jar: std::sync::Arc<reqwest::cookie::Jar>,
    pub state: actix_web::web::Data<AppState>,
    pub mail_dir: PathBuf,
    handle: actix_web::dev::ServerHandle,
    vars: HashMap<String, String>,
    // Dropped after the server handle is told to stop.
    _postgres: Option<ScratchPostgres>,
    _dir: ScratchDir,
}

pub fn test_vars(
    backend: Backend,
    dir: &Path,
) -> (HashMap<String, String>, Option<ScratchPostgres>) {
    let mut vars = HashMap::new();
    vars.insert("PEERDESK_BIND".into(), "127.0.0.1:0".into());
    vars.insert("PEERDESK_DATA_DIR".into(), dir.display().to_string());
    vars.insert("PEERDESK_WORKERS".into(), "1".into());
    vars.insert("PEERDESK_POOL_SIZE".into(), "3".into());
    vars.insert("PEERDESK_MAIL_POLL_MS".into(), "50".into());
    let pg = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => {
            let admin = postgres_url().expect("PostgreSQL URL");
            let pg = ScratchPostgres::new(&admin);
            vars.insert("DATABASE_URL".into(), pg.url.clone());
            Some(pg)
        }
    };
    (vars, pg)
}

pub fn client_with_jar(jar: std::sync::Arc<reqwest::cookie::Jar>) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_provider(jar)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client")
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, &[]).await
}

pub async fn spawn_app_with(backend: Backend, extra: &[(&str, &str)]) -> TestApp {
    let dir = ScratchDir::new();
    let (mut vars, pg) = test_vars(backend, &dir.0);
    for (k, v) in extra {
        vars.insert((*k).into(), (*v).into());
    }
    spawn_app_at(vars, pg, dir).await
}

/// A server on the database and data folder these settings name (a restored backup's); the
/// scratch folder and database go with it.
pub async fn spawn_app_at(
    vars: HashMap<String, String>,
    pg: Option<ScratchPostgres>,
    dir: ScratchDir,
) -> TestApp {
    let config = Config::from_vars(&vars).expect("test configuration");
    let kept_vars = vars.clone();
    let mail_dir = config.mail_dir.clone();
    let app = Application::build(config)
        .await
        .expect("application starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state();
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    TestApp {
        address,
        client: client_with_jar(jar.clone()),
        jar,
        state,
        mail_dir,
        handle,
        vars: kept_vars,
        _postgres: pg,
        _dir: dir,
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting; the database is dropped right after.
        let handle = self.handle.clone();
        drop(handle.stop(false));
    }
}

/// The pages that are not about one submission: lists, the office, the exports. Each person
/// may open some and gets 404 (or the sign-in page) for the others.
pub const PAGES_NOT_ABOUT_ONE_SUBMISSION: [&str; 23] = [
    "/",
    "/dashboard",
    "/profile",
    "/profile/two-factor",
    "/account/sessions",
    "/account/mail",
    "/account/password",
    "/submissions",
    "/reviews",
    "/editorial/queue",
    "/editorial/deadlines",
    "/editorial/integrity",
    "/editorial/search",
    "/editorial/board",
    "/editorial/statistics",
    "/editorial/statistics/editors.csv",
    "/editorial/statistics/reviewers.csv",
    "/editorial/exports",
    "/editorial/exports/submissions.csv",
    "/admin",
    "/admin/outbox",
    "/admin/roles",
    "/admin/security",
];

/// A page as the person sees it.
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub html: Html,
    pub text: String,
}

impl Page {
    pub fn select(&self, css: &str) -> Vec<String> {
        let selector = Selector::parse(css).expect("valid selector");
        self.html
            .select(&selector)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    pub fn attr(&self, css: &str, attr: &str) -> Option<String> {
        let selector = Selector::parse(css).expect("valid selector");
        self.html
            .select(&selector)
            .next()
            .and_then(|e| e.value().attr(attr))
            .map(str::to_owned)
    }

    /// All visible text, whitespace collapsed.
    pub fn visible_text(&self) -> String {
        self.select("body").join(" ")
    }

    /// The answer to a form that must be taken: a redirect (otherwise the test fails with
    /// the page's text).
    pub fn taken(self) -> Page {
        assert_eq!(
            self.status,
            StatusCode::SEE_OTHER,
            "{}",
            self.visible_text()
        );
        self
    }

    /// What a refused form says above it (its error summary), whitespace collapsed.
    pub fn error_summary(&self) -> String {
        self.select(".error-summary").join(" ")
    }

    pub fn field_error(&self, field: &str) -> Option<String> {
        self.select(&format!("#{field}-error")).into_iter().next()
    }
}

impl TestApp {
    /// The settings this server was started with (what the binary needs to reach its data).
    pub fn vars(&self) -> &HashMap<String, String> {
        &self.vars
    }

    /// Stops the server (and its mail worker) and starts a new one on the same database and
    /// data folder, as an operator's restart would.
    pub async fn restart(&mut self, extra: &[(&str, &str)]) {
        self.handle.stop(true).await;
        for (k, v) in extra {
            self.vars.insert((*k).into(), (*v).into());
        }
        let config = Config::from_vars(&self.vars).expect("test configuration");
        let app = Application::build(config)
            .await
            .expect("application restarts");
        self.address = format!("http://127.0.0.1:{}", app.port());
        self.state = app.state();
        self.handle = app.handle();
        tokio::spawn(app.run_until_stopped());
    }

    /// The Cookie header this client would send now.
    pub fn cookie_header(&self) -> String {
        use reqwest::cookie::CookieStore;
        let url: reqwest::Url = self.address.parse().expect("url");
        self.jar
            .cookies(&url)
            .map(|v| v.to_str().unwrap_or("").to_owned())
            .unwrap_or_default()
    }

    /// A second, independent visitor of the same site.
    pub fn another_visitor(&self) -> (reqwest::Client, std::sync::Arc<reqwest::cookie::Jar>) {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        (client_with_jar(jar.clone()), jar)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    async fn page_of(resp: reqwest::Response) -> Page {
        let status = resp.status();
        let location = resp
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let text = resp.text().await.expect("body");
        Page {
            status,
            location,
            html: Html::parse_document(&text),
            text,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        Self::page_of(self.client.get(self.url(path)).send().await.expect("GET")).await
    }

    /// GET, following redirects within the site.
    pub async fn get_following(&self, path: &str) -> Page {
        let mut page = self.get(path).await;
        let mut hops = 0;
        while page.status.is_redirection() && hops < 5 {
            let next = page.location.clone().expect("redirect has a location");
            page = self.get(&next).await;
            hops += 1;
        }
        page
    }

    /// The CSRF token of this client's session, as a form on a page would carry it.
    pub async fn csrf_token(&self) -> String {
        let page = self.get("/password/forgot").await;
        page.attr("input[name=csrf_token]", "value")
            .expect("a form with a CSRF token")
    }

    /// POSTs a form with the session's CSRF token added, without following the redirect.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.csrf_token().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.post_raw(path, &all).await
    }

    /// POSTs exactly these fields (no CSRF token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        Self::page_of(
            self.client
                .post(self.url(path))
                .form(fields)
                .send()
                .await
                .expect("POST"),
        )
        .await
    }

    /// POSTs a multipart form (text fields and files `(field, file name, bytes)`) with the
    /// session's CSRF token as its first field, as the submission form sends it.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> Page {
        let token = self.csrf_token().await;
        let mut form = reqwest::multipart::Form::new().text("csrf_token", token);
        for (k, v) in fields {
            form = form.text((*k).to_owned(), (*v).to_owned());
        }
        for (field, name, bytes) in files {
            let part = reqwest::multipart::Part::bytes(bytes.clone()).file_name((*name).to_owned());
            form = form.part((*field).to_owned(), part);
        }
        Self::page_of(
            self.client
                .post(self.url(path))
                .multipart(form)
                .send()
                .await
                .expect("POST multipart"),
        )
        .await
    }

    /// POSTs a multipart form that must be taken: the answer is a redirect (otherwise the
    /// test fails with the page's text).
    pub async fn post_multipart_taken(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> Page {
        self.post_multipart(path, fields, files).await.taken()
    }

    /// POSTs a form and follows the redirect, as a browser would.
    pub async fn submit(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let page = self.post_form(path, fields).await;
        if page.status.is_redirection() {
            let next = page.location.clone().expect("redirect has a location");
            return self.get_following(&next).await;
        }
        page
    }

    pub async fn register(&self, name: &str, email: &str, password: &str) -> Page {
        self.post_form(
            "/register",
            &[
                ("name", name),
                ("email", email),
                ("affiliation", "University of Genoa, Italy"),
                ("orcid", ""),
                ("password", password),
            ],
        )
        .await
    }

    /// Registers and confirms the address from the e-mailed link.
    pub async fn register_verified(&self, name: &str, email: &str, password: &str) {
        let page = self.register(name, email, password).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "registration accepted");
        let link = self
            .link_in_last_mail_to(email, "/verify-email?token=")
            .expect("verification link");
        let confirm = self.get(&link).await;
        assert_eq!(confirm.status, StatusCode::OK);
        let token = confirm
            .attr("input[name=token]", "value")
            .expect("token field");
        let done = self.post_form("/verify-email", &[("token", &token)]).await;
        assert_eq!(done.location.as_deref(), Some("/login"));
    }

    /// Makes every queued message `minutes` older, as if that time had passed since (the
    /// account forms send at most one message per address in a few minutes).
    pub async fn age_outbox(&self, minutes: i64) {
        self.with_db(move |conn| {
            use diesel::prelude::*;
            use peerdesk::db::schema::outbox;
            let rows: Vec<(i64, chrono::NaiveDateTime)> = outbox::table
                .select((outbox::id, outbox::created_at))
                .load(conn)
                .unwrap();
            for (id, at) in rows {
                diesel::update(outbox::table.find(id))
                    .set(outbox::created_at.eq(at - chrono::Duration::minutes(minutes)))
                    .execute(conn)
                    .unwrap();
            }
        })
        .await;
    }

    pub async fn login(&self, email: &str, password: &str) -> Page {
        self.post_form("/login", &[("email", email), ("password", password)])
            .await
    }

    /// Signs in as another person at a browser of their own (no cookies shared with
    /// `client`), whose requests reach the site through a proxy that says they come from
    /// `forwarded_for` (`X-Forwarded-For`); `None`: straight, from this machine's address.
    pub async fn login_as_visitor(
        &self,
        forwarded_for: Option<&str>,
        email: &str,
        password: &str,
    ) -> Page {
        let (client, _jar) = self.another_visitor();
        let with_header = |request: reqwest::RequestBuilder| match forwarded_for {
            Some(address) => request.header("x-forwarded-for", address),
            None => request,
        };
        let form = Self::page_of(
            with_header(client.get(self.url("/login")))
                .send()
                .await
                .expect("GET"),
        )
        .await;
        let token = form
            .attr("input[name=csrf_token]", "value")
            .expect("the sign-in form");
        let fields = [
            ("email", email),
            ("password", password),
            ("csrf_token", &token),
        ];
        Self::page_of(
            with_header(client.post(self.url("/login")).form(&fields))
                .send()
                .await
                .expect("POST"),
        )
        .await
    }

    pub async fn logout(&self) -> Page {
        self.post_form("/logout", &[]).await
    }

    /// Every message in the outbox, oldest first, as "To:/Subject:" headers and the text.
    pub fn mails(&self) -> Vec<String> {
        self.outbox()
            .into_iter()
            .map(|m| {
                format!(
                    "To: {} <{}>\nSubject: {}\n\n{}",
                    m.to_name, m.to_address, m.subject, m.body_text
                )
            })
            .collect()
    }

    /// The outbox rows, oldest first (read straight from the database).
    pub fn outbox(&self) -> Vec<peerdesk::db::outbox::OutboxMessage> {
        let mut conn = self.state.db.get().expect("connection");
        let filter = peerdesk::db::outbox::ListFilter::default();
        let mut rows = peerdesk::db::outbox::list(&mut conn, &filter, 100_000).expect("outbox");
        rows.reverse();
        rows
    }

    /// The oldest message of `kind` in the outbox, if there is one.
    pub fn mail_of_kind(&self, kind: &str) -> Option<peerdesk::db::outbox::OutboxMessage> {
        self.outbox().into_iter().find(|m| m.kind == kind)
    }

    pub fn mails_to(&self, email: &str) -> Vec<String> {
        self.mails()
            .into_iter()
            .filter(|m| {
                m.lines()
                    .next()
                    .is_some_and(|l| l.contains(&format!("<{email}>")))
            })
            .collect()
    }

    /// The path and query of the first link in the newest mail to `email` containing `marker`.
    pub fn link_in_last_mail_to(&self, email: &str, marker: &str) -> Option<String> {
        let mail = self
            .mails_to(email)
            .into_iter()
            .rev()
            .find(|m| m.contains(marker))?;
        let start = mail.find(marker)?;
        let rest = &mail[start..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '"' || c == '<')
            .unwrap_or(rest.len());
        Some(rest[..end].to_owned())
    }

    /// Waits (up to 10 s) until the worker has written `count` `.eml` files; returns them.
    pub async fn wait_for_eml_files(&self, count: usize) -> Vec<String> {
        let mut found = vec![];
        for _ in 0..200 {
            found = std::fs::read_dir(&self.mail_dir)
                .map(|d| {
                    d.filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
                .iter()
                .map(|p| decode_quoted_printable(&std::fs::read_to_string(p).unwrap_or_default()))
                .collect();
            if found.len() >= count {
                return found;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("expected {count} mail files, found {}", found.len());
    }

    /// Runs a closure on a database connection (for setting up states a test needs).
    pub async fn with_db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut peerdesk::db::DbConnection) -> T + Send + 'static,
    ) -> T {
        self.state
            .db
            .run(move |conn| Ok::<_, peerdesk::db::DbError>(f(conn)))
            .await
            .expect("database task")
    }

    pub async fn count_people_with_email(&self, email: &str) -> i64 {
        let email = email.to_owned();
        self.with_db(move |conn| {
            use diesel::prelude::*;
            use peerdesk::db::schema::people;
            people::table
                .filter(people::email.eq(email))
                .count()
                .get_result::<i64>(conn)
                .expect("count")
        })
        .await
    }

    /// The id of the person with this primary address.
    pub async fn person_id(&self, email: &str) -> i64 {
        let email = email.to_owned();
        self.with_db(move |conn| {
            use diesel::prelude::*;
            use peerdesk::db::schema::people;
            people::table
                .filter(people::email.eq(email))
                .select(people::id)
                .first::<i64>(conn)
                .expect("person")
        })
        .await
    }

    /// Loads the demo people and returns (email → password).
    pub async fn load_demo(&self) -> HashMap<String, String> {
        let site = self.state.config.site();
        self.with_db(move |conn| {
            peerdesk::demo::load(conn, &site)
                .expect("demo loads")
                .expect("first load")
                .into_iter()
                .map(|l| (l.email, l.password))
                .collect()
        })
        .await
    }
}

/// Undoes quoted-printable soft breaks and `=XX` escapes (enough for links and text).
pub fn decode_quoted_printable(raw: &str) -> String {
    if !raw.contains("Content-Transfer-Encoding: quoted-printable") {
        return raw.to_owned();
    }
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(
                std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                16,
            )
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
