import pytest
from django.core.management import call_command


@pytest.fixture
def site_data(db):
    """The shipped content and sample trials, as after `make run`."""
    call_command("load_content", stdout=None)
    call_command("import_trials", "trials/sample_data", stdout=None, verbosity=0)


# The role fixtures (`roles`, `staff("editor")`) for the admin access matrix.
from tests.conditions.conftest import roles, staff  # noqa: E402, F401
