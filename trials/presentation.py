"""Small helpers that prepare search results and links for the templates."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Page
from django.http import QueryDict

from trials.eligibility import STATUS_EXPLAINED, describe_age, prescreen
from trials.forms import ANY_STATUS
from trials.models import Status
from trials.search import MAX_PAGES, TrialSearch, miles

STATUS_LABELS = dict(Status.choices)


def url_with(query: QueryDict, **changes) -> str:
    """'?…' for the current query with some keys replaced (a list sets many; None removes)."""
    params = query.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        elif isinstance(value, list | tuple):
            params.setlist(key, [str(v) for v in value])
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def status_chips(query: QueryDict, statuses: list[str]) -> list[dict]:
    """One removable chip per status filter in use (the default ones too)."""
    chips = []
    for status in statuses:
        rest = [s for s in statuses if s != status]
        chips.append(
            {
                "label": STATUS_LABELS.get(status, status),
                "remove_url": url_with(query, status=rest or [ANY_STATUS], page=None),
            }
        )
    return chips


def result_notices(query: QueryDict, form, search: TrialSearch, page: Page) -> list[str]:
    notices = []
    if form.is_bound and form.errors:
        names = ", ".join(str(form.fields[name].label).lower() for name in form.errors)
        notices.append(f"We could not use some of what you entered ({names}), so we left it out.")
    raw_page = query.get("page")
    if raw_page is not None:
        try:
            number = int(raw_page)
        except ValueError:
            notices.append("The page number was not a number, so this is page 1.")
        else:
            if number != page.number:
                notices.append(f"There is no page {number}. This is page {page.number}.")
            if number > MAX_PAGES:
                notices.append(f"Only the first {MAX_PAGES} pages are shown.")
    if search.sort == "distance" and not search.place:
        notices.append("To sort by distance, choose a place in “Near this place”.")
    if search.only_eligible and search.age is None and not search.sex:
        notices.append("Give your age or sex to show only trials you may be able to join.")
    return notices


def decorate_results(page: Page, search: TrialSearch) -> None:
    """Attach the pre-screen, nearest site and site summary to each trial on the page."""
    for trial in page.object_list:
        sites = list(trial.sites.all())
        trial.site_count = len(sites)
        trial.countries = sorted({s.country for s in sites if s.country})
        trial.status_explained = STATUS_EXPLAINED.get(trial.overall_status, "")
        trial.prescreen = prescreen(trial, age_years=search.age, sex=search.sex or None)
        trial.nearest_site = None
        if search.place:
            located = [s for s in sites if getattr(s, "distance_km", None) is not None]
            if located:
                nearest = min(located, key=lambda s: s.distance_km)
                nearest.distance_miles = miles(nearest.distance_km)
                trial.nearest_site = nearest
        trial.detail_url = trial.get_absolute_url() + (
            "?" + urlencode({"near": search.place.label}) if search.place else ""
        )


def format_partial_date(value, precision: str) -> str:
    """A month-precision date reads "May 2023"; a full date "17 May 2023"."""
    if value is None:
        return ""
    if precision == "month":
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"


def age_range(trial) -> str:
    low, high = trial.minimum_age_days, trial.maximum_age_days
    if low is None and high is None:
        return "Any age"
    if high is None:
        return f"{describe_age(low)} and older"
    if low is None:
        return f"Up to {describe_age(high)}"
    return f"{describe_age(low)} to {describe_age(high)}"


HEALTHY_TEXT = {
    True: "Yes: people without the condition can take part too.",
    False: "No: only people with the condition.",
}
SEX_TEXT = {"ALL": "Everyone", "FEMALE": "Women only", "MALE": "Men only"}


def trial_dates(trial) -> list[tuple[str, str]]:
    rows = [
        ("Start", format_partial_date(trial.start_date, trial.start_date_precision)),
        (
            "Main results expected",
            format_partial_date(
                trial.primary_completion_date, trial.primary_completion_date_precision
            ),
        ),
        ("End", format_partial_date(trial.completion_date, trial.completion_date_precision)),
        ("Last updated", format_partial_date(trial.last_update_posted, "day")),
    ]
    return [(label, text) for label, text in rows if text]
