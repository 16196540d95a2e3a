import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout, Submit
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enquiries.consent import CONSENT_TEXTS, CURRENT_VERSION
from enquiries.models import Enquiry

MESSAGE_LIMIT = Enquiry._meta.get_field("message").max_length
PHONE_RE = re.compile(r"[0-9+()\-. ]{6,30}")
MEDICAL_WARNING = _(
    "Please do not write about your health, diagnosis or treatment here. The team will ask "
    "what they need to know when they call."
)


class QuietField(forms.Field):
    """A value the visitor cannot see or change (a pre-screen answer carried from the study
    page): anything unusable is dropped instead of shown as an error."""

    widget = forms.HiddenInput

    def __init__(self, *, parse, **kwargs):
        super().__init__(required=False, **kwargs)
        self.parse = parse

    def clean(self, value):
        try:
            return self.parse(value)
        except (TypeError, ValueError):
            return None


def parse_age(value) -> int | None:
    age = int(str(value).strip())
    if not 0 <= age <= 120:
        raise ValueError(value)
    return age


def parse_sex(value) -> str | None:
    if value not in Enquiry.Sex.values:
        raise ValueError(value)
    return value


def prescreen_answers(query) -> dict:
    """The age and sex a visitor gave the pre-screen, read from a study page's URL."""
    answers = {"age": QuietField(parse=parse_age).clean(query.get("age")),
               "sex": QuietField(parse=parse_sex).clean(query.get("sex"))}
    return {name: value for name, value in answers.items() if value is not None}


class EnquiryForm(forms.ModelForm):
    """The minimum the trial team needs to call or write back, with consent.

    Drawn on every study page (which the page cache may keep), so it holds nothing about
    the visitor unless the page's own URL carried their pre-screen answers.
    """

    email = forms.EmailField(
        label=_("E-mail address"), required=False,
        max_length=Enquiry._meta.get_field("email").max_length,
        error_messages={"invalid": _("Please check the e-mail address, for example "
                                     "name@example.org.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone number"), required=False, max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    best_time = forms.ChoiceField(
        label=_("Best time to call"), required=False, choices=Enquiry.BestTime.choices,
        initial=Enquiry.BestTime.ANY, widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Your question (optional)"), help_text=MEDICAL_WARNING, required=False,
        max_length=MESSAGE_LIMIT,
        error_messages={"max_length": _("Please keep your question to %(limit_value)d "
                                        "characters or fewer (it has %(show_value)d).")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    include_answers = forms.BooleanField(required=False)
    age = QuietField(parse=parse_age)
    sex = QuietField(parse=parse_sex)
    consent = forms.BooleanField(
        error_messages={"required": _("Please tick the box to agree. Without it we cannot "
                                      "keep your request.")},
    )
    consent_version = forms.CharField(widget=forms.HiddenInput, initial=CURRENT_VERSION)
    # Left empty by people: the field is hidden from them and from screen readers.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    class Meta:
        model = Enquiry
        fields = ["first_name", "email", "phone", "best_time", "message"]
        labels = {"first_name": _("Your first name")}
        error_messages = {"first_name": {"required": _("Please tell us your first name.")}}
        widgets = {"first_name": forms.TextInput(attrs={"autocomplete": "given-name"})}

    def __init__(self, *args, trial, answers: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.trial = trial
        if self.is_bound:
            answers = {name: self.fields[name].clean(self.data.get(name))
                       for name in ("age", "sex")}
        self.answers = {name: value for name, value in (answers or {}).items()
                        if value is not None}
        if self.answers:
            self.initial.update(self.answers)
            self.fields["include_answers"].label = self.answers_label()
        else:  # nothing to offer: no answers came with the page
            for name in ("include_answers", "age", "sex"):
                del self.fields[name]
        if self.is_bound and self.data.get("consent_version") not in CONSENT_TEXTS:
            # Sent from a page drawn before the consent text changed: ask again.
            self.data = self.data.copy()
            self.data["consent_version"] = CURRENT_VERSION
            self.data.pop("consent", None)
            self.fields["consent"].error_messages["required"] = _(
                "Our consent text has changed. Please read it again and tick the box.")
        version = self.data["consent_version"] if self.is_bound else CURRENT_VERSION
        self.fields["consent"].label = CONSENT_TEXTS[version]
        self.helper = self._helper()

    def answers_label(self) -> str:
        parts = []
        if "age" in self.answers:
            parts.append(_("age %(age)d") % {"age": self.answers["age"]})
        if "sex" in self.answers:
            parts.append(str(Enquiry.Sex(self.answers["sex"]).label).lower())
        return _("Include my age and sex answers from the pre-screen (%(answers)s)") % {
            "answers": ", ".join(parts)}

    def _helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_method = "post"
        helper.form_action = reverse("enquiries:ask", args=[self.trial.pk])
        helper.form_class = "ask-form"
        helper.disable_csrf = True  # no cookie: the view checks the Origin instead
        # Without answers on the page, the browser may still offer those it holds.
        answers = (["include_answers", "age", "sex"] if self.answers else
                   [HTML(render_to_string("enquiries/includes/answers_template.html"))])
        helper.layout = Layout(
            Field("first_name"),
            Fieldset(
                _("How can we reach you?"),
                HTML("<p>{}</p>".format(_("Give an e-mail address, a phone number or both."))),
                Field("email"), Field("phone"), Field("best_time"),
            ),
            Field("message"),
            *answers,
            Field("consent"), "consent_version",
            Div(Field("website", autocomplete="off", tabindex="-1"), hidden=""),
            Submit("send", _("Send my request")),
        )
        return helper

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and (not PHONE_RE.fullmatch(phone) or sum(c.isdigit() for c in phone) < 6):
            raise forms.ValidationError(_("Please check the phone number: use digits, spaces "
                                          "and + only, for example 020 7946 0000."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not (
                self.has_error("email") or self.has_error("phone")):
            self.add_error("email", _("Please give an e-mail address or a phone number, so "
                                      "the team can reach you."))
        return cleaned

    @property
    def is_spam(self) -> bool:
        """Something typed into the field people never see."""
        return bool(self.data.get("website"))

    def save(self, commit: bool = True) -> Enquiry:
        enquiry = super().save(commit=False)
        enquiry.trial = self.trial
        enquiry.study = f"{self.trial.identifier}: {self.trial.brief_title}"[:400]
        enquiry.about_similar = not self.trial.is_open_to_join
        enquiry.consent_version = self.cleaned_data["consent_version"]
        if not self.cleaned_data.get("phone"):
            enquiry.best_time = ""
        if self.cleaned_data.get("include_answers"):
            enquiry.age = self.cleaned_data.get("age")
            enquiry.sex = self.cleaned_data.get("sex") or ""
        if commit:
            enquiry.save()
        return enquiry
