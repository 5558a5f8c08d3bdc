//! The message about a submission's discussion (issue 28 part 1). It says who wrote and
//! where, never what: the text stays behind the sign-in, out of the outbox that
//! administrators read, and a reviewer's name never reaches an author's mailbox.

use super::{MailMessage, subject_title};

mail_message! {
    /// Tells a member of a thread that someone else posted in it.
    pub struct DiscussionPosted<'a> {
        /// The recipient, as addressed.
        name,
        /// Who posted, as the recipient may know them ("Reviewer 2", "Atif Ahmed (editor)").
        poster,
        manuscript_number, title,
        /// The thread's name ("Discussion with the reviewers").
        thread,
        /// The thread's page, as the recipient reaches it.
        link,
        site,
    }
    text = "email/discussion_posted.txt",
    html = "email/discussion_posted.html",
    subject = |m| format!("New message on {}: {}", m.manuscript_number, subject_title(m.title)),
}
