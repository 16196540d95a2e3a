from django.urls import path

from trials import views

app_name = "trials"
urlpatterns = [
    path("", views.TrialListView.as_view(), name="list"),
]
