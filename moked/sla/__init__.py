"""Service levels: SLA policies per organisation and the clocks that time each ticket's first response,
next responses and resolution, with the periodic check (warnings, breaches) and monthly reports.
"""
