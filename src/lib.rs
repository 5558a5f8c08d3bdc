//! peerdesk: manuscript submission and peer review for a journal's article collections.
//!
//! Layout: [`web`] the pages; [`workflow`] what the journal does (accounts, submissions,
//! editorial assignment, reviews, rounds, decisions, publishing, statistics); [`domain`]
//! holds the rules as pure code; [`db`] the storage (SQLite or PostgreSQL); [`mail`] the
//! messages; [`storage`] the manuscript files; [`security`] passwords and tokens; [`demo`]
//! the demo and load-test data; [`config`] the settings; [`startup`] wires it together;
//! [`cli`] is what the binary runs, with [`backup`] behind its backup and restore commands.

pub mod backup;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod mail;
pub mod security;
pub mod startup;
pub mod storage;
pub mod web;
pub mod workflow;

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
