from django.urls import path

from enquiries import views

app_name = "enquiries"
urlpatterns = [
    path("withdraw/", views.withdraw, name="withdraw"),
    path("<int:trial_id>/", views.ask, name="ask"),
]
