"""With DJANGO_DEBUG=0 and no `collectstatic`, the server refuses to start and names the
command, instead of answering every page with a 500."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from mmn_portal.static_files import require_collected_static

MANIFEST_STORAGE = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_a_missing_manifest_is_a_start_up_error_naming_collectstatic(settings, tmp_path):
    settings.STORAGES = MANIFEST_STORAGE
    settings.STATIC_ROOT = tmp_path
    with pytest.raises(ImproperlyConfigured, match=r"manage\.py collectstatic"):
        require_collected_static()
    (tmp_path / "staticfiles.json").write_text(json.dumps({"version": "1.1", "paths": {}}))
    require_collected_static()  # collected: starts


def test_development_storage_needs_no_manifest(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path  # the tests run with DJANGO_DEBUG=1: plain storage
    require_collected_static()


def test_the_production_server_does_not_start_without_collected_static(tmp_path):
    env = {**os.environ, "DJANGO_DEBUG": "0", "SECRET_KEY": "x" * 60,
           "ALLOWED_HOSTS": "localhost", "DJANGO_STATIC_ROOT": str(tmp_path)}  # fmt: skip
    started = subprocess.run([sys.executable, "-c", "import mmn_portal.wsgi"], env=env,
                             capture_output=True, text=True, cwd=settings.BASE_DIR,
                             timeout=120)  # fmt: skip
    assert started.returncode != 0
    assert "collectstatic --noinput" in started.stderr
