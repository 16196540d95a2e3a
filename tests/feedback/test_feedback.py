import re

import pytest
from django.urls import reverse

from feedback.models import Feedback

pytestmark = pytest.mark.django_db
URL = reverse("feedback:form")


def post_feedback(client, **overrides):
    data = {"page": "/", "is_helpful": "yes", "comment": "", **overrides}
    return client.post(URL, data, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Test browser 1.0")


def test_every_content_page_asks_whether_it_was_helpful(client):
    html = client.get("/").content.decode()
    assert "Was this page helpful?" in html
    assert f"{URL}?page=/&amp;helpful=yes" in html


def test_answer_is_saved_without_any_personal_data(client):
    comment = "The treatment part was hard to read."
    response = post_feedback(client, is_helpful="no", comment=comment)
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    saved = Feedback.objects.get()
    assert (saved.page, saved.is_helpful, saved.comment) == ("/", False, comment)
    stored = " ".join(str(value) for value in Feedback.objects.values().get().values())
    assert "203.0.113.9" not in stored
    assert "Test browser" not in stored
    field_names = {field.name for field in Feedback._meta.get_fields()}
    assert not field_names & {"ip", "ip_address", "email", "name", "user_agent", "session"}


def test_feedback_page_preselects_the_answer_from_the_prompt(client):
    response = client.get(URL, {"page": "/", "helpful": "yes"})
    assert response.status_code == 200
    assert re.search(r'value="yes"[^>]*\bchecked', response.content.decode())
    assert not re.search(r'value="no"[^>]*\bchecked', response.content.decode())


def test_feedback_about_an_unknown_or_foreign_page_is_refused_clearly(client):
    for page in ["https://evil.example/", "//evil.example/", "/no-such-page/", "/\x00"]:
        response = post_feedback(client, page=page)
        assert response.status_code == 200
        assert "We could not tell which page this is about" in response.content.decode()
    assert Feedback.objects.count() == 0


def test_feedback_needs_a_csrf_token(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(URL, {"page": "/", "is_helpful": "yes"})
    assert response.status_code == 403
    assert Feedback.objects.count() == 0


def test_one_hundred_rapid_posts_from_one_client_are_throttled_without_errors(client):
    statuses = [post_feedback(client).status_code for _ in range(100)]
    assert statuses.count(200) == 10
    assert statuses.count(429) == 90
    assert Feedback.objects.count() == 10


def test_content_pages_set_no_cookie_but_the_feedback_form_may_set_only_csrf(client):
    assert client.get("/").cookies == {}
    response = client.get(URL, {"page": "/"})
    assert set(response.cookies) <= {"csrftoken"}
    assert "sessionid" not in post_feedback(client).cookies


def test_staff_mark_feedback_as_handled_in_the_admin(admin_client, admin_user):
    item = Feedback.objects.create(page="/", is_helpful=False, comment="Too long")
    changelist = reverse("admin:feedback_feedback_changelist")
    assert "Too long" in admin_client.get(changelist).content.decode()
    admin_client.post(changelist, {"action": "mark_handled", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.is_handled and item.handled_by == admin_user
