"""Django in a worker process started as a new interpreter (multiprocessing's "spawn").

A forked worker would copy every other thread of its parent mid-step (a live server, a
browser driver, a cache client) along with their locks and sockets; a new interpreter copies
nothing. This module imports nothing of the project, so a worker can load it before Django
is set up.
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
