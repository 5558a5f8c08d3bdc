//! A submission's page, as its author reads it.

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDateTime;

use crate::db::DbConnection;
use crate::db::accounts as people_store;
use crate::db::collections;
use crate::db::events::{self, TimelineEntry};
use crate::db::submissions::{self as store, Submission};
use crate::domain::permissions::SubmissionAction;
use crate::domain::submission_state::{SubmissionState, Transition};
use crate::web::manuscript::Manuscript;
use crate::web::{AppError, Chrome, Ctx, render, see_other};
use crate::workflow::submission::{status_of, submitter_may};

/// One line of the timeline as this viewer may read it.
pub struct TimelineLine {
    pub at: NaiveDateTime,
    pub what: String,
    pub by: String,
    pub note: String,
}

/// What a submission's page shows, loaded in one go.
pub struct ShowData {
    pub s: Submission,
    pub state: SubmissionState,
    pub collection: String,
    pub manuscript: Manuscript,
    /// Double-blind review: a file whose properties name an author is pointed out.
    pub double_blind: bool,
    pub timeline: Vec<TimelineLine>,
    /// The decision letters sent to the authors, oldest first.
    pub letters: Vec<crate::workflow::decision::LetterView>,
    pub may_withdraw: bool,
    /// A revision was asked for: the author may send a revised version.
    pub may_resubmit: bool,
    /// Rejected and never appealed: the author may appeal.
    pub may_appeal: bool,
    pub appeal: Option<crate::db::rounds::Appeal>,
    /// The responses to the reviewers, by the round they opened.
    pub responses: Vec<crate::db::rounds::RevisionResponse>,
    pub handling_editor: Option<String>,
    /// While a revised version is awaited: when it is due.
    pub revision_due: Option<crate::workflow::deadlines::RevisionDue>,
    /// Once published: the article's public page and its citation.
    pub published: Option<(i64, String)>,
    /// Where each listed author stands with their confirmation.
    pub authorship: crate::workflow::authorship::Authorship,
    /// The state explained: what it means, what happens next, by when.
    pub status: crate::domain::status::Explained,
    /// The questions between the editors and the authors (issue 28 part 1).
    pub discussion: Option<crate::workflow::discussion::ThreadSummary>,
    /// The editorial office's technical returns, with what the authors fixed (issue 28
    /// part 4): the messages are written to the authors.
    pub technical_returns: Vec<crate::db::technical_returns::TechnicalReturn>,
}

#[derive(Template)]
#[template(path = "submissions/show.html")]
struct ShowPage {
    chrome: Chrome,
    d: ShowData,
}

impl ShowPage {
    fn role_label(&self, role: &str) -> &'static str {
        crate::web::manuscript::role_label(role)
    }
}

/// What a timeline event says, in the author's words.
fn describe(e: &TimelineEntry) -> String {
    let transition = Transition::ALL.iter().find(|t| t.as_str() == e.kind);
    match transition {
        Some(Transition::Submit) => "Submitted".into(),
        // Its note is the round it opened ("Round 2").
        Some(Transition::Resubmit) => match e.note.strip_prefix("Round ") {
            Some(round) => format!("Revised version submitted (round {round})"),
            None => Transition::Resubmit.label().into(),
        },
        Some(Transition::Withdraw) => "Withdrawn".into(),
        Some(_) => match e
            .to_state
            .as_deref()
            .and_then(|s| s.parse::<SubmissionState>().ok())
        {
            Some(to) => format!("Now {}", to.label().to_lowercase()),
            None => e.kind.replace('_', " "),
        },
        None if e.kind == crate::workflow::deadlines::EXTENDED => {
            "More time given for the revised version".into()
        }
        None => e.kind.replace('_', " "),
    }
}

/// The submission's moves as its author reads them.
fn timeline(
    conn: &mut DbConnection,
    s: &Submission,
    person_id: i64,
) -> Result<Vec<TimelineLine>, AppError> {
    // Names only for the viewer themselves and the handling editor; every other actor
    // (a reviewer, the system) reads as "the journal".
    // Authors see the moves of their submission, not the editorial office's notes (which
    // editor was passed over and why is for the editor-in-chief).
    Ok(events::timeline(conn, s.id)?
        .into_iter()
        .filter(|e| {
            Transition::ALL.iter().any(|t| t.as_str() == e.kind)
                || e.kind == crate::workflow::deadlines::EXTENDED
        })
        .map(|e| TimelineLine {
            at: e.occurred_at,
            what: describe(&e),
            by: match e.actor_id {
                Some(a) if a == person_id => "you".into(),
                Some(a) if Some(a) == s.handling_editor_id => "the handling editor".into(),
                _ => "the journal".into(),
            },
            // A revised version's note is only its round, said in `what` already.
            note: if e.kind == Transition::Resubmit.as_str() {
                String::new()
            } else {
                e.note
            },
        })
        .collect())
}

fn load_show_data(
    conn: &mut DbConnection,
    person_id: i64,
    id: i64,
    statistics: &crate::workflow::statistics::StatisticsCache,
) -> Result<Option<ShowData>, AppError> {
    let Some(s) = store::find(conn, id)? else {
        return Ok(None);
    };
    if !submitter_may(conn, person_id, &s, SubmissionAction::View)? {
        return Ok(None);
    }
    let (_, _, double_blind) = collections::setting_of(conn, &s)?;
    let collection = collections::find_collection(conn, s.collection_id)?
        .map(|c| c.title)
        .unwrap_or_default();
    let handling_editor = match s.handling_editor_id {
        Some(eid) => people_store::find_person(conn, eid)?.map(|p| p.name),
        None => None,
    };
    let timeline = timeline(conn, &s, person_id)?;
    let appeal = crate::db::rounds::appeal_of(conn, id)?;
    let revision_due = crate::workflow::deadlines::awaited_revision(conn, &s)?;
    let may_appeal =
        appeal.is_none() && submitter_may(conn, person_id, &s, SubmissionAction::Appeal)?;
    let authorship = crate::workflow::authorship::authorship_of(conn, &s)?;
    let waiting = authorship.review_block.is_some();
    Ok(Some(ShowData {
        state: s.state(),
        may_withdraw: submitter_may(conn, person_id, &s, SubmissionAction::Withdraw)?,
        may_resubmit: submitter_may(conn, person_id, &s, SubmissionAction::Resubmit)?,
        status: status_of(conn, &s, statistics, may_appeal, waiting)?,
        may_appeal,
        appeal,
        responses: crate::workflow::round::responses_of(conn, id)?,
        collection,
        manuscript: Manuscript::load(conn, id)?,
        double_blind,
        timeline,
        letters: crate::workflow::decision::letters_for_author(conn, id)?,
        handling_editor,
        revision_due,
        published: crate::workflow::publishing::published_citation(conn, id)?,
        authorship,
        discussion: crate::workflow::discussion::author_summary(conn, person_id, &s)?,
        technical_returns: crate::workflow::round::fixes::returns_of(conn, id)?,
        s,
    }))
}

/// GET /submissions/{id}
pub async fn show(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let id = path.into_inner();
    let statistics = ctx.state.statistics.clone();
    let d = ctx
        .state
        .db
        .run(move |conn| load_show_data(conn, person_id, id, &statistics))
        .await?
        .ok_or(AppError::NotFound)?;
    if d.state == SubmissionState::Draft {
        return Ok(see_other(&format!("/submissions/{id}/edit")));
    }
    render(&ShowPage {
        chrome: ctx.chrome(format!("{} · {}", d.s.number_or_draft(), d.s.title)),
        d,
    })
}
