//! How good and how fast the suggested reviewers are (issue 19 part 1, BENCHMARKS.md).
//!
//! ```sh
//! cargo run --release --example expertise_quality -- sqlite:///tmp/expertise-100k.db --load 100000
//! cargo run --release --example expertise_quality -- sqlite:///tmp/expertise-100k.db
//! ```
//!
//! Besides today's ranking it measures, on the same documents, the first ranking of the
//! issue (`first_ranking.rs`) and both rankings with every review moved to a manuscript
//! drawn at random — the documents the first generator made, whose reviewers reviewed at
//! random across every field — so what the generator and the ranking each did is seen apart.
//!
//! On scale data (`peerdesk demo --scale N`), where every generated person has true fields
//! of expertise (`demo::scale::true_fields`: a cancer and one or two aspects of it, and
//! for some a second cancer) that their papers are drawn from, and every manuscript is in
//! one field (found again from its title by `demo::scale::field_in`):
//!
//! - **quality**: for sampled manuscripts, the true experts of its field among the people
//!   who may be suggested (those who offered to review), against the first 5 and 10 of the
//!   ranking: precision@5 = true experts in the top 5 / 5; recall@10 = true experts in the
//!   top 10 / min(true experts, 10). The baseline is what the editor has without
//!   suggestions: today's search box given the manuscript's first keyword (its cancer),
//!   matching names, affiliations and publication titles, shown in name order.
//! - **speed**: the index rebuild (every document read from the database and indexed), the
//!   ranking alone, and the whole suggestion list of one manuscript as its page asks for it
//!   (permission, ranking, conflict checks and load of the shown people).

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use peerdesk::config::Site;
use peerdesk::db::DbConnection;
use peerdesk::db::schema::{people, publications, submission_authors, submissions};
use peerdesk::demo::scale::XorShift;
use peerdesk::demo::scale::{Field, field_in, true_fields};
use peerdesk::domain::expertise::{ExpertiseDoc, ExpertiseIndex, ManuscriptText, Reviewed, terms};
use peerdesk::workflow::review::{self, ExpertiseMemo};

mod first_ranking;

/// How many manuscripts the quality is measured on.
const SAMPLE: usize = 300;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let db = peerdesk::demo::scale::open_for_measuring(&args, "sqlite:///tmp/expertise-100k.db")?;
    let mut conn = db.get()?;
    let index = rebuild_times(&mut conn)?;
    quality(&mut conn, &index)?;
    speed(&mut conn, &index)?;
    Ok(())
}

fn rebuild_times(conn: &mut DbConnection) -> anyhow::Result<ExpertiseIndex> {
    let counts: (i64, i64) = (
        submissions::table.count().get_result(conn)?,
        people::table.count().get_result(conn)?,
    );
    let mut times = Vec::new();
    let started = Instant::now();
    let index = review::build_index(conn)?;
    times.push(started.elapsed());
    for _ in 0..2 {
        let started = Instant::now();
        std::hint::black_box(review::build_index(conn)?);
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "index rebuild over {} submissions, {} people ({} indexed): min {:.2} s, median {:.2} s, max {:.2} s",
        counts.0,
        counts.1,
        index.len(),
        times[0].as_secs_f64(),
        times[1].as_secs_f64(),
        times[2].as_secs_f64()
    );
    Ok(index)
}

/// A sampled manuscript: its id, field, text for the ranking, authors and first keyword.
struct Sampled {
    field: Field,
    text: ManuscriptText,
    authors: Vec<i64>,
    keyword: String,
    collection_id: i64,
}

fn sample(conn: &mut DbConnection) -> anyhow::Result<Vec<Sampled>> {
    let rows: Vec<(i64, i64, String, String, String)> = submissions::table
        .filter(submissions::state.ne("draft"))
        .order(submissions::id)
        .select((
            submissions::id,
            submissions::collection_id,
            submissions::title,
            submissions::abstract_text,
            submissions::keywords,
        ))
        .load(conn)?;
    let step = (rows.len() / SAMPLE).max(1);
    let mut out = Vec::new();
    for (id, collection_id, title, abstract_text, keywords) in rows.into_iter().step_by(step) {
        let Some(field) = field_in(&title) else {
            continue;
        };
        let authors: Vec<i64> = submission_authors::table
            .filter(submission_authors::submission_id.eq(id))
            .filter(submission_authors::person_id.is_not_null())
            .select(submission_authors::person_id.assume_not_null())
            .load(conn)?;
        out.push(Sampled {
            field,
            keyword: keywords.split(',').next().unwrap_or("").trim().to_owned(),
            text: ManuscriptText {
                title,
                abstract_text,
                keywords,
                topics: peerdesk::db::submissions::topics_of(conn, id)?,
            },
            authors,
            collection_id,
        });
    }
    Ok(out)
}

/// Each generated person's true fields, by id (their address carries their index).
fn truths(conn: &mut DbConnection) -> anyhow::Result<HashMap<i64, Vec<Field>>> {
    let all: Vec<(i64, String)> = people::table
        .select((people::id, people::email))
        .load(conn)?;
    Ok(all
        .into_iter()
        .filter_map(|(id, email)| {
            let local = email.split('@').next()?;
            let i: usize = local.rsplit('.').next()?.parse().ok()?;
            Some((id, true_fields(i)))
        })
        .collect())
}

/// Today's search box with one keyword, shown in name order: the people who may be
/// suggested whose name, affiliation or a publication title contains it.
struct Baseline {
    /// (name, id, what the search matches, lower-cased), sorted by name.
    people: Vec<(String, i64, String)>,
}

impl Baseline {
    fn new(conn: &mut DbConnection, eligible: &HashSet<i64>) -> anyhow::Result<Baseline> {
        let mut text: HashMap<i64, (String, String)> = HashMap::new();
        let rows: Vec<(i64, String, String)> = people::table
            .select((people::id, people::name, people::affiliation))
            .load(conn)?;
        for (id, name, affiliation) in rows {
            if eligible.contains(&id) {
                let hay = format!("{name} {affiliation}").to_lowercase();
                text.insert(id, (name, hay));
            }
        }
        let titles: Vec<(i64, String)> = publications::table
            .select((publications::person_id, publications::title))
            .load(conn)?;
        for (id, title) in titles {
            if let Some((_, hay)) = text.get_mut(&id) {
                hay.push(' ');
                hay.push_str(&title.to_lowercase());
            }
        }
        let mut people: Vec<(String, i64, String)> =
            text.into_iter().map(|(id, (n, h))| (n, id, h)).collect();
        people.sort();
        Ok(Baseline { people })
    }

    fn search(&self, keyword: &str, skip: &[i64], limit: usize) -> Vec<i64> {
        let k = keyword.to_lowercase();
        self.people
            .iter()
            .filter(|(_, id, hay)| !skip.contains(id) && hay.contains(&k))
            .map(|(_, id, _)| *id)
            .take(limit)
            .collect()
    }
}

#[derive(Default)]
struct Score {
    precision_at_5: f64,
    recall_at_10: f64,
    n: usize,
}

impl Score {
    fn add(&mut self, ranked: &[i64], experts: &HashSet<i64>) {
        let hits = |k: usize| {
            ranked
                .iter()
                .take(k)
                .filter(|id| experts.contains(id))
                .count()
        };
        self.precision_at_5 += hits(5) as f64 / 5.0;
        self.recall_at_10 += hits(10) as f64 / experts.len().clamp(1, 10) as f64;
        self.n += 1;
    }

    fn line(&self, what: &str) -> String {
        format!(
            "{what}: precision@5 {:.3}, recall@10 {:.3} over {} manuscripts",
            self.precision_at_5 / self.n.max(1) as f64,
            self.recall_at_10 / self.n.max(1) as f64,
            self.n
        )
    }
}

/// One ranking under test: the ids it puts first for a sampled manuscript.
type Ranker<'a> = Box<dyn Fn(&Sampled) -> Vec<i64> + 'a>;

fn quality(conn: &mut DbConnection, index: &ExpertiseIndex) -> anyhow::Result<()> {
    let truth = truths(conn)?;
    let manuscripts = sample(conn)?;
    // Who may be suggested: everyone the index ranks for some word (willing, or a published
    // author of the collection); asked of the index itself with each field's words.
    let eligible: HashSet<i64> = eligible(index, &manuscripts);
    let baseline = Baseline::new(conn, &eligible)?;
    let docs = peerdesk::db::expertise::documents(conn)?;
    let shuffled = reviews_at_random(conn, &docs)?;
    let first = first_index(&docs);
    let today_random = ExpertiseIndex::build(shuffled.clone());
    let first_random = first_index(&shuffled);
    let today: Ranker = Box::new(|m| ids(index.rank(&m.text, m.collection_id, &m.authors, 10)));
    let rankers: Vec<(&str, Ranker)> = vec![
        ("suggestions (BM25F, this version)", today),
        (
            "the first ranking (one BM25 document a person)",
            first_ranker(&first),
        ),
        (
            "this version, reviews moved to random manuscripts",
            Box::new(|m| ids(today_random.rank(&m.text, m.collection_id, &m.authors, 10))),
        ),
        (
            "the first ranking, reviews moved to random manuscripts",
            first_ranker(&first_random),
        ),
        (
            "baseline (search box, first keyword, name order)",
            Box::new(|m| baseline.search(&m.keyword, &m.authors, 10)),
        ),
    ];
    let mut scores: Vec<Score> = rankers.iter().map(|_| Score::default()).collect();
    let mut expert_counts = Vec::new();
    for m in &manuscripts {
        let experts: HashSet<i64> = eligible
            .iter()
            .filter(|id| !m.authors.contains(id))
            .filter(|id| truth.get(id).is_some_and(|f| f.contains(&m.field)))
            .copied()
            .collect();
        if experts.is_empty() {
            continue;
        }
        expert_counts.push(experts.len());
        for ((_, rank), score) in rankers.iter().zip(&mut scores) {
            score.add(&rank(m), &experts);
        }
    }
    expert_counts.sort_unstable();
    println!(
        "people who may be suggested: {}; true experts per manuscript's field among them: median {}",
        eligible.len(),
        expert_counts
            .get(expert_counts.len() / 2)
            .copied()
            .unwrap_or(0)
    );
    for ((what, _), score) in rankers.iter().zip(&scores) {
        println!("{}", score.line(what));
    }
    Ok(())
}

fn ids(matches: Vec<peerdesk::domain::expertise::Match>) -> Vec<i64> {
    matches.iter().map(|x| x.person_id).collect()
}

fn first_index(docs: &[ExpertiseDoc]) -> first_ranking::ExpertiseIndex {
    first_ranking::ExpertiseIndex::build(
        docs.iter()
            .map(|d| first_ranking::ExpertiseDoc {
                person_id: d.person_id,
                keywords: d.keywords.clone(),
                papers: d.papers.clone(),
                reviewed: d
                    .reviewed
                    .iter()
                    .map(|r| (r.collection_id, r.text.to_string()))
                    .collect(),
                published_in: d.published_in.clone(),
                willing: d.willing,
            })
            .collect(),
    )
}

fn first_ranker(index: &first_ranking::ExpertiseIndex) -> Ranker<'_> {
    Box::new(move |m| {
        index
            .rank(&m.text, m.collection_id, &m.authors, 10)
            .iter()
            .map(|x| x.person_id)
            .collect()
    })
}

/// The documents with every review moved to a manuscript drawn at random (a fixed seed),
/// as the first generator made them: its reviewers reviewed across every field.
fn reviews_at_random(
    conn: &mut DbConnection,
    docs: &[ExpertiseDoc],
) -> anyhow::Result<Vec<ExpertiseDoc>> {
    let all: Vec<(i64, i64, String, String)> = submissions::table
        .order(submissions::id)
        .select((
            submissions::id,
            submissions::collection_id,
            submissions::title,
            submissions::keywords,
        ))
        .load(conn)?;
    let texts: Vec<Reviewed> = all
        .into_iter()
        .map(|(id, collection, title, keywords)| Reviewed {
            submission_id: id,
            collection_id: collection,
            text: format!("{title}. {keywords}").into(),
        })
        .collect();
    let mut rng = XorShift::new(19);
    Ok(docs
        .iter()
        .map(|d| ExpertiseDoc {
            reviewed: d
                .reviewed
                .iter()
                .map(|_| rng.pick(&texts).clone())
                .collect(),
            ..d.clone()
        })
        .collect())
}

/// Everyone the index may suggest in the sampled manuscripts' collections.
fn eligible(index: &ExpertiseIndex, manuscripts: &[Sampled]) -> HashSet<i64> {
    let mut out = HashSet::new();
    let collections: HashSet<i64> = manuscripts.iter().map(|m| m.collection_id).collect();
    let everything = ManuscriptText {
        title: peerdesk::demo::scale::CANCERS.join(" "),
        abstract_text: peerdesk::demo::scale::ASPECTS
            .iter()
            .flat_map(|a| a.iter())
            .copied()
            .collect::<Vec<_>>()
            .join(" "),
        ..ManuscriptText::default()
    };
    assert!(!terms(&everything.title).is_empty());
    for c in collections {
        for m in index.rank(&everything, c, &[], usize::MAX) {
            out.insert(m.person_id);
        }
    }
    out
}

fn percentile(times: &mut [Duration], p: f64) -> f64 {
    times.sort();
    let i = ((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1;
    times[i].as_secs_f64() * 1000.0
}

fn speed(conn: &mut DbConnection, index: &ExpertiseIndex) -> anyhow::Result<()> {
    let manuscripts = sample(conn)?;
    let mut ranking = Vec::new();
    for _ in 0..5 {
        for m in &manuscripts {
            let started = Instant::now();
            std::hint::black_box(index.rank(&m.text, m.collection_id, &m.authors, 60));
            ranking.push(started.elapsed());
        }
    }
    println!(
        "ranking alone ({} people indexed), {} runs: p50 {:.2} ms, p99 {:.2} ms",
        index.len(),
        ranking.len(),
        percentile(&mut ranking, 0.5),
        percentile(&mut ranking, 0.99)
    );
    // The whole list as the reviewer page asks for it, by its handling editor (only she
    // may invite reviewers), for the first submissions under review.
    let site = Site {
        base_url: "http://127.0.0.1:8080".into(),
        window_years: 3,
        review_reminders: Default::default(),
    };
    let memo = ExpertiseMemo::default();
    let ids: Vec<(i64, i64)> = submissions::table
        .filter(submissions::state.eq("under_review"))
        .filter(submissions::handling_editor_id.is_not_null())
        .order(submissions::id)
        .select((
            submissions::id,
            submissions::handling_editor_id.assume_not_null(),
        ))
        .limit(100)
        .load(conn)?;
    let started = Instant::now();
    let mut lists = Vec::new();
    for (id, editor) in ids {
        let person = peerdesk::db::accounts::find_person(conn, editor)?
            .ok_or_else(|| anyhow::anyhow!("no editor {editor}"))?;
        let held = peerdesk::db::roles::held_roles(conn, editor)?;
        if let Some(list) = review::suggestions(conn, &person, &held, id, &site, &memo)? {
            if lists.is_empty() {
                println!(
                    "first suggestion list (index built on the way): {:.2} s, {} suggested",
                    started.elapsed().as_secs_f64(),
                    list.len()
                );
            }
            lists.push((id, person, held));
        }
        if lists.len() == 50 {
            break;
        }
    }
    anyhow::ensure!(!lists.is_empty(), "no submission its editor may see");
    // Every list asked for four times, the same submission never twice in a row.
    let mut whole = Vec::new();
    for _ in 0..4 {
        for (id, person, held) in &lists {
            let started = Instant::now();
            let mut list =
                review::suggestions(conn, person, held, *id, &site, &memo)?.unwrap_or_default();
            review::add_histories(conn, &mut [&mut list])?;
            std::hint::black_box(list);
            whole.push(started.elapsed());
        }
    }
    println!(
        "suggestion lists of {} submissions under review (permission, ranking, conflicts, load and history of the shown), {} runs: p50 {:.2} ms, p99 {:.2} ms",
        lists.len(),
        whole.len(),
        percentile(&mut whole, 0.5),
        percentile(&mut whole, 0.99)
    );
    Ok(())
}
