# RentMark — pages (English).

## Navigation
nav-home = Home
nav-main = Main navigation
nav-language = Language
nav-dashboard = Dashboard
nav-properties = Properties
nav-tenants = Tenants
nav-leases = Leases
nav-login = Sign in
nav-signup = Sign up
nav-logout = Sign out

## Actions
action-save = Save
action-edit = Edit
action-delete = Delete
action-cancel = Cancel

## Paging
pager-label = Pages
pager-page = Page
pager-prev = Previous
pager-next = Next

## Months (short)
month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mar
month-short-4 = Apr
month-short-5 = May
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Aug
month-short-9 = Sep
month-short-10 = Oct
month-short-11 = Nov
month-short-12 = Dec

## Form fields
field-email = E-mail address
field-password = Password
field-password-hint = 10 to 128 characters.
field-org-name = Your organization's name
field-property-name = Property name
field-address = Address
field-city = City
field-description = Description
field-unit-name = Unit name
field-beds = Bedrooms
field-baths = Bathrooms
field-sq-ft = Floor area (sq ft)
field-capacity = Capacity (people)
field-rent = Monthly rent
field-charges = Monthly service charges
field-deposit = Deposit
field-full-name = Full name
field-phone = Phone
field-unit = Unit
field-co-tenants = Co-tenants
field-start-date = Start date
field-end-date = End date
field-due-day = Due day
field-due-day-hint = Day of the month rent falls due (1 to 31; the last day in shorter months).
field-paid-on = Payment date
field-method = Payment method
field-receipt = Receipt (image)
field-receipt-hint = Optional: JPEG, PNG or WebP, at most 10 MB.
field-remove-receipt = Remove the current receipt

## Columns
col-name = Name
col-tenant = Tenant
col-unit = Unit
col-property = Property
col-outstanding = Outstanding
col-oldest-unpaid = Oldest unpaid
col-last-payment = Last payment
col-month = Month
col-move-in = Move-in
col-move-out = Move-out
col-status = Status
col-lease = Lease
col-dates = Dates
col-date = Date
col-amount = Amount
col-receipt = Receipt
col-actions = Actions
col-entry = Entry
col-charged = Charged
col-paid = Paid
col-balance = Balance
col-share = Share

## Statuses
status-active = Active
status-upcoming = Upcoming
status-ended = Ended
status-past = Moved out

## Payment methods and entries
method-transfer = Bank transfer
method-card = Card
method-cash = Cash
method-stripe = Stripe
entry-rent = Rent
entry-service-charges = Service charges
entry-deposit = Deposit
entry-fee = Fee
entry-payment = Payment
entry-charge-reversal = Charge reversal
entry-payment-reversal = Payment reversal

## Sign-up and sign-in
signup-title = Create an account
signup-intro = Renters keep one dossier and apply to listings; a landlord's account creates their organization, of which they are the owner.
signup-submit = Create my account
signup-have-account = Already have an account? Sign in
login-title = Sign in
login-submit = Sign in
login-no-account = No account yet? Create one

## Dashboard
dashboard-title = Dashboard
dashboard-totals = Organization figures
dashboard-outstanding = Outstanding
dashboard-collected = Collected this month
dashboard-due = Due this month
dashboard-occupancy = Occupancy
dashboard-units-occupied = units occupied
dashboard-as-of = As of
dashboard-billing = Who owes what
dashboard-filter = Property
dashboard-filter-submit = Filter
dashboard-all-properties = All properties
dashboard-filter-placeholder = Name of a property
dashboard-search-none = No property's name contains “{ $text }”.
dashboard-search-more = More properties match than the { $count } shown: type more of the name.
dashboard-search-matches = Matching properties
dashboard-no-rows = No leases yet.
chart-title = Due and collected over 12 months
chart-desc = Grouped bars: amounts due and amounts collected each month
chart-due = Due
chart-collected = Collected
chart-table = The chart's figures

## Properties and units
properties-title = Properties
properties-empty = No properties yet.
property-create = Add a property
property-edit = Edit the property
property-delete = Delete the property
property-delete-help = Deletes the property and its units. Not possible when it has leases.
property-billing = See who owes what for this property
units-title = Units
units-empty = No units yet.
unit-create = Add a unit
unit-edit = Edit the unit
unit-delete = Delete the unit
unit-delete-help = Not possible when the unit has leases.
unit-history = Tenant history
unit-history-empty = Nobody has lived here yet.
unit-history-lease = See the lease

## Tenants
tenants-title = Tenants
tenants-empty = No tenants yet.
tenant-create = Add a tenant
tenant-edit = Edit the tenant
tenant-balance = Tenant balance
tenant-charged = Charged
tenant-paid = Paid
tenant-aging = Aging of what is owed
tenant-leases = Leases
tenant-no-leases = No leases.
tenant-payments = Payments
tenant-no-payments = No payments.
tenant-entries = Charges and payments
aging-0-30 = 0 to 30 days
aging-31-60 = 31 to 60 days
aging-61-90 = 61 to 90 days
aging-90-plus = Over 90 days
ledger-empty = No entries.

## Leases
leases-title = Leases
leases-empty = No leases yet.
lease-create = Create a lease
lease-open = Open
lease-choose-unit = Choose a unit
lease-co-tenants = Co-tenants
lease-ledger = Lease ledger
lease-balance = Balance:
lease-end = End the lease
lease-end-help = Charges for days after the end date are cancelled.
lease-ended = Lease ended on

## Payments
payment-record = Record a payment
payment-new-title = Record a payment
payment-edit-title = Correct a payment
payment-see-lease = See the lease
payment-receipt-view = View the receipt
payment-receipt-alt = Receipt of the payment
payment-status-deleted = Deleted
payment-delete-title = Delete this payment
payment-delete-intro = The payment will be cancelled by a reversing entry; it stays visible as deleted.
payment-delete-confirm = Yes, delete the payment
receipt-too_large = The file is larger than 10 MB.
receipt-not_an_image = The file is not a JPEG, PNG or WebP image.

## Marketplace: navigation and sign-up
nav-search = Find a home
nav-my-applications = My applications
nav-guarantors = Guarantors
nav-documents = Documents
nav-profile = Profile
nav-listings = Listings
field-account-kind = I am
account-kind-tenant = Looking for a home (renter)
account-kind-landlord = Letting homes (landlord or agency)
field-org-name-hint = Landlords only: your account creates this organization, of which you are the owner.
auth-not_a_renter = This page is for renters.

## Marketplace: names
listing-type-studio = Studio
listing-type-room = Room
listing-type-flat = Flat
listing-status-draft = Draft
listing-status-published = Published
listing-status-closed = Closed
doc-kind-id_card = Identity card or passport
doc-kind-proof_of_study = Proof of study
doc-kind-rib = Bank details (RIB)
doc-kind-visa = Visa or residence permit
doc-kind-payslip = Payslip
doc-kind-tax_notice = Tax notice
doc-kind-other = Other document
application-status-pending = Pending
application-status-withdrawn = Withdrawn
application-status-rejected = Rejected
application-status-accepted_pending_payment = Accepted, awaiting payment
application-status-confirmed = Confirmed
application-actor-renter = Renter
application-actor-landlord = Landlord
application-actor-payment = Payment
application-actor-system = RentMark
application-reason-room_taken = The room was taken by another renter.
document-state-pending = Waiting for the file
document-state-stored = Stored

## Marketplace: columns and fields
col-title = Title
col-room = Room
col-capacity = Places
col-places-left = Places left
col-rent-from = Rent from
col-available = Available from
col-stay-months = Stay (months)
col-min-months = Min. months
col-max-months = Max. months
col-listing = Listing
col-applied-on = Applied on
col-reason = Reason
col-from = From
col-to = To
col-by = By
col-contact = Contact
col-file = File
col-size = Size
col-added = Added
col-applicant = Applicant
col-guarantors-income = Guarantors' income
col-documents-held = Documents held
col-own-income = Own income:
field-title = Title
field-type = Type
field-property = Property
field-property-hint = Optional: an existing property; without one, a property is created from the address.
field-availability-date = Available from
field-available-from = Move-in date
field-available-from-hint = Listings available on or before this date.
field-price-max = Maximum rent
field-guarantor-count-hint = From 0 to 50.
field-income-multiple-hint = Optional: 3 means the renter's and guarantors' monthly income together must reach 3 × (rent + charges).
field-room = Room
field-move-in = Move-in date
field-duration-months = Stay (months)
field-guarantors = Guarantors
field-first-name = First name
field-last-name = Last name
field-nationality = Nationality
field-birth-date = Birth date
field-education = Education
field-budget = Monthly budget
field-monthly-income = Monthly income
field-relation = Relation
field-relation-hint = Parent, friend, employer…
field-document-kind = Kind of document
field-file = File
field-file-hint = PDF, JPEG, PNG, WebP, Word or OpenDocument, at most 10 MB.
size-kb = { $n } KB
size-mb = { $n } MB
document-too_large = The file is larger than 10 MB.
document-unsupported_type = This file type is not accepted (PDF, image, Word or OpenDocument).

## Marketplace: search and listing page
search-title = Find a home
search-filters = Filters
search-any-type = Any type
search-submit = Search
search-total = Listings found: { $count }
search-empty = No listing matches these filters.
listing-rooms = Rooms
listing-rooms-hint = Up to 5 rooms; blank rows are ignored.
listing-requirements = What your dossier must hold
listing-full = Every place is taken.
listing-apply = Apply
listing-apply-sign-in = Sign in as a renter to apply
room-full = Full
req-guarantors = Guarantors required
req-income = Minimum income (multiple of rent and charges)
req-income-value = { $multiple } × rent and charges
req-documents = Documents
req-none = None
apply-room-places = places left: { $count }
apply-no-guarantors = You have no guarantors yet: add them under Guarantors.
apply-overrides-hint = Optional, for this application only (like the fields below): your own monthly income counts with your guarantors'.
apply-submit = Send my application
apply-missing-title = Missing from your dossier
apply-missing-document = Missing document: { $kind }
apply-missing-guarantors = Guarantors missing: { $count }
apply-missing-income = Combined monthly income short by { $amount }
apply-income-required = Combined monthly income required: { $amount }

## Marketplace: the renter's area
renter-applications-title = My applications
renter-applications-empty = You have not applied yet.
application-withdraw = Withdraw
application-history = History
application-lease = Your lease
application-see-listing = See the listing
guarantors-title = My guarantors
guarantors-intro = Keep your guarantors once, then pick them on each application.
guarantors-empty = No guarantors yet.
guarantor-create = Add a guarantor
guarantor-edit = Edit the guarantor
guarantor-delete = Delete the guarantor
guarantor-delete-help = Not possible while an application names this guarantor.
documents-title = My documents
documents-intro = Your dossier: landlords see which kinds of document you hold.
documents-empty = No documents yet.
document-upload = Add a document
profile-title = My profile
profile-intro = What landlords see on your applications (each application may override it).
profile-saved = Your profile is saved.

## Marketplace: the landlord's area
landlord-listings-title = Listings
landlord-listings-empty = No listings yet.
listing-create = Create a listing
listing-new-property = New property from the address
listing-publish = Publish
listing-close = Close
listing-see-public = See the public page
listing-edit = Edit the listing
listing-edit-intro = The rooms are not edited: they carry the places taken and the applications.
listing-applications = Applications
listing-applications-empty = No applications yet.
application-accept = Accept
application-reject = Reject
application-confirm = Confirm (payment received)
application-see-lease = See the lease

## Rate limits (the wait, after a refusal's message on a form)
limit-retry-seconds = Try again in { $seconds } s.
limit-retry-minutes = Try again in { $minutes } min.
