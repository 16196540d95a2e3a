from django.conf import settings

# The restart test needs PostgreSQL's own binaries; it belongs to the PostgreSQL run.
collect_ignore = [] if settings.IS_POSTGRES else ["test_postgres_restart.py"]
