//! The editorial side: who sees what, choosing and changing the handling editor, the
//! board, rulings on potential conflicts, and the queue. A conflicted person gets the same
//! 404 as for a submission that does not exist, and never sees it in a list.

mod access;
mod assigning;
mod board;
mod deadlines;
mod integrity;
mod queue;
mod rulings;
mod search;

use crate::helpers::{TestApp, handling_editor};

async fn editor_of(app: &TestApp, id: i64) -> Option<String> {
    handling_editor(app, id).await.map(|(name, _)| name)
}
