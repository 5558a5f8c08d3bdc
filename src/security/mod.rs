//! Passwords and secret tokens. Nothing secret is ever stored in the clear.

pub mod oidc;
pub mod password;
pub mod token;
pub mod totp;
