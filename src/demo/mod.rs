//! Demo people, so a new installation can be tried at once: an editor-in-chief, both Guest
//! Editors, Editorial Board Members at different institutions, authors and reviewers.
//!
//! Loaded only on request (`peerdesk demo`, or `serve --demo`), never in production mode.
//! Passwords are random, printed once and kept in `data/demo-logins.txt` (owner-only).
//! Every address uses the reserved `.example` domain, so no mail can reach a real person.
//! The generated data for load tests lives beside it, in [`scale`].

pub mod scale;

use crate::config::Site;
use crate::db::accounts::{self, NewPerson};
use crate::db::events::{self, NewEvent, Subject};
use crate::db::submissions as store;
use crate::db::{DbConnection, collections, facts, now, roles, seed};
use crate::domain::Role;
use crate::domain::submission::{AuthorInput, SubmissionInput};
use crate::security::{password, token};
use crate::workflow::editorial;

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
    let form = crate::workflow::review::InviteForm {
        person_id: reviewer.id.to_string(),
        due_on: (now().date() + chrono::Duration::days(14))
            .format("%Y-%m-%d")
            .to_string(),
        message: "Your registry work on paediatric eye tumours makes you an ideal reviewer.".into(),
        ..Default::default()
    };
    match crate::workflow::review::invite(conn, &editor, &roles, id, &form, site)? {
        crate::workflow::review::InviteOutcome::Invited { .. } => Ok(()),
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
) -> anyhow::Result<i64> {
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
    crate::workflow::submission::record_submission(conn, id, &collection, submitter.id)?;
    editorial::assign_handling_editor(conn, id, site)?;
    Ok(id)
}

// ---- The published side of the demo ----------------------------------------------------------

/// Two more manuscripts, taken through peer review exactly as people would (invitation,
/// acceptance, declaration, review, the editor's acceptance): the first is then published
/// by the editor-in-chief, with a correction, so the collection page and an article page
/// have content; the second waits, accepted, for publication. Titles, text and authors are
/// invented.
const PUBLISHED_CASES: &[DemoSubmission] = &[
    DemoSubmission {
        submitter: "mei.lin@sysucc.example",
        title: "Clinicopathological features and outcomes of primary pulmonary angiosarcoma: a multicentre cohort",
        abstract_text: "Background: Primary pulmonary angiosarcoma is exceedingly rare and its presentation mimics more common lung diseases, so the diagnosis is often late. Methods: Eighteen centres pooled 61 patients diagnosed between 2008 and 2024 and reviewed pathology, imaging, treatment and survival. Results: Haemoptysis and multiple ground-glass nodules were the commonest presentation; median overall survival was 7 months, longer after resection. Conclusions: Early biopsy of atypical haemorrhagic nodules and referral to a sarcoma centre may improve outcomes.",
        keywords: "angiosarcoma, lung, rare cancer, survival",
        rare_cancer_type: "Primary pulmonary angiosarcoma",
        authors: &[
            (
                "Mei Lin",
                "mei.lin@sysucc.example",
                "Sun Yat-sen University Cancer Center, Guangzhou, China",
            ),
            (
                "Hao Jian",
                "hao.jian@xjtu-demo.example",
                "Xi'an Jiaotong University, China",
            ),
            (
                "Gu Ying",
                "gu.ying@pumch-demo.example",
                "Peking Union Medical College Hospital, Beijing, China",
            ),
            (
                "He Ping",
                "he.ping@gz-demo.example",
                "Guangzhou Institute of Respiratory Health, China",
            ),
            (
                "Li Yijia",
                "li.yijia@gz-demo.example",
                "Guangzhou Institute of Respiratory Health, China",
            ),
            (
                "Wang Liqiang",
                "wang.liqiang@zju-demo.example",
                "Zhejiang University School of Medicine, Hangzhou, China",
            ),
            (
                "Deng Haiyi",
                "deng.haiyi@gz-demo.example",
                "Guangzhou Institute of Respiratory Health, China",
            ),
            (
                "Guan Wenhui",
                "guan.wenhui@scu-demo.example",
                "West China Hospital, Sichuan University, Chengdu, China",
            ),
            (
                "Lin Xinqing",
                "lin.xinqing@gz-demo.example",
                "Guangzhou Institute of Respiratory Health, China",
            ),
            (
                "Xie Xiaohong",
                "xie.xiaohong@gz-demo.example",
                "Guangzhou Institute of Respiratory Health, China",
            ),
            (
                "Deng Yu",
                "deng.yu@whu-demo.example",
                "Zhongnan Hospital of Wuhan University, China",
            ),
            (
                "Wang Shuaiying",
                "wang.shuaiying@fudan-demo.example",
                "Zhongshan Hospital, Fudan University, Shanghai, China",
            ),
            (
                "Wang Changchun",
                "wang.changchun@fudan-demo.example",
                "Zhongshan Hospital, Fudan University, Shanghai, China",
            ),
            (
                "Li Jingxu",
                "li.jingxu@csu-demo.example",
                "Xiangya Hospital, Central South University, Changsha, China",
            ),
            (
                "Li Ru",
                "li.ru@sdu-demo.example",
                "Qilu Hospital of Shandong University, Jinan, China",
            ),
            (
                "Luan Yang",
                "luan.yang@sdu-demo.example",
                "Qilu Hospital of Shandong University, Jinan, China",
            ),
            (
                "Zhou Chengzhi",
                "zhou.chengzhi@gz-demo.example",
                "Guangzhou Institute of Respiratory Health, China",
            ),
            (
                "Luan Tao",
                "luan.tao@gz-demo.example",
                "Guangzhou Institute of Respiratory Health, China",
            ),
        ],
    },
    DemoSubmission {
        submitter: "daniel.okafor@unilag.example",
        title: "Collecting duct carcinoma of the kidney in West Africa: presentation and survival",
        abstract_text: "Background: Collecting duct carcinoma is a rare and aggressive kidney cancer, and little is known of its course in West Africa. Methods: We reviewed 37 patients treated at two teaching hospitals between 2010 and 2024. Results: Most presented with metastatic disease; median survival was 11 months, and platinum-based chemotherapy was associated with longer survival. Conclusions: Earlier imaging of haematuria and access to systemic therapy are needed.",
        keywords: "collecting duct carcinoma, kidney cancer, West Africa",
        rare_cancer_type: "Collecting duct carcinoma",
        authors: &[
            (
                "Daniel Okafor",
                "daniel.okafor@unilag.example",
                "University of Lagos, Nigeria",
            ),
            (
                "Amaka Nwosu",
                "amaka.nwosu@ui-demo.example",
                "University College Hospital, Ibadan, Nigeria",
            ),
        ],
    },
];

/// The reviewer who reviews the demo's published manuscripts.
const DEMO_PUBLISHED_REVIEWER: &str = "marco.rossi@unimi.example";
const DEMO_CHIEF: &str = "helen.marsh@bmccancer.example";

/// A small, valid one-page PDF saying what it is (byte offsets computed, so readers open it
/// without repairing it).
pub fn demo_pdf(title: &str) -> Vec<u8> {
    let safe: String = title
        .chars()
        .filter(|c| c.is_ascii() && !matches!(c, '(' | ')' | '\\'))
        .take(80)
        .collect();
    let text = format!("BT /F1 12 Tf 72 720 Td (Demo article: {safe}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for o in offsets {
        out.push_str(&format!("{o:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

/// Takes a submitted demo manuscript through one round of review to acceptance, through
/// the same service functions the pages call.
fn review_and_accept(conn: &mut DbConnection, id: i64, site: &Site) -> anyhow::Result<()> {
    use crate::domain::decision::DecisionKind;
    use crate::domain::review::{DeclarationInput, ReviewInput};
    use crate::domain::submission_state::SubmissionState;
    use crate::workflow::review::{self, Answer, Credential};
    let s =
        store::find(conn, id)?.ok_or_else(|| anyhow::anyhow!("demo manuscript {id} missing"))?;
    let editor_id = s
        .handling_editor_id
        .ok_or_else(|| anyhow::anyhow!("demo manuscript {id} has no handling editor"))?;
    let editor = accounts::find_person(conn, editor_id)?
        .ok_or_else(|| anyhow::anyhow!("demo editor missing"))?;
    let roles = roles::held_roles(conn, editor.id)?;
    let reviewer = accounts::find_person_by_email(conn, DEMO_PUBLISHED_REVIEWER)?
        .ok_or_else(|| anyhow::anyhow!("demo reviewer missing"))?;
    let form = review::InviteForm {
        person_id: reviewer.id.to_string(),
        due_on: (now().date() + chrono::Duration::days(14))
            .format("%Y-%m-%d")
            .to_string(),
        message: "This cohort is close to your own work on rare sarcomas.".into(),
        ..Default::default()
    };
    match review::invite(conn, &editor, &roles, id, &form, site)? {
        review::InviteOutcome::Invited { .. } => {}
        other => anyhow::bail!("the demo invitation was refused: {other:?}"),
    }
    let invitation_id = crate::db::reviews::of_submission(conn, id)?
        .last()
        .map(|i| i.id)
        .ok_or_else(|| anyhow::anyhow!("the demo invitation is missing"))?;
    let cred = Credential::Person {
        person_id: reviewer.id,
        invitation_id,
    };
    match review::answer(conn, &cred, &Answer::Accept, site)? {
        review::AnswerOutcome::Accepted { .. } => {}
        other => anyhow::bail!("the demo reviewer could not accept: {other:?}"),
    }
    let none = DeclarationInput {
        answer: "none".into(),
        statement: String::new(),
    };
    match review::declare(conn, reviewer.id, invitation_id, &none, site)? {
        review::DeclareOutcome::Cleared => {}
        other => anyhow::bail!("the demo declaration was refused: {other:?}"),
    }
    let review = ReviewInput {
        recommendation: "accept".into(),
        comments_to_authors: "A careful multicentre series of a disease few centres ever see. The survival analysis is appropriate and the conclusions follow from it.".into(),
        confidential_comments: String::new(),
    };
    let write = review::ReviewWrite {
        input: &review,
        attachment: None,
        step: crate::domain::review::ReviewStep::Submit,
        read_at: None,
    };
    match review::save_review(conn, reviewer.id, invitation_id, &write, site)? {
        review::ReviewOutcome::Submitted => {}
        other => anyhow::bail!("the demo review was refused: {other:?}"),
    }
    let letter = crate::workflow::decision::draft(
        conn,
        &editor,
        &roles,
        id,
        Some(DecisionKind::Accept),
        site,
    )?
    .map(|d| d.letter)
    .ok_or_else(|| anyhow::anyhow!("no decision page for the demo editor"))?;
    match crate::workflow::decision::decide(
        conn,
        &editor,
        &roles,
        id,
        DecisionKind::Accept,
        &letter,
        SubmissionState::UnderReview,
        site,
    )? {
        crate::workflow::decision::DecideOutcome::Decided { .. } => Ok(()),
        other => anyhow::bail!("the demo acceptance was refused: {other:?}"),
    }
}

/// Loads the published side of the demo once (after [`load`]): one article published by
/// the editor-in-chief with a correction, and one accepted manuscript waiting for
/// publication. Returns the ids of (the published article, the accepted submission), or
/// `None` when it was loaded before.
pub fn load_published(
    conn: &mut DbConnection,
    files: &crate::storage::FileStore,
    site: &Site,
) -> anyhow::Result<Option<(i64, i64)>> {
    use crate::domain::publishing::PublishInput;
    use crate::workflow::publishing::{self, CorrectionInput, FinalPdf, PublishOutcome};
    if facts::get(conn, facts::DEMO_PUBLISHED)?.is_some()
        || facts::get(conn, facts::DEMO_LOADED)?.is_none()
    {
        return Ok(None);
    }
    let stored = files.put(&demo_pdf(PUBLISHED_CASES[0].title))?;
    crate::db::write_transaction(conn, |conn| -> anyhow::Result<Option<(i64, i64)>> {
        if !facts::record_once(conn, facts::DEMO_PUBLISHED, "yes")? {
            return Ok(None);
        }
        let mut ids = Vec::new();
        for case in PUBLISHED_CASES {
            let id = submit_demo_case(conn, case, site)?;
            review_and_accept(conn, id, site)?;
            ids.push(id);
        }
        let chief = accounts::find_person_by_email(conn, DEMO_CHIEF)?
            .ok_or_else(|| anyhow::anyhow!("the demo editor-in-chief is missing"))?;
        let roles = roles::held_roles(conn, chief.id)?;
        let page = publishing::publish_page(conn, &chief, &roles, ids[0], site)?
            .ok_or_else(|| anyhow::anyhow!("the demo article cannot be published"))?;
        let pdf = FinalPdf {
            sha256: stored.sha256.clone(),
            size: i64::try_from(stored.size)?,
            original_name: "pulmonary-angiosarcoma.pdf".into(),
        };
        let article_id =
            match publishing::publish(conn, &chief, &roles, ids[0], &page.suggested, &pdf, site)? {
                PublishOutcome::Published { article_id, .. } => article_id,
                other => anyhow::bail!("the demo article was not published: {other:?}"),
            };
        let correction = publishing::correction_page(conn, &chief, &roles, article_id, site)?
            .ok_or_else(|| anyhow::anyhow!("no correction page for the demo article"))?;
        let input = CorrectionInput {
            notice: "After publication of this article, the authors noticed that the affiliation of Hao Jian was given incorrectly. The correct affiliation is Xi'an Jiaotong University, China. The original article has been corrected.".into(),
            details: PublishInput { ..correction.suggested.details.clone() },
            ..correction.suggested.clone()
        };
        match publishing::publish_correction(conn, &chief, &roles, article_id, &input, site)? {
            PublishOutcome::Published { .. } => {}
            other => anyhow::bail!("the demo correction was not published: {other:?}"),
        }
        Ok(Some((article_id, ids[1])))
    })
}
