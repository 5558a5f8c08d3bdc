//! Choosing a submission's handling editor: the collection's rule, as pure code.
//!
//! "The peer review of any submissions for which the Editors have competing interests is
//! handled by another Editorial Board Member who has no competing interests." So: the
//! collection's guest editors first, dropping every conflicted one; if none is left, the
//! journal's Editorial Board Members who are free of conflicts, available and under their
//! capacity; among those, prefer a topic match, then the lowest open workload, then the
//! longest since their last assignment. The choice comes with its explanation in words.

use chrono::NaiveDateTime;

/// Where a candidate comes from; guest editors are asked first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Pool {
    GuestEditor,
    BoardMember,
    /// The journal's editor-in-chief, who may take a submission on herself (the way out when
    /// every other editor is conflicted). Never chosen by the system: the collection's rule
    /// names guest editors and board members.
    EditorInChief,
}

impl Pool {
    pub fn label(self) -> &'static str {
        match self {
            Pool::GuestEditor => "Guest Editor",
            Pool::BoardMember => "Board Member",
            Pool::EditorInChief => "Editor-in-Chief",
        }
    }

    /// Whether capacity and availability apply (the editor-in-chief's own choice ignores
    /// them: she takes it on herself).
    pub fn has_capacity(self) -> bool {
        self != Pool::EditorInChief
    }
}

/// One possible handling editor, with what the choice depends on.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub person_id: i64,
    pub name: String,
    pub pool: Pool,
    /// Reasons of the confirmed conflicts with this submission; any one excludes them.
    pub conflicts: Vec<String>,
    /// Reasons of potential conflicts (not blocking, but a clean candidate is preferred).
    pub potential_conflicts: Vec<String>,
    /// Topics of the submission this editor covers.
    pub topic_matches: usize,
    /// Submissions they handle now that are not finished.
    pub open_load: i64,
    /// How many open submissions they take at most.
    pub capacity: i64,
    /// Whether they take submissions at the moment (leave, sabbatical: false).
    pub available: bool,
    pub last_assigned_at: Option<NaiveDateTime>,
}

impl Candidate {
    /// Why this candidate cannot take the submission, if they cannot.
    fn excluded_because(&self) -> Option<String> {
        if !self.conflicts.is_empty() {
            let mut why = self.conflicts.join("; ");
            if !self.potential_conflicts.is_empty() {
                why.push_str(&format!(
                    "; possibly also: {}",
                    self.potential_conflicts.join("; ")
                ));
            }
            Some(why)
        } else if !self.available {
            Some("not available at the moment".into())
        } else if self.open_load >= self.capacity {
            Some(format!(
                "at capacity (handles {} open {}, takes at most {})",
                self.open_load,
                if self.open_load == 1 {
                    "submission"
                } else {
                    "submissions"
                },
                self.capacity
            ))
        } else {
            None
        }
    }

    fn describe_choice(&self) -> String {
        let mut why = vec!["no conflict".to_owned()];
        if self.topic_matches > 0 {
            why.push("topic match".into());
        }
        why.push(match self.open_load {
            1 => "1 open submission".into(),
            n => format!("{n} open submissions"),
        });
        if !self.potential_conflicts.is_empty() {
            why.push(format!(
                "potential conflict to review: {}",
                self.potential_conflicts.join("; ")
            ));
        }
        format!(
            "assigned {} {}: {}",
            self.pool.label(),
            self.name,
            why.join(", ")
        )
    }
}

/// The outcome, always with its explanation for the editor-in-chief.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Assigned {
        person_id: i64,
        explanation: String,
    },
    /// Nobody free of conflicts (and with room) could take it: flag it.
    NobodyFree {
        explanation: String,
    },
}

/// Chooses among `candidates` (guest editors and board members together; a person in both
/// pools should be listed once, as a guest editor).
pub fn choose(candidates: &[Candidate]) -> Choice {
    let mut notes: Vec<String> = Vec::new();
    for pool in [Pool::GuestEditor, Pool::BoardMember] {
        let mut eligible: Vec<&Candidate> = Vec::new();
        for c in candidates.iter().filter(|c| c.pool == pool) {
            match c.excluded_because() {
                Some(why) => notes.push(format!("{} {}: {why}", pool.label(), c.name)),
                None => eligible.push(c),
            }
        }
        // A clean candidate before one with a potential conflict; then topic, load, wait.
        eligible.sort_by(|a, b| {
            a.potential_conflicts
                .is_empty()
                .cmp(&b.potential_conflicts.is_empty())
                .reverse()
                .then(b.topic_matches.min(1).cmp(&a.topic_matches.min(1)))
                .then(a.open_load.cmp(&b.open_load))
                .then(b.topic_matches.cmp(&a.topic_matches))
                .then(match (a.last_assigned_at, b.last_assigned_at) {
                    (None, None) => std::cmp::Ordering::Equal,
                    (None, Some(_)) => std::cmp::Ordering::Less,
                    (Some(_), None) => std::cmp::Ordering::Greater,
                    (Some(x), Some(y)) => x.cmp(&y),
                })
                .then(a.person_id.cmp(&b.person_id))
        });
        if let Some(chosen) = eligible.first() {
            notes.push(chosen.describe_choice());
            return Choice::Assigned {
                person_id: chosen.person_id,
                explanation: sentence(&notes),
            };
        }
        if pool == Pool::GuestEditor && candidates.iter().any(|c| c.pool == pool) {
            notes.push("no Guest Editor is free of competing interests".into());
        }
    }
    if candidates.iter().all(|c| c.pool == Pool::EditorInChief) {
        notes.push("there are no Guest Editors or Editorial Board Members to ask".into());
    } else {
        notes.push(
            "nobody free of competing interests could take it; the editor-in-chief must act".into(),
        );
    }
    Choice::NobodyFree {
        explanation: sentence(&notes),
    }
}

fn sentence(parts: &[String]) -> String {
    let mut s = parts.join("; ");
    if let Some(first) = s.get(..1) {
        let upper = first.to_uppercase();
        s.replace_range(..1, &upper);
    }
    s.push('.');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(id: i64, name: &str, pool: Pool) -> Candidate {
        Candidate {
            person_id: id,
            name: name.into(),
            pool,
            conflicts: vec![],
            potential_conflicts: vec![],
            topic_matches: 0,
            open_load: 0,
            capacity: 5,
            available: true,
            last_assigned_at: None,
        }
    }

    fn assigned(c: &Choice) -> i64 {
        match c {
            Choice::Assigned { person_id, .. } => *person_id,
            Choice::NobodyFree { explanation } => panic!("nobody: {explanation}"),
        }
    }

    #[test]
    fn a_conflicted_guest_editor_gives_way_to_the_other() {
        let mut a = candidate(1, "Atif A. Ahmed", Pool::GuestEditor);
        a.conflicts = vec!["same institution as author Sofia Bianchi".into()];
        let b = candidate(2, "Bruna Samia Dalmasso", Pool::GuestEditor);
        let board = candidate(3, "Kofi Mensah", Pool::BoardMember);
        let choice = choose(&[a, b, board]);
        assert_eq!(assigned(&choice), 2);
        let Choice::Assigned { explanation, .. } = choice else {
            unreachable!()
        };
        assert_eq!(
            explanation,
            "Guest Editor Atif A. Ahmed: same institution as author Sofia Bianchi; assigned Guest Editor Bruna Samia Dalmasso: no conflict, 0 open submissions."
        );
    }

    #[test]
    fn with_both_guest_editors_conflicted_a_board_member_handles_it() {
        let mut a = candidate(1, "A", Pool::GuestEditor);
        a.conflicts = vec!["author of the submission".into()];
        let mut b = candidate(2, "B", Pool::GuestEditor);
        b.conflicts = vec!["co-authored a paper with an author in 2025".into()];
        let mut busy = candidate(3, "Busy", Pool::BoardMember);
        busy.open_load = 3;
        busy.topic_matches = 1;
        let mut idle = candidate(4, "Idle", Pool::BoardMember);
        idle.open_load = 1;
        idle.topic_matches = 1;
        let mut off_topic = candidate(5, "Off topic", Pool::BoardMember);
        off_topic.open_load = 0;
        let choice = choose(&[a, b, busy, idle, off_topic]);
        assert_eq!(assigned(&choice), 4, "topic first, then the lowest load");
        let Choice::Assigned { explanation, .. } = choice else {
            unreachable!()
        };
        assert!(explanation.contains("no Guest Editor is free of competing interests"));
        assert!(
            explanation.contains(
                "assigned Board Member Idle: no conflict, topic match, 1 open submission"
            )
        );
    }

    #[test]
    fn capacity_availability_and_waiting_time_decide_ties() {
        let mut full = candidate(1, "Full", Pool::BoardMember);
        full.open_load = 5;
        let mut away = candidate(2, "Away", Pool::BoardMember);
        away.available = false;
        let mut recent = candidate(3, "Recent", Pool::BoardMember);
        recent.last_assigned_at =
            chrono::NaiveDate::from_ymd_opt(2026, 11, 1).and_then(|d| d.and_hms_opt(9, 0, 0));
        let mut waiting = candidate(4, "Waiting", Pool::BoardMember);
        waiting.last_assigned_at =
            chrono::NaiveDate::from_ymd_opt(2026, 6, 1).and_then(|d| d.and_hms_opt(9, 0, 0));
        let choice = choose(&[full, away, recent, waiting]);
        assert_eq!(assigned(&choice), 4);
        let Choice::Assigned { explanation, .. } = choice else {
            unreachable!()
        };
        assert!(explanation.contains(
            "Board Member Full: at capacity (handles 5 open submissions, takes at most 5)"
        ));
        assert!(explanation.contains("Board Member Away: not available at the moment"));
    }

    #[test]
    fn a_clean_candidate_is_preferred_to_one_with_a_potential_conflict() {
        let mut fuzzy = candidate(1, "Fuzzy", Pool::GuestEditor);
        fuzzy.potential_conflicts = vec!["similar affiliation".into()];
        fuzzy.topic_matches = 2;
        let clean = candidate(2, "Clean", Pool::GuestEditor);
        assert_eq!(assigned(&choose(&[fuzzy.clone(), clean])), 2);
        // Alone, the potential conflict does not block; it is named for review.
        let choice = choose(&[fuzzy]);
        let Choice::Assigned { explanation, .. } = choice else {
            panic!()
        };
        assert!(explanation.contains("potential conflict to review: similar affiliation"));
    }

    #[test]
    fn nobody_free_is_flagged_with_every_reason() {
        let mut a = candidate(1, "A", Pool::GuestEditor);
        a.conflicts = vec!["author of the submission".into()];
        let mut board = candidate(2, "K", Pool::BoardMember);
        board.conflicts = vec!["opposed by the authors: “competitor”".into()];
        let Choice::NobodyFree { explanation } = choose(&[a, board]) else {
            panic!("should be flagged")
        };
        assert_eq!(
            explanation,
            "Guest Editor A: author of the submission; no Guest Editor is free of competing interests; Board Member K: opposed by the authors: “competitor”; nobody free of competing interests could take it; the editor-in-chief must act."
        );
        assert!(matches!(choose(&[]), Choice::NobodyFree { .. }));
    }

    #[test]
    fn the_system_never_chooses_the_editor_in_chief() {
        let mut a = candidate(1, "A", Pool::GuestEditor);
        a.conflicts = vec!["author of the submission".into()];
        let chief = candidate(2, "Helen", Pool::EditorInChief);
        let Choice::NobodyFree { explanation } = choose(&[a, chief.clone()]) else {
            panic!("only her own choice assigns the editor-in-chief")
        };
        assert!(!explanation.contains("Helen"), "{explanation}");
        let Choice::NobodyFree { explanation } = choose(&[chief]) else {
            panic!("should be flagged")
        };
        assert!(explanation.starts_with("There are no Guest Editors or Editorial Board Members"));
    }
}
