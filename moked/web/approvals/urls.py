from django.urls import path

from . import link, pages


def side_urls(side: str):
    """The approvals page and its actions, for the portal or the workspace."""
    return [
        path("", pages.approvals_page, {"side": side}, name=f"{side}-approvals"),
        path("<int:pk>/decide/", pages.decide, {"side": side}, name=f"{side}-approvals-decide"),
        path("delegation/", pages.set_delegation, {"side": side}, name=f"{side}-approvals-delegation"),
        path(
            "delegation/<int:pk>/end/",
            pages.end_delegation,
            {"side": side},
            name=f"{side}-approvals-delegation-end",
        ),
    ]


link_urls = [path("<str:token>/", link.decide, name="approval-link")]
