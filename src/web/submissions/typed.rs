//! The submission form as it was sent: its fields read back, the button pressed, and the
//! row buttons (add, remove, move an author or a reviewer) applied to what was typed.

use crate::db::guard::ReadAt;
use crate::domain::NameOrder;
use crate::domain::affiliation::{Affiliation, MOST_PER_AUTHOR, affiliation_field};
use crate::domain::funders::{FunderInput, funder_field};
use crate::domain::submission::{AuthorInput, PersonRefInput, SubmissionInput, author_field};
use crate::security::token;
use crate::web::multipart::FormParts;

/// A button of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FormAction {
    Save,
    /// "Review before submitting": checked and saved, then the review page.
    Review,
    Submit,
    AddAuthor,
    RemoveAuthor(usize),
    AuthorUp(usize),
    AuthorDown(usize),
    /// Another affiliation row for author i.
    AddAffiliation(usize),
    /// Affiliation j of author i: (i, j).
    RemoveAffiliation(usize, usize),
    AddRef(RefKind),
    AddFunder,
    RemoveFunder(usize),
    RemoveRef(RefKind, usize),
    RemoveFile(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefKind {
    Suggested,
    OpposedReviewer,
    OpposedEditor,
}

impl RefKind {
    const ALL: [RefKind; 3] = [
        RefKind::Suggested,
        RefKind::OpposedReviewer,
        RefKind::OpposedEditor,
    ];

    fn prefix(self) -> &'static str {
        match self {
            RefKind::Suggested => "suggested",
            RefKind::OpposedReviewer => "opposed_reviewer",
            RefKind::OpposedEditor => "opposed_editor",
        }
    }

    fn list(self, input: &mut SubmissionInput) -> &mut Vec<PersonRefInput> {
        match self {
            RefKind::Suggested => &mut input.suggested_reviewers,
            RefKind::OpposedReviewer => &mut input.opposed_reviewers,
            RefKind::OpposedEditor => &mut input.opposed_editors,
        }
    }
}

pub(crate) fn parse_action(value: &str) -> FormAction {
    let (verb, arg) = value.split_once(':').unwrap_or((value, ""));
    let index = arg.parse::<usize>().ok();
    let kind = |name: &str| RefKind::ALL.into_iter().find(|k| k.prefix() == name);
    match (verb, index) {
        ("submit", _) => FormAction::Submit,
        ("review", _) => FormAction::Review,
        ("add_author", _) => FormAction::AddAuthor,
        ("remove_author", Some(i)) => FormAction::RemoveAuthor(i),
        ("author_up", Some(i)) => FormAction::AuthorUp(i),
        ("author_down", Some(i)) => FormAction::AuthorDown(i),
        ("add_affiliation", Some(i)) => FormAction::AddAffiliation(i),
        ("remove_affiliation", _) => match arg.split_once(':') {
            Some((i, j)) => match (i.parse(), j.parse()) {
                (Ok(i), Ok(j)) => FormAction::RemoveAffiliation(i, j),
                _ => FormAction::Save,
            },
            None => FormAction::Save,
        },
        ("add_funder", _) => FormAction::AddFunder,
        ("remove_funder", Some(i)) => FormAction::RemoveFunder(i),
        ("remove_file", _) => match arg.parse::<i64>() {
            Ok(id) => FormAction::RemoveFile(id),
            Err(_) => FormAction::Save,
        },
        (v, None) if v.starts_with("add_") => match kind(&v["add_".len()..]) {
            Some(k) => FormAction::AddRef(k),
            None => FormAction::Save,
        },
        (v, Some(i)) if v.starts_with("remove_") => match kind(&v["remove_".len()..]) {
            Some(k) => FormAction::RemoveRef(k, i),
            None => FormAction::Save,
        },
        // Enter in a text field presses the first button, which is "Save draft".
        _ => FormAction::Save,
    }
}

/// The author rows as typed, and which of them is the corresponding author. Rows left
/// entirely empty are dropped (a blank row the author added and did not use), except that
/// there is always one author row.
fn authors_from_parts(parts: &FormParts) -> (Vec<AuthorInput>, usize) {
    let mut authors = Vec::new();
    let mut corresponding = 0;
    let chosen: Option<usize> = parts.text("corresponding").parse().ok();
    for i in 0..100 {
        let field = |part: &str| parts.text(&author_field(part, i));
        if !parts.has(&author_field("family_name", i)) {
            break;
        }
        let a = AuthorInput {
            given_names: field("given_names"),
            family_name: field("family_name"),
            name_order: NameOrder::parse(&field("name_order")).as_str().to_owned(),
            email: field("email"),
            affiliations: affiliations_from_parts(parts, i),
            orcid: field("orcid"),
            credit_roles: parts.all(&author_field("credit", i)),
            ..Default::default()
        };
        // The whole name is built from the parts, as the preview beside them shows it.
        let a = AuthorInput {
            name: a.parts().display(),
            ..a
        };
        let blank = a.name.trim().is_empty()
            && a.email.trim().is_empty()
            && a.affiliations.iter().all(Affiliation::is_blank)
            && a.orcid.trim().is_empty();
        if blank && chosen != Some(i) {
            continue;
        }
        if chosen == Some(i) {
            corresponding = authors.len();
        }
        authors.push(a);
    }
    if authors.is_empty() {
        authors.push(AuthorInput::default());
    }
    (authors, corresponding)
}

/// One author's affiliation rows as typed, blank ones kept (a row just added must show),
/// and always one.
fn affiliations_from_parts(parts: &FormParts, i: usize) -> Vec<Affiliation> {
    let mut list = Vec::new();
    for j in 0..=MOST_PER_AUTHOR {
        if !parts.has(&affiliation_field("institution", i, j)) {
            break;
        }
        let f = |part: &str| parts.text(&affiliation_field(part, i, j));
        list.push(Affiliation {
            institution: f("institution"),
            city: f("city"),
            country: f("country"),
            ror: f("ror"),
        });
    }
    if list.is_empty() {
        list.push(Affiliation::default());
    }
    list
}

/// The rows of one list of people (suggested or opposed), the empty ones dropped.
fn refs_from_parts(parts: &FormParts, kind: RefKind) -> Vec<PersonRefInput> {
    let mut list = Vec::new();
    for i in 0..100 {
        let f = |part: &str| parts.text(&format!("{}_{part}_{i}", kind.prefix()));
        if !parts.has(&format!("{}_name_{i}", kind.prefix())) {
            break;
        }
        let p = PersonRefInput {
            name: f("name"),
            email: f("email"),
            reason: f("reason"),
        };
        if !(p.name.trim().is_empty() && p.email.trim().is_empty() && p.reason.trim().is_empty()) {
            list.push(p);
        }
    }
    list
}

/// The funder rows as typed. Blank rows are kept here (a row just added must show) and
/// left out when checked and stored.
fn funders_from_parts(parts: &FormParts) -> Vec<FunderInput> {
    let mut list = Vec::new();
    for i in 0..100 {
        if !parts.has(&funder_field("name", i)) {
            break;
        }
        let f = |part: &str| parts.text(&funder_field(part, i));
        list.push(FunderInput {
            name: f("name"),
            funder_id: f("funder_id"),
            awards: f("awards"),
        });
    }
    list
}

/// The typed form.
pub(crate) fn input_from_parts(parts: &FormParts) -> SubmissionInput {
    let (authors, corresponding) = authors_from_parts(parts);
    SubmissionInput {
        article_type: parts.text("article_type"),
        title: parts.text("title"),
        abstract_text: parts.text("abstract_text"),
        keywords: parts.text("keywords"),
        topics: parts.all("topics"),
        rare_cancer_type: parts.text("rare_cancer_type"),
        authors,
        corresponding,
        competing_interests: parts.text("competing_interests"),
        competing_interests_details: parts.text("competing_interests_details"),
        ai_use: parts.text("ai_use"),
        ai_use_details: parts.text("ai_use_details"),
        ethics_statement: parts.text("ethics_statement"),
        consent_for_publication: parts.text("consent_for_publication"),
        data_availability: parts.text("data_availability"),
        funding: parts.text("funding"),
        funders: funders_from_parts(parts),
        authors_contributions: parts.text("authors_contributions"),
        acknowledgements: parts.text("acknowledgements"),
        checklist_ticked: parts.all("checklist"),
        cover_letter: parts.text("cover_letter"),
        suggested_reviewers: refs_from_parts(parts, RefKind::Suggested),
        opposed_reviewers: refs_from_parts(parts, RefKind::OpposedReviewer),
        opposed_editors: refs_from_parts(parts, RefKind::OpposedEditor),
    }
}

/// The form as it was sent, files apart.
pub(super) struct SentForm {
    pub(super) action: FormAction,
    pub(super) input: SubmissionInput,
    pub(super) collection_id: Option<i64>,
    /// The `read_at` field as sent, to carry on when the form is shown again.
    pub(super) read_at_field: String,
    pub(super) read_at: Option<ReadAt>,
    pub(super) idempotency_key: String,
}

impl SentForm {
    pub(super) fn read(parts: &FormParts) -> SentForm {
        let typed_key = parts.text("idempotency_key");
        // Only keys this site could have made are kept; anything else gets a fresh one.
        let idempotency_key =
            if typed_key.len() == 32 && typed_key.chars().all(|c| c.is_ascii_hexdigit()) {
                typed_key
            } else {
                token::random_hex(16)
            };
        SentForm {
            action: parse_action(&parts.text("action")),
            input: input_from_parts(parts),
            collection_id: parts.text("collection").trim().parse().ok(),
            read_at_field: parts.text("read_at"),
            read_at: parts.read_at(),
            idempotency_key,
        }
    }
}

/// Applies a row button to the typed form; returns what to tell the author.
pub(crate) fn apply_row_action(input: &mut SubmissionInput, action: &FormAction) -> Option<String> {
    let n = input.authors.len();
    match *action {
        FormAction::AddAuthor => {
            input.authors.push(AuthorInput::default());
            Some(format!(
                "Author {} added below; fill in their details.",
                n + 1
            ))
        }
        FormAction::RemoveAuthor(i) if i < n && n > 1 => {
            input.authors.remove(i);
            if input.corresponding == i {
                input.corresponding = 0;
            } else if input.corresponding > i {
                input.corresponding -= 1;
            }
            Some(format!("Author {} removed.", i + 1))
        }
        FormAction::RemoveAuthor(_) => Some("A submission needs at least one author.".into()),
        FormAction::AuthorUp(i) if i > 0 && i < n => {
            swap_authors(input, i, i - 1);
            Some(format!("Author moved up to position {i}."))
        }
        FormAction::AuthorDown(i) if i + 1 < n => {
            swap_authors(input, i, i + 1);
            Some(format!("Author moved down to position {}.", i + 2))
        }
        FormAction::AddAffiliation(_) | FormAction::RemoveAffiliation(..) => {
            affiliation_row_action(input, action)
        }
        FormAction::AddRef(kind) => {
            kind.list(input).push(PersonRefInput::default());
            Some("A row was added below.".into())
        }
        FormAction::AddFunder => {
            input.funders.push(FunderInput::default());
            Some(format!(
                "Funder {} added below; fill in its name and grant numbers.",
                input.funders.len()
            ))
        }
        FormAction::RemoveFunder(i) => (i < input.funders.len()).then(|| {
            input.funders.remove(i);
            format!("Funder {} removed.", i + 1)
        }),
        FormAction::RemoveRef(kind, i) => {
            let list = kind.list(input);
            (i < list.len()).then(|| {
                list.remove(i);
                "The row was removed.".to_owned()
            })
        }
        _ => None,
    }
}

/// The affiliation rows' buttons: another row for an author (at most ten), or one removed
/// (an author keeps one row, blank if it was the last).
fn affiliation_row_action(input: &mut SubmissionInput, action: &FormAction) -> Option<String> {
    let n = input.authors.len();
    match *action {
        FormAction::AddAffiliation(i) if i < n => {
            let list = &mut input.authors[i].affiliations;
            if list.len() >= MOST_PER_AUTHOR {
                return Some(format!(
                    "Author {} already lists {MOST_PER_AUTHOR} affiliations, the most there may be.",
                    i + 1
                ));
            }
            list.push(Affiliation::default());
            Some(format!(
                "Affiliation {} of author {} added below; fill in its institution and country.",
                list.len(),
                i + 1
            ))
        }
        FormAction::RemoveAffiliation(i, j) if i < n && j < input.authors[i].affiliations.len() => {
            let list = &mut input.authors[i].affiliations;
            list.remove(j);
            if list.is_empty() {
                list.push(Affiliation::default());
            }
            Some(format!(
                "Affiliation {} of author {} removed.",
                j + 1,
                i + 1
            ))
        }
        _ => None,
    }
}

fn swap_authors(input: &mut SubmissionInput, a: usize, b: usize) {
    input.authors.swap(a, b);
    if input.corresponding == a {
        input.corresponding = b;
    } else if input.corresponding == b {
        input.corresponding = a;
    }
}
