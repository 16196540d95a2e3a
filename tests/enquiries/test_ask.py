"""A visitor asks the trial team about a study: the form, its checks and the answer."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from enquiries.consent import CONSENT_TEXTS, CURRENT_VERSION
from enquiries.models import Enquiry
from tests.enquiries.helpers import FILLED, ask
from tests.security.test_fuzz import NASTY_VALUES
from tests.trials.factories import TrialFactory
from trials.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def trial():
    return TrialFactory(nct_id="NCT05225675", brief_title="Empasiprubart in MMN")


def test_an_open_study_page_offers_to_ask_the_trial_team(client, trial):
    html = client.get(trial.get_absolute_url()).content.decode()
    assert "Ask our trial team about this study" in html
    assert f'action="{reverse("enquiries:ask", args=[trial.pk])}"' in html
    assert "Please do not write about your health" in html
    assert str(CONSENT_TEXTS[CURRENT_VERSION]) in html
    consent = re.search(r'<input[^>]*name="consent"[^>]*>', html).group(0)
    assert "checked" not in consent and "required" in consent
    assert "csrfmiddlewaretoken" not in html  # no cookie needed, as for feedback
    # The honeypot is hidden from people, keyboards and screen readers alike.
    assert re.search(r'<div\s+hidden="">\s*<div id="div_id_website"', html)


def test_a_study_that_is_not_open_asks_about_studies_like_it(client):
    closed = TrialFactory(overall_status=Status.COMPLETED)
    html = client.get(closed.get_absolute_url()).content.decode()
    assert "Ask about studies like this one" in html
    assert "Ask our trial team about this study" not in html


def test_the_age_and_sex_choice_appears_only_with_pre_screen_answers_and_unticked(client, trial):
    plain = client.get(trial.get_absolute_url()).content.decode()
    # Only a browser-side offer (static/js/ask-answers.js), with no values in it.
    offer = re.search(r"<template data-ask-answers.*?</template>", plain, re.S).group(0)
    assert 'name="include_answers"' in offer and "value=" not in offer
    assert plain.count('name="include_answers"') == 1
    html = client.get(trial.get_absolute_url() + "?age=54&sex=female").content.decode()
    assert "<template data-ask-answers" not in html
    box = re.search(r'<input[^>]*name="include_answers"[^>]*>', html).group(0)
    assert "checked" not in box
    assert "Include my age and sex answers from the pre-screen (age 54, female)" in html


def test_a_request_is_saved_with_the_consent_version_and_a_withdraw_link(client, trial):
    response = ask(client, trial)
    assert response.status_code == 200
    saved = Enquiry.objects.get()
    assert (saved.trial, saved.study, saved.first_name, saved.state) == (
        trial, "NCT05225675: Empasiprubart in MMN", "Ana", Enquiry.State.NEW)
    assert saved.consent_version == CURRENT_VERSION and saved.about_similar is False
    assert (saved.age, saved.sex) == (None, "")  # not asked to include them
    html = response.content.decode()
    assert "What happens next" in html
    assert "will call you within 3 working days, at the time you chose (morning)" in html
    assert re.search(r'href="http://testserver/ask/withdraw/\?t=[^"]+"', html)


def test_age_and_sex_are_kept_only_when_the_visitor_ticks_the_box(client, trial):
    ask(client, trial, age="54", sex="female")
    ask(client, trial, age="61", sex="male", include_answers="on")
    kept = sorted(Enquiry.objects.values_list("age", "sex"), key=str)
    assert kept == [(61, "male"), (None, "")]


def test_a_request_about_a_closed_study_is_marked_as_about_similar_ones(client):
    closed = TrialFactory(overall_status=Status.COMPLETED)
    ask(client, closed)
    assert Enquiry.objects.get().about_similar is True


def test_the_trial_inbox_is_told_without_any_personal_data(client, trial, settings,
                                                          django_capture_on_commit_callbacks):
    settings.TRIAL_TEAM_EMAIL = "trials@clinic.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, trial)
    [notice] = mail.outbox
    assert notice.to == ["trials@clinic.example.org"]
    text = notice.subject + notice.body
    assert "http://testserver/admin/enquiries/enquiry/?state__exact=new" in text
    for value in (*FILLED.values(), "NCT05225675", "Empasiprubart"):
        if value not in ("on", CURRENT_VERSION):
            assert value not in text


def test_a_failing_mail_server_does_not_lose_the_request(client, trial, settings,
                                                        django_capture_on_commit_callbacks):
    settings.TRIAL_TEAM_EMAIL = "trials@clinic.example.org"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, trial)
    assert response.status_code == 200 and Enquiry.objects.count() == 1


@pytest.mark.parametrize(("overrides", "message"), [
    ({"first_name": ""}, "Please tell us your first name."),
    ({"email": "", "phone": ""}, "Please give an e-mail address or a phone number"),
    ({"email": "ana@", "phone": ""}, "Please check the e-mail address"),
    ({"phone": "call me maybe"}, "Please check the phone number"),
    ({"phone": "12"}, "Please check the phone number"),
    ({"message": "x" * 501}, "Please keep your question to 500 characters or fewer (it has 501)"),
    ({"consent": None}, "Please tick the box to agree."),
    ({"consent_version": "1999-01-01"}, "Our consent text has changed."),
    ({"first_name": "A" * 61}, "Ensure this value has at most 60 characters"),
    ({"first_name": "Ana\x00"}, "Null characters are not allowed."),
    ({"best_time": "midnight"}, "Select a valid choice."),
    ({"email": "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "org"},
     "Ensure this value has at most 254 characters"),
    ({"phone": "0" * 31}, "Ensure this value has at most 30 characters"),
])
def test_bad_input_gets_a_clear_message_on_the_form(client, trial, overrides, message):
    response = ask(client, trial, **overrides)
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert "We could not send your request yet" in html
    assert message in html
    assert Enquiry.objects.count() == 0


def test_a_changed_consent_text_is_shown_again_unticked(client, trial):
    html = ask(client, trial, consent_version="1999-01-01").content.decode()
    assert f'name="consent_version" value="{CURRENT_VERSION}"' in html
    consent = re.search(r'<input[^>]*name="consent"[^>]*>', html).group(0)
    assert "checked" not in consent


def test_hidden_pre_screen_values_that_are_not_answers_are_dropped(client, trial):
    ask(client, trial, age="999", sex="<b>", include_answers="on")
    assert Enquiry.objects.values_list("age", "sex").get() == (None, "")


def test_a_filled_honeypot_is_thanked_but_nothing_is_kept(client, trial):
    response = ask(client, trial, website="http://spam.example")
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert "withdraw" not in response.content.decode()
    assert Enquiry.objects.count() == 0


def test_a_post_from_another_site_is_refused(client, trial):
    response = client.post(reverse("enquiries:ask", args=[trial.pk]), FILLED,
                           HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert "can only be sent from a study page" in response.content.decode()
    assert Enquiry.objects.count() == 0


def test_one_address_is_limited_but_others_are_not(client, trial, settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    for _ in range(10):
        ask(client, trial, real_ip="198.51.100.1")
    refused = ask(client, trial, real_ip="198.51.100.1")
    other = ask(client, trial, real_ip="198.51.100.2")
    assert refused.status_code == 429 and "Please try again later" in refused.content.decode()
    assert other.status_code == 200
    assert Enquiry.objects.count() == 11


def test_unknown_or_hidden_studies_give_the_not_found_page(client, trial):
    hidden = TrialFactory(is_hidden=True)
    assert ask(client, hidden).status_code == 404
    assert client.post("/ask/999999/", FILLED).status_code == 404
    assert client.get("/ask/not-a-number/").status_code == 404
    assert client.post("/ask/" + "9" * 30 + "/", FILLED).status_code == 404


def test_every_response_on_the_route_is_private_and_not_stored(client, trial):
    responses = [client.get(reverse("enquiries:ask", args=[trial.pk])), ask(client, trial),
                 ask(client, trial, first_name=""), client.get("/ask/withdraw/?t=bad"),
                 client.post("/ask/999999/", FILLED),
                 client.post(reverse("enquiries:ask", args=[trial.pk]), FILLED,
                             HTTP_ORIGIN="https://evil.example")]
    for response in responses:
        words = {w.strip() for w in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= words, response.request["PATH_INFO"]
        assert not response.cookies


def test_nothing_the_visitor_sends_is_logged(client, trial, caplog):
    caplog.set_level("DEBUG")
    ask(client, trial)
    ask(client, trial, email="bad@", phone="")
    client.post(reverse("enquiries:ask", args=[trial.pk]), FILLED,
                HTTP_ORIGIN="https://evil.example")
    logged = caplog.text
    for value in ("Ana", "ana@example.org", "7946", "Leeds"):
        assert value not in logged


FIELDS = [*FILLED, "age", "sex", "include_answers", "website"]
values = st.one_of(st.sampled_from(NASTY_VALUES), st.text(max_size=600))


@pytest.fixture
def unlimited(monkeypatch):
    monkeypatch.setattr("enquiries.views.ASK_LIMIT", 10**9)


def test_nasty_values_in_every_field_never_fail(client, trial, unlimited):
    for field in FIELDS:
        for value in NASTY_VALUES:
            response = ask(client, trial, **{field: value})
            assert response.status_code == 200, (field, value[:50])
    assert Enquiry.objects.exclude(first_name="Ana").count() <= len(NASTY_VALUES)


@hypothesis_settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.sampled_from(FIELDS), values, max_size=8))
def test_generated_requests_never_fail(client, trial, unlimited, data):
    response = client.post(reverse("enquiries:ask", args=[trial.pk]), data,
                           HTTP_ORIGIN="http://testserver")
    assert response.status_code == 200
