"""Import ClinicalTrials.gov API v2 study records: batched, atomic per file.

Used by `import_trials`, `sync_trials` and the admin upload page. The parts:
`fields` reads typed values, `mapping` turns one record into rows (one function per module of
the record), `stream` reads the records (a file of up to 16 MB whole with orjson, bigger ones
one study at a time with ijson), `pg_copy` writes rows with PostgreSQL's COPY, and `run`
imports whole files (on PostgreSQL several side by side, in worker processes).
"""

from trials.importer.fields import StudyError, dumps, parse_age, parse_partial_date
from trials.importer.mapping import IMPORTED_FIELDS, MAX_STUDY_CHARS, Mapped, map_study
from trials.importer.pg_copy import BATCH_SIZE
from trials.importer.run import (
    ImportResult,
    expand_paths,
    finish_import,
    import_paths,
    import_stream,
    import_uploads,
)
from trials.importer.stream import MAX_NESTING, iter_studies

__all__ = [
    "BATCH_SIZE", "IMPORTED_FIELDS", "MAX_NESTING", "MAX_STUDY_CHARS", "ImportResult", "Mapped",
    "StudyError", "dumps", "expand_paths", "finish_import", "import_paths", "import_stream",
    "import_uploads", "iter_studies", "map_study", "parse_age", "parse_partial_date",
]
