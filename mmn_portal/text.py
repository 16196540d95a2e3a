"""Moved to common/text.py (a leaf module shared by the apps); kept for old imports."""

from common.text import fold  # noqa: F401
