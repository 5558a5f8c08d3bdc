//! The delivery worker: claims due messages, sends them, records every attempt, retries with
//! exponential backoff and jitter, and once a day turns held messages into digests.
//! Safe to run in every instance (claims are exclusive; see `db::outbox::claim_due`).

use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use chrono::{NaiveDateTime, Timelike};

use super::{Email, Envelope, Mailer, queue};
use crate::config::Site;
use crate::db::outbox::{self, OutboxMessage};
use crate::db::{Database, DbConnection, DbError, facts, mail_choices, now};
use crate::domain::review::ReminderSchedule;
use crate::security::token::new_token;

#[derive(Debug, Clone)]
pub struct WorkerSettings {
    /// How often to look for due messages.
    pub poll: Duration,
    /// Messages claimed per round.
    pub batch: i64,
    /// After this many attempts a message is marked failed.
    pub max_attempts: i32,
    /// The first retry waits about this long; each later one twice as long (capped at 6 h).
    pub retry_base: Duration,
    /// How long a claim lasts before another worker may take the message over.
    pub lock_for: Duration,
    /// Hour of the day (UTC) from which the daily digests go out.
    pub digest_hour: u32,
    /// The site's address, for the link in each digest to its reader's choices.
    pub base_url: String,
    /// Reviewer reminders, checked every `every`; `None` sends none.
    pub reminders: Option<ReminderJob>,
}

/// What the worker needs to send reviewers their reminders. Which reminders are due is the
/// review workflow's business: the server's assembly hands it in as `send` (the worker sits
/// below the workflow and does not import it).
#[derive(Debug, Clone)]
pub struct ReminderJob {
    pub schedule: ReminderSchedule,
    pub site: Site,
    pub every: Duration,
    pub send: SendReminders,
}

/// Queues the reminders due at a time, in one transaction; returns how many.
pub type SendReminders =
    fn(&mut DbConnection, NaiveDateTime, &ReminderSchedule, &Site) -> anyhow::Result<usize>;

/// Runs until the task is dropped (the server stopping drops it).
pub async fn run_forever(db: Database, mailer: Arc<Mailer>, settings: WorkerSettings) {
    tracing::info!(
        poll_ms = settings.poll.as_millis() as u64,
        "mail worker started"
    );
    let mut reminders_checked: Option<std::time::Instant> = None;
    loop {
        if let Some(job) = &settings.reminders
            && reminders_checked.is_none_or(|t| t.elapsed() >= job.every)
        {
            reminders_checked = Some(std::time::Instant::now());
            if let Err(e) = queue_reminders(&db, job).await {
                tracing::error!(error.chain = %format!("{e:#}"), "review reminders failed");
            }
        }
        match run_once(&db, &mailer, &settings).await {
            Ok(0) => tokio::time::sleep(settings.poll).await,
            Ok(_) => {} // there may be more due right away
            Err(e) => {
                tracing::error!(error.chain = %format!("{e:#}"), "mail worker round failed");
                tokio::time::sleep(settings.poll).await;
            }
        }
    }
}

/// Queues the review reminders that are due now.
pub async fn queue_reminders(db: &Database, job: &ReminderJob) -> anyhow::Result<usize> {
    let job = job.clone();
    let queued = db
        .run(move |conn| -> anyhow::Result<usize> {
            (job.send)(conn, now(), &job.schedule, &job.site)
        })
        .await?;
    if queued > 0 {
        tracing::info!(queued, "review reminders queued");
    }
    Ok(queued)
}

/// One round: digests if due, then one batch of deliveries. Returns how many were attempted.
pub async fn run_once(
    db: &Database,
    mailer: &Mailer,
    settings: &WorkerSettings,
) -> anyhow::Result<usize> {
    make_digests_if_due(db, settings).await?;
    let lock_until = now() + chrono::Duration::from_std(settings.lock_for)?;
    let batch = settings.batch;
    let claimed = db
        .run(move |conn| outbox::claim_due(conn, batch, lock_until).map_err(DbError::from))
        .await?;
    let count = claimed.len();
    for message in claimed {
        deliver_one(db, mailer, settings, message).await?;
    }
    Ok(count)
}

async fn deliver_one(
    db: &Database,
    mailer: &Mailer,
    settings: &WorkerSettings,
    m: OutboxMessage,
) -> anyhow::Result<()> {
    let id = m.id;
    let attempts = m.attempts;
    match mailer.deliver(&m).await {
        Ok(answer) => {
            tracing::info!(outbox.id = id, mail.kind = %m.kind, "mail delivered");
            db.run(move |conn| outbox::mark_sent(conn, id, &answer).map_err(DbError::from))
                .await?;
        }
        Err(e) if e.permanent || attempts >= settings.max_attempts => {
            tracing::warn!(outbox.id = id, attempts, error = %e.detail, "mail delivery failed for good");
            let detail = if e.permanent {
                format!("permanent failure: {}", e.detail)
            } else {
                format!("gave up after {attempts} attempts: {}", e.detail)
            };
            db.run(move |conn| outbox::mark_failed(conn, id, &detail).map_err(DbError::from))
                .await?;
        }
        Err(e) => {
            let wait = backoff(settings.retry_base, attempts);
            tracing::warn!(outbox.id = id, attempts, retry_in_s = wait.as_secs(), error = %e.detail, "mail delivery will be retried");
            let next = now() + chrono::Duration::from_std(wait)?;
            db.run(move |conn| {
                outbox::mark_retry(conn, id, &e.detail, next).map_err(DbError::from)
            })
            .await?;
        }
    }
    Ok(())
}

/// base × 2^(attempts−1), at most 6 hours, then ±25 % jitter so that many messages failing
/// together do not all retry in the same second.
pub fn backoff(base: Duration, attempts: i32) -> Duration {
    let exponent = attempts.clamp(1, 20) as u32 - 1;
    let raw = base
        .saturating_mul(2u32.saturating_pow(exponent))
        .min(Duration::from_secs(6 * 3600));
    let mut byte = [0u8; 1];
    let _ = getrandom::fill(&mut byte);
    let factor = 0.75 + (byte[0] as f64 / 255.0) * 0.5;
    raw.mul_f64(factor)
}

#[derive(Template)]
#[template(path = "email/digest.txt", escape = "none")]
struct DigestText<'a> {
    name: &'a str,
    items: &'a [OutboxMessage],
    choices_link: &'a str,
}

#[derive(Template)]
#[template(path = "email/digest.html")]
struct DigestHtml<'a> {
    name: &'a str,
    items: &'a [OutboxMessage],
    choices_link: &'a str,
}

fn format_time(t: &NaiveDateTime) -> String {
    t.format("%-d %B %Y, %H:%M UTC").to_string()
}

/// Once a day, from the digest hour on: each person's held messages become one digest.
/// The day is claimed with a compare-and-set, so only one instance makes the digests.
async fn make_digests_if_due(db: &Database, settings: &WorkerSettings) -> anyhow::Result<()> {
    let at = now();
    if at.hour() < settings.digest_hour {
        return Ok(());
    }
    let today = at.date().format("%Y-%m-%d").to_string();
    let base_url = settings.base_url.clone();
    db.run(move |conn| -> anyhow::Result<()> {
        crate::db::write_transaction(conn, |conn| -> anyhow::Result<()> {
            if !facts::advance_daily(conn, facts::DIGEST_DAY, &today)? {
                return Ok(());
            }
            mail_choices::forget_old_links(conn, at)?;
            let held = outbox::held(conn)?;
            let mut groups: Vec<Vec<OutboxMessage>> = Vec::new();
            for m in held {
                match groups.last_mut() {
                    Some(g) if g[0].recipient_id == m.recipient_id => g.push(m),
                    _ => groups.push(vec![m]),
                }
            }
            for items in groups {
                let first = &items[0];
                // A new link in each digest: it opens this reader's choices, and a mail
                // client's one-click unsubscribe posts to it.
                let link = new_token();
                if let Some(person) = first.recipient_id {
                    mail_choices::add_link(conn, person, &link.hash)?;
                }
                let choices_link = format!("{base_url}/mail/choices/{}", link.token);
                let email = Email {
                    to_name: first.to_name.clone(),
                    to_address: first.to_address.clone(),
                    subject: format!(
                        "Your peerdesk digest: {} update{}",
                        items.len(),
                        if items.len() == 1 { "" } else { "s" }
                    ),
                    text: DigestText {
                        name: &first.to_name,
                        items: &items,
                        choices_link: &choices_link,
                    }
                    .render()?,
                    html: DigestHtml {
                        name: &first.to_name,
                        items: &items,
                        choices_link: &choices_link,
                    }
                    .render()?,
                };
                let digest_id = queue(
                    conn,
                    &email,
                    Envelope {
                        unsubscribe_url: Some(&choices_link),
                        ..Envelope::new(outbox::DIGEST_KIND, first.recipient_id)
                    },
                )?;
                let ids: Vec<i64> = items.iter().map(|m| m.id).collect();
                outbox::mark_digested(conn, &ids, digest_id)?;
            }
            Ok(())
        })
    })
    .await
}

// Templates call this through `self`.
impl DigestText<'_> {
    fn when(&self, m: &OutboxMessage) -> String {
        format_time(&m.created_at)
    }
}

impl DigestHtml<'_> {
    fn when(&self, m: &OutboxMessage) -> String {
        format_time(&m.created_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let base = Duration::from_secs(30);
        for _ in 0..20 {
            let first = backoff(base, 1);
            assert!(
                first >= Duration::from_millis(22_500) && first <= Duration::from_millis(37_500),
                "{first:?}"
            );
            let fourth = backoff(base, 4);
            assert!(
                fourth >= Duration::from_secs(180) && fourth <= Duration::from_secs(300),
                "{fourth:?}"
            );
            assert!(backoff(base, 30) <= Duration::from_secs(6 * 3600 * 5 / 4));
        }
    }
}
