DROP TABLE technical_returns;
