"""Reading typed values out of a study record; StudyError names the field that is wrong."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import orjson
from django.db import models

from trials.ages import DAYS_PER_UNIT
from trials.models import DatePrecision

AGE_RE = re.compile(r"^\s*(\d+)\s+(year|month|week|day|hour|minute)s?\s*$", re.IGNORECASE)


class StudyError(ValueError):
    """A study record that cannot be imported; the message names the field."""


def max_lengths(model: type[models.Model]) -> dict[str, int]:
    """{field name: max_length} of a model's text columns: the limits come from the models."""
    return {
        f.attname: f.max_length
        for f in model._meta.concrete_fields
        if f.max_length and isinstance(f, models.CharField)
    }


def clip(row: dict[str, Any], limits: dict[str, int]) -> dict[str, Any]:
    """Shorten over-long text to the column's length (registry text has no length limit)."""
    for name, limit in limits.items():
        value = row.get(name)
        if isinstance(value, str) and len(value) > limit:
            row[name] = value[:limit]
    return row


_PATHS: dict[str, tuple[str, ...]] = {}


def get(obj: Any, path: str, expected: type | tuple[type, ...] | None = None) -> Any:
    """Follow a dotted path; None when a key is missing, StudyError on a wrong type."""
    keys = _PATHS.get(path)
    if keys is None:
        keys = _PATHS[path] = tuple(path.split("."))
    current = obj
    for depth, key in enumerate(keys):
        if current is None:
            return None
        if not isinstance(current, dict):
            raise StudyError(f"{'.'.join(keys[:depth])}: expected an object")
        current = current.get(key)
    if current is not None and expected is not None and not isinstance(current, expected):
        names = expected.__name__ if isinstance(expected, type) else "/".join(
            t.__name__ for t in expected
        )
        raise StudyError(f"{path}: expected {_json_type(names)}, got {type(current).__name__}")
    return current


def _json_type(names: str) -> str:
    return {"str": "text", "list": "a list", "dict": "an object", "bool": "true/false"}.get(
        names, names
    )


def text(study: dict, path: str) -> str:
    return (get(study, path, str) or "").strip()


def choice(study: dict, path: str, choices: type, default: str | None = None) -> str:
    value = get(study, path, str)
    if value is None:
        if default is None:
            raise StudyError(f"{path} is missing")
        return default
    if value not in values_of(choices):
        raise StudyError(f"{path}: unknown value {value!r}")
    return value


_VALUES: dict[type, frozenset[str]] = {}


def values_of(choices: type) -> frozenset[str]:
    """The allowed values of a TextChoices, computed once (`.values` builds a new list)."""
    if choices not in _VALUES:
        _VALUES[choices] = frozenset(choices.values)
    return _VALUES[choices]


def parse_age(value: str | None, path: str = "age") -> int | None:
    """'18 Years' -> 6570 days; missing or 'N/A' -> None (no limit)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise StudyError(f"{path}: expected text such as '18 Years'")
    if value.strip().upper() in {"", "N/A", "NA"}:
        return None
    match = AGE_RE.match(value)
    if not match:
        raise StudyError(f"{path}: cannot read age {value!r}")
    return int(match.group(1)) * DAYS_PER_UNIT[match.group(2).lower()]


def parse_partial_date(value: Any, path: str) -> tuple[dt.date | None, str]:
    """'2023-05-17' -> (date, 'day'); '2023-05' -> (1 May 2023, 'month')."""
    if value is None:
        return None, DatePrecision.DAY
    if not isinstance(value, str):
        raise StudyError(f"{path}: expected a date as text")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value), DatePrecision.DAY
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return dt.date.fromisoformat(value + "-01"), DatePrecision.MONTH
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 1, 1), DatePrecision.MONTH
    except ValueError:
        pass
    raise StudyError(f"{path}: cannot read date {value!r}")


def str_list(study: dict, path: str) -> list[str]:
    items = get(study, path, list) or []
    if not all(isinstance(item, str) for item in items):
        raise StudyError(f"{path}: expected a list of text")
    return [item.strip() for item in items if item.strip()]


def number(value: Any, path: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise StudyError(f"{path}: expected a number")
    return float(value)


def record_version(study: dict) -> str:
    """Comparable text: lastUpdatePostDate then versionHolder (ISO dates sort as text)."""
    last = get(study, "protocolSection.statusModule.lastUpdatePostDateStruct.date", str) or ""
    holder = get(study, "derivedSection.miscInfoModule.versionHolder", str) or ""
    return f"{last} {holder}".strip()


def objects(study: dict, path: str) -> Iterator[tuple[str, dict]]:
    """(where, item) for each element of the list at `path`; each must be an object."""
    for index, item in enumerate(get(study, path, list) or []):
        where = f"{path}[{index}]"
        if not isinstance(item, dict):
            raise StudyError(f"{where}: expected an object")
        yield where, item



def dumps(value: Any) -> str:
    """Compact JSON text, non-ASCII kept: orjson (C, 5 times faster), or the standard
    library for what orjson refuses (integers beyond 64 bits)."""
    try:
        return orjson.dumps(value).decode()
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
