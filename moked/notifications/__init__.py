"""Notifications: what Moked has to tell a person about a ticket (SLA warnings and breaches), recorded
in the recipient's language for people who may see the ticket; the mail app e-mails them.
"""
