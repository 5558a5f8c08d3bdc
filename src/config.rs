//! Configuration from environment variables, typed and checked once at start-up.
//!
//! Defaults need nothing installed: a SQLite file and mail files under `./data`, listening on
//! 127.0.0.1:8080. Production mode refuses to start without a session secret and a public
//! base URL.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use crate::domain::address_range::AddressRange;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Development,
    Production,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub mode: Mode,
    pub database_url: String,
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub mail_dir: PathBuf,
    /// Where manuscript files are kept, by SHA-256 (default `<data>/files`).
    pub files_dir: PathBuf,
    /// The largest file accepted per upload, in bytes (default 50 MiB).
    pub max_upload_bytes: u64,
    /// The address people reach the site at; links in e-mails start with it.
    pub base_url: String,
    /// Key material for the session cookie; `None` in development means "generate and keep
    /// one under the data folder".
    pub session_secret: Option<String>,
    /// The system's own From address (DMARC-aligned with the site's domain).
    pub mail_from: String,
    /// The editorial office's own address: where authors write (a co-author who was listed
    /// by mistake), and the Reply-To of messages to authors. Never the no-reply From.
    pub office_email: String,
    /// How many years back a shared institution or a joint paper counts as a conflict.
    pub conflict_window_years: i32,
    /// When reviewers are reminded (`PEERDESK_REVIEW_REMINDERS`), unless their collection has
    /// a schedule of its own (set by its editor-in-chief).
    pub review_reminders: crate::domain::review::ReminderSchedule,
    /// SMTP in lettre's URL form; `None` writes `.eml` files to `mail_dir`.
    pub smtp_url: Option<String>,
    /// Whether `serve` runs the mail worker beside the web server (`PEERDESK_MAIL_WORKER=off`
    /// for instances that only serve pages while `peerdesk mail-worker` runs elsewhere).
    pub mail_worker_in_serve: bool,
    pub mail_poll_ms: u64,
    pub mail_max_attempts: i32,
    pub mail_retry_seconds: u64,
    pub mail_lock_seconds: u64,
    pub digest_hour: u32,
    pub pool_size: u32,
    pub workers: usize,
    /// The sign-in throttle (`workflow::sign_in_throttle`), in its window of
    /// `login_throttle_minutes`: failures at one account from one client before that client
    /// is refused there; at one account from all clients before the account is closed; and
    /// the different accounts one client may fail at before its sign-ins are slowed by
    /// `login_slowdown_ms` (slowed, never refused: others may share its address).
    pub login_failures_per_account: i64,
    pub login_failures_account_wide: i64,
    pub login_failures_per_address: i64,
    pub login_throttle_minutes: i64,
    pub login_slowdown_ms: u64,
    /// `PEERDESK_TRUSTED_PROXIES`: the proxies in front whose `X-Forwarded-For` says who the
    /// client is; from anyone else the header is ignored (`web::client_address`).
    pub trusted_proxies: Vec<AddressRange>,
    /// `PEERDESK_TLS_AT_PROXY=yes`: a proxy in front ends TLS, so visitors use https although
    /// the base URL says http; cookies are still Secure.
    pub tls_at_proxy: bool,
    /// ORCID sign-in, switched on by the journal's ORCID client credentials; `None` hides it.
    pub orcid: Option<OrcidSignIn>,
}

/// The journal's ORCID API client (`PEERDESK_ORCID_CLIENT_ID`, `PEERDESK_ORCID_CLIENT_SECRET`,
/// registered at orcid.org with the redirect URI `<base URL>/orcid/callback`), and where ORCID
/// is (`PEERDESK_ORCID_URL`: `https://orcid.org`, or `https://sandbox.orcid.org` to try it).
#[derive(Clone)]
pub struct OrcidSignIn {
    pub client_id: String,
    pub client_secret: String,
    /// The OpenID Connect issuer, without a trailing slash; its `/oauth/authorize` and
    /// `/oauth/token` are ORCID's endpoints.
    pub issuer: String,
}

impl std::fmt::Debug for OrcidSignIn {
    // The secret never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OrcidSignIn")
            .field("client_id", &self.client_id)
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

/// ORCID sign-in, when both credentials are set. The issuer must be https (the token comes
/// back over TLS from it, which is what vouches for the ID token, see `security::oidc`);
/// plain http only on loopback, for a test's own provider.
fn orcid_sign_in(vars: &Vars) -> Result<Option<OrcidSignIn>, ConfigError> {
    let (client_id, client_secret) = match (
        vars.get("PEERDESK_ORCID_CLIENT_ID"),
        vars.get("PEERDESK_ORCID_CLIENT_SECRET"),
    ) {
        (None, None) => return Ok(None),
        (Some(id), Some(secret)) => (id, secret),
        _ => {
            return Err(ConfigError::Invalid(
                "ORCID sign-in needs both PEERDESK_ORCID_CLIENT_ID and PEERDESK_ORCID_CLIENT_SECRET"
                    .into(),
            ));
        }
    };
    let issuer = vars
        .get("PEERDESK_ORCID_URL")
        .unwrap_or_else(|| "https://orcid.org".to_owned())
        .trim_end_matches('/')
        .to_owned();
    let loopback = ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"]
        .iter()
        .any(|p| issuer.starts_with(p));
    if !(issuer.starts_with("https://") || loopback) {
        return Err(ConfigError::Invalid(format!(
            "PEERDESK_ORCID_URL must be an https:// address (plain http only on loopback): {issuer}"
        )));
    }
    Ok(Some(OrcidSignIn {
        client_id,
        client_secret,
        issuer,
    }))
}

/// What links in e-mails need, with the site's defaults the collections' settings fall
/// back to.
#[derive(Debug, Clone)]
pub struct Site {
    pub base_url: String,
    pub window_years: i32,
    /// The reviewer reminders of a collection that has none of its own
    /// (`PEERDESK_REVIEW_REMINDERS`).
    pub review_reminders: crate::domain::review::ReminderSchedule,
}

impl Site {
    pub fn name(&self) -> String {
        self.base_url
            .split("://")
            .nth(1)
            .unwrap_or(&self.base_url)
            .to_owned()
    }

    /// The conflict rules' settings as of today.
    pub fn settings(&self) -> crate::domain::conflicts::Settings {
        crate::domain::conflicts::Settings {
            today: crate::db::now().date(),
            window_years: self.window_years,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}")]
    Invalid(String),
    #[error("production mode needs {0}; set it in the environment (see README, Configuration)")]
    MissingInProduction(&'static str),
}

impl Config {
    /// What the editorial rules need to know about this site.
    pub fn site(&self) -> Site {
        Site {
            base_url: self.base_url.clone(),
            window_years: self.conflict_window_years,
            review_reminders: self.review_reminders.clone(),
        }
    }

    pub fn from_env() -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = std::env::vars().collect();
        Config::from_vars(&vars)
    }

    /// Reads configuration from a map of variables (the environment, or a test's own). The
    /// groups are read in this order, so the first setting at fault is the one named.
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Config, ConfigError> {
        let vars = Vars(vars);
        let mode = mode(&vars)?;
        let places = Places::read(&vars)?;
        let web = Web::read(&vars, mode, places.bind)?;
        let (mail_from, office_email) = mail_addresses(&vars, &web.base_url)?;
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        let pool_size = vars.number(
            "PEERDESK_POOL_SIZE",
            default_pool_size(&places.database_url, cores),
            1,
            256,
        )? as u32;
        let smtp_url = smtp_url(&vars)?;
        let mail_worker_in_serve = vars.flag("PEERDESK_MAIL_WORKER", ("on", "off"), true)?;
        let review_reminders = review_reminders(&vars)?;
        Ok(Config {
            mode,
            review_reminders,
            smtp_url,
            mail_worker_in_serve,
            mail_poll_ms: vars.number("PEERDESK_MAIL_POLL_MS", 1000, 10, 600_000)? as u64,
            mail_max_attempts: vars.number("PEERDESK_MAIL_MAX_ATTEMPTS", 8, 1, 100)? as i32,
            mail_retry_seconds: vars.number("PEERDESK_MAIL_RETRY_SECONDS", 30, 1, 86_400)? as u64,
            mail_lock_seconds: vars.number("PEERDESK_MAIL_LOCK_SECONDS", 300, 1, 86_400)? as u64,
            digest_hour: vars.number("PEERDESK_DIGEST_HOUR", 7, 0, 23)? as u32,
            database_url: places.database_url,
            bind: places.bind,
            data_dir: places.data_dir,
            mail_dir: places.mail_dir,
            files_dir: places.files_dir,
            max_upload_bytes: vars.number(
                "PEERDESK_MAX_UPLOAD_BYTES",
                crate::storage::DEFAULT_MAX_UPLOAD_BYTES as i64,
                1024,
                10 * 1024 * 1024 * 1024,
            )? as u64,
            base_url: web.base_url,
            session_secret: web.session_secret,
            mail_from,
            office_email,
            conflict_window_years: vars.number("PEERDESK_CONFLICT_WINDOW_YEARS", 3, 0, 50)? as i32,
            pool_size,
            workers: vars.number("PEERDESK_WORKERS", cores as i64, 1, 256)? as usize,
            login_failures_per_account: vars.number(
                "PEERDESK_LOGIN_FAILURES_PER_ACCOUNT",
                5,
                1,
                1000,
            )?,
            login_failures_account_wide: account_wide_failures(&vars)?,
            login_failures_per_address: vars.number(
                "PEERDESK_LOGIN_FAILURES_PER_ADDRESS",
                20,
                1,
                100000,
            )?,
            login_throttle_minutes: vars.number("PEERDESK_LOGIN_THROTTLE_MINUTES", 15, 1, 1440)?,
            login_slowdown_ms: vars.number("PEERDESK_LOGIN_SLOWDOWN_MS", 2000, 0, 60_000)? as u64,
            trusted_proxies: trusted_proxies(&vars)?,
            tls_at_proxy: web.tls_at_proxy,
            orcid: orcid_sign_in(&vars)?,
        })
    }

    pub fn is_production(&self) -> bool {
        self.mode == Mode::Production
    }

    /// Cookies are marked Secure whenever the site is served over https (by itself or by a
    /// proxy in front).
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://") || self.tls_at_proxy
    }

    /// The session cookie's name: in production with the `__Host-` prefix, which browsers
    /// accept only Secure, for the whole site and for this host alone (ASVS 3.4.4).
    pub fn session_cookie_name(&self) -> &'static str {
        if self.is_production() && self.secure_cookies() {
            "__Host-peerdesk"
        } else {
            "peerdesk"
        }
    }
}

/// The variables, trimmed; an empty one counts as unset.
struct Vars<'a>(&'a HashMap<String, String>);

impl Vars<'_> {
    fn get(&self, k: &str) -> Option<String> {
        self.0
            .get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    /// A whole number from `min` to `max`, `default` when unset.
    fn number(&self, k: &str, default: i64, min: i64, max: i64) -> Result<i64, ConfigError> {
        match self.get(k) {
            None => Ok(default),
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .ok_or_else(|| {
                    ConfigError::Invalid(format!("{k} must be a whole number from {min} to {max}"))
                }),
        }
    }

    /// One of two words (`yes` or `no`), `default` when unset.
    fn flag(&self, k: &str, (yes, no): (&str, &str), default: bool) -> Result<bool, ConfigError> {
        match self.get(k) {
            None => Ok(default),
            Some(v) if v == yes => Ok(true),
            Some(v) if v == no => Ok(false),
            Some(_) => Err(ConfigError::Invalid(format!(
                "{k} must be '{yes}' or '{no}'"
            ))),
        }
    }
}

/// Failures at one account from every client before it is closed: 25 by default, so at most
/// 100 an hour in the default 15-minute window (ASVS 2.2.1); never fewer than one client's.
fn account_wide_failures(vars: &Vars) -> Result<i64, ConfigError> {
    let one_client = vars.number("PEERDESK_LOGIN_FAILURES_PER_ACCOUNT", 5, 1, 1000)?;
    let all = vars.number("PEERDESK_LOGIN_FAILURES_ACCOUNT_WIDE", 25, 1, 100_000)?;
    if all < one_client {
        return Err(ConfigError::Invalid(format!(
            "PEERDESK_LOGIN_FAILURES_ACCOUNT_WIDE ({all}) must be at least \
             PEERDESK_LOGIN_FAILURES_PER_ACCOUNT ({one_client})"
        )));
    }
    Ok(all)
}

/// `PEERDESK_TRUSTED_PROXIES`: addresses or ranges separated by commas; none by default.
fn trusted_proxies(vars: &Vars) -> Result<Vec<AddressRange>, ConfigError> {
    let Some(list) = vars.get("PEERDESK_TRUSTED_PROXIES") else {
        return Ok(Vec::new());
    };
    list.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            AddressRange::parse(item).map_err(|problem| {
                ConfigError::Invalid(format!(
                    "PEERDESK_TRUSTED_PROXIES lists the proxies in front, separated by commas \
                     (e.g. 10.0.0.5, 192.168.0.0/16): {problem}"
                ))
            })
        })
        .collect()
}

fn mode(vars: &Vars) -> Result<Mode, ConfigError> {
    match vars.get("PEERDESK_ENV").as_deref() {
        None | Some("development") | Some("dev") => Ok(Mode::Development),
        Some("production") | Some("prod") => Ok(Mode::Production),
        Some(other) => Err(ConfigError::Invalid(format!(
            "PEERDESK_ENV must be 'development' or 'production', not '{other}'"
        ))),
    }
}

/// Where the site keeps its data and listens.
struct Places {
    data_dir: PathBuf,
    database_url: String,
    bind: SocketAddr,
    mail_dir: PathBuf,
    files_dir: PathBuf,
}

impl Places {
    fn read(vars: &Vars) -> Result<Places, ConfigError> {
        let data_dir = PathBuf::from(
            vars.get("PEERDESK_DATA_DIR")
                .unwrap_or_else(|| "data".into()),
        );
        let database_url = vars
            .get("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("peerdesk.db").display()));
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(ConfigError::Invalid(
                "DATABASE_URL must start with sqlite:// or postgres:// (e.g. postgres://user@127.0.0.1:5432/peerdesk)".into(),
            ));
        }
        let bind: SocketAddr = vars
            .get("PEERDESK_BIND")
            .unwrap_or_else(|| "127.0.0.1:8080".into())
            .parse()
            .map_err(|_| {
                ConfigError::Invalid("PEERDESK_BIND must be an address like 127.0.0.1:8080".into())
            })?;
        let mail_dir = vars
            .get("PEERDESK_MAIL_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| data_dir.join("mail"));
        let files_dir = vars
            .get("PEERDESK_FILES_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| data_dir.join("files"));
        Ok(Places {
            data_dir,
            database_url,
            bind,
            mail_dir,
            files_dir,
        })
    }
}

/// How people reach the site, and what keeps their sessions.
struct Web {
    base_url: String,
    tls_at_proxy: bool,
    session_secret: Option<String>,
}

impl Web {
    fn read(vars: &Vars, mode: Mode, bind: SocketAddr) -> Result<Web, ConfigError> {
        let base_url = match (vars.get("PEERDESK_BASE_URL"), mode) {
            (Some(url), _) => url.trim_end_matches('/').to_owned(),
            (None, Mode::Production) => {
                return Err(ConfigError::MissingInProduction("PEERDESK_BASE_URL"));
            }
            (None, Mode::Development) => format!("http://{bind}"),
        };
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(ConfigError::Invalid(
                "PEERDESK_BASE_URL must start with http:// or https://".into(),
            ));
        }
        let tls_at_proxy = vars.flag("PEERDESK_TLS_AT_PROXY", ("yes", "no"), false)?;
        // Sessions and e-mailed links must never travel in clear (ASVS 9.1.1).
        if mode == Mode::Production && base_url.starts_with("http://") && !tls_at_proxy {
            return Err(ConfigError::Invalid(format!(
                "production mode serves over https: PEERDESK_BASE_URL is {base_url}; give its \
                 https:// address, or set PEERDESK_TLS_AT_PROXY=yes if a proxy in front ends TLS"
            )));
        }
        let session_secret = vars.get("PEERDESK_SESSION_SECRET");
        match (&session_secret, mode) {
            (None, Mode::Production) => {
                return Err(ConfigError::MissingInProduction("PEERDESK_SESSION_SECRET"));
            }
            (Some(s), _) if s.len() < 64 => {
                return Err(ConfigError::Invalid(
                    "PEERDESK_SESSION_SECRET must be at least 64 characters (e.g. `openssl rand -hex 32`)".into(),
                ));
            }
            _ => {}
        }
        Ok(Web {
            base_url,
            tls_at_proxy,
            session_secret,
        })
    }
}

/// The From address (no-reply, at the site's host) and the editorial office's address.
fn mail_addresses(vars: &Vars, base_url: &str) -> Result<(String, String), ConfigError> {
    let host = base_url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', ':']).next())
        .unwrap_or("localhost")
        .to_owned();
    let mail_from = vars.get("PEERDESK_MAIL_FROM").unwrap_or_else(|| {
        let domain = if host.parse::<std::net::IpAddr>().is_ok() {
            "localhost".to_owned()
        } else {
            host.clone()
        };
        format!("peerdesk <no-reply@{domain}>")
    });

    // Set explicitly, it must be a real address; by default it shares the From domain
    // (which is "localhost" on a development machine).
    let office_email = match vars.get("PEERDESK_OFFICE_EMAIL") {
        Some(address) => crate::domain::EmailAddress::parse(&address)
            .map(|a| a.as_str().to_owned())
            .map_err(|_| {
                ConfigError::Invalid(
                    "PEERDESK_OFFICE_EMAIL must be a plain e-mail address, e.g. editorial@journal.example".into(),
                )
            })?,
        None => {
            let domain = mail_from
                .rsplit('@')
                .next()
                .unwrap_or("localhost")
                .trim_end_matches('>');
            format!("editorial-office@{domain}")
        }
    };
    Ok((mail_from, office_email))
}

fn smtp_url(vars: &Vars) -> Result<Option<String>, ConfigError> {
    let smtp_url = vars.get("PEERDESK_SMTP_URL");
    if let Some(url) = &smtp_url
        && !(url.starts_with("smtp://") || url.starts_with("smtps://"))
    {
        return Err(ConfigError::Invalid(
            "PEERDESK_SMTP_URL must look like smtp://user:pass@host:587?tls=required, smtps://host or smtp://127.0.0.1:2525".into(),
        ));
    }
    Ok(smtp_url)
}

fn review_reminders(vars: &Vars) -> Result<crate::domain::review::ReminderSchedule, ConfigError> {
    match vars.get("PEERDESK_REVIEW_REMINDERS") {
        None => Ok(crate::domain::review::ReminderSchedule::default()),
        Some(v) => crate::domain::review::ReminderSchedule::parse(&v).map_err(|e| {
            ConfigError::Invalid(format!(
                "PEERDESK_REVIEW_REMINDERS: {e} (the default is unanswered=3,7;due_soon=3;overdue=1,7,14)"
            ))
        }),
    }
}

/// Connections by default. SQLite works in the server's own threads, so more connections
/// than two per core only add threads competing for the cores: at 32 concurrent requests on
/// 2 cores, 4 connections gave the same throughput as 8 with a lower p99 (7–11 ms against
/// 10–13) and 75 MB peak RSS against 91, and 2 gave 25 % less (BENCHMARKS.md). PostgreSQL
/// works in its own processes, so its connections wait on round trips: 8.
fn default_pool_size(database_url: &str, cores: usize) -> i64 {
    match crate::db::Backend::of_url(database_url) {
        crate::db::Backend::Sqlite => (2 * cores).clamp(2, 8) as i64,
        crate::db::Backend::Postgres => 8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_gets_two_connections_a_core_and_postgres_eight() {
        assert_eq!(default_pool_size("sqlite://data/x.db", 2), 4);
        assert_eq!(default_pool_size("sqlite://data/x.db", 1), 2);
        assert_eq!(default_pool_size("sqlite://data/x.db", 64), 8);
        assert_eq!(default_pool_size("postgres://u@h/db", 2), 8);
    }

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_need_nothing_installed() {
        let c = Config::from_vars(&vars(&[])).unwrap();
        assert_eq!(c.database_url, "sqlite://data/peerdesk.db");
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.mail_dir, PathBuf::from("data/mail"));
        assert_eq!(c.mode, Mode::Development);
    }

    #[test]
    fn production_names_what_is_missing() {
        let err = Config::from_vars(&vars(&[("PEERDESK_ENV", "production")])).unwrap_err();
        assert!(err.to_string().contains("PEERDESK_BASE_URL"), "{err}");
        let err = Config::from_vars(&vars(&[
            ("PEERDESK_ENV", "production"),
            ("PEERDESK_BASE_URL", "https://rc.example"),
        ]))
        .unwrap_err();
        assert!(err.to_string().contains("PEERDESK_SESSION_SECRET"), "{err}");
        let secret = "s".repeat(64);
        let ok = Config::from_vars(&vars(&[
            ("PEERDESK_ENV", "production"),
            ("PEERDESK_BASE_URL", "https://rc.example/"),
            ("PEERDESK_SESSION_SECRET", &secret),
        ]))
        .unwrap();
        assert!(ok.secure_cookies());
        assert_eq!(ok.session_cookie_name(), "__Host-peerdesk");
        assert_eq!(ok.mail_from, "peerdesk <no-reply@rc.example>");
    }

    #[test]
    fn production_refuses_an_http_base_url_unless_a_proxy_ends_tls() {
        let secret = "s".repeat(64);
        let production = |base: &str, proxy: Option<&str>| {
            let mut v = vec![
                ("PEERDESK_ENV", "production"),
                ("PEERDESK_BASE_URL", base),
                ("PEERDESK_SESSION_SECRET", secret.as_str()),
            ];
            if let Some(p) = proxy {
                v.push(("PEERDESK_TLS_AT_PROXY", p));
            }
            Config::from_vars(&vars(&v))
        };
        let err = production("http://rc.example", None).unwrap_err();
        assert!(err.to_string().contains("https://"), "{err}");
        assert!(err.to_string().contains("PEERDESK_TLS_AT_PROXY"), "{err}");
        let behind = production("http://rc.example", Some("yes")).unwrap();
        assert!(behind.secure_cookies(), "still Secure behind the proxy");
        assert_eq!(behind.session_cookie_name(), "__Host-peerdesk");
        assert!(production("http://rc.example", Some("maybe")).is_err());
        // Development keeps plain http on loopback.
        let dev = Config::from_vars(&vars(&[])).unwrap();
        assert!(!dev.secure_cookies());
        assert_eq!(dev.session_cookie_name(), "peerdesk");
    }

    #[test]
    fn the_office_address_is_never_the_no_reply_sender() {
        let c =
            Config::from_vars(&vars(&[("PEERDESK_BASE_URL", "https://journal.example")])).unwrap();
        assert_eq!(c.office_email, "editorial-office@journal.example");
        let c = Config::from_vars(&vars(&[(
            "PEERDESK_OFFICE_EMAIL",
            "Office@Journal.example",
        )]))
        .unwrap();
        assert_eq!(c.office_email, "office@journal.example");
        assert!(Config::from_vars(&vars(&[("PEERDESK_OFFICE_EMAIL", "not an address")])).is_err());
        assert_eq!(
            Config::from_vars(&vars(&[("PEERDESK_MAX_UPLOAD_BYTES", "4096")]))
                .unwrap()
                .max_upload_bytes,
            4096
        );
    }

    #[test]
    fn trusted_proxies_are_none_unless_listed() {
        assert!(
            Config::from_vars(&vars(&[]))
                .unwrap()
                .trusted_proxies
                .is_empty()
        );
        let c = Config::from_vars(&vars(&[(
            "PEERDESK_TRUSTED_PROXIES",
            "10.0.0.5, 192.168.0.0/16,,2001:db8::/32",
        )]))
        .unwrap();
        let listed: Vec<String> = c.trusted_proxies.iter().map(|r| r.to_string()).collect();
        assert_eq!(listed, ["10.0.0.5", "192.168.0.0/16", "2001:db8::/32"]);
        let err = Config::from_vars(&vars(&[("PEERDESK_TRUSTED_PROXIES", "10.0.0.5 proxy.lan")]))
            .unwrap_err();
        assert!(
            err.to_string().contains("PEERDESK_TRUSTED_PROXIES"),
            "{err}"
        );
        let err =
            Config::from_vars(&vars(&[("PEERDESK_LOGIN_FAILURES_ACCOUNT_WIDE", "3")])).unwrap_err();
        assert!(err.to_string().contains("at least"), "{err}");
    }

    #[test]
    fn orcid_sign_in_needs_both_credentials_and_an_https_issuer() {
        assert!(Config::from_vars(&vars(&[])).unwrap().orcid.is_none());
        let err = Config::from_vars(&vars(&[("PEERDESK_ORCID_CLIENT_ID", "APP-1")])).unwrap_err();
        assert!(err.to_string().contains("both"), "{err}");
        let on = |url: &str| {
            Config::from_vars(&vars(&[
                ("PEERDESK_ORCID_CLIENT_ID", "APP-1"),
                ("PEERDESK_ORCID_CLIENT_SECRET", "secret"),
                ("PEERDESK_ORCID_URL", url),
            ]))
        };
        let orcid = on("").unwrap().orcid.unwrap();
        assert_eq!(orcid.issuer, "https://orcid.org");
        assert!(!format!("{orcid:?}").contains("secret"));
        let sandbox = on("https://sandbox.orcid.org/").unwrap().orcid.unwrap();
        assert_eq!(sandbox.issuer, "https://sandbox.orcid.org");
        assert!(on("http://127.0.0.1:4000").is_ok());
        let err = on("http://orcid.example").unwrap_err();
        assert!(err.to_string().contains("https://"), "{err}");
    }

    #[test]
    fn refuses_unknown_database_scheme() {
        assert!(Config::from_vars(&vars(&[("DATABASE_URL", "mysql://x")])).is_err());
    }
}
