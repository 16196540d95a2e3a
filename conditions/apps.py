from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ConditionsConfig(AppConfig):
    name = "conditions"
    verbose_name = "Condition pages"

    def ready(self):
        from conditions.search_index import mark_stale

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(mark_stale, dispatch_uid=f"conditions.search_index.{signal}")
