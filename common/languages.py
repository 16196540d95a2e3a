"""The portal's languages in URLs: English unprefixed, every other language under /<code>/."""

from __future__ import annotations

from django.conf import settings


def prefixed_languages() -> list[str]:
    """The languages whose pages live under /<code>/ (all but the default)."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def language_of_path(path: str) -> str:
    """The language a URL path is in: its prefix's, else the default (English)."""
    for code in prefixed_languages():
        if path == f"/{code}" or path.startswith(f"/{code}/"):
            return code
    return settings.LANGUAGE_CODE


def path_without_language(path: str) -> str:
    """The path with its language prefix taken off: /es/ask/1/ -> /ask/1/, /es/ -> /.

    Rules that speak of routes ("never cache /ask/") read this, so they hold in every
    language."""
    code = language_of_path(path)
    if code == settings.LANGUAGE_CODE:
        return path
    return path[len(code) + 1:] or "/"


def path_in_language(path: str, language: str) -> str:
    """The same route in another language: /trials/ -> /es/trials/ and back."""
    bare = path_without_language(path)
    return bare if language == settings.LANGUAGE_CODE else f"/{language}{bare}"
