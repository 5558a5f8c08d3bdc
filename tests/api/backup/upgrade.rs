//! Upgrades that keep everything: a database of the previous schema version, with data in
//! every table, migrated by today's peerdesk (on start, or on restoring a backup taken
//! before) with every page showing the same facts.

use std::collections::{BTreeMap, HashMap};

use diesel::prelude::*;
use peerdesk::db::schema::*;
use peerdesk::db::{self, DbConnection};
use reqwest::StatusCode;
use scraper::{Html, Selector};

use super::{Visitor, fresh_target, load_published, peerdesk};
use crate::helpers::*;

// --- Upgrades ---------------------------------------------------------------------------

/// The demo, its published article, 30 generated submissions, and a row in every table the
/// two leave empty; every table is checked to hold data.
async fn a_site_with_data_in_every_table(backend: Backend) -> (TestApp, HashMap<String, String>) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    load_published(&app).await;
    app.with_db(|conn| peerdesk::demo::scale::load(conn, 30).unwrap())
        .await;
    let (collection_id, topic) = rare_cancers(&app).await;
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
/// Long because it is a list: one insert per table, each with the few columns it needs.
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
    diesel::insert_into(submission_funders::table)
        .values((
            submission_funders::submission_id.eq(submission),
            submission_funders::position.eq(1),
            submission_funders::name.eq("Fondazione AIRC"),
            submission_funders::funder_id.eq("10.13039/501100005010"),
            submission_funders::award_numbers.eq("IG 12345\nMFAG 678"),
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
    // What round 1 said of itself, as the transaction opening round 2 records it.
    let s = db::submissions::find(conn, submission).unwrap().unwrap();
    let metadata = db::round_metadata::current(conn, &s).unwrap();
    db::round_metadata::record(conn, submission, 1, &metadata).unwrap();
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
    // Two-factor sign-in (migration 13), for a person no page below signs in as, with the
    // key not yet confirmed and the journal not requiring it: nobody's sign-in changes.
    let elena: i64 = people::table
        .filter(people::email.eq("elena.ruiz@lapaz.example"))
        .select(people::id)
        .first(conn)
        .unwrap();
    diesel::insert_into(two_factor::table)
        .values((
            two_factor::person_id.eq(elena),
            two_factor::shared_key.eq("JBSWY3DPEHPK3PXP"),
            two_factor::created_at.eq(at),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(recovery_codes::table)
        .values((
            recovery_codes::person_id.eq(elena),
            recovery_codes::code_hash.eq("0".repeat(64)),
            recovery_codes::created_at.eq(at),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(sign_in_challenges::table)
        .values((
            sign_in_challenges::token_hash.eq("1".repeat(64)),
            sign_in_challenges::person_id.eq(elena),
            sign_in_challenges::keep_signed_in.eq(false),
            sign_in_challenges::created_at.eq(at),
            sign_in_challenges::expires_at.eq(at),
        ))
        .execute(conn)
        .unwrap();
    let journal: i64 = submissions::table
        .inner_join(collections::table)
        .filter(submissions::id.eq(submission))
        .select(collections::journal_id)
        .first(conn)
        .unwrap();
    diesel::insert_into(journal_security::table)
        .values((
            journal_security::journal_id.eq(journal),
            journal_security::two_factor_required.eq(false),
            journal_security::updated_at.eq(at),
            journal_security::updated_by.eq(Some(helen)),
        ))
        .execute(conn)
        .unwrap();
    // A review's fingerprint and a ruled integrity signal (migration 21).
    let reviewed: i64 = review_invitations::table
        .find(invitation)
        .select(review_invitations::submission_id)
        .first(conn)
        .unwrap();
    diesel::insert_into(review_fingerprints::table)
        .values((
            review_fingerprints::invitation_id.eq(invitation),
            review_fingerprints::band_key.eq(42_i64),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(integrity_signals::table)
        .values((
            integrity_signals::submission_id.eq(reviewed),
            integrity_signals::invitation_id.eq(Some(invitation)),
            integrity_signals::kind.eq("fast_review"),
            integrity_signals::evidence
                .eq("Reviewer 1 submitted the report 3 hours after accepting"),
            integrity_signals::created_at.eq(at),
            integrity_signals::ruled_at.eq(Some(at)),
            integrity_signals::ruled_by.eq(Some(helen)),
            integrity_signals::ruling.eq("A short manuscript; the reviewer knows it well."),
        ))
        .execute(conn)
        .unwrap();
    fill_the_deadlines(conn, (submission, invitation), helen, at);
    fill_the_letters(conn, submission, helen, at);
    fill_the_discussion(conn, submission, daniel, at);
    // A technical return (migration 56) and a recommended decision (migration 55): an
    // upgrade from before them finds their tables empty, and the pages the same.
    peerdesk::db::technical_returns::record(conn, submission, 1, "Add the ethics approval.", helen)
        .unwrap();
    peerdesk::db::recommendations::record(
        conn,
        &peerdesk::db::recommendations::NewRecommendation {
            submission_id: submission,
            round: 1,
            kind: "reject",
            letter: "Dear Daniel Okafor,",
            revision_due_on: None,
            from_state: "under_review",
            recommended_by: helen,
        },
    )
    .unwrap();
    fill_the_backups(conn, (submission, invitation), helen, at);
    fill_the_mail_choices(conn, daniel);
    fill_the_review_forms(conn, (submission, invitation), helen, at);
}

/// A collection's review form and one review's answers to it (migration 48).
fn fill_the_review_forms(
    conn: &mut DbConnection,
    (submission, invitation): (i64, i64),
    helen: i64,
    at: chrono::NaiveDateTime,
) {
    use peerdesk::db::schema::{review_form_answers as rfa, review_form_versions as rfv};
    let collection: i64 = submissions::table
        .find(submission)
        .select(submissions::collection_id)
        .first(conn)
        .unwrap();
    let version: i64 = diesel::insert_into(rfv::table)
        .values((
            rfv::collection_id.eq(collection),
            rfv::version.eq(1),
            rfv::questions.eq(r#"[{"key":"v1","text":"Is it original?","kind":"text","required":false,"audience":"authors"}]"#),
            rfv::author_id.eq(helen),
            rfv::created_at.eq(at),
        ))
        .returning(rfv::id)
        .get_result(conn)
        .unwrap();
    diesel::insert_into(rfa::table)
        .values((
            rfa::invitation_id.eq(invitation),
            rfa::form_version_id.eq(version),
            rfa::answers.eq(r#"{"v1":{"value":"Yes, quite."}}"#),
        ))
        .execute(conn)
        .unwrap();
}

/// A collection's own letter (migration 37), which no page compared shows.
fn fill_the_letters(
    conn: &mut DbConnection,
    submission: i64,
    helen: i64,
    at: chrono::NaiveDateTime,
) {
    use peerdesk::db::schema::letter_versions as lv;
    let collection: i64 = submissions::table
        .find(submission)
        .select(submissions::collection_id)
        .first(conn)
        .unwrap();
    diesel::insert_into(lv::table)
        .values((
            lv::collection_id.eq(collection),
            lv::letter.eq("review_reminder"),
            lv::version.eq(1),
            lv::origin.eq("edited"),
            lv::subject.eq("Reminder: {{ manuscript_number }}"),
            lv::body.eq("Dear {{ name }}, {{ what }} {{ link }}\n"),
            lv::author_id.eq(helen),
            lv::created_at.eq(at),
        ))
        .execute(conn)
        .unwrap();
}

/// Daniel's discussion messages in the digest, and a digest's link to his choices
/// (migration 50).
fn fill_the_mail_choices(conn: &mut DbConnection, daniel: i64) {
    use peerdesk::domain::mail_choices::{MailChoices, Topic};
    let choices = MailChoices {
        digest: vec![Topic::Discussion],
    };
    peerdesk::db::mail_choices::set(conn, daniel, &choices).unwrap();
    peerdesk::db::mail_choices::add_link(conn, daniel, &"0d".repeat(32)).unwrap();
}

/// Backup reviewers and the number wanted (migration 42).
fn fill_the_backups(
    conn: &mut DbConnection,
    (submission, invitation): (i64, i64),
    helen: i64,
    at: chrono::NaiveDateTime,
) {
    use peerdesk::db::schema::{
        backup_reviewers as b, review_declines as d, reviewers_wanted as w,
    };
    diesel::insert_into(d::table)
        .values((
            d::invitation_id.eq(invitation),
            d::kind.eq("too_busy"),
            d::suggested_name.eq("Eva Lund"),
            d::suggested_email.eq("eva.lund@lund-review.example"),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(b::table)
        .values((
            b::submission_id.eq(submission),
            b::position.eq(1),
            b::name.eq("Ines Backup"),
            b::email.eq("ines.backup@example.org"),
            b::added_by.eq(helen),
            b::added_at.eq(at),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(w::table)
        .values((w::submission_id.eq(submission), w::wanted.eq(2)))
        .execute(conn)
        .unwrap();
    // An editor's rating of a review (migration 47).
    use peerdesk::db::schema::review_ratings as r;
    diesel::insert_into(r::table)
        .values((
            r::invitation_id.eq(invitation),
            r::rating.eq(2),
            r::note.eq("Careful on the statistics."),
            r::rated_by.eq(helen),
            r::rated_at.eq(at),
        ))
        .execute(conn)
        .unwrap();
}

/// The discussion (migration 34): the author asks in the authors' thread and has read it.
fn fill_the_discussion(
    conn: &mut DbConnection,
    submission: i64,
    daniel: i64,
    at: chrono::NaiveDateTime,
) {
    diesel::insert_into(discussion_messages::table)
        .values((
            discussion_messages::submission_id.eq(submission),
            discussion_messages::thread.eq("authors"),
            discussion_messages::posted_by.eq(daniel),
            discussion_messages::posted_as.eq("author"),
            discussion_messages::body.eq("May we add a supplementary table?"),
            discussion_messages::posted_at.eq(at),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(discussion_reads::table)
        .values((
            discussion_reads::person_id.eq(daniel),
            discussion_reads::submission_id.eq(submission),
            discussion_reads::thread.eq("authors"),
            discussion_reads::last_read_at.eq(at),
        ))
        .execute(conn)
        .unwrap();
}

/// Deadlines (migration 18), none of which the pages compared show: the collection's
/// settings as the defaults, a revision asked in a round the submission is not in, its
/// reminder, and a reminder sent by hand.
fn fill_the_deadlines(
    conn: &mut DbConnection,
    (submission, invitation): (i64, i64),
    helen: i64,
    at: chrono::NaiveDateTime,
) {
    let collection: i64 = submissions::table
        .find(submission)
        .select(submissions::collection_id)
        .first(conn)
        .unwrap();
    diesel::insert_into(collection_deadlines::table)
        .values((
            collection_deadlines::collection_id.eq(collection),
            collection_deadlines::updated_at.eq(at),
            collection_deadlines::updated_by.eq(Some(helen)),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(collection_checklist::table)
        .values((
            collection_checklist::collection_id.eq(collection),
            collection_checklist::position.eq(0),
            collection_checklist::statement
                .eq("The manuscript is not under consideration elsewhere."),
        ))
        .execute(conn)
        .unwrap();
    let deadline: i64 = diesel::insert_into(revision_deadlines::table)
        .values((
            revision_deadlines::submission_id.eq(submission),
            revision_deadlines::round.eq(99),
            revision_deadlines::due_on.eq(at.date()),
            revision_deadlines::first_due_on.eq(at.date()),
            revision_deadlines::asked_at.eq(at),
            revision_deadlines::updated_at.eq(at),
        ))
        .returning(revision_deadlines::id)
        .get_result(conn)
        .unwrap();
    diesel::insert_into(revision_reminders::table)
        .values((
            revision_reminders::deadline_id.eq(deadline),
            revision_reminders::due_on.eq(at.date()),
            revision_reminders::kind.eq("overdue"),
            revision_reminders::step.eq(0),
            revision_reminders::queued_at.eq(at),
        ))
        .execute(conn)
        .unwrap();
    diesel::insert_into(reminders_by_hand::table)
        .values((
            reminders_by_hand::submission_id.eq(submission),
            reminders_by_hand::awaited.eq("answer"),
            reminders_by_hand::invitation_id.eq(Some(invitation)),
            reminders_by_hand::sent_by.eq(Some(helen)),
            reminders_by_hand::queued_at.eq(at),
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
            let pg = ScratchPostgres::new(&postgres_url().unwrap());
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

/// The pages as the previous version's data shows them: the newest migration reverted and
/// applied again first, since a revert loses what only the newest migration holds (a new
/// column's values), which the previous version never had.
async fn pages_of_previous_data(
    app: &TestApp,
    backend: Backend,
    logins: &HashMap<String, String>,
) -> Vec<(String, String)> {
    to_previous_schema(app, backend).await;
    app.with_db(|conn| db::run_migrations(conn).unwrap()).await;
    pages_people_see(app, logins).await
}

async fn upgrading_keeps_what_people_see(backend: Backend) {
    let (mut app, logins) = a_site_with_data_in_every_table(backend).await;
    let before = pages_of_previous_data(&app, backend, &logins).await;
    let (previous, newest) = to_previous_schema(&app, backend).await;
    assert_eq!(version(&app).await, previous);
    // Today's peerdesk starts on it: it migrates first.
    app.restart(&[]).await;
    assert_eq!(version(&app).await, newest);
    assert_same_pages(&before, &pages_people_see(&app, &logins).await);
}

async fn a_backup_taken_before_an_upgrade_restores_into_it(backend: Backend) {
    let (app, logins) = a_site_with_data_in_every_table(backend).await;
    let before = pages_of_previous_data(&app, backend, &logins).await;
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

crate::on_both_backends!(
    upgrading_keeps_what_people_see,
    a_backup_taken_before_an_upgrade_restores_into_it,
);
