//! People, their accounts, e-mailed tokens and login throttling (sessions: `db::sessions`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{account_tokens, accounts, login_failures, outbox, people};
use super::{DbConnection, now};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = people)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub affiliation: String,
    pub orcid: Option<String>,
    pub bio: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The name's parts (migration 39); `name` is built from them. Empty for a person
    /// recorded by their whole name only (an invited reviewer, a co-author).
    pub given_names: String,
    pub family_name: String,
    pub name_order: String,
    /// The parts were guessed from the whole name by migration 39.
    pub name_guessed: bool,
    /// When `orcid` was confirmed through ORCID sign-in; `None` for an iD typed by hand,
    /// which proves nothing and may be typed by several accounts.
    pub orcid_verified_at: Option<NaiveDateTime>,
}

impl Person {
    /// The name in its parts: as the person gave them, or the old guess.
    pub fn name_parts(&self) -> crate::domain::NameParts {
        crate::domain::NameParts::stored_or_guessed(
            &self.given_names,
            &self.family_name,
            &self.name_order,
            &self.name,
        )
    }

    /// Whether the person has yet to give their name in parts themselves.
    pub fn name_unconfirmed(&self) -> bool {
        self.name_guessed || self.family_name.trim().is_empty()
    }
}

/// Gives a person their name in parts, and the whole name built from them (what
/// registration and the profile do with the name typed); `guessed`: split from a whole name
/// by the old guess, still to be confirmed by the person.
pub fn set_name_parts(
    conn: &mut DbConnection,
    id: i64,
    parts: &crate::domain::NameParts,
    guessed: bool,
) -> QueryResult<usize> {
    diesel::update(people::table.find(id))
        .set((
            people::name.eq(parts.display()),
            people::given_names.eq(&parts.given),
            people::family_name.eq(&parts.family),
            people::name_order.eq(parts.order.as_str()),
            people::name_guessed.eq(guessed),
            people::updated_at.eq(now()),
        ))
        .execute(conn)
}

/// A person's columns in [`Person`]'s order, for `RETURNING` (the multi-backend connection
/// takes a tuple there, not `as_returning`): not every column of `people`.
type PersonColumns = (
    people::id,
    people::name,
    people::email,
    people::affiliation,
    people::orcid,
    people::bio,
    people::created_at,
    people::updated_at,
    people::given_names,
    people::family_name,
    people::name_order,
    people::name_guessed,
    people::orcid_verified_at,
);

const PERSON_COLUMNS: PersonColumns = (
    people::id,
    people::name,
    people::email,
    people::affiliation,
    people::orcid,
    people::bio,
    people::created_at,
    people::updated_at,
    people::given_names,
    people::family_name,
    people::name_order,
    people::name_guessed,
    people::orcid_verified_at,
);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts)]
pub struct Account {
    pub person_id: i64,
    pub password_hash: String,
    pub email_verified_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub last_login_at: Option<NaiveDateTime>,
}

/// What a registration form gives, already validated.
pub struct NewPerson<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub affiliation: &'a str,
    pub orcid: Option<&'a str>,
    pub bio: &'a str,
}

pub fn find_person(conn: &mut DbConnection, id: i64) -> QueryResult<Option<Person>> {
    people::table
        .find(id)
        .select(Person::as_select())
        .first(conn)
        .optional()
}

/// The people with these ids, in no particular order (the missing are left out).
pub fn find_people(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<Person>> {
    let mut out = Vec::with_capacity(ids.len());
    // Chunked: SQLite's bound-parameter limit.
    for chunk in ids.chunks(500) {
        out.extend(
            people::table
                .filter(people::id.eq_any(chunk))
                .select(Person::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}

pub fn find_person_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<Person>> {
    people::table
        .filter(people::email.eq(email))
        .select(Person::as_select())
        .first(conn)
        .optional()
}

/// Sets or removes a person's ORCID iD (kept bare), with when it was confirmed through ORCID
/// sign-in (`None`: typed by hand).
pub fn set_orcid(
    conn: &mut DbConnection,
    id: i64,
    orcid: Option<&str>,
    verified_at: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    diesel::update(people::table.find(id))
        .set((
            people::orcid.eq(orcid),
            people::orcid_verified_at.eq(verified_at),
            people::updated_at.eq(super::now()),
        ))
        .execute(conn)
}

/// The person who confirmed this iD through ORCID sign-in (at most one: a unique index).
pub fn find_verified_orcid_holder(
    conn: &mut DbConnection,
    orcid: &str,
) -> QueryResult<Option<Person>> {
    people::table
        .filter(people::orcid.eq(orcid))
        .filter(people::orcid_verified_at.is_not_null())
        .select(Person::as_select())
        .first(conn)
        .optional()
}

/// Everyone else who gives this iD (typed, or confirmed earlier by another account).
pub fn others_giving_orcid(
    conn: &mut DbConnection,
    orcid: &str,
    except_person: i64,
) -> QueryResult<Vec<Person>> {
    people::table
        .filter(people::orcid.eq(orcid))
        .filter(people::id.ne(except_person))
        .select(Person::as_select())
        .order(people::id)
        .load(conn)
}

pub fn find_account(conn: &mut DbConnection, person_id: i64) -> QueryResult<Option<Account>> {
    accounts::table
        .find(person_id)
        .select(Account::as_select())
        .first(conn)
        .optional()
}

/// The person with this e-mail address and their account, if they have one.
pub fn find_login(
    conn: &mut DbConnection,
    email: &str,
) -> QueryResult<Option<(Person, Option<Account>)>> {
    let Some(person) = find_person_by_email(conn, email)? else {
        return Ok(None);
    };
    let account = find_account(conn, person.id)?;
    Ok(Some((person, account)))
}

pub fn insert_person(conn: &mut DbConnection, new: &NewPerson<'_>) -> QueryResult<Person> {
    let at = now();
    diesel::insert_into(people::table)
        .values((
            people::name.eq(new.name),
            people::email.eq(new.email),
            people::affiliation.eq(new.affiliation),
            people::orcid.eq(new.orcid),
            people::bio.eq(new.bio),
            people::created_at.eq(at),
            people::updated_at.eq(at),
        ))
        .returning(PERSON_COLUMNS)
        .get_result(conn)
}

/// Gives an existing person record (a co-author, an invited reviewer) the details a
/// registration supplies.
pub fn update_person_details(
    conn: &mut DbConnection,
    id: i64,
    new: &NewPerson<'_>,
) -> QueryResult<Person> {
    diesel::update(people::table.find(id))
        .set((
            people::name.eq(new.name),
            people::affiliation.eq(new.affiliation),
            people::orcid.eq(new.orcid),
            people::updated_at.eq(now()),
        ))
        .returning(PERSON_COLUMNS)
        .get_result(conn)
}

pub fn insert_account(
    conn: &mut DbConnection,
    person_id: i64,
    password_hash: &str,
    verified_at: Option<NaiveDateTime>,
) -> QueryResult<()> {
    diesel::insert_into(accounts::table)
        .values((
            accounts::person_id.eq(person_id),
            accounts::password_hash.eq(password_hash),
            accounts::email_verified_at.eq(verified_at),
            accounts::created_at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn set_password(
    conn: &mut DbConnection,
    person_id: i64,
    password_hash: &str,
) -> QueryResult<usize> {
    diesel::update(accounts::table.find(person_id))
        .set(accounts::password_hash.eq(password_hash))
        .execute(conn)
}

pub fn mark_email_verified(conn: &mut DbConnection, person_id: i64) -> QueryResult<usize> {
    diesel::update(
        accounts::table
            .find(person_id)
            .filter(accounts::email_verified_at.is_null()),
    )
    .set(accounts::email_verified_at.eq(now()))
    .execute(conn)
}

pub fn record_login(conn: &mut DbConnection, person_id: i64) -> QueryResult<usize> {
    diesel::update(accounts::table.find(person_id))
        .set(accounts::last_login_at.eq(now()))
        .execute(conn)
}

// ---- E-mailed tokens ---------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::VerifyEmail => "verify_email",
            TokenPurpose::ResetPassword => "reset_password",
        }
    }
}

/// Why a token could not be used; each gets its own clear page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    Unknown,
    AlreadyUsed,
    Expired,
}

/// Whether a message of one of `kinds` was queued to `address` since `since`.
pub fn mailed_since(
    conn: &mut DbConnection,
    address: &str,
    kinds: &[&str],
    since: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        outbox::table
            .filter(outbox::to_address.eq(address))
            .filter(outbox::kind.eq_any(kinds))
            .filter(outbox::created_at.gt(since)),
    ))
    .get_result(conn)
}

/// Ends every unused token of `purpose` that `person_id` holds, so that the one issued next
/// is the only live one.
pub fn expire_tokens(
    conn: &mut DbConnection,
    person_id: i64,
    purpose: TokenPurpose,
) -> QueryResult<()> {
    let at = now();
    diesel::update(
        account_tokens::table
            .filter(account_tokens::person_id.eq(person_id))
            .filter(account_tokens::purpose.eq(purpose.as_str()))
            .filter(account_tokens::used_at.is_null())
            .filter(account_tokens::expires_at.gt(at)),
    )
    .set(account_tokens::expires_at.eq(at))
    .execute(conn)
    .map(|_| ())
}

pub fn insert_token(
    conn: &mut DbConnection,
    person_id: i64,
    purpose: TokenPurpose,
    token_hash: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(account_tokens::table)
        .values((
            account_tokens::token_hash.eq(token_hash),
            account_tokens::person_id.eq(person_id),
            account_tokens::purpose.eq(purpose.as_str()),
            account_tokens::created_at.eq(now()),
            account_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Checks a token without using it (to show the right page before the POST).
pub fn check_token(
    conn: &mut DbConnection,
    token_hash: &str,
    purpose: TokenPurpose,
) -> QueryResult<Result<i64, TokenProblem>> {
    let row: Option<(i64, NaiveDateTime, Option<NaiveDateTime>)> = account_tokens::table
        .filter(account_tokens::token_hash.eq(token_hash))
        .filter(account_tokens::purpose.eq(purpose.as_str()))
        .select((
            account_tokens::person_id,
            account_tokens::expires_at,
            account_tokens::used_at,
        ))
        .first(conn)
        .optional()?;
    Ok(match row {
        None => Err(TokenProblem::Unknown),
        Some((_, _, Some(_))) => Err(TokenProblem::AlreadyUsed),
        Some((_, expires, None)) if expires <= now() => Err(TokenProblem::Expired),
        Some((person_id, _, None)) => Ok(person_id),
    })
}

/// Uses a token exactly once: the conditional update means two requests cannot both succeed.
pub fn consume_token(
    conn: &mut DbConnection,
    token_hash: &str,
    purpose: TokenPurpose,
) -> QueryResult<Result<i64, TokenProblem>> {
    let at = now();
    let used: Option<i64> = diesel::update(
        account_tokens::table
            .filter(account_tokens::token_hash.eq(token_hash))
            .filter(account_tokens::purpose.eq(purpose.as_str()))
            .filter(account_tokens::used_at.is_null())
            .filter(account_tokens::expires_at.gt(at)),
    )
    .set(account_tokens::used_at.eq(at))
    .returning(account_tokens::person_id)
    .get_result(conn)
    .optional()?;
    match used {
        Some(person_id) => Ok(Ok(person_id)),
        None => {
            check_token(conn, token_hash, purpose).map(|r| r.and(Err(TokenProblem::AlreadyUsed)))
        }
    }
}

// ---- Login throttling --------------------------------------------------------------------

/// Counts one sign-in attempt at `account` from `client` as failed (until a right answer
/// forgets it: [`clear_login_failures`]).
pub fn record_login_failure(
    conn: &mut DbConnection,
    account: &str,
    client: &str,
) -> QueryResult<()> {
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::account_key.eq(account),
            login_failures::client_key.eq(client),
            login_failures::failed_at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The failures since `since` that the sign-in throttle weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginFailureCounts {
    /// At this account from this client.
    pub this_client: i64,
    /// At this account from every client.
    pub all_clients: i64,
    /// The different accounts this client failed at, counted up to the limit asked for.
    pub accounts_from_client: i64,
}

pub fn count_login_failures_since(
    conn: &mut DbConnection,
    account: &str,
    client: &str,
    since: NaiveDateTime,
    accounts_up_to: i64,
) -> QueryResult<LoginFailureCounts> {
    let at_account = || {
        login_failures::table
            .filter(login_failures::account_key.eq(account))
            .filter(login_failures::failed_at.gt(since))
    };
    let this_client = at_account()
        .filter(login_failures::client_key.eq(client))
        .count()
        .get_result(conn)?;
    let all_clients = at_account().count().get_result(conn)?;
    // Only whether the client reached the limit matters: the distinct accounts stop there.
    let accounts: Vec<String> = login_failures::table
        .filter(login_failures::client_key.eq(client))
        .filter(login_failures::failed_at.gt(since))
        .select(login_failures::account_key)
        .distinct()
        .limit(accounts_up_to)
        .load(conn)?;
    Ok(LoginFailureCounts {
        this_client,
        all_clients,
        accounts_from_client: accounts.len() as i64,
    })
}

/// Forgets the failures at `account` from `client` (its owner signed in from there).
pub fn clear_login_failures(
    conn: &mut DbConnection,
    account: &str,
    client: &str,
) -> QueryResult<usize> {
    diesel::delete(
        login_failures::table
            .filter(login_failures::account_key.eq(account))
            .filter(login_failures::client_key.eq(client)),
    )
    .execute(conn)
}

/// Forgets failures older than the window so the table stays small.
pub fn prune_login_failures(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(login_failures::table.filter(login_failures::failed_at.lt(before))).execute(conn)
}

/// The iDs these people confirmed through ORCID sign-in, by person (typed ones left out).
pub fn confirmed_orcids(
    conn: &mut DbConnection,
    person_ids: &[i64],
) -> QueryResult<std::collections::HashMap<i64, String>> {
    let rows: Vec<(i64, Option<String>)> = people::table
        .filter(people::id.eq_any(person_ids))
        .filter(people::orcid_verified_at.is_not_null())
        .select((people::id, people::orcid))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, orcid)| Some((id, orcid?)))
        .collect())
}
