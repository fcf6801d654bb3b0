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
signup-title = Create a landlord account
signup-intro = Your account creates your organization; you are its owner.
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
