"""An article no clinician here has approved promises no review date."""

import pytest

from tests.conditions.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_unreviewed_article_shows_no_next_review_date(client):
    article = ArticleFactory(reviewed_by=None, reviewed_on=None)
    page = client.get(article.get_absolute_url()).text
    assert "Not yet reviewed" in page
    assert "not yet reviewed by a clinician here" in page
    assert "Next review due" not in page
