"""Notifications: what Moked has to tell a person about a ticket (an SLA warning or breach, for now),
recorded in the person's language; delivery by e-mail comes with the e-mail channel.
"""
