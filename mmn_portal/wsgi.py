"""WSGI entry point (gunicorn mmn_portal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mmn_portal.settings")
application = get_wsgi_application()
