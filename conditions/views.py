"""Public condition pages. Every queryset starts from published()."""

from itertools import groupby

from django.views.generic import DetailView, ListView, TemplateView

from conditions import pages
from conditions.models import Article, Comparison, GlossaryTerm


class HomeView(TemplateView):
    template_name = "conditions/home.html"

    def get_context_data(self, **kwargs):
        articles = Article.objects.published()
        return super().get_context_data(
            mmn=articles.filter(slug=pages.MMN_SLUG).first() or articles.first(),
            comparison=Comparison.objects.published().first(),
            latest_review=pages.latest_review_date(),
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
        page_url = self.request.build_absolute_uri(self.object.get_absolute_url())
        context.update(pages.render_article(self.object, page_url))
        return context


class ComparisonListView(ListView):
    def get_queryset(self):
        return Comparison.objects.published()


class ComparisonDetailView(DetailView):
    def get_queryset(self):
        return pages.published_comparisons_for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = self.object.visible_columns
        context["table"] = pages.comparison_table(self.object)
        return context


class GlossaryListView(ListView):
    template_name = "conditions/glossaryterm_list.html"

    def get_queryset(self):
        return GlossaryTerm.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        terms = sorted(context["object_list"], key=lambda t: (t.letter, t.term.casefold()))
        context["letters"] = [
            (letter, list(group)) for letter, group in groupby(terms, key=lambda t: t.letter)
        ]
        return context


class GlossaryTermDetailView(DetailView):
    def get_queryset(self):
        return GlossaryTerm.objects.published()
