from django import template

from enquiries.forms import EnquiryForm, prescreen_answers

register = template.Library()


@register.inclusion_tag("enquiries/includes/ask_form.html", takes_context=True)
def ask_form(context, trial) -> dict:
    """The "Ask our trial team" form for a study page. It carries the visitor's pre-screen
    answers only when the page's URL does (such pages are never cached)."""
    if trial.is_hidden:  # only staff see the page; nobody can ask about it
        return {"form": None}
    answers = prescreen_answers(context["request"].GET)
    return {"form": EnquiryForm(trial=trial, answers=answers), "trial": trial}
