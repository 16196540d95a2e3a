from django.views.generic import TemplateView


class TrialListView(TemplateView):
    template_name = "trials/trial_list.html"
