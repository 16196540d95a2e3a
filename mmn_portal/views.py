"""Project-level views: health check, robots.txt and error pages."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.languages import path_in_language

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.warning("Health check: the database did not answer.")
        return False


def cache_answers() -> bool:
    # django-redis is set to ignore errors, so a dead Redis reads back None.
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:  # noqa: BLE001 - any cache backend error means "not answering"
        logger.warning("Health check: the cache did not answer.")
        return False


@never_cache
@require_GET
def healthz(request):
    checks = {"database": database_answers(), "cache": cache_answers()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable", "checks": checks}
    return JsonResponse(body, status=200 if healthy else 503)


def ok(request):
    """Touches neither database nor cache: what one request costs without any work."""
    return HttpResponse(b"ok", content_type="text/plain")


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /ask/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request context: the 500 page must render even when the database is down.
    # No reverse(): the URL configuration may be what broke.
    language = translation.get_language() or settings.LANGUAGE_CODE
    context = {"LANGUAGE_CODE": language, "SITE_NAME": settings.SITE_NAME,
               "HOME_URL": path_in_language("/", language)}
    return HttpResponse(loader.get_template("500.html").render(context), status=500)
