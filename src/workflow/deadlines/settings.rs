//! A collection's deadline settings, edited by its editor-in-chief: the days an author has
//! for a minor and a major revision, and the reviewers' and the authors' reminder
//! schedules. A page of their own, with their own version, so saving them never makes the
//! collection's form stale (and the other way round).

use crate::workflow::editorial::editable_collection as editable;
use chrono::NaiveDateTime;
use diesel::QueryResult;

use crate::config::Site;
use crate::db::accounts::Person;
use crate::db::collections::Collection;
use crate::db::deadlines as store;
use crate::db::events::{self, NewEvent, Subject};
use crate::db::guard::{self, ReadAt};
use crate::db::{DbConnection, write_transaction};
use crate::domain::FormErrors;
use crate::domain::deadlines::DeadlineSettingsInput;
use crate::domain::permissions::HeldRole;

/// What the settings page shows.
pub struct SettingsPage {
    pub collection: Collection,
    pub input: DeadlineSettingsInput,
    /// The settings' version as the form was read (`db::guard::ReadAt`).
    pub read_at: String,
    /// The site's reviewer reminders (`PEERDESK_REVIEW_REMINDERS`), in words.
    pub site_reminders: String,
}

/// The settings page as stored now; `None` for a collection the person may not edit.
pub fn settings_page(
    conn: &mut DbConnection,
    roles: &[HeldRole],
    collection_id: i64,
    site: &Site,
) -> QueryResult<Option<SettingsPage>> {
    let Some(collection) = editable(conn, roles, collection_id)? else {
        return Ok(None);
    };
    let (settings, at) = store::settings_of(conn, collection_id)?;
    Ok(Some(SettingsPage {
        collection,
        input: DeadlineSettingsInput::of(&settings, &site.review_reminders),
        read_at: ReadAt::field(at),
        site_reminders: site.review_reminders.for_reviewer_in_words(),
    }))
}

#[derive(Debug)]
pub enum SettingsOutcome {
    Saved {
        collection: String,
        /// Earlier reports flagged as fast because the threshold was raised.
        flagged: usize,
    },
    Invalid(FormErrors),
    /// Saved from elsewhere since the form was read, differently: nothing written. The
    /// version saved then.
    ChangedMeanwhile(NaiveDateTime),
    NotFound,
}

/// Saves the settings as typed, if they read and nobody saved others since the form was read
/// (a repeated press is simply done).
pub fn save_settings(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    collection_id: i64,
    input: &DeadlineSettingsInput,
    read_at: Option<ReadAt>,
) -> crate::workflow::step::Result<SettingsOutcome> {
    write_transaction(conn, |conn| {
        let Some(collection) = editable(conn, roles, collection_id)? else {
            return Ok(SettingsOutcome::NotFound);
        };
        let settings = match input.parse() {
            Ok(s) => s,
            Err(errors) => return Ok(SettingsOutcome::Invalid(errors)),
        };
        guard::lock_collection(conn, collection_id)?;
        let (stored, at) = store::settings_of(conn, collection_id)?;
        if let Some(read) = read_at
            && !read.is_current(at)
        {
            if stored == settings {
                return Ok(SettingsOutcome::Saved {
                    collection: collection.title,
                    flagged: 0,
                });
            }
            if let Some(at) = at {
                return Ok(SettingsOutcome::ChangedMeanwhile(at));
            }
        }
        store::save_settings(conn, collection_id, &settings, person.id)?;
        let flagged = if settings.fast_review_hours > stored.fast_review_hours {
            crate::workflow::review::backfill_fast_reviews(
                conn,
                collection_id,
                settings.fast_review_hours,
            )?
        } else {
            0
        };
        let review = settings
            .review_reminders
            .as_ref()
            .map_or_else(|| "the site's".to_owned(), |s| s.setting());
        let note = format!(
            "Deadlines of {}: minor revision {} days, major revision {} days; reviewer reminders {}; author reminders {}; a report within {} hours of accepting is flagged",
            collection.title,
            settings.minor_revision_days,
            settings.major_revision_days,
            review,
            settings.revision_reminders.setting(),
            settings.fast_review_hours
        );
        events::record(
            conn,
            NewEvent::new(
                Some(person.id),
                Subject::Collection(collection_id),
                "collection.deadlines_updated",
                &note,
            ),
        )?;
        Ok(SettingsOutcome::Saved {
            collection: collection.title,
            flagged,
        })
    })
}
