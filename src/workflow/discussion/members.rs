//! Who a thread's message is e-mailed to: its other members, each asked of the permissions
//! module as they would be at the door, with a link they can use.
//!
//! Editors: the handling editor, the appeal's hearer, the editors who have written in the
//! thread and, while no editor handles it, the journal's editors-in-chief. Reviewers (their
//! thread): those who have sent a report, through their pages for the invitation (the
//! e-mailed invitation link stops once the report is in; their pages do not). The author
//! (their thread): the submitter. A conflicted editor fails the check and hears nothing.

use crate::config::Site;
use crate::db::accounts::{self, Person};
use crate::db::discussion as store;
use crate::db::reviews::{self as reviews_store, reviewer_numbers};
use crate::db::roles::held_roles;
use crate::db::submissions::{Submission, facts_of};
use crate::db::{DbConnection, editorial as editorial_store};
use crate::domain::Role;
use crate::domain::discussion::{Seat, Thread, poster_label};
use crate::domain::permissions::{ReviewerAction, SubmissionAction};
use crate::domain::review::InvitationStatus;
use crate::mail::messages::DiscussionPosted;
use crate::workflow::editorial::access;
use crate::workflow::review::reviewer_may;
use crate::workflow::step::{About, Result};
use crate::workflow::submission::submitter_may;

use super::{Door, actions};

struct Member {
    person: Person,
    seat: Seat,
    door: Door,
}

/// Everyone who may read `thread` of `s` now, each once.
fn members(
    conn: &mut DbConnection,
    s: &Submission,
    thread: Thread,
    site: &Site,
) -> Result<Vec<Member>> {
    let mut out = editors(conn, s, thread, site)?;
    match thread {
        Thread::Reviewers => reviewers(conn, s, &mut out)?,
        Thread::Authors => author(conn, s, &mut out)?,
    }
    Ok(out)
}

fn known(out: &[Member], person_id: i64) -> bool {
    out.iter().any(|m| m.person.id == person_id)
}

/// The editors of `thread`: each candidate asked at the editors' door.
fn editors(
    conn: &mut DbConnection,
    s: &Submission,
    thread: Thread,
    site: &Site,
) -> Result<Vec<Member>> {
    let facts = facts_of(conn, s)?;
    let mut candidates: Vec<i64> = [s.handling_editor_id, facts.appeal_hearer_id]
        .into_iter()
        .flatten()
        .collect();
    candidates.extend(store::posters(conn, s.id, thread, Seat::Editor.as_str())?);
    if s.handling_editor_id.is_none() {
        let journal = Some(facts.journal_id);
        let chiefs = editorial_store::people_with_role(conn, Role::EditorInChief, journal, None)?;
        candidates.extend(chiefs.iter().map(|p| p.id));
    }
    let settings = site.settings();
    let (read, _) = actions(thread);
    let mut out: Vec<Member> = Vec::new();
    for id in candidates {
        if known(&out, id) {
            continue;
        }
        let Some(person) = accounts::find_person(conn, id)? else {
            continue;
        };
        let roles = held_roles(conn, id)?;
        let editor = access(conn, &person, &roles, s.id, &settings)?
            .is_some_and(|a| a.may(read) && a.may(SubmissionAction::ViewEditorial));
        if editor {
            let submission_id = s.id;
            let door = Door::Editorial {
                submission_id,
                thread,
            };
            let seat = Seat::Editor;
            out.push(Member { person, seat, door });
        }
    }
    Ok(out)
}

/// The reviewers whose report is in, newest invitation first, so a reviewer of several
/// rounds is reached through their latest report.
fn reviewers(conn: &mut DbConnection, s: &Submission, out: &mut Vec<Member>) -> Result<()> {
    let mut invitations = reviews_store::of_submission(conn, s.id)?;
    invitations.reverse();
    for inv in invitations {
        if known(out, inv.reviewer_id)
            || inv.status() != InvitationStatus::Submitted
            || !reviewer_may(inv.reviewer_id, &inv, s, ReviewerAction::ReadDiscussion)
        {
            continue;
        }
        if let Some(person) = accounts::find_person(conn, inv.reviewer_id)? {
            let door = Door::Reviewer {
                invitation_id: inv.id,
            };
            let seat = Seat::Reviewer;
            out.push(Member { person, seat, door });
        }
    }
    Ok(())
}

/// The submitter, asked at the author's door.
fn author(conn: &mut DbConnection, s: &Submission, out: &mut Vec<Member>) -> Result<()> {
    let id = s.submitter_id;
    let may = submitter_may(conn, id, s, SubmissionAction::View)?
        && submitter_may(conn, id, s, SubmissionAction::ReadAuthorsThread)?;
    if may
        && !known(out, id)
        && let Some(person) = accounts::find_person(conn, id)?
    {
        let door = Door::Author {
            submission_id: s.id,
        };
        let seat = Seat::Author;
        out.push(Member { person, seat, door });
    }
    Ok(())
}

/// E-mails every member of `thread` but the poster that they wrote, naming them as each
/// recipient may know them; in the caller's transaction.
pub(super) fn tell(
    conn: &mut DbConnection,
    s: &Submission,
    thread: Thread,
    (poster, poster_seat): (&Person, Seat),
    site: &Site,
) -> Result<()> {
    let number = reviewer_numbers(&reviews_store::of_submission(conn, s.id)?).of(poster.id);
    let about = About::manuscript(s.number_or_draft()).digestible(true);
    let site_name = site.name();
    for m in members(conn, s, thread, site)? {
        if m.person.id == poster.id {
            continue;
        }
        let by = poster_label(poster_seat, number, &poster.name, m.seat, false);
        let link = format!("{}{}", site.base_url, m.door.path(s.id));
        let message = DiscussionPosted {
            name: &m.person.name,
            poster: &by,
            manuscript_number: s.number_or_draft(),
            title: &s.title,
            thread: thread.title(),
            link: &link,
            site: &site_name,
        };
        about.send(conn, "discussion_posted", &m.person, &message)?;
    }
    Ok(())
}
