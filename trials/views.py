"""Trial search and detail pages. The visitor's answers (age, sex, place) stay in the URL:
nothing here stores or logs them."""

import hashlib
import re

from crispy_forms.utils import render_crispy_form
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from conditions.rendering import render_markdown
from trials.eligibility import PHASE_EXPLAINED, REMINDER, split_criteria
from trials.forms import TrialSearchForm
from trials.models import NCT_ID_RE, Trial
from trials.presentation import (
    HEALTHY_TEXT,
    SEX_TEXT,
    age_range,
    could_add_sites,
    decorate_results,
    enrollment_text,
    result_notices,
    site_people,
    split_sites,
    status_chips,
    trial_dates,
    url_with,
)
from trials.registry import intervention_list, record_facts
from trials.search import MAX_RESULTS, distance_km, miles, resolve_place

CLINIC_REFERENCE_RE = re.compile(r"[-a-zA-Z0-9_]{1,80}")


def trial_list(request: HttpRequest) -> HttpResponse:
    form = TrialSearchForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # invalid fields are dropped from cleaned_data and shown as errors
    search = form.to_search(request.GET)
    place_match = resolve_place(form.cleaned_data.get("near", "") if form.is_bound else "")
    search.place = place_match.place
    page, ordered = search.page(_page_number(request.GET.get("page")))
    decorate_results(page, search)
    notices = result_notices(request.GET, form, search, page)
    if ordered.candidates_capped:
        best = "nearest" if search.sort == "distance" and search.place else "best matches"
        notices.append(
            f"Very many trials match, so these are the {best} among the {ordered.candidates:,} "
            "most recently updated ones. Add words or filters to narrow the search."
        )
    context = {
        "form": form,
        "form_html": _form_html(request, form),
        "search": search,
        "page_obj": page,
        "trials": page.object_list,
        "truncated": ordered.truncated,
        "max_results": MAX_RESULTS,
        "place_match": place_match,
        "place_suggestions": [
            (p.label, url_with(request.GET, near=p.label, page=None))
            for p in place_match.suggestions
        ],
        "chips": status_chips(request.GET, search.statuses),
        "any_status_url": url_with(request.GET, status="any", page=None),
        "notices": notices,
        "reminder": REMINDER,
        "page_urls": {
            "previous": url_with(request.GET, page=page.previous_page_number())
            if page.has_previous() else "",
            "next": url_with(request.GET, page=page.next_page_number())
            if page.has_next() else "",
        },
    }
    return render(request, "trials/trial_list.html", context)


FORM_FIELDS = ("q", "status", "phase", "type", "country", "near", "age", "sex", "eligible",
               "healthy", "sort")


def _form_html(request: HttpRequest, form: TrialSearchForm) -> str:
    """The rendered search form, cached: the same answers and content version give the same
    HTML, and rendering it (crispy forms, every country) was half of a search's time."""
    from mmn_portal.cache import carries_personal_answers, content_version

    version = content_version()
    if version is None or carries_personal_answers(request):
        return render_crispy_form(form)
    answers = repr([(name, request.GET.getlist(name)) for name in FORM_FIELDS])
    digest = hashlib.blake2b(f"{form.is_bound}{answers}".encode(), digest_size=16).hexdigest()
    key = f"trials:form:{version}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_crispy_form(form)
        cache.set(key, html, 600)
    return html


def _page_number(raw: str | None) -> int:
    try:
        return int(raw or 1)
    except ValueError:
        return 1


def trial_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    trials = Trial.objects.prefetch_related("contacts")
    if not request.user.is_staff:
        trials = trials.listed()
    if NCT_ID_RE.match(identifier.upper()):
        trial = get_object_or_404(trials, nct_id=identifier.upper())
    elif CLINIC_REFERENCE_RE.fullmatch(identifier):
        trial = get_object_or_404(trials, clinic_reference=identifier)
    else:
        raise Http404("No such trial")
    place_match = resolve_place(request.GET.get("near", "")[:200])
    if place_match.place is None:
        sites = list(trial.sites.all())
    else:
        place = place_match.place
        sites = list(
            trial.sites.annotate(
                distance_km=distance_km("latitude", "longitude", place.latitude, place.longitude)
            ).order_by("distance_km", "pk")
        )
        sites.sort(key=lambda s: (s.distance_km is None, s.distance_km or 0))
        for site in sites:
            site.distance_miles = miles(site.distance_km) if site.distance_km is not None else None
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
