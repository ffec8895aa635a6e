"""The REST API at /api/v1/: each domain app's serializers and endpoints in a module named for it
(people.py, tickets/, ...), over the plumbing: tokens, JSON errors, fields, cursor pagination, routes.
"""
