"""Catalogue: each organisation's services (criticality, coverage, resolve with a runbook or catch and
dispatch to the client's team) and the category tree, shared or an organisation's own.
"""
