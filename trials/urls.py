from django.urls import path

from trials import views

app_name = "trials"
urlpatterns = [
    path("", views.trial_list, name="list"),
    path("<str:identifier>/", views.trial_detail, name="detail"),
]
