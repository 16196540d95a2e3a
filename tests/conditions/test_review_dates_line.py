"""An article no clinician here has approved, and no content file dates, promises no review
date (shipped content takes its first one from conditions/content/dates.yaml)."""

import pytest

from tests.conditions.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_unreviewed_article_shows_no_next_review_date(client):
    article = ArticleFactory(reviewed_by=None, reviewed_on=None)
    page = client.get(article.get_absolute_url()).text
    assert "not yet reviewed by a clinician here" in page
    assert "Next review due" not in page
