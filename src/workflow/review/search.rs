//! Finding reviewers: the editor's search, with the authors' suggestions and oppositions,
//! those who reviewed earlier rounds, and each person's conflicts and load.

use diesel::prelude::*;

use crate::config::Site;
use crate::db::DbConnection;
use crate::db::accounts::{self, Person};
use crate::db::collections;
use crate::db::editorial as editorial_store;
use crate::db::profiles;
use crate::db::reviews::{self as store, ReviewInvitation, ReviewerLoad, reviewer_numbers};
use crate::db::schema::{
    editor_profiles, people, person_emails, publications, submission_authors, submission_topics,
    submissions,
};
use crate::db::submissions::{self as submissions_store, SUGGESTED_REVIEWER, Submission};
use crate::domain::EmailAddress;
use crate::domain::conflicts::{
    Finding, PersonProfile, PreparedPerson, PreparedSubmission, Strength, findings_prepared,
};
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::domain::review::InvitationStatus;
use crate::workflow::conflict::apply_rulings;
use crate::workflow::editorial::Asker;

/// At most this many people in one reviewer search.
const SEARCH_LIMIT: i64 = 25;

/// What an editor searches with.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ReviewerQuery {
    /// Name, e-mail address, affiliation or expertise keyword.
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub topic: String,
}

/// One possible reviewer as the editor sees them.
#[derive(Debug, Clone)]
pub struct ReviewerCandidate {
    /// `None` for an address nobody in the system has yet.
    pub person_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub affiliation: String,
    /// Why they cannot be invited (confirmed conflicts and the like). Empty when they can.
    pub blocks: Vec<String>,
    /// Potential conflicts: shown, not blocking.
    pub warnings: Vec<String>,
    pub load: ReviewerLoad,
    /// Their invitation in this round, if any.
    pub invited: Option<InvitationStatus>,
    /// For the authors' suggestions: the reason they gave.
    pub suggested_because: String,
    /// For reviewers of earlier rounds: which rounds they reviewed ("Reviewed round 1").
    pub reviewed_rounds: String,
    /// For the suggestions by expertise: why they match, in one line (issue 19).
    pub expertise: String,
    /// For someone a declining reviewer suggested: who, and why (issue 28 part 3).
    pub suggested_by_decliner: String,
    /// For the suggestions by expertise: an author of the collection's published articles,
    /// and whether they offered to review (an author may not have).
    pub published_author: bool,
    pub offered_to_review: bool,
    /// Who this reviewer may be, in plain words with the evidence (issue 27): shown, never
    /// blocking, and kept with the invitation.
    pub signals: Vec<crate::domain::reviewer_identity::IdentitySignal>,
    /// Their reviews here, in counts only (issue 19 part 3): filled by [`add_histories`].
    pub history: String,
}

impl ReviewerCandidate {
    pub fn may_be_invited(&self) -> bool {
        self.blocks.is_empty()
            && !self.invited.is_some_and(InvitationStatus::is_taken_on)
            && self.invited != Some(InvitationStatus::Invited)
    }
}

pub struct ReviewerSearch {
    /// Those who reviewed an earlier round: the first people to ask about a revision.
    pub earlier: Vec<ReviewerCandidate>,
    pub suggested: Vec<ReviewerCandidate>,
    /// (name, e-mail, reason) of each reviewer the authors opposed.
    pub opposed: Vec<(String, String, String)>,
    pub results: Vec<ReviewerCandidate>,
    pub searched: bool,
    pub topics: Vec<String>,
}

/// The person an address belongs to: their primary address or a confirmed extra one.
pub fn person_by_address(conn: &mut DbConnection, email: &str) -> QueryResult<Option<Person>> {
    if let Some(p) = accounts::find_person_by_email(conn, email)? {
        return Ok(Some(p));
    }
    let owner: Option<i64> = person_emails::table
        .filter(person_emails::email.eq(email))
        .filter(person_emails::confirmed_at.is_not_null())
        .select(person_emails::person_id)
        .first(conn)
        .optional()?;
    match owner {
        Some(id) => accounts::find_person(conn, id),
        None => Ok(None),
    }
}

/// Everything that stops or warns about one person reviewing one submission.
pub(super) struct Judge {
    parties: PreparedSubmission,
    rulings: Vec<editorial_store::Ruling>,
    settings: crate::domain::conflicts::Settings,
    handling_editor_id: Option<i64>,
    round: i32,
    invitations: Vec<ReviewInvitation>,
    /// The authors (name, address), for the identity signals.
    authors: Vec<(String, String)>,
}

impl Judge {
    pub(super) fn new(conn: &mut DbConnection, s: &Submission, site: &Site) -> QueryResult<Judge> {
        Ok(Judge {
            parties: PreparedSubmission::new(&profiles::parties_of(conn, s.id)?),
            rulings: editorial_store::rulings_on(conn, s.id)?,
            settings: site.settings(),
            handling_editor_id: s.handling_editor_id,
            round: s.current_round,
            invitations: store::of_submission(conn, s.id)?,
            authors: crate::db::identity::authors_of(conn, s.id)?,
        })
    }

    fn findings(&self, person_id: Option<i64>, profile: &PersonProfile) -> Vec<Finding> {
        let found = findings_prepared(&PreparedPerson::new(profile), &self.parties, &self.settings);
        match person_id {
            Some(id) => apply_rulings(id, found, &self.rulings),
            None => found,
        }
    }

    pub(super) fn candidate(
        &self,
        conn: &mut DbConnection,
        person: Option<&Person>,
        name: &str,
        email: &str,
    ) -> QueryResult<ReviewerCandidate> {
        let profile = match person {
            Some(p) => profiles::profile_of(conn, p)?,
            None => PersonProfile {
                name: name.to_owned(),
                emails: vec![email.to_owned()],
                ..PersonProfile::default()
            },
        };
        let load = match person {
            Some(p) => store::load_of(conn, p.id)?,
            None => ReviewerLoad::default(),
        };
        let colleagues = crate::db::identity::colleague_addresses(
            conn,
            person.map_or("", |p| p.affiliation.trim()),
            person.map(|p| p.id),
        )?;
        self.candidate_with(conn, person, (name, email), &profile, (load, &colleagues))
    }

    /// Whether a confirmed conflict (or handling the submission) stops this person: in
    /// memory, so a long ranked list is sifted before anyone's load is read.
    pub(super) fn blocked(&self, person: &Person, profile: &PersonProfile) -> bool {
        Some(person.id) == self.handling_editor_id
            || self
                .findings(Some(person.id), profile)
                .iter()
                .any(|f| f.strength == Strength::Confirmed)
    }

    /// [`Judge::candidate`] with the profile, load and the institution's confirmed
    /// colleagues' addresses already known (suggestions read the profiles of many at once
    /// and remember the colleagues per institution).
    pub(super) fn candidate_with(
        &self,
        conn: &mut DbConnection,
        person: Option<&Person>,
        (name, email): (&str, &str),
        profile: &PersonProfile,
        (load, colleagues): (ReviewerLoad, &[String]),
    ) -> QueryResult<ReviewerCandidate> {
        let found = self.findings(person.map(|p| p.id), profile);
        let mut blocks: Vec<String> = found
            .iter()
            .filter(|f| f.strength == Strength::Confirmed)
            .map(|f| f.reason.clone())
            .collect();
        if person.is_some_and(|p| Some(p.id) == self.handling_editor_id) {
            blocks.push("Handles this submission as editor".to_owned());
        }
        let invited = person.and_then(|p| {
            self.invitations
                .iter()
                .rev()
                .find(|i| i.reviewer_id == p.id && i.round == self.round)
                .map(ReviewInvitation::status)
        });
        let signals = super::identity::identity_signals(
            conn,
            person,
            (name, email),
            &self.authors,
            colleagues,
        )?;
        Ok(ReviewerCandidate {
            person_id: person.map(|p| p.id),
            name: person.map_or(name, |p| &p.name).to_owned(),
            email: person.map_or(email, |p| &p.email).to_owned(),
            affiliation: person.map(|p| p.affiliation.clone()).unwrap_or_default(),
            blocks,
            warnings: found
                .iter()
                .filter(|f| f.strength == Strength::Potential)
                .map(|f| f.reason.clone())
                .collect(),
            load,
            invited,
            suggested_because: String::new(),
            reviewed_rounds: String::new(),
            expertise: String::new(),
            suggested_by_decliner: String::new(),
            published_author: false,
            offered_to_review: false,
            signals,
            history: String::new(),
        })
    }
}

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

fn like_pattern(q: &str) -> String {
    let escaped: String = q
        .trim()
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

/// The ids of people matching a search: by name, address, affiliation or expertise (titles
/// of their listed publications, keywords of their own submissions), and by topic (topics
/// of their submissions, editors' topics).
fn matching_people(conn: &mut DbConnection, query: &ReviewerQuery) -> QueryResult<Vec<i64>> {
    let mut ids: Option<Vec<i64>> = None;
    let q = query.q.trim();
    if !q.is_empty() {
        let pattern = like_pattern(q);
        let mut found: Vec<i64> = people::table
            .filter(
                lower(people::name)
                    .like(&pattern)
                    .escape('\\')
                    .or(lower(people::email).like(&pattern).escape('\\'))
                    .or(lower(people::affiliation).like(&pattern).escape('\\'))
                    .or(lower(people::bio).like(&pattern).escape('\\')),
            )
            .select(people::id)
            .limit(SEARCH_LIMIT * 4)
            .load(conn)?;
        found.extend(
            publications::table
                .filter(lower(publications::title).like(&pattern).escape('\\'))
                .select(publications::person_id)
                .limit(SEARCH_LIMIT * 4)
                .load::<i64>(conn)?,
        );
        found.extend(
            submission_authors::table
                .inner_join(submissions::table)
                .filter(lower(submissions::keywords).like(&pattern).escape('\\'))
                .filter(submission_authors::person_id.is_not_null())
                .select(submission_authors::person_id.assume_not_null())
                .limit(SEARCH_LIMIT * 4)
                .load::<i64>(conn)?,
        );
        ids = Some(found);
    }
    let topic = query.topic.trim();
    if !topic.is_empty() {
        let mut found: Vec<i64> = submission_authors::table
            .inner_join(
                submission_topics::table
                    .on(submission_topics::submission_id.eq(submission_authors::submission_id)),
            )
            .filter(submission_topics::topic.eq(topic))
            .filter(submission_authors::person_id.is_not_null())
            .select(submission_authors::person_id.assume_not_null())
            .limit(SEARCH_LIMIT * 4)
            .load(conn)?;
        found.extend(
            editor_profiles::table
                .filter(
                    lower(editor_profiles::topics)
                        .like(like_pattern(topic))
                        .escape('\\'),
                )
                .select(editor_profiles::person_id)
                .load::<i64>(conn)?,
        );
        ids = Some(match ids {
            Some(by_text) => by_text.into_iter().filter(|i| found.contains(i)).collect(),
            None => found,
        });
    }
    let mut ids = ids.unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    ids.retain(|i| seen.insert(*i));
    ids.truncate(SEARCH_LIMIT as usize);
    Ok(ids)
}

/// Who submitted a review in a round before `current_round`, each once, in the order they
/// were first invited, with "Reviewed round 1 as Reviewer 2" or "Reviewed rounds 1 and 2 as
/// Reviewer 2".
pub fn earlier_reviewers(
    invitations: &[ReviewInvitation],
    current_round: i32,
) -> Vec<(i64, String)> {
    let numbers = reviewer_numbers(invitations);
    let mut out: Vec<(i64, Vec<String>)> = Vec::new();
    for i in invitations
        .iter()
        .filter(|i| i.round < current_round && i.status() == InvitationStatus::Submitted)
    {
        match out.iter_mut().find(|(id, _)| *id == i.reviewer_id) {
            Some((_, rounds)) => rounds.push(i.round.to_string()),
            None => out.push((i.reviewer_id, vec![i.round.to_string()])),
        }
    }
    out.into_iter()
        .map(|(id, rounds)| {
            let refs: Vec<&str> = rounds.iter().map(String::as_str).collect();
            let word = if rounds.len() == 1 { "round" } else { "rounds" };
            let number = numbers
                .label(id)
                .map(|l| format!(" as {l}"))
                .unwrap_or_default();
            (
                id,
                format!(
                    "Reviewed {word} {}{number}",
                    crate::domain::person_name::join_names(&refs)
                ),
            )
        })
        .collect()
}

/// The reviewer search on a submission's editorial page: the authors' suggestions and
/// oppositions first, then the people matching the query, each with conflicts and load.
/// `None` when the person may not manage its reviewers.
pub fn search(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    query: &ReviewerQuery,
    site: &Site,
) -> QueryResult<Option<ReviewerSearch>> {
    let asker = Asker::new(person, roles, site);
    let Some(a) = asker.access_for(conn, submission_id, SubmissionAction::ManageReviewers)? else {
        return Ok(None);
    };
    let s = a.submission;
    let judge = Judge::new(conn, &s, site)?;
    let mut earlier = Vec::new();
    for (reviewer_id, rounds) in earlier_reviewers(&judge.invitations, s.current_round) {
        if let Some(p) = accounts::find_person(conn, reviewer_id)? {
            let mut c = judge.candidate(conn, Some(&p), &p.name, &p.email)?;
            c.reviewed_rounds = rounds;
            earlier.push(c);
        }
    }
    let mut suggested = Vec::new();
    let mut opposed = Vec::new();
    for p in submissions_store::preferences_of(conn, s.id)? {
        if p.kind == SUGGESTED_REVIEWER {
            let known = match EmailAddress::parse(&p.email) {
                Ok(e) => person_by_address(conn, e.as_str())?,
                Err(_) => None,
            };
            let mut c = judge.candidate(conn, known.as_ref(), &p.name, &p.email)?;
            c.suggested_because = p.reason;
            suggested.push(c);
        } else if p.kind == submissions_store::OPPOSED_REVIEWER {
            opposed.push((p.name, p.email, p.reason));
        }
    }
    let searched = !query.q.trim().is_empty() || !query.topic.trim().is_empty();
    let mut results = Vec::new();
    if searched {
        for id in matching_people(conn, query)? {
            if let Some(p) = accounts::find_person(conn, id)? {
                results.push(judge.candidate(conn, Some(&p), &p.name, &p.email)?);
            }
        }
        // Those who may be invited first, then by name.
        results.sort_by(|a, b| {
            (!a.may_be_invited(), a.name.to_lowercase())
                .cmp(&(!b.may_be_invited(), b.name.to_lowercase()))
        });
    }
    Ok(Some(ReviewerSearch {
        earlier,
        suggested,
        opposed,
        results,
        searched,
        topics: collections::topics_of(conn, s.collection_id)?,
    }))
}

/// Each listed person's review history, one line in counts only (done, on time, turnaround,
/// mean rating), for every list of the reviewers page at once: one query in all.
pub fn add_histories(
    conn: &mut DbConnection,
    lists: &mut [&mut Vec<ReviewerCandidate>],
) -> QueryResult<()> {
    let mut ids: Vec<i64> = lists
        .iter()
        .flat_map(|l| l.iter().filter_map(|c| c.person_id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let histories = crate::workflow::recognition::histories(conn, &ids)?;
    for list in lists.iter_mut() {
        for c in list.iter_mut() {
            if let Some(h) = c.person_id.and_then(|id| histories.get(&id)) {
                c.history = h.summary();
            }
        }
    }
    Ok(())
}
