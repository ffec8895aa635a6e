"""People: end users, client managers, agents, team leads and admins, and the support groups agents work in.

Owns roles, tiers, which organisations an agent may serve, and who may see which person.
"""
