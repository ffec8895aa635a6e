"""People: end users, client managers, agents, team leads and admins, their roles, tiers and support
groups; which organisations each may see, and `require`, the one way services check a permission.
"""
