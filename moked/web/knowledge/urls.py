from django.urls import path

from . import articles, editing, follow_ups, images, versions

ARTICLE = "<int:pk>/"
VARIANT = "<int:pk>/<str:language>/"
VERSION = f"{VARIANT}versions/<int:number>/"

urlpatterns = [
    path("", articles.article_list, name="knowledge-list"),
    path("new/", articles.article_new, name="knowledge-new"),
    path("preview/", editing.preview, name="knowledge-preview"),
    path("follow-ups/", follow_ups.follow_up_list, name="knowledge-follow-ups"),
    path("follow-ups/<int:pk>/close/", follow_ups.close, name="knowledge-close-follow-up"),
    path(ARTICLE, articles.article_page, name="knowledge-article"),
    path(f"{ARTICLE}details/", articles.article_details, name="knowledge-details"),
    path(f"{ARTICLE}lifecycle/<slug:step>/", articles.lifecycle_step, name="knowledge-step"),
    path(f"{ARTICLE}images/", images.upload, name="knowledge-images"),
    path(f"{ARTICLE}images/<int:image_pk>/remove/", images.remove, name="knowledge-image-remove"),
    path(f"{VARIANT}edit/", editing.variant_edit, name="knowledge-variant-edit"),
    path(f"{VARIANT}confirm/", articles.confirm_variant, name="knowledge-confirm"),
    path(f"{VARIANT}versions/", versions.version_list, name="knowledge-versions"),
    path(f"{VARIANT}compare/", versions.compare, name="knowledge-compare"),
    path(VERSION, versions.version_page, name="knowledge-version"),
    path(f"{VERSION}restore/", versions.restore, name="knowledge-restore"),
]
