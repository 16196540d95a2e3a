from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from mmn_portal import search, views
from mmn_portal.sitemaps import SITEMAPS

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
]
# Public pages in every language: English unprefixed, Spanish under /es/ (README "Languages").
# Admin, health check, robots.txt and the sitemap above stay unprefixed and English.
urlpatterns += i18n_patterns(
    path("search/", search.search, name="search"),
    path("trials/", include("trials.urls")),
    path("feedback/", include("feedback.urls")),
    path("ask/", include("enquiries.urls")),
    path("", include("conditions.urls")),
    prefix_default_language=False,
)

if settings.BENCH_ENDPOINTS:  # the benchmark's ceiling (README "Performance")
    urlpatterns.insert(0, path("ok", views.ok, name="ok"))

handler404 = "mmn_portal.views.page_not_found"
handler500 = "mmn_portal.views.server_error"
