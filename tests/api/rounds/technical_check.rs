//! The technical check (issue 28 part 4), on both backends: before review the handling
//! editor returns a submission to its authors with a message; it is not a decision; the
//! authors send it back corrected, with the same number, in the same round, to the same
//! handling editor; a return is refused once a reviewer is invited.

use reqwest::StatusCode;

use super::{kinds_to, round_of};
use crate::helpers::*;

const MESSAGE: &str = "The ethics statement lacks the approval number of the committee.";
const FIXED: &str = "Added the approval number (HSM-2025-114) to the ethics statement.";

/// Long because it is one story read top to bottom: returned, corrected, returned no more.
async fn a_technical_return_comes_back_with_the_same_number(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    let editorial = format!("/editorial/submissions/{id}");
    let action = format!("/editorial/submissions/{id}/technical-return");
    as_person(&app, &logins, ATIF).await;
    let page = app.get(&editorial).await;
    assert_eq!(page.select("#technical-return-form").len(), 1);
    let number = page.select(".manuscript-number").join("");

    let empty = post_on_page(&app, &editorial, &action, &[("fixes_message", " ")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty
            .select("#fixes_message-error")
            .join("")
            .contains("cannot be empty")
    );
    assert_eq!(state_of(&app, id).await, "submitted");

    let returned = post_on_page(&app, &editorial, &action, &[("fixes_message", MESSAGE)]).await;
    assert_eq!(
        returned.status,
        StatusCode::SEE_OTHER,
        "{}",
        returned.visible_text()
    );
    assert_eq!(state_of(&app, id).await, "returned_for_fixes");
    assert_eq!(
        moves(&app, id).await.last().map(String::as_str),
        Some("return_for_fixes")
    );
    let to_sofia = app
        .outbox()
        .into_iter()
        .find(|m| m.kind == "returned_for_fixes" && m.to_address == SOFIA)
        .expect("the author is e-mailed the message");
    assert!(
        to_sofia.body_text.contains(MESSAGE),
        "{}",
        to_sofia.body_text
    );
    assert!(
        app.mails_to(SOFIA)
            .iter()
            .all(|m| !m.contains("Decision on")),
        "not a decision"
    );

    as_person(&app, &logins, SOFIA).await;
    let show = app.get(&format!("/submissions/{id}")).await;
    assert_eq!(
        show.select("#state").join(""),
        "Returned for technical fixes"
    );
    assert!(show.select("#technical-returns").join("").contains(MESSAGE));
    assert_eq!(
        show.select("#send-revision-link").join(""),
        "Send the corrected manuscript"
    );
    let form = app.get(&format!("/submissions/{id}/revision")).await;
    assert!(
        form.select("h1")
            .join("")
            .contains("Send the corrected manuscript")
    );

    // What was fixed must be said; no new file is needed.
    let path = format!("/submissions/{id}/revision");
    let unsaid = app
        .post_multipart(&path, &[("response", " "), ("ai_use", "none")], &[])
        .await;
    assert_eq!(unsaid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unsaid
            .select("#response-error")
            .join("")
            .contains("Say what you fixed")
    );
    assert_eq!(state_of(&app, id).await, "returned_for_fixes");
    let sent = app
        .post_multipart(&path, &[("response", FIXED), ("ai_use", "none")], &[])
        .await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    assert_eq!(state_of(&app, id).await, "submitted");
    assert_eq!(round_of(&app, id).await, 1, "no new round");
    assert_eq!(
        moves(&app, id).await.last().map(String::as_str),
        Some("send_fixes")
    );
    assert!(kinds_to(&app, ATIF).contains(&"fixes_received".to_owned()));

    as_person(&app, &logins, ATIF).await;
    let back = app.get(&editorial).await;
    assert_eq!(
        back.select(".manuscript-number").join(""),
        number,
        "the same number"
    );
    assert!(back.select(".fixed-note").join("").contains(FIXED));

    // Once a reviewer is invited, review has begun: no technical return.
    invite_by_address(&app, id, "Nils Berg", NILS).await;
    let refused = post_on_page(&app, &editorial, &action, &[("fixes_message", MESSAGE)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .select("#fixes_message-error")
            .join("")
            .contains("still invited")
    );
    assert_eq!(state_of(&app, id).await, "submitted");
}

crate::on_both_backends!(a_technical_return_comes_back_with_the_same_number);
