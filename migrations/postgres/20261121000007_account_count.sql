-- How many ledger accounts (lease x co-tenant) an organization has, kept in the
-- transaction that creates them: the dashboard counts its billing rows on every
-- request, which otherwise scans every account of the organization.
alter table organizations add column account_count bigint not null default 0;
update organizations set account_count =
    (select count(*) from ledger_accounts a where a.org_id = organizations.id);
