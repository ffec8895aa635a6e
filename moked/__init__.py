"""Moked: a multi-tenant service desk for support providers and the client organisations they serve.

Each Django app below this package owns one domain area; its own docstring says which.
"""
