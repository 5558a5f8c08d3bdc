DROP TABLE review_form_answers;
DROP TABLE review_form_versions;
