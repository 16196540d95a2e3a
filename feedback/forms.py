from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core import signing
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from feedback.models import Feedback

COMMENT_HELP = _(
    "Please do not include your name, contact details or health details. We cannot reply to "
    "comments."
)
# A comment can be added to an answer for this long after it was given.
COMMENT_TOKEN_MAX_AGE = 60 * 60
_COMMENT_SALT = "feedback.comment"


def safe_page(value: str | None) -> str:
    """`value` when it is a path on this site that resolves to a page; otherwise "/".

    Only such a path is stored or turned into a link: `javascript:` and off-site
    addresses (`//host`, `/\\host`, `https://host`) never are.
    """
    value = value or ""
    if (not value.startswith("/") or value.startswith("//") or "\\" in value
            or any(ord(char) < 0x20 or ord(char) == 0x7F for char in value)):  # fmt: skip
        return "/"
    try:
        resolve(value)
    except (Resolver404, ValueError):
        return "/"
    return value


def comment_token(feedback: Feedback) -> str:
    """A signed, short-lived ticket to add a comment to this answer (no cookie needed)."""
    return signing.dumps(feedback.pk, salt=_COMMENT_SALT)


class PageField(forms.CharField):
    """The page an answer is about: never refused, anything unusable becomes "/"."""

    def clean(self, value) -> str:
        if not isinstance(value, str) or len(value) > Feedback._meta.get_field("page").max_length:
            return "/"
        return safe_page(value)


class FeedbackForm(forms.ModelForm):
    page = PageField(required=False, widget=forms.HiddenInput)
    is_helpful = forms.TypedChoiceField(
        label=_("Was this page helpful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("What could we do better? (optional)"),
        help_text=COMMENT_HELP,
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Feedback
        fields = ["page", "is_helpful", "comment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = reverse("feedback:form")
        self.helper.disable_csrf = True  # no cookie: the view checks the Origin instead
        self.helper.add_input(Submit("send", gettext("Send feedback")))


class CommentForm(forms.Form):
    """The optional second step: a comment on an answer that is already saved."""

    token = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("What could we do better? (optional)"),
        help_text=COMMENT_HELP,
        required=False,  # optional means optional: sending it empty just says thank you
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = reverse("feedback:form")
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("send", gettext("Send comment")))

    def clean_token(self) -> Feedback:
        try:
            pk = signing.loads(
                self.cleaned_data["token"], salt=_COMMENT_SALT, max_age=COMMENT_TOKEN_MAX_AGE
            )
            return Feedback.objects.get(pk=pk, comment="")
        except (signing.BadSignature, Feedback.DoesNotExist) as exc:
            raise forms.ValidationError(
                _("This answer can no longer take a comment. Thank you all the same.")
            ) from exc

    def save(self) -> Feedback:
        feedback = self.cleaned_data["token"]
        if self.cleaned_data["comment"]:
            feedback.comment = self.cleaned_data["comment"]
            feedback.save(update_fields=["comment"])
        return feedback
