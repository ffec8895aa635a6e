"""/api/v1/tickets/ and everything under it: comments, attachments, events, transitions, escalation, calls."""
