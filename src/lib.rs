//! peerdesk: manuscript submission and peer review for a journal's article collections.
//!
//! Layout: [`domain`] holds the rules as pure code; [`db`] the storage (SQLite or
//! PostgreSQL); [`accounts`] what account actions do; [`submissions`], [`editorial`] and [`reviews`]
//! what submitting, assigning editors and peer review do; [`web`] the pages; [`mail`] the
//! messages; [`security`] passwords and tokens; [`startup`] wires it together; [`cli`] is
//! what the binary runs.

pub mod accounts;
pub mod backup;
pub mod cli;
pub mod config;
pub mod db;
pub mod decisions;
pub mod demo;
pub mod domain;
pub mod editorial;
pub mod mail;
pub mod memo;
pub mod outbox;
pub mod publishing;
pub mod reviews;
pub mod rounds;
pub mod scale;
pub mod security;
pub mod startup;
pub mod statistics;
pub mod storage;
pub mod submissions;
pub mod web;

/// Formats an error with every cause (`a: b: c`), for the log.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}
