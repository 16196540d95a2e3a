"""The page django-axes shows after too many failed staff sign-ins."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """Plain words and HTTP 429; nothing about the account or the attempts beyond the rule."""
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": cooloff_minutes()}
    return render(
        request, "accounts/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
