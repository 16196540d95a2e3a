"""Moved to common/results.py (a leaf module shared by the apps); kept for old imports."""

from common.results import Result, ResultGroup  # noqa: F401
