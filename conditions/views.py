"""Public condition pages. Every queryset starts from published()."""

from itertools import groupby

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from common.staff import is_verified_staff
from conditions import pages
from conditions.models import Article, Comparison, GlossaryTerm, ReviewRecord
from conditions.workflow import REVIEWED_MODELS
from trials.tracked import tracked_for_article


class HomeView(TemplateView):
    template_name = "conditions/home.html"

    def get_context_data(self, **kwargs):
        # The home page's text is the MMN article's summary: it carries that review record.
        articles = Article.objects.published().select_related("reviewed_by__staff_profile")
        return super().get_context_data(
            mmn=articles.filter(slug=pages.MMN_SLUG).first() or articles.first(),
            comparison=Comparison.objects.published().first(),
            **kwargs,
        )


class ArticleListView(ListView):
    def get_queryset(self):
        return Article.objects.published()


class ArticleDetailView(DetailView):
    def get_queryset(self):
        return pages.published_articles_for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(pages.render_article(self.object))
        if getattr(self.object, "has_tracked_trials", False):
            context["tracked_trials"] = tracked_for_article(self.object.pk)
        context["what_next"] = pages.what_next(
            self.object, context["sections"], context.get("tracked_trials", ())
        )
        return context


class ComparisonListView(ListView):
    """A list only when there are several comparisons; while there is one, it is shown here."""

    def get_queryset(self):
        return Comparison.objects.published()

    def get(self, request, *args, **kwargs):
        if slug := pages.single_comparison_slug():
            return ComparisonDetailView.as_view()(request, slug=slug)
        return super().get(request, *args, **kwargs)


class ComparisonDetailView(DetailView):
    def get_queryset(self):
        return pages.published_comparisons_for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(pages.render_comparison(self.object))
        context["canonical_url"] = self.request.build_absolute_uri(self.object.get_absolute_url())
        return context


class GlossaryListView(ListView):
    template_name = "conditions/glossaryterm_list.html"

    def get_queryset(self):
        return GlossaryTerm.objects.published().select_related("reviewed_by__staff_profile")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["review_record"] = ReviewRecord.combined(
            [term.review_record for term in context["object_list"]]
        )
        terms = sorted(context["object_list"], key=lambda t: (t.letter, t.term.casefold()))
        context["letters"] = [
            (letter, list(group)) for letter, group in groupby(terms, key=lambda t: t.letter)
        ]
        return context


class GlossaryTermDetailView(DetailView):
    def get_queryset(self):
        return GlossaryTerm.objects.published().select_related("reviewed_by__staff_profile")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
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
    template_name, context = pages.preview_page(item)
    context.update(public_template=template_name, preview_item=item)
    response = render(request, "conditions/preview.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
