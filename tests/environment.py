"""Loaded as a pytest plugin (see pyproject.toml) before Django reads its settings.

Tests run with the development flags (plain HTTP for the live server, a local secret
key); the production flags are proven separately by running `check --deploy` in a
subprocess with production variables.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")
# Playwright's sync API runs an event loop; without this ORM calls in browser tests raise
# SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Test processes that share one Redis (the workers of a run, two runs on one machine) must
# not see each other's cache entries or content versions. Set, not defaulted: a worker
# inherits the environment of the process that started it.
os.environ["CACHE_KEY_PREFIX"] = f"test-{os.getpid()}"
