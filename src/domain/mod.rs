//! The domain: the journal's rules as pure code, with no database or web imports.

pub mod address_range;
pub mod anonymise;
pub mod appeal;
pub mod assignment;
pub mod authorship;
pub mod collection;
pub mod conflicts;
pub mod deadlines;
pub mod decision;
pub mod email_address;
pub mod expertise;
pub mod form_errors;
pub mod licence;
pub mod metadata;
pub mod orcid;
pub mod password_policy;
pub mod permissions;
pub mod person_name;
pub mod publication_import;
pub mod publishing;
pub mod review;
pub mod review_rings;
pub mod reviewer_batch;
pub mod reviewer_identity;
pub mod role;
pub mod statistics;
pub mod status;
pub mod submission;
pub mod submission_state;

pub use email_address::EmailAddress;
pub use form_errors::FormErrors;
pub use orcid::Orcid;
pub use person_name::PersonName;
pub use role::Role;
