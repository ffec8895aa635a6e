"""Catalogue: each organisation's services (criticality, coverage, resolve with a runbook or catch and
dispatch to the client's team), the category tree, shared or an organisation's own, and the request
forms of catalogue items (`request_forms`: fields, conditions, the answers kept).
"""
