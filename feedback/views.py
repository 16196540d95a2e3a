from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from feedback.forms import FeedbackForm
from feedback.ratelimit import allow

# At most this many answers per client in the window; more is flooding.
FEEDBACK_LIMIT = 10
FEEDBACK_WINDOW_SECONDS = 600


@never_cache
@require_http_methods(["GET", "POST"])
def feedback(request):
    """A separate page, so the CSRF cookie is only set where a visitor sends feedback."""
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if not allow(request, "feedback", FEEDBACK_LIMIT, FEEDBACK_WINDOW_SECONDS):
            return render(request, "feedback/feedback_limited.html", status=429)
        if form.is_valid():
            saved = form.save()
            # No redirect with a flash message: that would need a cookie.
            return render(request, "feedback/feedback_thanks.html", {"page": saved.page})
    else:
        initial = {"page": request.GET.get("page", "/")[:200],
                   "is_helpful": request.GET.get("helpful")}
        form = FeedbackForm(initial=initial)
    return render(request, "feedback/feedback_form.html", {"form": form})
