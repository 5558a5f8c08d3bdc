use super::*;

const ISSUER: &str = "https://orcid.org";
const CLIENT: &str = "APP-RARECANCERS";
const NOW: i64 = 1_800_000_000;

/// Base64url without padding, to build tokens as a provider would.
fn encode(bytes: &[u8]) -> String {
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

fn response(claims: serde_json::Value, orcid: Option<&str>) -> TokenResponse {
    let header =
        encode(br#"{"alg":"RS256","kid":"production-orcid-org-7hdmdswarosg3gjujo8agwtazgkp1ojs"}"#);
    let payload = encode(claims.to_string().as_bytes());
    TokenResponse {
        id_token: Some(format!("{header}.{payload}.c2lnbmF0dXJl")),
        orcid: orcid.map(str::to_owned),
    }
}

fn flow() -> Flow {
    Flow {
        state: "s".repeat(64),
        nonce: "n".repeat(64),
        started_at: NOW - 60,
    }
}

fn good() -> serde_json::Value {
    serde_json::json!({
        "iss": "https://orcid.org", "sub": "0000-0002-1825-0097", "aud": CLIENT,
        "exp": NOW + 600, "iat": NOW - 5, "nonce": "n".repeat(64),
        "family_name": "Carberry", "given_name": "Josiah", "auth_time": NOW - 10,
    })
}

#[test]
fn base64url_round_trips_every_length() {
    for text in ["", "a", "ab", "abc", "abcd", "{\"sub\":\"0000\"}ÿ"] {
        assert_eq!(
            base64url_decode(&encode(text.as_bytes())).unwrap(),
            text.as_bytes()
        );
    }
    assert_eq!(base64url_decode("aGk=").unwrap(), b"hi");
    assert!(
        base64url_decode("a+b/").is_none(),
        "plain base64 is not base64url"
    );
}

#[test]
fn a_good_token_gives_its_subject() {
    let r = response(good(), Some("0000-0002-1825-0097"));
    assert_eq!(
        subject(&r, ISSUER, CLIENT, &flow(), NOW).unwrap(),
        "0000-0002-1825-0097"
    );
    let mut many = good();
    many["aud"] = serde_json::json!(["someone-else", CLIENT]);
    assert!(subject(&response(many, None), ISSUER, CLIENT, &flow(), NOW).is_ok());
}

#[test]
fn every_claim_is_checked() {
    let refused = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut c = good();
        change(&mut c);
        subject(&response(c, None), ISSUER, CLIENT, &flow(), NOW).unwrap_err()
    };
    use IdTokenProblem::*;
    assert_eq!(
        refused(&|c| c["iss"] = "https://orcid.example".into()),
        WrongIssuer
    );
    assert_eq!(refused(&|c| c["aud"] = "APP-OTHER".into()), WrongAudience);
    assert_eq!(refused(&|c| c["exp"] = (NOW - 301).into()), Expired);
    assert_eq!(refused(&|c| c["iat"] = (NOW + 301).into()), Expired);
    assert_eq!(refused(&|c| c["nonce"] = "m".repeat(64).into()), WrongNonce);
    assert_eq!(
        refused(&|c| {
            c.as_object_mut().unwrap().remove("nonce");
        }),
        WrongNonce
    );
    assert_eq!(
        refused(&|c| {
            c.as_object_mut().unwrap().remove("sub");
        }),
        Malformed
    );
    // A little clock difference is tolerated.
    let mut late = good();
    late["exp"] = (NOW - 60).into();
    assert!(subject(&response(late, None), ISSUER, CLIENT, &flow(), NOW).is_ok());
}

#[test]
fn broken_or_disagreeing_answers_are_refused() {
    let f = flow();
    let missing = TokenResponse::default();
    assert_eq!(
        subject(&missing, ISSUER, CLIENT, &f, NOW),
        Err(IdTokenProblem::Missing)
    );
    for token in ["", "a.b", "a.b.c.d", "x.%%%.y", "x.bm90IGpzb24.y"] {
        let r = TokenResponse {
            id_token: Some(token.into()),
            orcid: None,
        };
        assert_eq!(
            subject(&r, ISSUER, CLIENT, &f, NOW),
            Err(IdTokenProblem::Malformed),
            "{token}"
        );
    }
    let other = response(good(), Some("0000-0002-1694-233X"));
    assert_eq!(
        subject(&other, ISSUER, CLIENT, &f, NOW),
        Err(IdTokenProblem::Disagrees)
    );
}

#[test]
fn the_flow_answers_its_own_state_in_time() {
    let f = Flow::start(NOW);
    assert_eq!(f.state.len(), 64);
    assert_ne!(f.state, f.nonce);
    assert!(f.answers(&f.state.clone(), NOW + 60));
    assert!(!f.answers(&f.nonce.clone(), NOW + 60));
    assert!(!f.answers("", NOW));
    assert!(!f.answers(&f.state.clone(), NOW + FLOW_MINUTES * 60 + 1));
}

#[test]
fn the_authorize_url_asks_for_the_id_only() {
    let url = authorize_url(ISSUER, CLIENT, "https://rc.example/orcid/callback", &flow());
    assert!(url.starts_with("https://orcid.org/oauth/authorize?client_id=APP-RARECANCERS&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Frc.example%2Forcid%2Fcallback&state="), "{url}");
    assert!(url.contains(&format!("&nonce={}", "n".repeat(64))));
}
