import pytest

from tests.module_data import loaded_for_module


@pytest.fixture(scope="module")
def site_data_for_module(django_db_setup, django_db_blocker):
    with loaded_for_module(django_db_blocker, ("load_content",),
                           ("import_trials", "trials/sample_data")):
        yield


@pytest.fixture
def site_data(site_data_for_module, db):
    """The shipped content and sample trials, as after `make run` (loaded once for the
    module: see loaded_for_module)."""


# The role fixtures (`roles`, `staff("editor")`) for the admin access matrix.
from tests.conditions.conftest import roles, staff  # noqa: E402, F401
