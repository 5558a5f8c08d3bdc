//! The discussion on a submission (issue 28 part 1): the editors' thread with the reviewers
//! and their thread with the authors. Three doors lead in: the editorial page (either
//! thread), the author's page (the authors' thread) and a reviewer's page for their
//! invitation (the reviewers' thread, once their report is sent). Who may pass each door is
//! the permissions module's rule; this module reads, posts, and tells the thread's other
//! members by e-mail in the transaction of the post (`members.rs`).

mod members;

use chrono::NaiveDateTime;
use diesel::QueryResult;

use crate::config::Site;
use crate::db::accounts;
use crate::db::discussion as store;
use crate::db::reviews::{self as reviews_store, ReviewInvitation, reviewer_numbers};
use crate::db::submissions::{self as submissions_store, Submission};
use crate::db::{DbConnection, guard, write_transaction};
use crate::domain::FormErrors;
use crate::domain::discussion::{MessageBody, Seat, Thread, poster_label};
use crate::domain::permissions::{ReviewerAction, SubmissionAction};
use crate::workflow::editorial::{Access, Asker};
use crate::workflow::review::reviewer_may;
use crate::workflow::step::Result;
use crate::workflow::submission::submitter_may;

/// The way into a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    /// An editor's, from the submission's editorial page.
    Editorial { submission_id: i64, thread: Thread },
    /// The submitting author's, from their page of the submission.
    Author { submission_id: i64 },
    /// A reviewer's, from their page of the invitation.
    Reviewer { invitation_id: i64 },
}

impl Door {
    /// The thread's page behind this door.
    pub fn path(self, submission_id: i64) -> String {
        match self {
            Door::Editorial { thread, .. } => {
                format!("/editorial/submissions/{submission_id}/discussion/{thread}")
            }
            Door::Author { .. } => format!("/submissions/{submission_id}/discussion"),
            Door::Reviewer { invitation_id } => format!("/reviews/{invitation_id}/discussion"),
        }
    }

    /// The page the thread belongs to.
    pub fn back(self, submission_id: i64) -> String {
        match self {
            Door::Editorial { .. } => format!("/editorial/submissions/{submission_id}"),
            Door::Author { .. } => format!("/submissions/{submission_id}"),
            Door::Reviewer { invitation_id } => format!("/reviews/{invitation_id}"),
        }
    }
}

/// The actions that read and post in `thread`, for editors and authors.
fn actions(thread: Thread) -> (SubmissionAction, SubmissionAction) {
    match thread {
        Thread::Reviewers => (
            SubmissionAction::ReadReviewersThread,
            SubmissionAction::PostReviewersThread,
        ),
        Thread::Authors => (
            SubmissionAction::ReadAuthorsThread,
            SubmissionAction::PostAuthorsThread,
        ),
    }
}

/// A thread as someone who passed a door may use it.
struct Opened {
    s: Submission,
    thread: Thread,
    seat: Seat,
    may_post: bool,
}

/// What is behind `door` for `asker`: `None` for "no such submission" and "not for you"
/// alike (both answer 404).
fn open(conn: &mut DbConnection, asker: &Asker, door: Door) -> QueryResult<Option<Opened>> {
    let person_id = asker.person.id;
    match door {
        Door::Editorial {
            submission_id,
            thread,
        } => {
            let (read, post) = actions(thread);
            // The editorial side of it too: the author's own thread is not theirs to open
            // from the editors' door.
            Ok(asker
                .access_for(conn, submission_id, read)?
                .filter(|a| a.may(SubmissionAction::ViewEditorial))
                .map(|a| Opened {
                    may_post: a.may(post),
                    s: a.submission,
                    thread,
                    seat: Seat::Editor,
                }))
        }
        Door::Author { submission_id } => {
            let Some(s) = submissions_store::find(conn, submission_id)? else {
                return Ok(None);
            };
            // The author's own page of it, and the thread on it.
            for action in [SubmissionAction::View, SubmissionAction::ReadAuthorsThread] {
                if !submitter_may(conn, person_id, &s, action)? {
                    return Ok(None);
                }
            }
            Ok(Some(Opened {
                may_post: submitter_may(conn, person_id, &s, SubmissionAction::PostAuthorsThread)?,
                s,
                thread: Thread::Authors,
                seat: Seat::Author,
            }))
        }
        Door::Reviewer { invitation_id } => {
            let Some(inv) = reviews_store::find(conn, invitation_id)? else {
                return Ok(None);
            };
            let Some(s) = submissions_store::find(conn, inv.submission_id)? else {
                return Ok(None);
            };
            if !reviewer_may(person_id, &inv, &s, ReviewerAction::ReadDiscussion) {
                return Ok(None);
            }
            Ok(Some(Opened {
                may_post: reviewer_may(person_id, &inv, &s, ReviewerAction::PostDiscussion),
                s,
                thread: Thread::Reviewers,
                seat: Seat::Reviewer,
            }))
        }
    }
}

/// One message as its reader sees it.
#[derive(Debug, Clone)]
pub struct MessageLine {
    pub id: i64,
    /// Who wrote it, as the reader may know them ("Reviewer 2", "Atif Ahmed (editor)").
    pub by: String,
    pub body: String,
    pub posted_at: NaiveDateTime,
    /// Posted by someone else since the reader last opened the thread.
    pub new: bool,
}

/// A thread as its reader sees it.
#[derive(Debug, Clone)]
pub struct ThreadView {
    pub s: Submission,
    pub thread: Thread,
    pub seat: Seat,
    pub messages: Vec<MessageLine>,
    pub may_post: bool,
    /// The thread's own page, where its form posts.
    pub path: String,
    /// The page it belongs to.
    pub back: String,
}

impl ThreadView {
    pub fn new_count(&self) -> usize {
        self.messages.iter().filter(|m| m.new).count()
    }
}

/// The thread behind `door`, its messages signed for this reader and those new since their
/// last visit marked; the visit is then remembered (up to the newest message shown, so one
/// posted meanwhile stays new).
pub fn view(conn: &mut DbConnection, asker: &Asker, door: Door) -> QueryResult<Option<ThreadView>> {
    let Some(o) = open(conn, asker, door)? else {
        return Ok(None);
    };
    let person_id = asker.person.id;
    let seen = store::last_read(conn, person_id, o.s.id, o.thread)?;
    let messages = lines(conn, &o, person_id, seen)?;
    if let Some(newest) = messages.iter().map(|m| m.posted_at).max() {
        store::mark_read(conn, person_id, o.s.id, o.thread, newest)?;
    }
    Ok(Some(ThreadView {
        path: door.path(o.s.id),
        back: door.back(o.s.id),
        thread: o.thread,
        seat: o.seat,
        may_post: o.may_post,
        messages,
        s: o.s,
    }))
}

fn lines(
    conn: &mut DbConnection,
    o: &Opened,
    person_id: i64,
    seen: Option<NaiveDateTime>,
) -> QueryResult<Vec<MessageLine>> {
    let numbers = reviewer_numbers(&reviews_store::of_submission(conn, o.s.id)?);
    let mut names: Vec<(i64, String)> = Vec::new();
    let mut out = Vec::new();
    for m in store::messages(conn, o.s.id, o.thread)? {
        let name = match names.iter().find(|(id, _)| *id == m.posted_by) {
            Some((_, n)) => n.clone(),
            None => {
                let n = accounts::find_person(conn, m.posted_by)?
                    .map(|p| p.name)
                    .unwrap_or_default();
                names.push((m.posted_by, n.clone()));
                n
            }
        };
        let seat = Seat::parse(&m.posted_as).unwrap_or(Seat::Editor);
        let own = m.posted_by == person_id;
        out.push(MessageLine {
            id: m.id,
            by: poster_label(seat, numbers.of(m.posted_by), &name, o.seat, own),
            new: !own && seen.is_none_or(|t| m.posted_at > t),
            posted_at: m.posted_at,
            body: m.body,
        });
    }
    Ok(out)
}

/// How a post ended.
#[derive(Debug)]
pub enum PostOutcome {
    /// Posted; the thread's page, to go back to.
    Posted(String),
    /// The message is empty or too long: its error, beside the field.
    Invalid(FormErrors),
    /// The thread may be read but takes no more messages (the submission was withdrawn).
    Closed,
    NotFound,
}

/// Posts `typed` in the thread behind `door`, and e-mails the thread's other members, in one
/// transaction (the submission held first, so what is checked cannot change before the write).
pub fn post(
    conn: &mut DbConnection,
    asker: &Asker,
    door: Door,
    typed: &str,
    site: &Site,
) -> Result<PostOutcome> {
    let submission_id = match door {
        Door::Editorial { submission_id, .. } | Door::Author { submission_id } => submission_id,
        Door::Reviewer { invitation_id } => match reviews_store::find(conn, invitation_id)? {
            Some(inv) => inv.submission_id,
            None => return Ok(PostOutcome::NotFound),
        },
    };
    write_transaction(conn, |conn| -> Result<PostOutcome> {
        guard::lock_submission(conn, submission_id)?;
        let Some(o) = open(conn, asker, door)? else {
            return Ok(PostOutcome::NotFound);
        };
        if !o.may_post {
            return Ok(PostOutcome::Closed);
        }
        let body = match MessageBody::parse(typed) {
            Ok(b) => b,
            Err(e) => {
                let mut errors = FormErrors::new();
                errors.add("message", e);
                return Ok(PostOutcome::Invalid(errors));
            }
        };
        // The same words from the same person in the same thread within a minute are one
        // message sent twice (a double click): kept once, told once.
        let a_minute_ago = crate::db::now() - chrono::Duration::minutes(1);
        let mine = (asker.person.id, body.as_str());
        if store::posted_since(conn, o.s.id, o.thread, mine, a_minute_ago)? {
            return Ok(PostOutcome::Posted(door.path(o.s.id)));
        }
        let poster = (asker.person.id, o.seat.as_str());
        store::post(conn, o.s.id, o.thread, poster, body.as_str())?;
        members::tell(conn, &o.s, o.thread, (asker.person, o.seat), site)?;
        Ok(PostOutcome::Posted(door.path(o.s.id)))
    })
}

/// A thread's place on another page: how many messages it has, how many are new to the
/// reader, and where it is.
#[derive(Debug, Clone)]
pub struct ThreadSummary {
    pub thread: Thread,
    pub path: String,
    pub messages: usize,
    pub new: usize,
}

fn summary(
    conn: &mut DbConnection,
    person_id: i64,
    submission_id: i64,
    door: Door,
    thread: Thread,
) -> QueryResult<ThreadSummary> {
    let (messages, new) = store::counts(conn, person_id, submission_id, thread)?;
    Ok(ThreadSummary {
        thread,
        path: door.path(submission_id),
        messages,
        new,
    })
}

/// The threads an editor with access `a` may read, for the editorial page.
pub fn editor_summaries(conn: &mut DbConnection, a: &Access) -> QueryResult<Vec<ThreadSummary>> {
    let mut out = Vec::new();
    for thread in Thread::ALL {
        if a.may(actions(thread).0) {
            let submission_id = a.submission.id;
            let door = Door::Editorial {
                submission_id,
                thread,
            };
            out.push(summary(conn, a.person_id, submission_id, door, thread)?);
        }
    }
    Ok(out)
}

/// The authors' thread on the author's page of `s`, when `person_id` may read it there.
pub fn author_summary(
    conn: &mut DbConnection,
    person_id: i64,
    s: &Submission,
) -> QueryResult<Option<ThreadSummary>> {
    if !submitter_may(conn, person_id, s, SubmissionAction::ReadAuthorsThread)? {
        return Ok(None);
    }
    let door = Door::Author {
        submission_id: s.id,
    };
    summary(conn, person_id, s.id, door, Thread::Authors).map(Some)
}

/// The reviewers' thread on the reviewer's page of invitation `inv`, once they may read it.
pub fn reviewer_summary(
    conn: &mut DbConnection,
    person_id: i64,
    inv: &ReviewInvitation,
    s: &Submission,
) -> QueryResult<Option<ThreadSummary>> {
    if !reviewer_may(person_id, inv, s, ReviewerAction::ReadDiscussion) {
        return Ok(None);
    }
    let door = Door::Reviewer {
        invitation_id: inv.id,
    };
    summary(conn, person_id, s.id, door, Thread::Reviewers).map(Some)
}
