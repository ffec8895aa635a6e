"""Automation: ordered rules (trigger, conditions, actions), macros, e-mail templates, reminders and
auto-close, run by the worker; other apps plug actions and facts into its registry at start-up.
"""
