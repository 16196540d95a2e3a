"""Every published item becomes a live revision with its current approval record.

Uses the same `freeze` as approval, on this migration's historical models (it reads only
fields and related managers), so what patients read does not change.
"""

from django.db import migrations
from django.utils import timezone

KINDS = ["article", "faq", "glossaryterm", "comparison"]


def publish_existing(apps, schema_editor):
    from conditions.revisions import content_hash, freeze

    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("conditions", "Revision")
    for kind in KINDS:
        model = apps.get_model("conditions", kind)
        content_type, _ = ContentType.objects.get_or_create(app_label="conditions", model=kind)
        history = apps.get_model("conditions", f"Historical{model.__name__}")
        for item in model.objects.filter(status="published", draft_of__isnull=True,
                                          live_revision__isnull=True):
            shot = freeze(item)
            last = history.objects.filter(id=item.pk).order_by("-history_date").first()
            revision = Revision.objects.create(
                content_type=content_type, object_id=item.pk, slug=item.slug,
                snapshot=shot, content_hash=content_hash(shot),
                approved_by_id=item.reviewed_by_id,
                approved_at=last.history_date if last else timezone.now(),
                reviewed_on=item.reviewed_on,
                next_review_due=item.next_review_due, authors=[],
                note="Published before revisions (migration 0010)",
            )
            model.objects.filter(pk=item.pk).update(live_revision=revision)


def unpublish(apps, schema_editor):
    for kind in KINDS:
        apps.get_model("conditions", kind).objects.update(live_revision=None)
    apps.get_model("conditions", "Revision").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("conditions", "0009_live_revisions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(publish_existing, unpublish)]
