"""The agent workspace's lists of tickets: saved views (named filters, an agent's own or shared with a
group), the pure filter language (filters.py), and paging by keyset with capped totals (paging.py)."""
