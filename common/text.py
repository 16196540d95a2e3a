"""Text helpers shared by the apps."""

import unicodedata


def fold(text: str) -> str:
    """Casefold and strip accents, so "Guillain-Barré" matches "guillain-barre"."""
    if text.isascii():  # the common case, and far faster than the walk below
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
