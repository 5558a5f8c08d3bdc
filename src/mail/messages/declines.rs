//! The message about a later date a declining reviewer offered (issue 28 part 3).

use super::MailMessage;

mail_message! {
    /// Tells a reviewer who declined but offered a later date whether the editor took it up:
    /// accepted, with the link to the review and the new due date; or refused.
    pub struct LaterDateAnswered<'a> {
        name, manuscript_number, title, editor,
        /// The date the reviewer offered, in words.
        due,
        /// "accepted" or "refused".
        answer,
        /// The invitation's page (a fresh link) when accepted; empty when refused.
        link,
        site,
    }
    text = "email/later_date_answered.txt",
    html = "email/later_date_answered.html",
    subject = |m| if m.answer == "accepted" {
        format!("Your review of {} is due {}", m.manuscript_number, m.due)
    } else {
        format!("Review of {}: thank you for your offer", m.manuscript_number)
    },
}
