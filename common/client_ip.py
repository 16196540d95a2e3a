"""The visitor's address, as the proxy in front of the app reports it.

Behind a proxy every connection comes from the proxy, so lockouts (django-axes, through
AXES_CLIENT_IP_CALLABLE) and the feedback limit would treat all visitors as one. Set
CLIENT_IP_HEADER (env DJANGO_CLIENT_IP_HEADER) to the header the proxy *overwrites*
with the client address, e.g. X-Real-IP. Without it the header is ignored: anyone can
send one.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def meta_key(header: str) -> str:
    """"X-Real-IP" or "HTTP_X_REAL_IP" -> "HTTP_X_REAL_IP" (the request.META key)."""
    key = header.strip().upper().replace("-", "_")
    if not key or key == "REMOTE_ADDR" or key.startswith("HTTP_"):
        return key
    return f"HTTP_{key}"


def _valid(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    """The configured proxy header's address, else the connection's (REMOTE_ADDR).

    For a list (X-Forwarded-For) the last entry is the one our proxy added; entries
    before it come from the client. A malformed value falls back to the connection.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    header = meta_key(getattr(settings, "CLIENT_IP_HEADER", ""))
    if header:
        values = request.META.get(header, "").split(",")
        if address := _valid(values[-1]):
            return address
    return remote
