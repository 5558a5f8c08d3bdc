//! The seed collection loaded on first start: BMC Cancer's "Rare cancers" collection.
//!
//! Facts (names, affiliations, topics, the definition, the article-type rule and the
//! competing-interests statement) come from the journal's collection page; the descriptive
//! sentences are our own. Everything here is ordinary data, editable by the editor-in-chief.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::accounts::{self, NewPerson};
use super::collections;
use super::events::{self, NewEvent, Subject};
use super::{DbConnection, facts, roles};
use crate::domain::Role;
use crate::domain::collection::{Blinding, CollectionFields};

pub const JOURNAL_NAME: &str = "BMC Cancer";
pub const COLLECTION_SLUG: &str = "rare-cancers";
/// BMC Cancer's electronic ISSN and its publisher, for the metadata exports.
pub const JOURNAL_ISSN: &str = "1471-2407";
pub const JOURNAL_PUBLISHER: &str = "BioMed Central";
/// The Crossmark policy page BMC's (Springer Nature's) journals deposit with their articles.
pub const JOURNAL_CROSSMARK_POLICY: &str = "10.1007/springer_crossmark_policy";

pub struct SeedPerson {
    pub name: &'static str,
    pub email: &'static str,
    pub affiliation: &'static str,
    pub bio: &'static str,
}

/// The collection's two Guest Editors. Addresses use the reserved `.example` domain so that
/// nothing is ever sent to a real person by accident; the institutional part is kept so the
/// conflict rules can match institutions.
pub const GUEST_EDITORS: [SeedPerson; 2] = [
    SeedPerson {
        name: "Atif A. Ahmed",
        email: "atif.ahmed@seattlechildrens.example",
        affiliation: "University of Washington, Seattle Children's Hospital, USA",
        bio: "Atif A. Ahmed, MD, is a professor of pediatric pathology at Seattle Children's Hospital. \
              Trained in pathology in the United States and board-certified in anatomic, clinical and \
              pediatric pathology, he has worked in academic medicine for over twenty years. His research \
              covers childhood tumours, bone pathology and the biology of pediatric cancer, and he has \
              written more than a hundred articles, book chapters and abstracts. He belongs to the \
              Children's Oncology Group, the American Association for Cancer Research, the American \
              Society of Human Genetics and the College of American Pathologists.",
    },
    SeedPerson {
        name: "Bruna Samia Dalmasso",
        email: "bruna.dalmasso@hsanmartino.example",
        affiliation: "IRCCS Ospedale Policlinico San Martino, Italy",
        bio: "Bruna Samia Dalmasso, MD, PhD, is a medical consultant in the Genetics of Rare Cancers Unit \
              of IRCCS Ospedale Policlinico San Martino in Genoa. She studied medicine at the University \
              of Genoa, specialised in internal medicine and then took a doctorate in cancer genetics. \
              She studies inherited factors that raise cancer risk and how germline variants shape the \
              course of a tumour and its response to treatment, above all in melanoma, pancreatic cancer \
              and rare cancers.",
    },
];

pub fn rare_cancers_fields() -> CollectionFields {
    CollectionFields {
        title: "Rare cancers".into(),
        slug: COLLECTION_SLUG.into(),
        manuscript_prefix: "RC".into(),
        summary: "Original research on cancers with fewer than six cases per 100,000 people a year: \
                  their diagnosis, treatment, biology and outcomes."
            .into(),
        definition: "A rare cancer is one with fewer than six cases per 100,000 people per year.".into(),
        about: "Each rare cancer affects few people, so each has few clinical trials and little data to \
                lean on, and diagnosing or treating it with confidence is hard. Taken together, though, \
                rare cancers make up a large share of all cancers. This BMC Cancer collection brings \
                together original research on them, from how often they occur and why, to how they are \
                detected, understood at the molecular level and treated."
            .into(),
        guidelines: "This collection accepts original Research Articles. When you submit, choose \
                     “Rare cancers” from the collection list on the submission form. Submissions go \
                     through the journal's standard peer review and follow all of its editorial \
                     policies. Accepted articles join the collection as soon as they are published."
            .into(),
        article_type_policy: "BMC Cancer is not considering case reports.".into(),
        competing_interests_statement: "The Editors have no competing interests with the submissions which \
                                        they handle through the peer review process. The peer review of any \
                                        submissions for which the Editors have competing interests is handled \
                                        by another Editorial Board Member who has no competing interests."
            .into(),
        opens_on: NaiveDate::from_ymd_opt(2024, 1, 15).unwrap_or_default(),
        closes_on: NaiveDate::from_ymd_opt(2027, 12, 31),
        blinding: Blinding::Single,
        review_due_days: 14,
        abstract_word_limit: 350,
        licence: crate::domain::licence::Licence::CcBy4,
        topics: [
            "Rare cancer types",
            "Incidence, prevalence and factors contributing to the development of rare cancers",
            "Innovative approaches and diagnostic tools for early detection and accurate diagnosis",
            "Novel treatment modalities, targeted therapies, immunotherapies and precision medicine",
            "Genetic and molecular underpinnings of rare cancers",
            "Findings from clinical trials and translational research",
        ]
        .map(String::from)
        .to_vec(),
        article_types: vec!["Research Article".into()],
        // The collection page states no checklist; the editor-in-chief may add one.
        checklist: Vec::new(),
        require_author_confirmation: false,
        share_reviews_with_reviewers: false,
        decisions_confirmed: false,
    }
}

/// Loads the seed collection unless this database already has it. Returns whether it ran.
pub fn ensure_seeded(conn: &mut DbConnection) -> QueryResult<bool> {
    crate::db::write_transaction(conn, |conn| {
        if !facts::record_once(conn, facts::SEEDED, "rare-cancers")? {
            return Ok(false);
        }
        let journal = match collections::find_journal_by_name(conn, JOURNAL_NAME)? {
            Some(j) => j,
            None => {
                let j = collections::insert_journal(conn, JOURNAL_NAME, 2001, "10.1186")?;
                collections::set_journal_identity(conn, j.id, JOURNAL_ISSN, JOURNAL_PUBLISHER)?;
                collections::set_crossmark_policy(conn, j.id, JOURNAL_CROSSMARK_POLICY)?
            }
        };
        let collection = collections::insert_collection(conn, journal.id, &rare_cancers_fields())?;
        for editor in &GUEST_EDITORS {
            let person = match accounts::find_person_by_email(conn, editor.email)? {
                Some(p) => p,
                None => accounts::insert_person(
                    conn,
                    &NewPerson {
                        name: editor.name,
                        email: editor.email,
                        affiliation: editor.affiliation,
                        orcid: None,
                        bio: &editor.bio.split_whitespace().collect::<Vec<_>>().join(" "),
                    },
                )?,
            };
            roles::grant(
                conn,
                person.id,
                Role::GuestEditor,
                None,
                Some(collection.id),
                None,
            )?;
        }
        events::record(
            conn,
            NewEvent::new(
                None,
                Subject::Collection(collection.id),
                "collection.seeded",
                "Seed collection loaded",
            ),
        )?;
        Ok(true)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_collection_is_valid_input() {
        let fields = rare_cancers_fields();
        let reparsed = crate::domain::collection::CollectionInput::from(&fields).parse();
        assert!(reparsed.is_ok(), "{:?}", reparsed.err());
        assert_eq!(fields.topics.len(), 6);
        assert_eq!(fields.article_types, vec!["Research Article"]);
    }
}
