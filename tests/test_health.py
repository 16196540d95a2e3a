import pytest
from django.db import OperationalError
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_answers_ok_when_database_and_cache_answer(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True, "cache": True}}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    from mmn_portal import views

    def unreachable():
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(views.connection, "cursor", unreachable)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["database"] is False


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_does_not_answer(client, monkeypatch):
    from mmn_portal import views

    monkeypatch.setattr(views.cache, "get", lambda key: None)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "cache": False}


def test_robots_txt_keeps_crawlers_out_of_the_admin(client, db):  # db: the content version
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Disallow: /admin/" in response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
