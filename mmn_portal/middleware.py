"""Small project-wide middleware."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe

from common.content_version import per_request as content_version_per_request
from common.content_version import pinned as content_version_pinned
from common.languages import path_without_language

STAFF_PREFIXES = ("/admin/", "/preview/")
# A visitor's own requests to the trial team: every response is for them alone.
PRIVATE_PREFIXES = ("/ask/",)


# Features no page of the portal uses, switched off for every page and any script on it.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in ("accelerometer", "camera", "geolocation", "gyroscope", "magnetometer",
                    "microphone", "payment", "usb", "browsing-topics")
)


class ResponseHeadersMiddleware:
    """Headers every response gets, including cache hits and 304s (so it comes first).

    - Permissions-Policy: no camera, microphone, location and the like.
    - A response to a request carrying pre-screen answers (age, sex, place) is for that
      visitor only: `Cache-Control: private, no-store`, so no browser cache or proxy keeps it.
      So is every response on the "Ask our trial team" route (errors included).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from mmn_portal.cache import carries_personal_answers

        response = self.get_response(request)
        response["Permissions-Policy"] = PERMISSIONS_POLICY
        route = path_without_language(request.path)
        if carries_personal_answers(request) or route.startswith(PRIVATE_PREFIXES):
            if "public" in response.get("Cache-Control", ""):
                del response["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
        return response


class StaffPagesNoIndexMiddleware:
    """Tell search engines never to index staff pages (robots.txt alone is advisory)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if path_without_language(request.path).startswith(STAFF_PREFIXES):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class PublicGZipMiddleware(GZipMiddleware):
    """Compress public pages when the proxy does not (README "Performance").

    Outermost, so a page from the cache is compressed after its fresh nonce is written in.
    Staff pages are never compressed: they carry CSRF tokens and personal data, the
    secrets a BREACH attack reads from compressed sizes, and neither are a visitor's own
    pages on the ask route (the withdraw link is a secret beside text they sent). Public
    pages hold none (no forms with tokens, no cookies); Django still pads each one with
    random bytes.
    """

    def process_response(self, request, response):
        if path_without_language(request.path).startswith(STAFF_PREFIXES + PRIVATE_PREFIXES):
            return response
        return super().process_response(request, response)


class PublicPageCacheMiddleware:
    """Serve anonymous visitors' public pages from the shared cache (see mmn_portal/cache.py).

    First in MIDDLEWARE: a stored response carries every header the other middleware
    added (the CSP header with the nonce its body uses, security headers), and a hit skips
    them all. Stored responses get validators (ETag, Last-Modified) and
    `Cache-Control: public, no-cache`, so browsers and proxies may keep a copy but ask
    each time (a 304 costs one cache read) and never show a page staff have changed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from mmn_portal import cache as page_cache

        if not page_cache.may_use_cache(request):
            with content_version_per_request():  # one read of the version, at most
                response = self.get_response(request)
            if request.method not in ("GET", "HEAD", "OPTIONS") and _is_staff(request):
                # Admin actions may write with queryset.update(), which sends no signals.
                page_cache.bump_content_version()
            return response
        version = page_cache.content_version()
        if version is None:  # the cache is down: serve straight from the database
            return self.get_response(request)
        key = page_cache.page_key(request, version)
        frozen = page_cache.get_page(key)
        response = page_cache.thaw(frozen) if frozen is not None else None
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return _conditional(request, response)
        with content_version_pinned(version):
            response = self.get_response(request)
        if page_cache.may_store(request, response):
            set_response_etag(response)
            response["Last-Modified"] = http_date()
            patch_cache_control(response, public=True, no_cache=True)
            page_cache.set_page(key, page_cache.freeze(response))
            response["X-Page-Cache"] = "miss"
            return _conditional(request, response)
        return response


def _is_staff(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


def _conditional(request, response):
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response.get("ETag"), last_modified=last_modified, response=response
    )


class LanguageFromPathMiddleware:
    """The language of a request comes from its URL alone: /es/... is Spanish, every other
    path (admin, health check, robots.txt, sitemap included) the default, English.

    Django's LocaleMiddleware would also read a cookie or Accept-Language on the routes
    outside i18n_patterns (the admin would turn Spanish for a Spanish browser) and adds
    `Vary: Accept-Language` to every English page, which would keep them out of the page
    cache. Here the same URL always gives the same language; nothing is stored on the
    visitor (no cookie, no session). Accept-Language may only suggest the other language
    (mmn_portal/language_suggestion.py), and the page that does so says Vary itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info)
        # override(), not activate(): the thread's language goes back afterwards, so
        # nothing run later in this thread (a test, a command) inherits it.
        with translation.override(language or settings.LANGUAGE_CODE):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        if getattr(request, "reads_accept_language", False):  # the language suggestion
            patch_vary_headers(response, ["Accept-Language"])
        return response
