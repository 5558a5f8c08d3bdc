//! The rules in full, for pairs that passed the fast path: the order they run in, and
//! rules 1, 5 and 6.

use chrono::NaiveDate;

use super::normalise::orcid_display;
use super::prepared::{PreparedAuthor, PreparedPerson, PreparedSubmission};
use super::{Finding, Rule, Settings, Strength};

/// One person checked against one submission's parties, and the findings so far. Each
/// rule is a method, in the file of its subject.
pub(super) struct Check<'a> {
    pub(super) p: &'a PreparedPerson,
    pub(super) s: &'a PreparedSubmission,
    pub(super) settings: &'a Settings,
    pub(super) window_start: NaiveDate,
    out: Vec<Finding>,
}

impl<'a> Check<'a> {
    pub(super) fn new(
        p: &'a PreparedPerson,
        s: &'a PreparedSubmission,
        settings: &'a Settings,
    ) -> Check<'a> {
        Check {
            p,
            s,
            settings,
            window_start: settings.window_start(),
            out: Vec::new(),
        }
    }

    /// Every rule, in order; the findings.
    pub(super) fn run(mut self) -> Vec<Finding> {
        let is_person: Vec<bool> = self.s.authors.iter().map(|a| self.authorship(a)).collect();
        let s = self.s;
        let others = || {
            s.authors
                .iter()
                .zip(&is_person)
                .filter(|(_, me)| !**me)
                .map(|(a, _)| a)
        };
        // Whether the person and each author shared an institution in the window (a
        // confirmed rule-2 finding): what makes an exact name the same person.
        let mut colleague = Vec::new();
        for a in others() {
            colleague.push(self.institutions(a));
        }
        for (a, shared) in others().zip(&colleague) {
            self.coauthorship(a, *shared);
        }
        for (a, shared) in others().zip(&colleague) {
            self.declared(a, *shared);
        }
        self.opposed();
        self.declared_on_submission();
        self.out
    }

    /// Adds a finding unless one with its key is there; a confirmed one replaces a
    /// potential one with the same key.
    pub(super) fn add(&mut self, rule: Rule, strength: Strength, key: String, reason: String) {
        match self.out.iter_mut().find(|f| f.key == key) {
            Some(f) => {
                if f.strength == Strength::Potential && strength == Strength::Confirmed {
                    f.strength = strength;
                    f.reason = reason;
                }
            }
            None => self.out.push(Finding {
                rule,
                strength,
                reason,
                key,
            }),
        }
    }

    /// Rule 1. Returns whether the author is this person.
    fn authorship(&mut self, a: &PreparedAuthor) -> bool {
        let p = self.p;
        let mut evidence = Vec::new();
        if p.person_id.is_some() && p.person_id == a.person_id {
            evidence.push("same account".to_owned());
        }
        if let Some(e) = a.emails.iter().find(|e| p.emails.contains(e)) {
            evidence.push(format!("e-mail {e}"));
        }
        if let Some(o) = &p.orcid
            && a.orcids.contains(o)
        {
            evidence.push(format!("ORCID iD {}", orcid_display(o)));
        }
        if evidence.is_empty() {
            return false;
        }
        self.add(
            Rule::Authorship,
            Strength::Confirmed,
            format!("1:{}", a.key),
            format!(
                "Is author {} of this submission ({})",
                a.display,
                evidence.join(", ")
            ),
        );
        true
    }

    /// Rule 5: people the authors opposed, by address when they gave one, else by name.
    fn opposed(&mut self) {
        let p = self.p;
        let s = self.s;
        for o in &s.opposed {
            let strength = match &o.email {
                Some(e) if p.emails.contains(e) => Some(Strength::Confirmed),
                Some(_) => None,
                None => o.name.compare(&p.name),
            };
            let Some(strength) = strength else {
                continue;
            };
            let who = o.email.clone().unwrap_or_else(|| o.name.exact.clone());
            let reason = match (strength, &o.email) {
                (Strength::Confirmed, Some(e)) => format!(
                    "The authors oppose {} ({e}) as {}{}",
                    o.display,
                    o.role.label(),
                    quoted(&o.reason)
                ),
                (Strength::Confirmed, None) => format!(
                    "The authors oppose {} as {}{}",
                    o.display,
                    o.role.label(),
                    quoted(&o.reason)
                ),
                (Strength::Potential, _) => format!(
                    "The authors oppose “{}” as {}, possibly this person{}",
                    o.display,
                    o.role.label(),
                    quoted(&o.reason)
                ),
            };
            self.add(
                Rule::OpposedByAuthors,
                strength,
                format!("5:{}:{who}", o.role.as_str()),
                reason,
            );
        }
    }

    /// Rule 6: "I have a competing interest" on this submission.
    fn declared_on_submission(&mut self) {
        let Some(id) = self.p.person_id else {
            return;
        };
        let s = self.s;
        let mine: Vec<&str> = s
            .declared_on_submission
            .iter()
            .filter(|(d, _)| *d == id)
            .map(|(_, r)| r.as_str())
            .collect();
        if mine.is_empty() {
            return;
        }
        let mut reasons: Vec<&str> = mine.into_iter().filter(|r| !r.is_empty()).collect();
        reasons.dedup();
        self.add(
            Rule::DeclaredOnSubmission,
            Strength::Confirmed,
            format!("6:{id}"),
            format!(
                "Declared a competing interest on this submission{}",
                quoted(&reasons.join("; "))
            ),
        );
    }
}

/// `: “reason”`, or nothing when there is no reason.
pub(super) fn quoted(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!(": “{text}”")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::conflicts::fixtures::*;
    use crate::domain::conflicts::{OpposedPerson, OpposedRole, SubmissionParties, is_blocked};

    // Rule 1.

    #[test]
    fn authorship_by_account_secondary_address_and_orcid() {
        let mut p = person(
            "Maria Rossi",
            &["maria.rossi@uni-genoa.example", "M.Rossi@old.example"],
        );
        p.orcid = Some("https://orcid.org/0000-0002-1825-0097".into());

        let by_address = parties(vec![author("Maria Rossi", "m.rossi@old.example", "X")]);
        let f = run(&p, &by_address);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, Rule::Authorship);
        assert_eq!(f[0].strength, Strength::Confirmed);
        assert_eq!(f[0].key, "1:m.rossi@old.example");
        assert_eq!(
            f[0].reason,
            "Is author Maria Rossi of this submission (e-mail m.rossi@old.example)"
        );

        let mut by_orcid = author("M. Rossi", "mr@elsewhere.example", "X");
        by_orcid.orcid = Some("0000000218250097".into());
        let f = run(&p, &parties(vec![by_orcid]));
        assert_eq!(only(&f, Rule::Authorship).len(), 1);
        assert!(f[0].reason.contains("ORCID iD 0000-0002-1825-0097"));

        let mut by_account = author("Maria Rossi", "new@elsewhere.example", "X");
        by_account.person_id = Some(7);
        let f = run(&p, &parties(vec![by_account]));
        assert!(f[0].reason.contains("same account"));

        // Near misses: the same name alone, a similar address, another ORCID iD.
        let mut other = author("Maria Rossi", "maria.rossi@uni-genova.example", "X");
        other.orcid = Some("0000-0002-1694-233X".into());
        other.person_id = Some(8);
        assert!(only(&run(&p, &parties(vec![other])), Rule::Authorship).is_empty());
    }

    #[test]
    fn an_author_who_is_the_person_is_not_also_their_own_colleague() {
        let mut p = person("Maria Rossi", &["maria@uni-genoa.example"]);
        p.affiliations = vec![span("University of Genoa", Some(2010), None)];
        p.publications = vec![paper("Retinoblastoma", 2025, vec![coauthor("Maria Rossi")])];
        let s = parties(vec![author(
            "Maria Rossi",
            "maria@uni-genoa.example",
            "University of Genoa",
        )]);
        let f = run(&p, &s);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].rule, Rule::Authorship);
        assert!(is_blocked(&f));
    }

    // Rules 5 and 6.

    #[test]
    fn opposed_people_by_address_then_by_name() {
        let p = person("John Smith", &["john@lab.example", "js@old.example"]);
        let opposed = |name: &str, email: Option<&str>| SubmissionParties {
            authors: vec![author("Ada Osei", "ada@x.example", "X")],
            opposed: vec![OpposedPerson {
                name: name.into(),
                email: email.map(str::to_owned),
                reason: "He reviewed our grant unfairly".into(),
                role: OpposedRole::Editor,
            }],
            declared_on_submission: vec![],
        };

        let f = run(&p, &opposed("John Smith", Some("JS@old.example")));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].key, "5:editor:js@old.example");
        assert_eq!(
            f[0].reason,
            "The authors oppose John Smith (js@old.example) as handling editor: “He reviewed our \
             grant unfairly”"
        );
        assert!(run(&p, &opposed("John Smith", Some("john@other.example"))).is_empty());

        let f = run(&p, &opposed("Smith, John", None));
        assert_eq!(
            (f[0].strength, f[0].key.as_str()),
            (Strength::Confirmed, "5:editor:john smith")
        );
        let f = run(&p, &opposed("J. Smith", None));
        assert_eq!(f[0].strength, Strength::Potential);
        assert!(run(&p, &opposed("Jane Smyth", None)).is_empty());
    }

    #[test]
    fn a_conflict_declared_on_the_submission_blocks() {
        let p = person("John Smith", &[]);
        let mut s = parties(vec![author("Ada Osei", "ada@x.example", "X")]);
        s.declared_on_submission = vec![(8, "Other person".into())];
        assert!(run(&p, &s).is_empty());
        s.declared_on_submission
            .push((7, "I reviewed an earlier version".into()));
        let f = run(&p, &s);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].key, "6:7");
        assert_eq!(
            f[0].reason,
            "Declared a competing interest on this submission: “I reviewed an earlier version”"
        );
        assert!(is_blocked(&f));
    }
}
