"""The editorial workflow's staff fixtures, for tests that publish a translation."""

from tests.conditions.conftest import roles, staff  # noqa: F401 (fixtures)
