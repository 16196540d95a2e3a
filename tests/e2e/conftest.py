"""The browser tests' shared site: the shipped content and sample trials behind a live
server, loaded once for a module.

pytest-django's `live_server` makes every test transactional: the database is emptied
after each test, so each test loaded the content again (2 s on SQLite, 4 s on PostgreSQL,
most of a browser test's time). A module whose tests only read the pages, or add a row no
other test reads (a feedback, a question to the trial team), uses `site` instead: the
content is committed once for the module, a live server of the worker's own serves it, and
the database is emptied at the module's end, as after a transactional test.
"""

import io

import pytest
from django.core.management import call_command
from pytest_django.live_server_helper import LiveServer

from tests.trials.conftest import SAMPLE_DIR


@pytest.fixture(scope="session")
def site_server(django_db_setup):
    """This worker's live server for `site`, stopped when the run ends, as pytest-django's
    own is (stopped at a module's end, while the browser's last request was still being
    served, it failed in that request's thread)."""
    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def shipped_site(site_server, django_db_blocker):
    site_server._live_server_modified_settings.enable()  # as pytest-django's live_server
    try:
        with django_db_blocker.unblock():
            call_command("load_content", stdout=io.StringIO())
            call_command("import_trials", str(SAMPLE_DIR), stdout=io.StringIO())
        yield site_server
    finally:
        site_server._live_server_modified_settings.disable()
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def site(shipped_site, db):
    """The module's live site. Each test runs in a transaction rolled back at its end (on
    SQLite the server's thread shares it; on PostgreSQL what the server writes stays until
    the module's end)."""
    return shipped_site
