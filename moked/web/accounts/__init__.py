"""Signing in: allauth's closed sign-up and sign-in limits, two-factor for staff, and the page a
portal link in a client's mail opens (templates in web/accounts/, and account/ and mfa/ for allauth)."""
