"""Migration 0010 makes every published item a live revision with its approval record."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from conditions.models import Article, Revision

BEFORE = [("conditions", "0009_live_revisions")]
AFTER = [("conditions", "0010_published_items_become_live_revisions")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_published_items_become_live_revisions_as_patients_read_them(client):
    apps = migrate(BEFORE)
    try:
        user = apps.get_model("auth", "User").objects.create(
            username="dr-smith", first_name="Anna", last_name="Smith")
        model = apps.get_model("conditions", "Article")
        source = apps.get_model("conditions", "Reference").objects.create(
            key="EFNS-2010", citation="The guideline.", url="https://example.org/efns")
        live = model.objects.create(name="Multifocal motor neuropathy", slug="mmn",
                                    summary="Weak hands.", status="published",
                                    reviewed_by=user, reviewed_on="2026-01-05")
        live.references.add(source)
        apps.get_model("conditions", "Section").objects.create(
            article=live, heading="Treatment", slug="treatment", order=1,
            body="Immunoglobulin helps. [@EFNS-2010]")
        model.objects.create(name="Draft", slug="draft", summary="Not yet.", status="draft")
        faq = apps.get_model("conditions", "FAQ").objects.create(
            article=live, question="Is it ALS?", slug="als", answer="No. [@EFNS-2010]",
            status="published")

        migrate(AFTER)

        article = Article.objects.get(slug="mmn")
        revision = article.live_revision
        assert revision.approved_by_id == user.pk
        assert str(revision.reviewed_on) == "2026-01-05"
        assert [s["heading"] for s in revision.snapshot["sections"]] == ["Treatment"]
        assert revision.snapshot["sources"]["EFNS-2010"]["citation"] == "The guideline."
        assert Article.objects.get(slug="draft").live_revision is None
        assert Revision.objects.filter(object_id=faq.pk, slug="als").exists()
        executor = MigrationExecutor(connection)  # pages read later tables (translations)
        executor.migrate(executor.loader.graph.leaf_nodes())
        page = client.get("/conditions/mmn/").text
        assert "Immunoglobulin helps." in page and "The guideline." in page
        assert "Is it ALS?" in page and "Anna Smith" in page
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
