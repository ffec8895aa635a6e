"""The agent workspace's saved views: named filters over tickets, an agent's own or shared with a
group, and the pure filter language they are written in (filters.py)."""
