"""Schema.org JSON-LD for every public page type, built here and nowhere else.

Each builder returns a plain dict; `script_text` turns it into JSON that cannot close its
<script> element. Templates emit it with `{% json_ld ... %}` (conditions/templatetags),
which adds the CSP nonce. tests/test_structured_data.py checks every type and property
used here against the vendored schema.org release (tests/data/schemaorg/).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from common.breadcrumbs import trail
from common.languages import content_language
from conditions.rendering import plain_text

CONTEXT = "https://schema.org"
# inLanguage: the language a page's own words are in (common.languages.content_language);
# the English content is written in American English.
LANGUAGE_TAGS = {"en": "en-US", "es": "es"}
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# ClinicalTrials.gov overall status -> schema.org MedicalStudyStatus member.
TRIAL_STATUS = {
    "RECRUITING": "Recruiting",
    "NOT_YET_RECRUITING": "NotYetRecruiting",
    "ENROLLING_BY_INVITATION": "EnrollingByInvitation",
    "ACTIVE_NOT_RECRUITING": "ActiveNotRecruiting",
    "SUSPENDED": "Suspended",
    "TERMINATED": "Terminated",
    "COMPLETED": "Completed",
    "WITHDRAWN": "Withdrawn",
}


def in_language(item=None) -> str:
    """The page's language, or English when `item` is shown untranslated on it."""
    code = content_language(item)
    return LANGUAGE_TAGS.get(code, code)


def script_text(data: dict) -> SafeString:
    """JSON that cannot close its <script> element, like Django's json_script."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_ESCAPES))  # noqa: S308


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def clinic(request) -> dict:
    """The clinic that publishes the site, with whatever contact details are configured."""
    details = settings.CLINIC
    data = {"@type": "MedicalOrganization", "name": details["name"],
            "url": _absolute(request, "/")}  # fmt: skip
    if details.get("address"):
        data["address"] = " ".join(details["address"].split())
    if details.get("phone"):
        data["telephone"] = details["phone"]
    if details.get("email"):
        data["email"] = details["email"]
    return data


def website(request) -> dict:
    return {
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": _absolute(request, reverse("conditions:home")),
        "inLanguage": in_language(),
        "publisher": clinic(request),
    }


def home_page(article, request) -> dict:
    """The home page: the site, the clinic behind it, and the page itself, whose text is
    the MMN article's summary (and carries that article's review record)."""
    page = {"@type": "WebPage", "name": settings.SITE_NAME,
            "url": _absolute(request, reverse("conditions:home")),
            "inLanguage": in_language(article)}  # fmt: skip
    if article is not None:
        _reviewed(article.review_record, page)
    return {"@context": CONTEXT, "@graph": [website(request), clinic(request), page]}


def medical_condition(article) -> dict:
    condition = {"@type": "MedicalCondition", "name": article.name}
    names = [*([article.short_name] if article.short_name else []), *article.also_known_as]
    if names:
        condition["alternateName"] = list(dict.fromkeys(names))
    codes = [
        {"@type": "MedicalCode", "codeValue": str(code["code"]),
         "codingSystem": code["system"]}  # fmt: skip
        for code in article.medical_codes or []
        if code.get("code") and code.get("system")
    ]
    if codes:
        condition["code"] = codes
    if article.treatments:
        condition["possibleTreatment"] = [
            {"@type": "MedicalTherapy", "name": name} for name in article.treatments
        ]
    if article.signs_and_symptoms:
        condition["signOrSymptom"] = [
            {"@type": "MedicalSignOrSymptom", "name": name} for name in article.signs_and_symptoms
        ]
    return condition


def _reviewed(record, data: dict) -> dict:
    """Review and change dates from the page's review record (Reviewed.review_record)."""
    if record.changed_on:
        data["dateModified"] = record.changed_on.isoformat()
    if record.is_reviewed:
        data["lastReviewed"] = record.reviewed_on.isoformat()
        data["reviewedBy"] = {"@type": "Person", "name": record.reviewer}
    return data


def breadcrumb_list(kind: str, item, request) -> dict:
    """The same trail the page shows as its breadcrumb navigation."""
    return {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": number, "name": crumb.label,
         "item": _absolute(request, crumb.url)}
        for number, crumb in enumerate(trail(kind, item), start=1)
    ]}  # fmt: skip


def item_list(entries) -> dict:
    """An ItemList of (name, absolute url) pairs, in page order."""
    return {"@type": "ItemList", "itemListElement": [
        {"@type": "ListItem", "position": number, "name": name, "url": url}
        for number, (name, url) in enumerate(entries, start=1)
    ]}  # fmt: skip


def faq_questions(faqs) -> list[dict]:
    """The questions and answers the page shows, answers as plain text without citations."""
    return [
        {"@type": "Question", "name": faq.question,
         "acceptedAnswer": {"@type": "Answer", "text": " ".join(plain_text(faq.answer).split())}}
        for faq in faqs
    ]  # fmt: skip


def article_page(article, request) -> dict:
    data = {
        "@context": CONTEXT,
        "@type": "MedicalWebPage",
        "name": article.title,
        "description": article.summary,
        "url": _absolute(request, article.get_absolute_url()),
        "about": medical_condition(article),
        "audience": {"@type": "Patient"},
        "inLanguage": in_language(article),
        "publisher": clinic(request),
        "isPartOf": {"@type": "WebSite", "name": settings.SITE_NAME,
                     "url": _absolute(request, reverse("conditions:home"))},  # fmt: skip
        "breadcrumb": breadcrumb_list("article", article, request),
    }
    faqs = getattr(article, "published_faqs", [])
    if faqs:  # the page's "Common questions": it is an FAQ page as well
        data["@type"] = ["MedicalWebPage", "FAQPage"]
        data["mainEntity"] = faq_questions(faqs)
    return _reviewed(article.review_record, data)


def condition_list_page(articles, request) -> dict:
    return {
        "@context": CONTEXT,
        "@type": "CollectionPage",
        "name": gettext("About the conditions"),
        "url": _absolute(request, reverse("conditions:list")),
        "inLanguage": in_language(),
        "publisher": clinic(request),
        "mainEntity": item_list(
            (article.title, _absolute(request, article.get_absolute_url()))
            for article in articles
        ),
    }


def comparison_page(comparison, columns, request) -> dict:
    data = {
        "@context": CONTEXT,
        "@type": "MedicalWebPage",
        "name": comparison.title,
        "url": _absolute(request, comparison.get_absolute_url()),
        "about": [medical_condition(column.article) for column in columns],
        "audience": {"@type": "Patient"},
        "inLanguage": in_language(comparison),
        "publisher": clinic(request),
        "breadcrumb": breadcrumb_list("comparison", comparison, request),
    }
    return _reviewed(comparison.review_record, data)


def _term_set(request) -> dict:
    name = gettext("{site} glossary").format(site=settings.SITE_NAME)
    return {"@type": "DefinedTermSet", "name": name,
            "url": _absolute(request, reverse("conditions:glossary"))}  # fmt: skip


def _term(term, request) -> dict:
    data = {"@type": "DefinedTerm", "name": term.term, "description": term.definition,
            "url": _absolute(request, term.get_absolute_url())}  # fmt: skip
    if term.other_names:
        data["alternateName"] = term.other_names
    return data


def glossary_page(terms, review_record, request) -> dict:
    data = {
        "@context": CONTEXT,
        **_term_set(request),
        "inLanguage": in_language(),
        "publisher": clinic(request),
        "hasDefinedTerm": [_term(term, request) for term in terms],
    }
    return _reviewed(review_record, data)


def glossary_term_page(term, request) -> dict:
    """The term's page: a web page about one defined term, with its review record."""
    data = {
        "@context": CONTEXT,
        "@type": "WebPage",
        "name": gettext("{term}: what it means").format(term=term.term),
        "url": _absolute(request, term.get_absolute_url()),
        "inLanguage": in_language(term),
        "mainEntity": {**_term(term, request), "inDefinedTermSet": _term_set(request)},
        "breadcrumb": breadcrumb_list("glossary_term", term, request),
    }
    return _reviewed(term.review_record, data)


def trial_page(trial, request) -> dict:
    data = {
        "@context": CONTEXT,
        "@type": "MedicalTrial",
        "name": trial.brief_title,
        "url": _absolute(request, trial.get_absolute_url()),
        "identifier": trial.identifier,
    }
    if trial.brief_summary:
        data["description"] = trial.brief_summary
    # As the page shows it today: a stale "Recruiting" claims no status (schema.org has no
    # "unknown"). schema.org has no property for a trial's phase.
    if trial.shown_status in TRIAL_STATUS:
        data["status"] = f"{CONTEXT}/{TRIAL_STATUS[trial.shown_status]}"
    if trial.lead_sponsor:
        data["sponsor"] = {"@type": "Organization", "name": trial.lead_sponsor}
    if trial.conditions:
        data["healthCondition"] = [
            {"@type": "MedicalCondition", "name": name} for name in trial.conditions
        ]
    if trial.start_date:
        data["startDate"] = trial.start_date.isoformat()
    context = data.pop("@context")
    return {"@context": context, "@graph": [data, breadcrumb_list("trial", trial, request)]}


def trial_list_page(tracked, request) -> dict:
    """The trial search: a collection page, listing the searches for the conditions the
    clinic tracks (the results themselves change with every search)."""
    data = {
        "@context": CONTEXT,
        "@type": "CollectionPage",
        "name": gettext("Clinical trials"),
        "url": _absolute(request, reverse("trials:list")),
        "inLanguage": in_language(),
        "publisher": clinic(request),
    }
    if tracked:
        data["mainEntity"] = item_list(
            (gettext("Clinical trials for {label}").format(label=condition.label),
             _absolute(request, condition.search_url))
            for condition in tracked
        )
    return data
