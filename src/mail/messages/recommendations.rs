//! The messages of two-tier decisions (issue 28 part 4). They say what was recommended and
//! what became of it, never the letter or a note: those stay behind the sign-in, out of the
//! outbox that administrators read.

use super::{MailMessage, subject_title};

mail_message! {
    /// Asks a confirmer to confirm, edit or return a handling editor's recommendation.
    pub struct DecisionToConfirm<'a> {
        name,
        /// The handling editor who recommended it.
        editor,
        manuscript_number, title,
        /// The decision recommended ("Major revision").
        decision,
        /// The confirmation page.
        link,
        site,
    }
    text = "email/decision_to_confirm.txt",
    html = "email/decision_to_confirm.html",
    subject = |m| format!("Decision to confirm: {} {}", m.manuscript_number, subject_title(m.title)),
}

mail_message! {
    /// Tells the handling editor what became of their recommendation.
    pub struct RecommendationAnswered<'a> {
        name,
        /// Who answered it.
        confirmer,
        manuscript_number, title,
        /// What became of it, as a sentence ("confirmed it: the letter has been sent").
        outcome,
        link,
        site,
    }
    text = "email/recommendation_answered.txt",
    html = "email/recommendation_answered.html",
    subject = |m| format!("Your recommendation on {}", m.manuscript_number),
}
