from django.conf import settings

from conditions.pages import MMN_SLUG


def site(request):
    """Site name and clinic details for the header and footer of every page."""
    return {"SITE_NAME": settings.SITE_NAME, "CLINIC": settings.CLINIC, "MMN_SLUG": MMN_SLUG}
