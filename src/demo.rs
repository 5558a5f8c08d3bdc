//! Demo people, so a new installation can be tried at once: an editor-in-chief, both Guest
//! Editors, Editorial Board Members at different institutions, authors and reviewers.
//!
//! Loaded only on request (`peerdesk demo`, or `serve --demo`), never in production mode.
//! Passwords are random, printed once and kept in `data/demo-logins.txt` (owner-only).
//! Every address uses the reserved `.example` domain, so no mail can reach a real person.

use crate::db::accounts::{self, NewPerson};
use crate::db::events::{self, NewEvent, Subject};
use crate::db::submissions as store;
use crate::db::{DbConnection, collections, facts, now, roles, seed};
use crate::domain::Role;
use crate::domain::submission::{AuthorInput, SubmissionInput};
use crate::editorial::{self, Site};
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
pub fn load(conn: &mut DbConnection, site: &Site) -> anyhow::Result<Option<Vec<DemoLogin>>> {
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
    crate::db::write_transaction(conn, |conn| -> anyhow::Result<Option<Vec<DemoLogin>>> {
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
        for case in SUBMISSIONS {
            submit_demo_case(conn, case, site)?;
        }
        invite_demo_reviewer(conn, site)?;
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

/// The handling editor of the second demo manuscript invites Aisha Khan to review it, so a
/// visitor signed in as her finds the invitation under *My reviews* (the e-mail with its
/// link is in the mail folder).
fn invite_demo_reviewer(conn: &mut DbConnection, site: &Site) -> anyhow::Result<()> {
    use crate::db::schema::submissions;
    use diesel::prelude::*;
    let Some((id, Some(editor_id))) = submissions::table
        .filter(submissions::title.eq(SUBMISSIONS[1].title))
        .select((submissions::id, submissions::handling_editor_id))
        .first::<(i64, Option<i64>)>(conn)
        .optional()?
    else {
        return Ok(());
    };
    let (Some(editor), Some(reviewer)) = (
        accounts::find_person(conn, editor_id)?,
        accounts::find_person_by_email(conn, DEMO_REVIEWER)?,
    ) else {
        return Ok(());
    };
    let roles = roles::held_roles(conn, editor.id)?;
    let form = crate::reviews::InviteForm {
        person_id: reviewer.id.to_string(),
        due_on: (now().date() + chrono::Duration::days(14))
            .format("%Y-%m-%d")
            .to_string(),
        message: "Your registry work on paediatric eye tumours makes you an ideal reviewer.".into(),
        ..Default::default()
    };
    match crate::reviews::invite(conn, &editor, &roles, id, &form, site)? {
        crate::reviews::InviteOutcome::Invited { .. } => Ok(()),
        other => anyhow::bail!("the demo invitation was refused: {other:?}"),
    }
}

/// The demo reviewer with an invitation waiting.
const DEMO_REVIEWER: &str = "aisha.khan@aku.example";

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

/// A demo submission: who submits it, and its authors (name, e-mail, affiliation); the
/// first author is the corresponding one.
struct DemoSubmission {
    submitter: &'static str,
    title: &'static str,
    abstract_text: &'static str,
    keywords: &'static str,
    rare_cancer_type: &'static str,
    authors: &'static [(&'static str, &'static str, &'static str)],
}

/// The three cases of the collection's competing-interests rule, as the demo shows them:
/// a guest editor shares an institution with an author (the other guest editor handles
/// it); both guest editors are conflicted (a board member handles it); everyone is
/// conflicted (it is flagged to the editor-in-chief). Titles and text are invented.
const SUBMISSIONS: &[DemoSubmission] = &[
    DemoSubmission {
        submitter: "sofia.bianchi@hsanmartino.example",
        title: "Germline BAP1 variants in Ligurian families with uveal melanoma",
        abstract_text: "Background: Uveal melanoma is rare, and a share of it runs in families. Methods: We sequenced BAP1 in 64 patients from 41 families referred to one centre between 2012 and 2024. Results: Nine families carried a pathogenic germline variant; carriers were diagnosed younger and more often developed mesothelioma or renal cancer. Conclusions: Families with two or more BAP1-spectrum cancers should be offered testing.",
        keywords: "uveal melanoma, BAP1, germline testing, hereditary cancer",
        rare_cancer_type: "Uveal melanoma",
        authors: &[(
            "Sofia Bianchi",
            "sofia.bianchi@hsanmartino.example",
            "IRCCS Ospedale Policlinico San Martino, Genoa, Italy",
        )],
    },
    DemoSubmission {
        submitter: "daniel.okafor@unilag.example",
        title: "Survival of children with retinoblastoma treated in Lagos and Genoa: a twinning programme",
        abstract_text: "Background: Survival after retinoblastoma differs widely between countries. Methods: We compared 212 children treated in Lagos with 98 treated in Genoa after a twinning programme shared protocols and training from 2019. Results: Three-year eye-salvage and survival rose in Lagos after the programme, and the gap with Genoa narrowed. Conclusions: Twinning improved outcomes within five years.",
        keywords: "retinoblastoma, paediatric oncology, global health, twinning",
        rare_cancer_type: "Retinoblastoma",
        authors: &[
            (
                "Daniel Okafor",
                "daniel.okafor@unilag.example",
                "University of Lagos, Nigeria",
            ),
            (
                "Sofia Bianchi",
                "sofia.bianchi@hsanmartino.example",
                "IRCCS Ospedale Policlinico San Martino, Genoa, Italy",
            ),
            (
                "James Whitfield",
                "james.whitfield@seattlechildrens.example",
                "University of Washington, Seattle Children's Hospital, USA",
            ),
        ],
    },
    DemoSubmission {
        submitter: "mei.lin@sysucc.example",
        title: "An international registry of adult nasopharyngeal rhabdomyosarcoma",
        abstract_text: "Background: Rhabdomyosarcoma in adults is rare and its nasopharyngeal form rarer still. Methods: Seven centres pooled 143 cases diagnosed between 2005 and 2023. Results: Five-year overall survival was 38%; alveolar histology and age over 40 predicted worse outcomes. Conclusions: A shared registry makes trials in this disease possible.",
        keywords: "rhabdomyosarcoma, nasopharynx, registry, adults",
        rare_cancer_type: "Adult rhabdomyosarcoma",
        authors: &[
            (
                "Mei Lin",
                "mei.lin@sysucc.example",
                "Sun Yat-sen University Cancer Center, Guangzhou, China",
            ),
            (
                "Sofia Bianchi",
                "sofia.bianchi@hsanmartino.example",
                "IRCCS Ospedale Policlinico San Martino, Genoa, Italy",
            ),
            (
                "James Whitfield",
                "james.whitfield@seattlechildrens.example",
                "University of Washington, Seattle Children's Hospital, USA",
            ),
            (
                "Anna Berg",
                "anna.berg@ki.example",
                "Karolinska Institutet, Stockholm, Sweden",
            ),
            (
                "Luis Gómez",
                "luis.gomez@lapaz.example",
                "Hospital Universitario La Paz, Madrid, Spain",
            ),
            (
                "Ravi Shah",
                "ravi.shah@tmc.example",
                "Tata Memorial Centre, Mumbai, India",
            ),
            (
                "Petra Dvořák",
                "petra.dvorak@mou.example",
                "Masaryk Memorial Cancer Institute, Brno, Czech Republic",
            ),
        ],
    },
];

/// Submits one demo case exactly as the submit path does (number, timeline, e-mails) and
/// lets the assignment choose its handling editor.
fn submit_demo_case(
    conn: &mut DbConnection,
    case: &DemoSubmission,
    site: &Site,
) -> anyhow::Result<()> {
    let collection = collections::find_collection_by_slug(conn, seed::COLLECTION_SLUG)?
        .ok_or_else(|| anyhow::anyhow!("the seed collection is missing"))?;
    let submitter = accounts::find_person_by_email(conn, case.submitter)?
        .ok_or_else(|| anyhow::anyhow!("demo submitter {} is missing", case.submitter))?;
    let topics = collections::topics_of(conn, collection.id)?;
    let input = SubmissionInput {
        article_type: "Research Article".into(),
        title: case.title.into(),
        abstract_text: case.abstract_text.into(),
        keywords: case.keywords.into(),
        topics: topics.into_iter().take(2).collect(),
        rare_cancer_type: case.rare_cancer_type.into(),
        authors: case
            .authors
            .iter()
            .map(|(name, email, affiliation)| AuthorInput {
                name: (*name).into(),
                email: (*email).into(),
                affiliation: (*affiliation).into(),
                orcid: String::new(),
            })
            .collect(),
        corresponding: 0,
        competing_interests: "none".into(),
        ethics_statement: "Approved by the institutional review boards of the participating centres; written consent was obtained from patients or guardians.".into(),
        data_availability: "De-identified data are available from the corresponding author on reasonable request.".into(),
        funding: "None".into(),
        ..Default::default()
    };
    let id = store::insert_draft(conn, collection.id, submitter.id, None, &input)?;
    crate::submissions::record_submission(conn, id, &collection, submitter.id)?;
    editorial::assign_handling_editor(conn, id, site)?;
    Ok(())
}
