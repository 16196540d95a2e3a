"""Clinical trials, their sites and contacts, and the places near which visitors search.

Models and querysets only: the values derived from a trial's fields are in trials/derived.py,
the |A|B| code columns in trials/codes.py, the stale-status rule in trials/staleness.py. The
spelling vocabulary (trials/search/words.py), the sync models (trials/sync_models.py) and the
search's narrow table (trials/listing.py) are models of this app in modules of their own,
registered here by importing them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.query import NCT_ID_RE, Query
from common.staff import is_verified_staff
from trials.ages import DAYS_PER_YEAR
from trials.codes import codes, codes_array
from trials.derived import DENORMALISED_INPUTS, clinic_text_digest, denormalised, vocabulary_text
from trials.search import fts
from trials.search.words import SearchWord
from trials.staleness import stale_cutoff, stale_q
from trials.status import (  # noqa: F401 (the status table, read through models too)
    ONGOING_STATUSES,
    OPEN_STATUSES,
    STATUS_INFO,
    STATUS_LABELS,
    Status,
    StatusInfo,
)
from trials.sync_models import (  # noqa: F401 (models of this app, registered here)
    SyncRun,
    SyncRunCondition,
    TrackedCondition,
)

NCT_ID_PATTERN = NCT_ID_RE.pattern


class DateType(models.TextChoices):
    """ClinicalTrials.gov's date (and enrolment) types: did it happen, or is it planned?"""

    ACTUAL = "ACTUAL", _("Actual")
    ESTIMATED = "ESTIMATED", _("Expected")


class Phase(models.TextChoices):
    """ClinicalTrials.gov API v2 `phases` values (a trial can have two)."""

    EARLY_PHASE1 = "EARLY_PHASE1", _("Early phase 1")
    PHASE1 = "PHASE1", _("Phase 1")
    PHASE2 = "PHASE2", _("Phase 2")
    PHASE3 = "PHASE3", _("Phase 3")
    PHASE4 = "PHASE4", _("Phase 4")
    NA = "NA", _("Not applicable")


PHASE_LABELS: dict[str, str] = dict(Phase.choices)  # built once, as STATUS_LABELS


class StudyType(models.TextChoices):
    INTERVENTIONAL = "INTERVENTIONAL", _("Interventional (tests a treatment)")
    OBSERVATIONAL = "OBSERVATIONAL", _("Observational (watches and measures)")
    EXPANDED_ACCESS = "EXPANDED_ACCESS", _("Expanded access")


class Sex(models.TextChoices):
    ALL = "ALL", _("All")
    FEMALE = "FEMALE", _("Female")
    MALE = "MALE", _("Male")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")


class TrialQuerySet(models.QuerySet):
    def listed(self) -> TrialQuerySet:
        """Shown to the public: not hidden by staff."""
        return self.filter(is_hidden=False)

    def visible_to(self, user) -> TrialQuerySet:
        """The one rule for hidden trials: shown only to staff who passed the second factor
        (django-otp's is_verified), so a stolen password alone never reveals them."""
        return self.all() if is_verified_staff(user) else self.listed()

    def with_status(self, statuses: Iterable[str]) -> TrialQuerySet:
        """Trials showing one of these statuses today: a stale "Recruiting" shows as Unknown."""
        statuses = list(statuses)
        if not statuses:
            return self
        stale = stale_q()
        shown = Q(overall_status__in=statuses) & ~stale
        if Status.UNKNOWN in statuses:
            shown |= stale
        return self.filter(shown)

    def open_to_join(self) -> TrialQuerySet:
        """Trials someone new could ask to join today: an open status the registry still
        vouches for (the default listing, the pre-screen and the dashboard agree on this)."""
        return self.filter(overall_status__in=OPEN_STATUSES).exclude(stale_q())

    def stale(self) -> TrialQuerySet:
        """Trials that say they are going on, but whose status is no longer confirmed."""
        return self.filter(stale_q())

    def with_phase(self, phases: Iterable[str]) -> TrialQuerySet:
        """Trials in any of these phases: on PostgreSQL the form that the search's word
        indexes hold beside the words (migration 0019), so words and phases are matched in
        the index before any row is read."""
        phases = list(phases)
        if not phases:
            return self
        if connection.vendor == "postgresql":
            return self.alias(_phases=codes_array("phase_codes")).filter(
                _phases__overlap=phases
            )
        condition = Q()
        for phase in phases:
            condition |= Q(phase_codes__contains=f"|{phase}|")
        return self.filter(condition)

    def in_country(self, country: str) -> TrialQuerySet:
        """Trials with a site in this country, from the trial row: a condition the planner
        can check while walking a listing index (and stop early), or look up beside the
        words in the search's word indexes (migration 0019) for a rare country, instead of
        probing the sites of every trial that matches the other filters."""
        if connection.vendor == "postgresql":
            return self.alias(_countries=codes_array("site_countries")).filter(
                _countries__contains=[country]
            )
        return self.filter(site_countries__contains=codes([country]))

    def suitable_for(self, *, age_years: int | None = None, sex: str | None = None):
        """Trials whose age and sex limits include this person (None = not given)."""
        qs = self
        if age_years is not None:
            days = age_years * DAYS_PER_YEAR
            qs = qs.filter(
                Q(minimum_age_days__isnull=True) | Q(minimum_age_days__lte=days),
                Q(maximum_age_days__isnull=True) | Q(maximum_age_days__gte=days),
            )
        if sex in (Sex.FEMALE, Sex.MALE):
            qs = qs.filter(sex__in=[Sex.ALL, sex])
        return qs

    def search(self, query: Query | str) -> TrialQuerySet:
        """Trials matching the query (see common/query.py), annotated with `rank` (higher is
        better) when it has words to match. The same parsed query on both databases:
        PostgreSQL's stored search vector, or SQLite's FTS5 index (trials/search/fts.py)."""
        if isinstance(query, str):
            from trials.search.spelling import parse_query

            query = parse_query(query)
        if query.nct_id:
            return self.filter(nct_id=query.nct_id)
        if not query.clauses:
            return self
        # The registry's records are in English: a Spanish query looks for the English
        # words its synonym phrases mean ("neuropatía motora multifocal": "mmn").
        return fts.INDEX.search(self, query.in_registry_terms().clauses)

    def refresh_search_index(self) -> int:
        """Recompute the stored search vector (PostgreSQL) and add words to the vocabulary.

        A database trigger keeps the vector current on every insert and update (migrations
        0002 and 0012) and computes it again when it is cleared, as here: for example after
        a change of search configuration.
        """
        SearchWord.add_from_trials(self)
        if connection.vendor != "postgresql":
            return 0
        return self.update(search_vector=None)


class Trial(models.Model):
    """One study, from ClinicalTrials.gov or added by clinic staff."""

    # NULL rather than "" when absent, so the unique constraints ignore missing ids.
    nct_id = models.CharField(  # noqa: DJ001
        "NCT id", max_length=11, null=True, blank=True, help_text="For example NCT01234567."
    )
    clinic_reference = models.SlugField(  # noqa: DJ001
        max_length=80,
        null=True,
        blank=True,
        help_text="For the clinic's own studies without an NCT id; used in the web address.",
    )
    brief_title = models.CharField(max_length=500)
    official_title = models.TextField(blank=True)
    acronym = models.CharField(max_length=100, blank=True)
    brief_summary = models.TextField(blank=True)
    detailed_description = models.TextField(blank=True)
    overall_status = models.CharField(
        "status", max_length=32, choices=Status.choices, default=Status.RECRUITING
    )
    why_stopped = models.TextField(blank=True)
    status_verified = models.DateField(
        "status last verified", null=True, blank=True,
        help_text="The month the sponsor last confirmed the status (first day of that month).",
    )
    last_known_status = models.CharField(
        max_length=32, choices=Status.choices, blank=True,
        help_text="What the registry last heard, when it now says Unknown status.",
    )
    phases = models.JSONField(default=list, blank=True, help_text='A list such as ["PHASE2"].')
    phase_codes = models.CharField(
        max_length=80, blank=True, editable=False, db_index=True,
        help_text="Phases as |PHASE1|PHASE2| so they filter the same way on every database.",
    )
    site_countries = models.TextField(
        blank=True, editable=False,
        help_text="Its sites' countries as |Canada|United States|, for the country filter. "
        "Kept current by Site.save() and delete() and by the importer.",
    )
    site_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="How many sites it lists; kept like site_countries.",
    )
    study_type = models.CharField(
        max_length=20, choices=StudyType.choices, default=StudyType.INTERVENTIONAL
    )
    conditions = models.JSONField(default=list, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    interventions = models.JSONField(
        default=list, blank=True, help_text='A list of {"type": ..., "name": ...}.'
    )
    conditions_text = models.TextField(blank=True, editable=False)
    interventions_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    eligibility_criteria = models.TextField(blank=True)
    minimum_age_days = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: none.")
    maximum_age_days = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: none.")
    sex = models.CharField(max_length=6, choices=Sex.choices, default=Sex.ALL)
    healthy_volunteers = models.BooleanField(null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    start_date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    start_date_type = models.CharField(
        max_length=9, choices=DateType.choices, blank=True, help_text="Empty: not given."
    )
    primary_completion_date = models.DateField(null=True, blank=True)
    primary_completion_date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    primary_completion_date_type = models.CharField(
        max_length=9, choices=DateType.choices, blank=True, help_text="Empty: not given."
    )
    completion_date = models.DateField(null=True, blank=True)
    completion_date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    completion_date_type = models.CharField(
        max_length=9, choices=DateType.choices, blank=True, help_text="Empty: not given."
    )
    last_update_posted = models.DateField(null=True, blank=True, db_index=True)
    first_posted = models.DateField(null=True, blank=True)
    enrollment_count = models.PositiveIntegerField(
        "number of participants", null=True, blank=True
    )
    enrollment_type = models.CharField(
        "participants: actual or planned", max_length=9, choices=DateType.choices, blank=True
    )
    has_results = models.BooleanField(
        "results posted", default=False, help_text="Results are on ClinicalTrials.gov."
    )
    lead_sponsor = models.CharField(max_length=500, blank=True)
    is_at_this_clinic = models.BooleanField("at this clinic", default=False)
    is_hidden = models.BooleanField("hidden", default=False)
    # The record as received, as compact JSON text: kept for re-deriving fields later. Text,
    # not jsonb: nothing queries inside it, and jsonb made inserts five times slower.
    raw = models.TextField("raw record", null=True, blank=True, editable=False)  # noqa: DJ001
    record_digest = models.CharField(
        max_length=32, blank=True, editable=False,
        help_text="Hash of the raw record: an identical record re-imported changes nothing.",
    )
    record_version = models.CharField(
        max_length=40, blank=True, editable=False,
        help_text="lastUpdatePostDate and versionHolder: a newer record replaces an older one.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The clinic's own studies are the clinic's words to patients: they are public only as
    # a second person approved them (trials/admin.py "approve_clinic_text").
    clinic_text_digest = models.CharField(
        max_length=64, blank=True, editable=False,
        help_text="Fingerprint of the clinic's own words as last approved.",
    )
    clinic_text_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        editable=False,
        related_name="+",
    )
    clinic_text_approved_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=["raw", "record_digest", "search_vector", "site_countries", "site_count"]
    )
    objects = TrialQuerySet.as_manager()

    class Meta:
        ordering = ["-last_update_posted", "pk"]
        verbose_name = "trial"
        constraints = [
            models.UniqueConstraint(
                fields=["nct_id"], condition=Q(nct_id__isnull=False), name="trial_nct_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(nct_id__isnull=True) | Q(nct_id__regex=NCT_ID_PATTERN),
                name="trial_nct_id_format",
            ),
            models.UniqueConstraint(
                fields=["clinic_reference"],
                condition=Q(clinic_reference__isnull=False),
                name="trial_clinic_reference_unique",
            ),
            models.CheckConstraint(
                condition=Q(nct_id__isnull=False) | Q(clinic_reference__isnull=False),
                name="trial_has_identifier",
            ),
            models.CheckConstraint(
                condition=Q(minimum_age_days__isnull=True)
                | Q(maximum_age_days__isnull=True)
                | Q(minimum_age_days__lte=models.F("maximum_age_days")),
                name="trial_age_range_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["overall_status", "is_hidden"], name="trial_status_hidden_idx"),
            models.Index(Upper("clinic_reference"), name="trial_clinic_ref_upper_idx"),
            # For searches outside the trial search (tracked conditions); the trial search
            # reads trials_listing and its indexes on PostgreSQL (trials/listing.py).
            GinIndex(fields=["search_vector"], name="trial_search_vector_gin"),
        ]
        permissions = [
            ("import_trials", "Can import trials from ClinicalTrials.gov files"),
            ("approve_clinic_text", "Can approve the clinic's own study text for the public"),
        ]

    def __str__(self) -> str:
        return f"{self.identifier}: {self.brief_title}"

    def save(self, *args, **kwargs):
        if self.is_clinic_own and self.clinic_text_digest != clinic_text_digest(self):
            # Words nobody else approved are never public: hidden until a second person
            # approves them (an edit after approval hides the study again).
            self.is_hidden = True
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "is_hidden"}
        self.refresh_denormalised()
        if self.pk is not None:  # a copy loaded before its sites changed must not undo them
            self.site_countries, self.site_count = site_summary_of(self.pk)
        super().save(*args, **kwargs)
        if connection.vendor == "postgresql":  # the trigger has set the vector
            SearchWord.add_from_values([vocabulary_text(self._inputs())])
        else:
            Trial.objects.filter(pk=self.pk).refresh_search_index()

    def get_absolute_url(self) -> str:
        return reverse("trials:detail", args=[self.identifier])

    @property
    def identifier(self) -> str:
        return self.nct_id or self.clinic_reference or ""

    @property
    def is_clinic_own(self) -> bool:
        """Written by the clinic, not imported from the registry (which has no review here:
        its records are shown as the registry's words)."""
        return not self.nct_id

    @property
    def registry_url(self) -> str:
        return f"https://clinicaltrials.gov/study/{self.nct_id}" if self.nct_id else ""

    @property
    def results_url(self) -> str:
        return f"{self.registry_url}?tab=results" if self.nct_id and self.has_results else ""

    @property
    def is_stale(self) -> bool:
        """The registry no longer vouches for this status (shown as "not confirmed")."""
        if self.overall_status == Status.UNKNOWN:
            return True
        return (
            self.overall_status in ONGOING_STATUSES
            and self.status_verified is not None
            and self.status_verified < stale_cutoff()
        )

    @property
    def shown_status(self) -> str:
        return Status.UNKNOWN if self.is_stale else self.overall_status

    @property
    def status_info(self) -> StatusInfo:
        return STATUS_INFO.get(self.shown_status, STATUS_INFO[Status.UNKNOWN])

    @property
    def is_open_to_join(self) -> bool:
        """The same rule as TrialQuerySet.open_to_join(), for one trial already loaded."""
        return not self.is_stale and STATUS_INFO[self.overall_status].is_open

    @property
    def status_label(self) -> str:
        """Short status for lists: "Recruiting", or "Status not confirmed since May 2020"."""
        if not self.is_stale:
            return str(STATUS_LABELS.get(self.overall_status, self.overall_status))
        if self.status_verified:
            return gettext("Status not confirmed since {month}").format(
                month=date_format(self.status_verified, gettext("F Y")))
        return gettext("Status not confirmed")

    @property
    def status_explained(self) -> str:
        """The status in plain words, with what the registry last heard when it is stale."""
        if not self.is_stale:
            return str(self.status_info.meaning)
        last = self.last_known_status or (
            self.overall_status if self.overall_status != Status.UNKNOWN else ""
        )
        text = gettext("{status}. The study may have ended or changed.").format(
            status=self.status_label)
        if last:
            text += " " + gettext("Last reported as: {status}.").format(
                status=str(Status(last).label).lower())
        return text

    @property
    def phase_label(self) -> str:
        return " / ".join(str(PHASE_LABELS.get(code, code)) for code in self.phases or [])

    def refresh_denormalised(self) -> None:
        """Fill the derived columns used for filtering and matching from the typed fields."""
        for name, value in denormalised(self._inputs()).items():
            setattr(self, name, value)

    def _inputs(self) -> dict:
        return {name: getattr(self, name) for name in DENORMALISED_INPUTS}


class Site(models.Model):
    """A place where the trial runs (API: contactsLocationsModule.locations)."""

    # Indexed by site_trial_point_id_idx (Meta), which also holds the coordinates.
    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="sites",
                              db_index=False)
    facility = models.CharField(max_length=500, blank=True)
    city = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=40, blank=True)
    country = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=32, choices=Status.choices, blank=True)
    contacts = models.JSONField(
        default=list, blank=True,
        help_text='This site\'s own contacts and investigators: [{"name", "role", "phone", '
        '"email"}].',
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["country", "city", "facility", "pk"]
        indexes = [
            models.Index(fields=["city", "country"], name="site_city_country_idx"),
            # The country filter: trials with a site in a country, from the index alone.
            models.Index(fields=["country", "trial"], name="site_country_trial_idx"),
            # A trial's sites, with their coordinates and ids in the index itself
            # (PostgreSQL), so measuring distances reads no site rows: an index-only scan.
            models.Index(fields=["trial"], include=["latitude", "longitude", "id"],
                         name="site_trial_point_id_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="site_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="site_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.facility, self.city, self.country) if part)

    # Staff edit sites one by one (admin inlines); bulk writes (the importer) set the
    # trial's site_countries and site_count themselves.
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        summary = refresh_site_summary(self.trial_id)
        if Site.trial.is_cached(self):
            self.trial.site_countries, self.trial.site_count = summary

    def delete(self, *args, **kwargs):
        trial_id = self.trial_id
        result = super().delete(*args, **kwargs)
        refresh_site_summary(trial_id)
        return result

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.city, self.state, self.country) if part)

    @classmethod
    def listed_countries(cls) -> list[str]:
        """The countries where listed trials have sites, in order.

        Hops from one country to the next along site_country_trial_idx (a loose index
        scan: one probe per country) and asks whether each has a site of a listed trial
        (LIMIT 1: each country stops at its first, instead of the planner joining every
        site). DISTINCT over every site read all 2.5 million sites at 500,000 trials (0.7 s).
        """
        site, trial = cls._meta.db_table, Trial._meta.db_table
        # Table names from the models; no value from outside.
        sql = f"""
            WITH RECURSIVE countries(country) AS (
                SELECT (SELECT min(country) FROM {site} WHERE country > '')
                UNION ALL
                SELECT (SELECT min(s.country) FROM {site} s WHERE s.country > c.country)
                FROM countries c WHERE c.country IS NOT NULL
            )
            SELECT country FROM countries c WHERE country IS NOT NULL AND (
                SELECT 1 FROM {site} s JOIN {trial} t ON t.id = s.trial_id
                WHERE s.country = c.country AND NOT t.is_hidden LIMIT 1
            ) = 1 ORDER BY country
        """  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return [row[0] for row in cursor.fetchall()]


def site_summary_of(trial_id: int) -> tuple[str, int]:
    """A stored trial's site_countries and site_count, from its sites as they are now."""
    countries = list(Site.objects.filter(trial_id=trial_id).values_list("country", flat=True))
    return codes(countries), len(countries)


def refresh_site_summary(trial_id: int) -> tuple[str, int]:
    """Recompute one trial's site_countries and site_count; return the new values."""
    countries, count = site_summary_of(trial_id)
    Trial.objects.filter(pk=trial_id).update(site_countries=countries, site_count=count)
    return countries, count


class CentralContact(models.Model):
    """Who to ask about the trial (API: contactsLocationsModule.centralContacts)."""

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=300, blank=True)
    role = models.CharField(max_length=50, blank=True)
    phone = models.CharField(max_length=100, blank=True)
    email = models.EmailField(max_length=254, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "central contact"

    def __str__(self) -> str:
        return self.name or self.email or self.phone or "Contact"


class Place(models.Model):
    """A city that has trial sites, with an average position; `near` picks one of these."""

    city = models.CharField(max_length=200)
    country = models.CharField(max_length=200)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["city", "country"]
        constraints = [
            models.UniqueConstraint(fields=["city", "country"], name="place_city_country_unique")
        ]
        indexes = [models.Index(Upper("city"), name="place_city_upper_idx")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.city}, {self.country}"

    @classmethod
    def refresh(cls, pairs: Iterable[tuple[str, str]] | None = None) -> int:
        """Rebuild the list from the sites that have coordinates.

        With `pairs` (city, country), only those places are recomputed: an import that
        touched a few cities does not re-read every site in the database.
        """
        scope = Q()
        if pairs is not None:
            pairs = sorted(set(pairs))
            if not pairs:
                return 0
            if len(pairs) <= PLACE_REFRESH_MAX_PAIRS:
                for city, country in pairs:
                    scope |= Q(city=city, country=country)
        rows = (
            Site.objects.filter(scope)
            .exclude(city="")
            .exclude(country="")
            .filter(latitude__isnull=False, longitude__isnull=False, trial__is_hidden=False)
            .values("city", "country")
            .annotate(lat=models.Avg("latitude"), lon=models.Avg("longitude"))
            .order_by()
        )
        places = [
            cls(city=r["city"], country=r["country"], latitude=r["lat"], longitude=r["lon"])
            for r in rows
        ]
        cls.objects.filter(scope).delete()
        cls.objects.bulk_create(places, batch_size=1000)
        return len(places)


PLACE_REFRESH_MAX_PAIRS = 300  # beyond this one pass over all sites is cheaper


from trials.listing import TrialListing  # noqa: E402, F401 (copies Trial's fields: below it)
