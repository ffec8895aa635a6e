"""E-mail: mailboxes, the inbound pipeline (IMAP, SMTP, mail gate) that stores every message before
parsing it and threads it onto tickets, and outbound notifications that thread in mail clients.
"""
