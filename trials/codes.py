"""Several values in one text column, as |A|B|, so "has A" filters the same way on every
database (a trial's phase_codes and site_countries)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Func, Value


def codes(values: Iterable[str]) -> str:
    """Values as |A|B| (sorted, distinct), so "has A" filters the same way on every
    database (phase_codes, site_countries)."""
    found = sorted({v.replace("|", " ").strip() for v in values if v and v.strip()})
    return "".join(f"|{v}" for v in found) + "|" if found else ""


def split_codes(text: str) -> list[str]:
    """The values of a |A|B| column, as codes() wrote them."""
    return [v for v in text.split("|") if v]


def codes_array(name: str) -> Func:
    """PostgreSQL: a |A|B| column as an array; the GIN indexes of migration 0008 are on
    exactly this expression."""
    return Func(F(name), Value("|"), function="string_to_array",
                output_field=ArrayField(models.TextField()))
