//! Suggested reviewers (issue 19 part 1): the people whose expertise best matches a
//! manuscript, ranked by `domain::expertise` (our own BM25 index: why, there), each with
//! the reason in one line, their load and recent declines, already checked for conflicts.
//!
//! Who is suggested: those who **agreed to review for the site** — they accepted a review
//! invitation here before, or listed expertise keywords on their profile (the field says
//! that listing them offers to review) — and, marked as such, the authors of the
//! collection's published articles. Never an author of this submission, its handling
//! editor, or anyone with a confirmed conflict (left out, not shown as blocked); a
//! potential conflict is shown beside the name.
//!
//! The index lives in the process (`web::AppState::expertise`) and is rebuilt when the
//! `expertise` token (migration 23, moved by database triggers on profiles' keywords,
//! publications, accepted and submitted reviews, reviewed and published manuscripts)
//! differs from the one it was built under: one rebuild at a time, the others wait for it
//! (`memo::InFlight`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use diesel::prelude::*;

use crate::config::Site;
use crate::db::DbConnection;
use crate::db::accounts::{self, Person};
use crate::db::schema::submission_authors;
use crate::domain::conflicts::PersonProfile;
use crate::domain::expertise::{ExpertiseIndex, ManuscriptText, Match};
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::workflow::editorial::Asker;
use crate::workflow::memo::InFlight;

use super::search::{Judge, ReviewerCandidate};

/// How many suggestions the page shows.
pub const SUGGESTIONS: usize = 10;
/// How many of the best-ranked are checked for conflicts to find them.
const LOOKED_AT: usize = 60;
/// How many of them are read at a time.
const BATCH: usize = 12;

/// The ranking index, as built under one `expertise` token.
#[derive(Default)]
pub struct ExpertiseMemo {
    built: Mutex<Option<(i64, Arc<ExpertiseIndex>)>>,
    in_flight: InFlight<()>,
    /// Each institution's confirmed colleagues (person id, address), for the suggested
    /// people's identity signals, under the `conflicts` token they were read under (it
    /// moves with people's addresses and affiliations and accounts' confirmations).
    colleagues: Mutex<(i64, HashMap<String, Colleagues>)>,
}

/// An institution's confirmed colleagues: (person id, address).
type Colleagues = Arc<[(i64, String)]>;

/// Beyond this many institutions remembered, the colleagues' memo starts afresh.
const INSTITUTIONS: usize = 4096;

impl ExpertiseMemo {
    /// The index, as remembered while nothing it is made of has changed, else built now.
    pub fn index(&self, conn: &mut DbConnection) -> QueryResult<Arc<ExpertiseIndex>> {
        // Read before the documents: the index is never older than its token.
        let token = crate::db::expertise::generation(conn)?;
        let current = || {
            let built = self.built.lock().ok()?;
            built
                .as_ref()
                .filter(|(t, _)| *t == token)
                .map(|(_, index)| index.clone())
        };
        self.in_flight.find_or_compute(&(), current, || {
            let index = Arc::new(build_index(conn)?);
            if let Ok(mut built) = self.built.lock() {
                *built = Some((token, index.clone()));
            }
            Ok(index)
        })
    }

    /// The addresses of `person`'s confirmed colleagues at their institution, as
    /// `db::identity::colleague_addresses` reads them, remembered per institution while
    /// the `conflicts` token (read first) stands.
    fn colleagues_of(&self, conn: &mut DbConnection, person: &Person) -> QueryResult<Vec<String>> {
        let institution = person.affiliation.trim();
        let token = crate::workflow::memo::generations(conn)?.conflicts;
        let known = self.colleagues.lock().ok().and_then(|m| {
            (m.0 == token)
                .then(|| m.1.get(institution).cloned())
                .flatten()
        });
        let all = match known {
            Some(all) => all,
            None => {
                let all: Colleagues = crate::db::identity::colleagues_of(conn, institution)?.into();
                if let Ok(mut m) = self.colleagues.lock() {
                    if m.0 != token || m.1.len() >= INSTITUTIONS {
                        *m = (token, HashMap::new());
                    }
                    m.1.insert(institution.to_owned(), all.clone());
                }
                all
            }
        };
        Ok(all
            .iter()
            .filter(|(id, _)| *id != person.id)
            .map(|(_, address)| address.clone())
            .collect())
    }
}

/// Reads every expertise document and indexes it.
pub fn build_index(conn: &mut DbConnection) -> QueryResult<ExpertiseIndex> {
    Ok(ExpertiseIndex::build(crate::db::expertise::documents(
        conn,
    )?))
}

/// The suggested reviewers for a submission, best first; `None` when the person may not
/// manage its reviewers (the page answers 404).
pub fn suggestions(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    site: &Site,
    memo: &ExpertiseMemo,
) -> QueryResult<Option<Vec<ReviewerCandidate>>> {
    let asker = Asker::new(person, roles, site);
    let Some(a) = asker.access_for(conn, submission_id, SubmissionAction::ManageReviewers)? else {
        return Ok(None);
    };
    let s = a.submission;
    let index = memo.index(conn)?;
    let text = ManuscriptText {
        title: s.title.clone(),
        abstract_text: s.abstract_text.clone(),
        keywords: s.keywords.clone(),
        topics: crate::db::submissions::topics_of(conn, s.id)?,
    };
    let mut skip: Vec<i64> = submission_authors::table
        .filter(submission_authors::submission_id.eq(s.id))
        .filter(submission_authors::person_id.is_not_null())
        .select(submission_authors::person_id.assume_not_null())
        .load(conn)?;
    skip.extend(s.handling_editor_id);
    skip.push(s.submitter_id);
    let judge = Judge::new(conn, &s, site)?;
    let ranked = index.rank(&text, s.collection_id, &skip, LOOKED_AT);
    // The ranked are read a batch at a time (people and profiles in a fixed number of
    // queries, conflicts checked in memory) until enough are found: most are not
    // conflicted, so one batch usually does. Load and identity signals are read for the
    // shown only.
    let mut shown: Vec<(Match, Person, PersonProfile)> = Vec::new();
    for batch in ranked.chunks(BATCH) {
        let ids: Vec<i64> = batch.iter().map(|m| m.person_id).collect();
        let mut people: HashMap<i64, Person> = accounts::find_people(conn, &ids)?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let listed: Vec<Person> = people.values().cloned().collect();
        let mut profiles = crate::db::profiles::profiles_of_many(conn, &listed)?;
        for m in batch {
            let (Some(p), Some(profile)) =
                (people.remove(&m.person_id), profiles.remove(&m.person_id))
            else {
                continue;
            };
            // A conflicted person is never suggested (a potential conflict is shown instead).
            if !judge.blocked(&p, &profile) && shown.len() < SUGGESTIONS {
                shown.push((m.clone(), p, profile));
            }
        }
        if shown.len() == SUGGESTIONS {
            break;
        }
    }
    let mut out = Vec::with_capacity(shown.len());
    for (m, p, profile) in shown {
        let load = crate::db::reviews::load_of(conn, p.id)?;
        let colleagues = memo.colleagues_of(conn, &p)?;
        let mut c = judge.candidate_with(
            conn,
            Some(&p),
            (&p.name, &p.email),
            &profile,
            (load, &colleagues),
        )?;
        c.expertise = m.why;
        c.published_author = m.published_author;
        c.offered_to_review = m.willing;
        out.push(c);
    }
    Ok(Some(out))
}
