"""Small helpers that prepare search results and links for the templates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import partial
from urllib.parse import urlencode

from crispy_forms.utils import render_crispy_form
from django import forms
from django.core.paginator import Page
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from conditions.rendering import render_markdown
from trials.caching import FORM_HTML_CACHE
from trials.cards import clinic_site, result_cards
from trials.eligibility import (
    CLINIC_NEUTRAL_HEADING,
    HEADINGS,
    MEDICINE_TYPES,
    NA_WITH_MEDICINE,
    NEUTRAL,
    PHASE_EXPLAINED,
    REMINDER,
    describe_age,
    split_criteria,
)
from trials.forms import ANSWER_FIELDS, ANY_STATUS, FILTER_FIELDS, TrialSearchForm, status_fold
from trials.models import ONGOING_STATUSES, STATUS_LABELS, DateType
from trials.registry import (
    ESCAPE_RE,
    ROLES,
    RecordFacts,
    intervention_list,
    plain,
    record_facts,
    unescape,
)
from trials.search.engine import MAX_PAGES, MAX_RESULTS, ResultPage, TrialSearch
from trials.search.places import (
    resolve_place,
    sites_sorted_by_distance,
)
from trials.tracked import tracked_summaries


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


def result_notices(query: QueryDict, form, page: Page) -> list[str]:
    """What the visitor should know about the form and the page number."""
    notices = []
    if form.is_bound and form.errors:
        names = ", ".join(str(form.fields[name].label).lower() for name in form.errors)
        notices.append(gettext("We could not use some of what you entered ({names}), so we "
                               "left it out.").format(names=names))
    raw_page = query.get("page")
    if raw_page is not None:
        try:
            number = int(raw_page)
        except ValueError:
            notices.append(gettext("The page number was not a number, so this is page 1."))
        else:
            if number != page.number:
                notices.append(gettext("There is no page {number}. This is page {page}.")
                               .format(number=number, page=page.number))
            if number > MAX_PAGES:
                notices.append(gettext("Only the first {pages} pages are shown.")
                               .format(pages=MAX_PAGES))
    return notices


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str = ""
    external: bool = False
    found: int | None = None  # how many trials the step's search shows (None: not ours)


# Filters a visitor can take away one at a time when nothing matches (status has its own
# "any status" step), in the order the form shows them.
REMOVABLE_FILTERS = ("phase", "type", "country", "healthy", "within", "eligible")


def _filter_text(form, name: str, values: list[str]) -> str:
    field = form.fields[name]
    if name == "eligible":
        return gettext("Remove “{label}”").format(label=field.label)
    choices = {str(k): str(v) for k, v in getattr(field, "choices", [])}
    shown = ", ".join(choices.get(v, v) for v in values)
    return gettext("Remove the filter “{label}: {shown}”").format(label=field.label, shown=shown)


def registry_search_url(words: str) -> str:
    """The same words on ClinicalTrials.gov (a link the visitor follows; never fetched)."""
    return "https://clinicaltrials.gov/search?" + urlencode({"term": words})


def found_at(url: str) -> int:
    """How many trials the search at this '?…' address shows on this page's language (at
    most MAX_RESULTS)."""
    query = QueryDict(url.removeprefix("?"))
    return TrialSearchForm(query or None).to_search(query).page(1).page.paginator.count


def next_steps(query: QueryDict, form, search: TrialSearch) -> list[NextStep]:
    """What to try when nothing matches, in this order: the spelling, each filter taken
    away, any status (only when the page is not showing any status already), and the same
    words on ClinicalTrials.gov. A step of ours says how many trials it shows and is left
    out when it shows none: "mmn" among the open trials finds nothing, but it finds the
    studies that are not open, so the words are not the problem."""
    steps = []
    for name in REMOVABLE_FILTERS:
        values = [v for v in query.getlist(name) if v]
        if values and name not in form.errors:
            steps.append(NextStep(_filter_text(form, name, values),
                                  url_with(query, **{name: None, "page": None})))
    if search.statuses:
        steps.append(NextStep(gettext("Show trials with any status, not only those taking new "
                                      "people"),
                              url_with(query, status="any", page=None)))
    steps = [replace(step, found=found) for step in steps if (found := found_at(step.url))]
    if search.q:
        corrections = search.query.corrections
        words_only = url_with(QueryDict(), q=search.q, status=ANY_STATUS)
        anywhere = None if corrections else found_at(words_only)
        if corrections:
            words = " ".join(corrections.get(w, w) for w in search.q.split())
            steps.insert(0, NextStep(gettext("Search for “{words}”, spelt as we know the words")
                                     .format(words=words),
                                     url_with(query, q=words, page=None)))
        elif not anywhere:
            steps.insert(0, NextStep(gettext("Check the spelling of “{words}”, or use fewer "
                                             "words").format(words=search.q)))
        elif not steps:  # no one filter hides them all: all of them at once do
            steps.append(NextStep(gettext("Show every trial with “{words}”: any status, no "
                                          "filters").format(words=search.q),
                                  words_only, found=anywhere))
        steps.append(NextStep(gettext("Search ClinicalTrials.gov for “{words}” (opens their "
                                      "website)").format(words=search.q),
                              registry_search_url(search.q), external=True))
    return steps


# What a study page's "Back to trial search" keeps of the search: words, filters, place and
# page. Never the pre-screen answers: only the visitor's own browser may still hold those
# (static/js/back-to-search.js); the server keeps nothing.
RETURN_FIELDS = ("q", "status", "phase", "type", "country", "healthy", "near", "within",
                 "sort", "page")
UNRETURNED_ANSWERS = ("age", "sex", "eligible")


def search_return_query(query: QueryDict) -> str:
    """The search's query string without the pre-screen answers ("" for none)."""
    params = QueryDict(mutable=True)
    for name in RETURN_FIELDS:
        values = [v for v in query.getlist(name) if v]
        if values:
            params.setlist(name, values)
    return params.urlencode()


def listing_context(request: HttpRequest, form, search: TrialSearch, result: ResultPage) -> dict:
    """Everything trials/trial_list.html shows, from the form, the search and its results."""
    page, query = result.page, request.GET
    if result.place_match.message and result.place_match.place is None:
        # An unrecognised place is flagged on its own field too (drawn for this response
        # only: it holds the visitor's answer), not just in the results.
        form.add_error("near", result.place_match.message)
    return {
        "form": form,
        "form_words_html": form_part_html(form, "words", ("q",)),
        "form_filters_html": form_part_html(form, "filters", FILTER_FIELDS),
        "form_answers_html": form_part_html(form, "answers", ANSWER_FIELDS),
        # The landing page (no search yet) leads with the conditions the clinic follows.
        "tracked": [] if form.is_bound else tracked_summaries(),
        "every_trial_url": url_with(query, status="any", page=None),
        "search": search,
        "page_obj": page,
        "cards": result_cards(result.ids, search, result.ordered,
                              search_return_query(query)),
        "next_steps": [] if page.paginator.count else next_steps(query, form, search),
        "truncated": result.ordered.truncated,
        "max_results": MAX_RESULTS,
        "place_match": result.place_match,
        "place_suggestions": [
            (p.label, url_with(query, near=p.label, page=None))
            for p in result.place_match.suggestions
        ],
        "chips": status_chips(query, search.statuses),
        "any_status_url": url_with(query, status="any", page=None),
        "notices": result_notices(query, form, page) + result.notices,
        "reminder": REMINDER,
        "page_urls": {
            "previous": url_with(query, page=page.previous_page_number())
            if page.has_previous() else "",
            "next": url_with(query, page=page.next_page_number()) if page.has_next() else "",
        },
    }


def form_part_html(form, part: str, names: tuple[str, ...]) -> SafeString:
    """One part of the search form (TrialSearchForm.<part>_helper draws the fields `names`),
    from the cache: drawing a part (crispy forms, every country) took longer than the search
    itself, 3 to 10 ms for each new set of words or filters. The part is kept drawn without
    any value, and each response puts in its own (with_values): what a visitor types or
    chooses is never kept. A part with an invalid value is drawn whole (its error message
    repeats the value)."""
    if not form.is_bound:
        return FORM_HTML_CACHE.remember(partial(_draw, form, part), part)
    if any(name in form.errors for name in names):
        return _draw(form, part)
    blank = FORM_HTML_CACHE.remember(lambda: _draw(TrialSearchForm(QueryDict()), part), part,
                                     "blank")
    return with_values(blank, form, names)


def _draw(form, part: str) -> SafeString:
    return render_crispy_form(form, getattr(form, f"{part}_helper"))


def with_values(html: str, form, names: tuple[str, ...]) -> SafeString:
    """A part of the form drawn without values, with the values of `form` put in as
    Django's widgets draw them (tests compare the two over generated values): a text's
    value after its name, a select's option marked, boxes ticked, and the status fold's
    summary."""
    for name in names:
        field = form[name]
        widget, value = field.field.widget, field.value()
        if value in (None, "", [], False):
            continue  # as drawn without values
        if isinstance(widget, forms.CheckboxSelectMultiple):
            chosen = {escape(v) for v in widget.format_value(value)}
            html = _tick(html, name, lambda option, chosen=chosen: option in chosen)
        elif isinstance(widget, forms.CheckboxInput):
            ticked = widget.check_test(value)
            html = _tick(html, name, lambda option, ticked=ticked: ticked)
        elif isinstance(widget, forms.Select):
            start = html.index(f'name="{name}"')
            end = html.index("</select>", start)
            options = html[start:end].replace(" selected>", ">")
            for chosen in map(escape, widget.format_value(value)):
                options = options.replace(f'<option value="{chosen}">',
                                          f'<option value="{chosen}" selected>', 1)
            html = html[:start] + options + html[end:]
        elif (shown := widget.format_value(value)) is not None:
            html = html.replace(f'name="{name}"', f'name="{name}" value="{escape(shown)}"', 1)
    if "status" in names:
        html = html.replace(status_fold(None), status_fold(form["status"].value()), 1)
    return mark_safe(html)  # noqa: S308 - drawn HTML; every inserted value is escaped


def _tick(html: str, name: str, is_ticked) -> str:
    """Each checkbox called `name` ticked when is_ticked(its value attribute), else not."""
    def box(match: re.Match) -> str:
        tag = match.group(0).removesuffix(" checked>").removesuffix(">")
        value = re.search(r' value="([^"]*)"', tag)
        return tag + (" checked>" if is_ticked(value.group(1) if value else None) else ">")

    return re.sub(rf'<input [^>]*name="{name}"[^>]*>', box, html)


def format_partial_date(value, precision: str) -> str:
    """A month-precision date reads "May 2023"; a full date "17 May 2023"."""
    if value is None:
        return ""
    # Django's date formats name the month in the page's language (strftime would not).
    if precision == "month":
        return date_format(value, gettext("F Y"))
    return date_format(value, gettext("j F Y"))


def age_range(trial) -> str:
    low, high = trial.minimum_age_days, trial.maximum_age_days
    if low is None and high is None:
        return gettext("Any age")
    if high is None:
        return gettext("{age} and older").format(age=describe_age(low))
    if low is None:
        return gettext("Up to {age}").format(age=describe_age(high))
    return gettext("{low} to {high}").format(low=describe_age(low), high=describe_age(high))


HEALTHY_TEXT = {
    True: _("Yes: people without the condition can take part too."),
    False: _("No: only people with the condition."),
}
SEX_TEXT = {"ALL": _("Everyone"), "FEMALE": _("Women only"), "MALE": _("Men only")}


@dataclass(frozen=True)
class DateRow:
    label: str
    text: str
    kind: str  # "actual", "expected" or "" when the registry does not say

    @property
    def kind_text(self) -> str:
        return f"({self.kind_word})" if self.kind else ""

    @property
    def kind_word(self) -> str:
        return str(KIND_TEXT.get(self.kind, self.kind))


# (label when it happened, label when it is planned, label when the registry does not say)
DATE_LABELS = {
    "start_date": (_("Started"), _("Expected to start"), _("Start")),
    "primary_completion_date": (
        _("Main data collection ended"), _("Main data collection expected to end"),
        _("Main data collection ends"),
    ),
    "completion_date": (_("Study ended"), _("Study expected to end"), _("Study ends")),
}
# The registry's date types as the page says them (DateRow.kind stays the code word).
KIND_TEXT = {"actual": _("actual"), "expected": _("expected"), "estimated": _("estimated")}


def _date_row(trial, name: str, today: dt.date) -> DateRow | None:
    value = getattr(trial, name)
    if value is None:
        return None
    date_type = getattr(trial, f"{name}_type", "")
    if not date_type and value > today:  # no type given: a future date cannot have happened
        date_type = DateType.ESTIMATED
    actual, expected, unsaid = DATE_LABELS[name]
    text = format_partial_date(value, getattr(trial, f"{name}_precision"))
    if date_type == DateType.ACTUAL:
        return DateRow(actual, text, "actual")
    if date_type == DateType.ESTIMATED:
        return DateRow(expected, text, "expected")
    return DateRow(unsaid, text, "")


POSTING_KINDS = {"ACTUAL": "actual", "ESTIMATED": "estimated", "ANTICIPATED": "estimated"}


def _posting_row(label: str, value, date_type: str) -> DateRow | None:
    """A date the registry posted something, with the type the record gives it (old records
    say ESTIMATED when the registry does not know the exact day)."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return None
    if value is None:
        return None
    return DateRow(label, format_partial_date(value, "day"), POSTING_KINDS.get(date_type, ""))


def trial_dates(trial, today: dt.date | None = None, facts: RecordFacts | None = None
                ) -> list[DateRow]:
    """Every date with whether it happened or is planned, as the registry says: the type
    of each comes from the record (`facts`), never assumed."""
    today = today or timezone.localdate()
    facts = facts or RecordFacts()
    rows = [_date_row(trial, name, today) for name in DATE_LABELS]
    rows += [
        _posting_row(gettext("First posted"), trial.first_posted, facts.first_posted_type),
        _posting_row(gettext("Results first posted"), facts.results_first_posted,
                     facts.results_first_posted_type),
        _posting_row(gettext("Last updated"), trial.last_update_posted, facts.last_update_type),
    ]
    return [row for row in rows if row]


def enrollment_text(trial) -> str:
    if trial.enrollment_count is None:
        return ""
    count = trial.enrollment_count
    number = number_format(count, force_grouping=True)
    if trial.enrollment_type == DateType.ACTUAL:
        text = ngettext("{count} person took part", "{count} people took part", count)
    elif trial.enrollment_type == DateType.ESTIMATED:
        text = ngettext("{count} person planned", "{count} people planned", count)
    else:
        text = ngettext("{count} person", "{count} people", count)
    return text.format(count=number)


def site_people(site) -> list[dict]:
    """A site's contacts and investigators, with their roles in plain words."""
    people = []
    for person in site.contacts or []:
        if not isinstance(person, dict):
            continue
        phone = str(person.get("phone") or "")
        people.append({
            "name": person.get("name") or "",
            "role": plain(str(person.get("role") or ""), ROLES),
            "phone": phone,
            "tel": "".join(ch for ch in phone.split("ext.")[0] if ch.isdigit() or ch == "+"),
            "email": person.get("email") or "",
        })
    return people


def could_add_sites(trial) -> bool:
    """Only a study that is still going can add sites later."""
    return trial.overall_status in ONGOING_STATUSES and not trial.is_stale


SITES_SHOWN = 5  # more than this fold away, nearest (or first) ones stay in view


def split_sites(sites: list) -> tuple[list, list]:
    return sites[:SITES_SHOWN], sites[SITES_SHOWN:]


# Lines that start a Markdown list item ("* a", "- a", "1. a").
LIST_ITEM_RE = re.compile(r"^\s*(?:[*+-]|\d{1,3}\.)\s+\S")


# Escapes Markdown reads itself (backslash-star is a star, not a bullet); the registry
# escapes more.
MARKDOWN_ESCAPES = frozenset("\\`*_{}[]()#+-.!")
HTML_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def _registry_escape(match: re.Match) -> str:
    char = match.group(1)
    if char in HTML_ENTITIES:  # an entity: an escaped tag never becomes a tag
        return HTML_ENTITIES[char]
    return match.group(0) if char in MARKDOWN_ESCAPES else char


def registry_text_html(text: str) -> str:
    """The registry's summary or description as HTML. ClinicalTrials.gov writes Markdown
    (escapes such as "\\<" and "\\&", "* " bullets), but often starts a list right under a
    line of text, which Markdown reads as one paragraph: a blank line is put before it.
    Sanitised by nh3 like every other Markdown on the site (render_markdown)."""
    lines: list[str] = []
    for line in ESCAPE_RE.sub(_registry_escape, text or "").splitlines():
        if (LIST_ITEM_RE.match(line) and lines and lines[-1].strip()
                and not LIST_ITEM_RE.match(lines[-1])):
            lines.append("")
        lines.append(line)
    return render_markdown("\n".join(lines), id_prefix="registry")


def phase_explanations(trial) -> list[str]:
    """What each phase means; "not applicable" on a study that tests a medicine does not say
    it tests none."""
    medicine = any(isinstance(i, dict) and i.get("type") in MEDICINE_TYPES
                   for i in trial.interventions or [])
    return [NA_WITH_MEDICINE if phase == "NA" and medicine else PHASE_EXPLAINED[phase]
            for phase in trial.phases if phase in PHASE_EXPLAINED]


def criteria_sections(trial, hand_entered: bool) -> list:
    """The criteria in sections; the clinic's own text is not "as the registry writes it"."""
    sections = split_criteria(trial.eligibility_criteria)
    if hand_entered:
        for section in sections:
            if section.heading == HEADINGS[NEUTRAL]:
                section.heading = CLINIC_NEUTRAL_HEADING
    return sections


def detail_context(trial, query: QueryDict) -> dict:
    """Everything trials/trial_detail.html shows; sites nearest first when the search it
    came from (`query`) named a place."""
    place_match = resolve_place(query.get("near", ""))
    back = search_return_query(query)
    sites = list(trial.sites.all())
    if place_match.place is not None:
        sites = sites_sorted_by_distance(sites, place_match.place)
    for site in sites:
        site.people = site_people(site)
    nearby, more_sites = split_sites(sites)
    # The clinic's own studies are written in Markdown by staff; registry records in the
    # registry's Markdown (both sanitised).
    hand_entered = not trial.raw
    render = render_markdown if hand_entered else registry_text_html
    facts = record_facts(trial.raw)
    return {
        "trial": trial,
        "back_url": reverse("trials:list") + (f"?{back}" if back else ""),
        "unreturned_answers": " ".join(UNRETURNED_ANSWERS),
        "sites": sites,
        "nearby_sites": nearby,
        "more_sites": more_sites,
        "clinic_site": clinic_site(trial, len(sites), place_match.place),
        "could_add_sites": could_add_sites(trial),
        "place": place_match.place,
        "facts": facts,
        "phase_explained": phase_explanations(trial),
        "criteria": criteria_sections(trial, hand_entered),
        "reminder": REMINDER,
        "age_range": age_range(trial),
        "sex_text": SEX_TEXT.get(trial.sex, trial.sex),
        "dates": trial_dates(trial, facts=facts),
        "results_posted": _posting_row(gettext("Results first posted"),
                                       facts.results_first_posted,
                                       facts.results_first_posted_type),
        "enrollment": enrollment_text(trial),
        "interventions": intervention_list(trial.interventions),
        "healthy_text": HEALTHY_TEXT.get(trial.healthy_volunteers, ""),
        "summary_html": render(trial.brief_summary),
        "summary_text": trial.brief_summary if hand_entered else unescape(trial.brief_summary),
        "description_html": render(trial.detailed_description),
    }
