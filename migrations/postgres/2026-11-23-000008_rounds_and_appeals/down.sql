DROP TABLE appeals;
DROP TABLE revision_responses;
