from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("moked.web.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("moked.api.urls")),
]
