"""Webhooks: JSON sent to other systems when tickets change or rules call them, signed with
HMAC-SHA256, delivered by the worker with retries and back-off, each attempt logged.
"""
