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

-- Half of each lease page is left free (it was a tenth): the leases of one charge
-- batch are neighbours in the table (rows written over time, and the bulk import, go
-- in key order) and all get their next charge date in one transaction, so a page needs
-- room for a new version of every lease on it for the updates to stay on the page
-- (HOT). At a tenth, 13,423 of 103,597 updates were HOT and the rest wrote an entry in
-- each lease index; at half, all of them (WAL records 2.46M -> 2.00M at scale 10). It
-- applies to pages written from now on.
alter table leases set (fillfactor = 50);
