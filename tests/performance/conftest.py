"""The two-host test needs PostgreSQL (a database two servers share) and Redis; it is
collected only there, so other runs show nothing skipped. CI always has both."""

import os
import socket
from urllib.parse import urlparse

from django.conf import settings


def redis_answers() -> bool:
    url = urlparse(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    try:
        with socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), 1):
            return True
    except OSError:
        return False


collect_ignore = [] if settings.IS_POSTGRES and redis_answers() else ["test_two_hosts.py"]
