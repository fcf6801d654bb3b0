-- The due date of each account's latest charge (reversed or not): a new charge due
-- after it, and any payment, update the account from its stored summary alone,
-- without reading its history. Every account's summary is nulled here so that the
-- store recomputes it from the entries, with this column, when it opens the database.
alter table ledger_accounts add column last_charge_on text;
update ledger_accounts set open_dues = null;
