//! Demo reviewing, through the same service functions the pages call: an invitation left
//! waiting for a visitor, and manuscripts reviewed and accepted.

use diesel::prelude::*;

use crate::config::Site;
use crate::db::accounts::Person;
use crate::db::schema::submissions;
use crate::db::submissions as store;
use crate::db::{DbConnection, accounts, now, roles};
use crate::domain::decision::DecisionKind;
use crate::domain::permissions::HeldRole;
use crate::domain::review::{DeclarationInput, ReviewInput, ReviewStep};
use crate::domain::submission_state::SubmissionState;
use crate::workflow::decision::{self, DecideOutcome};
use crate::workflow::review::{self, Answer, Credential};

use super::cases::SUBMISSIONS;

/// The demo reviewer with an invitation waiting.
const DEMO_REVIEWER: &str = "aisha.khan@aku.example";

/// The reviewer who reviews the demo's published manuscripts.
const DEMO_PUBLISHED_REVIEWER: &str = "marco.rossi@unimi.example";

/// The handling editor of the second demo manuscript invites Aisha Khan to review it, so a
/// visitor signed in as her finds the invitation under *My reviews* (the e-mail with its
/// link is in the mail folder).
pub(super) fn invite_demo_reviewer(conn: &mut DbConnection, site: &Site) -> anyhow::Result<()> {
    let Some((id, Some(editor_id))) = submissions::table
        .filter(submissions::title.eq(SUBMISSIONS[1].title))
        .select((submissions::id, submissions::handling_editor_id))
        .first::<(i64, Option<i64>)>(conn)
        .optional()?
    else {
        return Ok(());
    };
    let (Some(editor), Some(reviewer)) = (
        accounts::find_person(conn, editor_id)?,
        accounts::find_person_by_email(conn, DEMO_REVIEWER)?,
    ) else {
        return Ok(());
    };
    let editor = Editor::of(conn, editor)?;
    let message = "Your registry work on paediatric eye tumours makes you an ideal reviewer.";
    editor.invite(conn, id, &reviewer, message, site)
}

/// Takes a submitted demo manuscript through one round of review to acceptance, through
/// the same service functions the pages call.
pub(super) fn review_and_accept(
    conn: &mut DbConnection,
    id: i64,
    site: &Site,
) -> anyhow::Result<()> {
    let s =
        store::find(conn, id)?.ok_or_else(|| anyhow::anyhow!("demo manuscript {id} missing"))?;
    let editor_id = s
        .handling_editor_id
        .ok_or_else(|| anyhow::anyhow!("demo manuscript {id} has no handling editor"))?;
    let editor = accounts::find_person(conn, editor_id)?
        .ok_or_else(|| anyhow::anyhow!("demo editor missing"))?;
    let editor = Editor::of(conn, editor)?;
    let reviewer = accounts::find_person_by_email(conn, DEMO_PUBLISHED_REVIEWER)?
        .ok_or_else(|| anyhow::anyhow!("demo reviewer missing"))?;
    let message = "This cohort is close to your own work on rare sarcomas.";
    editor.invite(conn, id, &reviewer, message, site)?;
    let invitation_id = crate::db::reviews::of_submission(conn, id)?
        .last()
        .map(|i| i.id)
        .ok_or_else(|| anyhow::anyhow!("the demo invitation is missing"))?;
    review_as(conn, &reviewer, invitation_id, site)?;
    editor.accept(conn, id, site)
}

/// The reviewer accepts the invitation, declares no competing interest, and submits a
/// review recommending acceptance.
fn review_as(
    conn: &mut DbConnection,
    reviewer: &Person,
    invitation_id: i64,
    site: &Site,
) -> anyhow::Result<()> {
    let cred = Credential::Person {
        person_id: reviewer.id,
        invitation_id,
    };
    match review::answer(conn, &cred, &Answer::Accept, site)? {
        review::AnswerOutcome::Accepted { .. } => {}
        other => anyhow::bail!("the demo reviewer could not accept: {other:?}"),
    }
    // As if accepted a week before the report: a report minutes after accepting would be
    // flagged as implausibly fast (issue 27), as it should be in real life.
    {
        use crate::db::schema::review_invitations as ri;
        use diesel::prelude::*;
        diesel::update(ri::table.find(invitation_id))
            .set(ri::responded_at.eq(Some(crate::db::now() - chrono::Duration::days(7))))
            .execute(conn)?;
    }
    let none = DeclarationInput {
        answer: "none".into(),
        statement: String::new(),
        confidential: "yes".into(),
    };
    match review::declare(conn, reviewer.id, invitation_id, &none, site)? {
        review::DeclareOutcome::Cleared => {}
        other => anyhow::bail!("the demo declaration was refused: {other:?}"),
    }
    let review = ReviewInput {
        recommendation: "accept".into(),
        comments_to_authors: "A careful multicentre series of a disease few centres ever see. The survival analysis is appropriate and the conclusions follow from it.".into(),
        confidential_comments: String::new(),
        earlier_comments: String::new(),
        ..Default::default()
    };
    let write = review::ReviewWrite {
        input: &review,
        attachment: None,
        step: ReviewStep::Submit,
        read_at: None,
    };
    match review::save_review(conn, reviewer.id, invitation_id, &write, site)? {
        review::ReviewOutcome::Submitted => Ok(()),
        other => anyhow::bail!("the demo review was refused: {other:?}"),
    }
}

/// A demo manuscript's handling editor, with the roles the workflow checks.
struct Editor {
    person: Person,
    roles: Vec<HeldRole>,
}

impl Editor {
    fn of(conn: &mut DbConnection, person: Person) -> anyhow::Result<Editor> {
        let roles = roles::held_roles(conn, person.id)?;
        Ok(Editor { person, roles })
    }

    /// Invites `reviewer` to review submission `id`, due in two weeks.
    fn invite(
        &self,
        conn: &mut DbConnection,
        id: i64,
        reviewer: &Person,
        message: &str,
        site: &Site,
    ) -> anyhow::Result<()> {
        let form = review::InviteForm {
            person_id: reviewer.id.to_string(),
            due_on: (now().date() + chrono::Duration::days(14))
                .format("%Y-%m-%d")
                .to_string(),
            message: message.into(),
            ..Default::default()
        };
        match review::invite(conn, &self.person, &self.roles, id, &form, site)? {
            review::InviteOutcome::Invited { .. } => Ok(()),
            other => anyhow::bail!("the demo invitation was refused: {other:?}"),
        }
    }

    /// Accepts submission `id` with the letter the decision page suggests.
    fn accept(&self, conn: &mut DbConnection, id: i64, site: &Site) -> anyhow::Result<()> {
        let (person, roles) = (&self.person, &self.roles);
        let letter = decision::draft(conn, person, roles, id, Some(DecisionKind::Accept), site)?
            .map(|d| d.letter)
            .ok_or_else(|| anyhow::anyhow!("no decision page for the demo editor"))?;
        let accept = decision::Decision {
            kind: DecisionKind::Accept,
            letter: &letter,
            expected_state: SubmissionState::UnderReview,
            revision_due: None,
        };
        match decision::decide(conn, person, roles, id, &accept, site)? {
            DecideOutcome::Decided { .. } => Ok(()),
            other => anyhow::bail!("the demo acceptance was refused: {other:?}"),
        }
    }
}
