from django.urls import path

from conditions import views

app_name = "conditions"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
]
