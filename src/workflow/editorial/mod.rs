//! What assigning a handling editor does, who may open a submission (access), and the
//! editorial lists. A person's conflicts with the rulings applied are [`super::conflict`]'s.
//!
//! Called inside the transaction that writes the assignment, so the conflict check sees the
//! same data the assignment is written against: a conflict declared a moment earlier counts.
//!
//! Where to look: who may open a submission in `access.rs`; the choice of handling editor
//! and its candidates in `assignment.rs`; the editorial lists in `lists.rs` and the search
//! over them in `search.rs`; a change of
//! handling editor (the editor's own competing interest, the editor-in-chief's choice, a
//! ruling on a potential conflict) in `reassigning.rs`.

mod access;
mod assignment;
mod lists;
mod reassigning;
mod search;

pub use access::{Access, Asker, access, access_for, access_remembered, editable_collection};
pub use assignment::{CandidateView, assign_handling_editor, candidate_views, candidates_for};
pub use lists::{
    EditorialLists, EditorialMemo, ListIds, Paged, QUEUE_PAGE, QueueLine, QueuePages,
    editorial_lists, followed_submissions,
};
pub use reassigning::{
    EditorChoice, Reassignment, RulingRequest, StepDown, editor_declares_conflict, reassign,
    rule_on_conflict,
};
pub use search::{SearchResults, choices, every_match, search, selected};

pub use crate::workflow::step::EditorialError;
