from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ConditionsConfig(AppConfig):
    name = "conditions"
    verbose_name = "Condition pages"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from conditions.context_processors import forget_last_reviewed
        from conditions.search import register_sqlite_fold

        connection_created.connect(register_sqlite_fold, dispatch_uid="conditions_sqlite_fold")
        article = self.get_model("Article")
        post_save.connect(forget_last_reviewed, sender=article, dispatch_uid="conditions_lr_save")
        post_delete.connect(forget_last_reviewed, sender=article, dispatch_uid="conditions_lr_del")
