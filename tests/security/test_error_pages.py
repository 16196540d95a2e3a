"""With DJANGO_DEBUG=0, errors show friendly pages and leak nothing."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_not_found_with_debug_off_lists_no_urls_or_settings(client):
    html = client.get("/conditions/../../etc/passwd").content.decode()
    for leak in ["URLconf", "urlpatterns", "SECRET_KEY", "Traceback", "DATABASES"]:
        assert leak not in html
    assert "Page not found" in html
