//! Many people at once: [`PeopleIndex`] inverts the people's keys, so that a submission
//! finds the few people worth checking without visiting the others.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::keys::{Class, Thresholds, YEAR_BITS, year_of};
use super::prepared::{PreparedPerson, PreparedSubmission};
use super::{Finding, Settings, findings_prepared};

/// Prepared people indexed by their keys, to find the few who could conflict with a
/// submission without looking at every pair: a new submission against everyone, or every
/// submission again at night. It gives exactly the people for whom [`findings_prepared`]
/// would get past its fast path; everyone else has no finding.
#[derive(Debug, Clone, Default)]
pub struct PeopleIndex {
    people: Vec<PreparedPerson>,
    /// What the submission looks up: the people's table entries, as (person, year).
    entries: HashMap<u64, Vec<(u32, u16)>, KeyHasher>,
    /// What the people look up in the submission's table, as (person, year, which year).
    probes: HashMap<u64, Vec<(u32, u16, Class)>, KeyHasher>,
    ids: HashMap<i64, Vec<u32>>,
}

impl PeopleIndex {
    pub fn new(people: Vec<PreparedPerson>) -> PeopleIndex {
        let mut index = PeopleIndex::default();
        for (i, p) in people.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            for &slot in p.table.slots.iter().filter(|s| **s != 0) {
                index
                    .entries
                    .entry(slot & !YEAR_BITS)
                    .or_default()
                    .push((i, year_of(slot)));
            }
            let probes = [
                (&p.probes.always, Class::Always),
                (&p.probes.window, Class::Window),
                (&p.probes.today, Class::Today),
                (&p.identity_probes, Class::Window),
                (&p.opposed_probes, Class::Always),
            ];
            for (list, class) in probes {
                for &k in list {
                    index
                        .probes
                        .entry(k & !YEAR_BITS)
                        .or_default()
                        .push((i, year_of(k), class));
                }
            }
            if let Some(id) = p.person_id {
                index.ids.entry(id).or_default().push(i);
            }
        }
        index.people = people;
        index
    }

    pub fn people(&self) -> &[PreparedPerson] {
        &self.people
    }

    /// The positions in [`PeopleIndex::people`] of those who could conflict, in order.
    pub fn candidates(&self, submission: &PreparedSubmission, settings: &Settings) -> Vec<usize> {
        let t = Thresholds::new(settings);
        let mut hit = vec![false; self.people.len()];
        let mut mark = |i: u32| {
            if let Some(h) = hit.get_mut(i as usize) {
                *h = true;
            }
        };
        for &k in &submission.probes {
            if year_of(k) < t.window {
                continue;
            }
            for &(i, year) in self.entries.get(&(k & !YEAR_BITS)).into_iter().flatten() {
                if year >= t.window {
                    mark(i);
                }
            }
        }
        for &slot in submission.table.slots.iter().filter(|s| **s != 0) {
            let own = year_of(slot);
            for &(i, year, class) in self.probes.get(&(slot & !YEAR_BITS)).into_iter().flatten() {
                let at_least = t.of(class);
                if own >= at_least && year >= at_least {
                    mark(i);
                }
            }
        }
        for (id, _) in &submission.declared_on_submission {
            for &i in self.ids.get(id).into_iter().flatten() {
                mark(i);
            }
        }
        hit.iter()
            .enumerate()
            .filter_map(|(i, h)| h.then_some(i))
            .collect()
    }

    /// Everyone with a finding, with their findings, in order.
    pub fn findings(
        &self,
        submission: &PreparedSubmission,
        settings: &Settings,
    ) -> Vec<(usize, Vec<Finding>)> {
        self.candidates(submission, settings)
            .into_iter()
            .filter_map(|i| {
                let f = findings_prepared(self.people.get(i)?, submission, settings);
                (!f.is_empty()).then_some((i, f))
            })
            .collect()
    }
}

/// Our keys are hashes already; the low bits (the year, cleared) are moved out of the way.
type KeyHasher = BuildHasherDefault<PassThrough>;

#[derive(Debug, Default, Clone, Copy)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0.rotate_right(16)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::conflicts::fixtures::*;
    use crate::domain::conflicts::keys::may_conflict;
    use crate::domain::conflicts::{
        DeclaredKind, OpposedPerson, OpposedRole, PersonProfile, SubmissionParties, is_blocked,
    };

    /// Checks each submission against everyone through the index and pair by pair: the
    /// index offers exactly the people past the fast path, and finds what the pairs find.
    /// Returns whether each (submission, person) pair with a finding blocks.
    fn the_index_agrees(
        people: &[PersonProfile],
        submissions: &[SubmissionParties],
    ) -> Vec<(usize, usize, bool)> {
        let prepared: Vec<PreparedPerson> = people.iter().map(PreparedPerson::new).collect();
        let index = PeopleIndex::new(prepared.clone());
        let t = Thresholds::new(&settings());
        let mut blocked = Vec::new();
        for (k, parties) in submissions.iter().enumerate() {
            for p in people {
                run(p, parties);
            }
            let sub = PreparedSubmission::new(parties);
            let expected: Vec<usize> = (0..prepared.len())
                .filter(|i| may_conflict(&prepared[*i], &sub, &t))
                .collect();
            assert_eq!(
                index.candidates(&sub, &settings()),
                expected,
                "submission {k}"
            );
            let pairwise: Vec<(usize, Vec<Finding>)> = (0..prepared.len())
                .map(|i| (i, findings_prepared(&prepared[i], &sub, &settings())))
                .filter(|(_, f)| !f.is_empty())
                .collect();
            assert_eq!(
                index.findings(&sub, &settings()),
                pairwise,
                "submission {k}"
            );
            blocked.extend(pairwise.iter().map(|(i, f)| (k, *i, is_blocked(f))));
        }
        blocked
    }

    /// People numbered from `first_id`, each at one institution.
    fn people_at(
        first_id: i64,
        who: &[(&str, &str, &str, i32, Option<i32>)],
    ) -> Vec<PersonProfile> {
        let mut people = Vec::new();
        for (id, (name, email, institution, from, to)) in (first_id..).zip(who) {
            let mut p = person(name, &[*email]);
            p.person_id = Some(id);
            p.affiliations = vec![span(institution, Some(*from), *to)];
            people.push(p);
        }
        people
    }

    #[test]
    fn the_index_agrees_with_the_pairs_on_namesakes() {
        let mut people = people_at(
            100,
            &[
                (
                    "Amara Rahman",
                    "amara@bmc.example",
                    "Karolinska Institutet",
                    2018,
                    None,
                ),
                (
                    "Amara Rahman",
                    "ar@lagos.example",
                    "University of Lagos",
                    2018,
                    None,
                ),
                (
                    "John Smith",
                    "john@ki.example",
                    "Karolinska Institutet",
                    2018,
                    None,
                ),
                (
                    "Maria Rossi",
                    "maria@genoa.example",
                    "University of Genoa",
                    2018,
                    None,
                ),
            ],
        );
        people[3].publications = vec![paper("Twins", 2025, vec![coauthor("John Smith")])];
        people[2].declared = vec![conflict_with_person(
            "Kofi Mensah",
            Some("k@other.example"),
            DeclaredKind::Family,
            "",
        )];
        let (_, with_ar) = namesake_case(false, Some("ar@lagos.example"));
        let (_, name_only) = namesake_case(true, None);
        let (_, mut colleague) = namesake_case(true, None);
        colleague.authors[0].affiliation = "Karolinska Institutet".into();
        let submissions = [
            with_ar,
            name_only,
            colleague,
            parties(vec![author("John Smith", "js@x.example", "Elsewhere")]),
            parties(vec![author(
                "Smith, J.",
                "js@ki.example",
                "Karolinska Institutet",
            )]),
        ];
        let blocked = the_index_agrees(&people, &submissions);
        // The chief is blocked only where the author is her colleague; her namesake in
        // Lagos by the address the manuscript gives.
        assert!(blocked.contains(&(0, 1, true)), "{blocked:?}");
        assert!(blocked.contains(&(0, 0, false)), "{blocked:?}");
        assert!(blocked.contains(&(1, 0, false)), "{blocked:?}");
        assert!(blocked.contains(&(2, 0, true)), "{blocked:?}");
        assert!(blocked.contains(&(3, 3, false)), "{blocked:?}");
    }

    #[test]
    fn the_index_finds_exactly_the_people_the_pairs_would() {
        let mut people = people_at(
            1,
            &[
                (
                    "Maria Rossi",
                    "maria@uni-genoa.example",
                    "University of Genoa",
                    2019,
                    None,
                ),
                (
                    "John Smith",
                    "js@lab.example",
                    "Genoa Hospital",
                    2010,
                    Some(2020),
                ),
                (
                    "Jane Smyth",
                    "jane@gmail.com",
                    "University of Geneva",
                    2022,
                    None,
                ),
                (
                    "Ben Mol",
                    "ben@x.example",
                    "Univ. of Genoa Medical School",
                    2024,
                    None,
                ),
                ("Ada Osei", "ada@x.example", "Roche", 2015, None),
            ],
        );
        for p in &mut people {
            p.publications = vec![paper("Joint work", 2025, vec![coauthor("A. Osei")])];
        }
        people[2].declared = vec![conflict_with_institution(
            "Roche",
            DeclaredKind::Financial,
            "",
        )];
        let mut with_profile = author("Ada Osei", "ada@x.example", "Roche");
        with_profile.profile = Some(PersonProfile {
            publications: vec![paper("Old", 2024, vec![coauthor("Smith, J.")])],
            ..Default::default()
        });
        let submissions = [
            parties(vec![author("Ada Osei", "ada@x.example", "Roche")]),
            parties(vec![author(
                "Kofi Mensah",
                "k@uni-genoa.example",
                "Elsewhere",
            )]),
            parties(vec![author(
                "Kofi Mensah",
                "k@y.example",
                "University of Genoa",
            )]),
            parties(vec![with_profile]),
            SubmissionParties {
                authors: vec![author("Kofi Mensah", "k@y.example", "Nowhere")],
                opposed: vec![OpposedPerson {
                    name: "J. Smyth".into(),
                    email: None,
                    reason: "Competitor".into(),
                    role: OpposedRole::Reviewer,
                }],
                declared_on_submission: vec![(2, "Friend of the authors".into())],
            },
            parties(vec![author(
                "Nobody Known",
                "n@z.example",
                "Mars Institute",
            )]),
        ];
        let found = the_index_agrees(&people, &submissions);
        assert!(found.len() >= 5, "the fixtures should exercise the rules");
    }
}
