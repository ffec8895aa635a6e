"""E-mail: mailboxes, the inbound pipeline (IMAP, SMTP, mail gate) that stores every message durably, trusts
a sender as far as something vouches for them and threads it onto tickets; notifications that thread.
"""
