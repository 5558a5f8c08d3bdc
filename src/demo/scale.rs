//! Scale data for load tests (`peerdesk demo --scale N`): N submissions spread over every
//! state and revision round, about three review invitations each, up to 20,000 people with
//! affiliations and publication histories, authors, topics, timelines and sent e-mails.
//!
//! Deterministic (a xorshift generator with a fixed seed), inserted in multi-row INSERTs of
//! a few thousand rows inside transactions, on SQLite or PostgreSQL. Never in production
//! mode (the caller checks). One argon2 hash serves every account, so loading is fast; the
//! password is random and printed once with a few logins for each role.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{
    accounts, affiliations, editor_profiles, events, handling_assignments, manuscript_counters,
    outbox, people, publication_coauthors, publications, review_invitations, roles,
    submission_authors, submission_topics, submissions,
};
use crate::db::{DbConnection, collections, facts, now, seed, write_transaction};
use crate::domain::Role;
use crate::security::{password, token};

/// Multi-row INSERTs run on the backend's own connection: diesel's `MultiConnection`
/// does not support batch inserts.
macro_rules! batch_execute {
    ($conn:expr, $query:expr) => {
        match $conn {
            DbConnection::Sqlite(c) => $query.execute(c),
            DbConnection::Postgresql(c) => $query.execute(c),
        }
    };
}

/// As `batch_execute!`, returning the new rows' ids.
macro_rules! batch_ids {
    ($conn:expr, $query:expr) => {
        match $conn {
            DbConnection::Sqlite(c) => $query.get_results::<i64>(c),
            DbConnection::Postgresql(c) => $query.get_results::<i64>(c),
        }
    };
}

/// Recorded once scale data is loaded; a second run is refused.
pub const SCALE_LOADED: &str = "scale_data_loaded";

/// SQLite allows 32,766 bound values per statement; PostgreSQL 65,535.
const MAX_BINDS: usize = 32_000;

/// Submissions per transaction.
const SUBMISSIONS_PER_TX: usize = 2_000;

/// Board members who handle submissions.
const EDITORS: usize = 40;

/// A small xorshift64* generator: deterministic, no dependency.
pub struct XorShift(u64);

impl XorShift {
    pub fn new(seed: u64) -> Self {
        XorShift(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// One printed login.
pub struct ScaleLogin {
    pub role: &'static str,
    pub email: String,
    /// How many submissions this person submitted or handles (0 when not relevant).
    pub count: usize,
}

/// What was loaded, and who can sign in.
pub struct ScaleReport {
    pub submissions: usize,
    pub people: usize,
    pub invitations: usize,
    pub events: usize,
    pub password: String,
    pub logins: Vec<ScaleLogin>,
    /// One submission's id for the editorial page (under review, handled by the busy editor).
    pub sample_submission_id: i64,
}

const FIRST: &[&str] = &[
    "Amara", "Ben", "Chiara", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ines", "Jonas", "Keiko",
    "Lars", "Maya", "Nikhil", "Olga", "Pedro", "Qiu", "Rosa", "Samir", "Tove", "Umar", "Vera",
    "Wei", "Ximena", "Yusuf", "Zofia", "Ana", "Bruno", "Carmen", "David",
];
const LAST: &[&str] = &[
    "Abebe",
    "Bauer",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okonkwo",
    "Petrov",
    "Quinn",
    "Rahman",
    "Silva",
    "Tanaka",
    "Urbanek",
    "Varga",
    "Wang",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Patel",
    "Müller",
    "Rossi",
    "Kim",
];
const INSTITUTIONS: &[(&str, &str)] = &[
    ("Karolinska Institutet, Stockholm, Sweden", "ki"),
    ("Gustave Roussy, Villejuif, France", "gustaveroussy"),
    ("Tata Memorial Centre, Mumbai, India", "tmc"),
    ("University of Lagos, Nigeria", "unilag"),
    (
        "Sun Yat-sen University Cancer Center, Guangzhou, China",
        "sysucc",
    ),
    ("Heidelberg University Hospital, Germany", "uni-heidelberg"),
    ("Hospital Universitario La Paz, Madrid, Spain", "lapaz"),
    ("University of Milan, Italy", "unimi"),
    (
        "Memorial Sloan Kettering Cancer Center, New York, USA",
        "mskcc",
    ),
    (
        "Peter MacCallum Cancer Centre, Melbourne, Australia",
        "petermac",
    ),
    ("Princess Margaret Cancer Centre, Toronto, Canada", "uhn"),
    ("National Cancer Center, Tokyo, Japan", "ncc"),
    ("Aga Khan University, Karachi, Pakistan", "aku"),
    (
        "Masaryk Memorial Cancer Institute, Brno, Czech Republic",
        "mou",
    ),
    ("Netherlands Cancer Institute, Amsterdam", "nki"),
    ("University of Cape Town, South Africa", "uct"),
    ("A.C. Camargo Cancer Center, São Paulo, Brazil", "accamargo"),
    ("Seoul National University Hospital, Korea", "snuh"),
    ("Rigshospitalet, Copenhagen, Denmark", "rh"),
    ("Royal Marsden Hospital, London, UK", "rmh"),
];
const CANCERS: &[&str] = &[
    "Uveal melanoma",
    "Retinoblastoma",
    "Adult rhabdomyosarcoma",
    "Mesothelioma",
    "Cholangiocarcinoma",
    "Chordoma",
    "Thymoma",
    "Adrenocortical carcinoma",
    "Merkel cell carcinoma",
    "Ewing sarcoma",
    "Neuroendocrine tumours of the pancreas",
    "Gastrointestinal stromal tumour",
];
const STUDY: &[&str] = &[
    "A retrospective cohort of",
    "Outcomes of",
    "Germline variants in",
    "A registry study of",
    "Treatment patterns in",
    "Survival after surgery for",
    "Immunotherapy for",
    "Quality of life in survivors of",
];
const WHERE: &[&str] = &[
    "in adults",
    "in children and adolescents",
    "across seven centres",
    "in a national registry",
    "over two decades",
    "in low- and middle-income countries",
];
const COMMENTS: &[&str] = &[
    "The cohort is well described, but the survival analysis should account for immortal time bias.",
    "Please report the number of patients lost to follow-up and how missing data were handled.",
    "The conclusions go further than the data; the comparison group is small.",
    "A clear and useful study. Minor: the second table repeats the text.",
    "The methods need the inclusion criteria and the dates of the study period.",
];
const RECOMMENDATIONS: &[&str] = &["accept", "minor_revision", "major_revision", "reject"];

/// The states with their share (percent) of the submissions.
const STATES: &[(&str, usize)] = &[
    ("submitted", 15),
    ("under_review", 25),
    ("revision_requested", 10),
    ("accepted", 5),
    ("published", 20),
    ("rejected", 20),
    ("withdrawn", 5),
];

fn pick_state(rng: &mut XorShift) -> &'static str {
    let mut roll = rng.below(100);
    for (state, share) in STATES {
        if roll < *share {
            return state;
        }
        roll -= share;
    }
    "submitted"
}

fn chunk_rows(columns: usize) -> usize {
    (MAX_BINDS / columns).max(1)
}

/// How many people for N submissions: 20,000 from N = 10,000 up, fewer for small N.
pub fn people_for(n: usize) -> usize {
    (n * 2).clamp(300, 20_000)
}

/// Loads N submissions and their world. Refuses when scale data was loaded before.
pub fn load(conn: &mut DbConnection, n: usize) -> anyhow::Result<ScaleReport> {
    seed::ensure_seeded(conn)?;
    if facts::get(conn, SCALE_LOADED)?.is_some() {
        anyhow::bail!("scale data is already loaded in this database; use a fresh one");
    }
    let plain = token::random_hex(8);
    let hash = password::hash_password(&plain)?;
    let journal = collections::find_journal_by_name(conn, seed::JOURNAL_NAME)?
        .ok_or_else(|| anyhow::anyhow!("the seed journal is missing"))?;
    let collection = collections::find_collection_by_slug(conn, seed::COLLECTION_SLUG)?
        .ok_or_else(|| anyhow::anyhow!("the seed collection is missing"))?;
    let topics = collections::topics_of(conn, collection.id)?;
    let mut rng = XorShift::new(0x9E37_79B9_7F4A_7C15);
    let started = now() - Duration::days(5 * 365);
    let n_people = people_for(n);

    // People, with affiliations and publication histories.
    let people_ids = write_transaction(conn, |conn| -> anyhow::Result<Vec<i64>> {
        facts::record_once(conn, SCALE_LOADED, &n.to_string())?;
        insert_people(conn, &mut rng, n_people, started)
    })?;
    // Roles: person 0 editor-in-chief, 1..=EDITORS board members (handling editors), the
    // next 2,000 (or a tenth) reviewers. Accounts for a quarter of everyone, and for all
    // of these.
    let chief = people_ids[0];
    let editors: Vec<i64> = people_ids[1..=EDITORS].to_vec();
    let n_reviewers = (n_people / 10).clamp(50, 2_000);
    let reviewers: Vec<i64> = people_ids[EDITORS + 1..EDITORS + 1 + n_reviewers].to_vec();
    let authors_pool: Vec<i64> = people_ids[EDITORS + 1..].to_vec();
    // The busy author: the first person after the reviewers.
    let busy_author = people_ids[EDITORS + 1 + n_reviewers];
    write_transaction(conn, |conn| -> anyhow::Result<()> {
        let at = now();
        let mut rows = Vec::new();
        rows.push((
            roles::person_id.eq(chief),
            roles::role.eq(Role::EditorInChief.as_str()),
            roles::journal_id.eq(Some(journal.id)),
            roles::granted_at.eq(at),
        ));
        for e in &editors {
            rows.push((
                roles::person_id.eq(*e),
                roles::role.eq(Role::BoardMember.as_str()),
                roles::journal_id.eq(Some(journal.id)),
                roles::granted_at.eq(at),
            ));
        }
        for r in &reviewers {
            rows.push((
                roles::person_id.eq(*r),
                roles::role.eq(Role::Reviewer.as_str()),
                roles::journal_id.eq(Some(journal.id)),
                roles::granted_at.eq(at),
            ));
        }
        for chunk in rows.chunks(chunk_rows(4)) {
            batch_execute!(
                conn,
                diesel::insert_into(roles::table).values(chunk.to_vec())
            )?;
        }
        let profiles: Vec<_> = editors
            .iter()
            .enumerate()
            .map(|(i, e)| {
                (
                    editor_profiles::person_id.eq(*e),
                    editor_profiles::journal_id.eq(journal.id),
                    editor_profiles::capacity.eq(if i == 0 { 10_000 } else { 50 }),
                    editor_profiles::available.eq(true),
                    editor_profiles::topics.eq(topics
                        .iter()
                        .skip(i % topics.len().max(1))
                        .take(2)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("\n")),
                )
            })
            .collect();
        batch_execute!(
            conn,
            diesel::insert_into(editor_profiles::table).values(profiles)
        )?;
        let with_account: Vec<i64> = people_ids
            .iter()
            .enumerate()
            .filter(|(i, _)| *i <= EDITORS + n_reviewers + 1 || i.is_multiple_of(4))
            .map(|(_, id)| *id)
            .collect();
        let rows: Vec<_> = with_account
            .iter()
            .map(|id| {
                (
                    accounts::person_id.eq(*id),
                    accounts::password_hash.eq(hash.as_str()),
                    accounts::email_verified_at.eq(Some(at)),
                    accounts::created_at.eq(at),
                )
            })
            .collect();
        for chunk in rows.chunks(chunk_rows(4)) {
            batch_execute!(
                conn,
                diesel::insert_into(accounts::table).values(chunk.to_vec())
            )?;
        }
        Ok(())
    })?;

    // Submissions, in transactions of SUBMISSIONS_PER_TX.
    let mut counters: std::collections::BTreeMap<i32, i32> = manuscript_counters::table
        .filter(manuscript_counters::collection_id.eq(collection.id))
        .select((manuscript_counters::year, manuscript_counters::last_number))
        .load::<(i32, i32)>(conn)?
        .into_iter()
        .collect();
    let mut totals = (0usize, 0usize); // invitations, events
    let mut busy_editor_count = 0;
    let mut busy_author_count = 0;
    let mut sample_submission_id = 0;
    let mut done = 0;
    while done < n {
        let batch = SUBMISSIONS_PER_TX.min(n - done);
        let ctx = BatchContext {
            collection_id: collection.id,
            prefix: &collection.manuscript_prefix,
            topics: &topics,
            editors: &editors,
            reviewers: &reviewers,
            authors_pool: &authors_pool,
            busy_author,
            chief,
            started,
            n,
        };
        let out = write_transaction(conn, |conn| {
            insert_submissions(conn, &mut rng, &ctx, done, batch, &mut counters)
        })?;
        totals.0 += out.invitations;
        totals.1 += out.events;
        busy_editor_count += out.busy_editor;
        busy_author_count += out.busy_author;
        if sample_submission_id == 0 {
            sample_submission_id = out.sample;
        }
        done += batch;
    }
    write_transaction(conn, |conn| -> anyhow::Result<()> {
        for (year, last) in &counters {
            diesel::delete(
                manuscript_counters::table
                    .filter(manuscript_counters::collection_id.eq(collection.id))
                    .filter(manuscript_counters::year.eq(*year)),
            )
            .execute(conn)?;
            batch_execute!(
                conn,
                diesel::insert_into(manuscript_counters::table).values((
                    manuscript_counters::collection_id.eq(collection.id),
                    manuscript_counters::year.eq(*year),
                    manuscript_counters::last_number.eq(*last),
                ))
            )?;
        }
        Ok(())
    })?;

    let email_of = |conn: &mut DbConnection, id: i64| -> anyhow::Result<String> {
        Ok(people::table
            .find(id)
            .select(people::email)
            .first::<String>(conn)?)
    };
    let mut logins = vec![
        ScaleLogin {
            role: "editor-in-chief",
            email: email_of(conn, chief)?,
            count: n,
        },
        ScaleLogin {
            role: "editor",
            email: email_of(conn, editors[0])?,
            count: busy_editor_count,
        },
        ScaleLogin {
            role: "author",
            email: email_of(conn, busy_author)?,
            count: busy_author_count,
        },
    ];
    for e in editors.iter().skip(1).take(2) {
        logins.push(ScaleLogin {
            role: "editor",
            email: email_of(conn, *e)?,
            count: 0,
        });
    }
    for r in reviewers.iter().take(2) {
        logins.push(ScaleLogin {
            role: "reviewer",
            email: email_of(conn, *r)?,
            count: 0,
        });
    }
    Ok(ScaleReport {
        submissions: n,
        people: n_people,
        invitations: totals.0,
        events: totals.1,
        password: plain,
        logins,
        sample_submission_id,
    })
}

/// The printed summary; `bench/load.sh` reads the `login` and `sample` lines.
pub fn format_report(r: &ScaleReport, base_url: &str, seconds: f64) -> String {
    let mut out = format!(
        "Scale data loaded in {seconds:.1} s: {} submissions, {} people, {} review invitations, {} events.\n\
         Every account's password (shown once): {}\n\
         Sign in at {base_url}/login as:\n",
        r.submissions, r.people, r.invitations, r.events, r.password
    );
    for l in &r.logins {
        out.push_str(&format!(
            "login {:<16} {:<48} {} {}\n",
            l.role, l.email, r.password, l.count
        ));
    }
    out.push_str(&format!(
        "sample submission {} ({base_url}/editorial/submissions/{})\n",
        r.sample_submission_id, r.sample_submission_id
    ));
    out
}

fn insert_people(
    conn: &mut DbConnection,
    rng: &mut XorShift,
    count: usize,
    started: NaiveDateTime,
) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(count);
    let mut rows = Vec::with_capacity(count);
    let mut institutions = Vec::with_capacity(count);
    for i in 0..count {
        let first = *rng.pick(FIRST);
        let last = *rng.pick(LAST);
        let inst = rng.below(INSTITUTIONS.len());
        institutions.push(inst);
        let (affiliation, domain) = INSTITUTIONS[inst];
        let ascii_last: String = last
            .chars()
            .map(|c| match c {
                'í' => 'i',
                'ü' => 'u',
                _ => c,
            })
            .filter(char::is_ascii_alphanumeric)
            .collect();
        rows.push((
            people::name.eq(format!("{first} {last}")),
            people::email.eq(format!(
                "{}.{}.{i}@{domain}.example",
                first.to_lowercase(),
                ascii_last.to_lowercase()
            )),
            people::affiliation.eq(affiliation),
            people::bio.eq(""),
            people::created_at.eq(started),
            people::updated_at.eq(started),
            people::mail_digest.eq(false),
        ));
    }
    for chunk in rows.chunks(chunk_rows(7)) {
        let got: Vec<i64> = batch_ids!(
            conn,
            diesel::insert_into(people::table)
                .values(chunk.to_vec())
                .returning(people::id)
        )?;
        ids.extend(got);
    }
    // Affiliations: the current one and up to two earlier ones.
    let mut aff = Vec::new();
    for (k, id) in ids.iter().enumerate() {
        let since =
            NaiveDate::from_ymd_opt(2010 + rng.below(14) as i32, 1 + rng.below(12) as u32, 1)
                .unwrap_or_default();
        aff.push((
            affiliations::person_id.eq(*id),
            affiliations::institution.eq(INSTITUTIONS[institutions[k]].0),
            affiliations::starts_on.eq(Some(since)),
            affiliations::ends_on.eq(None::<NaiveDate>),
        ));
        for _ in 0..rng.below(3) {
            let start =
                NaiveDate::from_ymd_opt(1995 + rng.below(14) as i32, 9, 1).unwrap_or_default();
            aff.push((
                affiliations::person_id.eq(*id),
                affiliations::institution.eq(rng.pick(INSTITUTIONS).0),
                affiliations::starts_on.eq(Some(start)),
                affiliations::ends_on.eq(Some(since)),
            ));
        }
    }
    for chunk in aff.chunks(chunk_rows(4)) {
        batch_execute!(
            conn,
            diesel::insert_into(affiliations::table).values(chunk.to_vec())
        )?;
    }
    // Publications: 0 to 5 each, with 1 to 4 co-authors from the same population.
    let mut pubs = Vec::new();
    for id in &ids {
        for _ in 0..rng.below(6) {
            pubs.push((
                publications::person_id.eq(*id),
                publications::title.eq(format!(
                    "{} {} {}",
                    rng.pick(STUDY),
                    rng.pick(CANCERS).to_lowercase(),
                    rng.pick(WHERE)
                )),
                publications::year.eq(2005 + rng.below(21) as i32),
            ));
        }
    }
    let mut pub_ids = Vec::with_capacity(pubs.len());
    for chunk in pubs.chunks(chunk_rows(3)) {
        let got: Vec<i64> = batch_ids!(
            conn,
            diesel::insert_into(publications::table)
                .values(chunk.to_vec())
                .returning(publications::id)
        )?;
        pub_ids.extend(got);
    }
    let names: Vec<(String, String)> = people::table
        .filter(people::id.eq_any(&ids[..ids.len().min(2_000)]))
        .select((people::name, people::email))
        .load(conn)?;
    let mut coauthors = Vec::new();
    for p in &pub_ids {
        for _ in 0..1 + rng.below(4) {
            let (name, email) = rng.pick(&names).clone();
            coauthors.push((
                publication_coauthors::publication_id.eq(*p),
                publication_coauthors::name.eq(name),
                publication_coauthors::email.eq(Some(email)),
            ));
        }
    }
    for chunk in coauthors.chunks(chunk_rows(3)) {
        batch_execute!(
            conn,
            diesel::insert_into(publication_coauthors::table).values(chunk.to_vec())
        )?;
    }
    Ok(ids)
}

struct BatchContext<'a> {
    collection_id: i64,
    prefix: &'a str,
    topics: &'a [String],
    editors: &'a [i64],
    reviewers: &'a [i64],
    authors_pool: &'a [i64],
    busy_author: i64,
    chief: i64,
    started: NaiveDateTime,
    n: usize,
}

struct BatchOut {
    invitations: usize,
    events: usize,
    busy_editor: usize,
    busy_author: usize,
    sample: i64,
}

/// One planned submission, before its id is known.
struct Planned {
    state: &'static str,
    round: i32,
    submitter: i64,
    editor: Option<i64>,
    submitted_at: NaiveDateTime,
}

fn insert_submissions(
    conn: &mut DbConnection,
    rng: &mut XorShift,
    ctx: &BatchContext<'_>,
    offset: usize,
    batch: usize,
    counters: &mut std::collections::BTreeMap<i32, i32>,
) -> anyhow::Result<BatchOut> {
    let span_minutes = 5 * 365 * 24 * 60;
    let busy_author_every = (ctx.n / 60).max(4);
    let mut plans = Vec::with_capacity(batch);
    let mut rows = Vec::with_capacity(batch);
    let mut out = BatchOut {
        invitations: 0,
        events: 0,
        busy_editor: 0,
        busy_author: 0,
        sample: 0,
    };
    for k in 0..batch {
        let i = offset + k;
        // Spread evenly over five years, oldest first.
        let submitted_at = ctx.started
            + Duration::minutes((i as i64 * span_minutes) / ctx.n.max(1) as i64)
            + Duration::seconds(rng.below(3600) as i64);
        let year = chrono::Datelike::year(&submitted_at);
        let number = counters.entry(year).or_insert(0);
        *number += 1;
        let state = pick_state(rng);
        let round = if matches!(state, "submitted" | "under_review") && rng.chance(70) {
            1
        } else {
            1 + rng.below(3) as i32
        };
        let submitter = if i.is_multiple_of(busy_author_every) {
            out.busy_author += 1;
            ctx.busy_author
        } else {
            *rng.pick(ctx.authors_pool)
        };
        // A quarter go to the busiest editor; a few new ones wait for one.
        let editor = if state == "submitted" && rng.chance(10) {
            None
        } else if rng.chance(25) {
            out.busy_editor += 1;
            Some(ctx.editors[0])
        } else {
            Some(*rng.pick(&ctx.editors[1..]))
        };
        let cancer = *rng.pick(CANCERS);
        let title = format!(
            "{} {} {}",
            rng.pick(STUDY),
            cancer.to_lowercase(),
            rng.pick(WHERE)
        );
        let updated_at = submitted_at + Duration::days(rng.below(200) as i64);
        rows.push((
            (
                submissions::collection_id.eq(ctx.collection_id),
                submissions::submitter_id.eq(submitter),
                submissions::manuscript_number.eq(Some(crate::db::submissions::format_manuscript_number(
                    ctx.prefix, year, *number,
                ))),
                submissions::state.eq(state),
                submissions::current_round.eq(round),
                submissions::article_type.eq("Research Article"),
                submissions::title.eq(title),
                submissions::abstract_text.eq(format!(
                    "Background: {cancer} is rare and evidence is scattered. Methods: We studied {} patients treated between 2005 and 2024. Results: Outcomes differed by stage and treatment. Conclusions: Pooled data make better trials possible.",
                    40 + rng.below(900)
                )),
                submissions::keywords.eq(format!("{}, rare cancer, registry", cancer.to_lowercase())),
                submissions::rare_cancer_type.eq(cancer),
            ),
            (
                submissions::competing_interests.eq("none"),
                submissions::ethics_statement.eq("Approved by the institutional review boards of the participating centres."),
                submissions::data_availability.eq("Available from the corresponding author on reasonable request."),
                submissions::funding.eq("None"),
                submissions::handling_editor_id.eq(editor),
                submissions::created_at.eq(submitted_at - Duration::hours(2)),
                submissions::updated_at.eq(updated_at),
                submissions::submitted_at.eq(Some(submitted_at)),
            ),
        ));
        plans.push(Planned {
            state,
            round,
            submitter,
            editor,
            submitted_at,
        });
    }
    let mut ids = Vec::with_capacity(batch);
    for chunk in rows.chunks(chunk_rows(18)) {
        let got: Vec<i64> = batch_ids!(
            conn,
            diesel::insert_into(submissions::table)
                .values(chunk.to_vec())
                .returning(submissions::id)
        )?;
        ids.extend(got);
    }

    let mut authors = Vec::new();
    let mut topic_rows = Vec::new();
    let mut event_rows = Vec::new();
    let mut invitation_rows = Vec::new();
    let mut assignment_rows = Vec::new();
    let mut outbox_rows = Vec::new();
    let people_rows: std::collections::HashMap<i64, (i64, String, String, String)> = {
        let mut wanted: Vec<i64> = plans.iter().map(|p| p.submitter).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut found = Vec::new();
        for chunk in wanted.chunks(chunk_rows(1)) {
            found.extend(
                people::table
                    .filter(people::id.eq_any(chunk))
                    .select((people::id, people::name, people::email, people::affiliation))
                    .load::<(i64, String, String, String)>(conn)?,
            );
        }
        found.into_iter().map(|p| (p.0, p)).collect()
    };
    let person = |id: i64| people_rows.get(&id);
    for (plan, id) in plans.iter().zip(&ids) {
        let id = *id;
        if plan.state == "under_review" && plan.editor == Some(ctx.editors[0]) && out.sample == 0 {
            out.sample = id;
        }
        let (_, name, email, affiliation) = person(plan.submitter).cloned().unwrap_or((
            0,
            String::new(),
            String::new(),
            String::new(),
        ));
        authors.push((
            submission_authors::submission_id.eq(id),
            submission_authors::position.eq(0),
            submission_authors::name.eq(name),
            submission_authors::email.eq(email.clone()),
            submission_authors::affiliation.eq(affiliation),
            submission_authors::is_corresponding.eq(true),
            submission_authors::person_id.eq(Some(plan.submitter)),
        ));
        for pos in 1..=rng.below(6) as i32 {
            let first = *rng.pick(FIRST);
            let last = *rng.pick(LAST);
            let (inst, domain) = *rng.pick(INSTITUTIONS);
            authors.push((
                submission_authors::submission_id.eq(id),
                submission_authors::position.eq(pos),
                submission_authors::name.eq(format!("{first} {last}")),
                submission_authors::email.eq(format!(
                    "{}.coauthor{}.{}@{domain}.example",
                    first.to_lowercase(),
                    id,
                    pos
                )),
                submission_authors::affiliation.eq(inst.to_owned()),
                submission_authors::is_corresponding.eq(false),
                submission_authors::person_id.eq(None::<i64>),
            ));
        }
        let first_topic = rng.below(ctx.topics.len().max(1));
        for t in 0..(1 + rng.below(2)).min(ctx.topics.len()) {
            topic_rows.push((
                submission_topics::submission_id.eq(id),
                submission_topics::topic
                    .eq(ctx.topics[(first_topic + t) % ctx.topics.len()].clone()),
            ));
        }
        let mut at = plan.submitted_at;
        let mut event = |at: NaiveDateTime,
                         actor: Option<i64>,
                         kind: &'static str,
                         from: Option<&'static str>,
                         to: Option<&'static str>,
                         note: String| {
            event_rows.push((
                events::occurred_at.eq(at),
                events::actor_id.eq(actor),
                events::subject_type.eq("submission"),
                events::subject_id.eq(id),
                events::kind.eq(kind),
                events::from_state.eq(from),
                events::to_state.eq(to),
                events::note.eq(note),
            ));
        };
        event(
            at,
            Some(plan.submitter),
            "submit",
            Some("draft"),
            Some("submitted"),
            String::new(),
        );
        outbox_rows.push((
            outbox::created_at.eq(at),
            outbox::kind.eq("submission_received"),
            outbox::recipient_id.eq(Some(plan.submitter)),
            outbox::to_name.eq(String::new()),
            outbox::to_address.eq(email),
            outbox::subject.eq(format!("Submission {id} received")),
            outbox::body_text.eq("Thank you for your submission.".to_owned()),
            outbox::body_html.eq(String::new()),
            outbox::message_id.eq(format!("<scale-{id}-received@peerdesk.example>")),
            outbox::status.eq("sent"),
            outbox::next_attempt_at.eq(at),
            outbox::sent_at.eq(Some(at)),
        ));
        if let Some(editor) = plan.editor {
            at += Duration::hours(6);
            event(
                at,
                None,
                "handling_editor_assigned",
                None,
                None,
                String::new(),
            );
            assignment_rows.push((
                handling_assignments::submission_id.eq(id),
                handling_assignments::editor_id.eq(editor),
                handling_assignments::round.eq(1),
                handling_assignments::assigned_by.eq(Some(ctx.chief)),
                handling_assignments::explanation
                    .eq("Topics match; no competing interests; lowest load."),
                handling_assignments::assigned_at.eq(at),
            ));
        }
        // Reviews for every round that got as far as review.
        let reviewed = plan.state != "submitted" && (plan.state != "withdrawn" || rng.chance(50));
        if reviewed {
            for round in 1..=plan.round {
                let current = round == plan.round;
                let n_inv = if current { 2 + rng.below(3) } else { 2 };
                let first = rng.below(ctx.reviewers.len());
                for r in 0..n_inv {
                    let reviewer = ctx.reviewers[(first + r * 7) % ctx.reviewers.len()];
                    let invited_at = at + Duration::days(1 + r as i64);
                    let status = if current && plan.state == "under_review" {
                        *rng.pick(&["invited", "accepted", "accepted", "submitted", "declined"])
                    } else if rng.chance(20) {
                        "declined"
                    } else {
                        "submitted"
                    };
                    let responded = (status != "invited").then(|| invited_at + Duration::days(2));
                    let done_at = (status == "submitted").then(|| invited_at + Duration::days(12));
                    invitation_rows.push((
                        (
                            review_invitations::submission_id.eq(id),
                            review_invitations::round.eq(round),
                            review_invitations::reviewer_id.eq(reviewer),
                            review_invitations::invited_by.eq(plan.editor),
                            review_invitations::due_on.eq((invited_at + Duration::days(16)).date()),
                            review_invitations::status.eq(status),
                            review_invitations::links_expire_at.eq(invited_at + Duration::days(60)),
                            review_invitations::decline_reason.eq(if status == "declined" {
                                "Too busy this month."
                            } else {
                                ""
                            }),
                            review_invitations::invited_at.eq(invited_at),
                            review_invitations::responded_at.eq(responded),
                        ),
                        (
                            review_invitations::no_conflict_declared_at.eq(
                                if matches!(status, "accepted" | "submitted") {
                                    responded
                                } else {
                                    None
                                },
                            ),
                            review_invitations::recommendation.eq(if status == "submitted" {
                                *rng.pick(RECOMMENDATIONS)
                            } else {
                                ""
                            }),
                            review_invitations::comments_to_authors.eq(if status == "submitted" {
                                *rng.pick(COMMENTS)
                            } else {
                                ""
                            }),
                            review_invitations::confidential_comments.eq(""),
                            review_invitations::review_saved_at.eq(done_at),
                            review_invitations::review_submitted_at.eq(done_at),
                        ),
                    ));
                    event(
                        invited_at,
                        plan.editor,
                        "reviewer_invited",
                        None,
                        None,
                        String::new(),
                    );
                    if let Some(d) = done_at {
                        event(
                            d,
                            Some(reviewer),
                            "review_submitted",
                            None,
                            None,
                            String::new(),
                        );
                    }
                    out.invitations += 1;
                }
                at += Duration::days(20);
                if round == 1 && plan.state != "withdrawn" {
                    event(
                        at,
                        None,
                        "first_reviewer_accepts",
                        Some("submitted"),
                        Some("under_review"),
                        String::new(),
                    );
                }
                if !current {
                    event(
                        at,
                        plan.editor,
                        "request_revision",
                        Some("under_review"),
                        Some("revision_requested"),
                        String::new(),
                    );
                    at += Duration::days(30);
                    event(
                        at,
                        Some(plan.submitter),
                        "resubmit",
                        Some("revision_requested"),
                        Some("under_review"),
                        String::new(),
                    );
                }
            }
        }
        at += Duration::days(5);
        match plan.state {
            "revision_requested" => event(
                at,
                plan.editor,
                "request_revision",
                Some("under_review"),
                Some("revision_requested"),
                String::new(),
            ),
            "accepted" => event(
                at,
                plan.editor,
                "accept",
                Some("under_review"),
                Some("accepted"),
                String::new(),
            ),
            "published" => {
                event(
                    at,
                    plan.editor,
                    "accept",
                    Some("under_review"),
                    Some("accepted"),
                    String::new(),
                );
                event(
                    at + Duration::days(30),
                    None,
                    "publish",
                    Some("accepted"),
                    Some("published"),
                    String::new(),
                );
            }
            "rejected" => event(
                at,
                plan.editor,
                "reject",
                Some("under_review"),
                Some("rejected"),
                String::new(),
            ),
            "withdrawn" => event(
                at,
                Some(plan.submitter),
                "withdraw",
                None,
                Some("withdrawn"),
                "The authors withdrew it.".to_owned(),
            ),
            _ => {}
        }
    }
    out.events = event_rows.len();
    for chunk in authors.chunks(chunk_rows(7)) {
        batch_execute!(
            conn,
            diesel::insert_into(submission_authors::table).values(chunk.to_vec())
        )?;
    }
    for chunk in topic_rows.chunks(chunk_rows(2)) {
        batch_execute!(
            conn,
            diesel::insert_into(submission_topics::table).values(chunk.to_vec())
        )?;
    }
    for chunk in event_rows.chunks(chunk_rows(8)) {
        batch_execute!(
            conn,
            diesel::insert_into(events::table).values(chunk.to_vec())
        )?;
    }
    for chunk in assignment_rows.chunks(chunk_rows(6)) {
        batch_execute!(
            conn,
            diesel::insert_into(handling_assignments::table).values(chunk.to_vec())
        )?;
    }
    for chunk in invitation_rows.chunks(chunk_rows(16)) {
        batch_execute!(
            conn,
            diesel::insert_into(review_invitations::table).values(chunk.to_vec())
        )?;
    }
    for chunk in outbox_rows.chunks(chunk_rows(12)) {
        batch_execute!(
            conn,
            diesel::insert_into(outbox::table).values(chunk.to_vec())
        )?;
    }
    Ok(out)
}
