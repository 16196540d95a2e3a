"""The two set-up commands as a newcomer meets them: `make run` on another port, and a
README that names what each command needs on the machine."""

import subprocess

from django.conf import settings


def test_make_run_serves_on_the_port_asked_for():
    planned = subprocess.run(["make", "-n", "run", "PORT=8080"], cwd=settings.BASE_DIR,
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "manage.py runserver 127.0.0.1:8080" in planned
    default = subprocess.run(["make", "-n", "run"], cwd=settings.BASE_DIR,
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "manage.py runserver 127.0.0.1:8000" in default


def test_the_readme_names_the_system_packages_and_services_both_commands_need():
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    setup = readme[readme.index("## Set-up"):readme.index("## What is where")]
    for needed in ["python3-venv", "nodejs", "npm", "chromium", "postgresql", "redis-server",
                   "PostgreSQL on 127.0.0.1:5432", "Redis on 127.0.0.1:6379", ".ci/run",
                   "make run PORT=8080"]:  # fmt: skip
        assert needed in setup, needed
