//! Demo people, so a new installation can be tried at once: an editor-in-chief, both Guest
//! Editors, Editorial Board Members at different institutions, authors and reviewers.
//!
//! Loaded only on request (`peerdesk demo`, or `serve --demo`), never in production mode.
//! Passwords are random, printed once and kept in `data/demo-logins.txt` (owner-only).
//! Every address uses the reserved `.example` domain, so no mail can reach a real person.

use diesel::Connection;

use crate::db::accounts::{self, NewPerson};
use crate::db::events::{self, NewEvent, Subject};
use crate::db::{DbConnection, collections, facts, now, roles, seed};
use crate::domain::Role;
use crate::security::{password, token};

pub struct DemoLogin {
    pub role: &'static str,
    pub name: String,
    pub email: String,
    pub password: String,
}

struct DemoPerson {
    role: &'static str,
    name: &'static str,
    email: &'static str,
    affiliation: &'static str,
    grants: &'static [Role],
}

const PEOPLE: &[DemoPerson] = &[
    DemoPerson {
        role: "Editor-in-Chief",
        name: "Helen Marsh",
        email: "helen.marsh@bmccancer.example",
        affiliation: "BMC Cancer Editorial Office, London, UK",
        grants: &[Role::EditorInChief],
    },
    DemoPerson {
        role: "Editorial Board Member",
        name: "Kofi Mensah",
        email: "kofi.mensah@ki.example",
        affiliation: "Karolinska Institutet, Stockholm, Sweden",
        grants: &[Role::BoardMember],
    },
    DemoPerson {
        role: "Editorial Board Member",
        name: "Elena Ruiz",
        email: "elena.ruiz@lapaz.example",
        affiliation: "Hospital Universitario La Paz, Madrid, Spain",
        grants: &[Role::BoardMember],
    },
    DemoPerson {
        role: "Editorial Board Member",
        name: "Priya Raman",
        email: "priya.raman@tmc.example",
        affiliation: "Tata Memorial Centre, Mumbai, India",
        grants: &[Role::BoardMember],
    },
    DemoPerson {
        role: "Editorial Board Member",
        name: "Tomáš Novák",
        email: "tomas.novak@mou.example",
        affiliation: "Masaryk Memorial Cancer Institute, Brno, Czech Republic",
        grants: &[Role::BoardMember],
    },
    DemoPerson {
        role: "Author",
        name: "Sofia Bianchi",
        email: "sofia.bianchi@hsanmartino.example",
        affiliation: "IRCCS Ospedale Policlinico San Martino, Genoa, Italy",
        grants: &[],
    },
    DemoPerson {
        role: "Author",
        name: "Daniel Okafor",
        email: "daniel.okafor@unilag.example",
        affiliation: "University of Lagos, Nigeria",
        grants: &[],
    },
    DemoPerson {
        role: "Author",
        name: "Mei Lin",
        email: "mei.lin@sysucc.example",
        affiliation: "Sun Yat-sen University Cancer Center, Guangzhou, China",
        grants: &[],
    },
    DemoPerson {
        role: "Reviewer",
        name: "Lukas Weber",
        email: "lukas.weber@uni-heidelberg.example",
        affiliation: "Heidelberg University Hospital, Germany",
        grants: &[Role::Reviewer],
    },
    DemoPerson {
        role: "Reviewer",
        name: "Aisha Khan",
        email: "aisha.khan@aku.example",
        affiliation: "Aga Khan University, Karachi, Pakistan",
        grants: &[Role::Reviewer],
    },
    DemoPerson {
        role: "Reviewer",
        name: "Marco Rossi",
        email: "marco.rossi@unimi.example",
        affiliation: "University of Milan, Italy",
        grants: &[Role::Reviewer],
    },
];

/// Loads the demo people once. Returns their logins, or `None` when demo data was loaded
/// before (the passwords were printed then and are in `data/demo-logins.txt`).
pub fn load(conn: &mut DbConnection) -> anyhow::Result<Option<Vec<DemoLogin>>> {
    seed::ensure_seeded(conn)?;
    if facts::get(conn, facts::DEMO_LOADED)?.is_some() {
        return Ok(None);
    }
    // Hash before the transaction: argon2 is deliberately slow.
    let mut prepared = Vec::new();
    let guest_editors = seed::GUEST_EDITORS
        .iter()
        .map(|g| ("Guest Editor", g.name, g.email, g.affiliation, &[][..]));
    let demo = PEOPLE
        .iter()
        .map(|p| (p.role, p.name, p.email, p.affiliation, p.grants));
    for (role, name, email, affiliation, grants) in guest_editors.chain(demo) {
        let plain = demo_password();
        let hash = password::hash_password(&plain)?;
        prepared.push((role, name, email, affiliation, grants, plain, hash));
    }
    conn.transaction(|conn| -> anyhow::Result<Option<Vec<DemoLogin>>> {
        if !facts::record_once(conn, facts::DEMO_LOADED, "yes")? {
            return Ok(None);
        }
        let journal = collections::find_journal_by_name(conn, seed::JOURNAL_NAME)?
            .ok_or_else(|| anyhow::anyhow!("the seed journal is missing"))?;
        let mut logins = Vec::new();
        for (role, name, email, affiliation, grants, plain, hash) in prepared {
            let person = match accounts::find_person_by_email(conn, email)? {
                Some(p) => p,
                None => accounts::insert_person(
                    conn,
                    &NewPerson {
                        name,
                        email,
                        affiliation,
                        orcid: None,
                        bio: "",
                    },
                )?,
            };
            if accounts::find_account(conn, person.id)?.is_none() {
                accounts::insert_account(conn, person.id, &hash, Some(now()))?;
            } else {
                accounts::set_password(conn, person.id, &hash)?;
            }
            for grant in grants {
                roles::grant(conn, person.id, *grant, Some(journal.id), None, None)?;
            }
            logins.push(DemoLogin {
                role,
                name: name.to_owned(),
                email: email.to_owned(),
                password: plain,
            });
        }
        events::record(
            conn,
            NewEvent::new(
                None,
                Subject::Installation,
                "demo.loaded",
                "Demo people loaded",
            ),
        )?;
        Ok(Some(logins))
    })
}

/// Four groups of four lower-case letters and digits: easy to type, ~82 bits.
fn demo_password() -> String {
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
