from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_fts(sender, using, **kwargs):
    """A later migration that alters trials_trial on SQLite drops the FTS5 triggers."""
    from django.db import connections

    from trials.search import fts

    fts.ensure(connections[using])


class TrialsConfig(AppConfig):
    name = "trials"
    verbose_name = "Clinical trials"

    def ready(self):
        post_migrate.connect(_ensure_fts, sender=self, dispatch_uid="trials.fts.ensure")
