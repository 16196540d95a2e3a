"""WSGI entry point (gunicorn mmn_portal.wsgi; runserver uses it too)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mmn_portal.settings")
application = get_wsgi_application()

from mmn_portal.static_files import require_collected_static  # noqa: E402 - needs Django set up

require_collected_static()
