"""Signals the trials app sends; other parts of the project listen (mmn_portal.cache)."""

from django.dispatch import Signal

# Sent after each imported file is committed (bulk writes send no post_save):
# sender=Trial, name=<file name>, result=<ImportResult of that file>.
trials_imported = Signal()
