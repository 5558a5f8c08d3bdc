//! Inviting the reviewers of the earlier rounds again, together (issue 28 part 2): when a
//! revised version arrives they are the first to ask, so the reviewers page offers them
//! ticked, with one due date and one message. Each is invited as if alone ([`invite`]): its
//! own transaction, its own conflict and identity checks, its own e-mail; one refused does
//! not stop the others, and the editor is told which were and why.

use diesel::QueryResult;

use crate::config::Site;
use crate::db::DbConnection;
use crate::db::accounts::{self, Person};
use crate::db::reviews as store;
use crate::domain::FormErrors;
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::workflow::editorial::Asker;
use crate::workflow::step::Result;

use super::inviting::{InviteForm, InviteOutcome, invite};
use super::search::earlier_reviewers;

/// What the editor ticked, with the due date and message for all of them.
#[derive(Debug, Clone, Default)]
pub struct InviteAgainForm {
    pub person_ids: Vec<i64>,
    pub due_on: String,
    pub message: String,
}

#[derive(Debug)]
pub enum InviteAgainOutcome {
    /// Each ticked reviewer, by name: invited, or why not (already in this round, or a
    /// conflict found now).
    Done {
        invited: Vec<String>,
        not_invited: Vec<(String, String)>,
    },
    /// Nobody was invited: nobody of the earlier rounds was ticked, or the date or message
    /// does not read (the same for all, so the first answer is everyone's).
    Invalid(FormErrors),
    NotFound,
}

/// Invites each ticked reviewer of an earlier round of submission `id` again. Ids that are
/// not of an earlier round's reviewer are ignored (a crafted form invites nobody new here).
pub fn invite_again(
    conn: &mut DbConnection,
    editor: &Person,
    roles: &[HeldRole],
    id: i64,
    form: &InviteAgainForm,
    site: &Site,
) -> Result<InviteAgainOutcome> {
    let asker = Asker::new(editor, roles, site);
    let Some(a) = asker.access_for(conn, id, SubmissionAction::ManageReviewers)? else {
        return Ok(InviteAgainOutcome::NotFound);
    };
    let earlier: Vec<i64> =
        earlier_reviewers(&store::of_submission(conn, id)?, a.submission.current_round)
            .into_iter()
            .map(|(person_id, _)| person_id)
            .collect();
    let mut ticked: Vec<i64> = Vec::new();
    for p in &form.person_ids {
        if earlier.contains(p) && !ticked.contains(p) {
            ticked.push(*p);
        }
    }
    if ticked.is_empty() {
        let mut errors = FormErrors::new();
        errors.add(
            "again",
            "Tick at least one reviewer of an earlier round to invite again.",
        );
        return Ok(InviteAgainOutcome::Invalid(errors));
    }
    let (mut invited, mut not_invited) = (Vec::new(), Vec::new());
    for person_id in ticked {
        let one = InviteForm {
            person_id: person_id.to_string(),
            message: form.message.clone(),
            due_on: form.due_on.clone(),
            found_by: "earlier_round".into(),
            ..InviteForm::default()
        };
        match invite(conn, editor, roles, id, &one, site)? {
            InviteOutcome::Invited { reviewer } => invited.push(reviewer),
            InviteOutcome::Refused(why) | InviteOutcome::AlreadyInvited(why) => {
                not_invited.push((name_of(conn, person_id)?, why));
            }
            InviteOutcome::Invalid(errors) if invited.is_empty() => {
                return Ok(InviteAgainOutcome::Invalid(errors));
            }
            InviteOutcome::Invalid(_) => {
                not_invited.push((name_of(conn, person_id)?, "The form did not read.".into()));
            }
            InviteOutcome::NotFound => return Ok(InviteAgainOutcome::NotFound),
        }
    }
    Ok(InviteAgainOutcome::Done {
        invited,
        not_invited,
    })
}

fn name_of(conn: &mut DbConnection, person_id: i64) -> QueryResult<String> {
    Ok(accounts::find_person(conn, person_id)?
        .map(|p| p.name)
        .unwrap_or_default())
}
