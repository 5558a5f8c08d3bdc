//! A small OpenID Connect provider on loopback, answering as ORCID does (the authorization
//! code flow, `/oauth/authorize` and `/oauth/token`, an ID token whose subject is the iD),
//! for `orcid_sign_in`. Whoever "signs in at ORCID" next is set by the test; it can also
//! be told to misbehave, as a broken or hostile answer would.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use actix_web::{App, HttpResponse, HttpServer, web};

pub const CLIENT_ID: &str = "APP-RARECANCERS0001";
pub const CLIENT_SECRET: &str = "a-secret-only-the-journal-and-orcid-know";

/// How the provider's next answers go wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Honest,
    /// The person says no at ORCID.
    Denied,
    /// An ID token issued to another client.
    OtherAudience,
    /// An ID token with another flow's nonce.
    OtherNonce,
    /// The token endpoint fails.
    ServerError,
}

struct Grant {
    nonce: String,
    redirect_uri: String,
    orcid: String,
}

#[derive(Default)]
struct Inner {
    signing_in: String,
    answer: Option<Answer>,
    grants: HashMap<String, Grant>,
    token_requests: usize,
}

pub struct Provider {
    pub issuer: String,
    inner: Arc<Mutex<Inner>>,
    handle: actix_web::dev::ServerHandle,
}

impl Drop for Provider {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

impl Provider {
    pub fn start() -> Provider {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let issuer = format!("http://{}", listener.local_addr().unwrap());
        let data = web::Data::new(State {
            inner: inner.clone(),
            issuer: issuer.clone(),
        });
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .route("/oauth/authorize", web::get().to(authorize))
                .route("/oauth/token", web::post().to(token))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Provider {
            issuer,
            inner,
            handle,
        }
    }

    /// The settings that point the site at this provider.
    pub fn settings(&self) -> [(&'static str, String); 3] {
        [
            ("PEERDESK_ORCID_CLIENT_ID", CLIENT_ID.to_owned()),
            ("PEERDESK_ORCID_CLIENT_SECRET", CLIENT_SECRET.to_owned()),
            ("PEERDESK_ORCID_URL", self.issuer.clone()),
        ]
    }

    /// The ORCID account that signs in at the provider next.
    pub fn signs_in_as(&self, orcid: &str, answer: Answer) {
        let mut inner = self.inner.lock().unwrap();
        inner.signing_in = orcid.to_owned();
        inner.answer = Some(answer);
    }

    pub fn token_requests(&self) -> usize {
        self.inner.lock().unwrap().token_requests
    }
}

struct State {
    inner: Arc<Mutex<Inner>>,
    issuer: String,
}

async fn authorize(
    state: web::Data<State>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let q = |k: &str| query.get(k).cloned().unwrap_or_default();
    if q("client_id") != CLIENT_ID
        || q("response_type") != "code"
        || !q("scope").split(' ').any(|s| s == "openid")
        || q("nonce").is_empty()
    {
        return HttpResponse::BadRequest().body("invalid_request");
    }
    let mut inner = state.inner.lock().unwrap();
    let redirect = q("redirect_uri");
    let location = if inner.answer == Some(Answer::Denied) {
        format!("{redirect}?error=access_denied&state={}", q("state"))
    } else {
        let code = peerdesk::security::token::random_hex(8);
        let grant = Grant {
            nonce: q("nonce"),
            redirect_uri: redirect.clone(),
            orcid: inner.signing_in.clone(),
        };
        inner.grants.insert(code.clone(), grant);
        format!("{redirect}?code={code}&state={}", q("state"))
    };
    HttpResponse::Found()
        .insert_header(("location", location))
        .finish()
}

async fn token(state: web::Data<State>, form: web::Form<HashMap<String, String>>) -> HttpResponse {
    let f = |k: &str| form.get(k).cloned().unwrap_or_default();
    let mut inner = state.inner.lock().unwrap();
    inner.token_requests += 1;
    let answer = inner.answer.unwrap_or(Answer::Honest);
    if answer == Answer::ServerError {
        return HttpResponse::InternalServerError().finish();
    }
    if f("client_id") != CLIENT_ID
        || f("client_secret") != CLIENT_SECRET
        || f("grant_type") != "authorization_code"
    {
        return HttpResponse::Unauthorized().json(serde_json::json!({"error": "invalid_client"}));
    }
    // A code works once, for the redirect URI it was given to.
    let Some(grant) = inner.grants.remove(&f("code")) else {
        return HttpResponse::BadRequest().json(serde_json::json!({"error": "invalid_grant"}));
    };
    if grant.redirect_uri != f("redirect_uri") {
        return HttpResponse::BadRequest().json(serde_json::json!({"error": "invalid_grant"}));
    }
    let now = chrono::Utc::now().timestamp();
    let claims = serde_json::json!({
        "iss": state.issuer,
        "sub": grant.orcid,
        "aud": if answer == Answer::OtherAudience { "APP-SOMEONEELSE" } else { CLIENT_ID },
        "exp": now + 600,
        "iat": now,
        "auth_time": now,
        "nonce": if answer == Answer::OtherNonce { "0".repeat(64) } else { grant.nonce },
        "given_name": "Josiah",
        "family_name": "Carberry",
    });
    let id_token = format!(
        "{}.{}.{}",
        base64url(br#"{"alg":"RS256","kid":"test"}"#),
        base64url(claims.to_string().as_bytes()),
        base64url(b"not checked: the answer comes over TLS from the token endpoint"),
    );
    HttpResponse::Ok().json(serde_json::json!({
        "access_token": "access",
        "token_type": "bearer",
        "refresh_token": "refresh",
        "expires_in": 631138518,
        "scope": "openid",
        "name": "Josiah Carberry",
        "orcid": grant.orcid,
        "id_token": id_token,
    }))
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}
