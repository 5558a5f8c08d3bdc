//! The messages of the deadlines (issue 18): the authors' reminders about a revised
//! version and its extension, and the reminders an editor sends by hand to the handling
//! editor or an appeal's hearer. (A reviewer's reminder is `ReviewReminder`, by hand too.)

use super::MailMessage;

mail_message! {
    /// Reminds the corresponding author that a revised version is due, or late: from the
    /// collection's schedule, or sent by hand from the deadlines view.
    pub struct RevisionReminder<'a> {
        name, manuscript_number, title,
        /// One sentence saying when it is due and how long is left (or how late it is).
        what,
        editor, link, site,
    }
    text = "email/revision_reminder.txt",
    html = "email/revision_reminder.html",
    subject = |m| format!("Reminder: your revised version of {}", m.manuscript_number),
}

mail_message! {
    /// Tells the corresponding author that the handling editor gave more time for the
    /// revised version.
    pub struct RevisionExtended<'a> {
        name, manuscript_number, title,
        /// The new date and the one it replaces, written out.
        due, was,
        /// The editor's note; may be empty.
        note,
        editor, link, site,
    }
    text = "email/revision_extended.txt",
    html = "email/revision_extended.html",
    subject = |m| format!("More time for your revised version of {}: due {}", m.manuscript_number, m.due),
}

mail_message! {
    /// Reminds the handling editor of a decision, or the hearer of an appeal, that it waits:
    /// sent by hand by the editor-in-chief from the deadlines view.
    pub struct EditorReminder<'a> {
        name, manuscript_number, title,
        /// One sentence saying what waits and since when.
        what,
        /// Who sends the reminder.
        sender,
        link, site,
    }
    text = "email/editor_reminder.txt",
    html = "email/editor_reminder.html",
    subject = |m| format!("Reminder: {} is waiting for you", m.manuscript_number),
}
