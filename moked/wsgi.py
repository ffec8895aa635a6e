"""WSGI entry point used by gunicorn (`moked serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")

application = get_wsgi_application()
