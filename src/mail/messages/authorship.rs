//! The messages about co-authors' confirmation of their authorship (issue 20 item 1). The
//! request itself travels in the submission's own messages ([`super::CoAuthorListed`], or
//! [`super::SubmissionReceived`] to a corresponding author who did not submit it).

use super::{MailMessage, subject_title};

mail_message! {
    /// Tells the submitting author, and the editorial office (the handling editor, or the
    /// editor-in-chief while there is none), that someone listed as an author says they are
    /// not one.
    pub struct NotAnAuthor<'a> {
        /// The recipient, as addressed.
        name,
        /// Who said they are not an author, and the address they were listed with.
        author, author_email,
        manuscript_number, title,
        /// What they told the editorial office; may be empty.
        note,
        /// What the recipient can do about it, in a sentence.
        next_step,
        /// The submission's page for the recipient.
        link,
        site,
    }
    text = "email/not_an_author.txt",
    html = "email/not_an_author.html",
    subject = |m| format!("{}: {} says they are not an author of “{}”", m.manuscript_number, m.author, subject_title(m.title)),
}

mail_message! {
    /// Tells the handling editor, in a collection where review waits for every co-author's
    /// confirmation, that the last one has come in: reviewers may now be invited.
    pub struct AuthorsConfirmed<'a> {
        name, manuscript_number, title, link, site,
    }
    text = "email/authors_confirmed.txt",
    html = "email/authors_confirmed.html",
    subject = |m| format!("Every author has confirmed: {} {}", m.manuscript_number, subject_title(m.title)),
}
