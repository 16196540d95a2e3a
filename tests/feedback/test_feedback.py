import re

import pytest
from django.urls import reverse

from feedback.models import Feedback

pytestmark = pytest.mark.django_db
URL = reverse("feedback:form")


def post_feedback(client, **overrides):
    data = {"page": "/", "is_helpful": "yes", "comment": "", **overrides}
    return client.post(URL, data, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Test browser 1.0")


def test_every_content_page_asks_whether_it_was_helpful_with_one_press(client):
    html = client.get("/glossary/").content.decode()
    assert "Was this page helpful?" in html
    assert f'<form class="feedback-buttons" method="post" action="{URL}">' in html
    assert '<input type="hidden" name="page" value="/glossary/">' in html
    assert 'name="is_helpful" value="yes"' in html and 'name="is_helpful" value="no"' in html


def test_the_first_press_saves_the_answer_and_offers_a_comment(client):
    response = client.post(URL, {"page": "/glossary/", "is_helpful": "no"})
    saved = Feedback.objects.get()
    assert (saved.page, saved.is_helpful, saved.comment) == ("/glossary/", False, "")
    html = response.content.decode()
    assert "We have saved your answer" in html
    assert "Tell us more (optional)" in html
    assert '<a href="/glossary/">Go back to the page you were reading</a>' in html
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)

    response = client.post(URL, {"token": token, "comment": "Too many long words."})
    assert "We have added your comment" in response.content.decode()
    saved.refresh_from_db()
    assert saved.comment == "Too many long words."
    assert Feedback.objects.count() == 1


def test_a_comment_cannot_replace_one_or_be_added_with_a_forged_ticket(client):
    client.post(URL, {"page": "/", "is_helpful": "yes"})
    html = client.post(URL, {"page": "/", "is_helpful": "yes"}).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    client.post(URL, {"token": token, "comment": "First"})
    again = client.post(URL, {"token": token, "comment": "Second"}).content.decode()
    forged = client.post(URL, {"token": token[:-2] + "xx", "comment": "Forged"})
    assert "could not be added" in again and "could not be added" in forged.content.decode()
    assert sorted(Feedback.objects.values_list("comment", flat=True)) == ["", "First"]


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


@pytest.mark.parametrize("page", ["https://evil.example/", "//evil.example/", "/\\evil.example/",
                                  "javascript:alert(1)", "/no-such-page/", "/\x00", ""])
def test_feedback_page_is_only_ever_a_path_on_this_site(client, page):
    form = client.get(URL, {"page": page}).content.decode()
    assert '<a href="/">Go back without sending</a>' in form
    thanks = post_feedback(client, page=page).content.decode()
    assert '<a href="/">Go back to the page you were reading</a>' in thanks
    assert Feedback.objects.get().page == "/"
    assert "evil" not in form + thanks and "javascript:" not in form + thanks


def test_feedback_keeps_a_real_page_with_its_path(client):
    assert 'href="/glossary/">Go back without sending' in client.get(
        URL, {"page": "/glossary/"}).content.decode()


def test_feedback_posted_from_another_site_is_refused(client):
    response = client.post(URL, {"page": "/", "is_helpful": "yes"},
                           HTTP_ORIGIN="https://evil.example")  # fmt: skip
    assert response.status_code == 403
    response = client.post(URL, {"page": "/", "is_helpful": "yes"},
                           HTTP_SEC_FETCH_SITE="cross-site")  # fmt: skip
    assert response.status_code == 403
    assert Feedback.objects.count() == 0
    ok = client.post(URL, {"page": "/", "is_helpful": "yes"}, HTTP_ORIGIN="http://testserver")
    assert ok.status_code == 200


def test_one_hundred_rapid_posts_from_one_client_are_throttled_without_errors(client):
    statuses = [post_feedback(client).status_code for _ in range(100)]
    assert statuses.count(200) == 10
    assert statuses.count(429) == 90
    assert Feedback.objects.count() == 10


def test_sending_feedback_sets_no_cookie_at_all(client):
    assert client.get("/").cookies == {}
    assert client.get(URL, {"page": "/"}).cookies == {}
    assert post_feedback(client).cookies == {}


def test_staff_mark_feedback_as_handled_in_the_admin(admin_client, admin_user):
    item = Feedback.objects.create(page="/", is_helpful=False, comment="Too long")
    changelist = reverse("admin:feedback_feedback_changelist")
    assert "Too long" in admin_client.get(changelist).content.decode()
    admin_client.post(changelist, {"action": "mark_handled", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.is_handled and item.handled_by == admin_user


def test_an_answer_sent_from_the_page_comes_back_as_the_part_that_replaces_the_question(client):
    inline = {"HTTP_X_FEEDBACK_INLINE": "1"}
    response = client.post(URL, {"page": "/glossary/", "is_helpful": "yes"}, **inline)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="feedback-prompt-heading"' in html and "We have saved your answer" in html
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    html = client.post(URL, {"token": token, "comment": "Clear."}, **inline).content.decode()
    assert "We have added your comment" in html and "<html" not in html
    refused = client.post(URL, {"page": "/"}, **inline)
    assert refused.status_code == 400 and "Please choose Yes or No" in refused.content.decode()


def test_the_optional_comment_is_optional(client):
    html = client.post(URL, {"page": "/", "is_helpful": "no"}).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    response = client.post(URL, {"token": token, "comment": ""})
    assert response.status_code == 200
    assert "We have saved your answer" in response.content.decode()
    assert "alert" not in response.content.decode()
    assert Feedback.objects.get().comment == ""
