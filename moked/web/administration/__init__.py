"""The pages where a provider's admins configure Moked day to day: organisations, people, groups,
services, calendars, SLA policies, rules, macros, mailboxes, the mail quarantine and sign-in security."""
