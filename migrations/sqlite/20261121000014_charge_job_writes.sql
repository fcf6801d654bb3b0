-- The monthly charge job writes fewer index entries (issue 4).
--
-- The leases' next charge date is no longer indexed: the job finds the due leases by
-- reading the organization's leases in key order (a cursor), so moving a lease's next
-- charge date writes no index.
drop index leases_next_charge;

-- A tenant's entries are found through the tenant's leases (lease_tenants) and the
-- account index, so the per-tenant index on the largest table is dropped: one index
-- entry less for every entry posted.
drop index ledger_entries_tenant;
