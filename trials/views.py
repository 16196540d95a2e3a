"""Trial search and detail pages. The visitor's answers (age, sex, place) stay in the URL:
nothing here stores or logs them."""

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from conditions.rendering import render_markdown
from trials.eligibility import PHASE_EXPLAINED, REMINDER, split_criteria
from trials.forms import TrialSearchForm
from trials.models import NCT_ID_RE, Trial
from trials.places import resolve_place, sites_sorted_by_distance
from trials.presentation import (
    HEALTHY_TEXT,
    SEX_TEXT,
    age_range,
    could_add_sites,
    enrollment_text,
    listing_context,
    site_people,
    split_sites,
    trial_dates,
)
from trials.registry import intervention_list, record_facts

CLINIC_REFERENCE_RE = re.compile(r"[-a-zA-Z0-9_]{1,80}")


def trial_list(request: HttpRequest) -> HttpResponse:
    form = TrialSearchForm(request.GET or None)
    search = form.to_search(request.GET)
    result = search.page(_page_number(request.GET.get("page")))
    return render(request, "trials/trial_list.html",
                  listing_context(request, form, search, result))


def _page_number(raw: str | None) -> int:
    try:
        return int(raw or 1)
    except ValueError:
        return 1


def trial_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    trials = Trial.objects.visible_to(request.user).prefetch_related("contacts")
    if NCT_ID_RE.match(identifier.upper()):
        trial = get_object_or_404(trials, nct_id=identifier.upper())
    elif CLINIC_REFERENCE_RE.fullmatch(identifier):
        trial = get_object_or_404(trials, clinic_reference=identifier)
    else:
        raise Http404("No such trial")
    place_match = resolve_place(request.GET.get("near", ""))
    sites = list(trial.sites.all())
    if place_match.place is not None:
        sites = sites_sorted_by_distance(sites, place_match.place)
    for site in sites:
        site.people = site_people(site)
    nearby, more_sites = split_sites(sites)
    # The clinic's own studies are written in Markdown by staff; registry text is shown as is.
    hand_entered = not trial.raw
    context = {
        "trial": trial,
        "sites": sites,
        "nearby_sites": nearby,
        "more_sites": more_sites,
        "could_add_sites": could_add_sites(trial),
        "place": place_match.place,
        "facts": record_facts(trial.raw),
        "phase_explained": [PHASE_EXPLAINED[p] for p in trial.phases if p in PHASE_EXPLAINED],
        "criteria": split_criteria(trial.eligibility_criteria),
        "reminder": REMINDER,
        "age_range": age_range(trial),
        "sex_text": SEX_TEXT.get(trial.sex, trial.sex),
        "dates": trial_dates(trial),
        "enrollment": enrollment_text(trial),
        "interventions": intervention_list(trial.interventions),
        "healthy_text": HEALTHY_TEXT.get(trial.healthy_volunteers, ""),
        "summary_html": render_markdown(trial.brief_summary) if hand_entered else "",
        "description_html": render_markdown(trial.detailed_description) if hand_entered else "",
    }
    return render(request, "trials/trial_detail.html", context)
