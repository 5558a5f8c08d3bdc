//! Rule 4, declared conflicts: what a person declared in their profile, while it lasts.

use chrono::Datelike;

use super::check::{Check, quoted};
use super::identity::{Evidence, PersonRef, match_author};
use super::institutions::InstKey;
use super::prepared::{PreparedAuthor, PreparedDeclared, PreparedSpan, PreparedTarget};
use super::{Rule, Strength};

impl Check<'_> {
    /// Rule 4: the person's declared conflicts that hold today.
    pub(super) fn declared(&mut self, a: &PreparedAuthor, colleague: bool) {
        let today = self.settings.today;
        let p = self.p;
        for d in &p.declared {
            if d.since.is_some_and(|s| s > today) || d.until.is_some_and(|u| u < today) {
                continue;
            }
            match &d.target {
                PreparedTarget::Person(t) => self.declared_person(d, t, a, colleague),
                PreparedTarget::Institution(inst) => self.declared_institution(d, inst, a),
            }
        }
    }

    /// A declared conflict with a person, when the reference names the author.
    fn declared_person(
        &mut self,
        d: &PreparedDeclared,
        t: &PersonRef,
        a: &PreparedAuthor,
        colleague: bool,
    ) {
        let Some(evidence) = match_author(t, a, colleague) else {
            return;
        };
        let target = t
            .orcid
            .clone()
            .or_else(|| t.email.clone())
            .unwrap_or_else(|| t.name.exact.clone());
        let reason = match evidence {
            Evidence::Identity => {
                format!("Declared conflict with author {} {}", a.display, details(d))
            }
            Evidence::NameAndInstitution => format!(
                "Declared conflict with author {} (the same name, and they shared an \
                 institution) {}",
                a.display,
                details(d)
            ),
            Evidence::SimilarName => format!(
                "Declared conflict with “{}”, possibly author {} {}",
                t.display,
                a.display,
                details(d)
            ),
            Evidence::NameOnly | Evidence::NameOtherAddress => format!(
                "Declared conflict with “{}”, possibly author {}{} {}",
                t.display,
                a.display,
                evidence.in_words(),
                details(d)
            ),
        };
        self.add(
            Rule::DeclaredConflict,
            evidence.strength(),
            format!("4:{}:person {target}:{}", d.kind.as_str(), a.key),
            reason,
        );
    }

    /// A declared conflict with an institution, when the author is there now.
    fn declared_institution(&mut self, d: &PreparedDeclared, inst: &InstKey, a: &PreparedAuthor) {
        let today = self.settings.today;
        let current = a.spans.iter().filter(|s| s.to.is_none_or(|t| t >= today));
        let mut best: Option<(Strength, &PreparedSpan)> = None;
        for s in current {
            if s.inst.same_as(inst) {
                best = Some((Strength::Confirmed, s));
                break;
            }
            if best.is_none() && inst.similar_to(&s.inst) {
                best = Some((Strength::Potential, s));
            }
        }
        let Some((strength, s)) = best else {
            return;
        };
        let reason = if strength == Strength::Confirmed {
            format!(
                "Declared conflict with {}, the institution of author {}",
                inst.display, a.display
            )
        } else {
            format!(
                "Declared conflict with “{}”, possibly the institution of author {}, “{}”",
                inst.display, a.display, s.inst.display
            )
        };
        self.add(
            Rule::DeclaredConflict,
            strength,
            format!("4:{}:institution {}:{}", d.kind.as_str(), inst.exact, a.key),
            format!("{reason} {}", details(d)),
        );
    }
}

/// How a declaration ends its reason: its kind and years, then its note.
fn details(d: &PreparedDeclared) -> String {
    let mut parts = vec![d.kind.label().to_owned()];
    match (d.since, d.until) {
        (Some(s), Some(u)) => parts.push(format!("{}–{}", s.year(), u.year())),
        (Some(s), None) => parts.push(format!("since {}", s.year())),
        (None, Some(u)) => parts.push(format!("until {}", u.year())),
        (None, None) => {}
    }
    format!("({}){}", parts.join(", "), quoted(&d.note))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::conflicts::fixtures::*;
    use crate::domain::conflicts::{DeclaredConflict, DeclaredKind, DeclaredTarget, PersonProfile};

    // Rule 4.

    #[test]
    fn declared_conflicts_count_while_they_last() {
        let s = parties(vec![author(
            "Ada Osei",
            "ada@x.example",
            "Roche Diagnostics GmbH",
        )]);
        let mut p = person("Maria Rossi", &[]);
        let with_ada = |since, until| DeclaredConflict {
            since,
            until,
            ..conflict_with_person(
                "A. Osei",
                Some("ada@x.example"),
                DeclaredKind::AdvisorAdvisee,
                "PhD supervisor",
            )
        };

        p.declared = vec![with_ada(Some(date(2018, 9, 1)), None)];
        let f = run(&p, &s);
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].rule, f[0].strength),
            (Rule::DeclaredConflict, Strength::Confirmed)
        );
        assert_eq!(
            f[0].key,
            "4:advisor_advisee:person ada@x.example:ada@x.example"
        );
        assert_eq!(
            f[0].reason,
            "Declared conflict with author Ada Osei (advisor/advisee, since 2018): “PhD supervisor”"
        );

        p.declared = vec![with_ada(Some(date(2018, 9, 1)), Some(date(2025, 12, 31)))];
        assert!(run(&p, &s).is_empty(), "ended last year");
        p.declared = vec![with_ada(Some(date(2027, 1, 1)), None)];
        assert!(run(&p, &s).is_empty(), "not begun");

        p.declared = vec![conflict_with_institution(
            "Roche Diagnostics",
            DeclaredKind::Financial,
            "",
        )];
        let f = run(&p, &s);
        assert_eq!(f[0].strength, Strength::Potential, "{f:#?}");
        assert!(
            f[0].reason
                .starts_with("Declared conflict with “Roche Diagnostics”, possibly")
        );

        p.declared[0].target = DeclaredTarget::Institution("Roche Diagnostics GmbH".into());
        let f = run(&p, &s);
        assert_eq!(
            f[0].reason,
            "Declared conflict with Roche Diagnostics GmbH, the institution of author Ada Osei \
             (financial)"
        );
    }

    #[test]
    fn a_declared_institution_concerns_its_current_members_only() {
        let mut a = author("Ada Osei", "ada@x.example", "University of Turin");
        a.profile = Some(PersonProfile {
            affiliations: vec![span("Novartis", Some(2015), Some(2025))],
            ..Default::default()
        });
        let mut p = person("Maria Rossi", &[]);
        p.declared = vec![conflict_with_institution(
            "Novartis",
            DeclaredKind::Financial,
            "Consultant",
        )];
        assert!(run(&p, &parties(vec![a])).is_empty());
    }
}
