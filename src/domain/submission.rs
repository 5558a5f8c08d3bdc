//! What a submission must hold before it can be submitted, checked in one place.
//!
//! A draft may be saved with anything in it; [`SubmissionInput::check_for_submission`]
//! applies the collection's rules (open dates, accepted article types, topics, abstract
//! length) and the journal's (authors, declarations) and reports every problem at once,
//! each tied to its field.

use super::form_errors::FormErrors;
use super::revision_diff::{ListedAuthor, RoundMetadata};
use super::{EmailAddress, Orcid};

/// One author row as typed. `name` is the whole name as it should appear, built from the
/// parts (`NameParts::display`) whenever they are read from a form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorInput {
    pub name: String,
    pub given_names: String,
    pub family_name: String,
    /// `NameOrder`'s value: "given_first" or "family_first".
    pub name_order: String,
    /// The parts were guessed from a whole name stored before names had parts (migration
    /// 39), and nobody has saved them since: the form asks the author to check them.
    pub name_guessed: bool,
    pub email: String,
    /// The affiliation rows as typed; a row just added is blank until filled.
    pub affiliations: Vec<super::affiliation::Affiliation>,
    pub orcid: String,
    /// CRediT role slugs ticked (`domain::credit`).
    pub credit_roles: Vec<String>,
}

/// A suggested or opposed person as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonRefInput {
    pub name: String,
    pub email: String,
    pub reason: String,
}

/// The submission form as typed (also what a saved draft holds).
#[derive(Debug, Clone, Default)]
pub struct SubmissionInput {
    pub article_type: String,
    pub title: String,
    pub abstract_text: String,
    pub keywords: String,
    pub topics: Vec<String>,
    pub rare_cancer_type: String,
    pub authors: Vec<AuthorInput>,
    /// Index into `authors`.
    pub corresponding: usize,
    /// "none" or "declared"; empty means not answered.
    pub competing_interests: String,
    pub competing_interests_details: String,
    /// The declaration of generative AI use: "none" or "used" (`domain::ai_use`); empty
    /// means not answered.
    pub ai_use: String,
    pub ai_use_details: String,
    pub ethics_statement: String,
    pub consent_for_publication: String,
    pub data_availability: String,
    pub funding: String,
    /// The funders with their grant numbers (`domain::funders`), beside the words of
    /// `funding`.
    pub funders: Vec<super::funders::FunderInput>,
    pub authors_contributions: String,
    pub acknowledgements: String,
    /// The statements of the collection's checklist the author ticked, as they read.
    pub checklist_ticked: Vec<String>,
    pub cover_letter: String,
    pub suggested_reviewers: Vec<PersonRefInput>,
    pub opposed_reviewers: Vec<PersonRefInput>,
    pub opposed_editors: Vec<PersonRefInput>,
}

impl SubmissionInput {
    /// "Authors' contributions" as typed, or offered from the CRediT roles when empty.
    pub fn contributions_offered(&self) -> String {
        super::credit::offered(self)
    }

    /// The parts of the form in which `self` and `other` differ, by their labels on the
    /// form, ignoring spaces at either end and how an ORCID iD was written. Two versions of
    /// one draft are compared so: what a second tab changed, or nothing (a repeated press).
    /// Long because it is a table: a row a part of the form.
    pub fn differing_parts(&self, other: &SubmissionInput) -> Vec<&'static str> {
        let authors_same = self.authors.len() == other.authors.len()
            && self.corresponding == other.corresponding
            && self.authors.iter().zip(&other.authors).all(|(a, b)| {
                same_text(&a.name, &b.name)
                    && same_text(&a.given_names, &b.given_names)
                    && same_text(&a.family_name, &b.family_name)
                    && super::NameOrder::parse(&a.name_order)
                        == super::NameOrder::parse(&b.name_order)
                    && a.email.trim().eq_ignore_ascii_case(b.email.trim())
                    && super::affiliation::to_text(&a.affiliations)
                        == super::affiliation::to_text(&b.affiliations)
                    && same_orcid(&a.orcid, &b.orcid)
                    && super::credit::known(&a.credit_roles)
                        == super::credit::known(&b.credit_roles)
            });
        let mut topics = (self.topics.clone(), other.topics.clone());
        topics.0.sort();
        topics.1.sort();
        [
            (
                "Article type",
                same_text(&self.article_type, &other.article_type),
            ),
            ("Title", same_text(&self.title, &other.title)),
            (
                "Abstract",
                same_text(&self.abstract_text, &other.abstract_text),
            ),
            ("Keywords", same_text(&self.keywords, &other.keywords)),
            ("Topics", topics.0 == topics.1),
            (
                "Rare cancer type",
                same_text(&self.rare_cancer_type, &other.rare_cancer_type),
            ),
            ("Authors", authors_same),
            (
                "Competing interests",
                same_text(&self.competing_interests, &other.competing_interests)
                    && same_text(
                        &self.competing_interests_details,
                        &other.competing_interests_details,
                    ),
            ),
            (
                "Use of generative AI",
                super::ai_use::same(
                    (&self.ai_use, &self.ai_use_details),
                    (&other.ai_use, &other.ai_use_details),
                ),
            ),
            (
                "Ethics statement",
                same_text(&self.ethics_statement, &other.ethics_statement),
            ),
            (
                "Consent for publication",
                same_text(
                    &self.consent_for_publication,
                    &other.consent_for_publication,
                ),
            ),
            (
                "Data availability",
                same_text(&self.data_availability, &other.data_availability),
            ),
            ("Funding", same_text(&self.funding, &other.funding)),
            (
                "Funders",
                super::funders::same(&self.funders, &other.funders),
            ),
            (
                "Authors' contributions",
                same_text(&self.authors_contributions, &other.authors_contributions),
            ),
            (
                "Acknowledgements",
                same_text(&self.acknowledgements, &other.acknowledgements),
            ),
            ("Checklist", self.checklist_ticked == other.checklist_ticked),
            (
                "Cover letter",
                same_text(&self.cover_letter, &other.cover_letter),
            ),
            (
                "Suggested reviewers",
                same_people(&self.suggested_reviewers, &other.suggested_reviewers),
            ),
            (
                "Opposed reviewers",
                same_people(&self.opposed_reviewers, &other.opposed_reviewers),
            ),
            (
                "Opposed editors",
                same_people(&self.opposed_editors, &other.opposed_editors),
            ),
        ]
        .into_iter()
        .filter(|(_, same)| !same)
        .map(|(label, _)| label)
        .collect()
    }
}

/// The same text, but for spaces at either end.
fn same_text(a: &str, b: &str) -> bool {
    a.trim() == b.trim()
}

/// The same ORCID iD however it was written, or the same text when either is no iD.
fn same_orcid(a: &str, b: &str) -> bool {
    match (Orcid::parse(a), Orcid::parse(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => same_text(a, b),
    }
}

/// The same people in the same order, rows left empty ignored, addresses in any case.
fn same_people(a: &[PersonRefInput], b: &[PersonRefInput]) -> bool {
    let kept = |l: &[PersonRefInput]| -> Vec<(String, String, String)> {
        l.iter()
            .filter(|p| !(p.name.trim().is_empty() && p.email.trim().is_empty()))
            .map(|p| {
                let t = |s: &str| s.trim().to_owned();
                (t(&p.name), t(&p.email).to_lowercase(), t(&p.reason))
            })
            .collect()
    };
    kept(a) == kept(b)
}

/// The collection's rules a submission is checked against.
#[derive(Debug, Clone)]
pub struct CollectionRules<'a> {
    pub open_now: bool,
    pub closed_message: String,
    pub accepted_types: &'a [String],
    pub article_type_policy: &'a str,
    pub topics: &'a [String],
    pub abstract_word_limit: usize,
    /// The collection's checklist: every statement must be ticked.
    pub checklist: &'a [String],
}

/// An author whose details are valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAuthor {
    /// The name as it should appear, built from `parts`.
    pub name: String,
    pub parts: super::NameParts,
    pub email: EmailAddress,
    /// At least one, checked.
    pub affiliations: Vec<super::affiliation::Affiliation>,
    pub orcid: Option<Orcid>,
    pub is_corresponding: bool,
    /// CRediT role slugs, in the taxonomy's order.
    pub credit_roles: Vec<String>,
}

pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Keywords as typed, split on commas or semicolons.
pub fn keyword_list(keywords: &str) -> Vec<String> {
    keywords
        .split([',', ';'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

fn required(e: &mut FormErrors, field: &str, value: &str, message: &str, max_chars: usize) {
    let v = value.trim();
    if v.is_empty() {
        e.add(field, message);
    } else if v.chars().count() > max_chars {
        e.add(field, format!("Keep this under {max_chars} characters."));
    }
}

impl SubmissionInput {
    /// Checks every rule for submitting; `has_manuscript` says whether a manuscript file of
    /// an accepted type is attached for this round.
    pub fn check_for_submission(
        &self,
        rules: &CollectionRules<'_>,
        has_manuscript: bool,
    ) -> Result<Vec<ValidAuthor>, FormErrors> {
        let mut e = FormErrors::new();
        self.check_details(rules, &mut e);
        let authors = self.check_authors(&mut e);
        self.check_declarations(&mut e);
        super::funders::check(&self.funders, &mut e);
        self.check_checklist(rules.checklist, &mut e);
        self.check_people(&mut e);
        if !has_manuscript {
            e.add(
                "manuscript",
                "Attach the manuscript as a PDF or Word (DOCX) file.",
            );
        }
        if e.is_empty() { Ok(authors) } else { Err(e) }
    }

    /// Every statement of the collection's checklist ticked, as it reads now.
    fn check_checklist(&self, checklist: &[String], e: &mut FormErrors) {
        let missing: Vec<&String> = checklist
            .iter()
            .filter(|s| !self.checklist_ticked.iter().any(|t| t.trim() == s.as_str()))
            .collect();
        if let Some(first) = missing.first() {
            let more = match missing.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            e.add(
                "checklist",
                format!("Tick every statement of the checklist before submitting: “{first}” is not ticked{more}."),
            );
        }
    }

    /// The collection open, and the manuscript's description: article type, title,
    /// abstract, keywords, topics and rare cancer type.
    fn check_details(&self, rules: &CollectionRules<'_>, e: &mut FormErrors) {
        if !rules.open_now {
            e.add("collection", rules.closed_message.clone());
        }
        let article_type = self.article_type.trim();
        if article_type.is_empty() {
            e.add("article_type", "Choose the article type.");
        } else if !rules.accepted_types.iter().any(|t| t == article_type) {
            e.add(
                "article_type",
                format!(
                    "{} This collection accepts: {}.",
                    rules.article_type_policy,
                    rules.accepted_types.join(", ")
                ),
            );
        }
        self.check_description(rules.abstract_word_limit, e);
        if self.topics.is_empty() {
            e.add("topics", "Choose at least one of the collection's topics.");
        } else if let Some(unknown) = self.topics.iter().find(|t| !rules.topics.contains(t)) {
            e.add(
                "topics",
                format!("“{unknown}” is not one of this collection's topics."),
            );
        }
        required(
            e,
            "rare_cancer_type",
            &self.rare_cancer_type,
            "Name the rare cancer type your study is about.",
            200,
        );
    }

    /// Title, abstract (within the collection's word limit) and keywords.
    fn check_description(&self, abstract_word_limit: usize, e: &mut FormErrors) {
        required(
            e,
            "title",
            &self.title,
            "Enter the title of your manuscript.",
            500,
        );
        let words = word_count(&self.abstract_text);
        if words == 0 {
            e.add("abstract_text", "Enter the abstract.");
        } else if words > abstract_word_limit {
            e.add(
                "abstract_text",
                format!("The abstract has {words} words; the limit is {abstract_word_limit}."),
            );
        }
        let keywords = keyword_list(&self.keywords);
        if keywords.is_empty() {
            e.add(
                "keywords",
                "Enter at least one keyword, separated by commas.",
            );
        } else if keywords.len() > 10 {
            e.add("keywords", "Enter at most 10 keywords.");
        }
    }

    /// What a revised version may correct (issue 20 item 6), checked by the rules of the
    /// first submission: title, abstract and keywords, the authors, the declarations. The
    /// rest of the form (collection, type, topics, reviewers) stays as submitted.
    pub fn check_for_revision(
        &self,
        abstract_word_limit: usize,
    ) -> Result<RoundMetadata, FormErrors> {
        let mut e = FormErrors::new();
        self.check_description(abstract_word_limit, &mut e);
        let authors = self.check_authors(&mut e);
        self.check_declarations(&mut e);
        let funders = super::funders::check(&self.funders, &mut e);
        if !e.is_empty() {
            return Err(e);
        }
        Ok(RoundMetadata {
            title: self.title.trim().to_owned(),
            abstract_text: self.abstract_text.trim().to_owned(),
            keywords: self.keywords.trim().to_owned(),
            authors: authors
                .into_iter()
                .map(|a| ListedAuthor {
                    name: a.name,
                    given_names: a.parts.given,
                    family_name: a.parts.family,
                    name_order: a.parts.order.as_str().to_owned(),
                    email: a.email.as_str().to_owned(),
                    affiliation: super::affiliation::display_line(&a.affiliations),
                    affiliations: a.affiliations,
                    orcid: a.orcid.map(|o| o.as_str().to_owned()).unwrap_or_default(),
                    corresponding: a.is_corresponding,
                    credit_roles: a.credit_roles,
                })
                .collect(),
            competing_interests: self.competing_interests.clone(),
            competing_interests_details: self.competing_interests_details.trim().to_owned(),
            ai_use: self.ai_use.clone(),
            ai_use_details: self.ai_use_details.trim().to_owned(),
            ethics_statement: self.ethics_statement.trim().to_owned(),
            consent_for_publication: self.consent_for_publication.trim().to_owned(),
            data_availability: self.data_availability.trim().to_owned(),
            funding: self.funding.trim().to_owned(),
            funders,
            authors_contributions: self.authors_contributions.trim().to_owned(),
            acknowledgements: self.acknowledgements.trim().to_owned(),
        })
    }

    /// The declarations: competing interests, ethics, data, funding, and the cover letter.
    fn check_declarations(&self, e: &mut FormErrors) {
        match self.competing_interests.as_str() {
            "none" => {}
            "declared" => required(
                e,
                "competing_interests_details",
                &self.competing_interests_details,
                "Describe the competing interests you declare.",
                5000,
            ),
            _ => e.add(
                "competing_interests",
                "Answer the competing-interests question; “none” is an answer too.",
            ),
        }
        super::ai_use::check(&self.ai_use, &self.ai_use_details, e);
        required(
            e,
            "ethics_statement",
            &self.ethics_statement,
            "State the ethics approval and consent (or why they were not needed).",
            5000,
        );
        required(
            e,
            "consent_for_publication",
            &self.consent_for_publication,
            "State the consent for publication, or write “Not applicable”.",
            5000,
        );
        required(
            e,
            "data_availability",
            &self.data_availability,
            "State where the data can be found, or why they cannot be shared.",
            5000,
        );
        required(
            e,
            "funding",
            &self.funding,
            "State the funding, or write “None”.",
            5000,
        );
        required(
            e,
            "authors_contributions",
            &self.authors_contributions,
            "Say what each author contributed (initials will do).",
            5000,
        );
        if self.acknowledgements.chars().count() > 5000 {
            e.add("acknowledgements", "Keep this under 5000 characters.");
        }
        if self.cover_letter.chars().count() > 20_000 {
            e.add(
                "cover_letter",
                "Keep the cover letter under 20,000 characters.",
            );
        }
    }

    /// The suggested reviewers (name and address) and the opposed people (name and reason).
    fn check_people(&self, e: &mut FormErrors) {
        for (i, s) in self.suggested_reviewers.iter().enumerate() {
            if s.name.trim().is_empty() || EmailAddress::parse(&s.email).is_err() {
                e.add(
                    field_name("suggested", i),
                    "Give each suggested reviewer's name and a valid e-mail address.",
                );
            }
        }
        for (kind, list) in [
            ("opposed_reviewer", &self.opposed_reviewers),
            ("opposed_editor", &self.opposed_editors),
        ] {
            for (i, o) in list.iter().enumerate() {
                if o.name.trim().is_empty() || o.reason.trim().is_empty() {
                    e.add(
                        field_name(kind, i),
                        "Give the name of each person you oppose and your reason.",
                    );
                }
            }
        }
    }
}

/// The form field of author `i`'s `part` (`author_email_2`): where its error is shown.
pub fn author_field(part: &str, i: usize) -> String {
    format!("author_{part}_{i}")
}

fn field_name(kind: &str, i: usize) -> String {
    format!("{kind}_name_{i}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::NameParts;

    fn uni() -> crate::domain::affiliation::Affiliation {
        crate::domain::affiliation::Affiliation {
            institution: "University of Ghana".into(),
            city: "Accra".into(),
            country: "GH".into(),
            ror: String::new(),
        }
    }

    fn rules<'a>(types: &'a [String], topics: &'a [String]) -> CollectionRules<'a> {
        CollectionRules {
            open_now: true,
            closed_message: "This collection closed to submissions on 31 December 2027.".into(),
            accepted_types: types,
            article_type_policy: "BMC Cancer is not considering case reports.",
            topics,
            abstract_word_limit: 10,
            checklist: &[],
        }
    }

    fn complete() -> SubmissionInput {
        SubmissionInput {
            article_type: "Research Article".into(),
            title: "Outcomes of retinoblastoma".into(),
            abstract_text: "A short abstract of seven words here.".into(),
            keywords: "retinoblastoma, outcomes".into(),
            topics: vec!["Rare cancer types".into()],
            rare_cancer_type: "Retinoblastoma".into(),
            authors: vec![
                AuthorInput {
                    email: "ada@uni.example".into(),
                    affiliations: vec![uni()],
                    ..Default::default()
                }
                .named(&NameParts::guessed("Ada Osei")),
                AuthorInput {
                    email: "ben@uni.example".into(),
                    affiliations: vec![uni()],
                    orcid: "0000-0002-1825-0097".into(),
                    ..Default::default()
                }
                .named(&NameParts::guessed("Ben Mol")),
            ],
            corresponding: 0,
            competing_interests: "none".into(),
            ai_use: "none".into(),
            ethics_statement: "Approved by the ethics board.".into(),
            consent_for_publication: "Not applicable.".into(),
            data_availability: "On request.".into(),
            funding: "None".into(),
            authors_contributions: "AO and BM designed the study and wrote the manuscript.".into(),
            ..Default::default()
        }
    }

    #[test]
    fn every_statement_of_the_checklist_must_be_ticked_as_it_reads_now() {
        let types = vec!["Research Article".to_owned()];
        let topics = vec!["Rare cancer types".to_owned()];
        let checklist = vec![
            "Not under consideration elsewhere.".to_owned(),
            "All authors agree.".to_owned(),
        ];
        let mut r = rules(&types, &topics);
        r.checklist = &checklist;
        let mut s = complete();
        s.checklist_ticked = vec!["All authors agree.".into(), "An old statement.".into()];
        let e = s.check_for_submission(&r, true).unwrap_err();
        assert_eq!(
            e.get("checklist"),
            Some(
                "Tick every statement of the checklist before submitting: “Not under consideration elsewhere.” is not ticked."
            )
        );
        s.checklist_ticked.clear();
        let e = s.check_for_submission(&r, true).unwrap_err();
        assert!(e.get("checklist").unwrap().ends_with("(and 1 more)."));
        s.checklist_ticked = checklist.clone();
        assert!(s.check_for_submission(&r, true).is_ok());
    }

    #[test]
    fn the_bmc_declarations_are_required_but_acknowledgements() {
        let types = vec!["Research Article".to_owned()];
        let topics = vec!["Rare cancer types".to_owned()];
        let mut s = complete();
        s.consent_for_publication = " ".into();
        s.authors_contributions.clear();
        let e = s
            .check_for_submission(&rules(&types, &topics), true)
            .unwrap_err();
        assert!(e.has("consent_for_publication"));
        assert!(e.has("authors_contributions"));
        assert!(!e.has("acknowledgements"));
    }

    #[test]
    fn a_complete_submission_passes() {
        let types = vec!["Research Article".to_owned()];
        let topics = vec!["Rare cancer types".to_owned()];
        let authors = complete()
            .check_for_submission(&rules(&types, &topics), true)
            .unwrap();
        assert_eq!(authors.len(), 2);
        assert!(authors[0].is_corresponding && !authors[1].is_corresponding);
        assert_eq!(
            authors[1].orcid.as_ref().unwrap().as_str(),
            "0000-0002-1825-0097"
        );
    }

    #[test]
    fn case_reports_are_refused_with_the_collections_reason() {
        let types = vec!["Research Article".to_owned()];
        let topics = vec!["Rare cancer types".to_owned()];
        let mut s = complete();
        s.article_type = "Case Report".into();
        let e = s
            .check_for_submission(&rules(&types, &topics), true)
            .unwrap_err();
        assert_eq!(
            e.get("article_type"),
            Some(
                "BMC Cancer is not considering case reports. This collection accepts: Research Article."
            )
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let types = vec!["Research Article".to_owned()];
        let topics = vec!["Rare cancer types".to_owned()];
        let mut s = complete();
        s.title = "  ".into();
        s.competing_interests.clear();
        s.ai_use = "used".into();
        s.authors[1].orcid = "0000-0002-1825-0098".into();
        s.authors[1].email = "ada@uni.example".into();
        s.abstract_text = "one two three four five six seven eight nine ten eleven".into();
        s.topics = vec!["Astronomy".into()];
        s.opposed_editors = vec![PersonRefInput {
            name: "X".into(),
            email: String::new(),
            reason: String::new(),
        }];
        let mut r = rules(&types, &topics);
        r.open_now = false;
        let e = s.check_for_submission(&r, false).unwrap_err();
        for field in [
            "collection",
            "title",
            "competing_interests",
            "ai_use_details",
            "author_orcid_1",
            "author_email_1",
            "abstract_text",
            "topics",
            "opposed_editor_name_0",
            "manuscript",
        ] {
            assert!(e.has(field), "{field} should have an error: {:?}", e.all());
        }
        assert!(
            e.get("abstract_text")
                .unwrap()
                .contains("11 words; the limit is 10")
        );
    }

    #[test]
    fn two_authors_cannot_share_an_orcid() {
        let types = vec!["Research Article".to_owned()];
        let topics = vec!["Rare cancer types".to_owned()];
        let mut s = complete();
        // The same iD, typed two ways.
        s.authors[0].orcid = "https://orcid.org/0000-0002-1825-0097".into();
        s.authors[1].orcid = "0000-0002-1825-0097".into();
        let e = s
            .check_for_submission(&rules(&types, &topics), true)
            .unwrap_err();
        assert_eq!(
            e.get("author_orcid_1"),
            Some(
                "Author 2: this ORCID iD is already given for author 1; each author has their own."
            )
        );
        assert!(!e.has("author_orcid_0"));
    }

    #[test]
    fn declared_interests_need_details() {
        let types = vec!["Research Article".to_owned()];
        let topics = vec!["Rare cancer types".to_owned()];
        let mut s = complete();
        s.competing_interests = "declared".into();
        let e = s
            .check_for_submission(&rules(&types, &topics), true)
            .unwrap_err();
        assert!(e.has("competing_interests_details"));
    }

    #[test]
    fn a_revision_is_checked_by_the_first_submissions_rules_for_what_it_may_change() {
        let mut s = complete();
        // Topics and the collection's dates are not the revision's business.
        s.topics.clear();
        s.title = "  Outcomes of retinoblastoma in Ghana ".into();
        let m = s.check_for_revision(10).unwrap();
        assert_eq!(m.title, "Outcomes of retinoblastoma in Ghana");
        assert_eq!(m.authors.len(), 2);
        assert!(m.authors[0].corresponding);
        s.title.clear();
        s.authors[1].email = "not an address".into();
        s.funding.clear();
        let e = s.check_for_revision(3).unwrap_err();
        for field in ["title", "abstract_text", "author_email_1", "funding"] {
            assert!(e.has(field), "{field} should have an error: {:?}", e.all());
        }
        assert!(!e.has("topics"));
    }

    #[test]
    fn an_empty_family_name_is_refused_at_its_field_and_the_parts_are_carried() {
        let mut s = complete();
        s.authors[1].given_names = "María José".into();
        s.authors[1].family_name = " ".into();
        let e = s.check_for_revision(10).unwrap_err();
        assert!(
            e.get("author_family_name_1")
                .unwrap()
                .starts_with("Author 2: Enter the family name")
        );
        s.authors[1].family_name = "García López".into();
        let m = s.check_for_revision(10).unwrap();
        assert_eq!(m.authors[1].family_name, "García López");
        assert_eq!(m.authors[1].given_names, "María José");
        assert_eq!(m.authors[1].name, "María José García López");
    }

    #[test]
    fn keywords_split_on_commas_and_semicolons() {
        assert_eq!(keyword_list(" a, b;c ,, "), vec!["a", "b", "c"]);
    }
}
