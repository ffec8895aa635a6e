"""The REST API's plumbing: API tokens, errors as JSON with a code, cursor pagination, /api/v1/ routes.

Each domain app keeps its own serializers and endpoints; this app only puts them together.
"""
