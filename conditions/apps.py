from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ConditionsConfig(AppConfig):
    name = "conditions"
    verbose_name = "Condition pages"

    def ready(self):
        from conditions.search import register_sqlite_fold

        connection_created.connect(register_sqlite_fold, dispatch_uid="conditions_sqlite_fold")
