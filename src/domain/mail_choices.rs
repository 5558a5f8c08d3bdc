//! How each person wants their notices: at once, or gathered in one daily digest.
//!
//! Only notices that ask nothing of their reader by a date may wait for a digest: the
//! [`Topic`]s below. Invitations, revision requests, reminders, overdue notices and
//! decision letters to the authors carry a deadline or a decision and always go at once, so
//! they have no topic and no choice.

use crate::domain::FormErrors;

/// A kind of notice a person may choose to receive in the daily digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Topic {
    Discussion,
    ReviewerAnswers,
    ReviewsReceived,
    CoAuthorNews,
    Roles,
}

impl Topic {
    pub const ALL: [Topic; 5] = [
        Topic::Discussion,
        Topic::ReviewerAnswers,
        Topic::ReviewsReceived,
        Topic::CoAuthorNews,
        Topic::Roles,
    ];

    /// The stored name, also the form field's.
    pub fn key(self) -> &'static str {
        match self {
            Topic::Discussion => "discussion",
            Topic::ReviewerAnswers => "reviewer_answers",
            Topic::ReviewsReceived => "reviews_received",
            Topic::CoAuthorNews => "co_author_news",
            Topic::Roles => "roles",
        }
    }

    pub fn from_key(key: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.key() == key)
    }

    /// What the person reads beside the choice.
    pub fn label(self) -> &'static str {
        match self {
            Topic::Discussion => "New messages in a submission's discussion",
            Topic::ReviewerAnswers => "A reviewer accepts or declines your invitation",
            Topic::ReviewsReceived => "A review arrives on a submission you handle",
            Topic::CoAuthorNews => {
                "News of a manuscript you co-authored (a decision, a withdrawal)"
            }
            Topic::Roles => "A role given to you (guest editor, board member …)",
        }
    }

    /// The outbox kinds this topic covers.
    pub fn kinds(self) -> &'static [&'static str] {
        match self {
            Topic::Discussion => &["discussion_posted"],
            Topic::ReviewerAnswers => &["reviewer_accepted", "reviewer_declined"],
            Topic::ReviewsReceived => &["review_received"],
            Topic::CoAuthorNews => &["decision_to_co_author", "withdrawal_to_co_author"],
            Topic::Roles => &["role_granted"],
        }
    }

    /// The topic of an outbox kind; `None` for a message that is always sent at once.
    pub fn of_kind(kind: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.kinds().contains(&kind))
    }
}

/// At once, or in the daily digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    AtOnce,
    Digest,
}

impl Delivery {
    pub fn key(self) -> &'static str {
        match self {
            Delivery::AtOnce => "at_once",
            Delivery::Digest => "digest",
        }
    }

    pub fn from_key(key: &str) -> Option<Delivery> {
        match key {
            "at_once" => Some(Delivery::AtOnce),
            "digest" => Some(Delivery::Digest),
            _ => None,
        }
    }
}

/// A person's choices: the topics they want in the digest (every other goes at once).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailChoices {
    pub digest: Vec<Topic>,
}

impl MailChoices {
    pub fn delivery(&self, topic: Topic) -> Delivery {
        if self.digest.contains(&topic) {
            Delivery::Digest
        } else {
            Delivery::AtOnce
        }
    }

    /// Reads the form: one field per topic, named by its key, valued `at_once` or `digest`.
    /// Every topic must be answered, so a form from an older page cannot drop one silently.
    pub fn parse<'a>(
        fields: impl IntoIterator<Item = (&'a str, &'a str)> + Clone,
    ) -> Result<MailChoices, FormErrors> {
        let mut errors = FormErrors::default();
        let mut digest = Vec::new();
        for topic in Topic::ALL {
            let value = fields
                .clone()
                .into_iter()
                .find(|(k, _)| *k == topic.key())
                .map(|(_, v)| v);
            match value.and_then(Delivery::from_key) {
                Some(Delivery::Digest) => digest.push(topic),
                Some(Delivery::AtOnce) => {}
                None => errors.add(topic.key(), "Choose at once or in the daily digest."),
            }
        }
        if errors.is_empty() {
            Ok(MailChoices { digest })
        } else {
            Err(errors)
        }
    }
}

/// Whether a message of `kind`, which its sender allows to wait, waits for the digest.
pub fn waits_for_digest(kind: &str, choices: &MailChoices) -> bool {
    Topic::of_kind(kind).is_some_and(|t| choices.delivery(t) == Delivery::Digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_with_a_deadline_or_a_decision_have_no_choice() {
        for kind in [
            "review_invitation",
            "review_reminder",
            "revision_reminder",
            "decision",
            "decision_reminder",
            "digest",
        ] {
            assert_eq!(Topic::of_kind(kind), None, "{kind}");
            let all = MailChoices {
                digest: Topic::ALL.to_vec(),
            };
            assert!(!waits_for_digest(kind, &all), "{kind}");
        }
    }

    #[test]
    fn each_notice_waits_only_when_its_topic_is_chosen() {
        let choices = MailChoices {
            digest: vec![Topic::Discussion],
        };
        assert!(waits_for_digest("discussion_posted", &choices));
        assert!(!waits_for_digest("reviewer_declined", &choices));
        assert!(!waits_for_digest(
            "discussion_posted",
            &MailChoices::default()
        ));
        // Every kind belongs to one topic only.
        let mut seen = std::collections::BTreeSet::new();
        for t in Topic::ALL {
            for k in t.kinds() {
                assert!(seen.insert(*k), "{k} in two topics");
            }
            assert_eq!(Topic::from_key(t.key()), Some(t));
        }
    }

    #[test]
    fn the_form_must_answer_every_topic_with_a_known_value() {
        let mut fields: Vec<(&str, &str)> =
            Topic::ALL.iter().map(|t| (t.key(), "at_once")).collect();
        fields[0].1 = "digest";
        let parsed = MailChoices::parse(fields.iter().copied()).unwrap();
        assert_eq!(parsed.digest, vec![Topic::Discussion]);

        fields[1].1 = "weekly";
        fields.pop();
        let errors = MailChoices::parse(fields.iter().copied()).unwrap_err();
        assert!(errors.get("reviewer_answers").is_some());
        assert!(errors.get("roles").is_some());
        assert!(errors.get("discussion").is_none());
    }
}
