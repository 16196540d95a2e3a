"""Public condition pages. Every one reads live revisions only (conditions/revisions.py)."""

from itertools import groupby

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from common.staff import is_verified_staff
from conditions import pages, revisions
from conditions.models import Article, Comparison, GlossaryTerm, ReviewRecord
from conditions.workflow import REVIEWED_MODELS
from trials.tracked import tracked_for_article


class HomeView(TemplateView):
    template_name = "conditions/home.html"

    def get_context_data(self, **kwargs):
        # The home page's text is the MMN article's summary: it carries that review record.
        articles = revisions.live_items(Article)
        mmn = next((a for a in articles if a.slug == pages.MMN_SLUG), None)
        return super().get_context_data(
            mmn=mmn or next(iter(articles), None),
            comparison=next(iter(revisions.live_items(Comparison)), None),
            **kwargs,
        )


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
        return revisions.live_items(Article)


class ArticleDetailView(LiveDetailView):
    model = Article
    live_item = staticmethod(pages.live_article_for_detail)

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

    template_name = "conditions/comparison_list.html"

    def get_queryset(self):
        return revisions.live_items(Comparison)

    def get(self, request, *args, **kwargs):
        if slug := pages.single_comparison_slug():
            return ComparisonDetailView.as_view()(request, slug=slug)
        return super().get(request, *args, **kwargs)


class ComparisonDetailView(LiveDetailView):
    model = Comparison
    live_item = staticmethod(pages.live_comparison_for_detail)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(pages.render_comparison(self.object))
        context["canonical_url"] = self.request.build_absolute_uri(self.object.get_absolute_url())
        return context


class GlossaryListView(ListView):
    template_name = "conditions/glossaryterm_list.html"

    def get_queryset(self):
        return revisions.live_items(GlossaryTerm)

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


class GlossaryTermDetailView(LiveDetailView):
    model = GlossaryTerm

    @staticmethod
    def live_item(slug):
        return revisions.live_item(GlossaryTerm, slug)

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
