//! Co-authors confirm their authorship (issue 20 item 1). When a manuscript is submitted,
//! every listed author but the one who submitted it is e-mailed a link (no account needed;
//! its token random, stored hashed, expiring, answered once) to confirm "I am an author of
//! this manuscript and agree to its submission" or to say "I am not an author"; the second
//! answer is told to the submitting author and the editorial office. The submission's
//! pages show where each author stands, and a collection may hold review back until every
//! one has confirmed: then the handling editor cannot invite reviewers before.
//!
//! Where to look: asking (at submission, and again from the author's page) in `asking.rs`;
//! the link's page and its two answers in `link.rs`; where each author stands and whether
//! review may start in `standing.rs`. The rules themselves are `domain::authorship`.

use crate::db::accounts::Person;
use crate::db::submissions::Author;

mod asking;
mod link;
mod standing;

pub use asking::{AskAgainOutcome, Link, ask, ask_again, ask_new_author, ask_unless_submitter};
pub use link::{AnswerOutcome, Answered, LinkProblem, LinkView, Question, answer, view_by_link};
pub use standing::{AuthorLine, Authorship, authorship_of, review_may_start};

/// Whether `a` is the person who submitted the manuscript (by account, or by the address
/// they are listed with): they have nothing to confirm.
pub fn is_submitter(a: &Author, submitter: &Person) -> bool {
    a.person_id == Some(submitter.id) || a.email.eq_ignore_ascii_case(&submitter.email)
}
