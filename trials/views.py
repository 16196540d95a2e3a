"""Trial search and detail pages. The visitor's answers (age, sex, place) stay in the URL:
nothing here stores or logs them."""

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from trials.forms import TrialSearchForm
from trials.models import NCT_ID_RE, Trial
from trials.presentation import detail_context, listing_context

CLINIC_REFERENCE_RE = re.compile(r"[-a-zA-Z0-9_]{1,80}")


def trial_list(request: HttpRequest) -> HttpResponse:
    form = TrialSearchForm(request.GET or None)
    search = form.to_search(request.GET)
    # An NCT id opens its study; with the pre-screen's answers, its card judges them.
    trial = None if search.has_answers else search.exact_trial()
    if trial is not None:
        return redirect(trial)
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
        # Case-insensitive, like NCT ids: a reference read out over the phone still works
        # (the exact spelling first, should two differ only in case).
        trial = (trials.filter(clinic_reference=identifier).first()
                 or trials.filter(clinic_reference__iexact=identifier).order_by("pk").first())
        if trial is None:
            raise Http404("No such trial")
    else:
        raise Http404("No such trial")
    context = detail_context(trial, request.GET)
    return render(request, "trials/trial_detail.html", context)
