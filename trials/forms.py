from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms
from django.http import QueryDict
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.query import MAX_INPUT_LENGTH, MAX_QUERY_LENGTH
from common.query_languages import language
from trials.countries import shown_names
from trials.models import OPEN_STATUSES, STATUS_LABELS, Phase, Sex, Status, StudyType
from trials.search.engine import TrialSearch, country_choices
from trials.search.places import DISTANCE_LIMITS_KM

ANY_STATUS = "any"


def within_km_label(km: int):
    return format_lazy(_("Within {km} km"), km=km)


SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("updated", _("Recently updated")),
    ("start", _("Start date (newest first)")),
    ("distance", _("Distance (choose a place first)")),
]
SEX_CHOICES = [("", _("Prefer not to say")), ("female", _("Female")), ("male", _("Male"))]
SEX_VALUES = {"female": Sex.FEMALE, "male": Sex.MALE}


# The form's parts below the words (see TrialSearchForm.filters_helper, answers_helper).
FILTER_FIELDS = ("status", "phase", "type", "country", "healthy")
ANSWER_FIELDS = ("near", "within", "sort", "age", "sex", "eligible")


def country_field_choices() -> list[tuple[str, str]]:
    """The countries of listed sites, named and sorted as the page's language does; the
    value stays the registry's name."""
    named = shown_names(country_choices())
    return [("", _("Any country")), *((c.registry_name, c.label) for c in named)]


class FixedChoices:
    """A choice field whose choices are the same for every form (never changed per form), so
    building a form shares them instead of deep-copying them: the copies were a tenth of the
    time of a search served from the cache."""

    def __deepcopy__(self, memo):
        result = forms.Field.__deepcopy__(self, memo)  # the widget and validators, copied
        result._choices = self._choices
        return result


class FixedChoiceField(FixedChoices, forms.ChoiceField):
    pass


class FixedMultipleChoiceField(FixedChoices, forms.MultipleChoiceField):
    pass


class StatusCheckboxes(forms.CheckboxSelectMultiple):
    """With no status in the address the search shows the open trials (to_search), so the
    boxes are ticked for them: the boxes and the chips above the results always agree."""

    def value_from_datadict(self, data, files, name):
        if name not in data:
            return list(OPEN_STATUSES)
        return super().value_from_datadict(data, files, name)


def status_summary(chosen: list[str]) -> str:
    """The status choice in a few words, for the folded list's summary line."""
    if ANY_STATUS in chosen:
        return gettext("any status")
    if set(chosen) == set(OPEN_STATUSES):
        return gettext("taking new people")
    # Only the fixed labels: a status code the visitor made up never reaches the page.
    chosen_labels = ", ".join(str(STATUS_LABELS[s]) for s in chosen if s in STATUS_LABELS
                              ).lower()
    return chosen_labels or gettext("taking new people")


def status_fold(chosen: list[str] | None) -> str:
    """The fifteen statuses fold away on phones behind one line that says the choice
    (the same fold as the filters: open beside the results on wide screens)."""
    return format_html('<details class="trial-more-filters"><summary>{} {}</summary>',
                       gettext("Status:"), status_summary(chosen or list(OPEN_STATUSES)))


def _helper(*layout) -> FormHelper:
    """Crispy forms' instructions for one part of the search form, without the <form> tag."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


class TrialSearchForm(forms.Form):
    """The trial search and filters; GET only, so every value lives in the URL."""

    q = forms.CharField(
        # Longer than what is searched: a long query is cut at a word, with a notice.
        label=_("Search trials"), required=False, max_length=MAX_INPUT_LENGTH,
        help_text=_("For example a condition, a treatment or an NCT number."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = FixedMultipleChoiceField(
        label=_("Status"), required=False, widget=StatusCheckboxes,
        choices=[(ANY_STATUS, _("Any status")), *Status.choices], initial=list(OPEN_STATUSES),
    )
    phase = FixedMultipleChoiceField(
        label=_("Phase"), required=False, choices=Phase.choices, widget=forms.CheckboxSelectMultiple
    )
    type = FixedChoiceField(
        label=_("Type of study"), required=False,
        choices=[("", _("Any type")), *StudyType.choices],
    )
    # A callable: the list is read only when a country is checked or the form is drawn.
    country = FixedChoiceField(label=_("Country"), required=False, choices=country_field_choices)
    near = forms.CharField(
        label=_("Near this place"), required=False, max_length=MAX_QUERY_LENGTH,
        help_text=_("Any city or town, for example “London” or “Portland, Oregon”."),
    )
    within = FixedChoiceField(
        label=_("Distance"), required=False,
        choices=[("", _("Any distance")), *((str(km), within_km_label(km)) for km in
                                         DISTANCE_LIMITS_KM)],
    )
    age = forms.IntegerField(
        label=_("Your age in years"), required=False, min_value=0, max_value=120,
        help_text=_("Optional. Used only to show if you may be able to join. Never stored."),
    )
    sex = FixedChoiceField(label=_("Sex"), required=False, choices=SEX_CHOICES)
    eligible = forms.BooleanField(
        label=_("Only show trials I may be able to join"), required=False,
    )
    healthy = FixedChoiceField(
        label=_("Takes healthy volunteers"), required=False,
        choices=[("", _("Does not matter")), ("yes", _("Yes")), ("no", _("No"))],
    )
    sort = FixedChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    # The form is drawn in three parts, each kept in the cache by the values it shows
    # (trials.presentation.form_part_html), except a part that holds a visitor's answers;
    # templates/trials/trial_list.html writes the <form> and the folding around them:
    # - the words;
    # - the filters, which few visitors change;
    # - distance, sorting and the pre-screen questions.
    @cached_property
    def words_helper(self) -> FormHelper:
        return _helper(
            Div(
                Field("q"),
                HTML(format_html('<button type="submit" class="btn btn-primary btn-lg">{}</button>',
                            gettext("Find trials"))),
                css_class="trial-search-main",
            ),
        )

    @cached_property
    def filters_helper(self) -> FormHelper:
        return _helper(
            Fieldset(gettext("Filters"), HTML(status_fold(self["status"].value())),
                     Field("status"), HTML("</details>"),
                     *map(Field, FILTER_FIELDS[1:]), css_class="trial-filters"),
        )

    @cached_property
    def answers_helper(self) -> FormHelper:
        return _helper(
            Fieldset(gettext("Distance and sorting"), *map(Field, ANSWER_FIELDS[:3]),
                     css_class="trial-filters"),
            Fieldset(gettext("Could I take part? (optional)"), *map(Field, ANSWER_FIELDS[3:]),
                     css_class="trial-filters"),
        )

    @property
    def filters_in_use_count(self) -> int:
        """How many filters the visitor set (not the words)."""
        if not self.is_bound:
            return 0
        return sum(1 for name in self.fields if name != "q" and self.data.get(name))

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def clean_sex(self):
        return SEX_VALUES.get(self.cleaned_data["sex"], "")

    def to_search(self, query: QueryDict) -> TrialSearch:
        """The validated values as a search; invalid ones are left out (errors say which)."""
        if self.is_bound:
            self.is_valid()  # invalid fields are dropped from cleaned_data and shown as errors
        data = self.cleaned_data if self.is_bound else {}
        if "status" not in query or "status" in self.errors:
            statuses = list(OPEN_STATUSES)
        elif ANY_STATUS in data.get("status", []):
            statuses = []
        else:
            statuses = data.get("status") or list(OPEN_STATUSES)
        return TrialSearch(
            q=data.get("q", ""),
            statuses=statuses,
            phases=data.get("phase", []),
            study_type=data.get("type", ""),
            country=data.get("country", ""),
            age=data.get("age"),
            sex=data.get("sex", ""),
            only_eligible=data.get("eligible", False),
            healthy=data.get("healthy", ""),
            near=data.get("near", ""),
            within_km=int(data["within"]) if data.get("within") else None,
            sort=data.get("sort") or "relevance",
            language=language(translation.get_language()).code,
        )
