"""Data loaded once for a whole test module (see loaded_for_module)."""

import io
from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction


@contextmanager
def loaded_for_module(django_db_blocker, *commands: tuple[str, ...]):
    """Run management commands once for a module whose every database test reads what they
    load and none is transactional (from its first use to the module's end every test sees
    it): inside one transaction around the module, as Django's TestCase.setUpTestData does,
    each test's own changes in a savepoint within it (the `db` fixture), all rolled back at
    the end. Loading the shipped content for each test was a large part of the suite's time.
    """
    around_module = transaction.atomic()
    with django_db_blocker.unblock():
        around_module.__enter__()
        for command in commands:
            call_command(*command, stdout=io.StringIO(), verbosity=0)
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            around_module.__exit__(None, None, None)
