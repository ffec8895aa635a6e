"""The pages, one subpackage per area as in templates/web/: workspace, portal, accounts, administration,
with what they share in common/; and the single-use PortalLinks that clients' mail opens (magic)."""
