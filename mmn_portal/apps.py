from django.apps import AppConfig


class MmnPortalConfig(AppConfig):
    """Project-level pieces: health check, site-wide search, set-up commands, page cache."""

    name = "mmn_portal"
    verbose_name = "MMN portal"

    def ready(self):
        from mmn_portal.cache import connect_signals

        connect_signals()
