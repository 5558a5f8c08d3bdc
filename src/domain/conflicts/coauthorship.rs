//! Rule 3, co-authorship: a paper in the window that lists both.

use chrono::Datelike;

use super::check::Check;
use super::identity::{
    Evidence, PersonRef, Side, UNCONFIRMED, identity_keys, match_author, match_person,
};
use super::keys::{OPEN, Tag, pack, rekey, year_value};
use super::prepared::{PreparedAuthor, PreparedPublication};
use super::{PaperSource, Rule, Strength};

/// Every co-author's identity keys with where they are listed, sorted by key; `is_self`
/// leaves out the owner of the publications.
pub(super) fn coauthor_index(
    publications: &[PreparedPublication],
    is_self: impl Fn(&PersonRef) -> bool,
) -> Vec<(u64, u32, u32)> {
    let mut index = Vec::new();
    for (i, p) in publications.iter().enumerate() {
        for (j, c) in p.coauthors.iter().enumerate() {
            if is_self(c) {
                continue;
            }
            let (i, j) = (
                u32::try_from(i).unwrap_or(u32::MAX),
                u32::try_from(j).unwrap_or(u32::MAX),
            );
            for k in identity_keys(
                None,
                c.email.as_slice(),
                c.orcid.iter(),
                &c.name,
                Side::Entry,
            ) {
                index.push((k, i, j));
            }
        }
    }
    index.sort_unstable();
    index.dedup();
    index
}

/// The entries of a sorted index with key `k`.
fn lookup(index: &[(u64, u32, u32)], k: u64) -> impl Iterator<Item = (u32, u32)> + '_ {
    let start = index.partition_point(|e| e.0 < k);
    index[start..]
        .iter()
        .take_while(move |e| e.0 == k)
        .map(|e| (e.1, e.2))
}

impl Check<'_> {
    /// Rule 3, both ways: the person's papers listing the author, the author's listing the
    /// person.
    pub(super) fn coauthorship(&mut self, a: &PreparedAuthor, colleague: bool) {
        let first_year = self.window_start.year();
        let p = self.p;
        let since = year_value(first_year);
        // The tables say cheaply whether a key is worth looking up in the index.
        let listed_by_person = |k: u64| p.table.get(pack(k, OPEN)).is_some_and(|y| y >= since);
        let listed_by_author = |k: u64| {
            let k = pack(rekey(k, Tag::Publication), OPEN);
            self.s.table.get(k).is_some_and(|y| y >= since)
        };
        let theirs = best_per_paper(
            &p.publications,
            &p.coauthor_index,
            a.identity.iter().filter(|k| listed_by_person(**k)),
            first_year,
            |c| match_author(c, a, colleague),
        );
        for (paper, evidence, c) in theirs {
            let listed = match evidence {
                Evidence::Identity if c.name.exact != a.name.exact && !c.display.is_empty() => {
                    format!(", listed as “{}”", c.display)
                }
                Evidence::Identity => String::new(),
                Evidence::NameAndInstitution => {
                    ": the paper lists the same name, and they shared an institution".to_owned()
                }
                Evidence::NameOnly => format!(": the paper lists the same name, {UNCONFIRMED}"),
                Evidence::NameOtherAddress => {
                    ": the paper lists the same name, but a different address".to_owned()
                }
                Evidence::SimilarName => format!(": the paper lists “{}”", c.display),
            };
            self.coauthored(a, paper, evidence, &listed);
        }
        let authors = if a.coauthor_index.is_empty() {
            Vec::new()
        } else {
            best_per_paper(
                &a.publications,
                &a.coauthor_index,
                p.identity.iter().filter(|k| listed_by_author(**k)),
                first_year,
                |c| match_person(c, p, colleague),
            )
        };
        for (paper, evidence, c) in authors {
            let listed = match evidence {
                Evidence::Identity => ", according to the author's publications".to_owned(),
                Evidence::NameAndInstitution => ", according to the author's publications: the \
                                                same name, and they shared an institution"
                    .to_owned(),
                Evidence::NameOnly => format!(
                    ": the same name as a co-author the author's publications list on it, \
                     {UNCONFIRMED}"
                ),
                Evidence::NameOtherAddress => ": the same name as a co-author the author's \
                                              publications list on it, but a different address"
                    .to_owned(),
                Evidence::SimilarName => {
                    format!(": the author's publications list “{}” on it", c.display)
                }
            };
            self.coauthored(a, paper, evidence, &listed);
        }
    }

    fn coauthored(
        &mut self,
        a: &PreparedAuthor,
        paper: &PreparedPublication,
        evidence: Evidence,
        listed: &str,
    ) {
        let strength = evidence.strength();
        let possibly = if strength == Strength::Potential {
            "Possibly co-authored"
        } else {
            "Co-authored"
        };
        let reason = match paper.source {
            PaperSource::Listed | PaperSource::Manuscript { published: true } => format!(
                "{possibly} “{}” ({}) with author {}{listed}",
                paper.title, paper.year, a.display
            ),
            // Nothing of the manuscript itself: not its title, year, or how it lists people;
            // only which kind of evidence there is.
            PaperSource::Manuscript { published: false } => format!(
                "{possibly} a manuscript submitted here with author {}{}",
                a.display,
                evidence.in_words()
            ),
        };
        self.add(
            Rule::CoAuthorship,
            strength,
            format!("3:{}:{}:{}", paper.year, paper.title_key, a.key),
            reason,
        );
    }
}

/// The papers in the window that list someone with one of `keys`, each with its best match
/// (the strongest evidence), in the order of the list.
fn best_per_paper<'p>(
    publications: &'p [PreparedPublication],
    index: &[(u64, u32, u32)],
    keys: impl Iterator<Item = &'p u64>,
    first_year: i32,
    matches: impl Fn(&PersonRef) -> Option<Evidence>,
) -> Vec<(&'p PreparedPublication, Evidence, &'p PersonRef)> {
    let mut hits: Vec<(u32, u32)> = keys.flat_map(|k| lookup(index, *k)).collect();
    hits.sort_unstable();
    hits.dedup();
    let mut out: Vec<(u32, Evidence, &'p PersonRef)> = Vec::new();
    for (i, j) in hits {
        let Some(paper) = publications.get(i as usize) else {
            continue;
        };
        let Some(c) = paper.coauthors.get(j as usize) else {
            continue;
        };
        if paper.year < first_year {
            continue;
        }
        let Some(evidence) = matches(c) else {
            continue;
        };
        match out.last_mut() {
            Some(last) if last.0 == i => {
                // The strongest evidence (the variants are in that order).
                if evidence < last.1 {
                    *last = (i, evidence, c);
                }
            }
            _ => out.push((i, evidence, c)),
        }
    }
    out.into_iter()
        .filter_map(|(i, s, c)| publications.get(i as usize).map(|p| (p, s, c)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::conflicts::fixtures::*;
    use crate::domain::conflicts::{PersonProfile, is_blocked};

    // Rule 3.

    #[test]
    fn co_authorship_inside_the_window_and_by_similar_names() {
        let s = parties(vec![author("John Smith", "john@x.example", "X")]);
        let mut p = person("Maria Rossi", &[]);

        p.publications = vec![paper("Old paper", 2022, vec![coauthor("John Smith")])];
        assert!(run(&p, &s).is_empty(), "4 years ago is outside the window");

        let mut john = coauthor("Smith, John");
        john.email = Some("john@x.example".into());
        p.publications = vec![paper("New  paper", 2025, vec![john])];
        let f = run(&p, &s);
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].rule, f[0].strength),
            (Rule::CoAuthorship, Strength::Confirmed)
        );
        assert_eq!(f[0].key, "3:2025:new paper:john@x.example");
        assert_eq!(
            f[0].reason,
            "Co-authored “New paper” (2025) with author John Smith"
        );

        p.publications = vec![paper("New paper", 2025, vec![coauthor("J. Smith")])];
        let f = run(&p, &s);
        assert_eq!(f[0].strength, Strength::Potential);
        assert_eq!(
            f[0].reason,
            "Possibly co-authored “New paper” (2025) with author John Smith: the paper lists \
             “J. Smith”"
        );

        for near in ["Jane Smyth", "Jane Smith", "J. Smyth", "John Smithson"] {
            p.publications = vec![paper("New paper", 2025, vec![coauthor(near)])];
            assert!(run(&p, &s).is_empty(), "{near} is someone else");
        }
    }

    #[test]
    fn a_manuscript_submitted_here_is_never_named_until_published() {
        let s = parties(vec![author("John Smith", "john@x.example", "X")]);
        let mut p = person("Maria Rossi", &[]);
        let mut manuscript = paper("A confidential registry", 2026, vec![coauthor("J. Smith")]);
        manuscript.source = PaperSource::Manuscript { published: false };
        p.publications = vec![manuscript.clone()];
        let f = run(&p, &s);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].reason,
            "Possibly co-authored a manuscript submitted here with author John Smith"
        );
        // The key goes into the ruling form: it must not carry the title either.
        assert!(!f[0].key.contains("registry"), "{}", f[0].key);
        assert!(f[0].key.starts_with("3:2026:manuscript "), "{}", f[0].key);
        let unpublished_key = f[0].key.clone();

        // Published, the title is public; the key is unchanged, so rulings still apply.
        manuscript.source = PaperSource::Manuscript { published: true };
        let mut john = coauthor("John Smith");
        john.email = Some("john@x.example".into());
        manuscript.coauthors = vec![john];
        p.publications = vec![manuscript];
        let f = run(&p, &s);
        assert_eq!(
            f[0].reason,
            "Co-authored “A confidential registry” (2026) with author John Smith"
        );
        assert_eq!(f[0].key, unpublished_key);
    }

    #[test]
    fn co_authorship_by_orcid_or_address_and_never_against_a_different_orcid() {
        let mut a = author("Ada Osei", "ada@x.example", "X");
        a.orcid = Some("0000-0002-1825-0097".into());
        let s = parties(vec![a]);
        let mut p = person("Maria Rossi", &[]);

        let mut by_orcid = coauthor("A. K. Osei-Bonsu");
        by_orcid.orcid = Some("0000-0002-1825-0097".into());
        let mut by_address = coauthor("Osei A");
        by_address.email = Some("ADA@x.example".into());
        let mut other_orcid = coauthor("Ada Osei");
        other_orcid.orcid = Some("0000-0002-1694-233X".into());
        p.publications = vec![
            paper("One", 2024, vec![by_orcid]),
            paper("Two", 2024, vec![by_address]),
            paper("Three", 2024, vec![other_orcid]),
        ];
        let f = run(&p, &s);
        let keys: Vec<&str> = f.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(
            keys,
            ["3:2024:one:ada@x.example", "3:2024:two:ada@x.example"]
        );
        assert!(is_blocked(&f));
    }

    #[test]
    fn co_authorship_from_the_authors_publications() {
        let mut a = author("Ada Osei", "ada@x.example", "X");
        a.profile = Some(PersonProfile {
            name: "Ada Osei".into(),
            publications: vec![
                paper(
                    "Shared",
                    2024,
                    vec![coauthor("Ada Osei"), {
                        let mut maria = coauthor("Rossi, Maria");
                        maria.orcid = Some("0000-0002-1825-0097".into());
                        maria
                    }],
                ),
                paper("Maybe", 2025, vec![coauthor("M. Rossi")]),
                paper("Too old", 2020, vec![coauthor("Maria Rossi")]),
            ],
            ..Default::default()
        });
        let mut p = person("Maria Rossi", &[]);
        p.orcid = Some("0000-0002-1825-0097".into());
        let f = run(&p, &parties(vec![a]));
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!(f[0].strength, Strength::Confirmed);
        assert_eq!(
            f[0].reason,
            "Co-authored “Shared” (2024) with author Ada Osei, according to the author's \
             publications"
        );
        assert_eq!(f[1].strength, Strength::Potential);
    }

    #[test]
    fn a_paper_listed_on_both_sides_is_one_finding() {
        let mut a = author("Ada Osei", "ada@x.example", "X");
        a.profile = Some(PersonProfile {
            publications: vec![paper("Shared paper", 2024, vec![coauthor("Maria Rossi")])],
            ..Default::default()
        });
        let mut p = person("Maria Rossi", &[]);
        let mut ada = coauthor("Ada Osei");
        ada.email = Some("ada@x.example".into());
        p.publications = vec![
            paper("Shared Paper.", 2024, vec![coauthor("A. Osei")]),
            paper("Shared paper", 2024, vec![ada]),
        ];
        let f = run(&p, &parties(vec![a]));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].strength, Strength::Confirmed);
    }
}
