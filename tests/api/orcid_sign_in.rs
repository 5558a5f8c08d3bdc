//! ORCID sign-in (issue 20 item 8), against a local OpenID Connect provider that answers as
//! ORCID does (`orcid_provider`): a person confirms their iD through ORCID, which takes it
//! from the accounts that only typed it; nobody can type it again; the confirmed iD signs
//! its holder in (through the two-factor step when they use one); answers that cannot be
//! used change nothing and say why; without the journal's credentials nothing is offered.

use diesel::prelude::*;
use peerdesk::db::schema::people;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::on_both_backends;
use crate::orcid_provider::{Answer, Provider};

const ADA_ORCID: &str = "0000-0002-1825-0097";
const ADA: &str = "ada@uni.example";
const BEN: &str = "ben@clinic.example";

async fn with_orcid(backend: Backend) -> (TestApp, Provider) {
    let provider = Provider::start();
    let settings = provider.settings();
    let extra: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    (spawn_app_with(backend, &extra).await, provider)
}

/// The iD on a person's record, and whether it is confirmed.
async fn orcid_of(app: &TestApp, email: &'static str) -> (Option<String>, bool) {
    app.with_db(move |conn| {
        let (orcid, at): (Option<String>, Option<chrono::NaiveDateTime>) = people::table
            .filter(people::email.eq(email))
            .select((people::orcid, people::orcid_verified_at))
            .first(conn)
            .unwrap();
        (orcid, at.is_some())
    })
    .await
}

/// Starts the flow from this client's session and lets ORCID answer: the address ORCID
/// sends the browser back to, on the site.
async fn orcid_answer(app: &TestApp, provider: &Provider, purpose: &str) -> String {
    let start = app.post_form("/orcid/start", &[("purpose", purpose)]).await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.text);
    let at_orcid = start.location.expect("sent to ORCID");
    assert!(at_orcid.starts_with(&format!("{}/oauth/authorize?", provider.issuer)));
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answer = browser.get(&at_orcid).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::FOUND);
    let back = answer.headers()["location"].to_str().unwrap().to_owned();
    back[back.find("/orcid/callback").expect("back to the site")..].to_owned()
}

/// The whole round trip: the site's answer to ORCID's redirect.
async fn through_orcid(app: &TestApp, provider: &Provider, purpose: &str) -> Page {
    let back = orcid_answer(app, provider, purpose).await;
    app.get(&back).await
}

/// The message the page after a redirect shows at its top.
async fn flash_at(app: &TestApp, page: &Page) -> String {
    let to = page.location.clone().expect("a redirect");
    app.get(&to).await.select(".flash").join(" ")
}

/// Long because it is the whole story the issue tells: typed copies, the confirmation that
/// takes them, the refusals after it, and signing in with the confirmed iD.
async fn a_confirmed_orcid_wins_over_typed_copies_and_signs_its_holder_in(backend: Backend) {
    let (app, provider) = with_orcid(backend).await;
    // Ben types Ada's iD first; Ada types it too. Both are kept, unconfirmed.
    signed_in_author(&app, "Ben Moller", BEN).await;
    app.post_form("/profile/orcid", &[("orcid", ADA_ORCID)])
        .await
        .taken();
    app.logout().await;
    signed_in_author(&app, "Ada Osei", ADA).await;
    app.post_form("/profile/orcid", &[("orcid", ADA_ORCID)])
        .await
        .taken();
    assert_eq!(orcid_of(&app, BEN).await, (Some(ADA_ORCID.into()), false));
    let profile = app.get("/profile").await;
    assert!(
        profile
            .select("#orcid-state")
            .join(" ")
            .contains("Not confirmed")
    );
    assert_eq!(
        profile.select("form[action='/orcid/start'] button"),
        ["Confirm my iD by signing in with ORCID"]
    );

    // Ada proves it at ORCID: hers, confirmed; Ben's copy is gone and he is told.
    provider.signs_in_as(ADA_ORCID, Answer::Honest);
    let confirmed = through_orcid(&app, &provider, "confirm").await;
    assert_eq!(
        confirmed.location.as_deref(),
        Some("/profile#orcid-section")
    );
    let notice = flash_at(&app, &confirmed).await;
    assert!(notice.contains("is confirmed through ORCID"), "{notice}");
    assert!(notice.contains("taken from the other account"), "{notice}");
    assert_eq!(orcid_of(&app, ADA).await, (Some(ADA_ORCID.into()), true));
    assert_eq!(orcid_of(&app, BEN).await, (None, false));
    let profile = app.get("/profile").await;
    assert!(
        profile
            .select("#orcid-state")
            .join(" ")
            .contains("Confirmed through ORCID")
    );
    assert!(profile.select("form[action='/orcid/start']").is_empty());
    let told = app.mails_to(BEN);
    assert_eq!(
        told.iter()
            .filter(|m| m.contains("The ORCID iD on your peerdesk profile was removed"))
            .count(),
        1
    );
    assert!(app.mails_to(ADA).iter().all(|m| !m.contains("was removed")));

    // Nobody may type it now: not Ben on his profile, not a newcomer registering.
    app.logout().await;
    app.login(BEN, PASSWORD).await.taken();
    let refused = app
        .post_form("/profile/orcid", &[("orcid", ADA_ORCID)])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .field_error("orcid")
            .unwrap_or_default()
            .contains("confirmed through ORCID sign-in by another account")
    );
    assert_eq!(refused.attr("#orcid", "value").as_deref(), Some(ADA_ORCID));
    assert_eq!(orcid_of(&app, BEN).await, (None, false));
    app.logout().await;
    let registering = app
        .post_form(
            "/register",
            &[
                ("name", "Carla Neri"),
                ("email", "carla@uni.example"),
                ("affiliation", "University of Genoa"),
                ("orcid", ADA_ORCID),
                ("password", "a long enough pass phrase for Carla"),
            ],
        )
        .await;
    assert_eq!(registering.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(registering.field_error("orcid").is_some());
    assert_eq!(app.count_people_with_email("carla@uni.example").await, 0);

    // Signed out, "Sign in with ORCID" signs Ada in.
    let login = app.get("/login").await;
    assert_eq!(
        login.select("form[action='/orcid/start'] button"),
        ["Sign in with ORCID"]
    );
    provider.signs_in_as(ADA_ORCID, Answer::Honest);
    let signed_in = through_orcid(&app, &provider, "sign_in").await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    let profile = app.get("/profile").await;
    assert_eq!(profile.status, StatusCode::OK);
    assert!(profile.text.contains(ADA), "signed in as Ada");
    assert_eq!(provider.token_requests(), 2);
}

on_both_backends!(a_confirmed_orcid_wins_over_typed_copies_and_signs_its_holder_in);

/// Long because each way an answer can fail is one short step, each checked for its message
/// and for having changed nothing.
async fn orcid_answers_that_cannot_be_used_change_nothing(backend: Backend) {
    let (app, provider) = with_orcid(backend).await;
    signed_in_author(&app, "Ada Osei", ADA).await;
    app.post_form("/profile/orcid", &[("orcid", ADA_ORCID)])
        .await
        .taken();
    for (answer, says) in [
        (Answer::OtherAudience, "could not be checked"),
        (Answer::OtherNonce, "could not be checked"),
        (Answer::Denied, "cancelled"),
        (Answer::ServerError, "could not be reached"),
    ] {
        provider.signs_in_as(ADA_ORCID, answer);
        let back = through_orcid(&app, &provider, "confirm").await;
        assert_eq!(back.location.as_deref(), Some("/profile#orcid-section"));
        let message = flash_at(&app, &back).await;
        assert!(message.contains(says), "{answer:?}: {message}");
        assert_eq!(orcid_of(&app, ADA).await, (Some(ADA_ORCID.into()), false));
    }

    // An answer that is not this browser's flow (another state), or one used already.
    provider.signs_in_as(ADA_ORCID, Answer::Honest);
    app.post_form("/orcid/start", &[("purpose", "confirm")])
        .await
        .taken();
    let forged = app.get("/orcid/callback?code=stolen&state=0000").await;
    assert!(
        flash_at(&app, &forged)
            .await
            .contains("could not be finished")
    );
    let back = orcid_answer(&app, &provider, "confirm").await;
    app.get(&back).await.taken();
    assert_eq!(orcid_of(&app, ADA).await, (Some(ADA_ORCID.into()), true));
    let replayed = app.get(&back).await;
    assert!(
        flash_at(&app, &replayed)
            .await
            .contains("could not be finished")
    );
    assert_eq!(
        provider.token_requests(),
        4,
        "a used answer is not exchanged again"
    );

    // A typed iD never signs anyone in: Ben typed one nobody confirmed.
    app.logout().await;
    signed_in_author(&app, "Ben Moller", BEN).await;
    app.post_form("/profile/orcid", &[("orcid", "0000-0002-1694-233X")])
        .await
        .taken();
    app.logout().await;
    provider.signs_in_as("0000-0002-1694-233X", Answer::Honest);
    let nobody = through_orcid(&app, &provider, "sign_in").await;
    assert_eq!(nobody.location.as_deref(), Some("/login"));
    let message = flash_at(&app, &nobody).await;
    assert!(
        message.contains("No account here has confirmed the ORCID iD 0000-0002-1694-233X"),
        "{message}"
    );
    assert_eq!(app.get("/profile").await.status, StatusCode::SEE_OTHER);
}

on_both_backends!(orcid_answers_that_cannot_be_used_change_nothing);

async fn orcid_sign_in_leads_to_the_two_factor_step(backend: Backend) {
    let (app, provider) = with_orcid(backend).await;
    signed_in_author(&app, "Ada Osei", ADA).await;
    provider.signs_in_as(ADA_ORCID, Answer::Honest);
    through_orcid(&app, &provider, "confirm").await.taken();
    crate::two_factor::set_up(&app).await;
    app.logout().await;
    let first = through_orcid(&app, &provider, "sign_in").await;
    assert_eq!(first.location.as_deref(), Some("/login/code"));
    assert_eq!(
        app.get("/profile").await.status,
        StatusCode::SEE_OTHER,
        "not signed in before the code"
    );
}

on_both_backends!(orcid_sign_in_leads_to_the_two_factor_step);

#[tokio::test]
async fn without_credentials_orcid_sign_in_is_not_offered() {
    let app = spawn_app(Backend::Sqlite).await;
    assert!(
        app.get("/login")
            .await
            .select("form[action='/orcid/start']")
            .is_empty()
    );
    signed_in_author(&app, "Ada Osei", ADA).await;
    assert!(
        app.get("/profile")
            .await
            .select("form[action='/orcid/start']")
            .is_empty()
    );
    let start = app
        .post_form("/orcid/start", &[("purpose", "confirm")])
        .await;
    assert_eq!(start.status, StatusCode::NOT_FOUND);
    let callback = app.get("/orcid/callback?code=x&state=y").await;
    assert_eq!(callback.status, StatusCode::NOT_FOUND);
}

/// Who may start which flow: confirming needs a signed-in person; signing in is for
/// visitors (someone signed in is sent on); anything else is not a page.
#[tokio::test]
async fn who_may_start_which_orcid_flow() {
    let (app, provider) = with_orcid(Backend::Sqlite).await;
    let visitor_confirms = app
        .post_form("/orcid/start", &[("purpose", "confirm")])
        .await;
    assert_eq!(visitor_confirms.status, StatusCode::SEE_OTHER);
    assert!(
        visitor_confirms
            .location
            .unwrap_or_default()
            .starts_with("/login"),
        "asked to sign in"
    );
    let visitor_signs_in = app
        .post_form("/orcid/start", &[("purpose", "sign_in")])
        .await;
    assert!(
        visitor_signs_in
            .location
            .unwrap_or_default()
            .starts_with(&provider.issuer)
    );
    let unknown = app.post_form("/orcid/start", &[("purpose", "admin")]).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let without_token = app
        .post_raw("/orcid/start", &[("purpose", "sign_in")])
        .await;
    assert_eq!(without_token.status, StatusCode::FORBIDDEN, "CSRF");
    signed_in_author(&app, "Ada Osei", ADA).await;
    let signed_in = app
        .post_form("/orcid/start", &[("purpose", "sign_in")])
        .await;
    assert_eq!(signed_in.location.as_deref(), Some("/dashboard"));
    assert_eq!(provider.token_requests(), 0);
}
