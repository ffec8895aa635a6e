"""Connectors: what changes a real directory. `base` is the interface, `ldap` speaks LDAP (ldap3),
`secrets` encrypts a connector's secret with the installation's keys."""
