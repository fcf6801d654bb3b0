//! The storage conformance suite: one set of test bodies, generic over the backend,
//! run on SQLite (a fresh temporary file per test) and on PostgreSQL (a fresh database
//! per test, created and dropped through `RENTMARK_TEST_POSTGRES_URL`). A backend is
//! done when it passes the suite.
//!
//! Without `RENTMARK_TEST_POSTGRES_URL` the PostgreSQL tests do nothing and say so;
//! with it set and the server unreachable, they fail.

#![expect(clippy::unwrap_used, reason = "tests fail loudly on unexpected errors")]

mod harness;

mod accounts;
mod fairness;
mod jobs;
mod leases;
mod marketplace;
mod payments;
mod properties;
mod randomized;
mod totals;
mod users;

use harness::conformance;

conformance! {
    accounts::users_organizations_and_memberships,
    accounts::user_with_memberships_reads_both_at_once,
    accounts::documents_are_scoped_to_their_organization,
    properties::properties_are_isolated_and_paged,
    properties::property_names_are_the_organization_s_first_properties_by_name,
    properties::property_search_matches_a_part_of_the_name_in_any_case,
    properties::property_batches_are_all_or_nothing,
    properties::units_are_isolated_and_guarded_by_leases,
    properties::tenants_are_isolated_and_bulk_loaded,
    properties::text_the_database_cannot_hold_is_unstorable_not_an_outage,
    fairness::a_three_way_lease_keeps_co_tenants_within_a_cent,
    fairness::co_tenants_charged_unevenly_before_are_evened_out,
    leases::lease_creation_posts_due_charges_and_balances,
    leases::lease_overlap_and_missing_references_write_nothing,
    leases::charges_posted_twice_post_nothing,
    leases::due_leases_are_read_in_id_order_after_a_cursor,
    leases::a_charge_batch_moves_each_lease_to_its_own_next_date,
    leases::unit_history_records_move_in_and_move_out,
    leases::lease_updates_check_overlap_and_stay_scoped,
    leases::concurrent_leases_of_one_unit_let_it_once,
    leases::a_shared_unit_takes_as_many_leases_as_its_capacity,
    leases::occupancy_is_cached_but_never_stale,
    payments::payments_record_amend_delete_rebalance,
    payments::stale_amendments_conflict_and_write_nothing,
    payments::record_payment_is_idempotent,
    payments::payments_and_entries_are_isolated,
    payments::concurrent_payments_keep_balances_exact,
    totals::account_rows_sort_by_outstanding_then_name,
    totals::charges_for_many_leases_update_every_account,
    totals::org_totals_count_occupancy_on_the_day,
    totals::month_totals_are_zero_filled,
    totals::org_figures_are_the_totals_and_months_read_together,
    totals::tenant_ledger_reads_the_tenant_with_their_accounts,
    jobs::job_queue_lifecycle,
    jobs::concurrent_claimers_claim_each_job_once,
    randomized::random_payment_histories_reconcile,
    users::profiles_are_saved_with_an_org_rename_in_one_transaction,
    users::erasure_requests_mark_the_user_and_enqueue_one_job,
    users::erasure_clears_the_account_and_keeps_the_ledgers,
    users::exports_gather_the_linked_tenancies_across_organizations,
    users::identity_changes_made_through_the_store_are_seen_at_once,
    users::identities_changed_by_another_instance_are_seen_within_the_ttl,
    marketplace::listings_are_created_all_or_nothing_and_isolated,
    marketplace::erasure_removes_the_renter_dossier,
    marketplace::listing_status_moves_expect_their_status,
    marketplace::listing_edits_replace_details_and_stay_scoped,
    marketplace::search_filters_orders_counts_and_pages,
    marketplace::search_totals_follow_every_listing_write,
    marketplace::guarantors_are_kept_per_renter_and_guarded_in_use,
    marketplace::dossier_documents_count_only_once_stored,
    marketplace::applications_are_unique_and_transitions_guarded,
    marketplace::confirmation_creates_the_lease_and_cancels_the_others,
    marketplace::rooms_fill_place_by_place_and_stale_confirmations_write_nothing,
    marketplace::parallel_confirmations_of_the_last_place_confirm_one,
    marketplace::a_filled_room_queues_one_notice_per_cancelled_application,
    marketplace::places_left_and_failed_confirmations_queue_no_notice,
    marketplace::the_outbox_mailer_stores_what_it_is_given,
}
