//! E-mail that is never lost.
//!
//! Every message is rendered from a template pair (plain text and HTML, `templates/email/`)
//! and written to the outbox with [`queue`] inside the same database transaction as the
//! change that causes it. Nothing is sent from a request handler: the [`worker`] claims due
//! messages and delivers them over SMTP (`PEERDESK_SMTP_URL`) or, by default, as `.eml`
//! files under the mail folder, retrying with exponential backoff and jitter.
//!
//! Delivery guarantee: **at least once**. A message is marked sent only after the server
//! accepted it. If the process dies after the server's "250 OK" but before that mark is
//! written, the claim expires and the message is sent again, with the same Message-ID, so
//! mail clients and servers that de-duplicate by Message-ID show it once. No message is lost
//! by a crash, a restart or an SMTP outage.

pub mod letters;
pub mod messages;
pub mod secrets;
pub mod worker;

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use diesel::QueryResult;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::db::DbConnection;
use crate::db::outbox::{self, NewMessage, OutboxMessage};

/// A rendered message.
#[derive(Debug, Clone)]
pub struct Email {
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// How a message is to be handled: what it is, who it is for, how it threads.
#[derive(Debug, Clone, Copy)]
pub struct Envelope<'a> {
    pub kind: &'a str,
    pub recipient_id: Option<i64>,
    /// The responsible editor's address, where there is one.
    pub reply_to: Option<&'a str>,
    /// Messages about one manuscript share a key (its number) and thread together.
    pub thread_key: Option<&'a str>,
    /// May wait for the recipient's daily digest, if they chose it for this kind's topic
    /// (`domain::mail_choices`). Invitations and decisions never do.
    pub digestible: bool,
    /// Where `List-Unsubscribe` points (digests only).
    pub unsubscribe_url: Option<&'a str>,
}

impl<'a> Envelope<'a> {
    pub fn new(kind: &'a str, recipient_id: Option<i64>) -> Self {
        Envelope {
            kind,
            recipient_id,
            reply_to: None,
            thread_key: None,
            digestible: false,
            unsubscribe_url: None,
        }
    }
}

/// Writes a message to the outbox. Call it inside the transaction of the change it reports.
pub fn queue(conn: &mut DbConnection, email: &Email, envelope: Envelope<'_>) -> QueryResult<i64> {
    let held = match (envelope.digestible, envelope.recipient_id) {
        (true, Some(person)) => crate::domain::mail_choices::waits_for_digest(
            envelope.kind,
            &crate::db::mail_choices::of_person(conn, person)?,
        ),
        _ => false,
    };
    let message_id = uuid::Uuid::new_v4().simple().to_string();
    outbox::insert(
        conn,
        &NewMessage {
            kind: envelope.kind,
            recipient_id: envelope.recipient_id,
            to_name: &email.to_name,
            to_address: &email.to_address,
            reply_to: envelope.reply_to,
            subject: &email.subject,
            body_text: &email.text,
            body_html: &email.html,
            message_id: &message_id,
            thread_key: envelope.thread_key,
            digestible: envelope.digestible,
            status: if held { outbox::HELD } else { outbox::QUEUED },
            unsubscribe_url: envelope.unsubscribe_url,
        },
    )
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("could not render the e-mail template")]
    Render(#[from] askama::Error),
    #[error("invalid address: {0}")]
    Address(String),
    #[error("could not build the message")]
    Build(#[from] lettre::error::Error),
    #[error("invalid PEERDESK_SMTP_URL: {0}")]
    SmtpUrl(String),
    #[error("could not create the mail folder {0}")]
    Folder(String),
}

/// Why a delivery attempt failed, and whether trying again could help.
#[derive(Debug)]
pub struct DeliveryError {
    pub permanent: bool,
    pub detail: String,
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

/// Sends outbox messages through the configured transport.
pub struct Mailer {
    from: Mailbox,
    domain: String,
    transport: Transport,
}

impl Mailer {
    /// SMTP when `smtp_url` is given (lettre's URL form: `smtp://user:pass@host:587?tls=required`,
    /// `smtps://host`, `smtp://127.0.0.1:2525`), otherwise `.eml` files in `mail_dir`.
    pub fn new(from: &str, smtp_url: Option<&str>, mail_dir: PathBuf) -> Result<Mailer, MailError> {
        let from: Mailbox = from
            .parse()
            .map_err(|_| MailError::Address(from.to_owned()))?;
        let domain = from.email.domain().to_owned();
        let transport = match smtp_url {
            Some(url) => {
                let t: AsyncSmtpTransport<Tokio1Executor> =
                    AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                        .map_err(|e| MailError::SmtpUrl(e.to_string()))?
                        .timeout(Some(Duration::from_secs(30)))
                        .build();
                Transport::Smtp(t)
            }
            None => {
                std::fs::create_dir_all(&mail_dir)
                    .map_err(|e| MailError::Folder(format!("{}: {e}", mail_dir.display())))?;
                Transport::Files(AsyncFileTransport::new(&mail_dir), mail_dir)
            }
        };
        Ok(Mailer {
            from,
            domain,
            transport,
        })
    }

    /// Where the file transport writes, if it is the one in use.
    pub fn folder(&self) -> Option<&std::path::Path> {
        match &self.transport {
            Transport::Files(_, dir) => Some(dir),
            Transport::Smtp(_) => None,
        }
    }

    /// The MIME message: plain text first, HTML as the alternative, with headers that keep
    /// a manuscript's messages in one thread.
    pub fn build(&self, m: &OutboxMessage) -> Result<Message, MailError> {
        let to = Mailbox::new(
            Some(m.to_name.clone()),
            m.to_address
                .parse()
                .map_err(|_| MailError::Address(m.to_address.clone()))?,
        );
        let created: SystemTime = m.created_at.and_utc().into();
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject.clone())
            .date(created)
            .message_id(Some(format!("<{}@{}>", m.message_id, self.domain)))
            .header(AutoSubmitted);
        if let Some(reply_to) = &m.reply_to
            && let Ok(mbox) = reply_to.parse::<Mailbox>()
        {
            builder = builder.reply_to(mbox);
        }
        if let Some(url) = &m.unsubscribe_url {
            // RFC 2369 and RFC 8058: mail clients offer "unsubscribe", which POSTs here.
            builder = builder
                .header(ListUnsubscribe(format!("<{url}>")))
                .header(ListUnsubscribePost);
        }
        if let Some(key) = &m.thread_key {
            let root = thread_root_id(key, &self.domain);
            builder = builder.in_reply_to(root.clone()).references(root);
        }
        Ok(builder.multipart(MultiPart::alternative_plain_html(
            m.body_text.clone(),
            m.body_html.clone(),
        ))?)
    }

    /// One delivery attempt. Returns the server's answer.
    pub async fn deliver(&self, m: &OutboxMessage) -> Result<String, DeliveryError> {
        let message = self.build(m).map_err(|e| DeliveryError {
            permanent: true,
            detail: e.to_string(),
        })?;
        match &self.transport {
            Transport::Smtp(t) => match t.send(message).await {
                Ok(response) => Ok(format!(
                    "{} {}",
                    response.code(),
                    response.message().collect::<Vec<_>>().join(" ")
                )),
                Err(e) => Err(DeliveryError {
                    permanent: e.is_permanent(),
                    detail: crate::error_chain(&e),
                }),
            },
            Transport::Files(t, _) => match t.send(message).await {
                Ok(id) => Ok(format!("written to the mail folder as {id}.eml")),
                Err(e) => Err(DeliveryError {
                    permanent: false,
                    detail: crate::error_chain(&e),
                }),
            },
        }
    }
}

/// `Auto-Submitted: auto-generated` (RFC 3834) on every message: the system writes them all,
/// so vacation responders and other automatic replies leave them unanswered.
#[derive(Debug, Clone, Copy)]
struct AutoSubmitted;

impl lettre::message::header::Header for AutoSubmitted {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        if s.trim().eq_ignore_ascii_case("auto-generated") {
            Ok(AutoSubmitted)
        } else {
            Err(format!("not auto-generated: {s}").into())
        }
    }

    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}

/// `List-Unsubscribe: <url>` on digests (RFC 2369).
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl lettre::message::header::Header for ListUnsubscribe {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.trim().to_owned()))
    }

    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): the client's POST to the
/// `List-Unsubscribe` address acts at once, without a page in between.
#[derive(Debug, Clone, Copy)]
struct ListUnsubscribePost;

impl lettre::message::header::Header for ListUnsubscribePost {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        if s.trim() == ONE_CLICK {
            Ok(ListUnsubscribePost)
        } else {
            Err(format!("not one-click: {s}").into())
        }
    }

    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), ONE_CLICK.to_owned())
    }
}

/// The body of a one-click unsubscribe POST (RFC 8058).
pub const ONE_CLICK: &str = "List-Unsubscribe=One-Click";

/// The synthetic Message-ID every message about one manuscript refers to.
pub fn thread_root_id(thread_key: &str, domain: &str) -> String {
    let safe: String = thread_key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("<thread-{safe}@{domain}>")
}
