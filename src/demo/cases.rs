//! The demo manuscripts, and how each is submitted: as the submit path does it.

use crate::config::Site;
use crate::db::submissions as store;
use crate::db::{DbConnection, accounts, collections, seed};
use crate::domain::submission::{AuthorInput, SubmissionInput};
use crate::workflow::editorial;

/// A demo submission: who submits it, and its authors (name, e-mail, affiliations); the
/// first author is the corresponding one.
pub(super) struct DemoSubmission {
    submitter: &'static str,
    pub title: &'static str,
    abstract_text: &'static str,
    keywords: &'static str,
    rare_cancer_type: &'static str,
    authors: &'static [Author],
}

/// An author as listed: name, e-mail, affiliations (see [`demo_affiliations`]).
type Author = (&'static str, &'static str, &'static str);

/// A demo author's affiliations, written `institution | city | country code`, several
/// separated by `;`.
fn demo_affiliations(written: &str) -> Vec<crate::domain::affiliation::Affiliation> {
    written
        .split(';')
        .map(|one| {
            let mut parts = one.split('|').map(|p| p.trim().to_owned());
            let mut next = || parts.next().unwrap_or_default();
            crate::domain::affiliation::Affiliation {
                institution: next(),
                city: next(),
                country: next(),
                ror: next(),
            }
        })
        .collect()
}

/// An author of three of the demo manuscripts.
const SOFIA_BIANCHI: Author = (
    "Sofia Bianchi",
    "sofia.bianchi@hsanmartino.example",
    "IRCCS Ospedale Policlinico San Martino | Genoa | IT",
);

/// A co-author without an account, on two manuscripts.
const JAMES_WHITFIELD: Author = (
    "James Whitfield",
    "james.whitfield@seattlechildrens.example",
    "University of Washington, Seattle Children's Hospital |  | US",
);

/// The three cases of the collection's competing-interests rule, as the demo shows them:
/// a guest editor shares an institution with an author (the other guest editor handles
/// it); both guest editors are conflicted (a board member handles it); everyone is
/// conflicted (it is flagged to the editor-in-chief). Titles and text are invented.
pub(super) const SUBMISSIONS: &[DemoSubmission] = &[
    DemoSubmission {
        submitter: "sofia.bianchi@hsanmartino.example",
        title: "Germline BAP1 variants in Ligurian families with uveal melanoma",
        abstract_text: "Background: Uveal melanoma is rare, and a share of it runs in families. Methods: We sequenced BAP1 in 64 patients from 41 families referred to one centre between 2012 and 2024. Results: Nine families carried a pathogenic germline variant; carriers were diagnosed younger and more often developed mesothelioma or renal cancer. Conclusions: Families with two or more BAP1-spectrum cancers should be offered testing.",
        keywords: "uveal melanoma, BAP1, germline testing, hereditary cancer",
        rare_cancer_type: "Uveal melanoma",
        authors: &[SOFIA_BIANCHI],
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
                "University of Lagos |  | NG",
            ),
            SOFIA_BIANCHI,
            JAMES_WHITFIELD,
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
                "Sun Yat-sen University Cancer Center | Guangzhou | CN",
            ),
            SOFIA_BIANCHI,
            JAMES_WHITFIELD,
            (
                "Anna Berg",
                "anna.berg@ki.example",
                "Karolinska Institutet | Stockholm | SE",
            ),
            (
                "Luis Gómez",
                "luis.gomez@lapaz.example",
                "Hospital Universitario La Paz | Madrid | ES",
            ),
            (
                "Ravi Shah",
                "ravi.shah@tmc.example",
                "Tata Memorial Centre | Mumbai | IN",
            ),
            (
                "Petra Dvořák",
                "petra.dvorak@mou.example",
                "Masaryk Memorial Cancer Institute | Brno | CZ",
            ),
        ],
    },
];

/// Two more manuscripts, taken through peer review exactly as people would (invitation,
/// acceptance, declaration, review, the editor's acceptance): the first is then published
/// by the editor-in-chief, with a correction, so the collection page and an article page
/// have content; the second waits, accepted, for publication. Titles, text and authors are
/// invented.
pub(super) const PUBLISHED_CASES: &[DemoSubmission] = &[
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
                "Sun Yat-sen University Cancer Center | Guangzhou | CN",
            ),
            (
                "Hao Jian",
                "hao.jian@xjtu-demo.example",
                "Xi'an Jiaotong University |  | CN",
            ),
            (
                "Gu Ying",
                "gu.ying@pumch-demo.example",
                "Peking Union Medical College Hospital | Beijing | CN",
            ),
            (
                "He Ping",
                "he.ping@gz-demo.example",
                "Guangzhou Institute of Respiratory Health |  | CN",
            ),
            (
                "Li Yijia",
                "li.yijia@gz-demo.example",
                "Guangzhou Institute of Respiratory Health |  | CN",
            ),
            (
                "Wang Liqiang",
                "wang.liqiang@zju-demo.example",
                "Zhejiang University School of Medicine | Hangzhou | CN",
            ),
            (
                "Deng Haiyi",
                "deng.haiyi@gz-demo.example",
                "Guangzhou Institute of Respiratory Health |  | CN",
            ),
            (
                "Guan Wenhui",
                "guan.wenhui@scu-demo.example",
                "West China Hospital, Sichuan University | Chengdu | CN",
            ),
            (
                "Lin Xinqing",
                "lin.xinqing@gz-demo.example",
                "Guangzhou Institute of Respiratory Health |  | CN",
            ),
            (
                "Xie Xiaohong",
                "xie.xiaohong@gz-demo.example",
                "Guangzhou Institute of Respiratory Health |  | CN",
            ),
            (
                "Deng Yu",
                "deng.yu@whu-demo.example",
                "Zhongnan Hospital of Wuhan University |  | CN",
            ),
            (
                "Wang Shuaiying",
                "wang.shuaiying@fudan-demo.example",
                "Zhongshan Hospital, Fudan University | Shanghai | CN",
            ),
            (
                "Wang Changchun",
                "wang.changchun@fudan-demo.example",
                "Zhongshan Hospital, Fudan University | Shanghai | CN",
            ),
            (
                "Li Jingxu",
                "li.jingxu@csu-demo.example",
                "Xiangya Hospital, Central South University | Changsha | CN",
            ),
            (
                "Li Ru",
                "li.ru@sdu-demo.example",
                "Qilu Hospital of Shandong University | Jinan | CN",
            ),
            (
                "Luan Yang",
                "luan.yang@sdu-demo.example",
                "Qilu Hospital of Shandong University | Jinan | CN",
            ),
            (
                "Zhou Chengzhi",
                "zhou.chengzhi@gz-demo.example",
                "Guangzhou Institute of Respiratory Health |  | CN",
            ),
            (
                "Luan Tao",
                "luan.tao@gz-demo.example",
                "Guangzhou Institute of Respiratory Health |  | CN",
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
                "University of Lagos |  | NG",
            ),
            (
                "Amaka Nwosu",
                "amaka.nwosu@ui-demo.example",
                "University College Hospital | Ibadan | NG",
            ),
        ],
    },
];

/// Submits one demo case exactly as the submit path does (number, timeline, e-mails) and
/// lets the assignment choose its handling editor.
pub(super) fn submit_demo_case(
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
            .map(|(name, email, affiliation)| {
                // The demo's names are all given names first and one-word family names.
                AuthorInput {
                    email: (*email).into(),
                    affiliations: demo_affiliations(affiliation),
                    ..Default::default()
                }
                .named(&crate::domain::NameParts::guessed(name))
            })
            .collect(),
        corresponding: 0,
        competing_interests: "none".into(),
        ai_use: "none".into(),
        ethics_statement: "Approved by the institutional review boards of the participating centres; written consent was obtained from patients or guardians.".into(),
        data_availability: "De-identified data are available from the corresponding author on reasonable request.".into(),
        funding: "None".into(),
        consent_for_publication: "Not applicable: the manuscript contains no individual person's data.".into(),
        authors_contributions: "The first author designed the study and wrote the manuscript; all authors collected and analysed the data, and read and approved the final manuscript.".into(),
        ..Default::default()
    };
    let id = store::insert_draft(conn, collection.id, submitter.id, None, &input)?;
    crate::workflow::submission::record_submission(conn, id, &collection, submitter.id)?;
    editorial::assign_handling_editor(conn, id, site)?;
    Ok(id)
}
