//! Signs of a review ring (issue 27 item 2): the reviews' fingerprints and the signals raised
//! on submissions (`domain::review_rings` decides; `workflow::review` raises them).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{integrity_signals, review_fingerprints, review_invitations};
use super::{DbConnection, now};

/// Keeps a submitted review's band keys.
pub fn insert_fingerprints(
    conn: &mut DbConnection,
    invitation_id: i64,
    keys: &[i64],
) -> QueryResult<()> {
    diesel::delete(
        review_fingerprints::table.filter(review_fingerprints::invitation_id.eq(invitation_id)),
    )
    .execute(conn)?;
    let mut keys = keys.to_vec();
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        diesel::insert_into(review_fingerprints::table)
            .values((
                review_fingerprints::invitation_id.eq(invitation_id),
                review_fingerprints::band_key.eq(key),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The submitted reviews of other submissions sharing a band key with these: (invitation
/// id, its submission, its reviewer).
pub fn sharing_a_band(
    conn: &mut DbConnection,
    keys: &[i64],
    other_than_submission: i64,
) -> QueryResult<Vec<(i64, i64, i64)>> {
    let mut found: Vec<(i64, i64, i64)> = review_fingerprints::table
        .inner_join(review_invitations::table)
        .filter(review_fingerprints::band_key.eq_any(keys))
        .filter(review_invitations::submission_id.ne(other_than_submission))
        .select((
            review_invitations::id,
            review_invitations::submission_id,
            review_invitations::reviewer_id,
        ))
        .load(conn)?;
    found.sort_unstable();
    found.dedup();
    Ok(found)
}

/// A signal about to be raised.
pub struct NewSignal<'a> {
    pub submission_id: i64,
    pub invitation_id: Option<i64>,
    pub related_submission_id: Option<i64>,
    pub kind: &'a str,
    pub evidence: &'a str,
}

pub fn raise(conn: &mut DbConnection, n: &NewSignal<'_>) -> QueryResult<()> {
    diesel::insert_into(integrity_signals::table)
        .values((
            integrity_signals::submission_id.eq(n.submission_id),
            integrity_signals::invitation_id.eq(n.invitation_id),
            integrity_signals::related_submission_id.eq(n.related_submission_id),
            integrity_signals::kind.eq(n.kind),
            integrity_signals::evidence.eq(n.evidence),
            integrity_signals::created_at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A signal as the submission's page shows it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = integrity_signals)]
pub struct IntegritySignal {
    pub id: i64,
    pub submission_id: i64,
    pub invitation_id: Option<i64>,
    pub related_submission_id: Option<i64>,
    pub kind: String,
    pub evidence: String,
    pub created_at: NaiveDateTime,
    pub ruled_at: Option<NaiveDateTime>,
    pub ruled_by: Option<i64>,
    pub ruling: String,
}

/// The signals on a submission, oldest first.
pub fn signals_on(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Vec<IntegritySignal>> {
    integrity_signals::table
        .filter(integrity_signals::submission_id.eq(submission_id))
        .order(integrity_signals::id)
        .select(IntegritySignal::as_select())
        .load(conn)
}
