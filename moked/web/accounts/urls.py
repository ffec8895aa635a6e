from django.urls import path

from . import portal_links

# allauth's own pages (sign-in, password reset, two-factor) are under accounts/ (moked.urls).
urlpatterns = [
    path("portal/link/<str:token>/", portal_links.portal_link, name="portal-link"),
]
