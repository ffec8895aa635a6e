"""Fulfilment: a request's tasks (stage by stage) and the actions connectors take on a real
directory (LDAP, webhook), audited, retried by agents, and the one-time secrets they hand over.
"""
