# RentMark — English catalog.
# API error codes ("lease.not_found") become Fluent ids by replacing "." with "-".

## General errors
error-bad_request = Malformed request.
error-unauthorized = Authentication required.
error-forbidden = Your role does not allow this action.
error-not_found = Not found.
error-conflict = Conflicts with the current state.
error-payload_too_large = Request body too large.
request-unsupported_media_type = The request body must be JSON (Content-Type: application/json).
error-unprocessable = Invalid values.
error-too_many_requests = Too many requests, try again later.
error-internal = Internal error; the incident was logged.
error-unavailable = Service temporarily unavailable.
error-validation = Some values are invalid.

## Authentication
auth-invalid_credentials = Wrong e-mail address or password.
auth-email_taken = This e-mail address is already in use.
auth-invalid_token = Invalid or expired authentication token.
auth-banned = This account has been suspended.
auth-not_a_member = You are not a member of any organization.
auth-csrf = The form has expired, please try again.
auth-account_locked = Too many failed sign-ins to this account: it is locked for a while.
auth-too_many_failures = Too many failed sign-ins from your network.
auth-too_many_signups = Too many sign-ups from your network.

## Not found
user-not_found = User not found.
org-not_found = Organization not found.
property-not_found = Property not found.
unit-not_found = Unit not found.
tenant-not_found = Tenant not found.
lease-not_found = Lease not found.
payment-not_found = Payment not found.
document-not_found = Document not found.

## Conflicts
lease-overlap = This unit is already let on some of these dates.
lease-already_ended = This lease has already ended.
property-has_leases = This property has leases and cannot be deleted.
property-has_listings = A listing advertises this property: it cannot be deleted.
unit-has_leases = This unit has leases and cannot be deleted.
unit-has_listings = A listing advertises this unit: it cannot be deleted.
payment-deleted = This payment was deleted.
payment-changed_concurrently = This payment was changed meanwhile; reload the page.
payment-tenant_not_on_lease = This tenant is not on this lease.
user-admin_erasure = A platform admin account cannot be erased this way.
user-not_erasing = This account's erasure was not requested.
conflict = Conflicts with the current state.

## Validation
validation-required = This field is required.
validation-too_long = This text is too long.
validation-invalid_amount = Invalid amount (a decimal number, at most two decimals).
validation-must_be_positive = The amount must be above zero.
validation-must_not_be_negative = The amount cannot be negative.
validation-out_of_range = Value out of range.
validation-invalid_email = Invalid e-mail address.
validation-weak_password = The password must have 10 to 128 characters.
validation-invalid_date = Invalid date (format YYYY-MM-DD).
validation-end_before_start = The end date is before the start date.
validation-invalid_timezone = Unknown time zone.
validation-duplicate = Duplicate value.
validation-shares_must_sum = Shares must add up to 100 %.
validation-currency_mismatch = Currency differs from the organization's.
validation-empty_list = The list cannot be empty.
validation-too_many = Too many items.
validation-invalid_choice = Invalid choice.
validation-unknown_reference = Unknown reference.
validation-invalid_characters = This text contains characters that are not allowed (control characters, or a line break in a one-line field).
validation-invalid_type = Value of the wrong type.
validation-age_out_of_range = The birth date must give an age between 16 and 120.

## Marketplace
listing-not_found = Listing not found.
listing-invalid_transition = This listing cannot change to that status now.
listing-closed = This listing is closed: it can no longer be edited.
room-not_found = Room not found.
room-filled = This room has no place left.
guarantor-not_found = Guarantor not found.
guarantor-in_use = This guarantor is named on an application and cannot be deleted.
application-not_found = Application not found.
application-duplicate = You have already applied to this listing.
application-invalid_transition = This application cannot change to that status now.
application-requirements_not_met = Your dossier does not meet this listing's requirements.
document-upload_expired = This upload link has expired; ask for a new one.
document-link_expired = This download link has expired.
document-invalid_signature = Invalid link signature.
document-not_uploaded = Nothing was uploaded for this document.
document-already_stored = This document is already stored.
