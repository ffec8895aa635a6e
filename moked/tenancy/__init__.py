"""Tenancy: the client organisations a support provider serves, and their e-mail domains.

Owns each organisation's language, time zone, country, status and ticket policies (priority, reopening).
"""
