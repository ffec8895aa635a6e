"""The knowledge base's routes that the router does not make: variants, versions, the import,
search and suggestions (under /api/v1/knowledge/; the router registers articles and follow-ups)."""

from django.urls import path, re_path

from .deflection import DeflectionView
from .views import (
    ID_PATTERN,
    LANGUAGE_PATTERN,
    ImportView,
    SearchView,
    SuggestionsView,
    VariantViewSet,
    VersionViewSet,
)

VARIANT = rf"^articles/(?P<pk>{ID_PATTERN})/variants/(?P<language>{LANGUAGE_PATTERN})/"
VERSION_NUMBER = r"(?P<number>\d{1,9})"

urlpatterns = [
    re_path(
        rf"^articles/(?P<pk>{ID_PATTERN})/variants/$",
        VariantViewSet.as_view({"get": "list"}),
        name="knowledge-variant-list",
    ),
    re_path(
        rf"{VARIANT}$",
        VariantViewSet.as_view({"get": "retrieve", "put": "update"}),
        name="knowledge-variant-detail",
    ),
    re_path(
        rf"{VARIANT}confirm/$", VariantViewSet.as_view({"post": "confirm"}), name="knowledge-variant-confirm"
    ),
    re_path(rf"{VARIANT}versions/$", VersionViewSet.as_view({"get": "list"}), name="knowledge-version-list"),
    re_path(
        rf"{VARIANT}versions/compare/$",
        VersionViewSet.as_view({"get": "compare"}),
        name="knowledge-version-compare",
    ),
    re_path(
        rf"{VARIANT}versions/{VERSION_NUMBER}/$",
        VersionViewSet.as_view({"get": "retrieve"}),
        name="knowledge-version-detail",
    ),
    re_path(
        rf"{VARIANT}versions/{VERSION_NUMBER}/restore/$",
        VersionViewSet.as_view({"post": "restore"}),
        name="knowledge-version-restore",
    ),
    path("deflection/", DeflectionView.as_view(), name="knowledge-deflection-figures"),
    path("import/", ImportView.as_view(), name="knowledge-import"),
    path("search/", SearchView.as_view(), name="knowledge-search"),
    path("suggestions/", SuggestionsView.as_view(), name="knowledge-suggestions"),
]
