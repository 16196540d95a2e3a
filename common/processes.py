"""Django in a worker process started as a new interpreter (multiprocessing's "spawn").

A forked worker copies its parent's open sockets, including database connections the parent
does not know it still holds: while an event loop runs in a thread (Playwright's sync API
keeps one running in the test process), asgiref's Local gives Django a second set of that
thread's connections, so closing "all" connections before a fork left the first set open.
Two forked workers then shared one connection and read each other's results (CI: "zip()
argument 2 is longer than argument 1"). A new interpreter inherits no socket, thread or lock.
This module imports nothing of the project, so a worker can load it before Django is set up.
"""

import os


def start_django(settings_module: str, database_name: str) -> None:
    """Set Django up on the caller's settings and database (a test run's database has a name
    the settings do not know)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django
    from django.db import connections

    django.setup()
    connections["default"].settings_dict["NAME"] = database_name
