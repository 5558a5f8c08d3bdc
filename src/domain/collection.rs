//! What a collection record must hold to be valid.

use chrono::NaiveDate;

use super::form_errors::FormErrors;
use super::licence::Licence;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blinding {
    /// Authors never learn who reviewed; reviewers see the authors.
    Single,
    /// Neither side sees the other.
    Double,
}

impl Blinding {
    pub fn as_str(self) -> &'static str {
        match self {
            Blinding::Single => "single",
            Blinding::Double => "double",
        }
    }

    pub fn parse(s: &str) -> Result<Blinding, &'static str> {
        match s {
            "single" => Ok(Blinding::Single),
            "double" => Ok(Blinding::Double),
            _ => Err("Choose single-blind or double-blind review."),
        }
    }
}

/// The article types a journal system offers; a collection accepts some of them.
pub const ARTICLE_TYPES: [&str; 6] = [
    "Research Article",
    "Case Report",
    "Review",
    "Study Protocol",
    "Technical Advance",
    "Database",
];

/// A collection record as typed into the editor-in-chief's form (every field a string).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct CollectionInput {
    pub title: String,
    pub slug: String,
    pub manuscript_prefix: String,
    pub summary: String,
    pub definition: String,
    pub about: String,
    pub guidelines: String,
    pub article_type_policy: String,
    pub competing_interests_statement: String,
    pub opens_on: String,
    pub closes_on: String,
    pub blinding: String,
    pub review_due_days: String,
    pub abstract_word_limit: String,
    /// The SPDX code of the licence articles are published under; empty means the default
    /// (CC BY 4.0).
    pub licence: String,
    /// One topic per line.
    pub topics: String,
    /// Accepted article types, one per line.
    pub article_types: String,
    /// The submission checklist: statements the submitting author must tick, one per line.
    pub checklist: String,
    /// A ticked checkbox ("on"): review waits until every co-author has confirmed.
    pub require_author_confirmation: String,
    /// A ticked checkbox ("on"): the reviewers' thank-you quotes the other reviews.
    pub share_reviews_with_reviewers: String,
    /// A ticked checkbox ("on"): decisions are recommendations until confirmed.
    pub decisions_confirmed: String,
}

/// A valid collection record.
#[derive(Debug, Clone)]
pub struct CollectionFields {
    pub title: String,
    pub slug: String,
    pub manuscript_prefix: String,
    pub summary: String,
    pub definition: String,
    pub about: String,
    pub guidelines: String,
    pub article_type_policy: String,
    pub competing_interests_statement: String,
    pub opens_on: NaiveDate,
    pub closes_on: Option<NaiveDate>,
    pub blinding: Blinding,
    pub review_due_days: i32,
    pub abstract_word_limit: i32,
    pub licence: Licence,
    pub topics: Vec<String>,
    pub article_types: Vec<String>,
    /// Statements the submitting author must tick before submitting (may be none).
    pub checklist: Vec<String>,
    /// Reviewers may be invited only once every co-author has confirmed their authorship.
    pub require_author_confirmation: bool,
    /// The thank-you each reviewer gets after a decision quotes the other reviewers'
    /// comments to the authors, as "Reviewer N" (never confidential comments, never names).
    pub share_reviews_with_reviewers: bool,
    /// The handling editor recommends; the editor-in-chief (or a guest editor, for a board
    /// member's recommendation) confirms, edits or returns it before the letter goes out.
    pub decisions_confirmed: bool,
}

fn lines(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(line)) {
            out.push(line.to_owned());
        }
    }
    out
}

fn required(
    errors: &mut FormErrors,
    field: &'static str,
    value: &str,
    what: &str,
    max: usize,
) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.add(field, format!("Enter {what}."));
    } else if v.chars().count() > max {
        errors.add(field, format!("Keep {what} under {max} characters."));
    }
    v.to_owned()
}

fn date(errors: &mut FormErrors, field: &str, value: &str) -> Option<NaiveDate> {
    match NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(field, "Enter a date as YYYY-MM-DD.");
            None
        }
    }
}

fn number(errors: &mut FormErrors, field: &str, value: &str, min: i32, max: i32) -> i32 {
    match value.trim().parse::<i32>() {
        Ok(n) if (min..=max).contains(&n) => n,
        _ => {
            errors.add(field, format!("Enter a whole number from {min} to {max}."));
            min
        }
    }
}

/// Whether `code` is 1 to `max` characters, each one that `allowed` takes.
fn is_code(code: &str, max: usize, allowed: impl Fn(char) -> bool) -> bool {
    !code.is_empty() && code.len() <= max && code.chars().all(allowed)
}

/// A slug for the collection's address: lower-case letters, digits and inner hyphens.
fn slug(errors: &mut FormErrors, value: &str) -> String {
    let slug = value.trim().to_lowercase();
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    if !is_code(&slug, 80, allowed) || slug.starts_with('-') || slug.ends_with('-') {
        errors.add(
            "slug",
            "Use lower-case letters, digits and hyphens, e.g. rare-cancers.",
        );
    }
    slug
}

/// The prefix of the collection's manuscript numbers: 1 to 8 capitals or digits.
fn manuscript_prefix(errors: &mut FormErrors, value: &str) -> String {
    let prefix = value.trim().to_uppercase();
    if !is_code(&prefix, 8, |c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
        errors.add(
            "manuscript_prefix",
            "Use 1 to 8 capital letters or digits, e.g. RC.",
        );
    }
    prefix
}

/// The opening date, and the closing date if one is given (not before the opening).
fn open_dates(
    errors: &mut FormErrors,
    opens: &str,
    closes: &str,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let opens_on = date(errors, "opens_on", opens);
    let closes_on = if closes.trim().is_empty() {
        None
    } else {
        date(errors, "closes_on", closes)
    };
    if let (Some(o), Some(c)) = (opens_on, closes_on)
        && c < o
    {
        errors.add(
            "closes_on",
            "The closing date must be on or after the opening date.",
        );
    }
    (opens_on, closes_on)
}

/// The topics, one per line: at least one, each under 300 characters.
fn topics(errors: &mut FormErrors, value: &str) -> Vec<String> {
    let topics = lines(value);
    if topics.is_empty() {
        errors.add("topics", "List at least one topic, one per line.");
    } else if topics.iter().any(|t| t.chars().count() > 300) {
        errors.add("topics", "Keep each topic under 300 characters.");
    }
    topics
}

/// The most statements a checklist may have: each is a tick the author must make.
pub const MAX_CHECKLIST: usize = 12;

/// The submission checklist, one statement per line; none at all is allowed.
fn checklist(errors: &mut FormErrors, value: &str) -> Vec<String> {
    let statements = lines(value);
    if statements.len() > MAX_CHECKLIST {
        errors.add(
            "checklist",
            format!(
                "Keep the checklist to {MAX_CHECKLIST} statements; it has {}.",
                statements.len()
            ),
        );
    } else if statements.iter().any(|t| t.chars().count() > 300) {
        errors.add("checklist", "Keep each statement under 300 characters.");
    }
    statements
}

/// The accepted article types, one per line, each one of [`ARTICLE_TYPES`].
fn article_types(errors: &mut FormErrors, value: &str) -> Vec<String> {
    let article_types = lines(value);
    if article_types.is_empty() {
        errors.add("article_types", "List at least one accepted article type.");
    } else if let Some(unknown) = article_types
        .iter()
        .find(|t| !ARTICLE_TYPES.contains(&t.as_str()))
    {
        errors.add(
            "article_types",
            format!(
                "“{unknown}” is not an article type; use: {}.",
                ARTICLE_TYPES.join(", ")
            ),
        );
    }
    article_types
}

impl CollectionInput {
    /// Checks every field, collecting all problems at once.
    pub fn parse(&self) -> Result<CollectionFields, FormErrors> {
        let mut e = FormErrors::new();
        let title = required(&mut e, "title", &self.title, "a title", 200);
        let slug = slug(&mut e, &self.slug);
        let manuscript_prefix = manuscript_prefix(&mut e, &self.manuscript_prefix);
        let summary = required(&mut e, "summary", &self.summary, "a one-line summary", 400);
        let definition = self.definition.trim().to_owned();
        let about = required(
            &mut e,
            "about",
            &self.about,
            "the text about the collection",
            10_000,
        );
        let guidelines = required(
            &mut e,
            "guidelines",
            &self.guidelines,
            "the submission guidelines",
            10_000,
        );
        let article_type_policy = required(
            &mut e,
            "article_type_policy",
            &self.article_type_policy,
            "the reason given for refused article types",
            1_000,
        );
        let competing_interests_statement = required(
            &mut e,
            "competing_interests_statement",
            &self.competing_interests_statement,
            "the competing-interests statement",
            5_000,
        );
        let (opens_on, closes_on) = open_dates(&mut e, &self.opens_on, &self.closes_on);
        let blinding = e.check("blinding", Blinding::parse(self.blinding.trim()));
        let review_due_days = number(&mut e, "review_due_days", &self.review_due_days, 1, 365);
        let abstract_word_limit = number(
            &mut e,
            "abstract_word_limit",
            &self.abstract_word_limit,
            50,
            5000,
        );
        let licence = if self.licence.trim().is_empty() {
            Some(Licence::default())
        } else {
            e.check("licence", Licence::parse(&self.licence))
        };
        let topics = topics(&mut e, &self.topics);
        let article_types = article_types(&mut e, &self.article_types);
        let checklist = checklist(&mut e, &self.checklist);
        match (e.is_empty(), opens_on, blinding, licence) {
            (true, Some(opens_on), Some(blinding), Some(licence)) => Ok(CollectionFields {
                title,
                slug,
                manuscript_prefix,
                summary,
                definition,
                about,
                guidelines,
                article_type_policy,
                competing_interests_statement,
                opens_on,
                closes_on,
                blinding,
                review_due_days,
                abstract_word_limit,
                licence,
                topics,
                article_types,
                checklist,
                require_author_confirmation: !self.require_author_confirmation.trim().is_empty(),
                share_reviews_with_reviewers: !self.share_reviews_with_reviewers.trim().is_empty(),
                decisions_confirmed: !self.decisions_confirmed.trim().is_empty(),
            }),
            _ => Err(e),
        }
    }
}

impl From<&CollectionFields> for CollectionInput {
    fn from(f: &CollectionFields) -> Self {
        CollectionInput {
            title: f.title.clone(),
            slug: f.slug.clone(),
            manuscript_prefix: f.manuscript_prefix.clone(),
            summary: f.summary.clone(),
            definition: f.definition.clone(),
            about: f.about.clone(),
            guidelines: f.guidelines.clone(),
            article_type_policy: f.article_type_policy.clone(),
            competing_interests_statement: f.competing_interests_statement.clone(),
            opens_on: f.opens_on.format("%Y-%m-%d").to_string(),
            closes_on: f
                .closes_on
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            blinding: f.blinding.as_str().to_owned(),
            review_due_days: f.review_due_days.to_string(),
            abstract_word_limit: f.abstract_word_limit.to_string(),
            licence: f.licence.code().to_owned(),
            topics: f.topics.join("\n"),
            article_types: f.article_types.join("\n"),
            checklist: f.checklist.join("\n"),
            require_author_confirmation: if f.require_author_confirmation {
                "on".into()
            } else {
                String::new()
            },
            share_reviews_with_reviewers: if f.share_reviews_with_reviewers {
                "on".into()
            } else {
                String::new()
            },
            decisions_confirmed: if f.decisions_confirmed {
                "on".into()
            } else {
                String::new()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> CollectionInput {
        CollectionInput {
            title: "Rare cancers".into(),
            slug: "rare-cancers".into(),
            manuscript_prefix: "rc".into(),
            summary: "s".into(),
            about: "a".into(),
            guidelines: "g".into(),
            article_type_policy: "p".into(),
            competing_interests_statement: "c".into(),
            opens_on: "2024-01-01".into(),
            blinding: "single".into(),
            review_due_days: "14".into(),
            abstract_word_limit: "350".into(),
            topics: "One\n\n one \nTwo".into(),
            article_types: "Research Article".into(),
            ..Default::default()
        }
    }

    #[test]
    fn parses_and_normalises() {
        let f = valid().parse().unwrap();
        assert_eq!(f.manuscript_prefix, "RC");
        assert_eq!(f.topics, vec!["One", "Two"]);
        assert_eq!(f.closes_on, None);
        assert_eq!(f.licence, Licence::CcBy4, "CC BY 4.0 unless chosen");
    }

    #[test]
    fn collects_every_problem() {
        let mut i = valid();
        i.title.clear();
        i.slug = "Rare Cancers".into();
        i.closes_on = "2023-01-01".into();
        i.article_types = "Letter".into();
        i.licence = "All rights reserved".into();
        let e = i.parse().unwrap_err();
        for field in ["title", "slug", "closes_on", "article_types", "licence"] {
            assert!(e.has(field), "{field} should have an error");
        }
    }
}
