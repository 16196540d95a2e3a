"""Who counts as staff for what the public never sees (hidden trials, previews of drafts)."""


def is_verified_staff(user) -> bool:
    """Signed-in, active staff who passed the second factor (django-otp's is_verified, which
    its middleware puts on every request's user): a stolen password alone is not enough."""
    if user is None or not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    is_verified = getattr(user, "is_verified", None)
    return callable(is_verified) and bool(is_verified())
