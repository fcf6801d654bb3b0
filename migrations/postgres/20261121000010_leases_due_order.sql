-- The charge job reads the leases due in (next_charge_on, id) order, a batch at a
-- time: with the id in the index the next batch is read straight from it, instead of
-- sorting every due lease of the organization for each batch (95,000 leases at once
-- on the first of the month in the benchmark's big organization).
drop index leases_next_charge;
create index leases_next_charge on leases (org_id, next_charge_on, id) where next_charge_on is not null;
