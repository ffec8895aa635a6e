from . import (
    calendars,
    catalogue,
    classification,
    connectors,
    groups,
    index,
    macros,
    mailboxes,
    organisations,
    people,
    quarantine,
    rules,
    security,
    services,
    sla_policies,
)

AREAS = (
    organisations,
    people,
    groups,
    services,
    calendars,
    sla_policies,
    rules,
    macros,
    mailboxes,
    quarantine,
    security,
    classification,
    catalogue,
    connectors,
)

urlpatterns = [*index.urlpatterns]
for area in AREAS:
    urlpatterns += area.urlpatterns
