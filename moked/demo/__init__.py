"""Demo data: `moked demo` creates client organisations in Israel, Iran, Finland and the UK with their
people, groups, services, rules and mailboxes, and tickets with histories in each client's language.
"""
