//! The demo people: who they are, and how each is added with an account and roles.

use crate::db::accounts::{self, NewPerson};
use crate::db::{DbConnection, now, roles, seed};
use crate::domain::Role;
use crate::security::password;

use super::{DemoLogin, demo_password};

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

/// The demo reviewers' expertise keywords (issue 19): with them they offer to review, and
/// appear among the suggested reviewers of manuscripts on these subjects.
const EXPERTISE: &[(&str, &[&str])] = &[
    (
        "lukas.weber@uni-heidelberg.example",
        &["rhabdomyosarcoma", "Ewing sarcoma", "soft-tissue sarcoma"],
    ),
    (
        "aisha.khan@aku.example",
        &[
            "cancer registries",
            "paediatric oncology",
            "low- and middle-income countries",
        ],
    ),
    (
        "marco.rossi@unimi.example",
        &["uveal melanoma", "mesothelioma", "BAP1"],
    ),
];

/// A demo person with a fresh password and its hash, ready to be added.
pub(super) struct Prepared {
    role: &'static str,
    name: &'static str,
    email: &'static str,
    affiliation: &'static str,
    grants: &'static [Role],
    plain: String,
    hash: String,
}

/// The Guest Editors of the seed collection, then [`PEOPLE`], each with a password. Hashed
/// before the transaction: argon2 is deliberately slow.
pub(super) fn prepare() -> anyhow::Result<Vec<Prepared>> {
    let guest_editors = seed::GUEST_EDITORS
        .iter()
        .map(|g| ("Guest Editor", g.name, g.email, g.affiliation, &[][..]));
    let demo = PEOPLE
        .iter()
        .map(|p| (p.role, p.name, p.email, p.affiliation, p.grants));
    let mut prepared = Vec::new();
    for (role, name, email, affiliation, grants) in guest_editors.chain(demo) {
        let plain = demo_password();
        let hash = password::hash_password(&plain)?;
        prepared.push(Prepared {
            role,
            name,
            email,
            affiliation,
            grants,
            plain,
            hash,
        });
    }
    Ok(prepared)
}

/// Adds the person (or finds them by address), sets their password and grants their roles
/// in the journal; their login.
pub(super) fn add(
    conn: &mut DbConnection,
    p: Prepared,
    journal_id: i64,
) -> anyhow::Result<DemoLogin> {
    let person = match accounts::find_person_by_email(conn, p.email)? {
        Some(person) => person,
        None => accounts::insert_person(
            conn,
            &NewPerson {
                name: p.name,
                email: p.email,
                affiliation: p.affiliation,
                orcid: None,
                bio: "",
            },
        )?,
    };
    if accounts::find_account(conn, person.id)?.is_none() {
        accounts::insert_account(conn, person.id, &p.hash, Some(now()))?;
    } else {
        accounts::set_password(conn, person.id, &p.hash)?;
    }
    for grant in p.grants {
        roles::grant(conn, person.id, *grant, Some(journal_id), None, None)?;
    }
    if let Some((_, keywords)) = EXPERTISE.iter().find(|(email, _)| *email == p.email) {
        let keywords: Vec<String> = keywords.iter().map(|k| (*k).to_owned()).collect();
        crate::db::expertise::set_keywords(conn, person.id, &keywords)?;
    }
    Ok(DemoLogin {
        role: p.role,
        name: p.name.to_owned(),
        email: p.email.to_owned(),
        password: p.plain,
    })
}
