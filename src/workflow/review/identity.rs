//! The identity signals of a possible reviewer (issue 27 item 1; the rules are in
//! `domain::reviewer_identity`): the facts gathered here, from what the site knows.

use diesel::QueryResult;

use crate::db::accounts::{self, Person};
use crate::db::{DbConnection, identity as store};
use crate::domain::conflicts::mail_domain;
use crate::domain::reviewer_identity::{IdentityFacts, IdentitySignal, signals};

/// The signals about `person` (or, for an address nobody has yet, `name` and `email`)
/// reviewing a submission by `authors` (name, address), given the addresses of the person's
/// confirmed colleagues at their institution (`db::identity::colleague_addresses`; the
/// suggestions remember them per institution).
pub(super) fn identity_signals(
    conn: &mut DbConnection,
    person: Option<&Person>,
    (name, email): (&str, &str),
    authors: &[(String, String)],
    colleagues: &[String],
) -> QueryResult<Vec<IdentitySignal>> {
    let institution = person
        .map(|p| p.affiliation.trim().to_owned())
        .unwrap_or_default();
    let mut institution_domains: Vec<String> = colleagues
        .iter()
        .filter_map(|a| mail_domain(a))
        .filter(|(_, public)| !public)
        .map(|(d, _)| d)
        .collect();
    institution_domains.sort();
    institution_domains.dedup();
    let facts = IdentityFacts {
        name: person.map_or(name, |p| &p.name).to_owned(),
        email: person.map_or(email, |p| &p.email).to_owned(),
        institution,
        institution_domains,
        has_account: match person {
            Some(p) => accounts::find_account(conn, p.id)?.is_some(),
            None => false,
        },
        has_orcid: person.is_some_and(|p| p.orcid.is_some()),
        typed_orcid_shared: match person {
            Some(Person {
                id,
                orcid: Some(orcid),
                orcid_verified_at: None,
                ..
            }) => Some((
                orcid.clone(),
                accounts::others_giving_orcid(conn, orcid, *id)?.len(),
            )),
            _ => None,
        },
        publications: match person {
            Some(p) => store::publications_of(conn, p.id)? as usize,
            None => 0,
        },
        authors: authors.to_vec(),
        suggested_by_submissions: store::times_suggested(conn, person.map_or(email, |p| &p.email))?,
    };
    Ok(signals(&facts))
}

/// Computes and keeps with invitation `invitation_id` the identity signals its reviewer
/// carries for its submission, as the invitation form does; returns their kinds. For
/// invitations written without the form (generated data: `demo::scale::replay_signals`).
/// `colleagues` remembers each institution's confirmed colleagues between calls.
pub fn record_for_invitation(
    conn: &mut DbConnection,
    invitation_id: i64,
    colleagues: &mut std::collections::HashMap<String, Vec<(i64, String)>>,
) -> QueryResult<Vec<&'static str>> {
    use crate::db::schema::review_invitations as ri;
    use diesel::prelude::*;
    let inv =
        crate::db::reviews::find(conn, invitation_id)?.ok_or(diesel::result::Error::NotFound)?;
    let person = accounts::find_person(conn, inv.reviewer_id)?;
    let authors = store::authors_of(conn, inv.submission_id)?;
    let institution = person.as_ref().map_or("", |p| p.affiliation.trim());
    if !colleagues.contains_key(institution) {
        let found = store::colleagues_of(conn, institution)?;
        colleagues.insert(institution.to_owned(), found);
    }
    let addresses: Vec<String> = colleagues[institution]
        .iter()
        .filter(|(id, _)| Some(*id) != person.as_ref().map(|p| p.id))
        .map(|(_, a)| a.clone())
        .collect();
    let found = identity_signals(conn, person.as_ref(), ("", ""), &authors, &addresses)?;
    let evidence: Vec<&str> = found.iter().map(|g| g.evidence.as_str()).collect();
    diesel::update(ri::table.find(invitation_id))
        .set(ri::identity_signals.eq(evidence.join("\n")))
        .execute(conn)?;
    Ok(found.iter().map(|g| g.kind).collect())
}
