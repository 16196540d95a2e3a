"""The shipped content's YAML files, read with libyaml's parser when PyYAML has it: the same
safe types, several times faster (loading the content reads about 240 kB of YAML, and many
tests load it)."""

from pathlib import Path

import yaml
from django.core.management.base import CommandError

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader


def read_yaml(path: Path):
    """A file's data, or a CommandError that names the file."""
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CommandError(f"Cannot read {path}: {exc}") from exc
