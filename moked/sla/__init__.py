"""Service levels: SLA policies per organisation, and the clocks that time each ticket's first
response, next responses and resolution on a business calendar, with warnings, breaches and reports.
"""
