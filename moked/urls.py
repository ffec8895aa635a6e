from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# Django's admin site signs in through allauth's pages too, so its own password-only form cannot
# be used to skip the two-factor step.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("moked.web.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("moked.api.urls")),
]
