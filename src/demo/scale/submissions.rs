//! The manuscripts of the scale data, in transactions of [`SUBMISSIONS_PER_TX`]: each
//! planned (state, round, submitter, editor, dates), inserted, then given its authors,
//! topics and timeline.

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::rows::{NewAuthor, NewSubmission, NewTopic};
use super::timeline::{self, BatchRows};
use super::words::{
    ASPECTS, CANCERS, FIRST, Field, INSTITUTIONS, LAST, pick_state, title_in, true_fields,
};
use super::{SUBMISSIONS_PER_TX, XorShift, batch_execute, chunk_rows};
use super::{batch_ids, insert_chunks_returning_ids};
use crate::db::schema::{manuscript_counters, people, submissions};
use crate::db::{DbConnection, write_transaction};

/// What every batch of submissions is made with.
pub(super) struct BatchContext<'a> {
    pub collection_id: i64,
    pub prefix: &'a str,
    pub topics: &'a [String],
    pub editors: &'a [i64],
    pub reviewers: &'a [i64],
    pub reviewers_by_field: &'a HashMap<Field, Vec<i64>>,
    pub authors_pool: &'a [i64],
    pub busy_author: i64,
    /// The indexes among all people of the first of `authors_pool` and of `busy_author`.
    pub authors_pool_start: usize,
    pub busy_author_index: usize,
    pub chief: i64,
    pub started: NaiveDateTime,
    pub n: usize,
    pub rings: &'a super::ring::Rings,
}

/// What a batch (or all of them) inserted.
#[derive(Default)]
pub(super) struct BatchOut {
    pub invitations: usize,
    pub events: usize,
    /// Submissions of the busiest editor and of the busy author.
    pub busy_editor: usize,
    pub busy_author: usize,
    /// The first submission under review that the busiest editor handles.
    pub sample: i64,
    /// The planted rings' submissions.
    pub ring_submissions: Vec<i64>,
}

impl BatchOut {
    fn add(&mut self, batch: BatchOut) {
        self.invitations += batch.invitations;
        self.events += batch.events;
        self.busy_editor += batch.busy_editor;
        self.busy_author += batch.busy_author;
        if self.sample == 0 {
            self.sample = batch.sample;
        }
        self.ring_submissions.extend(batch.ring_submissions);
    }
}

/// One planned submission, before its id is known.
pub(super) struct Planned {
    pub state: &'static str,
    pub round: i32,
    pub submitter: i64,
    pub editor: Option<i64>,
    pub submitted_at: NaiveDateTime,
    /// The field of expertise it is in.
    pub field: Field,
    /// The planted ring whose manuscript it is, and its number within the ring.
    pub ring: Option<(usize, usize)>,
}

/// Every submission, numbered on from the collection's counters, which are saved after.
pub(super) fn insert_all(
    conn: &mut DbConnection,
    rng: &mut XorShift,
    ctx: &BatchContext<'_>,
) -> anyhow::Result<BatchOut> {
    let mut counters: BTreeMap<i32, i32> = manuscript_counters::table
        .filter(manuscript_counters::collection_id.eq(ctx.collection_id))
        .select((manuscript_counters::year, manuscript_counters::last_number))
        .load::<(i32, i32)>(conn)?
        .into_iter()
        .collect();
    let mut totals = BatchOut::default();
    let mut done = 0;
    while done < ctx.n {
        let batch = SUBMISSIONS_PER_TX.min(ctx.n - done);
        totals.add(write_transaction(conn, |conn| {
            insert_batch(conn, rng, ctx, done, batch, &mut counters)
        })?);
        done += batch;
    }
    write_transaction(conn, |conn| {
        save_counters(conn, ctx.collection_id, &counters)
    })?;
    Ok(totals)
}

fn save_counters(
    conn: &mut DbConnection,
    collection_id: i64,
    counters: &BTreeMap<i32, i32>,
) -> anyhow::Result<()> {
    for (year, last) in counters {
        diesel::delete(
            manuscript_counters::table
                .filter(manuscript_counters::collection_id.eq(collection_id))
                .filter(manuscript_counters::year.eq(*year)),
        )
        .execute(conn)?;
        batch_execute!(
            conn,
            diesel::insert_into(manuscript_counters::table).values((
                manuscript_counters::collection_id.eq(collection_id),
                manuscript_counters::year.eq(*year),
                manuscript_counters::last_number.eq(*last),
            ))
        )?;
    }
    Ok(())
}

/// Submissions `offset..offset + batch`, with everything that hangs on them.
fn insert_batch(
    conn: &mut DbConnection,
    rng: &mut XorShift,
    ctx: &BatchContext<'_>,
    offset: usize,
    batch: usize,
    counters: &mut BTreeMap<i32, i32>,
) -> anyhow::Result<BatchOut> {
    let mut out = BatchOut::default();
    let mut plans = Vec::with_capacity(batch);
    let mut rows = Vec::with_capacity(batch);
    for k in 0..batch {
        let (plan, row) = plan(rng, ctx, offset + k, counters, &mut out);
        plans.push(plan);
        rows.push(row);
    }
    let ids = insert_chunks_returning_ids!(conn, submissions::table, submissions::id, rows, 19);
    let submitters = submitters_of(conn, &plans)?;
    let mut rows = BatchRows::default();
    for (plan, &id) in plans.iter().zip(&ids) {
        if plan.state == "under_review" && plan.editor == Some(ctx.editors[0]) && out.sample == 0 {
            out.sample = id;
        }
        if plan.ring.is_some() {
            out.ring_submissions.push(id);
        }
        let email = add_authors(&mut rows, rng, plan, id, submitters.get(&plan.submitter));
        add_topics(&mut rows, rng, ctx.topics, id);
        timeline::add(&mut rows, rng, ctx, plan, id, email, &mut out);
    }
    out.events = rows.events.len();
    rows.insert(conn)?;
    Ok(out)
}

/// Submission `i`'s submitter: the busy author now and then, else anyone; with their index
/// among all people (`true_fields` knows them by it).
fn submitter(
    rng: &mut XorShift,
    ctx: &BatchContext<'_>,
    i: usize,
    out: &mut BatchOut,
) -> (i64, usize) {
    if i.is_multiple_of((ctx.n / 60).max(4)) {
        out.busy_author += 1;
        (ctx.busy_author, ctx.busy_author_index)
    } else {
        let k = rng.below(ctx.authors_pool.len());
        (ctx.authors_pool[k], ctx.authors_pool_start + k)
    }
}

/// Each manuscript is in one field of expertise (`words::field_in` finds it again): mostly
/// one of its submitter's own fields, as people write about what they study; one in ten
/// elsewhere (a collaboration, a change of subject).
fn field_of(rng: &mut XorShift, submitter_index: usize) -> Field {
    let own = true_fields(submitter_index);
    if rng.chance(90) {
        own[rng.below(own.len())]
    } else {
        (rng.below(CANCERS.len()), rng.below(ASPECTS.len()))
    }
}

/// Submission `i`: spread evenly over five years, oldest first, numbered in its year.
fn plan(
    rng: &mut XorShift,
    ctx: &BatchContext<'_>,
    i: usize,
    counters: &mut BTreeMap<i32, i32>,
    out: &mut BatchOut,
) -> (Planned, NewSubmission) {
    let span_minutes = 5 * 365 * 24 * 60;
    let submitted_at = ctx.started
        + Duration::minutes((i as i64 * span_minutes) / ctx.n.max(1) as i64)
        + Duration::seconds(rng.below(3600) as i64);
    let year = chrono::Datelike::year(&submitted_at);
    let number = counters.entry(year).or_insert(0);
    *number += 1;
    let ring = ctx.rings.slot(i);
    let (state, round, (submitter, _), editor, field) = match ring {
        Some((r, j)) => {
            let ring = &ctx.rings.rings[r];
            let (state, submitter, field) = super::ring::manuscript(ring, j);
            (state, 1, submitter, Some(ring.editor), field)
        }
        None => drawn(rng, ctx, i, out),
    };
    let (cancer, aspect) = (CANCERS[field.0], ASPECTS[field.1]);
    let title = title_in(rng, field);
    let updated_at = submitted_at + Duration::days(rng.below(200) as i64);
    let row = NewSubmission {
        collection_id: ctx.collection_id,
        submitter_id: submitter,
        manuscript_number: Some(crate::db::submissions::format_manuscript_number(
            ctx.prefix, year, *number,
        )),
        state,
        current_round: round,
        article_type: "Research Article",
        title,
        abstract_text: format!(
            "Background: {cancer} is rare and evidence on {} is scattered. Methods: We studied {} patients treated between 2005 and 2024. Results: Outcomes differed by stage and treatment. Conclusions: Pooled data make better trials possible.",
            aspect[1],
            40 + rng.below(900)
        ),
        keywords: format!(
            "{}, {}, rare cancer",
            cancer.to_lowercase(),
            rng.pick(aspect)
        ),
        rare_cancer_type: cancer,
        competing_interests: "none",
        ai_use: "none",
        ethics_statement: "Approved by the institutional review boards of the participating centres.",
        data_availability: "Available from the corresponding author on reasonable request.",
        funding: "None",
        handling_editor_id: editor,
        created_at: submitted_at - Duration::hours(2),
        updated_at,
        submitted_at: Some(submitted_at),
    };
    let plan = Planned {
        state,
        round,
        submitter,
        editor,
        submitted_at,
        field,
        ring,
    };
    (plan, row)
}

/// What an ordinary submission `i` is: state, round, submitter (id, place), handling
/// editor and field, drawn.
fn drawn(
    rng: &mut XorShift,
    ctx: &BatchContext<'_>,
    i: usize,
    out: &mut BatchOut,
) -> (&'static str, i32, (i64, usize), Option<i64>, Field) {
    let state = pick_state(rng);
    let round = if matches!(state, "submitted" | "under_review") && rng.chance(70) {
        1
    } else {
        1 + rng.below(3) as i32
    };
    let submitter = submitter(rng, ctx, i, out);
    // A quarter go to the busiest editor; a few new ones wait for one.
    let editor = if state == "submitted" && rng.chance(10) {
        None
    } else if rng.chance(25) {
        out.busy_editor += 1;
        Some(ctx.editors[0])
    } else {
        Some(*rng.pick(&ctx.editors[1..]))
    };
    let field = field_of(rng, submitter.1);
    (state, round, submitter, editor, field)
}

/// (id, name, email, affiliation) of each plan's submitter.
type Submitter = (i64, String, String, String);

fn submitters_of(
    conn: &mut DbConnection,
    plans: &[Planned],
) -> anyhow::Result<HashMap<i64, Submitter>> {
    let mut wanted: Vec<i64> = plans.iter().map(|p| p.submitter).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut found = Vec::new();
    for chunk in wanted.chunks(chunk_rows(1)) {
        found.extend(
            people::table
                .filter(people::id.eq_any(chunk))
                .select((people::id, people::name, people::email, people::affiliation))
                .load::<Submitter>(conn)?,
        );
    }
    Ok(found.into_iter().map(|p| (p.0, p)).collect())
}

/// The submitter as corresponding author, then up to five co-authors without accounts;
/// the submitter's address.
fn add_authors(
    rows: &mut BatchRows,
    rng: &mut XorShift,
    plan: &Planned,
    id: i64,
    submitter: Option<&Submitter>,
) -> String {
    let (_, name, email, affiliation) = submitter.cloned().unwrap_or_default();
    rows.authors.push(NewAuthor {
        submission_id: id,
        position: 0,
        name,
        email: email.clone(),
        affiliation,
        is_corresponding: true,
        person_id: Some(plan.submitter),
    });
    for pos in 1..=rng.below(6) as i32 {
        let first = *rng.pick(FIRST);
        let last = *rng.pick(LAST);
        let (inst, domain) = *rng.pick(INSTITUTIONS);
        rows.authors.push(NewAuthor {
            submission_id: id,
            position: pos,
            name: format!("{first} {last}"),
            email: format!(
                "{}.coauthor{}.{}@{domain}.example",
                first.to_lowercase(),
                id,
                pos
            ),
            affiliation: inst.to_owned(),
            is_corresponding: false,
            person_id: None,
        });
    }
    email
}

/// One or two of the collection's topics, next to each other.
fn add_topics(rows: &mut BatchRows, rng: &mut XorShift, topics: &[String], id: i64) {
    let first_topic = rng.below(topics.len().max(1));
    for t in 0..(1 + rng.below(2)).min(topics.len()) {
        rows.topics.push(NewTopic {
            submission_id: id,
            topic: topics[(first_topic + t) % topics.len()].clone(),
        });
    }
}
