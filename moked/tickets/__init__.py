"""Tickets: incidents and service requests with their numbers, priority matrix, lifecycle, conversation,
attachments, escalations and the event timeline every change is recorded in.
"""
