//! After each final decision, in its transaction: is the handling editor far from the
//! collection's other editors (issue 27 item 2; the rule is `domain::editor_outliers`)? The
//! figures are counted in the database, one aggregate over the collection's decisions, so no
//! page computes them. The signal goes on the submission just decided, naming the editor, and
//! is not raised again while an earlier one about them waits for the editor-in-chief.

use diesel::QueryResult;

use crate::db::DbConnection;
use crate::db::accounts::Person;
use crate::db::integrity::{self as store, NewSignal};
use crate::db::submissions::Submission;
use crate::domain::decision::DecisionKind;
use crate::domain::editor_outliers::{DecisionFigures, far_from_the_others};

const KIND: &str = "editor_outlier";

pub(super) fn check(
    conn: &mut DbConnection,
    s: &Submission,
    kind: DecisionKind,
    editor: &Person,
) -> QueryResult<()> {
    let is_final = matches!(
        kind,
        DecisionKind::Accept | DecisionKind::Reject | DecisionKind::DeskReject
    );
    if !is_final || store::open_about_editor(conn, s.collection_id, editor.id, KIND)? {
        return Ok(());
    }
    let mut mine = DecisionFigures::default();
    let mut others = DecisionFigures::default();
    for (editor_id, figures) in store::decision_figures(conn, s.collection_id)? {
        if editor_id == editor.id {
            mine.add(&figures);
        } else {
            others.add(&figures);
        }
    }
    let lines = far_from_the_others(&editor.name, &mine, &others);
    if lines.is_empty() {
        return Ok(());
    }
    store::raise(
        conn,
        &NewSignal {
            submission_id: s.id,
            invitation_id: None,
            related_submission_id: None,
            kind: KIND,
            evidence: &lines.join(". "),
        },
    )
}
