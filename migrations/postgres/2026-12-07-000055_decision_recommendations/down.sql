DROP TABLE decision_recommendations;
ALTER TABLE collections DROP COLUMN decisions_confirmed;
