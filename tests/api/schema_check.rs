//! The hand-kept `schema.rs` matches both backends' migrations, migrations run down and up
//! again cleanly, and every foreign key has an index.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use peerdesk::db::{self, DbConnection, schema::*};

use crate::helpers::{Backend, ScratchDir, ScratchPostgres, postgres_url};

fn fresh(backend: Backend) -> (DbConnection, Option<ScratchPostgres>, ScratchDir) {
    let dir = ScratchDir::new();
    let (url, pg) = match backend {
        Backend::Sqlite => (
            format!("sqlite://{}", dir.0.join("check.db").display()),
            None,
        ),
        Backend::Postgres => {
            let pg = ScratchPostgres::new(&postgres_url().expect("PostgreSQL"));
            (pg.url.clone(), Some(pg))
        }
    };
    let database = db::Database::connect(&url, 1).unwrap();
    database.migrate().unwrap();
    drop(database);
    let conn = match backend {
        Backend::Sqlite => DbConnection::Sqlite(
            diesel::SqliteConnection::establish(db::sqlite_path(&url)).unwrap(),
        ),
        Backend::Postgres => {
            DbConnection::Postgresql(diesel::PgConnection::establish(&url).unwrap())
        }
    };
    (conn, pg, dir)
}

/// Loading zero rows of every column of every table fails if a name or table is wrong.
fn every_table_matches(conn: &mut DbConnection) {
    macro_rules! check {
        ($($t:ident),*) => { $(
            $t::table.select($t::all_columns).limit(0).execute(conn).unwrap_or_else(|e| panic!("{}: {e}", stringify!($t)));
        )* };
    }
    check!(
        journals,
        collections,
        collection_topics,
        collection_article_types,
        people,
        accounts,
        roles,
        sessions,
        account_tokens,
        login_failures,
        events,
        installation_facts,
        outbox,
        outbox_attempts,
        submissions,
        submission_topics,
        submission_authors,
        submission_preferences,
        submission_funders,
        submission_files,
        manuscript_counters,
        person_emails,
        affiliations,
        publications,
        publication_coauthors,
        declared_conflicts,
        editor_profiles,
        handling_assignments,
        submission_conflicts,
        conflict_rulings,
        review_invitations,
        review_tokens,
        authorship_requests,
        review_reminders,
        collection_deadlines,
        revision_deadlines,
        revision_reminders,
        reminders_by_hand,
        decision_letters,
        published_articles,
        revision_responses,
        revision_metadata,
        appeals,
        two_factor,
        recovery_codes,
        sign_in_challenges,
        journal_security,
        discussion_messages,
        discussion_reads,
        backup_reviewers,
        reviewers_wanted,
        review_declines,
        review_form_versions,
        review_form_answers,
        review_ratings
    );
}

async fn schema_matches_and_migrations_reverse(backend: Backend) {
    let (mut conn, _pg, _dir) = fresh(backend);
    every_table_matches(&mut conn);
    // The seed goes in and out cleanly with the migrations.
    db::seed::ensure_seeded(&mut conn).unwrap();
    let reverted = db::revert_all_migrations(&mut conn).unwrap();
    assert!(reverted >= 1);
    assert!(
        journals::table
            .count()
            .get_result::<i64>(&mut conn)
            .is_err(),
        "tables are gone after down"
    );
    assert!(db::run_migrations(&mut conn).unwrap() >= 1);
    every_table_matches(&mut conn);
    db::seed::ensure_seeded(&mut conn).unwrap();
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct ForeignKey {
    #[diesel(sql_type = Text)]
    from: String,
}

#[derive(QueryableByName)]
struct IndexColumn {
    #[diesel(sql_type = BigInt)]
    seqno: i64,
    /// NULL for an expression column.
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    name: Option<String>,
}

#[derive(QueryableByName)]
struct PgUnindexed {
    #[diesel(sql_type = Text)]
    description: String,
}

async fn every_foreign_key_has_an_index(backend: Backend) {
    let (mut conn, _pg, _dir) = fresh(backend);
    let mut missing = Vec::new();
    match backend {
        Backend::Sqlite => {
            let tables: Vec<Name> = diesel::sql_query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '__diesel_schema_migrations'",
            )
            .load(&mut conn)
            .unwrap();
            for t in tables {
                let fks: Vec<ForeignKey> = diesel::sql_query(format!(
                    "SELECT \"from\" FROM pragma_foreign_key_list('{}')",
                    t.name
                ))
                .load(&mut conn)
                .unwrap();
                let indexes: Vec<Name> =
                    diesel::sql_query(format!("SELECT name FROM pragma_index_list('{}')", t.name))
                        .load(&mut conn)
                        .unwrap();
                let mut leading = Vec::new();
                for i in indexes {
                    let cols: Vec<IndexColumn> = diesel::sql_query(format!(
                        "SELECT CAST(seqno AS BIGINT) AS seqno, name FROM pragma_index_info('{}')",
                        i.name
                    ))
                    .load(&mut conn)
                    .unwrap();
                    leading.extend(
                        cols.into_iter()
                            .filter(|c| c.seqno == 0)
                            .filter_map(|c| c.name),
                    );
                }
                let pk: Vec<Name> = diesel::sql_query(format!(
                    "SELECT name FROM pragma_table_info('{}') WHERE pk = 1",
                    t.name
                ))
                .load(&mut conn)
                .unwrap();
                leading.extend(pk.into_iter().map(|c| c.name));
                for fk in fks {
                    if !leading.contains(&fk.from) {
                        missing.push(format!("{}.{}", t.name, fk.from));
                    }
                }
            }
        }
        Backend::Postgres => {
            let rows: Vec<PgUnindexed> = diesel::sql_query(
                "SELECT c.conrelid::regclass::text || '.' || a.attname AS description
                 FROM pg_constraint c
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                 WHERE c.contype = 'f' AND NOT EXISTS (
                     SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])",
            )
            .load(&mut conn)
            .unwrap();
            missing.extend(rows.into_iter().map(|r| r.description));
        }
    }
    assert!(
        missing.is_empty(),
        "foreign keys without an index: {missing:?}"
    );
}

crate::on_both_backends!(
    schema_matches_and_migrations_reverse,
    every_foreign_key_has_an_index
);
