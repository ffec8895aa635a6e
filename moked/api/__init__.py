"""The REST API at /api/v1/: its plumbing (tokens, errors as JSON with a code, cursor pagination,
routes) and every domain app's endpoints, in modules that mirror the apps (api/tickets/, api/sla...).
"""
