import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy_and_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "http" not in csp  # no third-party origin anywhere in the policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_anonymous_visitors_get_no_cookies(client):
    response = client.get("/")
    assert response.cookies == {}


def test_deploy_check_is_clean_with_production_settings():
    test_only = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_DEBUG"}
    env = {
        **{k: v for k, v in os.environ.items() if k not in test_only},
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "k3J9#pQ2!vX8zL5@mN7$wR4^tY6&uB1*cD0(eF3)gH2_iK9+jL8-oP7=qS6~aT5%",
        "ALLOWED_HOSTS": "example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SECRET_KEY"}}
    env["DJANGO_DEBUG"] = "0"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
