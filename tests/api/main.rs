#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed unwrap is a failed test, with its message"
)]

//! The integration suite: one binary, every test against the real application.
//! Tests named `sqlite` run on a fresh SQLite file; `postgres` on a fresh PostgreSQL
//! database when PEERDESK_TEST_POSTGRES_URL is set (required under CI=true).

mod helpers;

mod accounts;
mod admin;
mod architecture;
mod assignment;
mod backup;
mod browser;
mod browser_a11y;
mod browser_declines;
mod browser_discussion;
mod browser_funders;
mod browser_integrity;
mod browser_journey;
mod browser_letters;
mod browser_mail_choices;
mod browser_names;
mod browser_namesake;
mod browser_orcid;
mod browser_recognition;
mod browser_recommendation;
mod browser_review;
mod browser_review_form;
mod browser_revision;
mod browser_search;
mod browser_submission;
mod browser_suggestions;
mod browser_webmail;
mod cli;
mod decisions;
mod discussion;
mod editorial;
mod leaks;
mod letters;
mod mail;
mod mail_snapshots;
mod names;
mod numbering;
mod orcid_profile;
mod orcid_provider;
mod orcid_sign_in;
mod profile;
mod public_pages;
mod publishing;
mod recognition;
mod recommendations;
mod review_forms;
mod reviews;
mod rounds;
mod route_permissions;
mod scale;
mod scale_ring;
mod schema_check;
mod security;
mod sessions;
mod sign_in_throttle;
mod smtp;
mod statistics;
mod submissions;
mod two_factor;
