//! The people of the scale data: names, addresses, affiliation histories and publications,
//! then the roles and accounts of those who play a part.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::rows::{
    NewAccount, NewAffiliation, NewCoauthor, NewEditorProfile, NewPerson, NewPublication, NewRole,
};
use super::words::{ASPECTS, CANCERS, FIRST, INSTITUTIONS, LAST, title_in, true_fields};
use super::{Cast, EDITORS, XorShift, batch_execute, chunk_rows, insert_chunks};
use super::{batch_ids, insert_chunks_returning_ids};
use crate::db::schema::{
    accounts, affiliations, editor_profiles, people, publication_coauthors, publications, roles,
};
use crate::db::{DbConnection, now};
use crate::domain::Role;

/// Inserts `count` people with their affiliations and publications; their ids in order.
pub(super) fn insert_people(
    conn: &mut DbConnection,
    rng: &mut XorShift,
    count: usize,
    started: NaiveDateTime,
) -> anyhow::Result<Vec<i64>> {
    let mut rows = Vec::with_capacity(count);
    let mut institutions = Vec::with_capacity(count);
    for i in 0..count {
        let (row, institution) = person(rng, i, started);
        rows.push(row);
        institutions.push(institution);
    }
    let ids = insert_chunks_returning_ids!(conn, people::table, people::id, rows, 8);
    insert_affiliations(conn, rng, &ids, &institutions)?;
    insert_publications(conn, rng, &ids)?;
    Ok(ids)
}

/// Person `i`: a name, an address at their institution, and the institution's index.
fn person(rng: &mut XorShift, i: usize, started: NaiveDateTime) -> (NewPerson, usize) {
    let first = *rng.pick(FIRST);
    let last = *rng.pick(LAST);
    let inst = rng.below(INSTITUTIONS.len());
    let (affiliation, domain) = INSTITUTIONS[inst];
    let ascii_last: String = last
        .chars()
        .map(|c| match c {
            'í' => 'i',
            'ü' => 'u',
            _ => c,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let row = NewPerson {
        name: format!("{first} {last}"),
        email: format!(
            "{}.{}.{i}@{domain}.example",
            first.to_lowercase(),
            ascii_last.to_lowercase()
        ),
        affiliation,
        bio: "",
        created_at: started,
        updated_at: started,
        expertise_keywords: if i.is_multiple_of(5) {
            keywords_of(i)
        } else {
            String::new()
        },
    };
    (row, inst)
}

/// The keywords person `i` lists: each true field's cancer and the aspect's first phrase.
fn keywords_of(i: usize) -> String {
    let mut words: Vec<String> = Vec::new();
    for (cancer, aspect) in true_fields(i) {
        for w in [
            CANCERS[cancer].to_lowercase(),
            ASPECTS[aspect][0].to_owned(),
        ] {
            if !words.contains(&w) {
                words.push(w);
            }
        }
    }
    words.join("\n")
}

/// Affiliations: the current one and up to two earlier ones.
fn insert_affiliations(
    conn: &mut DbConnection,
    rng: &mut XorShift,
    ids: &[i64],
    institutions: &[usize],
) -> anyhow::Result<()> {
    let mut aff = Vec::new();
    for (k, id) in ids.iter().enumerate() {
        let since =
            NaiveDate::from_ymd_opt(2010 + rng.below(14) as i32, 1 + rng.below(12) as u32, 1)
                .unwrap_or_default();
        aff.push(NewAffiliation {
            person_id: *id,
            institution: INSTITUTIONS[institutions[k]].0,
            starts_on: Some(since),
            ends_on: None,
        });
        for _ in 0..rng.below(3) {
            let start =
                NaiveDate::from_ymd_opt(1995 + rng.below(14) as i32, 9, 1).unwrap_or_default();
            aff.push(NewAffiliation {
                person_id: *id,
                institution: rng.pick(INSTITUTIONS).0,
                starts_on: Some(start),
                ends_on: Some(since),
            });
        }
    }
    insert_chunks!(conn, affiliations::table, aff, 4);
    Ok(())
}

/// Publications: 1 to 3 in each of the person's true fields, and for one in six a paper
/// outside them, with 1 to 4 co-authors from the same population.
fn insert_publications(
    conn: &mut DbConnection,
    rng: &mut XorShift,
    ids: &[i64],
) -> anyhow::Result<()> {
    let mut pubs = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let mut fields = Vec::new();
        for field in true_fields(i) {
            fields.extend(std::iter::repeat_n(field, 1 + rng.below(3)));
        }
        if rng.chance(16) {
            fields.push((rng.below(CANCERS.len()), rng.below(ASPECTS.len())));
        }
        for field in fields {
            pubs.push(NewPublication {
                person_id: *id,
                title: title_in(rng, field),
                year: 2005 + rng.below(21) as i32,
            });
        }
    }
    let pub_ids =
        insert_chunks_returning_ids!(conn, publications::table, publications::id, pubs, 3);
    let names: Vec<(String, String)> = people::table
        .filter(people::id.eq_any(&ids[..ids.len().min(2_000)]))
        .select((people::name, people::email))
        .load(conn)?;
    let mut coauthors = Vec::new();
    for p in &pub_ids {
        for _ in 0..1 + rng.below(4) {
            let (name, email) = rng.pick(&names).clone();
            coauthors.push(NewCoauthor {
                publication_id: *p,
                name,
                email: Some(email),
            });
        }
    }
    insert_chunks!(conn, publication_coauthors::table, coauthors, 3);
    Ok(())
}

/// The roles of the cast, the board's editor profiles, and accounts for a quarter of
/// everyone and for all of the cast.
pub(super) fn insert_roles_and_accounts(
    conn: &mut DbConnection,
    cast: &Cast,
    people_ids: &[i64],
    journal_id: i64,
    topics: &[String],
    hash: &str,
) -> anyhow::Result<()> {
    let at = now();
    let role = |person_id: &i64, role: Role| NewRole {
        person_id: *person_id,
        role: role.as_str(),
        journal_id: Some(journal_id),
        granted_at: at,
    };
    let mut rows = vec![role(&cast.chief, Role::EditorInChief)];
    rows.extend(cast.editors.iter().map(|e| role(e, Role::BoardMember)));
    rows.extend(cast.reviewers.iter().map(|r| role(r, Role::Reviewer)));
    insert_chunks!(conn, roles::table, rows, 4);
    let profiles: Vec<NewEditorProfile> = cast
        .editors
        .iter()
        .enumerate()
        .map(|(i, e)| NewEditorProfile {
            person_id: *e,
            journal_id,
            capacity: if i == 0 { 10_000 } else { 50 },
            available: true,
            topics: topics
                .iter()
                .skip(i % topics.len().max(1))
                .take(2)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n"),
        })
        .collect();
    batch_execute!(
        conn,
        diesel::insert_into(editor_profiles::table).values(profiles)
    )?;
    let with_account: Vec<NewAccount> = people_ids
        .iter()
        .enumerate()
        .filter(|(i, _)| *i <= EDITORS + cast.reviewers.len() + 1 || i.is_multiple_of(4))
        .map(|(_, id)| NewAccount {
            person_id: *id,
            password_hash: hash,
            email_verified_at: Some(at),
            created_at: at,
        })
        .collect();
    insert_chunks!(conn, accounts::table, with_account, 4);
    Ok(())
}
