"""Accounts: ways to sign in besides the password; for now the single-use links in clients' mail
that open one request (PortalLinks): issuing, checking and spending them, and forgetting old ones.
"""
