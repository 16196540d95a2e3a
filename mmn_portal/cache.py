"""Public page cache: whole anonymous responses, invalidated by a content version number.

Every cache key includes the current content version. Any change to content (a save,
publish or delete of a conditions or trials model, an import, any staff POST to the
admin) bumps the version, so the next visitor's request misses the cache and sees the
change. The version lives in Redis when there is one and in the database otherwise
(common/content_version.py), never in one process, so a change made through one app host,
worker or command is seen through every other at once. Old entries are never
deleted, just no longer asked for; they expire after PAGE_CACHE_SECONDS.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse

from common.content_version import (  # noqa: F401 (re-exported: the page cache's API)
    bump_content_version,
    content_version,
)
from common.languages import path_without_language, preferred_other_language
from common.versioned_cache import LocalCopies, get_versioned, set_versioned

logger = logging.getLogger(__name__)

# Apps whose rows appear on public pages. Feedback is not shown publicly, and visitors
# create it: a bump per answer would let anyone empty the page cache. Staff changes to it
# go through the admin, which bumps the version anyway.
CONTENT_APPS = frozenset({"conditions", "trials"})
# Never cached: staff pages, forms with cookies, health checks, files.
UNCACHED_PREFIXES = ("/admin/", "/preview/", "/feedback/", "/ask/", "/healthz", "/static/",
                     "/media/")


def _content_changed(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if getattr(sender, "_meta", None) and sender._meta.app_label in CONTENT_APPS:
        bump_content_version(using or DEFAULT_DB_ALIAS)


def _trials_imported(sender, **kwargs) -> None:
    bump_content_version()


def connect_signals() -> None:
    """Called from MmnPortalConfig.ready(): every model of the content apps, present and
    future, is covered without touching their code."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"mmn_portal.cache.{signal}")
    from trials.signals import trials_imported

    trials_imported.connect(_trials_imported, dispatch_uid="mmn_portal.cache.trials_imported")


# ---------------------------------------------------------------- which requests


def page_cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0))


def may_use_cache(request: HttpRequest) -> bool:
    """Anonymous visitors' GET/HEAD of public pages only.

    "Anonymous" is decided from the cookies: no session (so never staff or anyone signed
    in) and no pending messages. That needs no database lookup, which keeps hits cheap.
    """
    if request.method not in ("GET", "HEAD") or page_cache_seconds() <= 0:
        return False
    route = path_without_language(request.path)  # /es/ask/ is /ask/ in Spanish
    if route.startswith(UNCACHED_PREFIXES) or carries_personal_answers(request):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def carries_personal_answers(request: HttpRequest) -> bool:
    """A visitor's age, sex or place is used for their response only, never kept in a cache."""
    from trials.search.engine import TrialSearch

    # Every value counts: `?age=47&age=` is answered with 47 although .get() reads "".
    return any(any(request.GET.getlist(name)) for name in TrialSearch.PERSONAL_ANSWERS)


def may_store(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies:  # a response that sets a cookie belongs to one visitor
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache", "max-age=0")):
        return False
    varies = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    # The key tells these variants apart: Accept-Language only through the language
    # suggestion, whose one input (preferred_other_language) is part of the key.
    if varies - {"cookie", "accept-encoding", "accept-language"}:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


# Each app process keeps copies of the pages it served last (keys hold the content version,
# so a copy is never out of date with the content; it lives PAGE_CACHE_SECONDS at most, as
# in Redis): a hit then costs one small read of the version instead of a page from Redis.
LOCAL_PAGES = LocalCopies(max_entries=2000, max_bytes=32 * 1024 * 1024)


def get_page(key: str) -> tuple | None:
    return get_versioned(key, page_cache_seconds(), LOCAL_PAGES, size=lambda page: len(page[2]))


def set_page(key: str, frozen: tuple) -> None:
    set_versioned(key, frozen, page_cache_seconds(), LOCAL_PAGES, size=len(frozen[2]))


def page_key(request: HttpRequest, version: int) -> str:
    url = request.build_absolute_uri()
    # Whether the page suggests another language, and which: never the raw header, so a
    # visitor's Accept-Language adds at most one variant per language to the cache.
    suggested = preferred_other_language(request) or "-"
    return f"page:{version}:{suggested}:{hashlib.sha256(url.encode()).hexdigest()}"


# A cached page must not hand every visitor the same CSP nonce (anyone could read it and
# reuse it in an injected script), so the nonce is stored as a placeholder and every
# response served from the cache gets a fresh one, in the header and the body alike. The
# placeholder is random per stored page, so no text in the content can match it.
NONCE_RE = re.compile(r"'nonce-([^']+)'")


def freeze(response: HttpResponse) -> tuple:
    headers = list(response.items())
    content = response.content
    placeholder = f"mmn-nonce-{secrets.token_hex(16)}"
    match = NONCE_RE.search(response.get("Content-Security-Policy", ""))
    if match:
        nonce = match.group(1)
        headers = [(name, value.replace(nonce, placeholder)) for name, value in headers]
        content = content.replace(nonce.encode(), placeholder.encode())
    return (response.status_code, headers, content, placeholder)


def thaw(frozen) -> HttpResponse | None:
    """The stored response with a fresh nonce; None for an entry in an older format."""
    if not isinstance(frozen, tuple) or len(frozen) != 4:
        return None
    status, headers, content, placeholder = frozen
    nonce = secrets.token_urlsafe(16)
    response = HttpResponse(content.replace(placeholder.encode(), nonce.encode()),
                            status=status)
    for name, value in headers:
        response[name] = value.replace(placeholder, nonce)
    if response.has_header("Content-Length"):  # the new nonce may differ in length
        response["Content-Length"] = str(len(response.content))
    return response
