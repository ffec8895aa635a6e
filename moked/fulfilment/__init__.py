"""Fulfilment: the connectors that change a real directory for a request (reset a password,
unlock, reset MFA, group membership, new users), idempotent, with a dry run and audit summaries.
"""
