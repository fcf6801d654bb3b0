-- A property's billing rows are sorted when read, not kept sorted by an index (issue 4:
-- the monthly charge job).
--
-- Every charge and every payment changes an account's outstanding amount, and so moved
-- the account in both ranking indexes: the organization's and the property's. A
-- property has a few dozen accounts, which sort in a moment, so the property's ranking
-- is replaced by an index on the property alone, which no posting changes. The
-- organization-wide ranking stays: its first page must not sort every account.
drop index ledger_accounts_property_rank;
create index ledger_accounts_property on ledger_accounts (org_id, property_id);
