DROP TRIGGER accounts_conflicts ON accounts;
DROP TRIGGER accounts_confirmed_conflicts ON accounts;
