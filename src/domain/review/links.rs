//! How long a reviewer's e-mailed link works. The link proves the address, so it is a key:
//! while the review is being written it opens the invitation and the manuscript; once the
//! review is in it shows only a thank-you and the review as sent, and it stops a while after
//! the editor decided, so an old e-mail (forwarded, or read on a shared computer) no longer
//! opens anything.

use chrono::{Duration, NaiveDateTime};

/// Days a reviewer's link still shows their review after the decision on its round (or the
/// withdrawal of the submission): long enough to look back at what they wrote.
pub const LINK_DAYS_AFTER_DECISION: i64 = 30;

/// When a reviewer's link stops working: at the expiry it was given when the invitation was
/// sent (from the due date), or [`LINK_DAYS_AFTER_DECISION`] days after its round was
/// decided, whichever comes first. `round_closed_at` is `None` while the editor has not
/// decided.
pub fn link_ends_at(
    expires_at: NaiveDateTime,
    round_closed_at: Option<NaiveDateTime>,
) -> NaiveDateTime {
    match round_closed_at {
        Some(at) => expires_at.min(at + Duration::days(LINK_DAYS_AFTER_DECISION)),
        None => expires_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, d)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
    }

    #[test]
    fn a_link_ends_thirty_days_after_the_decision_or_at_its_expiry_if_sooner() {
        let expiry = day(31) + Duration::days(60);
        assert_eq!(link_ends_at(expiry, None), expiry, "no decision yet");
        assert_eq!(
            link_ends_at(expiry, Some(day(2))),
            day(2) + Duration::days(30)
        );
        assert_eq!(
            link_ends_at(day(10), Some(day(2))),
            day(10),
            "the expiry still holds when it comes first"
        );
    }
}
