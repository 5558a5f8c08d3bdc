//! Facts about this installation, such as whether demo data was loaded.

use diesel::prelude::*;

use super::schema::installation_facts;
use super::{DbConnection, now};

pub const DEMO_LOADED: &str = "demo_loaded";
/// The demo's published article (and the accepted one waiting for publication) are loaded.
pub const DEMO_PUBLISHED: &str = "demo_published";
pub const SEEDED: &str = "seeded";

pub fn get(conn: &mut DbConnection, name: &str) -> QueryResult<Option<String>> {
    installation_facts::table
        .find(name)
        .select(installation_facts::value)
        .first(conn)
        .optional()
}

/// Records a fact once; returns false when it was already recorded (so two processes
/// starting at once cannot both seed).
pub fn record_once(conn: &mut DbConnection, name: &str, value: &str) -> QueryResult<bool> {
    if get(conn, name)?.is_some() {
        return Ok(false);
    }
    diesel::insert_into(installation_facts::table)
        .values((
            installation_facts::name.eq(name),
            installation_facts::value.eq(value),
            installation_facts::recorded_at.eq(now()),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// The day the daily digests were last made.
pub const DIGEST_DAY: &str = "digest_day";

/// Moves a daily marker forward to `today` (YYYY-MM-DD); true for exactly one caller a day.
pub fn advance_daily(conn: &mut DbConnection, name: &str, today: &str) -> QueryResult<bool> {
    match get(conn, name)? {
        None => record_once(conn, name, today),
        Some(day) if day.as_str() < today => {
            let n = diesel::update(
                installation_facts::table
                    .find(name)
                    .filter(installation_facts::value.eq(day)),
            )
            .set((
                installation_facts::value.eq(today),
                installation_facts::recorded_at.eq(now()),
            ))
            .execute(conn)?;
            Ok(n == 1)
        }
        Some(_) => Ok(false),
    }
}
