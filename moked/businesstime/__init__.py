"""Business time: calendars of office hours, public holidays and exceptions, and the arithmetic of
business minutes and business days on them (used by SLA, assignment, rules and, later, changes).
"""
