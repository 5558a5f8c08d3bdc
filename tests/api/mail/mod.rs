//! E-mail: the outbox, the worker, real SMTP delivery, retries, restarts, digests, and who
//! is told what.

mod delivery;
mod digest;
mod notices;

use std::time::Duration;

use peerdesk::db::outbox;
use peerdesk::mail::{self, Email, Envelope};

use crate::helpers::{Backend, TestApp, spawn_app_with};
use crate::smtp::{SmtpServer, aiosmtpd_available};

fn sample(i: usize) -> Email {
    Email {
        to_name: format!("Reader {i}"),
        to_address: format!("reader{i}@uni.example"),
        subject: format!("Message number {i}"),
        text: format!("Plain text of message {i}.\n"),
        html: format!("<p>HTML of message {i}.</p>"),
    }
}

async fn queue(
    app: &TestApp,
    email: Email,
    thread: Option<&'static str>,
    reply_to: Option<&'static str>,
) -> i64 {
    app.with_db(move |conn| {
        mail::queue(
            conn,
            &email,
            Envelope {
                thread_key: thread,
                reply_to,
                ..Envelope::new("test", None)
            },
        )
        .expect("queued")
    })
    .await
}

async fn wait_until(
    app: &TestApp,
    secs: u64,
    what: &str,
    done: impl Fn(&[outbox::OutboxMessage]) -> bool,
) -> Vec<outbox::OutboxMessage> {
    let deadline = std::time::Instant::now() + Duration::from_secs(secs);
    loop {
        let rows = app.outbox();
        if done(&rows) {
            return rows;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A server delivering to an SMTP server on loopback (running, or down until `smtp.run()`),
/// with these settings too; `None` (skip) when aiosmtpd is not installed outside CI.
async fn with_smtp(
    backend: Backend,
    running: bool,
    extra: &[(&str, &str)],
) -> Option<(SmtpServer, TestApp)> {
    if !aiosmtpd_available() {
        return None;
    }
    let smtp = if running {
        SmtpServer::start()
    } else {
        SmtpServer::stopped()
    };
    let url = smtp.url();
    let mut vars = vec![("PEERDESK_SMTP_URL", url.as_str())];
    vars.extend_from_slice(extra);
    let app = spawn_app_with(backend, &vars).await;
    Some((smtp, app))
}
