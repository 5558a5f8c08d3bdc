//! Submissions in storage. (Growing with issue #4; numbering first.)

use diesel::prelude::*;

use super::DbConnection;
use super::schema::manuscript_counters;

/// Takes the next manuscript number of a collection for a year, e.g. `RC-2026-0001`.
/// Call inside the transaction that submits: the counter row is updated (and so locked)
/// until it commits, so two submits at once never share a number, and a rolled-back submit
/// gives its number back.
pub fn take_manuscript_number(
    conn: &mut DbConnection,
    collection_id: i64,
    prefix: &str,
    year: i32,
) -> QueryResult<String> {
    let n = loop {
        let updated: Option<i32> = diesel::update(
            manuscript_counters::table
                .filter(manuscript_counters::collection_id.eq(collection_id))
                .filter(manuscript_counters::year.eq(year)),
        )
        .set(manuscript_counters::last_number.eq(manuscript_counters::last_number + 1))
        .returning(manuscript_counters::last_number)
        .get_result(conn)
        .optional()?;
        if let Some(n) = updated {
            break n;
        }
        // First number of the year. A savepoint keeps a lost race (the other transaction
        // inserted first) from aborting ours on PostgreSQL; then the update above wins.
        let inserted = conn.transaction(|conn| {
            diesel::insert_into(manuscript_counters::table)
                .values((
                    manuscript_counters::collection_id.eq(collection_id),
                    manuscript_counters::year.eq(year),
                    manuscript_counters::last_number.eq(1),
                ))
                .execute(conn)
        });
        match inserted {
            Ok(_) => break 1,
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => continue,
            Err(e) => return Err(e),
        }
    };
    Ok(format_manuscript_number(prefix, year, n))
}

pub fn format_manuscript_number(prefix: &str, year: i32, n: i32) -> String {
    format!("{prefix}-{year}-{n:04}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_look_like_the_journals() {
        assert_eq!(format_manuscript_number("RC", 2026, 1), "RC-2026-0001");
        assert_eq!(format_manuscript_number("RC", 2026, 12345), "RC-2026-12345");
    }
}
