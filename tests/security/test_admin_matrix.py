"""The access matrix: every admin URL × GET and POST × every kind of visitor.

The URLs come from the live admin site's resolver (model admin views, history and
history-form pages, custom views, site views) and every registered action is POSTed to
its changelist, so a new admin view or action is covered without editing this file.

For each request it checks:
- anonymous visitors and staff without a verified second factor are sent to sign-in;
- no request ever answers with a server error;
- a refused request (403, 404, 405, sign-in) leaves the whole database as it was;
- no single person changes what a patient sees in the condition content (the live
  revisions; a superuser may only take a published item down, through its delete page or
  the delete action), nor the rows of an approved or in-review item outside the workflow;
  the content items went through draft, review and approval, so their history pages
  offer earlier (draft) versions to post to;
- no page shows a stored second-factor secret or recovery code.
"""

import hashlib
import json
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, reset_queries, transaction
from django.forms.models import _get_foreign_key, model_to_dict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import enrol_second_factor
from conditions import revisions, translations, workflow
from conditions.models import Status
from feedback.models import Feedback
from tests.conditions.factories import (
    ArticleFactory,
    FAQFactory,
    GlossaryTermFactory,
    ReferenceFactory,
    SectionFactory,
    build_comparison,
    make_live,
)
from tests.enquiries.helpers import make_enquiry
from tests.trials.factories import CentralContactFactory, SiteFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "unverified", "editor", "reviewer", "coordinator", "no_group",
         "superuser"]
LOGIN = "/admin/login/"
NAMED = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")
POSITIONAL = re.compile(r"\((?!\?)[^)]*\)")
POSITIONAL_NAMES = ["object_id", "version_id"]  # simple-history's regex history-form URL
REFUSED = {403, 404, 405}
# Left out of the database's fingerprint: signing in and out is not a change to protect;
# nor is the content version, which any staff POST bumps.
UNGUARDED = {"sessions.Session", "mmn_portal.ContentVersion"}
CHANGED = "Changed by the access matrix"


# --- the URLs -----------------------------------------------------------------------


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield pattern.name or "", route


def _fill(route: str, values: dict) -> str:
    route = NAMED.sub(lambda m: str(values.get(m.group(1) or m.group(2), 1)), route)
    names = iter(POSITIONAL_NAMES)
    return POSITIONAL.sub(lambda m: str(values.get(next(names, ""), 1)), route)


def admin_requests(targets: dict) -> list[tuple[str, str, str, dict]]:
    """(label, method, path, data) for every admin URL and action, ids filled from `targets`."""
    out = []
    site_values = {"content_type_id": ContentType.objects.get_for_model(targets["article"]).pk,
                   "object_id": targets["article"].pk, "url": "nowhere/"}
    app_labels = sorted({model._meta.app_label for model in admin.site._registry})
    registered_prefixes = tuple(f"{m._meta.app_label}/{m._meta.model_name}/"
                                for m in admin.site._registry)
    for name, route in _routes(admin.site.get_urls()):
        if name == "login" or route.startswith(registered_prefixes):
            continue
        if "app_label" in route:
            paths = [re.sub(r"\(\?P<app_label>[^)]*\)", label, route) for label in app_labels]
        else:
            paths = [_fill(route, site_values)]
        for path in paths:
            out += [(name, "GET", "/admin/" + path, {}), (name, "POST", "/admin/" + path, {})]
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        target = targets.get(meta.model_name) or model._default_manager.order_by("pk").first()
        values = {"object_id": getattr(target, "pk", 1), "pk": getattr(target, "pk", 1)}
        history = getattr(target, "history", None) if target is not None else None
        if history is not None and hasattr(history, "earliest"):
            # The first version: for content, a draft that anyone could once change.
            values["version_id"] = values["history_id"] = history.earliest().history_id
        data = form_data(model_admin, target)
        for name, route in _routes(model_admin.get_urls()):
            path = f"/admin/{meta.app_label}/{meta.model_name}/{_fill(route, values)}"
            out += [(name, "GET", path, {}), (name, "POST", path, data)]
        changelist = f"/admin/{meta.app_label}/{meta.model_name}/"
        everything = [str(pk) for pk in model._default_manager.values_list("pk", flat=True)]
        for action in model_admin.get_actions(_superuser_request()):
            out.append((f"{meta.label} action {action}", "POST", changelist,
                        {"action": action, "_selected_action": everything, "post": "yes"}))
    return out


def _superuser_request():
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    user = AnonymousUser()
    user.has_perm = lambda perm, obj=None: True  # every action a model admin offers anyone
    request.user = user
    return request


def form_data(model_admin, obj) -> dict:
    """What a hostile form would POST: the object's own values with every text changed,
    empty inline formsets, and the words that confirm deletes and workflow steps."""
    data = {"post": "yes", "step": "approve", "comment": CHANGED, "_change_history": "1"}
    if obj is None:
        return data
    for name, value in model_to_dict(obj).items():
        if value is None:
            continue
        field = obj._meta.get_field(name)
        if isinstance(value, list) and isinstance(field, models.ManyToManyField):
            data[name] = [str(item.pk) for item in value]
        elif isinstance(field, models.JSONField):
            data[name] = json.dumps(value)
        elif isinstance(field, models.SlugField):
            data[name] = "matrix-changed"
        elif isinstance(value, str) and not field.choices and not isinstance(
                field, models.URLField):
            data[name] = CHANGED
        elif isinstance(value, bool):
            data[name] = "on" if value else ""
        else:
            data[name] = str(value)
    for inline in model_admin.inlines:
        fk = _get_foreign_key(model_admin.model, inline.model, fk_name=inline.fk_name)
        prefix = fk.remote_field.get_accessor_name(model=inline.model).replace("+", "")
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    return data


# --- the world and its fingerprints ----------------------------------------------------


def through_review(item, editor, reviewer):
    """Drafted and edited by one person, approved by another: several versions."""
    item.summary = getattr(item, "summary", "")
    item._history_user = editor
    item.save()
    workflow.submit_for_review(item=item, user=editor)
    return workflow.approve_and_publish(item=item, user=reviewer)


@pytest.fixture
def world(roles, django_user_model):
    """Content that went through draft, review and approval, with every kind of part,
    drafts, an item in review, trials, feedback, a request to the trial team and enrolled
    staff: something for every URL to point at."""
    editor = django_user_model.objects.create_superuser("writer", "w@example.org", "x" * 20)
    reviewer = django_user_model.objects.create_superuser("checker", "c@example.org", "x" * 20)
    draft = {"status": Status.DRAFT}
    article = ArticleFactory(name="Live article", slug="live", **draft)
    SectionFactory(article=article, slug="about", body="Cited words. [@MATRIX-1]")
    reference = ReferenceFactory(key="MATRIX-1", url="https://example.org/source")
    article.references.add(reference)
    comparison = build_comparison(rows=2, columns=2, slug="grid", **draft)
    comparison.references.add(reference)
    row = comparison.rows.first()
    faq = FAQFactory(article=article, answer="An answer. [@MATRIX-1]", **draft)
    targets = {
        "article": through_review(article, editor, reviewer),
        "section": article.sections.get(),
        "faq": through_review(faq, editor, reviewer),
        "glossaryterm": through_review(GlossaryTermFactory(slug="live-term", **draft),
                                       editor, reviewer),
        "reference": reference,
        "comparison": through_review(comparison, editor, reviewer),
        "comparisonrow": row,
        "comparisoncell": row.cells.first(),
        "feedback": Feedback.objects.create(page="/glossary/", is_helpful=False),
        "enquiry": make_enquiry(),
    }
    # A Spanish translation of the live article, through draft, review and approval.
    spanish = translations.start_translation(item=targets["article"], language="es",
                                             user=editor)
    spanish.text = {"summary": "Un resumen."}
    targets["translation"] = through_review(spanish, editor, reviewer)
    ArticleFactory(status=Status.DRAFT, name="Draft article")
    SiteFactory()
    targets["trial"] = CentralContactFactory().trial
    boss = django_user_model.objects.create_superuser("boss", "boss@example.org", "x" * 20)
    enrol_second_factor(user=boss)
    targets["user"] = boss
    targets["totpdevice"] = TOTPDevice.objects.get(user=boss)
    make_live()  # the comparison's column articles, made published by the factories
    return targets


def _rows(model) -> list:
    return list(model._default_manager.order_by("pk").values_list())


def database_fingerprint() -> str:
    """Every row of every table the project owns or uses, UNGUARDED aside. Unmanaged models
    are the database's own copies (trials_listing, PostgreSQL only)."""
    digest = hashlib.sha256()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and model._meta.label not in UNGUARDED:
            digest.update(f"{model._meta.label}{_rows(model)}".encode())
    return digest.hexdigest()


def could_change_what_is_checked(statements: list[dict]) -> bool:
    """Whether any statement could change a row that the fingerprints read: anything but
    reads, savepoints and writes to the UNGUARDED tables."""
    unguarded = "|".join(re.escape(apps.get_model(label)._meta.db_table) for label in UNGUARDED)
    harmless = re.compile(rf'\s*(SELECT|SAVEPOINT|RELEASE|ROLLBACK\b|'
                          rf'(INSERT INTO|UPDATE|DELETE FROM) "?({unguarded})"?\s)',
                          re.IGNORECASE)
    return any(not harmless.match(statement["sql"]) for statement in statements)


def public_content() -> dict:
    """What a patient can see of the condition content: the live revision of each item."""
    return {
        (model._meta.model_name, revision.object_id): (revision.pk, revision.content_hash)
        for model in workflow.REVIEWED_MODELS.values()
        for revision in revisions.live_revisions(model)
    }


def approved_rows() -> dict:
    """The rows of every published or in-review item as they stand (fields, parts,
    sources): changed only through the workflow, never by one request of one person."""
    return {
        (model._meta.model_name, item.pk): (item.status, revisions.freeze(item))
        for model in workflow.REVIEWED_MODELS.values()
        for item in model.objects.filter(status__in=[Status.PUBLISHED, Status.IN_REVIEW])
    }


def secrets_on_record() -> list[str]:
    keys = [device.key for device in TOTPDevice.objects.all()]
    return keys + list(StaticToken.objects.values_list("token", flat=True))


# --- the clients ------------------------------------------------------------------------


def client_for(role: str, staff, django_user_model) -> Client:
    if role == "anonymous":
        return Client()
    if role == "unverified":
        user = django_user_model.objects.create_superuser("half", "h@example.org", "x" * 20)
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        client = Client()
        client.force_login(user)
        client.user = user
        return client
    client = staff(role)
    # Something of theirs waiting for review: approving it alone must not publish it.
    term = GlossaryTermFactory(status=Status.DRAFT, slug=f"mine-{role}", term=f"Mine {role}")
    term.definition = "My own unreviewed words."
    term._history_user = client.user
    term.save()
    term.status = Status.IN_REVIEW
    term.save()
    return client


def _is_sign_in(response, label: str) -> bool:
    """Sent to the sign-in form (signing out of no session goes via the index)."""
    location = response.get("Location", "")
    return response.status_code == 302 and (
        location.startswith(LOGIN) or (label == "logout" and location == "/admin/"))


def _takes_down(role: str, label: str, path: str) -> bool:
    return role == "superuser" and (path.endswith("/delete/") or "delete_selected" in label)


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_url_and_method_for_every_role(role, world, staff, django_user_model):
    client = client_for(role, staff, django_user_model)
    requests = admin_requests(world)
    requests.sort(key=lambda r: r[0] == "logout")  # signing out last
    secrets = secrets_on_record()
    before_db, before_public, before_rows = (database_fingerprint(), public_content(),
                                             approved_rows())
    problems, writing_requests = [], 0
    for label, method, path, data in requests:
        reset_queries()  # the log keeps 9,000 statements: a full one captures nothing
        with transaction.atomic(), CaptureQueriesContext(connection) as sent:
            response = client.get(path) if method == "GET" else client.post(path, data)
            # Reading every row after each request took most of this test's time: it is
            # done only when the request sent a statement that could have changed one.
            if could_change_what_is_checked(sent.captured_queries):
                writing_requests += 1
                after_db, after_public = database_fingerprint(), public_content()
                after_rows = approved_rows()
            else:
                after_db, after_public, after_rows = before_db, before_public, before_rows
            transaction.set_rollback(True)
        where = f"{role} {method} {path} ({label}) -> {response.status_code}"
        status = response.status_code
        if role in ("anonymous", "unverified") and not _is_sign_in(response, label):
            problems.append(f"{where}: not sent to sign in")
        if status >= 500:
            problems.append(f"{where}: server error")
        if (status in REFUSED or _is_sign_in(response, label)) and after_db != before_db:
            problems.append(f"{where}: refused, yet the database changed")
        if after_public != before_public and not _takes_down(role, label, path):
            problems.append(f"{where}: changed what patients see")
        moved = [key for key, rows in before_rows.items() if after_rows.get(key) != rows]
        if moved and not _takes_down(role, label, path):
            problems.append(f"{where}: changed approved or in-review {moved} outside review")
        body = response.content.decode(errors="replace") if not response.streaming else ""
        if any(secret in body for secret in secrets):
            problems.append(f"{where}: shows a second-factor secret")
    assert not problems, "\n".join(problems)
    if role not in ("anonymous", "unverified", "no_group"):  # they save something
        assert writing_requests, "no request seemed to write: the checks above were skipped"


def test_the_matrix_reaches_every_kind_of_admin_view(world):
    paths = {path for _, _, path, _ in admin_requests(world)}
    article = world["article"]
    version = article.history.earliest().history_id
    for expected in [
        "/admin/", "/admin/conditions/",
        f"/admin/conditions/article/{article.pk}/history/",
        f"/admin/conditions/article/{article.pk}/history/{version}/",
        f"/admin/conditions/article/{article.pk}/workflow/",
        f"/admin/conditions/article/{article.pk}/versions/{version}/revert/",
        "/admin/conditions/article/dashboard/",
        "/admin/trials/trial/upload/",
        f"/admin/enquiries/enquiry/{world['enquiry'].pk}/change/",
    ]:
        assert expected in paths
    actions = {label for _, _, _, data in admin_requests(world) if (label := data.get("action"))}
    assert {"approve_selected", "submit_selected", "delete_selected", "mark_closed"} <= actions
