import pytest
from django.test import Client, override_settings


@pytest.mark.django_db
def test_unknown_url_shows_the_styled_not_found_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'href="#main"' in html  # same layout as every other page


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_server_error_shows_a_friendly_page_without_a_traceback(settings):
    from django.urls import path

    def broken(request):
        raise RuntimeError("secret internal detail")

    urlconf = type("urls", (), {"urlpatterns": [path("boom/", broken)],
                                "handler500": "mmn_portal.views.server_error"})
    settings.ROOT_URLCONF = urlconf
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "secret internal detail" not in html
    assert "Traceback" not in html


@pytest.mark.django_db
def test_home_page_has_landmarks_and_a_skip_link(client):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert "does not give medical advice" in html
