ALTER TABLE outbox DROP COLUMN unsubscribe_url;
DROP TABLE mail_choice_links;
UPDATE people SET mail_digest = EXISTS (SELECT 1 FROM mail_choices WHERE mail_choices.person_id = people.id);
DROP TABLE mail_choices;
