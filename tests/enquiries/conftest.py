# The role fixtures (`roles`, `staff("coordinator")`), as the admin access matrix uses them.
from tests.conditions.conftest import roles, staff  # noqa: F401
