"""Web pages, server-rendered in English, Hebrew, Persian and Finnish, one package per area: workspace,
portal, accounts (sign-in, two-factor, links in clients' mail) and administration, with what they share.
"""
