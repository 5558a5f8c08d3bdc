//! The review itself: saving a draft, submitting it, and revising a submitted one through
//! its own step, each under `guard`'s rule (the submission held, the form's version
//! compared, a repeated press changing nothing).

use diesel::QueryResult;

use crate::config::Site;
use crate::db::DbConnection;
use crate::db::accounts::{self, Person};
use crate::db::guard::{self, ReadAt};
use crate::db::reviews::{self as store, Attachment, ReviewInvitation, reviewer_numbers};
use crate::db::submissions::Submission;
use crate::db::write_transaction;
use crate::domain::FormErrors;
use crate::domain::permissions::ReviewerAction;
use crate::domain::review::questions::Answers;
use crate::domain::review::{InvitationStatus, ReviewContent, ReviewInput, ReviewStep};
use crate::mail::messages::{ReviewReceived, ReviewRevised, ReviewerThanks};
use crate::workflow::step::{self, About};

use super::Result;
use super::all_in::all_reviews_in_if_due;
use super::desk::{own_invitation, reviewer_may};

#[derive(Debug)]
pub enum ReviewOutcome {
    Saved,
    Submitted,
    /// A submitted review was revised through its own step; the editor is told.
    Revised,
    /// The review already says exactly this (a second press of the same button).
    Unchanged,
    /// Nothing changed, because the form no longer matches the review: see the reason.
    Stale(StaleReview),
    Invalid(FormErrors),
    /// The editor has decided (or the invitation ended): it can no longer be changed.
    Closed,
    NotFound,
}

/// Why a review form was refused as out of date (409, the reviewer's input kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaleReview {
    /// The review was submitted (perhaps from another tab): a draft save or a second
    /// submission with other content cannot change it; "Revise my review" can.
    AlreadySubmitted,
    /// The review was saved from another tab after this form was read.
    ChangedMeanwhile,
}

/// One press of the review form's buttons, with what the form was read at.
pub struct ReviewWrite<'a> {
    pub input: &'a ReviewInput,
    pub attachment: Option<&'a Attachment>,
    pub step: ReviewStep,
    /// When the review was last saved as the form showed it; `None` when the form did not
    /// say (then only the review's status is checked).
    pub read_at: Option<ReadAt>,
}

/// The review as stored (with its `answers` to the collection's questions), to compare a
/// form with.
fn stored_review(inv: &ReviewInvitation, answers: Answers) -> ReviewContent {
    ReviewContent {
        recommendation: inv.recommendation.parse().ok(),
        comments_to_authors: inv.comments_to_authors.clone(),
        confidential_comments: inv.confidential_comments.clone(),
        earlier_comments: crate::domain::review::EarlierComments::parse(
            &inv.earlier_comments_addressed,
        ),
        answers,
    }
}

/// Saves the review as a draft, submits it, or revises a submitted one (`guard`'s rule:
/// the submission is held, the form's version compared, a repeated press changes nothing).
/// Submitting the first time tells the editor (and, when it is the last one awaited, that
/// all reviews are in) and thanks the reviewer; revising tells the editor what changed.
pub fn save_review(
    conn: &mut DbConnection,
    person_id: i64,
    invitation_id: i64,
    write: &ReviewWrite<'_>,
    site: &Site,
) -> Result<ReviewOutcome> {
    write_transaction(conn, |conn| -> Result<ReviewOutcome> {
        let (inv, s) = match held_for_writing(conn, person_id, invitation_id)? {
            Ok(found) => found,
            Err(outcome) => return Ok(outcome),
        };
        let submitted = inv.status() == InvitationStatus::Submitted;
        let step = match write.step {
            ReviewStep::Revise if !submitted => ReviewStep::Submit,
            step => step,
        };
        // A draft may be incomplete; a review the editor reads may not.
        let re_review = super::history::reviewed_earlier(conn, &inv)?;
        // The version of the collection's form this review answers (fixed by its first save).
        let shown = write.input.form_version.trim().parse().ok();
        let (form, answers) = super::form_versions::form_of(conn, &inv, s.collection_id, shown)?;
        let questions = form.as_ref().map_or(&[][..], |f| f.questions.as_slice());
        let content =
            match write
                .input
                .parse_with(step != ReviewStep::SaveDraft, re_review, questions)
            {
                Ok(c) => c,
                Err(errors) => return Ok(ReviewOutcome::Invalid(errors)),
            };
        let before = stored_review(&inv, answers);
        if let Some(refused) = refused_as_stale(&inv, write, step, &content, &before) {
            return Ok(refused);
        }
        if !store::save_review(conn, inv.id, &content, write.attachment)? {
            return Ok(ReviewOutcome::Closed);
        }
        if let Some(form) = &form {
            crate::db::review_forms::save_answers(conn, inv.id, form.id, &content.answers)?;
        }
        let reviewer =
            accounts::find_person(conn, person_id)?.ok_or(diesel::result::Error::NotFound)?;
        if submitted {
            revised(conn, &s, &reviewer, &before, &content, site)?;
            return Ok(ReviewOutcome::Revised);
        }
        if step == ReviewStep::SaveDraft {
            return Ok(ReviewOutcome::Saved);
        }
        if !store::mark_submitted(conn, inv.id)? {
            return Ok(ReviewOutcome::Unchanged);
        }
        submitted_first_time(conn, &s, &inv, &reviewer, &content, site)?;
        Ok(ReviewOutcome::Submitted)
    })
}

/// The reviewer's invitation with its submission, read again once the submission is held
/// (another tab's press may have just committed), when the review may still be written;
/// otherwise what to answer.
fn held_for_writing(
    conn: &mut DbConnection,
    person_id: i64,
    invitation_id: i64,
) -> QueryResult<std::result::Result<(ReviewInvitation, Submission), ReviewOutcome>> {
    let Some((_, s)) = own_invitation(conn, person_id, invitation_id)? else {
        return Ok(Err(ReviewOutcome::NotFound));
    };
    guard::lock_submission(conn, s.id)?;
    let Some((inv, s)) = own_invitation(conn, person_id, invitation_id)? else {
        return Ok(Err(ReviewOutcome::NotFound));
    };
    if !reviewer_may(person_id, &inv, &s, ReviewerAction::WriteReview) {
        return Ok(Err(
            if reviewer_may(person_id, &inv, &s, ReviewerAction::ReadManuscript) {
                ReviewOutcome::Closed
            } else {
                ReviewOutcome::NotFound
            },
        ));
    }
    Ok(Ok((inv, s)))
}

/// What a press is answered with when it must not change the review: the same content
/// again is done already; a submitted review changes only through "Revise my review"; and
/// a form read before another tab saved may not overwrite what that tab wrote.
fn refused_as_stale(
    inv: &ReviewInvitation,
    write: &ReviewWrite<'_>,
    step: ReviewStep,
    content: &ReviewContent,
    before: &ReviewContent,
) -> Option<ReviewOutcome> {
    let submitted = inv.status() == InvitationStatus::Submitted;
    let same_file = write
        .attachment
        .is_none_or(|a| inv.attachment_sha256.as_deref() == Some(a.sha256.as_str()));
    let unchanged = content == before && same_file;
    let current = write
        .read_at
        .is_none_or(|read| read.is_current(inv.review_saved_at));
    match (submitted, step) {
        (true, ReviewStep::Revise | ReviewStep::Submit) if unchanged => {
            Some(ReviewOutcome::Unchanged)
        }
        (true, ReviewStep::SaveDraft | ReviewStep::Submit) => {
            Some(ReviewOutcome::Stale(StaleReview::AlreadySubmitted))
        }
        (_, _) if !current && !unchanged => {
            Some(ReviewOutcome::Stale(StaleReview::ChangedMeanwhile))
        }
        _ => None,
    }
}

/// The reviewer's name with the number the letter and the editor's page give them.
fn numbered(conn: &mut DbConnection, s: &Submission, reviewer: &Person) -> QueryResult<String> {
    let numbers = reviewer_numbers(&store::of_submission(conn, s.id)?);
    Ok(match numbers.label(reviewer.id) {
        Some(label) => format!("{} ({label})", reviewer.name),
        None => reviewer.name.clone(),
    })
}

/// A review submitted the first time: its timeline line, the editor told (and, when it was
/// the last one awaited, that all reviews are in), and the reviewer thanked.
fn submitted_first_time(
    conn: &mut DbConnection,
    s: &Submission,
    inv: &ReviewInvitation,
    reviewer: &Person,
    content: &ReviewContent,
    site: &Site,
) -> Result<()> {
    let recommendation = content.recommendation.map_or("", |r| r.label());
    step::on_timeline(
        conn,
        Some(reviewer.id),
        s.id,
        "review_submitted",
        &format!("{} submitted a review: {recommendation}", reviewer.name),
    )?;
    let number = s.number_or_draft();
    let about = About::manuscript(number);
    let editor = step::handling_editor(conn, s)?;
    if let Some(editor) = &editor {
        let message = ReviewReceived {
            name: &editor.name,
            reviewer: &numbered(conn, s, reviewer)?,
            manuscript_number: number,
            title: &s.title,
            recommendation,
            link: &step::editorial_link(site, s.id),
            site: &site.name(),
        };
        about
            .digestible(true)
            .send(conn, "review_received", editor, &message)?;
    }
    let texts = (
        content.comments_to_authors.as_str(),
        content.confidential_comments.as_str(),
    );
    super::rings::check_submitted(conn, (s, inv), texts, crate::db::now())?;
    all_reviews_in_if_due(conn, s, inv.round, site)?;
    let message = ReviewerThanks {
        name: &reviewer.name,
        manuscript_number: number,
        title: &s.title,
        editor: editor.as_ref().map_or("The editor", |e| e.name.as_str()),
        link: &format!("{}/reviews/{}", site.base_url, inv.id),
        site: &site.name(),
    };
    about
        .reply_to(editor.as_ref().map(|e| e.email.as_str()))
        .send(conn, "reviewer_thanks", reviewer, &message)?;
    Ok(())
}

/// Records a revision of a submitted review and tells the handling editor, with the
/// recommendation before and after.
fn revised(
    conn: &mut DbConnection,
    s: &Submission,
    reviewer: &Person,
    before: &ReviewContent,
    after: &ReviewContent,
    site: &Site,
) -> Result<()> {
    let label = |c: &ReviewContent| c.recommendation.map_or("", |r| r.label());
    let recommendation = if before.recommendation == after.recommendation {
        label(after).to_owned()
    } else {
        format!("{} → {}", label(before), label(after))
    };
    step::on_timeline(
        conn,
        Some(reviewer.id),
        s.id,
        "review_revised",
        &format!("{} revised their review: {recommendation}", reviewer.name),
    )?;
    let Some(editor) = step::handling_editor(conn, s)? else {
        return Ok(());
    };
    let number = s.number_or_draft();
    let message = ReviewRevised {
        name: &editor.name,
        reviewer: &numbered(conn, s, reviewer)?,
        manuscript_number: number,
        title: &s.title,
        recommendation: &recommendation,
        link: &step::editorial_link(site, s.id),
        site: &site.name(),
    };
    About::manuscript(number).send(conn, "review_revised", &editor, &message)?;
    Ok(())
}
