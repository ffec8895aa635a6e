"""Catalogue: each organisation's services (criticality, coverage, resolve or dispatch) and categories.

Categories are global or per organisation; services are the seed of the service catalogue.
"""
