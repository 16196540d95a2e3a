from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import Resolver404, resolve

from feedback.models import Feedback


class FeedbackForm(forms.ModelForm):
    is_helpful = forms.TypedChoiceField(
        label="Was this page helpful?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="What could we do better? (optional)",
        help_text="Please do not include your name, contact details or health details. "
        "We cannot reply to comments.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Feedback
        fields = ["page", "is_helpful", "comment"]
        widgets = {"page": forms.HiddenInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.add_input(Submit("send", "Send feedback"))

    def clean_page(self) -> str:
        page = self.cleaned_data["page"]
        if not page.startswith("/") or page.startswith("//"):
            raise forms.ValidationError("We could not tell which page this is about.")
        try:
            resolve(page)
        except Resolver404 as exc:
            raise forms.ValidationError("We could not tell which page this is about.") from exc
        return page
