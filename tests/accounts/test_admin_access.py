"""Every admin page needs a staff account verified by a second factor."""

import re

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.helpers import LOGIN_URL, make_staff

pytestmark = pytest.mark.django_db

CONVERTER = re.compile(r"<(?:\w+:)?\w+>")
APP_LIST = re.compile(r"\(\?P<app_label>[^)]*\)")


def _walk(patterns, prefix: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield pattern.name, route


def admin_paths() -> list[str]:
    """Every admin URL, with "1" for object ids and each app label for app index pages.

    Built from the live admin site, so models and custom views added later are covered.
    """
    app_labels = sorted({model._meta.app_label for model in admin.site._registry})
    paths = {"/admin/"}
    for name, route in _walk(admin.site.get_urls()):
        if name == "login":
            continue
        if APP_LIST.search(route):
            paths.update("/admin/" + APP_LIST.sub(label, route) for label in app_labels)
            continue
        paths.add("/admin/" + CONVERTER.sub("1", route))
    for model in admin.site._registry:
        meta = model._meta
        paths.add(f"/admin/{meta.app_label}/{meta.model_name}/")
        paths.add(f"/admin/{meta.app_label}/{meta.model_name}/add/")
    return sorted(paths)


ADMIN_PATHS = admin_paths()


def test_the_walk_finds_every_registered_model_and_the_index():
    assert "/admin/" in ADMIN_PATHS
    for model in admin.site._registry:
        meta = model._meta
        assert f"/admin/{meta.app_label}/{meta.model_name}/" in ADMIN_PATHS
        assert f"/admin/{meta.app_label}/" in ADMIN_PATHS
    assert "/admin/conditions/article/1/history/" in ADMIN_PATHS
    assert len(ADMIN_PATHS) > 40


def _assert_sent_to_login(client, path):
    """A redirect (straight, or via the index for logout) ending on the sign-in form."""
    response = client.get(path)
    assert response.status_code == 302, (path, response.status_code)
    final = client.get(path, follow=True)
    assert final.redirect_chain[-1][0].startswith(LOGIN_URL), (path, final.redirect_chain)
    assert final.request["PATH_INFO"] == LOGIN_URL


@pytest.mark.parametrize("path", ADMIN_PATHS)
def test_staff_without_a_second_factor_is_sent_to_sign_in(client, path):
    client.force_login(make_staff("no_device"))
    _assert_sent_to_login(client, path)


@pytest.mark.parametrize("path", ADMIN_PATHS)
def test_staff_with_a_device_but_an_unverified_session_is_sent_to_sign_in(client, path):
    user = make_staff("unverified")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    _assert_sent_to_login(client, path)


def test_a_device_of_someone_else_does_not_verify_the_session(client):
    user = make_staff("me")
    other = TOTPDevice.objects.create(user=make_staff("other"), name="theirs", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = other.persistent_id
    session.save()
    _assert_sent_to_login(client, "/admin/")


def test_an_unconfirmed_device_does_not_verify_the_session(client):
    user = make_staff("half_enrolled")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=False)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    _assert_sent_to_login(client, "/admin/")


def test_verified_admin_client_reaches_the_admin(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "Site administration" in response.text


def test_staff_client_factory_gives_a_verified_client(staff_client_factory):
    client = staff_client_factory("editor_one", perms=["feedback.view_feedback"])
    assert client.user.username == "editor_one"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/feedback/feedback/").status_code == 200


@pytest.mark.parametrize(
    "path",
    sorted(f"/admin/{m._meta.app_label}/{m._meta.model_name}/" for m in admin.site._registry),
)
def test_a_verified_superuser_reaches_every_change_list(admin_client, path):
    assert admin_client.get(path).status_code == 200
