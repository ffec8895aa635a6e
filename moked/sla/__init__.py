"""Service levels: business-hours calendars, SLA policies per organisation, and the clocks that time
each ticket's first response, next responses and resolution, with warnings, breaches and reports.
"""
