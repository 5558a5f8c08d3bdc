//! A submission's funders with their grant numbers (migration 40), in the authors' order.
//! A draft keeps its rows as typed (a Funder ID that is none stays as typed, for the form
//! to show again); a checked submission's Funder IDs are stored as their DOIs.

use diesel::prelude::*;

use super::DbConnection;
use super::schema::submission_funders as sf;
use crate::domain::funders::{Funder, FunderInput, award_list, parse_funder_id};

/// Replaces the submission's funders with the rows typed, blank rows left out.
pub fn replace_typed(conn: &mut DbConnection, id: i64, rows: &[FunderInput]) -> QueryResult<()> {
    let funders: Vec<Funder> = rows
        .iter()
        .filter(|f| !f.is_blank())
        .map(|f| Funder {
            name: f.name.split_whitespace().collect::<Vec<_>>().join(" "),
            funder_id: parse_funder_id(&f.funder_id)
                .unwrap_or_else(|_| f.funder_id.trim().to_owned()),
            awards: award_list(&f.awards),
        })
        .collect();
    replace(conn, id, &funders)
}

/// Replaces the submission's funders with `funders`.
pub fn replace(conn: &mut DbConnection, id: i64, funders: &[Funder]) -> QueryResult<()> {
    diesel::delete(sf::table.filter(sf::submission_id.eq(id))).execute(conn)?;
    for (i, f) in funders.iter().enumerate() {
        diesel::insert_into(sf::table)
            .values((
                sf::submission_id.eq(id),
                sf::position.eq(i as i32 + 1),
                sf::name.eq(&f.name),
                sf::funder_id.eq(&f.funder_id),
                sf::award_numbers.eq(f.awards.join("\n")),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The submission's funders in order.
pub fn of_submission(conn: &mut DbConnection, id: i64) -> QueryResult<Vec<Funder>> {
    Ok(sf::table
        .filter(sf::submission_id.eq(id))
        .order(sf::position)
        .select((sf::name, sf::funder_id, sf::award_numbers))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(name, funder_id, awards)| Funder {
            name,
            funder_id,
            awards: awards
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
        })
        .collect())
}
