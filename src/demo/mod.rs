//! Demo people, so a new installation can be tried at once: an editor-in-chief, both Guest
//! Editors, Editorial Board Members at different institutions, authors and reviewers.
//!
//! Loaded only on request (`peerdesk demo`, or `serve --demo`), never in production mode.
//! Passwords are random, printed once and kept in `data/demo-logins.txt` (owner-only).
//! Every address uses the reserved `.example` domain, so no mail can reach a real person.
//! The generated data for load tests lives beside it, in [`scale`].

mod cases;
mod people;
mod published;
mod review;
pub mod scale;

use crate::config::Site;
use crate::db::events::{self, NewEvent, Subject};
use crate::db::{DbConnection, collections, facts, seed};
use crate::security::token;

pub use published::{demo_pdf, load_published};

pub struct DemoLogin {
    pub role: &'static str,
    pub name: String,
    pub email: String,
    pub password: String,
}

/// Loads the demo people once. Returns their logins, or `None` when demo data was loaded
/// before (the passwords were printed then and are in `data/demo-logins.txt`).
pub fn load(conn: &mut DbConnection, site: &Site) -> anyhow::Result<Option<Vec<DemoLogin>>> {
    seed::ensure_seeded(conn)?;
    if facts::get(conn, facts::DEMO_LOADED)?.is_some() {
        return Ok(None);
    }
    let prepared = people::prepare()?;
    crate::db::write_transaction(conn, |conn| -> anyhow::Result<Option<Vec<DemoLogin>>> {
        if !facts::record_once(conn, facts::DEMO_LOADED, "yes")? {
            return Ok(None);
        }
        let journal = collections::find_journal_by_name(conn, seed::JOURNAL_NAME)?
            .ok_or_else(|| anyhow::anyhow!("the seed journal is missing"))?;
        let mut logins = Vec::new();
        for p in prepared {
            logins.push(people::add(conn, p, journal.id)?);
        }
        for case in cases::SUBMISSIONS {
            cases::submit_demo_case(conn, case, site)?;
        }
        review::invite_demo_reviewer(conn, site)?;
        events::record(
            conn,
            NewEvent::new(
                None,
                Subject::Installation,
                "demo.loaded",
                "Demo people and submissions loaded",
            ),
        )?;
        Ok(Some(logins))
    })
}

/// Four groups of four lower-case letters and digits: easy to type, ~82 bits.
pub(super) fn demo_password() -> String {
    let raw = token::random_hex(16);
    let alphabet: Vec<char> = "abcdefghjkmnpqrstuvwxyz23456789".chars().collect();
    let chars: Vec<char> = hex::decode(raw)
        .unwrap_or_default()
        .iter()
        .map(|b| alphabet[*b as usize % alphabet.len()])
        .take(16)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// The logins as the table printed at the terminal and saved to the file.
pub fn format_logins(logins: &[DemoLogin], base_url: &str) -> String {
    let mut out =
        format!("Demo logins for {base_url}/login (shown once; kept in data/demo-logins.txt)\n\n");
    for l in logins {
        out.push_str(&format!(
            "  {:<24} {:<22} {:<40} {}\n",
            l.role, l.name, l.email, l.password
        ));
    }
    out
}
