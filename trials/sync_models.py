"""What `sync_trials` follows and what each run did: the tracked conditions and the sync
runs. Models of the app, registered through trials/models.py (which imports them)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db import models
from django.urls import reverse

from common.query import parse

if TYPE_CHECKING:
    from trials.models import TrialQuerySet


class TrackedCondition(models.Model):
    """A condition the clinic follows: `sync_trials` fetches its trials and /trials/ leads
    with them. Edited by trial coordinators in the admin."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(
        max_length=40, blank=True, help_text="For example MMN; used in links and headings."
    )
    search_terms = models.TextField(
        help_text="One per line: the names ClinicalTrials.gov is asked for, and that the "
        "portal's search looks for (for example “multifocal motor neuropathy” and “MMN”)."
    )
    article = models.ForeignKey(
        "conditions.Article", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="tracked_conditions", help_text="The condition's article, if any.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "tracked condition"

    def __str__(self) -> str:
        return self.name

    # The conditions a new install follows (migration 0006 added the same rows): MMN first.
    SHIPPED = [
        ("Multifocal motor neuropathy", "MMN", "multifocal motor neuropathy\nMMN"),
        ("Chronic inflammatory demyelinating polyneuropathy", "CIDP",
         "chronic inflammatory demyelinating polyneuropathy\nCIDP"),
        ("Amyotrophic lateral sclerosis / motor neuron disease", "ALS",
         "amyotrophic lateral sclerosis\nmotor neuron disease\nALS"),
    ]

    @classmethod
    def add_shipped(cls) -> int:
        """Add the shipped conditions that are missing (staff edits to the others stay);
        returns how many were added."""
        added = 0
        for position, (name, short_name, terms) in enumerate(cls.SHIPPED):
            _, created = cls.objects.get_or_create(
                name=name,
                defaults={"position": position, "short_name": short_name, "search_terms": terms},
            )
            added += created
        return added

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def terms(self) -> list[str]:
        return [t.strip() for t in self.search_terms.splitlines() if t.strip()]

    @property
    def query_text(self) -> str:
        """The portal search for this condition: any of its terms."""
        return " OR ".join(f'"{t}"' if " " in t else t for t in self.terms)

    @property
    def search_url(self) -> str:
        return reverse("trials:list") + "?" + urlencode({"q": self.query_text})

    @property
    def registry_search_url(self) -> str:
        """ClinicalTrials.gov's own search for the condition (a link only)."""
        # The first search term: "amyotrophic lateral sclerosis", not the display name's
        # "... / motor neuron disease", which the registry's search would take literally.
        return "https://clinicaltrials.gov/search?" + urlencode(
            {"cond": self.terms[0] if self.terms else self.name})

    @classmethod
    def link_articles(cls) -> int:
        """Link conditions that have no article to the article whose slug is their name
        (the shipped articles: multifocal-motor-neuropathy, ...). Returns how many."""
        from django.apps import apps
        from django.utils.text import slugify

        Article = apps.get_model("conditions", "Article")
        linked = 0
        for condition in cls.objects.filter(article__isnull=True):
            for text in (condition.name, *condition.name.split("/")):
                article = Article.objects.published().filter(slug=slugify(text.strip())).first()
                if article:
                    condition.article = article
                    condition.save(update_fields=["article"])
                    linked += 1
                    break
        return linked

    def trials(self) -> TrialQuerySet:
        """Listed trials about this condition (no spelling help: the terms are exact)."""
        from trials.models import Trial  # trials.models imports this module

        return Trial.objects.listed().search(parse(self.query_text))

    def open_trial_count(self) -> int:
        return self.trials().open_to_join().count()


class SyncRun(models.Model):
    """One run of `sync_trials`: when, and whether it changed anything (all or nothing)."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    is_ok = models.BooleanField("succeeded", default=False)
    is_incremental = models.BooleanField(
        default=False, help_text="Fetched only studies updated since the last good run."
    )
    updated_since = models.DateField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "trial sync run"

    def __str__(self) -> str:
        state = "ok" if self.is_ok else "failed"
        return f"Sync {self.started_at:%Y-%m-%d %H:%M} ({state})"


class SyncRunCondition(models.Model):
    """What one run did for one tracked condition."""

    run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="conditions")
    condition = models.ForeignKey(
        TrackedCondition, null=True, on_delete=models.SET_NULL, related_name="sync_results"
    )
    condition_name = models.CharField(max_length=200)  # kept if the condition is deleted
    fetched = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    no_longer_matching = models.JSONField(
        default=list, blank=True,
        help_text="Listed trials that ClinicalTrials.gov no longer returns for the condition.",
    )
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["run", "pk"]
        verbose_name = "sync result for a condition"

    def __str__(self) -> str:
        return f"{self.condition_name}: {self.fetched} fetched"
