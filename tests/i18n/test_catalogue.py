"""The Spanish catalogue (locale/es/LC_MESSAGES): complete, current and compiled.

The gettext tools (msgfmt, msgcmp, xgettext; Debian's `gettext` package, which `make
test` installs) read the catalogue the way Django's compilemessages does.
"""

import gettext
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603


def test_every_string_is_translated_and_none_is_fuzzy():
    result = run("msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO))
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_every_interface_string_in_the_code_is_in_the_catalogue(tmp_path):
    """Collect the strings afresh (the same command as `make messages`) and compare."""
    call_command("update_messages", locale_dir=str(tmp_path), verbosity=0)
    fresh = tmp_path / "es" / "LC_MESSAGES" / "django.po"
    result = run("msgcmp", "--use-untranslated", str(PO), str(fresh))
    assert result.returncode == 0, "Run `make messages` and translate:\n" + result.stderr


def test_the_compiled_catalogue_is_the_po_file(tmp_path):
    compiled = tmp_path / "django.mo"
    result = run("msgfmt", "-o", str(compiled), str(PO))
    assert result.returncode == 0, result.stderr
    with MO.open("rb") as committed, compiled.open("rb") as fresh:
        assert gettext.GNUTranslations(committed)._catalog == \
            gettext.GNUTranslations(fresh)._catalog, "Run `make messages` to compile it"


@pytest.mark.parametrize(("count", "expected"), [(1, "Se encontró 1 ensayo."),
                                                 (2, "Se encontraron 2 ensayos.")])
def test_counts_take_the_spanish_plural(count, expected):
    with translation.override("es"):
        text = translation.ngettext("%(counter)s trial found.", "%(counter)s trials found.",
                                    count) % {"counter": count}
    assert text == expected


def test_spanish_dates_read_as_spanish_dates():
    import datetime

    from django.utils.formats import date_format
    with translation.override("es"):
        shown = date_format(datetime.date(2026, 3, 5), translation.gettext("j F Y"))
    assert shown == "5 de marzo de 2026"
