"""Tickets: incidents and service requests with their numbers, priority matrix, lifecycle, conversation,
attachments, escalations, links and merges, search, and the events every change is recorded in.
"""
