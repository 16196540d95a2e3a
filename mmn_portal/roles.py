"""Staff roles as Django groups, each with the smallest set of permissions it needs.

`ensure_roles()` is idempotent: it creates missing groups and sets each group's
permissions to exactly the list below (so removing a line here removes the grant).
Run by `python manage.py create_roles`, which `load_site_data` calls.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

EDITOR = "editor"
MEDICAL_REVIEWER = "medical reviewer"
TRIAL_COORDINATOR = "trial coordinator"

REVIEWED = ["article", "faq", "glossaryterm", "comparison", "translation"]
PARTS = ["section", "comparisoncolumn", "comparisonrow", "comparisoncell", "reference"]


def _model_perms(app: str, models: list[str], actions: list[str]) -> list[tuple[str, str, str]]:
    return [(app, model, f"{action}_{model}") for model in models for action in actions]


def _custom(app: str, models: list[str], codename: str) -> list[tuple[str, str, str]]:
    return [(app, model, codename) for model in models]


# (app_label, model, codename) per role.
ROLE_PERMISSIONS: dict[str, list[tuple[str, str, str]]] = {
    # Writes drafts and submits them. Deleting is refused in the admin for published
    # items; parts (sections, rows, cells) can be removed from a draft.
    EDITOR: [
        *_model_perms("conditions", REVIEWED, ["add", "change", "view", "delete"]),
        *_model_perms("conditions", PARTS, ["add", "change", "view", "delete"]),
        *_custom("conditions", REVIEWED, "submit_for_review"),
        ("feedback", "feedback", "view_feedback"),
    ],
    # Reads and corrects content in review, approves or sends back, reverts.
    MEDICAL_REVIEWER: [
        *_model_perms("conditions", REVIEWED, ["change", "view"]),
        *_model_perms("conditions", PARTS, ["change", "view"]),
        *_custom("conditions", REVIEWED, "approve_and_publish"),
        *_custom("conditions", REVIEWED, "send_back"),
        *_custom("conditions", REVIEWED, "revert_version"),
        # An English change that leaves a translation right (a typo fix), with a reason.
        ("conditions", "translation", "waive_translation_update"),
        ("feedback", "feedback", "view_feedback"),
        ("feedback", "feedback", "change_feedback"),
    ],
    # Trials only: import, pin, hide and edit by hand; choose the tracked conditions and
    # read the sync records; answer visitors' requests to the trial team.
    TRIAL_COORDINATOR: [
        *_model_perms("trials", ["trial", "site", "centralcontact"], ["add", "change", "view"]),
        ("trials", "trial", "import_trials"),
        ("trials", "trial", "approve_clinic_text"),  # someone else's text only
        *_model_perms("trials", ["trackedcondition"], ["add", "change", "view", "delete"]),
        ("trials", "syncrun", "view_syncrun"),
        ("trials", "syncruncondition", "view_syncruncondition"),
        # Visitors' requests to the trial team: read, move on (contacted, closed), delete.
        *_model_perms("enquiries", ["enquiry"], ["change", "view", "delete"]),
    ],
}


@transaction.atomic
def ensure_roles() -> dict[str, int]:
    """Create or update the role groups; returns the number of permissions per role."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():  # permissions exist even right after migrate
        create_permissions(app_config, verbosity=0)
    counts = {}
    for role, wanted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        query = Q(pk__in=[])
        for app_label, model, codename in wanted:
            content_type = ContentType.objects.get_by_natural_key(app_label, model)
            query |= Q(content_type=content_type, codename=codename)
        permissions = list(Permission.objects.filter(query))
        if len(permissions) != len(wanted):
            found = {(p.content_type.model, p.codename) for p in permissions}
            missing = [f"{a}.{m}.{c}" for a, m, c in wanted if (m, c) not in found]
            raise LookupError(f"Role {role!r}: unknown permissions {', '.join(missing)}")
        group.permissions.set(permissions)
        counts[role] = len(permissions)
    return counts
