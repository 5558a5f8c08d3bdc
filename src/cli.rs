//! The command line: `serve` (the default), `migrate`, `demo`, `create-admin`,
//! `reset-two-factor`, `backup`, `restore`.

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::db::accounts::{self, NewPerson};
use crate::db::events::{self, NewEvent, Subject};
use crate::db::{Database, now, roles};
use crate::domain::{EmailAddress, PersonName, Role, password_policy};
use crate::security::{password, token};
use crate::startup::{self, Application};

#[derive(Parser)]
#[command(
    name = "peerdesk",
    version,
    about = "Manuscript submission and peer review for journal collections.",
    long_about = "Manuscript submission and peer review for journal collections.\n\n\
    Configuration comes from environment variables (DATABASE_URL, PEERDESK_*); see the README.\n\
    With no command, `serve` runs."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (migrates the database and loads the seed collection first).
    Serve {
        /// Also load the demo people on first start and print their logins (refused in production).
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Run only the e-mail delivery worker (`serve` also runs one; several may run at once).
    MailWorker,
    /// Load the demo people (editor-in-chief, guest editors, board, authors, reviewers) and print their logins once.
    Demo {
        /// Instead, fill the database with N generated submissions (with people, reviews,
        /// timelines and e-mails) for load tests, and print logins for each role.
        #[arg(long, value_name = "N")]
        scale: Option<usize>,
    },
    /// Create an administrator account, or make an existing person an administrator.
    CreateAdmin {
        /// The administrator's e-mail address.
        #[arg(long)]
        email: String,
        /// The administrator's full name (for a new account).
        #[arg(long, default_value = "Administrator")]
        name: String,
        /// Read the password from the first line of standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Turn off two-factor sign-in for a person who lost their phone and their recovery codes
    /// (after the office has checked who they are): their sessions end, they are told by
    /// e-mail, and the audit log records it.
    ResetTwoFactor {
        /// The person's e-mail address.
        #[arg(long)]
        email: String,
    },
    /// Write a consistent copy of the database, the uploaded files and a manifest with their
    /// checksums into DIR (new or empty), while the site runs.
    Backup {
        /// The folder to write the backup to.
        dir: std::path::PathBuf,
    },
    /// Restore a backup from DIR into the empty database and files folder that DATABASE_URL
    /// and PEERDESK_FILES_DIR name (checks every checksum first).
    Restore {
        /// The backup folder (the one `peerdesk backup` wrote).
        dir: std::path::PathBuf,
    },
}

/// The log goes to standard error, so standard output carries only what a command prints
/// for its user (the demo logins among it); in colour only on a terminal (and without
/// `NO_COLOR`), so a log written to a file has no escape codes.
fn init_logging() {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,actix_server=warn"));
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_ansi(colour)
        .try_init();
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("peerdesk: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Serve { demo } => serve(config, demo),
        Command::Migrate => migrate(&config),
        Command::MailWorker => mail_worker(config),
        Command::Demo { scale: None } => demo(&config, true),
        Command::Demo { scale: Some(n) } => scale_data(&config, n),
        Command::CreateAdmin {
            email,
            name,
            password_stdin,
        } => create_admin(&config, &email, &name, password_stdin),
        Command::ResetTwoFactor { email } => reset_two_factor(&config, &email),
        Command::Backup { dir } => backup(&config, &dir),
        Command::Restore { dir } => restore(&config, &dir),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("peerdesk: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve(config: Config, with_demo: bool) -> anyhow::Result<()> {
    if with_demo {
        // Under a service manager or redirected to a file, standard output is a log: the
        // passwords stay in the logins file only.
        use std::io::IsTerminal;
        demo(&config, std::io::stdout().is_terminal())?;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(config.pool_size as usize * 4)
        .build()?;
    runtime.block_on(async move {
        let started = std::time::Instant::now();
        let base_url = config.base_url.clone();
        let app = Application::build(config).await?;
        tracing::info!(
            port = app.port(),
            startup_ms = started.elapsed().as_millis() as u64,
            "peerdesk is serving at {base_url}"
        );
        app.run_until_stopped().await?;
        tracing::info!("peerdesk stopped");
        Ok(())
    })
}

fn mail_worker(config: Config) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let db = {
            let config = config.clone();
            tokio::task::spawn_blocking(move || startup::prepare_database(&config)).await??
        };
        let mailer = std::sync::Arc::new(crate::mail::Mailer::new(
            &config.mail_from,
            config.smtp_url.as_deref(),
            config.mail_dir.clone(),
        )?);
        tokio::select! {
            () = crate::mail::worker::run_forever(db, mailer, crate::startup::worker_settings(&config)) => {}
            _ = tokio::signal::ctrl_c() => tracing::info!("mail worker stopped"),
        }
        Ok(())
    })
}

fn migrate(config: &Config) -> anyhow::Result<()> {
    let db = Database::connect(&config.database_url, 1)
        .with_context(|| format!("cannot open {}", startup::redact_url(&config.database_url)))?;
    let applied = db.migrate()?;
    println!(
        "{applied} migration(s) applied; the database at {} is up to date.",
        startup::redact_url(&config.database_url)
    );
    Ok(())
}

/// Loads the demo data once and keeps the logins in `demo-logins.txt`; prints them too when
/// `print_logins` (the `demo` command, or `serve --demo` on a terminal).
fn demo(config: &Config, print_logins: bool) -> anyhow::Result<()> {
    if config.is_production() {
        anyhow::bail!("demo data is never loaded in production mode (PEERDESK_ENV=production)");
    }
    let db = startup::prepare_database(config)?;
    let mut conn = db.get()?;
    match crate::demo::load(&mut conn, &config.site())? {
        Some(logins) => {
            let mut table = crate::demo::format_logins(&logins, &config.base_url);
            std::fs::create_dir_all(&config.data_dir)?;
            let path = config.data_dir.join("demo-logins.txt");
            // The logins are saved first: they are shown only once.
            startup::write_private(&path, &table)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let files = crate::storage::FileStore::new(config.files_dir.clone())
                .with_context(|| format!("cannot open {}", config.files_dir.display()))?;
            if let Some((article, _)) =
                crate::demo::load_published(&mut conn, &files, &config.site())?
            {
                table.push_str(&format!(
                    "\nA published demo article, with a correction: {}/articles/{article}\n",
                    config.base_url
                ));
                startup::write_private(&path, &table)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            if print_logins {
                println!("{table}");
            } else {
                println!(
                    "Demo data loaded; the logins are in {} (readable by you only).",
                    path.display()
                );
            }
        }
        None => println!(
            "Demo data is already loaded; the logins were printed then and are in {}.",
            config.data_dir.join("demo-logins.txt").display()
        ),
    }
    Ok(())
}

fn scale_data(config: &Config, n: usize) -> anyhow::Result<()> {
    if config.is_production() {
        anyhow::bail!("scale data is never loaded in production mode (PEERDESK_ENV=production)");
    }
    if n == 0 {
        anyhow::bail!("--scale needs a number of submissions above 0");
    }
    let started = std::time::Instant::now();
    let db = startup::prepare_database(config)?;
    let mut conn = db.get()?;
    let report = crate::demo::scale::load(&mut conn, n)?;
    print!(
        "{}",
        crate::demo::scale::format_report(
            &report,
            &config.base_url,
            started.elapsed().as_secs_f64()
        )
    );
    Ok(())
}

fn backup(config: &Config, dir: &std::path::Path) -> anyhow::Result<()> {
    let report = crate::backup::backup(config, dir)?;
    let m = &report.manifest;
    println!(
        "Backup written to {} in {:.1} s (database snapshot {:.1} s): the {} database at schema {}, \
         {} submissions, {} uploaded files, {} messages queued; {:.1} MB in all.",
        dir.display(),
        report.elapsed.as_secs_f64(),
        report.snapshot_time.as_secs_f64(),
        if m.backend == crate::db::Backend::Sqlite {
            "SQLite"
        } else {
            "PostgreSQL"
        },
        m.schema_version,
        m.submissions,
        m.files,
        m.queued_mails,
        report.bytes as f64 / 1e6,
    );
    if !report.damaged.is_empty() {
        anyhow::bail!(
            "{} uploaded file(s) in {} no longer match their checksum and were left out of the backup \
             (restore them from an earlier backup): {}",
            report.damaged.len(),
            config.files_dir.display(),
            report.damaged.join(", ")
        );
    }
    Ok(())
}

fn restore(config: &Config, dir: &std::path::Path) -> anyhow::Result<()> {
    let report = crate::backup::restore(config, dir)?;
    let m = &report.manifest;
    println!(
        "Restored the backup of {} UTC (peerdesk {}, schema {}) into {} and {}: \
         {} submissions, {} uploaded files, every checksum verified.",
        m.taken_at.format("%Y-%m-%d %H:%M:%S"),
        m.peerdesk_version,
        m.schema_version,
        startup::redact_url(&config.database_url),
        config.files_dir.display(),
        m.submissions,
        m.files,
    );
    if report.migrations_applied > 0 {
        println!(
            "The backup was older than this peerdesk: {} later migration(s) applied.",
            report.migrations_applied
        );
    }
    if report.held_mails > 0 {
        println!(
            "{} message(s) were queued when the backup was taken and may have gone out since: \
             they are not sent again on their own. They are listed as failed at Editorial office \
             → Outbox; check the mail server's log for their Message-IDs and use Retry now for \
             those that never went out.",
            report.held_mails
        );
    }
    Ok(())
}

fn create_admin(
    config: &Config,
    email: &str,
    name: &str,
    password_stdin: bool,
) -> anyhow::Result<()> {
    let email = EmailAddress::parse(email).map_err(|m| anyhow::anyhow!("--email: {m}"))?;
    let name = PersonName::parse(name).map_err(|m| anyhow::anyhow!("--name: {m}"))?;
    let (plain, generated) = if password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        password_policy::check_new_password(&line, email.as_str())
            .map_err(|m| anyhow::anyhow!("password: {m}"))?;
        (line, false)
    } else {
        (token::random_hex(12), true)
    };
    let hash = password::hash_password(&plain)?;
    let db = startup::prepare_database(config)?;
    let mut conn = db.get()?;
    let created = crate::db::write_transaction(&mut conn, |conn| -> anyhow::Result<bool> {
        let person = match accounts::find_person_by_email(conn, email.as_str())? {
            Some(p) => p,
            None => accounts::insert_person(
                conn,
                &NewPerson {
                    name: name.as_str(),
                    email: email.as_str(),
                    affiliation: "",
                    orcid: None,
                    bio: "",
                },
            )?,
        };
        let new_account = accounts::find_account(conn, person.id)?.is_none();
        if new_account {
            accounts::insert_account(conn, person.id, &hash, Some(now()))?;
        }
        roles::grant(conn, person.id, Role::Admin, None, None, None)?;
        events::record(
            conn,
            NewEvent::new(
                None,
                Subject::Person(person.id),
                "role.granted",
                "Administrator (command line)",
            ),
        )?;
        Ok(new_account)
    })?;
    if created && generated {
        println!("Administrator {email} created. Password (shown once): {plain}");
    } else if created {
        println!("Administrator {email} created with the password you gave.");
    } else {
        println!(
            "{email} already had an account; it is now an administrator. Its password is unchanged."
        );
    }
    Ok(())
}

fn reset_two_factor(config: &Config, email: &str) -> anyhow::Result<()> {
    let email = EmailAddress::parse(email).map_err(|m| anyhow::anyhow!("--email: {m}"))?;
    let db = startup::prepare_database(config)?;
    let mut conn = db.get()?;
    let person = accounts::find_person_by_email(&mut conn, email.as_str())?
        .with_context(|| format!("nobody has the address {email}"))?;
    if crate::workflow::two_factor::reset_by_office(&mut conn, config, &person)? {
        println!(
            "Two-factor sign-in is off for {email}; their sessions ended and an e-mail tells them."
        );
    } else {
        println!("{email} had no two-factor sign-in; nothing changed.");
    }
    Ok(())
}
