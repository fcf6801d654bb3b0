-- What remains due on each account, charge by charge ("YYYY-MM-DD:cents;..." oldest
-- first, empty when nothing is due), kept with the balances on every posting so that
-- a tenant's aging reads one row per lease instead of the whole history. Rows written
-- before this column existed are null until the store recomputes them from their
-- entries, which it does when it opens the database.
alter table ledger_accounts add column open_dues text;
