DROP TABLE decision_letters;
