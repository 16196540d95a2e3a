from common.versioned_cache import VersionedEntry
from conditions.pages import latest_review_date

# Every article change starts a new content version, so this key needs no deleting.
LAST_REVIEWED_CACHE = VersionedEntry("conditions:last-reviewed", 600)


def last_reviewed():
    return LAST_REVIEWED_CACHE.remember(lambda: latest_review_date() or "")


def content_last_reviewed(request):
    """Newest article review date for the footer: one query per content version, and only
    on pages that show it (templates call the function)."""
    return {"content_last_reviewed": last_reviewed}
