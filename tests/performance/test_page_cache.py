"""The public page cache: anonymous GETs only, validators, and never stale after a change."""

import re

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from common import content_version
from conditions import workflow
from conditions.models import Article, Status
from mmn_portal import cache as page_cache
from tests.conditions.factories import ArticleFactory
from tests.trials.conftest import SAMPLE_DIR
from trials.importer import import_paths
from trials.models import Trial

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def article():
    return ArticleFactory(name="Multifocal motor neuropathy", summary="The first summary.")


@pytest.fixture
def trial():
    import_paths([SAMPLE_DIR / "NCT00184067.json"])
    return Trial.objects.get(nct_id="NCT00184067")


def test_second_anonymous_request_comes_from_the_cache(client, article):
    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert without_nonces(first.content) == without_nonces(second.content)


def without_nonces(content: bytes) -> bytes:
    return re.sub(rb'nonce="[^"]+"', b'nonce=""', content)


def test_every_cached_copy_gets_its_own_csp_nonce(client, article):
    client.get(article.get_absolute_url())
    hits = [client.get(article.get_absolute_url()) for _ in range(2)]
    assert [hit["X-Page-Cache"] for hit in hits] == ["hit", "hit"]
    nonces = [re.search(r"'nonce-([^']+)'", hit["Content-Security-Policy"]).group(1)
              for hit in hits]
    assert nonces[0] != nonces[1]
    for nonce, hit in zip(nonces, hits, strict=True):
        assert f'nonce="{nonce}"' in hit.content.decode()
        # A wrong length makes browsers wait for bytes that never come.
        assert int(hit["Content-Length"]) == len(hit.content)


def test_a_cached_page_keeps_the_csp_nonce_its_body_uses(client, article):
    client.get(article.get_absolute_url())
    hit = client.get(article.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit"
    body_nonces = set(re.findall(r'nonce="([^"]+)"', hit.content.decode()))
    assert body_nonces, "the article page carries JSON-LD with a nonce"
    for nonce in body_nonces:
        assert f"'nonce-{nonce}'" in hit["Content-Security-Policy"]


def test_anonymous_pages_send_validators_and_answer_304(client, article):
    response = client.get(article.get_absolute_url())
    assert response["Cache-Control"] == "public, no-cache"
    assert response["ETag"] and response["Last-Modified"]
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_signed_in_staff_neither_read_nor_fill_the_cache(client, admin_client, article):
    staff_view = admin_client.get(article.get_absolute_url())
    assert staff_view.status_code == 200 and "X-Page-Cache" not in staff_view
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("path", ["/admin/login/", "/feedback/?page=/", "/healthz"])
def test_staff_form_and_health_pages_are_never_cached(client, path):
    client.get(path)
    assert "X-Page-Cache" not in client.get(path)


def test_responses_that_set_cookies_or_say_private_are_not_stored():
    request = RequestFactory().get("/")
    with_cookie = HttpResponse("x")
    with_cookie.set_cookie("csrftoken", "abc")
    private = HttpResponse("x", headers={"Cache-Control": "private"})
    assert not page_cache.may_store(request, with_cookie)
    assert not page_cache.may_store(request, private)
    assert page_cache.may_store(request, HttpResponse("x"))


def test_approving_a_change_shows_at_once_and_saving_alone_does_not(client, article,
                                                                      django_user_model):
    editor = django_user_model.objects.create_user("editor-a", is_staff=True, is_superuser=True)
    reviewer = django_user_model.objects.create_user("reviewer-b", is_staff=True, is_superuser=True)
    client.get(article.get_absolute_url())
    copy = workflow.start_draft(item=article, user=editor)
    copy.summary = "A summary rewritten by staff."
    copy._history_user = editor
    copy.save()
    Article.objects.filter(pk=article.pk).update(summary="Written straight into the row.")
    page = client.get(article.get_absolute_url()).content
    assert b"rewritten by staff" not in page and b"straight into the row" not in page
    workflow.submit_for_review(item=copy, user=editor)
    workflow.approve_and_publish(item=copy, user=reviewer)
    assert b"A summary rewritten by staff." in client.get(article.get_absolute_url()).content


def test_publishing_an_article_shows_at_once(client):
    draft = ArticleFactory(name="Draft condition", status=Status.DRAFT)
    url = reverse("conditions:detail", kwargs={"slug": draft.slug})
    assert client.get(url).status_code == 404
    assert b"Draft condition" not in client.get(reverse("conditions:list")).content
    draft.status = Status.PUBLISHED
    draft.save()
    assert client.get(url).status_code == 200
    assert b"Draft condition" in client.get(reverse("conditions:list")).content


def test_deleting_an_article_shows_at_once(client, article):
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    article.delete()
    assert client.get(url).status_code == 404


def test_an_import_shows_at_once(client):
    search = reverse("trials:list") + "?q=melanoma&status=any"
    assert b"NCT00184067" not in client.get(search).content
    import_paths([SAMPLE_DIR / "NCT00184067.json"])
    assert b"NCT00184067" in client.get(search).content


def test_deleting_a_trial_shows_at_once(client, trial):
    url = trial.get_absolute_url()
    assert client.get(url).status_code == 200
    trial.delete()
    assert client.get(url).status_code == 404


def test_an_admin_action_without_signals_shows_at_once(client, admin_client, trial):
    url = trial.get_absolute_url()
    assert client.get(url).status_code == 200
    # queryset.update() sends no signals; any staff POST to the admin bumps the version.
    Trial.objects.filter(pk=trial.pk).update(is_hidden=True)
    admin_client.post(reverse("admin:trials_trial_changelist"), {"action": "hide",
                                                                 "_selected_action": [trial.pk]})
    assert client.get(url).status_code == 404


def test_an_anonymous_post_to_the_admin_login_does_not_empty_the_cache(client):
    before = page_cache.content_version()
    client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert page_cache.content_version() == before


def test_a_change_in_a_transaction_bumps_now_and_once_more_on_commit(article):
    before = page_cache.content_version()
    article.summary = "Changed."
    article.save()
    article.save()
    assert page_cache.content_version() > before
    on_commit = transaction.get_connection().run_on_commit
    pending = [e for e in on_commit if e[1] is content_version._bump]
    assert len(pending) == 1  # however many saves
