from django.core.cache import cache

from conditions.pages import latest_review_date

CACHE_KEY = "conditions:content_last_reviewed"


def content_last_reviewed(request):
    """Newest article review date for the footer: one query, then cached for 5 minutes."""
    value = cache.get(CACHE_KEY)
    if value is None:
        value = latest_review_date() or ""
        cache.set(CACHE_KEY, value, 300)
    return {"content_last_reviewed": value}


def forget_last_reviewed(sender, **kwargs) -> None:
    """Signal handler: an article changed, so the footer date may have too."""
    cache.delete(CACHE_KEY)
