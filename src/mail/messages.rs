//! The account messages. Each is a pair of templates; the subject lives here with it.

use askama::Template;

use super::{Email, MailError};

/// A message type: its templates and its subject.
pub trait MailMessage {
    fn subject(&self) -> String;
    fn text(&self) -> Result<String, askama::Error>;
    fn html(&self) -> Result<String, askama::Error>;

    fn to_email(&self, to_name: &str, to_address: &str) -> Result<Email, MailError> {
        Ok(Email {
            to_name: to_name.to_owned(),
            to_address: to_address.to_owned(),
            subject: self.subject(),
            text: self.text()?,
            html: self.html()?,
        })
    }
}

#[derive(Template)]
#[template(path = "email/verify_email.txt", escape = "none")]
struct VerifyEmailText<'a> {
    name: &'a str,
    link: &'a str,
    site: &'a str,
}

#[derive(Template)]
#[template(path = "email/verify_email.html")]
struct VerifyEmailHtml<'a> {
    name: &'a str,
    link: &'a str,
    site: &'a str,
}

#[derive(Template)]
#[template(path = "email/already_registered.txt", escape = "none")]
struct AlreadyRegisteredText<'a> {
    name: &'a str,
    login_link: &'a str,
    reset_link: &'a str,
    site: &'a str,
}

#[derive(Template)]
#[template(path = "email/already_registered.html")]
struct AlreadyRegisteredHtml<'a> {
    name: &'a str,
    login_link: &'a str,
    reset_link: &'a str,
    site: &'a str,
}

#[derive(Template)]
#[template(path = "email/password_reset.txt", escape = "none")]
struct PasswordResetText<'a> {
    name: &'a str,
    link: &'a str,
    site: &'a str,
}

#[derive(Template)]
#[template(path = "email/password_reset.html")]
struct PasswordResetHtml<'a> {
    name: &'a str,
    link: &'a str,
    site: &'a str,
}

pub struct VerifyEmail<'a> {
    pub name: &'a str,
    pub link: &'a str,
    pub site: &'a str,
}

impl MailMessage for VerifyEmail<'_> {
    fn subject(&self) -> String {
        "Confirm your e-mail address for peerdesk".into()
    }
    fn text(&self) -> Result<String, askama::Error> {
        VerifyEmailText {
            name: self.name,
            link: self.link,
            site: self.site,
        }
        .render()
    }
    fn html(&self) -> Result<String, askama::Error> {
        VerifyEmailHtml {
            name: self.name,
            link: self.link,
            site: self.site,
        }
        .render()
    }
}

/// Sent instead of a second verification when someone registers with an address that
/// already has an account, so the form itself reveals nothing about who is registered.
pub struct AlreadyRegistered<'a> {
    pub name: &'a str,
    pub login_link: &'a str,
    pub reset_link: &'a str,
    pub site: &'a str,
}

impl MailMessage for AlreadyRegistered<'_> {
    fn subject(&self) -> String {
        "You already have a peerdesk account".into()
    }
    fn text(&self) -> Result<String, askama::Error> {
        AlreadyRegisteredText {
            name: self.name,
            login_link: self.login_link,
            reset_link: self.reset_link,
            site: self.site,
        }
        .render()
    }
    fn html(&self) -> Result<String, askama::Error> {
        AlreadyRegisteredHtml {
            name: self.name,
            login_link: self.login_link,
            reset_link: self.reset_link,
            site: self.site,
        }
        .render()
    }
}

pub struct PasswordReset<'a> {
    pub name: &'a str,
    pub link: &'a str,
    pub site: &'a str,
}

impl MailMessage for PasswordReset<'_> {
    fn subject(&self) -> String {
        "Reset your peerdesk password".into()
    }
    fn text(&self) -> Result<String, askama::Error> {
        PasswordResetText {
            name: self.name,
            link: self.link,
            site: self.site,
        }
        .render()
    }
    fn html(&self) -> Result<String, askama::Error> {
        PasswordResetHtml {
            name: self.name,
            link: self.link,
            site: self.site,
        }
        .render()
    }
}

#[derive(Template)]
#[template(path = "email/role_granted.txt", escape = "none")]
struct RoleGrantedText<'a> {
    name: &'a str,
    role: &'a str,
    place: &'a str,
    dashboard_link: &'a str,
}

#[derive(Template)]
#[template(path = "email/role_granted.html")]
struct RoleGrantedHtml<'a> {
    name: &'a str,
    role: &'a str,
    place: &'a str,
    dashboard_link: &'a str,
}

/// Tells a person they were appointed (a notification that may wait for a digest).
pub struct RoleGranted<'a> {
    pub name: &'a str,
    pub role: &'a str,
    pub place: &'a str,
    pub dashboard_link: &'a str,
}

impl MailMessage for RoleGranted<'_> {
    fn subject(&self) -> String {
        format!("You are now {} ({})", self.role, self.place)
    }
    fn text(&self) -> Result<String, askama::Error> {
        RoleGrantedText {
            name: self.name,
            role: self.role,
            place: self.place,
            dashboard_link: self.dashboard_link,
        }
        .render()
    }
    fn html(&self) -> Result<String, askama::Error> {
        RoleGrantedHtml {
            name: self.name,
            role: self.role,
            place: self.place,
            dashboard_link: self.dashboard_link,
        }
        .render()
    }
}
