from django.apps import AppConfig


class MmnPortalConfig(AppConfig):
    """Project-level pieces: health check, site-wide search, set-up commands."""

    name = "mmn_portal"
    verbose_name = "MMN portal"
