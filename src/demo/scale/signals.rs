//! The integrity signals of generated data. `demo --scale` writes its invitations and
//! reviews directly, not through the forms, so none of the signals the forms raise was
//! raised. [`replay_signals`] raises them as the forms would have: every invitation's
//! identity signals as the invitation form computes them, and every submitted review made
//! visible in the order the reviews came in, each just before the checks the review form
//! runs in its transaction (`workflow::review::replay_arrival`). Used to measure the
//! Integrity page against the planted rings (`examples/ring_quality.rs`, a test).

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::review_invitations as ri;
use crate::db::{DbConnection, write_transaction};
use crate::workflow::review::{record_for_invitation, replay_arrival};

/// Rows handled per transaction.
const PER_TRANSACTION: usize = 2_000;

/// What the replay raised and how long each review's checks took.
#[derive(Default)]
pub struct Replayed {
    pub invitations: usize,
    /// Identity signals by kind.
    pub identity: BTreeMap<&'static str, usize>,
    pub identity_time: Duration,
    pub reviews: usize,
    pub review_time: Duration,
    /// Each review's checks, in the order they ran.
    pub checks: Vec<Duration>,
}

/// Raises every signal the forms would have raised on the data.
pub fn replay_signals(conn: &mut DbConnection) -> anyhow::Result<Replayed> {
    let mut out = Replayed::default();
    let ids: Vec<i64> = ri::table.order(ri::id).select(ri::id).load(conn)?;
    let started = Instant::now();
    let mut colleagues = HashMap::new();
    for chunk in ids.chunks(PER_TRANSACTION) {
        write_transaction(conn, |conn| -> QueryResult<()> {
            for id in chunk {
                for kind in record_for_invitation(conn, *id, &mut colleagues)? {
                    *out.identity.entry(kind).or_default() += 1;
                }
            }
            Ok(())
        })?;
    }
    out.invitations = ids.len();
    out.identity_time = started.elapsed();

    let sent: Vec<(i64, NaiveDateTime)> = ri::table
        .filter(ri::review_submitted_at.is_not_null())
        .order((ri::review_submitted_at, ri::id))
        .select((ri::id, ri::review_submitted_at.assume_not_null()))
        .load(conn)?;
    // Every review hidden, then shown again one by one: a check sees only earlier reviews.
    write_transaction(conn, |conn| {
        diesel::update(ri::table.filter(ri::review_submitted_at.is_not_null()))
            .set(ri::review_submitted_at.eq(None::<NaiveDateTime>))
            .execute(conn)
    })?;
    let started = Instant::now();
    for chunk in sent.chunks(PER_TRANSACTION) {
        write_transaction(conn, |conn| -> QueryResult<()> {
            for (id, at) in chunk {
                diesel::update(ri::table.find(id))
                    .set(ri::review_submitted_at.eq(at))
                    .execute(conn)?;
                let check = Instant::now();
                replay_arrival(conn, *id)?;
                out.checks.push(check.elapsed());
            }
            Ok(())
        })?;
    }
    out.reviews = sent.len();
    out.review_time = started.elapsed();
    Ok(out)
}
