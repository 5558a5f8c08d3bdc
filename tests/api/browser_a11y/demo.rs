//! The demo the pages show: the demo data, and what some pages need to show everything they
//! can, made through the site as the people would.

use std::collections::HashMap;
use std::time::Duration;

use super::visits::Who;
use crate::helpers::*;

pub(super) const AUTHOR_EMAIL: &str = "daniel.okafor@unilag.example";

pub(super) const GUEST_EDITOR_EMAIL: &str = "atif.ahmed@seattlechildrens.example";

pub(super) const CHIEF_EMAIL: &str = "helen.marsh@bmccancer.example";

pub(super) const REVIEWER_EMAIL: &str = "lukas.weber@uni-heidelberg.example";

pub(super) const ADMIN_EMAIL: &str = "ada.admin@peerdesk.example";

pub(super) const ADMIN_PASSWORD: &str = "an administrator's long passphrase";

/// Ids and links the visits need, made from the demo data.
pub(super) struct Demo {
    pub(super) logins: HashMap<String, String>,
    pub(super) journal_id: i64,
    pub(super) collection_id: i64,
    /// The three demo manuscripts.
    pub(super) bap1: i64,
    pub(super) retinoblastoma: i64,
    pub(super) registry: i64,
    /// One whose editorial page offers a ruling on a potential conflict.
    pub(super) with_potential_conflict: i64,
    /// Daniel's complete submission with a PDF, and his draft with a PDF attached.
    pub(super) with_files: i64,
    pub(super) draft: i64,
    pub(super) board_member_email: String,
    /// Lukas Weber's reviewer role, revoked in the visit (`{reviewer_grant}` in a selector).
    pub(super) reviewer_grant: i64,
    pub(super) failed_message: i64,
    pub(super) verify_link: String,
    pub(super) reset_link: String,
    /// A digest's link to Daniel's mail choices.
    pub(super) mail_choices_link: String,
    pub(super) confirm_address_link: String,
    /// A reviewer's e-mailed invitation link, not answered.
    pub(super) invitation_link: String,
    /// Another newcomer's link, once their review is in (it shows only the review).
    pub(super) review_sent_link: String,
    /// Ben Moller's link to confirm that he is an author of one of Daniel's submissions.
    pub(super) authorship_link: String,
    /// Lukas Weber's accepted invitations: one before the declaration, one after it.
    pub(super) review_to_declare: i64,
    pub(super) review_to_write: i64,
    /// Lukas's report on demo manuscript 2, sent: the discussion with the reviewers opens.
    pub(super) review_in: i64,
    /// The demo's published article (it has a correction), and the accepted manuscript
    /// waiting for publication.
    pub(super) published_article: i64,
    pub(super) accepted: i64,
    /// Daniel's submissions: one waiting for a revised version, one rejected, one appealed
    /// (heard by the editor-in-chief).
    pub(super) revision_due: i64,
    pub(super) rejected: i64,
    pub(super) appealed: i64,
    /// Daniel's submission in round 2, whose revised version corrected its title, abstract
    /// and authors (Atif's page shows what changed).
    pub(super) revised: i64,
    /// A sign of a review ring on the BAP1 manuscript, for the editor-in-chief's ruling.
    pub(super) signal: i64,
    /// Daniel's submission whose handling editor's recommendation waits for the
    /// editor-in-chief's confirmation (issue 28 part 4).
    pub(super) pending_confirmation: i64,
}

impl Demo {
    pub(super) fn email(&self, who: Who) -> Option<String> {
        Some(match who {
            Who::Visitor => return None,
            Who::Author => AUTHOR_EMAIL.into(),
            Who::GuestEditor => GUEST_EDITOR_EMAIL.into(),
            Who::BoardMember => self.board_member_email.clone(),
            Who::EditorInChief => CHIEF_EMAIL.into(),
            Who::Admin => ADMIN_EMAIL.into(),
            Who::Reviewer => REVIEWER_EMAIL.into(),
        })
    }

    /// A selector with `{reviewer_grant}` filled in.
    pub(super) fn selector(&self, css: &str) -> String {
        css.replace("{reviewer_grant}", &self.reviewer_grant.to_string())
    }

    pub(super) fn password(&self, email: &str) -> String {
        if email == ADMIN_EMAIL {
            return ADMIN_PASSWORD.into();
        }
        self.logins
            .get(email)
            .unwrap_or_else(|| panic!("a demo login for {email}"))
            .clone()
    }
}

pub(super) fn id_after(location: &str, prefix: &str) -> i64 {
    location
        .trim_start_matches(prefix)
        .split(['/', '?'])
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("an id in {location}"))
}

/// Loads the demo and adds what some pages need to show everything they can: a submission
/// with files, a draft, a filled-in profile, e-mailed links, an administrator, a failed
/// message. Done over HTTP as the people would, except the database steps said below.
/// Long because it gathers every fixture the visits need, one call each.
pub(super) async fn prepare_demo(app: &TestApp) -> Demo {
    let logins = app.load_demo().await;
    let (journal_id, collection_id, topic) = app
        .with_db(|conn| {
            use peerdesk::db::collections;
            let c = collections::find_collection_by_slug(conn, "rare-cancers")
                .unwrap()
                .unwrap();
            let topic = collections::topics_of(conn, c.id).unwrap().remove(0);
            (c.journal_id, c.id, topic)
        })
        .await;
    let (bap1, retinoblastoma, registry) = (
        demo_manuscript(app, "Germline BAP1").await,
        demo_manuscript(app, "Survival of children").await,
        demo_manuscript(app, "An international registry").await,
    );
    let (_, board_member) = handling_editor(app, retinoblastoma)
        .await
        .expect("demo manuscript 2 has a handling editor");

    let daniel = DanielsForm::new(collection_id, &topic);
    let (with_files, draft, confirm_address_link) =
        daniel_submits_and_fills_his_profile(app, &logins, &daniel).await;
    let (verify_link, reset_link) = account_links(app).await;
    let mail_choices_link = mail_choices_link(app, AUTHOR_EMAIL).await;
    let (failed_message, reviewer_grant) = an_administrator_and_a_failed_message(app).await;
    let authorship_link = authorship_link(app, "ben@clinic.example").expect("Ben's link");
    let (invitation_link, [review_to_declare, review_to_write, review_in]) =
        reviewers_invited_and_accepted(app, &logins, [bap1, with_files, retinoblastoma]).await;
    let (revision_due, rejected, appealed, revised) =
        revision_and_appeal(app, &logins, &daniel).await;
    let pending_confirmation = a_recommendation_waiting(app, &logins, &daniel).await;
    // The published side of the demo: an article with a correction, and one accepted.
    let (files, site) = (app.state.files.clone(), app.state.config.site());
    let (published_article, accepted) = app
        .with_db(move |conn| {
            peerdesk::demo::load_published(conn, &files, &site)
                .expect("the published demo loads")
                .expect("first load")
        })
        .await;
    // After the demo's own reviews, which answer the standard form only.
    a_review_form(app, &logins, collection_id).await;
    let review_sent_link = a_review_sent_by_link(app, &logins, with_files).await;
    let with_potential_conflict =
        offering_a_ruling(app, &logins, [bap1, retinoblastoma, registry, with_files]).await;
    let signal = a_signal_on(app, bap1).await;

    Demo {
        logins,
        journal_id,
        collection_id,
        bap1,
        retinoblastoma,
        registry,
        with_potential_conflict,
        with_files,
        draft,
        board_member_email: board_member,
        reviewer_grant,
        failed_message,
        verify_link,
        reset_link,
        mail_choices_link,
        confirm_address_link,
        invitation_link,
        review_sent_link,
        authorship_link,
        review_to_declare,
        review_to_write,
        review_in,
        published_article,
        accepted,
        revision_due,
        rejected,
        appealed,
        revised,
        signal,
        pending_confirmation,
    }
}

/// One more of Daniel's submissions, under review by Atif, whose recommendation of a minor
/// revision waits for the editor-in-chief (database steps: the recommendation's own path is
/// tested in tests/api/recommendations.rs).
async fn a_recommendation_waiting(
    app: &TestApp,
    logins: &HashMap<String, String>,
    daniel: &DanielsForm,
) -> i64 {
    app.login(AUTHOR_EMAIL, &logins[AUTHOR_EMAIL]).await;
    let id = daniel
        .send(app, &[("idempotency_key", "a11y-submission-key-0007")])
        .await;
    app.logout().await;
    app.with_db(move |conn| {
        use diesel::prelude::*;
        use peerdesk::db::schema::{people, submissions};
        let atif: i64 = people::table
            .filter(people::email.eq(GUEST_EDITOR_EMAIL))
            .select(people::id)
            .first(conn)
            .unwrap();
        diesel::update(submissions::table.find(id))
            .set((
                submissions::state.eq("decision_pending"),
                submissions::handling_editor_id.eq(Some(atif)),
            ))
            .execute(conn)
            .unwrap();
        peerdesk::db::recommendations::record(
            conn,
            &peerdesk::db::recommendations::NewRecommendation {
                submission_id: id,
                round: 1,
                kind: "minor_revision",
                letter: "Dear Daniel Okafor,\n\nYour manuscript may be accepted after a minor revision.",
                revision_due_on: None,
                from_state: "under_review",
                recommended_by: atif,
            },
        )
        .unwrap();
    })
    .await;
    id
}

/// A sign of a review ring on `submission`, as a fast report would raise.
async fn a_signal_on(app: &TestApp, submission: i64) -> i64 {
    app.with_db(move |conn| {
        use diesel::prelude::*;
        use peerdesk::db::schema::integrity_signals as g;
        peerdesk::db::integrity::raise(
            conn,
            &peerdesk::db::integrity::NewSignal {
                submission_id: submission,
                invitation_id: None,
                related_submission_id: None,
                kind: "fast_review",
                evidence: "Reviewer 1 submitted the report 40 minutes after accepting the invitation (under 24 hours)",
            },
        )
        .unwrap();
        g::table.select(g::id).order(g::id.desc()).first(conn).unwrap()
    })
    .await
}

/// The demo manuscript whose title starts with `start`.
async fn demo_manuscript(app: &TestApp, start: &'static str) -> i64 {
    app.with_db(move |conn| {
        use diesel::prelude::*;
        use peerdesk::db::schema::submissions;
        submissions::table
            .filter(submissions::title.like(format!("{start}%")))
            .select(submissions::id)
            .first(conn)
            .unwrap_or_else(|_| panic!("the demo manuscript {start}…"))
    })
    .await
}

/// Daniel Okafor's submission form, filled in: he is its first author.
struct DanielsForm(Vec<(String, String)>);

impl DanielsForm {
    fn new(collection_id: i64, topic: &str) -> Self {
        let mut form = complete_form(collection_id, topic, "a11y-submission-key-0001");
        set_fields(
            &mut form,
            &[
                ("author_given_names_0", "Daniel"),
                ("author_family_name_0", "Okafor"),
                ("author_email_0", AUTHOR_EMAIL),
                ("author_aff_institution_0_0", "University of Lagos"),
                ("author_aff_country_0_0", "NG"),
            ],
        );
        DanielsForm(form)
    }

    /// The form with these fields changed, sent by the signed-in Daniel with a PDF; returns
    /// the id in the address it leads to.
    async fn send(&self, app: &TestApp, changes: &[(&str, &str)]) -> i64 {
        let mut fields = self.0.clone();
        set_fields(&mut fields, changes);
        let files = [("manuscript", "cohort-study.pdf", pdf_bytes())];
        let sent = post_fields(app, "/submissions/new", &fields, &files).await;
        id_after(
            sent.location.as_deref().expect("submitted or saved"),
            "/submissions/",
        )
    }
}

/// Daniel, through the site: a submission with its PDF, a draft, and his profile (two more
/// addresses, an affiliation, a publication, a declared conflict). Returns the submission,
/// the draft, and the link confirming his first new address.
async fn daniel_submits_and_fills_his_profile(
    app: &TestApp,
    logins: &HashMap<String, String>,
    daniel: &DanielsForm,
) -> (i64, i64, String) {
    let signed_in = app.login(AUTHOR_EMAIL, &logins[AUTHOR_EMAIL]).await;
    assert!(signed_in.status.is_redirection(), "the author signs in");
    let with_files = daniel.send(app, &[]).await;
    let draft = daniel
        .send(
            app,
            &[
                ("idempotency_key", "a11y-submission-key-0002"),
                ("action", "save"),
                ("title", "Late effects after retinoblastoma: a draft"),
            ],
        )
        .await;
    for fields in [
        vec![("new_email", "d.okafor@luth.example")],
        vec![("new_email", "daniel.okafor@lagos-research.example")],
        vec![
            (
                "aff_institution",
                "Lagos University Teaching Hospital, Nigeria",
            ),
            ("aff_from", "2012-01-01"),
            ("aff_to", "2019-12-31"),
        ],
        vec![
            ("pub_title", "Retinoblastoma care in West Africa: a review"),
            ("pub_year", "2023"),
            (
                "pub_coauthors",
                "Sofia Bianchi <sofia.bianchi@hsanmartino.example>\nAmara Eze",
            ),
        ],
        vec![
            ("dc_target", "person"),
            ("dc_name", "Ngozi Adeyemi"),
            ("dc_email", "ngozi.adeyemi@unilag.example"),
            ("dc_orcid", ""),
            ("dc_kind", "advisor_advisee"),
            ("dc_since", "2010-09-01"),
            ("dc_until", ""),
            ("dc_note", "My doctoral advisor."),
        ],
    ] {
        let path = match fields[0].0 {
            "new_email" => "/profile/emails",
            "aff_institution" => "/profile/affiliations",
            "pub_title" => "/profile/publications",
            _ => "/profile/conflicts",
        };
        let done = app.post_form(path, &fields).await;
        assert!(
            done.status.is_redirection(),
            "{path} saved: {}",
            done.visible_text()
        );
    }
    let confirm_address_link = app
        .link_in_last_mail_to("d.okafor@luth.example", "/profile/emails/confirm?token=")
        .expect("an address confirmation link");
    app.logout().await;
    (with_files, draft, confirm_address_link)
}

/// A link to someone's mail choices as a digest carries it (the digest itself is made in
/// tests/api/mail/digest.rs).
async fn mail_choices_link(app: &TestApp, email: &'static str) -> String {
    let token = "5e".repeat(32);
    let hash = peerdesk::security::token::hash_token(&token);
    app.with_db(move |conn| {
        use diesel::prelude::*;
        use peerdesk::db::schema::people;
        let person: i64 = people::table
            .filter(people::email.eq(email))
            .select(people::id)
            .first(conn)
            .expect("the person");
        peerdesk::db::mail_choices::add_link(conn, person, &hash).expect("the link kept");
    })
    .await;
    format!("/mail/choices/{token}")
}

/// A newcomer's confirmation link, and a reviewer's password-reset link.
async fn account_links(app: &TestApp) -> (String, String) {
    let registered = app
        .register(
            "Nadia Newcomer",
            "nadia@newcomer.example",
            "a long enough passphrase",
        )
        .await;
    assert!(registered.status.is_redirection());
    let verify_link = app
        .link_in_last_mail_to("nadia@newcomer.example", "/verify-email?token=")
        .expect("a confirmation link");
    app.post_form(
        "/password/forgot",
        &[("email", "marco.rossi@unimi.example")],
    )
    .await;
    let reset_link = app
        .link_in_last_mail_to("marco.rossi@unimi.example", "/password/reset?token=")
        .expect("a reset link");
    (verify_link, reset_link)
}

/// An administrator, registered through the site and made administrator in the database as
/// `peerdesk create-admin` does; and a message that failed for good, so the outbox shows
/// "Retry now" (the database step the worker would take after its last attempt). Returns
/// the message and Lukas Weber's reviewer role (revoked in the visit).
async fn an_administrator_and_a_failed_message(app: &TestApp) -> (i64, i64) {
    make_administrator(app, "Ada Admin", ADMIN_EMAIL, ADMIN_PASSWORD).await;
    // With two-factor sign-in on, so the code page and the set-up's "on" state are checked.
    let admin = app.person_id(ADMIN_EMAIL).await;
    app.with_db(move |conn| {
        use peerdesk::db::two_factor;
        let key = peerdesk::security::totp::new_shared_key();
        two_factor::start_enrolment(conn, admin, &key).unwrap();
        two_factor::confirm(conn, admin).unwrap();
        two_factor::replace_recovery_codes(conn, admin, &["not a real code".to_owned()]).unwrap();
    })
    .await;
    // Once the worker has finished with it, or it would record its own outcome afterwards.
    let failed_message = app.outbox()[0].id;
    for _ in 0..200 {
        if app.outbox()[0].status == "sent" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let reviewer_id = app.person_id(REVIEWER_EMAIL).await;
    let reviewer_grant = app
        .with_db(move |conn| {
            use diesel::prelude::*;
            use peerdesk::db::schema::outbox as table;
            use peerdesk::db::{outbox, roles};
            // As the worker does: claim it, and record the last attempt's permanent refusal.
            diesel::update(table::table.find(failed_message))
                .set(table::status.eq("sending"))
                .execute(conn)
                .unwrap();
            outbox::mark_failed(conn, failed_message, "550 5.1.1 mailbox unavailable").unwrap();
            roles::roles_of(conn, reviewer_id).unwrap()[0].id
        })
        .await;
    (failed_message, reviewer_grant)
}

/// Reviewers, through the site: the handling editors invite Lukas Weber on three manuscripts
/// and, on the first, someone new by address; Lukas accepts all three, declares no competing
/// interest on the second and third, and sends his report on the third. Returns the
/// newcomer's link and Lukas's three reviews.
async fn reviewers_invited_and_accepted(
    app: &TestApp,
    logins: &HashMap<String, String>,
    manuscripts: [i64; 3],
) -> (String, [i64; 3]) {
    let due = in_days(14);
    let lukas = app.person_id(REVIEWER_EMAIL).await.to_string();
    let mut invitation_link = String::new();
    for (n, id) in manuscripts.into_iter().enumerate() {
        let (_, editor) = handling_editor(app, id).await.expect("a handling editor");
        app.login(&editor, &logins[&editor]).await;
        let path = format!("/editorial/submissions/{id}/reviewers");
        let invited = app
            .post_form(
                &path,
                &[("person_id", lukas.as_str()), ("due_on", due.as_str())],
            )
            .await;
        assert!(
            invited.status.is_redirection(),
            "Lukas invited: {}",
            invited.visible_text()
        );
        if n == 0 {
            let by_address = app
                .post_form(
                    &path,
                    &[
                        ("name", "Rita Ramos"),
                        ("email", "rita.ramos@porto-review.example"),
                        ("due_on", due.as_str()),
                        ("message", "Your registry work makes you an ideal reviewer."),
                    ],
                )
                .await;
            assert!(by_address.status.is_redirection());
            invitation_link = invitation_link_to(app, "rita.ramos@porto-review.example");
        }
        app.logout().await;
    }
    app.login(REVIEWER_EMAIL, &logins[REVIEWER_EMAIL]).await;
    let mut accepted = Vec::new();
    for mail in app
        .mails_to(REVIEWER_EMAIL)
        .into_iter()
        .filter(|m| m.contains("/invitations/"))
    {
        let start = mail.find("/invitations/").unwrap_or(0);
        let link: String = mail[start..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect();
        let done = app.post_form(&format!("{link}/accept"), &[]).await;
        accepted.push(id_after(
            done.location.as_deref().expect("accepted"),
            "/reviews/",
        ));
    }
    assert_eq!(accepted.len(), 3, "Lukas accepts the three invitations");
    let (review_to_declare, review_to_write, review_in) = (accepted[0], accepted[1], accepted[2]);
    lukas_declares_and_reports(app, review_to_write, review_in).await;
    (
        invitation_link,
        [review_to_declare, review_to_write, review_in],
    )
}

/// Lukas (signed in) declares no competing interest on `to_write` and `to_send`, sends his
/// report on `to_send`, and signs out.
async fn lukas_declares_and_reports(app: &TestApp, to_write: i64, to_send: i64) {
    for id in [to_write, to_send] {
        let declared = app
            .post_form(
                &format!("/reviews/{id}/declaration"),
                &[("answer", "none"), ("confidential", "yes")],
            )
            .await;
        assert!(declared.status.is_redirection());
    }
    let desk = format!("/reviews/{to_send}");
    send_review(
        app,
        &desk,
        "accept",
        "A clear, careful study.",
        "",
        "submit",
    )
    .await;
    app.logout().await;
}

/// The collection's review form (issue 19 part 2): the desk asks its questions, Sven's
/// review answers them, and the editor's page sets the answers side by side.
async fn a_review_form(app: &TestApp, logins: &HashMap<String, String>, collection_id: i64) {
    app.login(CHIEF_EMAIL, &logins[CHIEF_EMAIL]).await;
    crate::review_forms::define_form(app, collection_id).await;
    app.logout().await;
}

/// A newcomer invited by address on `id` who accepts, declares no competing interest and
/// sends a review (workflow steps standing in for the clicks `tests/api/reviews/` makes over
/// HTTP). Returns their link, which now shows only the review.
async fn a_review_sent_by_link(app: &TestApp, logins: &HashMap<String, String>, id: i64) -> String {
    use peerdesk::domain::review::{DeclarationInput, ReviewInput, ReviewStep};
    use peerdesk::workflow::review::{self, Answer, AnswerOutcome, Credential, ReviewWrite};
    let (_, editor) = handling_editor(app, id).await.expect("a handling editor");
    app.login(&editor, &logins[&editor]).await;
    let email = "sven.holm@uppsala-review.example";
    invite_by_address(app, id, "Sven Holm", email).await;
    app.logout().await;
    let link = invitation_link_to(app, email);
    let token = link.trim_start_matches("/invitations/").to_owned();
    let site = app.state.config.site();
    app.with_db(move |conn| {
        let cred = Credential::Link(token);
        let Ok(AnswerOutcome::Accepted {
            invitation_id,
            reviewer,
            ..
        }) = review::answer(conn, &cred, &Answer::Accept, &site)
        else {
            panic!("Sven accepts");
        };
        let none = DeclarationInput {
            answer: "none".into(),
            statement: String::new(),
            confidential: "yes".into(),
        };
        let declared = review::declare(conn, reviewer.id, invitation_id, &none, &site);
        assert!(matches!(declared, Ok(review::DeclareOutcome::Cleared)));
        let input = ReviewInput {
            recommendation: "major_revision".into(),
            comments_to_authors: "The survival curves need confidence bands.".into(),
            confidential_comments: "Promising, but not yet convincing.".into(),
            earlier_comments: String::new(),
            answers: [
                ("q_v1", "4"),
                ("q_v2", "yes"),
                ("q_v3", "Add confidence bands."),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .into(),
            ..Default::default()
        };
        let write = ReviewWrite {
            input: &input,
            attachment: None,
            step: ReviewStep::Submit,
            read_at: None,
        };
        let sent = review::save_review(conn, reviewer.id, invitation_id, &write, &site);
        assert!(matches!(sent, Ok(review::ReviewOutcome::Submitted)));
    })
    .await;
    link
}

/// The invitation link e-mailed to `email`.
fn invitation_link_to(app: &TestApp, email: &str) -> String {
    invitation_link(app, email).expect("the invitation link")
}

/// Revision and appeal pages: three more of Daniel's submissions, one sent back for a
/// revision and two rejected (database steps standing in for the editors' decisions, which
/// `tests/api/rounds.rs` drives over HTTP); Daniel appeals the second rejection. Returns
/// (waiting for a revision, rejected, appealed).
async fn revision_and_appeal(
    app: &TestApp,
    logins: &HashMap<String, String>,
    daniel: &DanielsForm,
) -> (i64, i64, i64, i64) {
    app.login(AUTHOR_EMAIL, &logins[AUTHOR_EMAIL]).await;
    let mut more = Vec::new();
    for key in [
        "a11y-submission-key-0003",
        "a11y-submission-key-0004",
        "a11y-submission-key-0005",
        "a11y-submission-key-0006",
    ] {
        more.push(daniel.send(app, &[("idempotency_key", key)]).await);
    }
    let (revision_due, rejected, appealed, revised) = (more[0], more[1], more[2], more[3]);
    app.with_db(move |conn| {
        use diesel::prelude::*;
        use peerdesk::db::schema::{people, submissions};
        for (id, state) in [
            (revision_due, "revision_requested"),
            (rejected, "rejected"),
            (appealed, "rejected"),
        ] {
            diesel::update(submissions::table.find(id))
                .set(submissions::state.eq(state))
                .execute(conn)
                .unwrap();
        }
        // The revision is Atif's to wait for, and a week late: his deadlines list it with
        // "Remind now", and he may give more time.
        let atif: i64 = people::table
            .filter(people::email.eq(GUEST_EDITOR_EMAIL))
            .select(people::id)
            .first(conn)
            .unwrap();
        diesel::update(submissions::table.find(revision_due))
            .set(submissions::handling_editor_id.eq(Some(atif)))
            .execute(conn)
            .unwrap();
        let due = peerdesk::db::now().date() - chrono::Duration::days(7);
        peerdesk::db::deadlines::set_revision_due(conn, revision_due, 1, due).unwrap();
        in_round_2_with_corrections(conn, revised, atif);
    })
    .await;
    let lodged = app
        .post_form(
            &format!("/submissions/{appealed}/appeal"),
            &[("statement", "The reviewers misread the survival analysis.")],
        )
        .await;
    assert!(
        lodged.status.is_redirection(),
        "appeal lodged: {}",
        lodged.visible_text()
    );
    app.logout().await;
    (revision_due, rejected, appealed, revised)
}

/// Daniel's submission `revised` in round 2 as a revised version leaves it, handled by Atif
/// (database steps: the revision's own path is tested in tests/api/rounds/metadata.rs):
/// what each round said, the second with a corrected title and abstract and a new first
/// author.
fn in_round_2_with_corrections(conn: &mut peerdesk::db::DbConnection, revised: i64, atif: i64) {
    use diesel::prelude::*;
    use peerdesk::db::round_metadata;
    use peerdesk::db::schema::submissions;
    let s = peerdesk::db::submissions::find(conn, revised)
        .unwrap()
        .unwrap();
    let first = round_metadata::current(conn, &s).unwrap();
    round_metadata::record(conn, revised, 1, &first).unwrap();
    let mut second = first.clone();
    second.title = format!("{} and its neighbours", first.title);
    second.abstract_text = first
        .abstract_text
        .replace("survival improved", "survival improved markedly");
    second.authors.insert(
        0,
        peerdesk::domain::revision_diff::ListedAuthor {
            name: "Kwame Mensah".into(),
            email: "kwame.mensah@ug-genetics.example".into(),
            affiliation: "University of Ghana, Accra, Ghana".into(),
            ..Default::default()
        },
    );
    round_metadata::set_current(conn, revised, &second).unwrap();
    round_metadata::record(conn, revised, 2, &second).unwrap();
    diesel::update(submissions::table.find(revised))
        .set((
            submissions::current_round.eq(2),
            submissions::handling_editor_id.eq(Some(atif)),
        ))
        .execute(conn)
        .unwrap();
}

/// Which of `manuscripts` offers the editor-in-chief a ruling on a potential conflict.
async fn offering_a_ruling(
    app: &TestApp,
    logins: &HashMap<String, String>,
    manuscripts: [i64; 4],
) -> i64 {
    app.login(CHIEF_EMAIL, &logins[CHIEF_EMAIL]).await;
    let mut with_potential_conflict = None;
    for id in manuscripts {
        let page = app.get(&format!("/editorial/submissions/{id}")).await;
        if page.text.contains("/rulings\"") {
            with_potential_conflict = Some(id);
            break;
        }
    }
    app.logout().await;
    with_potential_conflict.expect("a demo manuscript with a potential conflict to rule on")
}
