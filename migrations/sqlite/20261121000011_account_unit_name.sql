-- Each account keeps its unit's name beside its tenant's (kept on unit rename), so the
-- billing table reads its rows without a lookup in `units` per row.
alter table ledger_accounts add column unit_name text not null default '';
update ledger_accounts set unit_name = (select u.name from units u
    where u.org_id = ledger_accounts.org_id and u.id = ledger_accounts.unit_id);
