"""Automation: ordered rules (trigger, conditions, actions) that route and update tickets, macros,
e-mail templates, reminders and auto-close of waiting and resolved tickets, run by the worker.
"""
