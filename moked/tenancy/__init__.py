"""Tenancy: the client organisations a support provider serves, with their e-mail domains, language,
time zone, country, status, tags, priority matrix and reopen window.
"""
