//! E-mail. Every message is rendered from a template pair (plain text and HTML) under
//! `templates/email/`; the subject is part of the message type.
//!
//! Until the outbox lands, account mails go through [`Mailer::send_now`], which writes each
//! message as an `.eml` file under the mail folder.

pub mod messages;

use std::path::PathBuf;

use lettre::message::{Mailbox, MultiPart};
use lettre::{FileTransport, Message, Transport};

/// A rendered message, ready for a transport.
#[derive(Debug, Clone)]
pub struct Email {
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("could not render the e-mail template")]
    Render(#[from] askama::Error),
    #[error("invalid address: {0}")]
    Address(String),
    #[error("could not build the message")]
    Build(#[from] lettre::error::Error),
    #[error("could not write the message file")]
    File(#[from] lettre::transport::file::Error),
    #[error("could not create the mail folder {0}")]
    Folder(String),
}

#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    folder: PathBuf,
}

impl Mailer {
    pub fn new(from: &str, folder: PathBuf) -> Result<Mailer, MailError> {
        let from: Mailbox = from
            .parse()
            .map_err(|_| MailError::Address(from.to_owned()))?;
        std::fs::create_dir_all(&folder)
            .map_err(|e| MailError::Folder(format!("{}: {e}", folder.display())))?;
        Ok(Mailer { from, folder })
    }

    pub fn folder(&self) -> &std::path::Path {
        &self.folder
    }

    /// Builds the MIME message: plain text first, HTML as the alternative.
    pub fn build(&self, email: &Email) -> Result<Message, MailError> {
        let to = Mailbox::new(
            Some(email.to_name.clone()),
            email
                .to_address
                .parse()
                .map_err(|_| MailError::Address(email.to_address.clone()))?,
        );
        Ok(Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                email.text.clone(),
                email.html.clone(),
            ))?)
    }

    /// Writes the message as an `.eml` file now (blocking; call from the blocking pool).
    pub fn send_now(&self, email: &Email) -> Result<(), MailError> {
        let message = self.build(email)?;
        FileTransport::new(&self.folder).send(&message)?;
        tracing::info!(mail.subject = %email.subject, "mail written to the mail folder");
        Ok(())
    }
}
