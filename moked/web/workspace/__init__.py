"""The agent's desk: the lists of tickets and their bulk actions, the ticket page with its history,
and the phone desk (templates in web/workspace/)."""
