//! What changed between two rounds of a submission (issue 20 item 6): the fields the authors
//! may correct with a revised version (title, abstract, keywords, authors, declarations),
//! compared field by field. Short fields read old → new; long texts (the abstract, the
//! declarations) as a word-level diff; the author list as who was added, removed or moved.
//!
//! Pure, so that the editor's page and (issue 28) the re-reviewer's page show the same.

/// One author as a round listed them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListedAuthor {
    /// The whole name as it appears.
    pub name: String,
    pub email: String,
    /// The affiliations as a page writes them (`affiliation::display_line`); in a round
    /// recorded before affiliations had parts, the line the author typed.
    pub affiliation: String,
    /// The affiliations in their parts; read from `affiliation` for an older round.
    pub affiliations: Vec<super::affiliation::Affiliation>,
    pub orcid: String,
    pub corresponding: bool,
    /// The name's parts (migration 39); empty in a round recorded before names had parts.
    pub given_names: String,
    pub family_name: String,
    pub name_order: String,
    /// CRediT role slugs (migration 41); empty in a round recorded before.
    pub credit_roles: Vec<String>,
}

/// A byline as stored: an author a line, their name, address, affiliation, ORCID iD,
/// "corresponding" (or nothing), given names, family name and name order separated by tabs
/// (the last three added with migration 39, so older records end after "corresponding"),
/// CRediT roles (migration 41) and the affiliations in their parts (migration 52: their
/// lines and tabs written as the ASCII record and unit separators).
/// Tabs and line breaks inside a value (which no form field can hold) are stored as spaces.
pub fn byline_to_text(authors: &[ListedAuthor]) -> String {
    let clean = |v: &str| v.replace(['\t', '\n', '\r'], " ");
    authors
        .iter()
        .map(|a| {
            [
                clean(&a.name),
                clean(&a.email),
                clean(&a.affiliation),
                clean(&a.orcid),
                if a.corresponding { "corresponding" } else { "" }.to_owned(),
                clean(&a.given_names),
                clean(&a.family_name),
                clean(&a.name_order),
                a.credit_roles.join(","),
                super::affiliation::to_text(&a.affiliations)
                    .replace('\t', "\u{1f}")
                    .replace('\n', "\u{1e}"),
            ]
            .join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A byline read back from [`byline_to_text`].
pub fn byline_from_text(text: &str) -> Vec<ListedAuthor> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut parts = line.split('\t').map(str::to_owned);
            let mut next = || parts.next().unwrap_or_default();
            let mut a = ListedAuthor {
                name: next(),
                email: next(),
                affiliation: next(),
                orcid: next(),
                corresponding: next() == "corresponding",
                given_names: next(),
                family_name: next(),
                name_order: next(),
                credit_roles: next()
                    .split(',')
                    .filter(|r| !r.is_empty())
                    .map(str::to_owned)
                    .collect(),
                affiliations: Vec::new(),
            };
            let stored = next().replace('\u{1f}', "\t").replace('\u{1e}', "\n");
            a.affiliations = super::affiliation::stored_or_single_line(&stored, &a.affiliation);
            a
        })
        .collect()
}

impl ListedAuthor {
    /// The affiliations as the diff compares them: as a page writes them, with their ROR ids.
    fn affiliations_shown(&self) -> String {
        if self.affiliations.is_empty() {
            return self.affiliation.clone();
        }
        self.affiliations
            .iter()
            .map(|a| match a.ror_url() {
                r if r.is_empty() => a.display(),
                r => format!("{} ({r})", a.display()),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Authors are the same person across rounds when their address is.
    fn key(&self) -> String {
        self.email.trim().to_lowercase()
    }
}

/// The fields a revised version may correct, as one round held them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundMetadata {
    pub title: String,
    pub abstract_text: String,
    pub keywords: String,
    pub authors: Vec<ListedAuthor>,
    pub competing_interests: String,
    pub competing_interests_details: String,
    pub ai_use: String,
    pub ai_use_details: String,
    pub ethics_statement: String,
    pub consent_for_publication: String,
    pub data_availability: String,
    pub funding: String,
    /// Empty for rounds recorded before funders had rows (migration 40).
    pub funders: Vec<super::funders::Funder>,
    pub authors_contributions: String,
    pub acknowledgements: String,
}

/// A word of a word-level diff: kept, taken out or put in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Same,
    Removed,
    Added,
}

/// A run of words with one mark (runs are merged, so a template shows one `<del>` per run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub mark: Mark,
    pub text: String,
}

impl Piece {
    pub fn is_removed(&self) -> bool {
        self.mark == Mark::Removed
    }

    pub fn is_added(&self) -> bool {
        self.mark == Mark::Added
    }
}

/// Beyond this many word pairs the longest common subsequence is not computed: the whole
/// old text is shown taken out and the new one put in (a 5,000-character declaration is
/// about 800 words: 640,000 pairs, well within it).
const MAX_PAIRS: usize = 4_000_000;

/// The word-level diff of two texts: the longest common subsequence of their words kept,
/// the rest marked taken out or put in (taken out first where both happen at one place).
pub fn word_diff(old: &str, new: &str) -> Vec<Piece> {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    let mut words: Vec<(Mark, &str)> = Vec::with_capacity(a.len() + b.len());
    if a.len().saturating_mul(b.len()) > MAX_PAIRS {
        words.extend(a.iter().map(|w| (Mark::Removed, *w)));
        words.extend(b.iter().map(|w| (Mark::Added, *w)));
        return merged(words);
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let width = b.len() + 1;
    let mut lcs = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * width + j] = if a[i] == b[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            words.push((Mark::Same, a[i]));
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
            words.push((Mark::Removed, a[i]));
            i += 1;
        } else {
            words.push((Mark::Added, b[j]));
            j += 1;
        }
    }
    words.extend(a[i..].iter().map(|w| (Mark::Removed, *w)));
    words.extend(b[j..].iter().map(|w| (Mark::Added, *w)));
    merged(words)
}

/// Consecutive words of one mark as one piece, with the spaces between them.
fn merged(words: Vec<(Mark, &str)>) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    for (mark, word) in words {
        match pieces.last_mut() {
            Some(last) if last.mark == mark => {
                last.text.push(' ');
                last.text.push_str(word);
            }
            _ => pieces.push(Piece {
                mark,
                text: word.to_owned(),
            }),
        }
    }
    pieces
}

/// How the author list changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorChanges {
    /// Names of the authors listed now and not before.
    pub added: Vec<String>,
    /// Names of the authors listed before and not now.
    pub removed: Vec<String>,
    /// The byline order of the authors in both lists changed.
    pub reordered: bool,
    /// The byline as it was and as it is, when the order changed.
    pub order_before: Vec<String>,
    pub order_now: Vec<String>,
    /// Details of an author in both lists, old → new ("Ada Osei: affiliation …").
    pub details: Vec<ShortChange>,
}

impl AuthorChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && !self.reordered
            && self.details.is_empty()
    }
}

/// A short field, old → new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortChange {
    pub label: String,
    pub old: String,
    pub new: String,
}

/// One field that changed, as its diff is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldChange {
    Short(ShortChange),
    Words {
        label: &'static str,
        pieces: Vec<Piece>,
    },
    Authors(AuthorChanges),
}

/// The author list compared by address: who came, who went, whether those in both moved,
/// and what changed in each one's details.
pub fn author_changes(old: &[ListedAuthor], new: &[ListedAuthor]) -> AuthorChanges {
    let in_list = |list: &[ListedAuthor], a: &ListedAuthor| list.iter().any(|b| b.key() == a.key());
    let kept_old: Vec<&ListedAuthor> = old.iter().filter(|a| in_list(new, a)).collect();
    let kept_new: Vec<&ListedAuthor> = new.iter().filter(|a| in_list(old, a)).collect();
    let reordered = kept_old
        .iter()
        .zip(&kept_new)
        .any(|(a, b)| a.key() != b.key());
    let names = |list: &[ListedAuthor]| list.iter().map(|a| a.name.clone()).collect();
    let mut details = Vec::new();
    for n in &kept_new {
        let Some(o) = old.iter().find(|o| o.key() == n.key()) else {
            continue;
        };
        details.extend(changes_of(o, n));
    }
    AuthorChanges {
        added: new
            .iter()
            .filter(|a| !in_list(old, a))
            .map(|a| a.name.clone())
            .collect(),
        removed: old
            .iter()
            .filter(|a| !in_list(new, a))
            .map(|a| a.name.clone())
            .collect(),
        reordered,
        order_before: if reordered { names(old) } else { Vec::new() },
        order_now: if reordered { names(new) } else { Vec::new() },
        details,
    }
}

/// What changed of one author kept in both rounds (matched by address, which so differs at
/// most in case: no change worth showing).
fn changes_of(o: &ListedAuthor, n: &ListedAuthor) -> Vec<ShortChange> {
    let mut details = Vec::new();
    // A name is compared in its parts where both rounds recorded them (a changed family
    // name is what the record files), and whole otherwise.
    let parts_known = !o.family_name.is_empty() && !n.family_name.is_empty();
    let name_parts = [
        ("given names", &o.given_names, &n.given_names),
        ("family name", &o.family_name, &n.family_name),
        ("name as it appears", &o.name, &n.name),
    ];
    let whole_name = [("name", &o.name, &n.name)];
    let name_rows: &[(&str, &String, &String)] = if parts_known {
        &name_parts
    } else {
        &whole_name
    };
    for &(part, before, now) in name_rows.iter().chain(&[
        (
            "affiliations",
            &o.affiliations_shown(),
            &n.affiliations_shown(),
        ),
        ("ORCID iD", &o.orcid, &n.orcid),
        (
            "CRediT roles",
            &super::credit::names(&o.credit_roles),
            &super::credit::names(&n.credit_roles),
        ),
    ]) {
        if before.trim() != now.trim() {
            details.push(ShortChange {
                label: format!("{}: {part}", n.name),
                old: shown(before),
                new: shown(now),
            });
        }
    }
    if o.corresponding != n.corresponding {
        let says = |c: bool| {
            if c {
                "corresponding"
            } else {
                "not corresponding"
            }
        };
        details.push(ShortChange {
            label: n.name.clone(),
            old: says(o.corresponding).to_owned(),
            new: says(n.corresponding).to_owned(),
        });
    }
    details
}

/// An empty value as a page says it.
fn shown(value: &str) -> String {
    if value.trim().is_empty() {
        "(none)".to_owned()
    } else {
        value.trim().to_owned()
    }
}

/// A choice of the form ("none", "declared", "used") as the form's label says it.
fn choice_label(field: &str, value: &str) -> String {
    match (field, value) {
        ("competing_interests", "none") => "No competing interests".into(),
        ("competing_interests", "declared") => "Competing interests declared".into(),
        ("ai_use", "none") => "No generative AI used".into(),
        ("ai_use", "used") => "Generative AI used".into(),
        _ => shown(value),
    }
}

/// Every field that changed from `old` to `new`, in the order of the form.
pub fn changes(old: &RoundMetadata, new: &RoundMetadata) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let short = |out: &mut Vec<FieldChange>, label: &str, a: String, b: String| {
        if a != b {
            out.push(FieldChange::Short(ShortChange {
                label: label.to_owned(),
                old: a,
                new: b,
            }));
        }
    };
    short(&mut out, "Title", shown(&old.title), shown(&new.title));
    words_changed(&mut out, "Abstract", &old.abstract_text, &new.abstract_text);
    short(
        &mut out,
        "Keywords",
        shown(&old.keywords),
        shown(&new.keywords),
    );
    let authors = author_changes(&old.authors, &new.authors);
    if !authors.is_empty() {
        out.push(FieldChange::Authors(authors));
    }
    for (field, label, a, b) in [
        (
            "competing_interests",
            "Competing interests",
            &old.competing_interests,
            &new.competing_interests,
        ),
        ("ai_use", "Use of generative AI", &old.ai_use, &new.ai_use),
    ] {
        short(
            &mut out,
            label,
            choice_label(field, a),
            choice_label(field, b),
        );
    }
    texts_changed(old, new, &mut out);
    funders_changed(old, new, &mut out);
    out
}

/// The funders as each round listed them, when they differ (a funder, its Funder ID and its
/// award numbers on one line each, so any change shows whole).
fn funders_changed(old: &RoundMetadata, new: &RoundMetadata, out: &mut Vec<FieldChange>) {
    if old.funders == new.funders {
        return;
    }
    let listed = |l: &[super::funders::Funder]| {
        if l.is_empty() {
            "(none)".to_owned()
        } else {
            l.iter()
                .map(super::funders::described)
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    out.push(FieldChange::Short(ShortChange {
        label: "Funders".to_owned(),
        old: listed(&old.funders),
        new: listed(&new.funders),
    }));
}

/// The declarations' texts that changed, each as a word diff.
fn texts_changed(old: &RoundMetadata, new: &RoundMetadata, out: &mut Vec<FieldChange>) {
    for (label, a, b) in [
        (
            "Competing interests declared",
            &old.competing_interests_details,
            &new.competing_interests_details,
        ),
        (
            "Generative AI used, and for what",
            &old.ai_use_details,
            &new.ai_use_details,
        ),
        (
            "Ethics approval and consent to participate",
            &old.ethics_statement,
            &new.ethics_statement,
        ),
        (
            "Consent for publication",
            &old.consent_for_publication,
            &new.consent_for_publication,
        ),
        (
            "Availability of data and materials",
            &old.data_availability,
            &new.data_availability,
        ),
        ("Funding", &old.funding, &new.funding),
        (
            "Authors' contributions",
            &old.authors_contributions,
            &new.authors_contributions,
        ),
        (
            "Acknowledgements",
            &old.acknowledgements,
            &new.acknowledgements,
        ),
    ] {
        words_changed(out, label, a, b);
    }
}

/// A long text's word diff, if its words changed (not merely the spaces between them).
fn words_changed(out: &mut Vec<FieldChange>, label: &'static str, a: &str, b: &str) {
    if a.split_whitespace().ne(b.split_whitespace()) {
        out.push(FieldChange::Words {
            label,
            pieces: word_diff(a, b),
        });
    }
}

/// What changed in one round: the fields that differ from the round before.
#[derive(Debug, Clone)]
pub struct RoundChanges {
    pub round: i32,
    pub changes: Vec<FieldChange>,
    /// Only the manuscript's own fields are compared (a reviewer under double-blind review).
    pub blinded: bool,
}

/// What changed in each round after the first, newest first, from what each round said
/// (round, metadata) in order. Rounds recorded before this was kept (none) are skipped.
pub fn round_changes(rounds: &[(i32, RoundMetadata)]) -> Vec<RoundChanges> {
    let mut out: Vec<RoundChanges> = rounds
        .windows(2)
        .filter(|w| w[1].0 == w[0].0 + 1)
        .map(|w| RoundChanges {
            round: w[1].0,
            changes: changes(&w[0].1, &w[1].1),
            blinded: false,
        })
        .collect();
    out.reverse();
    out
}

/// The changes a reviewer may read under double-blind review: those of the manuscript's own
/// text (title, abstract, keywords). The byline and the declarations name the authors.
pub fn for_blinded_reviewer(changes: Vec<FieldChange>) -> Vec<FieldChange> {
    const MANUSCRIPT: [&str; 3] = ["Title", "Abstract", "Keywords"];
    changes
        .into_iter()
        .filter(|c| match c {
            FieldChange::Short(x) => MANUSCRIPT.contains(&x.label.as_str()),
            FieldChange::Words { label, .. } => MANUSCRIPT.contains(label),
            FieldChange::Authors(_) => false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p.mark {
                Mark::Same => p.text.clone(),
                Mark::Removed => format!("[-{}-]", p.text),
                Mark::Added => format!("{{+{}+}}", p.text),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_word_diff_keeps_the_longest_common_words() {
        let d = word_diff(
            "We studied 40 children with retinoblastoma in Ghana.",
            "We studied 42 children with  retinoblastoma in Ghana and Togo.",
        );
        assert_eq!(
            text(&d),
            "We studied [-40-] {+42+} children with retinoblastoma in [-Ghana.-] {+Ghana and Togo.+}"
        );
    }

    #[test]
    fn a_word_diff_of_equal_or_empty_texts() {
        assert_eq!(text(&word_diff("a b  c", "a b c")), "a b c");
        assert!(word_diff("", "").is_empty());
        assert_eq!(text(&word_diff("", "new words")), "{+new words+}");
        assert_eq!(text(&word_diff("old words", "")), "[-old words-]");
    }

    #[test]
    fn a_word_diff_of_a_moved_word() {
        // The common subsequence is "b c": "a" moves from the front to the end.
        assert_eq!(text(&word_diff("a b c", "b c a")), "[-a-] b c {+a+}");
    }

    #[test]
    fn very_long_texts_are_shown_out_and_in_whole() {
        let old = "w ".repeat(2001);
        let new = "v ".repeat(2001);
        let d = word_diff(&old, &new);
        assert_eq!(d.len(), 2);
        assert!(d[0].is_removed() && d[1].is_added());
    }

    fn author(name: &str, email: &str) -> ListedAuthor {
        ListedAuthor {
            name: name.into(),
            email: email.into(),
            affiliation: "Uni".into(),
            affiliations: crate::domain::affiliation::from_single_line("Uni"),
            ..Default::default()
        }
    }

    #[test]
    fn authors_added_removed_and_reordered() {
        let old = vec![
            author("Ada Osei", "ada@x.org"),
            author("Ben Mol", "ben@x.org"),
            author("Cy Diaz", "cy@x.org"),
        ];
        let new = vec![
            author("Ben Mol", "BEN@x.org"),
            author("Ada Osei", "ada@x.org"),
            author("Dee Ray", "dee@x.org"),
        ];
        let c = author_changes(&old, &new);
        assert_eq!(c.added, vec!["Dee Ray"]);
        assert_eq!(c.removed, vec!["Cy Diaz"]);
        assert!(c.reordered);
        assert_eq!(c.order_now, vec!["Ben Mol", "Ada Osei", "Dee Ray"]);
        // The address's case is no change at all.
        assert!(c.details.is_empty());
    }

    #[test]
    fn an_author_added_at_the_end_is_no_reordering() {
        let old = vec![author("Ada Osei", "ada@x.org")];
        let mut new = old.clone();
        new.push(author("Ben Mol", "ben@x.org"));
        new[0].affiliation = "Other Uni".into();
        new[0].affiliations = crate::domain::affiliation::from_single_line("Other Uni");
        let c = author_changes(&old, &new);
        assert!(!c.reordered);
        assert_eq!(c.added, vec!["Ben Mol"]);
        assert_eq!(
            c.details,
            vec![ShortChange {
                label: "Ada Osei: affiliations".into(),
                old: "Uni".into(),
                new: "Other Uni".into(),
            }]
        );
        assert!(author_changes(&old, &old).is_empty());
        // A ROR id added to an affiliation is a change; the byline keeps it between rounds.
        let genoa = |ror: &str| crate::domain::affiliation::Affiliation {
            institution: "University of Genoa".into(),
            city: "Genoa".into(),
            country: "IT".into(),
            ror: ror.into(),
        };
        let mut before = old.clone();
        before[0].affiliations = vec![genoa("")];
        let mut after = before.clone();
        after[0].affiliations = vec![genoa("0107c5v14")];
        let after = byline_from_text(&byline_to_text(&after));
        assert_eq!(after[0].affiliations, vec![genoa("0107c5v14")]);
        assert_eq!(
            author_changes(&before, &after).details[0].new,
            "University of Genoa, Genoa, Italy (https://ror.org/0107c5v14)"
        );
    }

    #[test]
    fn only_changed_fields_are_listed_in_the_forms_order() {
        let old = RoundMetadata {
            title: "Outcomes of retinoblastoma".into(),
            abstract_text: "We studied forty children.".into(),
            keywords: "retinoblastoma".into(),
            authors: vec![author("Ada Osei", "ada@x.org")],
            competing_interests: "none".into(),
            funding: "None".into(),
            ..Default::default()
        };
        assert!(changes(&old, &old).is_empty());
        let mut new = old.clone();
        new.title = "Outcomes of retinoblastoma in Ghana".into();
        new.abstract_text = "We studied  forty-two children.".into();
        new.competing_interests = "declared".into();
        new.competing_interests_details = "A grant from a maker of lasers.".into();
        let c = changes(&old, &new);
        let labels: Vec<String> = c
            .iter()
            .map(|f| match f {
                FieldChange::Short(s) => s.label.clone(),
                FieldChange::Words { label, .. } => (*label).to_owned(),
                FieldChange::Authors(_) => "Authors".into(),
            })
            .collect();
        assert_eq!(
            labels,
            vec![
                "Title",
                "Abstract",
                "Competing interests",
                "Competing interests declared"
            ]
        );
        assert_eq!(
            c[0],
            FieldChange::Short(ShortChange {
                label: "Title".into(),
                old: "Outcomes of retinoblastoma".into(),
                new: "Outcomes of retinoblastoma in Ghana".into(),
            })
        );
        let FieldChange::Short(ci) = &c[2] else {
            panic!("a choice reads old → new")
        };
        assert_eq!(ci.old, "No competing interests");
        assert_eq!(ci.new, "Competing interests declared");

        // A reviewer under double-blind review reads the manuscript's changes, not those that
        // name the authors.
        new.authors.push(author("Kwame Mensah", "kwame@x.org"));
        let blinded = for_blinded_reviewer(changes(&old, &new));
        assert_eq!(blinded.len(), 2, "{blinded:?}");
        assert!(matches!(
            &blinded[1],
            FieldChange::Words {
                label: "Abstract",
                ..
            }
        ));
    }

    #[test]
    fn a_changed_family_name_is_shown_as_such_and_old_records_compare_whole() {
        let mut old = author("María José García", "mj@x.org");
        old.given_names = "María José".into();
        old.family_name = "García".into();
        let mut new = old.clone();
        new.family_name = "García López".into();
        new.name = "María José García López".into();
        let c = author_changes(&[old.clone()], &[new.clone()]);
        assert_eq!(
            c.details[0],
            ShortChange {
                label: "María José García López: family name".into(),
                old: "García".into(),
                new: "García López".into(),
            }
        );
        // A round recorded before names had parts: the whole name is compared.
        let stored = byline_to_text(&[old.clone()]);
        let before_parts = stored.rsplitn(5, '\t').last().unwrap();
        let mut older = byline_from_text(before_parts);
        assert_eq!(older[0].family_name, "");
        older[0].name = "María José García".into();
        let c = author_changes(&older, &[new]);
        assert_eq!(c.details[0].label, "María José García López: name");
        assert_eq!(byline_from_text(&stored), vec![old]);
    }

    #[test]
    fn a_byline_reads_back_from_what_was_stored() {
        let mut a = author("Ada Osei", "ada@x.org");
        a.orcid = "0000-0002-1825-0097".into();
        a.corresponding = true;
        let b = author("Ben Mol", "ben@x.org");
        let stored = byline_to_text(&[a.clone(), b.clone()]);
        assert_eq!(byline_from_text(&stored), vec![a, b]);
        assert!(byline_from_text("").is_empty());
        // A tab typed into a name cannot split it.
        let odd = author("Cy\tDiaz", "cy@x.org");
        let back = byline_from_text(&byline_to_text(&[odd]));
        assert_eq!(back[0].name, "Cy Diaz");
        assert_eq!(back[0].email, "cy@x.org");
    }
}
