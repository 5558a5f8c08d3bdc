//! The technical check's messages (issue 28 part 4): a submission returned to its authors
//! for fixes before review, and its corrected version back with the handling editor.

use super::{MailMessage, subject_title};

mail_message! {
    /// Tells an author what the editorial office asks them to fix before review.
    pub struct ReturnedForFixes<'a> {
        name, manuscript_number, title,
        /// The office's message, as written: it is meant for the authors.
        message,
        /// The page to send the corrected manuscript from.
        link,
        site,
    }
    text = "email/returned_for_fixes.txt",
    html = "email/returned_for_fixes.html",
    subject = |m| format!("Please correct {} before review: {}", m.manuscript_number, subject_title(m.title)),
}

mail_message! {
    /// Tells the handling editor that the corrected manuscript is back.
    pub struct FixesReceived<'a> {
        name, manuscript_number, title, link, site,
    }
    text = "email/fixes_received.txt",
    html = "email/fixes_received.html",
    subject = |m| format!("Corrected manuscript back: {} {}", m.manuscript_number, subject_title(m.title)),
}
