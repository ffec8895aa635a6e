"""Approvals: chains of steps a ticket (a service request now, a change later) waits on, who is
asked at each step, their decisions (pages, signed e-mail links, replies), delegation, reminders and expiry.
"""
