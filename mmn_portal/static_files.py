"""With DJANGO_DEBUG=0 pages link hashed static files (WhiteNoise's manifest storage), and
every `{% static %}` needs the manifest that `collectstatic` writes. Without it every page
would be a 500, so the server refuses to start instead and says what to run."""

from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import ImproperlyConfigured


def require_collected_static() -> None:
    # The lazy storage answers isinstance() for the storage it stands for.
    if isinstance(staticfiles_storage, ManifestFilesMixin) and (
        staticfiles_storage.read_manifest() is None
    ):
        raise ImproperlyConfigured(
            f"No static files manifest ({staticfiles_storage.manifest_name} in "
            f"{staticfiles_storage.location}). Run `python manage.py collectstatic --noinput` "
            "before starting the site: with DJANGO_DEBUG=0 every page links hashed static "
            "files listed there."
        )
