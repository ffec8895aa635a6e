from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceRequestsConfig(AppConfig):
    name = "moked.servicerequests"
    verbose_name = _("Service catalogue")
