"""Service-level agreements: business-hours calendars and due-date arithmetic."""
