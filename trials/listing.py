"""PostgreSQL only: the trial search's narrow table, `trials_listing`, kept in listing order.

A search for a word found in a few percent of all trials walks the listing order until it
has its candidates (trials/search/engine.py): 24,000 rows for "depression" at 500,000 trials.
On trials_trial (2 kB a row, rows in import order) that walk read 18,000 pages, 63 ms;
here each row holds only what the search filters on (listing keys, status, phases, type,
countries, ages, sex, the search vector: 1 kB), and rows lie in listing order, so the same
walk reads 4,000 neighbouring pages: 13 ms. Open trials come first, each part in listing
order (trials_listing_cluster_idx), so the default search, open trials only, walks one run
of neighbouring rows too (sarcoma + phase 2 or 3: 22 ms before, 15 ms after).

Database triggers (migration 0016) copy each insert, update, delete and truncate of
trials_trial here, so every write path keeps it current without the code knowing. A bulk
import then writes it again in listing order (keep_in_order); a daily sync's few changed
trials are appended, at the front of the listing order anyway (the most recently updated).
SQLite, for small sites, searches trials_trial itself.
"""

from __future__ import annotations

from django.db import connection, models

from trials.models import Trial, TrialQuerySet

TABLE = "trials_listing"
# The fields of Trial that TrialSearch.filtered() reads; migration 0016 copies the same.
FIELDS = (
    "is_at_this_clinic", "last_update_posted", "start_date", "is_hidden", "overall_status",
    "status_verified", "study_type", "phase_codes", "site_countries", "healthy_volunteers",
    "minimum_age_days", "maximum_age_days", "sex", "search_vector",
)
# An import that changed at least this share of all trials (a first load, a reload) writes
# the table again in listing order: about 14 s at 500,000 trials, during which searches wait.
REORDER_SHARE = 0.1


class TrialListing(models.Model):
    """One listed or hidden trial as the search filters it (id = the trial's id)."""

    id = models.IntegerField(primary_key=True)

    objects = TrialQuerySet.as_manager()

    class Meta:
        managed = False  # made and kept by migration 0016's SQL and triggers
        db_table = TABLE

    def __str__(self) -> str:
        return f"listing of trial {self.pk}"

    @staticmethod
    def searchable() -> TrialQuerySet:
        """What the trial search filters and orders: this table on PostgreSQL."""
        return (TrialListing.objects if connection.vendor == "postgresql"
                else Trial.objects).listed()

    @staticmethod
    def keep_in_order(changed: int) -> bool:
        """After an import that changed `changed` trials: when that is a large share of all
        of them, write the table again in listing order (CLUSTER) and refresh its planner
        statistics. True when it did."""
        if connection.vendor != "postgresql" or not changed:
            return False
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608 - a constant
            if changed < REORDER_SHARE * cursor.fetchone()[0]:
                return False
            cursor.execute(f"CLUSTER {TABLE} USING trials_listing_cluster_idx")
            cursor.execute(f"ANALYZE {TABLE}")
        return True


for _name in FIELDS:  # the same columns as Trial's, so TrialQuerySet's filters apply
    TrialListing.add_to_class(_name, Trial._meta.get_field(_name).clone())
