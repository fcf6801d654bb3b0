-- The email outbox, SQLite: the default Mailer stores every outgoing email here (and
-- logs a line without its body); a sender (or an admin) delivers them and sets
-- sent_at. Not organization-scoped: an email belongs to its recipient.
create table outbox_emails (
    id blob primary key,
    to_email text not null,
    subject text not null,
    text_body text not null,
    kind text not null,
    created_at text not null,
    updated_at text not null,
    sent_at text
);
-- A recipient's emails, newest first (tests, admins).
create index outbox_emails_to on outbox_emails (to_email, created_at desc, id desc);
-- The emails still to deliver, oldest first.
create index outbox_emails_unsent on outbox_emails (created_at, id) where sent_at is null;
