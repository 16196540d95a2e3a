"""Public condition pages. Every one reads live revisions only (conditions/revisions.py)."""

from itertools import groupby

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from common.staff import is_verified_staff
from conditions import pages, revisions, translations
from conditions.models import Article, Comparison, GlossaryTerm, ReviewRecord
from conditions.workflow import REVIEWED_MODELS
from trials.tracked import tracked_for_article


class HomeView(TemplateView):
    template_name = "conditions/home.html"

    def get_context_data(self, **kwargs):
        # The home page's text is the MMN article's summary: it carries that review record.
        language = translations.request_language()
        articles = translations.live_items_in(Article, language)
        mmn = next((a for a in articles if a.slug == pages.MMN_SLUG), None)
        mmn_or_first = mmn or next(iter(articles), None)
        return super().get_context_data(
            mmn=mmn_or_first,
            comparison=next(iter(translations.live_items_in(Comparison, language)), None),
            translation_record=translations.TranslationRecord.for_page(mmn_or_first),
            **kwargs,
        )


def page_languages(item) -> list[str]:
    """The languages this page's content exists in (hreflang, sitemap, the language
    suggestion): on a page in another language, whether the item carries its live
    translation; in English, one look at the live translations."""
    language = translations.request_language()
    if language != translations.ENGLISH:
        has_it = getattr(item, "translation", None) is not None
        return [translations.ENGLISH, *([language] if has_it else [])]
    return translations.available_languages(item)


class LiveDetailView(DetailView):
    """One live item by slug; 404 when nothing with that slug was approved."""

    def get_object(self, queryset=None):
        item = self.live_item(self.kwargs["slug"])
        if item is None:
            raise Http404
        return item


class ArticleListView(ListView):
    template_name = "conditions/article_list.html"

    def get_queryset(self):
        return translations.live_items_in(Article, translations.request_language())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["translation_record"] = translations.TranslationRecord.combined(
            context["object_list"], translations.english_url_of("conditions:list"))
        return context


class ArticleDetailView(LiveDetailView):
    model = Article
    live_item = staticmethod(pages.live_article_for_detail)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["translation_record"] = getattr(self.object, "page_translation", None)
        context["page_languages"] = page_languages(self.object)
        context.update(pages.render_article(self.object))
        if getattr(self.object, "has_tracked_trials", False):
            context["tracked_trials"] = tracked_for_article(self.object.pk)
        context["what_next"] = pages.what_next(
            self.object, context["sections"], context.get("tracked_trials", ())
        )
        return context


class ComparisonListView(ListView):
    """A list only when there are several comparisons; while there is one, it is shown here."""

    template_name = "conditions/comparison_list.html"

    def get_queryset(self):
        return translations.live_items_in(Comparison, translations.request_language())

    def get(self, request, *args, **kwargs):
        if slug := pages.single_comparison_slug():
            return ComparisonDetailView.as_view()(request, slug=slug)
        return super().get(request, *args, **kwargs)


class ComparisonDetailView(LiveDetailView):
    model = Comparison
    live_item = staticmethod(pages.live_comparison_for_detail)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["translation_record"] = getattr(self.object, "page_translation", None)
        context["page_languages"] = page_languages(self.object)
        context.update(pages.render_comparison(self.object))
        context["canonical_url"] = self.request.build_absolute_uri(self.object.get_absolute_url())
        return context


class GlossaryListView(ListView):
    template_name = "conditions/glossaryterm_list.html"

    def get_queryset(self):
        return translations.live_items_in(GlossaryTerm, translations.request_language())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["translation_record"] = translations.TranslationRecord.combined(
            context["object_list"], translations.english_url_of("conditions:glossary"))
        context["review_record"] = ReviewRecord.combined(
            [term.review_record for term in context["object_list"]]
        )
        terms = sorted(context["object_list"], key=lambda t: (t.letter, t.term.casefold()))
        context["letters"] = [
            (letter, list(group)) for letter, group in groupby(terms, key=lambda t: t.letter)
        ]
        return context


class GlossaryTermDetailView(LiveDetailView):
    model = GlossaryTerm

    @staticmethod
    def live_item(slug):
        term = revisions.live_item(GlossaryTerm, slug)
        language = translations.request_language()
        if term is not None and language != translations.ENGLISH:
            translations.in_language([term], GlossaryTerm, language)
        return term

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["translation_record"] = translations.TranslationRecord.for_page(self.object)
        context["page_languages"] = page_languages(self.object)
        context["used_in"] = pages.sections_using_term(self.object)
        return context


@never_cache
def preview(request, model: str, pk: int):
    """Any item exactly as its public page would show it, for staff who may view it.

    Anyone else gets a 404, so a preview never reveals that a draft exists.
    """
    item_model = REVIEWED_MODELS.get(model)
    if item_model is None or not is_verified_staff(request.user):
        raise Http404
    if not request.user.has_perm(f"conditions.view_{model}"):
        raise PermissionDenied
    item = get_object_or_404(item_model, pk=pk)
    language = getattr(item, "language", settings.LANGUAGE_CODE)  # a translation's
    with translation.override(language):
        page = pages.preview_page(item)
        if page is None:
            raise Http404
        template_name, context = page
        context.update(public_template=template_name, preview_item=item)
        response = render(request, "conditions/preview.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
