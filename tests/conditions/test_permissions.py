"""Permission matrix: every role × every editorial action, allowed and refused."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from conditions import workflow
from conditions.models import GlossaryTerm, Status
from mmn_portal.roles import ensure_roles
from tests.conditions.factories import GlossaryTermFactory

pytestmark = pytest.mark.django_db

ROLES = ["editor", "reviewer", "coordinator", "superuser", "no_group"]
ALLOWED = {
    "editor": {"create", "edit", "submit", "read_feedback"},
    "reviewer": {"edit", "approve", "publish", "revert", "read_feedback"},
    "coordinator": {"import_trials"},
    "superuser": {"create", "edit", "submit", "approve", "publish", "revert", "import_trials",
                  "read_feedback"},
    "no_group": set(),
}
ACTIONS = ["create", "edit", "submit", "approve", "publish", "revert", "import_trials",
           "read_feedback"]


def term_form(**overrides) -> dict:
    return {"term": "Axon", "slug": "axon", "definition": "Part of a nerve cell.",
            "also_called": "", "review_interval_months": "12", **overrides}


def attempt(action: str, client) -> bool:
    """Try one action as the client's user; True if it took effect, False if refused."""
    user = client.user
    if action == "create":
        response = client.post(reverse("admin:conditions_glossaryterm_add"), term_form())
        return response.status_code == 302 and GlossaryTerm.objects.filter(slug="axon").exists()
    if action == "edit":
        term = GlossaryTermFactory(status=Status.DRAFT, slug="axon", term="Axon")
        url = reverse("admin:conditions_glossaryterm_change", args=[term.pk])
        response = client.post(url, term_form(definition="Changed."))
        term.refresh_from_db()
        return response.status_code == 302 and term.definition == "Changed."
    service_steps = {
        "submit": (Status.DRAFT, lambda item: workflow.submit_for_review(item=item, user=user)),
        "approve": (Status.IN_REVIEW,
                    lambda item: workflow.approve_and_publish(item=item, user=user)),
    }
    if action in service_steps:
        status, step = service_steps[action]
        try:
            step(GlossaryTermFactory(status=status))
        except PermissionDenied:
            return False
        return True
    if action == "publish":  # the admin's "Approve and publish selected" action
        term = GlossaryTermFactory(status=Status.IN_REVIEW)
        client.post(reverse("admin:conditions_glossaryterm_changelist"),
                    {"action": "approve_selected", "_selected_action": [term.pk]})
        term.refresh_from_db()
        return term.is_published
    if action == "revert":
        term = GlossaryTermFactory(status=Status.DRAFT, definition="First words.")
        first = term.history.earliest().history_id
        term.definition = "Second words."
        term.save()
        try:
            workflow.revert_to(item=term, history_id=first, user=user)
        except PermissionDenied:
            return False
        return GlossaryTerm.objects.get(pk=term.pk).definition == "First words."
    if action == "import_trials":
        return client.get("/admin/trials/trial/upload/").status_code == 200
    if action == "read_feedback":
        return client.get(reverse("admin:feedback_feedback_changelist")).status_code == 200
    raise AssertionError(action)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_exactly_its_actions(staff, role, action):
    client = staff(role)
    assert attempt(action, client) is (action in ALLOWED[role])


def test_refused_admin_pages_answer_403_not_a_crash(staff):
    client = staff("coordinator")
    assert client.get(reverse("admin:conditions_glossaryterm_add")).status_code == 403
    assert client.get(reverse("admin:feedback_feedback_changelist")).status_code == 403


def test_an_editor_cannot_delete_a_published_item_but_can_delete_a_draft(staff):
    client = staff("editor")
    published = GlossaryTermFactory()
    draft = GlossaryTermFactory(status=Status.DRAFT)
    delete = "admin:conditions_glossaryterm_delete"
    assert client.post(reverse(delete, args=[published.pk]), {"post": "yes"}).status_code == 403
    assert client.post(reverse(delete, args=[draft.pk]), {"post": "yes"}).status_code == 302
    assert list(GlossaryTerm.objects.all()) == [published]


def test_the_reviewer_marks_feedback_handled_and_the_editor_cannot(staff):
    from feedback.models import Feedback

    item = Feedback.objects.create(page="/glossary/", is_helpful=False)
    url = reverse("admin:feedback_feedback_changelist")
    payload = {"action": "mark_handled", "_selected_action": [item.pk]}
    staff("editor").post(url, payload)
    assert not Feedback.objects.get().is_handled
    staff("reviewer").post(url, payload)
    assert Feedback.objects.get().is_handled


def test_roles_are_created_idempotently_with_the_smallest_permissions(roles):
    from django.contrib.auth.models import Group

    ensure_roles()
    group = Group.objects.get(name="trial coordinator")
    coordinator = {p.codename for p in group.permissions.all()}
    assert "import_trials" in coordinator
    assert not any(codename.endswith(("article", "feedback")) for codename in coordinator)
    editor = {p.codename for p in Group.objects.get(name="editor").permissions.all()}
    assert "submit_for_review" in editor and "approve_and_publish" not in editor
    assert Group.objects.count() == 3
