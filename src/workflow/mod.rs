//! What the journal does: each module is one part of the work, in the journal's own words.
//! A page under `src/web/` parses its form and calls one of these; each change is one
//! transaction (through `src/db/`) with the e-mails it queues, and the rules they apply are
//! the pure ones in `src/domain/`.

pub mod account;
pub mod authorship;
pub mod bulk;
pub mod conflict;
pub mod deadlines;
pub mod decision;
pub mod discussion;
pub mod editorial;
pub mod integrity;
pub mod letters;
pub mod mail_choices;
pub mod memo;
pub mod orcid;
pub mod orcid_sign_in;
pub mod outbox;
pub mod publishing;
pub mod recognition;
pub mod review;
pub mod round;
pub mod sessions;
pub mod sign_in;
pub mod sign_in_throttle;
pub mod statistics;
pub mod step;
pub mod submission;
pub mod two_factor;
