"""The editorial dashboard and the readability meter."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conditions.models import Status
from tests.conditions.factories import (
    ArticleFactory,
    FAQFactory,
    GlossaryTermFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db
DASHBOARD = "admin:conditions_dashboard"


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def test_dashboard_lists_the_right_items_for_a_reviewer(staff):
    from feedback.models import Feedback
    from tests.trials.factories import TrialFactory

    reviewer = staff("reviewer")
    waiting = GlossaryTermFactory(status=Status.IN_REVIEW, term="Waiting term")
    overdue = ArticleFactory(name="Overdue article", next_review_due=days(-3))
    soon = FAQFactory(question="Due soon?", next_review_due=days(20))
    ArticleFactory(name="Later article", next_review_due=days(90))
    mine = GlossaryTermFactory(status=Status.DRAFT, term="My own draft", created_by=reviewer.user)
    GlossaryTermFactory(status=Status.DRAFT, term="Someone else's draft")
    stale = TrialFactory(last_update_posted=days(-400), brief_title="Stale study")
    TrialFactory(last_update_posted=days(-30), brief_title="Fresh study")
    TrialFactory(last_update_posted=days(-4000), brief_title="Finished study",
                 overall_status="COMPLETED")
    TrialFactory(last_update_posted=days(-400), brief_title="Hidden study", is_hidden=True)
    Feedback.objects.create(page="/handled/", is_helpful=True, is_handled=True)
    Feedback.objects.create(page="/unhandled/", is_helpful=False, comment="Too long")

    response = reviewer.get(reverse(DASHBOARD))
    panels = response.context["panels"]
    assert [e.item for e in panels.waiting_for_review] == [waiting]
    assert [e.item for e in panels.due_for_review] == [overdue, soon]
    assert panels.due_for_review[0].note == "overdue by 3 days"
    assert [e.item for e in panels.my_drafts] == [mine]
    assert panels.stale_trials is None  # trials belong to the trial coordinator
    assert [f.page for f in panels.feedback] == ["/unhandled/", "/handled/"]
    assert "Too long" in response.content.decode()

    everything = staff("superuser").get(reverse(DASHBOARD))
    assert everything.context["panels"].stale_trials == [stale]
    body = everything.content.decode()
    assert "Stale study" in body and "Fresh study" not in body
    assert "Finished study" not in body and "Hidden study" not in body


def test_an_editor_sees_no_review_queue(staff):
    GlossaryTermFactory(status=Status.IN_REVIEW)
    panels = staff("editor").get(reverse(DASHBOARD)).context["panels"]
    assert panels.waiting_for_review is None and panels.stale_trials is None
    assert panels.feedback == []


def test_a_trial_coordinator_sees_only_trials_and_requests_to_the_trial_team(staff):
    panels = staff("coordinator").get(reverse(DASHBOARD)).context["panels"]
    assert panels.shown == ["stale_trials", "sync_runs", "enquiries"]


def test_staff_without_a_role_are_refused(staff):
    assert staff("no_group").get(reverse(DASHBOARD)).status_code == 403


def test_the_admin_index_links_to_the_dashboard(staff):
    index = staff("editor").get(reverse("admin:index")).content.decode()
    assert reverse(DASHBOARD) in index


def test_article_change_page_shows_grades_and_flags_hard_sections(staff):
    article = ArticleFactory(status=Status.DRAFT, summary="A short plain summary.")
    SectionFactory(article=article, heading="Easy part", body="The nerve is weak. It is slow.")
    SectionFactory(
        article=article, heading="Hard part",
        body="Immunomodulatory intravenous immunoglobulin administration demonstrates "
             "considerable electrophysiological amelioration, notwithstanding heterogeneous "
             "pathophysiological characteristics observed longitudinally.",
    )
    body = staff("editor").get(
        reverse("admin:conditions_article_change", args=[article.pk])
    ).content.decode()
    assert "Reading grade by section" in body
    easy, hard = body.split('<th scope="row">Easy part</th>')[1], body.split(
        '<th scope="row">Hard part</th>')[1]
    assert easy.split("</tr>")[0].count("Plain enough") == 1
    assert "<strong>Too hard: above grade 8</strong>" in hard.split("</tr>")[0]


def test_glossary_definition_grade_is_shown(staff):
    term = GlossaryTermFactory(status=Status.DRAFT, definition="A test of the nerves.")
    body = staff("editor").get(
        reverse("admin:conditions_glossaryterm_change", args=[term.pk])
    ).content.decode()
    assert "Reading grade of the definition" in body and "Plain enough" in body


def test_open_trials_whose_status_is_no_longer_confirmed_need_checking(staff):
    import datetime as dt

    from tests.trials.factories import TrialFactory

    unconfirmed = TrialFactory(last_update_posted=days(-30), status_verified=dt.date(2019, 1, 1),
                               brief_title="Unconfirmed study")
    TrialFactory(last_update_posted=days(-30), status_verified=dt.date(2019, 1, 1),
                 overall_status="ACTIVE_NOT_RECRUITING", brief_title="Not taking people")
    panels = staff("coordinator").get(reverse(DASHBOARD)).context["panels"]
    assert panels.stale_trials == [unconfirmed]
