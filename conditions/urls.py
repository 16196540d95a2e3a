from django.urls import path

from conditions import views

app_name = "conditions"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("conditions/", views.ArticleListView.as_view(), name="list"),
    path("conditions/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("compare/", views.ComparisonListView.as_view(), name="comparison_list"),
    path("compare/<slug:slug>/", views.ComparisonDetailView.as_view(), name="comparison"),
    path("glossary/", views.GlossaryListView.as_view(), name="glossary"),
    path("glossary/<slug:slug>/", views.GlossaryTermDetailView.as_view(), name="glossary_term"),
    path("preview/<str:model>/<int:pk>/", views.preview, name="preview"),
]
