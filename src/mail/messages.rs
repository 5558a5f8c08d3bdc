//! The messages. Each is a pair of templates (`templates/email/`); the subject lives here
//! with it.
//!
//! Every message is declared once with [`mail_message!`], which generates the public struct
//! that callers fill in, the two private template structs (plain text without escaping, HTML
//! with askama's auto-escaping) and the [`MailMessage`] impl.

use super::{Email, MailError};

/// A message type: its templates and its subject.
pub trait MailMessage {
    fn subject(&self) -> String;
    fn text(&self) -> Result<String, askama::Error>;
    fn html(&self) -> Result<String, askama::Error>;
    /// Every field by name, as a collection's own template sees it (`mail::letters`).
    fn fields(&self) -> Vec<(&'static str, &str)>;

    fn to_email(&self, to_name: &str, to_address: &str) -> Result<Email, MailError> {
        Ok(Email {
            to_name: to_name.to_owned(),
            to_address: to_address.to_owned(),
            subject: self.subject(),
            text: self.text()?,
            html: self.html()?,
        })
    }
}

/// Declares a message:
///
/// ```text
/// mail_message! {
///     /// Doc comment of the public struct.
///     pub struct Name<'a> {
///         field, other_field,
///         /// Doc comment of one field.
///         documented_field,
///     }
///     text = "email/name.txt",
///     html = "email/name.html",
///     subject = |m| format!("... {}", m.field),
/// }
/// ```
///
/// Every field is a `&'a str`, so only the names are listed. Both template paths are
/// literals (askama reads them before `concat!` could run). The templates see the same
/// fields as the public struct: they are copied into the two template structs. The subject
/// is written as a closure whose parameter is bound to `self`.
macro_rules! mail_message {
    (
        $(#[$meta:meta])*
        pub struct $name:ident<$lt:lifetime> {
            $( $(#[$field_meta:meta])* $field:ident ),+ $(,)?
        }
        text = $text:literal,
        html = $html:literal,
        subject = |$this:ident| $subject:expr $(,)?
    ) => {
        $(#[$meta])*
        pub struct $name<$lt> {
            $( $(#[$field_meta])* pub $field: &$lt str, )+
        }

        impl $name<'_> {
            /// The fields' names, in order.
            #[allow(dead_code, reason = "read by the letters' catalogue for some messages only")]
            pub const FIELDS: &'static [&'static str] = &[$( stringify!($field) ),+];

            /// The subject and the plain text with each field's value looked up by name
            /// ("" for one not given): how a collection's letters derive their default.
            #[allow(dead_code, reason = "read by the letters' catalogue for some messages only")]
            pub fn subject_and_text(
                values: &::std::collections::HashMap<&str, String>,
            ) -> Result<(String, String), askama::Error> {
                let get = |k: &str| values.get(k).map(String::as_str).unwrap_or("");
                let m = $name { $( $field: get(stringify!($field)), )+ };
                Ok((m.subject(), m.text()?))
            }
        }

        const _: () = {
            #[derive(::askama::Template)]
            #[template(path = $text, escape = "none")]
            struct Text<$lt> {
                $( $field: &$lt str, )+
            }

            #[derive(::askama::Template)]
            #[template(path = $html)]
            struct Html<$lt> {
                $( $field: &$lt str, )+
            }

            impl MailMessage for $name<'_> {
                fn subject(&self) -> String {
                    let $this = self;
                    $subject
                }
                fn text(&self) -> Result<String, askama::Error> {
                    ::askama::Template::render(&Text { $( $field: self.$field, )+ })
                }
                fn html(&self) -> Result<String, askama::Error> {
                    ::askama::Template::render(&Html { $( $field: self.$field, )+ })
                }
                fn fields(&self) -> Vec<(&'static str, &str)> {
                    vec![$( (stringify!($field), self.$field), )+]
                }
            }
        };
    };
}

/// The longest manuscript title quoted in a subject line, in characters, ellipsis included.
const SUBJECT_TITLE_MAX: usize = 80;

/// A title as it goes into a subject line: on one line, and cut to [`SUBJECT_TITLE_MAX`]
/// characters with an ellipsis when it is longer.
pub(crate) fn subject_title(title: &str) -> String {
    let one_line = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= SUBJECT_TITLE_MAX {
        return one_line;
    }
    let kept: String = one_line.chars().take(SUBJECT_TITLE_MAX - 1).collect();
    format!("{}…", kept.trim_end())
}

// ---- Accounts ------------------------------------------------------------------------------

mail_message! {
    pub struct VerifyEmail<'a> {
        name, link, site,
    }
    text = "email/verify_email.txt",
    html = "email/verify_email.html",
    subject = |_m| "Confirm your e-mail address for peerdesk".into(),
}

mail_message! {
    /// Sent instead of a second verification when someone registers with an address that
    /// already has an account, so the form itself reveals nothing about who is registered.
    pub struct AlreadyRegistered<'a> {
        name, login_link, reset_link, site,
    }
    text = "email/already_registered.txt",
    html = "email/already_registered.html",
    subject = |_m| "You already have a peerdesk account".into(),
}

mail_message! {
    /// Tells a person the ORCID iD they typed was taken off their profile, because another
    /// account confirmed it through ORCID sign-in (issue 20 item 8).
    pub struct OrcidReleased<'a> {
        name,
        /// Bare, e.g. 0000-0002-1825-0097.
        orcid,
        profile_link, site,
    }
    text = "email/orcid_released.txt",
    html = "email/orcid_released.html",
    subject = |_m| "The ORCID iD on your peerdesk profile was removed".into(),
}

mail_message! {
    /// Tells a person their password was changed while signed in, and what to do if it
    /// was not them.
    pub struct PasswordChanged<'a> {
        name,
        /// "6 December 2026, 18:05 UTC".
        when,
        reset_link, site,
    }
    text = "email/password_changed.txt",
    html = "email/password_changed.html",
    subject = |_m| "Your peerdesk password was changed".into(),
}

mail_message! {
    /// Tells a person their two-factor sign-in changed (turned on or off, new recovery
    /// codes, a recovery code used), and what to do if it was not them.
    pub struct TwoFactorChanged<'a> {
        name,
        /// "Two-factor sign-in was turned on for your account".
        what,
        /// "6 December 2026, 18:05 UTC".
        when,
        reset_link, site,
    }
    text = "email/two_factor_changed.txt",
    html = "email/two_factor_changed.html",
    subject = |_m| "Two-factor sign-in on your peerdesk account".into(),
}

mail_message! {
    pub struct PasswordReset<'a> {
        name, link, site,
    }
    text = "email/password_reset.txt",
    html = "email/password_reset.html",
    subject = |_m| "Reset your peerdesk password".into(),
}

mail_message! {
    /// Tells a person they were appointed (a notification that may wait for a digest).
    pub struct RoleGranted<'a> {
        name, role, place, dashboard_link,
    }
    text = "email/role_granted.txt",
    html = "email/role_granted.html",
    subject = |m| format!("You are now {} ({})", m.role, m.place),
}

// ---- Submissions ---------------------------------------------------------------------------
//
// None of these names a reviewer: they go to authors, and reviewers are anonymous to them.

mail_message! {
    /// Confirms a submission to its corresponding author.
    pub struct SubmissionReceived<'a> {
        /// The corresponding author, as addressed.
        name,
        manuscript_number, title, collection, journal,
        /// The listed authors, in order, already joined for display.
        authors,
        /// The submission's page, where its status can be followed.
        link,
        /// To an author who did not submit it: their link to confirm their authorship (and
        /// the day it stops working); empty to the one who submitted it.
        confirm_link, link_expires_on,
        site,
    }
    text = "email/submission_received.txt",
    html = "email/submission_received.html",
    subject = |m| format!("{} received: {}", m.manuscript_number, subject_title(m.title)),
}

mail_message! {
    /// Tells every listed author other than the corresponding one that they are listed, so
    /// that nobody is made an author of a manuscript without knowing it, and asks them to
    /// confirm it (or say they are not an author) by a link that needs no account.
    pub struct CoAuthorListed<'a> {
        /// The listed author, as addressed.
        name,
        manuscript_number, title, collection, journal,
        /// Who submitted the manuscript.
        submitter,
        /// The corresponding author.
        corresponding,
        /// The listed authors, in order, already joined for display.
        authors,
        /// The editorial office's e-mail address.
        office_address,
        /// Their link to confirm their authorship, and the day it stops working; empty for
        /// the one who submitted it (listed, but not as corresponding author).
        confirm_link, link_expires_on,
        site,
    }
    text = "email/co_author_listed.txt",
    html = "email/co_author_listed.html",
    subject = |m| format!("You are listed as an author of {}", m.manuscript_number),
}

mail_message! {
    /// Tells the authors (the corresponding author, the submitter and every co-author) that
    /// a submission was withdrawn. The handling editor gets [`WithdrawalToEditor`].
    pub struct SubmissionWithdrawn<'a> {
        /// The recipient, as addressed.
        name,
        manuscript_number, title, collection,
        /// Who withdrew it ("you" to the one who did).
        withdrawn_by,
        /// What the recipient is to it, as a sentence ("You are listed as one of its
        /// authors."); may be empty.
        relation,
        /// The reason given; may be empty.
        reason,
        /// The submission's page, which keeps its record; empty for someone who cannot
        /// open it (a co-author).
        link,
        site,
    }
    text = "email/submission_withdrawn.txt",
    html = "email/submission_withdrawn.html",
    subject = |m| format!("{} withdrawn: {}", m.manuscript_number, subject_title(m.title)),
}

mail_message! {
    /// Tells the handling editor that a submission they handle was withdrawn, and that its
    /// reviewers were told.
    pub struct WithdrawalToEditor<'a> {
        name, manuscript_number, title, collection, withdrawn_by,
        /// The reason given; may be empty.
        reason,
        /// The submission's editorial page.
        link,
        site,
    }
    text = "email/withdrawal_to_editor.txt",
    html = "email/withdrawal_to_editor.html",
    subject = |m| format!("{} withdrawn: {}", m.manuscript_number, subject_title(m.title)),
}

mail_message! {
    /// Tells the corresponding author that the submission is under review. It names no
    /// reviewer: reviewers are anonymous to authors.
    pub struct SubmissionUnderReview<'a> {
        name, manuscript_number, title, collection, link, site,
    }
    text = "email/submission_under_review.txt",
    html = "email/submission_under_review.html",
    subject = |m| format!("{} is under review: {}", m.manuscript_number, subject_title(m.title)),
}

// ---- Reviews -----------------------------------------------------------------------------
//
// To reviewers: never the names of other reviewers, and no author names under double-blind
// review (the caller leaves `authors` empty).

mail_message! {
    /// Invites a reviewer. The link opens the invitation page; opening it changes nothing.
    pub struct ReviewerInvited<'a> {
        name, manuscript_number, title, abstract_text,
        /// The authors, or "" under double-blind review.
        authors,
        collection, journal, editor,
        /// The editor's own message; may be empty.
        message,
        /// The due date, written out.
        due,
        /// When the link stops working, written out.
        expires,
        /// The collection's reminder schedule, in one sentence.
        reminders,
        link, site,
    }
    text = "email/reviewer_invited.txt",
    html = "email/reviewer_invited.html",
    subject = |m| format!("Invitation to review {} for {}", m.manuscript_number, m.journal),
}

mail_message! {
    /// Tells a reviewer that their invitation was cancelled (by the editor, or because the
    /// submission was withdrawn); their link no longer works.
    pub struct InvitationCancelled<'a> {
        name, manuscript_number, title, editor,
        /// Why; may be empty.
        reason,
        site,
    }
    text = "email/invitation_cancelled.txt",
    html = "email/invitation_cancelled.html",
    subject = |m| format!("Review of {} no longer needed", m.manuscript_number),
}

mail_message! {
    /// Tells the handling editor how a reviewer answered: accepted, declined (with the
    /// reason and a suggested alternative), or declared a competing interest.
    pub struct ReviewerAnswered<'a> {
        name, reviewer, manuscript_number, title,
        /// "accepted", "declined" or "declared a competing interest".
        answer,
        /// The reason given, the suggested alternative or the statement, one per line; may
        /// be empty.
        details,
        link, site,
    }
    text = "email/reviewer_answered.txt",
    html = "email/reviewer_answered.html",
    subject = |m| format!("{}: {} {}", m.manuscript_number, m.reviewer, m.answer),
}

mail_message! {
    /// Reminds a reviewer: an unanswered invitation, a review due soon, or one overdue.
    pub struct ReviewReminder<'a> {
        name, manuscript_number, title,
        /// One sentence saying what is awaited.
        what,
        due, editor, link, site,
    }
    text = "email/review_reminder.txt",
    html = "email/review_reminder.html",
    subject = |m| format!("Reminder: {} ({})", m.manuscript_number, m.what.trim_end_matches('.')),
}

mail_message! {
    /// Tells the handling editor that a review is in.
    pub struct ReviewReceived<'a> {
        name, reviewer, manuscript_number, title, recommendation, link, site,
    }
    text = "email/review_received.txt",
    html = "email/review_received.html",
    subject = |m| format!("Review received for {} from {}", m.manuscript_number, m.reviewer),
}

mail_message! {
    /// Tells the handling editor that a reviewer revised a review already submitted.
    pub struct ReviewRevised<'a> {
        name, reviewer, manuscript_number, title,
        /// "Accept → Minor revision", or the one recommendation when it did not change.
        recommendation,
        link, site,
    }
    text = "email/review_revised.txt",
    html = "email/review_revised.html",
    subject = |m| format!("Review revised for {} by {}", m.manuscript_number, m.reviewer),
}

mail_message! {
    /// Tells the handling editor, once per round, that every review still awaited is in
    /// (see `reviews::all_reviews_in_if_due`).
    pub struct AllReviewsIn<'a> {
        name, manuscript_number, title,
        /// "2 reviews".
        count,
        link, site,
    }
    text = "email/all_reviews_in.txt",
    html = "email/all_reviews_in.html",
    subject = |m| format!("All reviews are in for {}", m.manuscript_number),
}

mail_message! {
    /// Thanks a reviewer for their review.
    pub struct ReviewerThanks<'a> {
        name, manuscript_number, title, editor,
        /// Their reviewer page, where the review stays readable.
        link,
        site,
    }
    text = "email/reviewer_thanks.txt",
    html = "email/reviewer_thanks.html",
    subject = |m| format!("Thank you for reviewing {}", m.manuscript_number),
}

// ---- Editorial ------------------------------------------------------------------------------

mail_message! {
    /// Tells an editor they handle a submission. The reasons other editors were passed over
    /// are for the editor-in-chief only, so they are not in here.
    pub struct HandlingEditorAssigned<'a> {
        name, manuscript_number, title, collection,
        /// The submission's editorial page.
        link,
        site,
    }
    text = "email/handling_editor_assigned.txt",
    html = "email/handling_editor_assigned.html",
    subject = |m| format!("Please handle {}: {}", m.manuscript_number, subject_title(m.title)),
}

mail_message! {
    /// Tells the editor-in-chief that nobody free of competing interests could handle a
    /// submission, with every reason.
    pub struct SubmissionFlagged<'a> {
        name, manuscript_number, title, collection,
        /// Why each possible editor was passed over.
        explanation,
        /// The editor-in-chief's queue.
        link,
        site,
    }
    text = "email/submission_flagged.txt",
    html = "email/submission_flagged.html",
    subject = |m| format!("No conflict-free editor for {}", m.manuscript_number),
}

// ---- Decisions -----------------------------------------------------------------------------

mail_message! {
    /// The decision letter to the corresponding author, as the handling editor sent it. It
    /// quotes reviews only as "Reviewer 1", "Reviewer 2" …
    pub struct DecisionLetter<'a> {
        manuscript_number, title, decision, letter,
        /// When the revised version is due, written out; empty for a decision that asks for
        /// none.
        due,
        link, site,
    }
    text = "email/decision_letter.txt",
    html = "email/decision_letter.html",
    subject = |m| format!("Decision on {}: {}", m.manuscript_number, subject_title(m.title)),
}

mail_message! {
    /// Tells a co-author (a listed author other than the corresponding one) the outcome of
    /// a decision. The letter, with the reviews, goes to the corresponding author only.
    pub struct DecisionToCoAuthor<'a> {
        name, manuscript_number, title, collection, journal,
        /// The decision, as the letter names it ("Minor revision").
        decision,
        corresponding, site,
    }
    text = "email/decision_to_co_author.txt",
    html = "email/decision_to_co_author.html",
    subject = |m| format!("Decision on {}: {}", m.manuscript_number, m.decision),
}

mail_message! {
    /// Thanks a reviewer who submitted a review of the round and tells them the decision
    /// (issue 19 part 3). Never the letter; the other reviewers' comments to the authors
    /// only where the collection shares them, as "Reviewer N", never a name or a
    /// confidential comment.
    pub struct DecisionMade<'a> {
        name, manuscript_number, title,
        /// "Minor revision".
        decision,
        /// "Reviewer 2" — the reader's own number (every reviewer whose review is in has one).
        own_number,
        /// The other reviewers' comments to the authors, quoted; empty when the collection
        /// does not share them or nobody else commented.
        other_reviews,
        site,
    }
    text = "email/decision_made.txt",
    html = "email/decision_made.html",
    subject = |m| format!("Thank you for reviewing {}: the decision", m.manuscript_number),
}

// ---- Publishing ----------------------------------------------------------------------------

mail_message! {
    /// Tells each author, and the handling editor, that the article is published: its
    /// citation, DOI, date and public page.
    pub struct ArticlePublished<'a> {
        name,
        /// "you are an author of" or "you handled as editor".
        relation,
        manuscript_number, title, citation, doi, published_on, collection, link,
    }
    text = "email/article_published.txt",
    html = "email/article_published.html",
    subject = |m| format!("Published in {}: {}", m.citation, subject_title(m.title)),
}

mail_message! {
    /// Confirms to the corresponding author that a revised version has arrived.
    pub struct RevisionReceived<'a> {
        name, manuscript_number, title, round, link, site,
    }
    text = "email/revision_received.txt",
    html = "email/revision_received.html",
    subject = |m| format!("Revised version received: {} {}", m.manuscript_number, subject_title(m.title)),
}

mail_message! {
    /// Tells the handling editor that a revised version has arrived and who reviewed the
    /// earlier rounds, so they can be invited again.
    pub struct RevisionToEditor<'a> {
        name, manuscript_number, title, round, earlier_reviewers, link, site,
    }
    text = "email/revision_to_editor.txt",
    html = "email/revision_to_editor.html",
    subject = |m| format!("Revised version to handle: {} (round {})", m.manuscript_number, m.round),
}

mail_message! {
    /// Confirms to the author that their appeal has been lodged.
    pub struct AppealLodged<'a> {
        name, manuscript_number, title, link, site,
    }
    text = "email/appeal_lodged.txt",
    html = "email/appeal_lodged.html",
    subject = |m| format!("Appeal received: {} {}", m.manuscript_number, subject_title(m.title)),
}

mail_message! {
    /// Asks the person chosen to hear an appeal to decide it, and says why they were chosen.
    pub struct AppealToHear<'a> {
        name, manuscript_number, title, statement, explanation, link, site,
    }
    text = "email/appeal_to_hear.txt",
    html = "email/appeal_to_hear.html",
    subject = |m| format!("Appeal to hear: {} {}", m.manuscript_number, subject_title(m.title)),
}

mail_message! {
    /// The outcome of an appeal, with its reasons, to the authors and the handling editor.
    pub struct AppealDecided<'a> {
        name, manuscript_number, title, outcome, reason, next_step, link, site,
    }
    text = "email/appeal_decided.txt",
    html = "email/appeal_decided.html",
    subject = |m| format!("Appeal on {}: {}", m.manuscript_number, m.outcome),
}

// ---- Deadlines (the messages are in `messages/deadlines.rs`) ----------------------------------

mod deadlines;

pub use deadlines::{EditorReminder, RevisionExtended, RevisionReminder};

// ---- Co-authors' confirmation of their authorship (`messages/authorship.rs`) ---------------

mod authorship;
pub use authorship::{AuthorsConfirmed, NotAnAuthor};

// ---- The discussion on a submission (`messages/discussion.rs`) ------------------------------

mod discussion;
pub use discussion::DiscussionPosted;

#[cfg(test)]
mod tests;

mod declines;
pub use declines::LaterDateAnswered;

// ---- Two-tier decisions (`messages/recommendations.rs`) ------------------------------------

mod recommendations;
pub use recommendations::{DecisionToConfirm, RecommendationAnswered};

// ---- The technical check (`messages/technical_check.rs`) -----------------------------------

mod technical_check;
pub use technical_check::{FixesReceived, ReturnedForFixes};
