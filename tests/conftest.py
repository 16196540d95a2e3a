"""Shared fixtures: a real browser on Debian's chromium, an axe-core checker and staff
clients that have passed the second factor (every admin page requires it)."""

import datetime as dt
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests.module_data import loaded_for_module

AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _clear_cache() -> None:
    """Empty this run's keys only: a shared Redis also holds those of runs going on beside
    it (the other test worker, another checkout), under other key prefixes."""
    from django.core.cache import cache

    from common.versioned_cache import LocalCopies

    # A test database rolled back gives the next test the same content version (its
    # newest id), so this process's copies of versioned entries and pages go too.
    LocalCopies.clear_all()
    if hasattr(cache, "delete_pattern"):  # django-redis; its clear() empties the whole db
        cache.delete_pattern("*")
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Uploaded files go to a temp folder and every test starts with an empty cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    _clear_cache()
    yield
    _clear_cache()


# The shipped trial records are snapshots from 2023-2026; whether a "Recruiting" status is
# still confirmed depends on the day. Tests judge it on a fixed day in that period, when
# NCT03281889 and NCT04523987 were already unconfirmed and the other three recruiting ones were
# not, so results do not change as the calendar moves on.
REGISTRY_TODAY = dt.date(2024, 9, 30)


@pytest.fixture(autouse=True)
def _registry_today(monkeypatch):
    monkeypatch.setattr("trials.staleness.registry_today", lambda: REGISTRY_TODAY)


@pytest.fixture(scope="session")
def playwright(playwright):
    """While Playwright's sync API is started, its event loop counts as running in the main
    thread, and asgiref's Local then gives Django a second set of that thread's database
    connections (see common/processes.py). Close those before the loop stops: the run's
    test database cannot be dropped while one of them is open."""
    from django.db import connections

    yield playwright
    connections.close_all()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium") or "/usr/bin/chromium",
    }


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}"
        )
    return "axe found accessibility violations:\n" + "\n".join(lines)


@pytest.fixture
def axe():
    """Run axe-core (from npm, injected from disk so the strict CSP allows it)."""
    source = AXE_JS.read_text(encoding="utf-8")

    def check(page) -> None:
        page.evaluate(source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
        )
        assert result["violations"] == [], format_violations(result["violations"])

    return check


@pytest.fixture
def foreign_requests(page):
    """Collects every request the page makes to another machine (there must be none): the
    test's live server runs on this one."""
    seen: list[str] = []

    def note(request):
        url = request.url
        if not url.startswith(("data:", "about:")) and urlsplit(url).hostname != "localhost":
            seen.append(url)

    page.on("request", note)
    return seen


# --- Staff sign-in helpers -------------------------------------------------------------
# Every admin page needs a staff user verified by a second factor (accounts/). A plain
# `client.force_login(user)` is therefore sent back to the admin login page. Use:
#   admin_client                        a verified superuser (pytest-django's, overridden)
#   verified_client(user)               a new Client, logged in as `user` and verified
#   verified_client(user, client)       the same, on a client you already have
#   staff_client_factory(username=..., groups=[...], is_superuser=..., perms=[...])
#                                       creates a staff user; returns a verified Client
#                                       with the user on `client.user`
#   login_browser(page_or_context, live_server, user)
#                                       a verified session cookie in a Playwright browser


def verify_client(client: Client, user) -> Client:
    """Log `user` in on `client` and mark the session as verified by a TOTP device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test device", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def verified_client(db):
    """Factory: `verified_client(user, client=None)` -> a Client past both factors."""

    def make(user, client: Client | None = None) -> Client:
        return verify_client(client if client is not None else Client(), user)

    return make


@pytest.fixture
def admin_client(db, admin_user, verified_client):
    """pytest-django's `admin_client`, verified by a second factor like a real sign-in."""
    return verified_client(admin_user)


@pytest.fixture
def staff_client_factory(db, django_user_model, verified_client):
    """Factory: create a staff user (optionally in groups, with permissions) and return a
    verified Client; the user is on `client.user`."""
    from django.contrib.auth.models import Group, Permission

    counter = iter(range(1, 10_000))

    def make(username: str | None = None, *, groups=(), perms=(), **fields) -> Client:
        username = username or f"staff{next(counter)}"
        fields.setdefault("is_staff", True)
        user = django_user_model.objects.create_user(
            username, f"{username}@example.org", "a-long-test-password-123", **fields
        )
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        for perm in perms:  # "app_label.codename"
            app_label, codename = perm.split(".", 1)
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        client = verified_client(user)
        client.user = user
        return client

    return make


def _login_browser(page_or_context, live_server, user) -> None:
    """Put a verified staff session cookie into a Playwright page's (or context's) browser."""
    from django.conf import settings

    client = verify_client(Client(), user)
    context = getattr(page_or_context, "context", page_or_context)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )


@pytest.fixture
def login_browser():
    """`login_browser(page_or_context, live_server, user)`: sign a real browser in."""
    return _login_browser


@pytest.fixture(autouse=True)
def _factory_content_goes_live(monkeypatch):
    """Test factories write published rows directly, with no approval. The first time a
    public page reads them they go live as they stand, as migration 0010 did for content
    from before revisions (`publish_unrevisioned`, dated by their last change, with no new
    content version: to the page cache they were live all along). From then on only
    approval changes what patients read; tests of that rule approve through the workflow.
    Only models with such rows saved since the last read are looked at."""
    from django.db.models.signals import post_save

    from conditions import revisions
    from conditions.models import Reviewed

    waiting: set = set()
    original = revisions.live_revisions

    def saved(sender, instance, **kwargs):
        if isinstance(instance, Reviewed) and instance.live_revision_id is None:
            waiting.add(sender)

    def live_revisions(model):
        if model in waiting:
            waiting.discard(model)
            with monkeypatch.context() as patch:
                patch.setattr(revisions, "bump_content_version", lambda: None)
                patch.setattr("mmn_portal.cache.bump_content_version", lambda using=None: None)
                revisions.publish_unrevisioned(model)
        return original(model)

    post_save.connect(saved, dispatch_uid="tests.factory_content_goes_live")
    monkeypatch.setattr(revisions, "live_revisions", live_revisions)
    yield
    post_save.disconnect(dispatch_uid="tests.factory_content_goes_live")


@pytest.fixture(scope="module")
def shipped_content_for_module(django_db_setup, django_db_blocker):
    """The shipped content, loaded once for the module (loaded_for_module)."""
    with loaded_for_module(django_db_blocker, ("load_content",)):
        yield
