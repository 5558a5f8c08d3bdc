//! Backups that restore, upgrades that keep everything: `peerdesk backup` of a running site
//! while authors submit, `peerdesk restore` into a fresh place (found again by a server
//! started on it), damaged backups and used targets refused, and a database of the previous
//! schema version migrated by today's peerdesk with every page showing the same facts.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use diesel::prelude::*;
use peerdesk::backup::Manifest;
use peerdesk::db::schema::*;
use peerdesk::db::{self, DbConnection};
use reqwest::StatusCode;
use scraper::{Html, Selector};

use crate::helpers::{
    Backend, ScratchDir, ScratchPostgres, TestApp, spawn_app, spawn_app_at, test_vars,
};

const HELEN: &str = "helen.marsh@bmccancer.example";
const KOFI: &str = "kofi.mensah@ki.example";
const ATIF: &str = "atif.ahmed@seattlechildrens.example";
const SOFIA: &str = "sofia.bianchi@hsanmartino.example";
const DANIEL: &str = "daniel.okafor@unilag.example";
const MEI: &str = "mei.lin@sysucc.example";

/// The binary, as an operator runs it, with exactly these settings (and PATH, for pg_dump).
async fn peerdesk(vars: &HashMap<String, String>, args: &[&str]) -> (bool, String, String) {
    let vars = vars.clone();
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_peerdesk"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("RUST_LOG", "warn")
            .envs(&vars)
            .args(&args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    })
    .await
    .unwrap()
}

/// A fresh data folder (and, on PostgreSQL, an empty database) to restore into.
fn fresh_target(
    backend: Backend,
) -> (HashMap<String, String>, Option<ScratchPostgres>, ScratchDir) {
    let dir = ScratchDir::new();
    let (vars, pg) = test_vars(backend, &dir.0);
    (vars, pg, dir)
}

async fn load_published(app: &TestApp) {
    let (files, site) = (app.state.files.clone(), app.state.config.site());
    app.with_db(move |conn| peerdesk::demo::load_published(conn, &files, &site).unwrap())
        .await;
}

/// Someone with their own browser (cookies): the load tasks, and each page of the facts.
struct Visitor {
    client: reqwest::Client,
    base: String,
}

impl Visitor {
    async fn signed_in(base: &str, email: &str, password: &str) -> Visitor {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let v = Visitor {
            client: crate::helpers::client_with_jar(jar),
            base: base.to_owned(),
        };
        let token = v.csrf().await;
        let resp = v
            .client
            .post(format!("{}/login", v.base))
            .form(&[
                ("email", email),
                ("password", password),
                ("csrf_token", &token),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{email} signs in");
        v
    }

    fn anonymous(base: &str) -> Visitor {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        Visitor {
            client: crate::helpers::client_with_jar(jar),
            base: base.to_owned(),
        }
    }

    async fn csrf(&self) -> String {
        let html = self.get("/password/forgot").await.1;
        let doc = Html::parse_document(&html);
        let sel = Selector::parse("input[name=csrf_token]").unwrap();
        doc.select(&sel)
            .next()
            .and_then(|e| e.value().attr("value"))
            .unwrap()
            .to_owned()
    }

    async fn get(&self, path: &str) -> (StatusCode, String) {
        let resp = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        (resp.status(), resp.text().await.unwrap())
    }

    async fn bytes(&self, path: &str) -> (StatusCode, Vec<u8>) {
        let resp = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        (resp.status(), resp.bytes().await.unwrap().to_vec())
    }

    /// Submits a manuscript with a PDF of its own; returns when the site answered.
    async fn submit(&self, author: (&str, &str), title: &str, collection: (i64, &str)) {
        let mut fields = crate::submissions::complete_form(collection.0, collection.1, &{
            uuid::Uuid::new_v4().simple().to_string()
        });
        for (k, v) in fields.iter_mut() {
            match k.as_str() {
                "title" => *v = title.to_owned(),
                "author_name_0" => *v = author.0.to_owned(),
                "author_email_0" => *v = author.1.to_owned(),
                _ => {}
            }
        }
        let pdf = format!(
            "%PDF-1.7\n% {title}\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
        );
        let mut form = reqwest::multipart::Form::new().text("csrf_token", self.csrf().await);
        for (k, v) in fields {
            form = form.text(k, v);
        }
        form = form.part(
            "manuscript",
            reqwest::multipart::Part::bytes(pdf.into_bytes()).file_name("paper.pdf"),
        );
        let resp = self
            .client
            .post(format!("{}/submissions/new", self.base))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{title} submitted");
    }
}

/// What the database holds that a person reads back: submissions, files, reviews,
/// decisions and the timeline, by id.
#[derive(Debug, Default)]
struct Holdings {
    submissions: BTreeMap<i64, (Option<String>, String, String)>,
    files: BTreeMap<i64, (i64, String, i64)>,
    reviews: BTreeMap<i64, (i64, String, String, String)>,
    decisions: BTreeMap<i64, (i64, String, String)>,
    events: BTreeMap<i64, (String, i64, String, String)>,
    article_pdfs: BTreeMap<i64, Option<String>>,
}

async fn holdings(app: &TestApp) -> Holdings {
    app.with_db(|conn| Holdings {
        submissions: submissions::table
            .select((
                submissions::id,
                (
                    submissions::manuscript_number,
                    submissions::title,
                    submissions::state,
                ),
            ))
            .load(conn)
            .unwrap()
            .into_iter()
            .collect(),
        files: submission_files::table
            .select((
                submission_files::id,
                (
                    submission_files::submission_id,
                    submission_files::sha256,
                    submission_files::size_bytes,
                ),
            ))
            .load(conn)
            .unwrap()
            .into_iter()
            .collect(),
        reviews: review_invitations::table
            .select((
                review_invitations::id,
                (
                    review_invitations::submission_id,
                    review_invitations::status,
                    review_invitations::recommendation,
                    review_invitations::comments_to_authors,
                ),
            ))
            .load(conn)
            .unwrap()
            .into_iter()
            .collect(),
        decisions: decision_letters::table
            .select((
                decision_letters::id,
                (
                    decision_letters::submission_id,
                    decision_letters::kind,
                    decision_letters::letter,
                ),
            ))
            .load(conn)
            .unwrap()
            .into_iter()
            .collect(),
        events: events::table
            .select((
                events::id,
                (
                    events::subject_type,
                    events::subject_id,
                    events::kind,
                    events::note,
                ),
            ))
            .load(conn)
            .unwrap()
            .into_iter()
            .collect(),
        article_pdfs: published_articles::table
            .select((published_articles::id, published_articles::pdf_sha256))
            .load(conn)
            .unwrap()
            .into_iter()
            .collect(),
    })
    .await
}

/// Every row of `restored` is the same in `original`, and every id of `before` is restored.
fn restored_subset<K: Ord + std::fmt::Debug + Copy, V: PartialEq + std::fmt::Debug>(
    what: &str,
    restored: &BTreeMap<K, V>,
    original: &BTreeMap<K, V>,
    before: &BTreeMap<K, V>,
) {
    for (id, row) in restored {
        assert_eq!(
            original.get(id),
            Some(row),
            "{what} {id:?} restored as it was"
        );
    }
    for id in before.keys() {
        assert!(
            restored.contains_key(id),
            "{what} {id:?}, there before the backup began, is restored"
        );
    }
}

async fn a_backup_under_load_restores_everything(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    load_published(&app).await;
    let (collection_id, topic) = crate::submissions::rare_cancers(&app).await;
    let initial = holdings(&app).await.submissions.len();

    // Three authors submit, again and again, until the backup is done.
    let stop = Arc::new(AtomicBool::new(false));
    let mut load = vec![];
    for (n, (email, name)) in [
        (SOFIA, "Sofia Bianchi"),
        (DANIEL, "Daniel Okafor"),
        (MEI, "Mei Lin"),
    ]
    .into_iter()
    .enumerate()
    {
        let author = Visitor::signed_in(&app.address, email, &logins[email]).await;
        let (stop, topic) = (stop.clone(), topic.clone());
        load.push(tokio::spawn(async move {
            let mut sent = 0;
            while !stop.load(Ordering::Relaxed) {
                let title = format!("Backup under load, manuscript {n}-{sent}");
                author
                    .submit((name, email), &title, (collection_id, &topic))
                    .await;
                sent += 1;
            }
            sent
        }));
    }
    while holdings(&app).await.submissions.len() < initial + 3 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    let before = holdings(&app).await;
    let backup_dir = ScratchDir::new();
    let dir = backup_dir.0.join("nightly");
    let dir_arg = dir.display().to_string();
    let (ok, out, err) = peerdesk(app.vars(), &["backup", &dir_arg]).await;
    assert!(ok, "{out}{err}");
    assert!(out.contains("Backup written to"), "{out}");
    // The authors go on for a moment after the backup, then stop.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    let mut sent = 0;
    for task in load {
        sent += task.await.unwrap();
    }
    let original = holdings(&app).await;
    assert_eq!(original.submissions.len(), initial + sent);
    assert!(
        original.submissions.len() > before.submissions.len(),
        "authors submitted while the backup ran and after it"
    );

    let manifest =
        Manifest::parse(&std::fs::read_to_string(dir.join("manifest.txt")).unwrap()).unwrap();

    // Restore into a fresh folder (and database), and start a server on it.
    let (vars, pg, target) = fresh_target(backend);
    let (ok, out, err) = peerdesk(&vars, &["restore", &dir_arg]).await;
    assert!(ok, "{out}{err}");
    assert!(out.contains("every checksum verified"), "{out}");
    let restored = spawn_app_at(vars, pg, target).await;
    let found = holdings(&restored).await;

    assert_eq!(found.submissions.len() as i64, manifest.submissions);
    restored_subset(
        "submission",
        &found.submissions,
        &original.submissions,
        &before.submissions,
    );
    restored_subset("file", &found.files, &original.files, &before.files);
    restored_subset("review", &found.reviews, &original.reviews, &before.reviews);
    restored_subset(
        "decision",
        &found.decisions,
        &original.decisions,
        &before.decisions,
    );
    restored_subset(
        "timeline entry",
        &found.events,
        &original.events,
        &before.events,
    );
    assert!(!found.reviews.is_empty() && !found.decisions.is_empty());
    // Every submission that has a file has it: a snapshot never names a file it lacks.
    for (sub, _, _) in found.files.values() {
        assert!(found.submissions.contains_key(sub));
    }

    // Through the restored site: the editor-in-chief finds every submission, and each file
    // with the same bytes as on the original site.
    let chief = Visitor::signed_in(&restored.address, HELEN, &logins[HELEN]).await;
    for (id, (number, title, _)) in &found.submissions {
        if number.is_none() {
            continue;
        }
        let (status, html) = chief.get(&format!("/editorial/submissions/{id}")).await;
        assert_eq!(status, StatusCode::OK, "submission {id}");
        assert!(
            html.contains(title.as_str()),
            "submission {id} shows {title}"
        );
    }
    let original_chief = Visitor::signed_in(&app.address, HELEN, &logins[HELEN]).await;
    assert!(!found.files.is_empty());
    for (file_id, (sub, sha256, size)) in &found.files {
        let path = format!("/submissions/{sub}/files/{file_id}");
        let (status, bytes) = chief.bytes(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(bytes.len() as i64, *size);
        assert_eq!(
            bytes,
            original_chief.bytes(&path).await.1,
            "{path}: same bytes"
        );
        assert_eq!(&restored.state.files.read(sha256).unwrap(), &bytes);
    }
    for (article, pdf) in &found.article_pdfs {
        let path = format!("/articles/{article}/pdf");
        let public = Visitor::anonymous(&restored.address);
        if pdf.is_some() {
            assert_eq!(
                public.bytes(&path).await.1,
                Visitor::anonymous(&app.address).bytes(&path).await.1,
                "{path}: same bytes"
            );
        }
    }
    // The timeline of the published demo article reads the same on both sites.
    let published = found
        .submissions
        .iter()
        .find(|(_, (_, _, state))| state == "published")
        .map(|(id, _)| *id)
        .unwrap();
    let timeline = |html: String| {
        let doc = Html::parse_document(&html);
        let sel = Selector::parse("ol.timeline li").unwrap();
        doc.select(&sel)
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    let page = format!("/editorial/submissions/{published}");
    let on_restored = timeline(chief.get(&page).await.1);
    assert!(on_restored.len() >= 3, "{on_restored:?}");
    assert_eq!(on_restored, timeline(original_chief.get(&page).await.1));

    // Mail queued at the backup is not sent again: each is failed with a note, and the
    // restored site's worker sends nothing.
    let outbox = restored.outbox();
    assert!(
        outbox
            .iter()
            .all(|m| m.status != "queued" && m.status != "sending"),
        "nothing left to send on its own"
    );
    let held = outbox
        .iter()
        .filter(|m| m.last_error.starts_with("Queued when the backup"))
        .count();
    assert_eq!(held as i64, manifest.queued_mails);
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let sent_again = std::fs::read_dir(&restored.mail_dir)
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(sent_again, 0, "the restored site sent nothing by itself");
}

crate::on_both_backends!(a_backup_under_load_restores_everything);

fn flip_a_byte(path: &std::path::Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(path, bytes).unwrap();
}

/// The target is left as it was: no database tables, no files.
fn untouched(vars: &HashMap<String, String>, target: &ScratchDir) {
    assert!(!target.0.join("peerdesk.db").exists(), "{vars:?}");
    assert!(
        !target.0.join("files").exists()
            || std::fs::read_dir(target.0.join("files")).unwrap().count() == 0
    );
}

#[tokio::test]
async fn a_damaged_backup_or_a_used_target_is_refused() {
    let app = spawn_app(Backend::Sqlite).await;
    app.load_demo().await;
    load_published(&app).await;
    let backup_dir = ScratchDir::new();
    let dir = backup_dir.0.join("b");
    let dir_arg = dir.display().to_string();
    let (ok, out, err) = peerdesk(app.vars(), &["backup", &dir_arg]).await;
    assert!(ok, "{out}{err}");

    // Never over an earlier backup.
    let (ok, _, err) = peerdesk(app.vars(), &["backup", &dir_arg]).await;
    assert!(!ok);
    assert!(
        err.contains("is not empty: a backup goes into a new or empty folder"),
        "{err}"
    );

    // Never over a site that has data.
    let (ok, _, err) = peerdesk(app.vars(), &["restore", &dir_arg]).await;
    assert!(!ok);
    assert!(err.contains("is not empty"), "{err}");
    assert!(err.contains("nothing was restored"), "{err}");

    // A damaged uploaded file is named, and nothing is written.
    let manifest =
        Manifest::parse(&std::fs::read_to_string(dir.join("manifest.txt")).unwrap()).unwrap();
    let file = manifest
        .entries
        .iter()
        .find(|e| e.path.starts_with("files/"))
        .unwrap()
        .path
        .clone();
    let original = std::fs::read(dir.join(&file)).unwrap();
    flip_a_byte(&dir.join(&file));
    let (vars, _pg, target) = fresh_target(Backend::Sqlite);
    let (ok, out, err) = peerdesk(&vars, &["restore", &dir_arg]).await;
    assert!(!ok, "{out}");
    assert!(
        err.contains(&format!("{file} in the backup is damaged")),
        "{err}"
    );
    assert!(err.contains("nothing was restored"), "{err}");
    untouched(&vars, &target);
    std::fs::write(dir.join(&file), original).unwrap();

    // So is a damaged database copy.
    let database = dir.join("database.sqlite");
    let original = std::fs::read(&database).unwrap();
    flip_a_byte(&database);
    let (ok, _, err) = peerdesk(&vars, &["restore", &dir_arg]).await;
    assert!(!ok);
    assert!(
        err.contains("database.sqlite in the backup is damaged"),
        "{err}"
    );
    untouched(&vars, &target);
    std::fs::write(&database, original).unwrap();

    // An unfinished backup (no manifest) is not one.
    std::fs::rename(dir.join("manifest.txt"), dir.join("manifest.old")).unwrap();
    let (ok, _, err) = peerdesk(&vars, &["restore", &dir_arg]).await;
    assert!(!ok);
    assert!(err.contains("has no manifest.txt"), "{err}");
    untouched(&vars, &target);
    std::fs::rename(dir.join("manifest.old"), dir.join("manifest.txt")).unwrap();

    // Whole again, it restores, and says what it restored.
    let (ok, out, err) = peerdesk(&vars, &["restore", &dir_arg]).await;
    assert!(ok, "{out}{err}");
    assert!(
        out.contains(&format!(
            "{} submissions, {} uploaded files, every checksum verified",
            manifest.submissions, manifest.files
        )),
        "{out}"
    );
}

// --- Upgrades ---------------------------------------------------------------------------

/// The demo, its published article, 30 generated submissions, and a row in every table the
/// two leave empty; every table is checked to hold data.
async fn a_site_with_data_in_every_table(backend: Backend) -> (TestApp, HashMap<String, String>) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    load_published(&app).await;
    app.with_db(|conn| peerdesk::demo::scale::load(conn, 30).unwrap())
        .await;
    let (collection_id, topic) = crate::submissions::rare_cancers(&app).await;
    // An upload (submission_files), a failed sign-in, a password reset (account_tokens).
    Visitor::signed_in(&app.address, SOFIA, &logins[SOFIA])
        .await
        .submit(
            ("Sofia Bianchi", SOFIA),
            "Uveal melanoma in a regional registry",
            (collection_id, &topic),
        )
        .await;
    let stranger = Visitor::anonymous(&app.address);
    let token = stranger.csrf().await;
    for (path, fields) in [
        (
            "/login",
            vec![("email", DANIEL), ("password", "not the password")],
        ),
        ("/password/forgot", vec![("email", DANIEL)]),
    ] {
        let mut fields = fields;
        fields.push(("csrf_token", &token));
        stranger
            .client
            .post(format!("{}{path}", app.address))
            .form(&fields)
            .send()
            .await
            .unwrap();
    }
    // The worker's delivery attempts (outbox_attempts).
    for _ in 0..200 {
        let attempts = app
            .with_db(|conn| {
                outbox_attempts::table
                    .count()
                    .get_result::<i64>(conn)
                    .unwrap()
            })
            .await;
        if attempts > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    app.with_db(fill_the_rest).await;

    let empty = app
        .with_db(|conn| {
            table_names(conn)
                .into_iter()
                .filter(|t| {
                    diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {t}"))
                        .get_result::<Count>(conn)
                        .unwrap()
                        .n
                        == 0
                })
                .collect::<Vec<_>>()
        })
        .await;
    assert!(empty.is_empty(), "tables without data: {empty:?}");
    (app, logins)
}

/// One row in each table neither the demo nor the generated data fills.
fn fill_the_rest(conn: &mut DbConnection) {
    let at = db::now();
    let daniel: i64 = people::table
        .filter(people::email.eq(DANIEL))
        .select(people::id)
        .first(conn)
        .unwrap();
    let helen: i64 = people::table
        .filter(people::email.eq(HELEN))
        .select(people::id)
        .first(conn)
        .unwrap();
    let submission: i64 = submissions::table
        .filter(submissions::submitter_id.eq(daniel))
        .select(submissions::id)
        .order(submissions::id)
        .first(conn)
        .unwrap();
    let invitation: i64 = review_invitations::table
        .select(review_invitations::id)
        .order(review_invitations::id)
        .first(conn)
        .unwrap();
    diesel::insert_into(person_emails::table)
        .values((
            person_emails::person_id.eq(daniel),
            person_emails::email.eq("d.okafor@lagos-alumni.example"),
            person_emails::confirmed_at.eq(Some(at)),
            person_emails::created_at.eq(at),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(declared_conflicts::table)
        .values((
            declared_conflicts::person_id.eq(daniel),
            declared_conflicts::target_kind.eq("person"),
            declared_conflicts::target_name.eq("Olu Adeyemi"),
            declared_conflicts::kind.eq(peerdesk::domain::conflicts::DeclaredKind::ALL[0].as_str()),
            declared_conflicts::note.eq("PhD advisor"),
            declared_conflicts::created_at.eq(at),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(submission_preferences::table)
        .values((
            submission_preferences::submission_id.eq(submission),
            submission_preferences::kind.eq("suggested_reviewer"),
            submission_preferences::name.eq("Marco Rossi"),
            submission_preferences::email.eq("marco.rossi@unimi.example"),
            submission_preferences::reason.eq("Retinoblastoma registries"),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(submission_conflicts::table)
        .values((
            submission_conflicts::submission_id.eq(submission),
            submission_conflicts::person_id.eq(helen),
            submission_conflicts::reason.eq("Declared by the editor"),
            submission_conflicts::created_at.eq(at),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(conflict_rulings::table)
        .values((
            conflict_rulings::submission_id.eq(submission),
            conflict_rulings::person_id.eq(helen),
            conflict_rulings::finding_key.eq("upgrade-test"),
            conflict_rulings::ruling.eq("not_a_conflict"),
            conflict_rulings::reason.eq("Different departments"),
            conflict_rulings::decided_by.eq(helen),
            conflict_rulings::decided_at.eq(at),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(review_reminders::table)
        .values((
            review_reminders::invitation_id.eq(invitation),
            review_reminders::kind.eq("unanswered"),
            review_reminders::step.eq(99),
            review_reminders::queued_at.eq(at),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(revision_responses::table)
        .values((
            revision_responses::submission_id.eq(submission),
            revision_responses::round.eq(1),
            revision_responses::response.eq("We thank the reviewers."),
            revision_responses::submitted_by.eq(Some(daniel)),
            revision_responses::submitted_at.eq(at),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(appeals::table)
        .values((
            appeals::submission_id.eq(submission),
            appeals::round.eq(1),
            appeals::statement.eq("The reviewers misread the cohort."),
            appeals::lodged_by.eq(Some(daniel)),
            appeals::lodged_at.eq(at),
            appeals::hearer_explanation.eq(""),
            appeals::outcome_reason.eq(""),
        ))
        .execute(conn)
        .unwrap();
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    kind: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    nullable: String,
}

/// The application's tables (diesel's own left out).
fn table_names(conn: &mut DbConnection) -> Vec<String> {
    let sql = match conn {
        DbConnection::Sqlite(_) => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__diesel_schema_migrations' ORDER BY name"
        }
        DbConnection::Postgresql(_) => {
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__diesel_schema_migrations' ORDER BY tablename"
        }
    };
    diesel::sql_query(sql)
        .load::<Name>(conn)
        .unwrap()
        .into_iter()
        .map(|n| n.name)
        .collect()
}

/// Every table's columns (name, type, nullable) and the names of the indexes.
fn schema_of(conn: &mut DbConnection) -> (BTreeMap<String, Vec<String>>, Vec<String>) {
    let mut tables = BTreeMap::new();
    for t in table_names(conn) {
        let sql = match conn {
            DbConnection::Sqlite(_) => format!(
                "SELECT name, type AS kind, CAST(\"notnull\" AS TEXT) AS nullable FROM pragma_table_info('{t}') ORDER BY cid"
            ),
            DbConnection::Postgresql(_) => format!(
                "SELECT column_name::text AS name, data_type::text AS kind, is_nullable::text AS nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{t}' ORDER BY ordinal_position"
            ),
        };
        let columns = diesel::sql_query(sql)
            .load::<Column>(conn)
            .unwrap()
            .into_iter()
            .map(|c| format!("{} {} {}", c.name, c.kind, c.nullable))
            .collect();
        tables.insert(t, columns);
    }
    let sql = match conn {
        DbConnection::Sqlite(_) => {
            "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        DbConnection::Postgresql(_) => {
            "SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' UNION SELECT DISTINCT trigger_name::text FROM information_schema.triggers ORDER BY name"
        }
    };
    let others = diesel::sql_query(sql)
        .load::<Name>(conn)
        .unwrap()
        .into_iter()
        .map(|n| n.name)
        .collect();
    (tables, others)
}

/// Turns the site's database into one of the previous schema version by reverting the newest
/// migration, and checks it is exactly what that version's migrations build on an empty
/// database. Returns (previous version, newest version).
async fn to_previous_schema(app: &TestApp, backend: Backend) -> (String, String) {
    let known = db::known_schema_versions(match backend {
        Backend::Sqlite => db::Backend::Sqlite,
        Backend::Postgres => db::Backend::Postgres,
    })
    .unwrap();
    let newest = known.last().unwrap().clone();
    let previous = known[known.len() - 2].clone();
    let (reverted, reverted_schema) = app
        .with_db(|conn| {
            let v = db::revert_last_migration(conn).unwrap();
            (v, schema_of(conn))
        })
        .await;
    assert_eq!(reverted, newest);

    let scratch = ScratchDir::new();
    let (url, _pg) = match backend {
        Backend::Sqlite => (
            format!("sqlite://{}", scratch.0.join("previous.db").display()),
            None,
        ),
        Backend::Postgres => {
            let pg = ScratchPostgres::new(&crate::helpers::postgres_url().unwrap());
            (pg.url.clone(), Some(pg))
        }
    };
    let reference = db::Database::connect(&url, 1).unwrap();
    let mut conn = reference.get().unwrap();
    db::run_migrations_through(&mut conn, &previous).unwrap();
    assert_eq!(
        reverted_schema,
        schema_of(&mut conn),
        "the reverted database has the schema of version {previous}"
    );
    (previous, newest)
}

/// What people read on a handful of pages: the collection page, an author's submission and
/// list, the handling editor's page of it, two editorial queues, the chief's page of the
/// published article and its author's page. (page, text of its main part)
async fn pages_people_see(
    app: &TestApp,
    logins: &HashMap<String, String>,
) -> Vec<(String, String)> {
    let ids: HashMap<String, i64> = app
        .with_db(|conn| {
            submissions::table
                .filter(submissions::manuscript_number.is_not_null())
                .select((
                    submissions::manuscript_number.assume_not_null(),
                    submissions::id,
                ))
                .load::<(String, i64)>(conn)
                .unwrap()
                .into_iter()
                .collect()
        })
        .await;
    let year = chrono::Utc::now().format("%Y").to_string();
    let id = |n: u32| ids[&format!("RC-{year}-{n:04}")];
    let visits: Vec<(Option<&str>, String)> = vec![
        (None, "/collections/rare-cancers".into()),
        (Some(DANIEL), format!("/submissions/{}", id(2))),
        (Some(DANIEL), "/submissions".into()),
        (Some(KOFI), format!("/editorial/submissions/{}", id(2))),
        (Some(ATIF), "/editorial/queue".into()),
        (Some(HELEN), "/editorial/queue".into()),
        (Some(HELEN), format!("/editorial/submissions/{}", id(4))),
        (Some(MEI), format!("/submissions/{}", id(4))),
    ];
    let main = Selector::parse("main").unwrap();
    let mut seen = vec![];
    for (who, path) in visits {
        let visitor = match who {
            Some(email) => Visitor::signed_in(&app.address, email, &logins[email]).await,
            None => Visitor::anonymous(&app.address),
        };
        let (status, html) = visitor.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{who:?} {path}");
        let doc = Html::parse_document(&html);
        let text = doc
            .select(&main)
            .flat_map(|m| m.text())
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        seen.push((format!("{} {path}", who.unwrap_or("visitor")), text));
    }
    seen
}

fn assert_same_pages(before: &[(String, String)], after: &[(String, String)]) {
    assert_eq!(before.len(), after.len());
    for ((page, was), (_, is)) in before.iter().zip(after) {
        assert!(was.len() > 100, "{page} shows something: {was}");
        assert_eq!(was, is, "{page} shows the same after the upgrade");
    }
}

async fn version(app: &TestApp) -> String {
    app.with_db(|conn| {
        diesel::sql_query("SELECT MAX(version) AS name FROM __diesel_schema_migrations")
            .get_result::<Name>(conn)
            .unwrap()
            .name
    })
    .await
}

async fn upgrading_keeps_what_people_see(backend: Backend) {
    let (mut app, logins) = a_site_with_data_in_every_table(backend).await;
    let before = pages_people_see(&app, &logins).await;
    let (previous, newest) = to_previous_schema(&app, backend).await;
    assert_eq!(version(&app).await, previous);
    // Today's peerdesk starts on it: it migrates first.
    app.restart(&[]).await;
    assert_eq!(version(&app).await, newest);
    assert_same_pages(&before, &pages_people_see(&app, &logins).await);
}

crate::on_both_backends!(upgrading_keeps_what_people_see);

async fn a_backup_taken_before_an_upgrade_restores_into_it(backend: Backend) {
    let (app, logins) = a_site_with_data_in_every_table(backend).await;
    let before = pages_people_see(&app, &logins).await;
    let (previous, _) = to_previous_schema(&app, backend).await;
    let backup_dir = ScratchDir::new();
    let dir_arg = backup_dir.0.join("before-upgrade").display().to_string();
    let (ok, out, err) = peerdesk(app.vars(), &["backup", &dir_arg]).await;
    assert!(ok, "{out}{err}");
    assert!(out.contains(&format!("schema {previous}")), "{out}");

    let (vars, pg, target) = fresh_target(backend);
    let (ok, out, err) = peerdesk(&vars, &["restore", &dir_arg]).await;
    assert!(ok, "{out}{err}");
    assert!(out.contains("1 later migration(s) applied"), "{out}");
    let restored = spawn_app_at(vars, pg, target).await;
    assert_same_pages(&before, &pages_people_see(&restored, &logins).await);
}

crate::on_both_backends!(a_backup_taken_before_an_upgrade_restores_into_it);

/// How long writers wait while a backup runs (the figure in the README). On the 10k scale
/// database:
/// `peerdesk demo --scale 10000` with `PEERDESK_DATA_DIR=/tmp/scale10k/data`, then
/// `PEERDESK_MEASURE_DATA_DIR=/tmp/scale10k/data cargo test --test api backup::writers_wait -- --ignored --nocapture`.
/// A writer commits a small write transaction (`BEGIN IMMEDIATE`, as every change does)
/// every millisecond, for two seconds alone and then during the backup.
#[test]
#[ignore = "a measurement: needs PEERDESK_MEASURE_DATA_DIR"]
fn writers_wait_during_a_backup_of_the_scale_database() {
    use std::time::{Duration, Instant};
    let Some(data) = std::env::var_os("PEERDESK_MEASURE_DATA_DIR") else {
        panic!("set PEERDESK_MEASURE_DATA_DIR to a data folder (peerdesk demo --scale 10000)");
    };
    let data = std::path::PathBuf::from(data);
    let vars = HashMap::from([("PEERDESK_DATA_DIR".to_owned(), data.display().to_string())]);
    let config = peerdesk::config::Config::from_vars(&vars).unwrap();
    let database = db::Database::connect(&config.database_url, 2).unwrap();
    let writing = Arc::new(AtomicBool::new(true));
    let backing_up = Arc::new(AtomicBool::new(false));
    let writer = {
        let (database, writing, backing_up) =
            (database.clone(), writing.clone(), backing_up.clone());
        std::thread::spawn(move || {
            let mut conn = database.get().unwrap();
            let (mut alone, mut during) = (vec![], vec![]);
            while writing.load(Ordering::Relaxed) {
                let during_backup = backing_up.load(Ordering::Relaxed);
                let started = Instant::now();
                db::write_transaction(&mut conn, |conn| {
                    diesel::insert_into(login_failures::table)
                        .values((
                            login_failures::throttle_key.eq("backup-measurement"),
                            login_failures::failed_at.eq(db::now()),
                        ))
                        .execute(conn)
                })
                .unwrap();
                let took = started.elapsed();
                if during_backup && backing_up.load(Ordering::Relaxed) {
                    during.push(took);
                } else if !during_backup {
                    alone.push(took);
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            (alone, during)
        })
    };
    std::thread::sleep(Duration::from_secs(2));
    let target = ScratchDir::new();
    backing_up.store(true, Ordering::Relaxed);
    let report = peerdesk::backup::backup(&config, &target.0.join("b")).unwrap();
    backing_up.store(false, Ordering::Relaxed);
    writing.store(false, Ordering::Relaxed);
    let (mut alone, mut during) = writer.join().unwrap();
    let mut conn = database.get().unwrap();
    diesel::delete(
        login_failures::table.filter(login_failures::throttle_key.eq("backup-measurement")),
    )
    .execute(&mut conn)
    .unwrap();
    let summary = |v: &mut Vec<Duration>| {
        v.sort();
        let at = |q: f64| v[((v.len() - 1) as f64 * q) as usize].as_secs_f64() * 1e3;
        format!(
            "{} writes, median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            v.len(),
            at(0.5),
            at(0.99),
            at(1.0)
        )
    };
    eprintln!(
        "backup of {} MB ({} submissions) in {:.2} s (database snapshot {:.2} s)\n\
         writers alone:         {}\n\
         writers during backup: {}",
        report.bytes / 1_000_000,
        report.manifest.submissions,
        report.elapsed.as_secs_f64(),
        report.snapshot_time.as_secs_f64(),
        summary(&mut alone),
        summary(&mut during)
    );
}
