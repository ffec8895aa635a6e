"""WSGI entry point used by gunicorn (`moked serve`)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")

application = get_wsgi_application()

# Everything loaded so far lives as long as the process: keep the cyclic garbage collector from
# scanning it again and again while requests run.
gc.freeze()
