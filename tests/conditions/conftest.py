"""Fixtures for the editorial workflow tests: role groups and a verified client per role,
and a small folder of shipped content for load_content."""

import textwrap

import pytest

from mmn_portal.roles import EDITOR, MEDICAL_REVIEWER, TRIAL_COORDINATOR, ensure_roles
from tests.conditions.factories import inline_management

ROLE_GROUPS = {
    "editor": [EDITOR],
    "reviewer": [MEDICAL_REVIEWER],
    "coordinator": [TRIAL_COORDINATOR],
    "superuser": [],
    "no_group": [],
}


@pytest.fixture
def roles(db):
    ensure_roles()


@pytest.fixture
def staff(roles, staff_client_factory):
    """`staff("editor")` -> a verified admin Client for that role; the user is `client.user`."""

    def make(role: str, username: str | None = None):
        extra = {"is_superuser": True} if role == "superuser" else {}
        return staff_client_factory(username or role, groups=ROLE_GROUPS[role], **extra)

    return make


def article_change_form(article, **section_bodies) -> dict:
    """The admin change form for `article` as it stands, with some section bodies replaced."""
    sections = list(article.sections.all())
    data = {
        "name": article.name,
        "short_name": article.short_name,
        "slug": article.slug,
        "order": str(article.order),
        "summary": article.summary,
        "also_known_as": "[]",
        "review_interval_months": str(article.review_interval_months),
        **inline_management("sections", len(sections), len(sections)),
        **inline_management("faqs", 0),
    }
    for index, section in enumerate(sections):
        data.update({
            f"sections-{index}-id": str(section.pk),
            f"sections-{index}-article": str(article.pk),
            f"sections-{index}-order": str(section.order),
            f"sections-{index}-heading": section.heading,
            f"sections-{index}-slug": section.slug,
            f"sections-{index}-body": section_bodies.get(section.slug, section.body),
        })
    return data


@pytest.fixture
def content_dir(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "comparisons").mkdir()
    (tmp_path / "references.yaml").write_text("- {key: R1, citation: A paper., pmid: 123}\n")
    (tmp_path / "glossary.yaml").write_text(
        "- {term: Axon, slug: axon, also_called: '', definition: The long part of a nerve.}\n"
    )
    for slug, name in [("mmn", "MMN"), ("als", "ALS")]:
        (tmp_path / "articles" / f"{slug}.yaml").write_text(
            textwrap.dedent(f"""\
            name: {name} condition
            short_name: {name}
            slug: {slug}
            order: 1
            summary: About {name}.
            schema_also_known_as: [{name}]
            sections:
              - {{heading: Symptoms, slug: symptoms, body: Weak hands.}}
            references: [R1]
            faqs:
              - {{question: "Is it {name}?", slug: is-it-{slug}, answer: Maybe.}}
        """)
        )
    (tmp_path / "comparisons" / "mmn-als.yaml").write_text(
        textwrap.dedent("""\
        title: MMN and ALS
        slug: mmn-als
        order: 1
        intro: How they differ.
        columns: [mmn, als]
        references: [R1]
        rows:
          - feature: Numbness
            slug: numbness
            cells:
              mmn: {answer: "No"}
              als: {answer: "No", note: Sensation is normal.}
    """)
    )
    return tmp_path
