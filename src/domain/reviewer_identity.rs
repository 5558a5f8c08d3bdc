//! Who is this reviewer? (issue 27 item 1.) Plain-language signals about a reviewer's
//! identity, each with its evidence, of the kind that marked the review rings of recent years:
//! reviewers suggested by authors with webmail addresses the authors controlled, and accounts
//! that exist only because an invitation made them. A signal never blocks: the editor may
//! still invite, and the signal is recorded with the invitation.

use crate::domain::conflicts::mail_domain;

/// How the editor found the reviewer, recorded on the invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoundBy {
    /// Among the reviewers the authors suggested.
    AuthorsSuggestion,
    /// In the editor's search.
    EditorSearch,
    /// A reviewer of an earlier round.
    EarlierRound,
    /// Typed by hand: a name and an address.
    TypedByHand,
    /// Among the suggestions by expertise (issue 19).
    ExpertiseSuggestion,
    /// Named by a reviewer who declined (issue 28 part 3; invited from the suggestion).
    DeclinersSuggestion,
}

impl FoundBy {
    pub const ALL: [FoundBy; 6] = [
        FoundBy::AuthorsSuggestion,
        FoundBy::EditorSearch,
        FoundBy::EarlierRound,
        FoundBy::TypedByHand,
        FoundBy::ExpertiseSuggestion,
        FoundBy::DeclinersSuggestion,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FoundBy::AuthorsSuggestion => "authors_suggestion",
            FoundBy::EditorSearch => "editor_search",
            FoundBy::EarlierRound => "earlier_round",
            FoundBy::TypedByHand => "typed",
            FoundBy::ExpertiseSuggestion => "expertise",
            FoundBy::DeclinersSuggestion => "declined_reviewers_suggestion",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FoundBy::AuthorsSuggestion => "suggested by the authors",
            FoundBy::EditorSearch => "found by the editor's search",
            FoundBy::EarlierRound => "a reviewer of an earlier round",
            FoundBy::TypedByHand => "typed in by the editor",
            FoundBy::ExpertiseSuggestion => "from the suggestions by expertise",
            FoundBy::DeclinersSuggestion => "suggested by a reviewer who declined",
        }
    }

    pub fn parse(text: &str) -> Option<FoundBy> {
        FoundBy::ALL.into_iter().find(|f| f.as_str() == text)
    }
}

/// What is known about a possible reviewer that bears on who they are.
#[derive(Debug, Clone, Default)]
pub struct IdentityFacts {
    pub name: String,
    pub email: String,
    /// The institution they give (their current affiliation), empty if none.
    pub institution: String,
    /// Mail domains of the confirmed accounts at that institution (other people's).
    pub institution_domains: Vec<String>,
    /// Whether they have an account they signed in with (a password).
    pub has_account: bool,
    pub has_orcid: bool,
    /// Their iD, when it is typed (not confirmed through ORCID sign-in), and how many other
    /// records give the same one (`workflow::orcid`: typed iDs may repeat).
    pub typed_orcid_shared: Option<(String, usize)>,
    pub publications: usize,
    /// This submission's authors: (name, address).
    pub authors: Vec<(String, String)>,
    /// How many submissions' authors suggested this address as a reviewer.
    pub suggested_by_submissions: usize,
}

/// One signal with its evidence, in a sentence for the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentitySignal {
    /// Stable name of the kind: "webmail", "domain_unseen", "close_to_author",
    /// "invitation_only", "orcid_shared", "suggested_often".
    pub kind: &'static str,
    pub evidence: String,
}

/// Suggested by the authors of this many submissions or more is a signal.
pub const SUGGESTED_OFTEN: usize = 2;

/// Every signal about these facts, in a fixed order.
pub fn signals(f: &IdentityFacts) -> Vec<IdentitySignal> {
    let mut out = Vec::new();
    let domain = mail_domain(&f.email);
    if let Some((d, true)) = &domain {
        let evidence = if f.institution.is_empty() {
            format!("A public webmail address ({d}): nothing ties it to an institution")
        } else {
            format!(
                "A public webmail address ({d}) for someone who gives an institution ({})",
                f.institution
            )
        };
        out.push(IdentitySignal {
            kind: "webmail",
            evidence,
        });
    }
    if let Some((d, false)) = &domain
        && !f.institution.is_empty()
        && !f.institution_domains.is_empty()
        && !f.institution_domains.iter().any(|x| x == d)
    {
        out.push(IdentitySignal {
            kind: "domain_unseen",
            evidence: format!(
                "No confirmed account at {} uses {d} (they use {})",
                f.institution,
                f.institution_domains.join(", ")
            ),
        });
    }
    for (author, address) in &f.authors {
        if let Some(why) = close_to(f, author, address) {
            out.push(IdentitySignal {
                kind: "close_to_author",
                evidence: why,
            });
        }
    }
    if !f.has_account && !f.has_orcid && f.publications == 0 {
        out.push(IdentitySignal {
            kind: "invitation_only",
            evidence: "Known only from invitations: no account signed in with, no ORCID iD, no publications listed".to_owned(),
        });
    }
    if let Some((orcid, others)) = &f.typed_orcid_shared
        && *others > 0
    {
        let accounts = if *others == 1 {
            "1 other person's record".to_owned()
        } else {
            format!("{others} other people's records")
        };
        out.push(IdentitySignal {
            kind: "orcid_shared",
            evidence: format!(
                "The ORCID iD {orcid} is also given by {accounts}, and nobody has confirmed it by signing in with ORCID: a typed iD proves nothing"
            ),
        });
    }
    if f.suggested_by_submissions >= SUGGESTED_OFTEN {
        out.push(IdentitySignal {
            kind: "suggested_often",
            evidence: format!(
                "Suggested as a reviewer by the authors of {} submissions",
                f.suggested_by_submissions
            ),
        });
    }
    out
}

/// Whether the reviewer's address or name is close to (but not the same as) an author's.
fn close_to(f: &IdentityFacts, author: &str, address: &str) -> Option<String> {
    let (mine, theirs) = (local_part(&f.email), local_part(address));
    let same_address = f.email.trim().eq_ignore_ascii_case(address.trim());
    if !same_address && mine.len() >= 4 && theirs.len() >= 4 && edits(&mine, &theirs) <= 2 {
        return Some(format!(
            "The address {} is close to author {author}'s {address}",
            f.email
        ));
    }
    // Names one letter apart (a typo, a doubled letter): two letters apart are as often two
    // people of common names ("Wei Wang", "Wei Zhang"), which the scale data showed to be
    // most of this signal's false alarms.
    let (a, b) = (simple_name(&f.name), simple_name(author));
    if a != b && a.len() >= 6 && edits(&a, &b) <= 1 {
        return Some(format!("The name {} is close to author {author}'s", f.name));
    }
    None
}

fn local_part(address: &str) -> String {
    address
        .trim()
        .split('@')
        .next()
        .unwrap_or("")
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

fn simple_name(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Edit distance (insertions, deletions, substitutions), on characters.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(email: &str) -> IdentityFacts {
        IdentityFacts {
            name: "Lena Park".into(),
            email: email.into(),
            has_account: true,
            has_orcid: true,
            publications: 3,
            ..IdentityFacts::default()
        }
    }

    fn kinds(f: &IdentityFacts) -> Vec<&'static str> {
        signals(f).into_iter().map(|s| s.kind).collect()
    }

    #[test]
    fn a_known_reviewer_at_an_institutional_address_raises_nothing() {
        let mut f = facts("lena.park@uni-genoa.example");
        f.institution = "University of Genoa".into();
        f.institution_domains = vec!["uni-genoa.example".into()];
        f.authors = vec![("Ada Osei".into(), "ada.osei@ki.example".into())];
        assert!(signals(&f).is_empty(), "{:?}", signals(&f));
    }

    #[test]
    fn webmail_for_someone_who_gives_an_institution() {
        let mut f = facts("lena.park@gmail.com");
        f.institution = "University of Genoa".into();
        let s = signals(&f);
        assert_eq!(s[0].kind, "webmail");
        assert!(s[0].evidence.contains("gmail.com"), "{}", s[0].evidence);
        assert!(s[0].evidence.contains("University of Genoa"));
        assert_eq!(kinds(&facts("lena.park@yahoo.co.uk")), vec!["webmail"]);
    }

    #[test]
    fn a_domain_no_colleague_uses() {
        let mut f = facts("lena.park@genoa-uni.example");
        f.institution = "University of Genoa".into();
        f.institution_domains = vec!["uni-genoa.example".into()];
        assert_eq!(kinds(&f), vec!["domain_unseen"]);
        f.institution_domains.clear();
        assert!(kinds(&f).is_empty(), "no colleague known: no signal");
    }

    #[test]
    fn an_address_or_name_close_to_an_authors() {
        let mut f = facts("ada.osei1@gmail.com");
        f.authors = vec![("Ada Osei".into(), "adaosei@ki.example".into())];
        assert_eq!(kinds(&f), vec!["webmail", "close_to_author"]);
        let mut g = facts("reviews@ki-review.example");
        g.name = "Ada Ossei".into();
        g.authors = vec![("Ada Osei".into(), "ada@ki.example".into())];
        assert_eq!(kinds(&g), vec!["close_to_author"]);
        // Two common names two letters apart are two people.
        g.name = "Wei Wang".into();
        g.authors = vec![("Wei Zhang".into(), "wei.zhang@ki.example".into())];
        assert!(kinds(&g).is_empty());
        // The author's own address is a conflict, not a signal.
        let mut h = facts("ada@ki.example");
        h.name = "Someone Else".into();
        h.authors = vec![("Ada Osei".into(), "ada@ki.example".into())];
        assert!(kinds(&h).is_empty());
    }

    #[test]
    fn a_typed_orcid_that_other_records_give_too() {
        let mut f = facts("lena.park@uni-genoa.example");
        f.typed_orcid_shared = Some(("0000-0002-1825-0097".into(), 0));
        assert!(kinds(&f).is_empty(), "typed, but nobody else gives it");
        f.typed_orcid_shared = Some(("0000-0002-1825-0097".into(), 2));
        let s = signals(&f);
        assert_eq!(kinds(&f), vec!["orcid_shared"]);
        assert!(
            s[0].evidence
                .contains("0000-0002-1825-0097 is also given by 2 other people's records"),
            "{}",
            s[0].evidence
        );
    }

    #[test]
    fn known_only_from_invitations_and_suggested_often() {
        let mut f = facts("l.park@uni-genoa.example");
        f.has_account = false;
        f.has_orcid = false;
        f.publications = 0;
        f.suggested_by_submissions = 3;
        assert_eq!(kinds(&f), vec!["invitation_only", "suggested_often"]);
        assert!(signals(&f)[1].evidence.contains("3 submissions"));
    }

    #[test]
    fn edit_distance() {
        assert_eq!(edits("kitten", "sitting"), 3);
        assert_eq!(edits("adaosei", "adaosei1"), 1);
        assert_eq!(edits("", "abc"), 3);
        for f in FoundBy::ALL {
            assert_eq!(FoundBy::parse(f.as_str()), Some(f));
        }
    }
}
