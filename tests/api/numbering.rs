//! Manuscript numbers: per collection and year, never shared, even when submits race.

use std::collections::HashSet;

use diesel::Connection;
use peerdesk::db::submissions::take_manuscript_number;

use crate::helpers::{Backend, spawn_app};

async fn numbers_are_unique_under_concurrent_submits(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut handles = Vec::new();
    for _ in 0..4 {
        let db = app.state.db.clone();
        handles.push(std::thread::spawn(move || {
            let mut taken = Vec::new();
            for _ in 0..5 {
                let mut conn = db.get().unwrap();
                let n = conn
                    .transaction(|conn| take_manuscript_number(conn, 1, "RC", 2026))
                    .unwrap();
                taken.push(n);
            }
            taken
        }));
    }
    let all: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let unique: HashSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), 20, "{all:?}");
    let expected: HashSet<String> = (1..=20).map(|n| format!("RC-2026-{n:04}")).collect();
    assert_eq!(all.into_iter().collect::<HashSet<_>>(), expected);

    // A new year starts again at 1; a rolled-back submit gives its number back.
    let db = app.state.db.clone();
    let (next_year, after_rollback) = tokio::task::spawn_blocking(move || {
        let mut conn = db.get().unwrap();
        let next_year = conn
            .transaction(|conn| take_manuscript_number(conn, 1, "RC", 2027))
            .unwrap();
        let _ = conn.transaction(|conn| -> Result<(), diesel::result::Error> {
            take_manuscript_number(conn, 1, "RC", 2027)?;
            Err(diesel::result::Error::RollbackTransaction)
        });
        let after = conn
            .transaction(|conn| take_manuscript_number(conn, 1, "RC", 2027))
            .unwrap();
        (next_year, after)
    })
    .await
    .unwrap();
    assert_eq!(next_year, "RC-2027-0001");
    assert_eq!(after_rollback, "RC-2027-0002");
}

crate::on_both_backends!(numbers_are_unique_under_concurrent_submits);

/// Transactions that read and then write, at the same time, both succeed: on SQLite a
/// deferred transaction would fail at once when the other wrote in between.
async fn read_then_write_transactions_wait_their_turn(backend: Backend) {
    use diesel::prelude::*;
    use peerdesk::db::schema::installation_facts as f;
    let app = spawn_app(backend).await;
    let mut handles = Vec::new();
    for i in 0..4 {
        let db = app.state.db.clone();
        handles.push(std::thread::spawn(move || {
            let mut conn = db.get().unwrap();
            peerdesk::db::write_transaction(&mut conn, |conn| -> QueryResult<()> {
                let before: i64 = f::table.count().get_result(conn)?;
                std::thread::sleep(std::time::Duration::from_millis(30));
                diesel::insert_into(f::table)
                    .values((
                        f::name.eq(format!("race-{i}-{before}")),
                        f::value.eq("x"),
                        f::recorded_at.eq(peerdesk::db::now()),
                    ))
                    .execute(conn)?;
                Ok(())
            })
        }));
    }
    for h in handles {
        h.join()
            .unwrap()
            .expect("no transaction fails for having waited");
    }
}

crate::on_both_backends!(read_then_write_transactions_wait_their_turn);
