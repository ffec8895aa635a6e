"""The pages, one subpackage per area as in templates/web/: workspace, portal, accounts, administration,
with what they share in common/; the page a link in clients' mail opens (moked.accounts issues them)."""
