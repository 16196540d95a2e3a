"""Ask our trial team: the form's answer, the confirmation and the withdraw link.

Every response here is for one visitor only (`Cache-Control: private, no-store`, set for
the whole /ask/ route by mmn_portal.middleware), and nothing a visitor sends is logged:
Django's error reports hide every posted value (sensitive_post_parameters).
"""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from common.anonymous_posts import sent_from_this_site
from enquiries import services
from enquiries.forms import EnquiryForm
from feedback.ratelimit import allow
from trials.models import Trial

# Requests (sent or refused) per client address in the window; more is flooding.
ASK_LIMIT = 10
ASK_WINDOW_SECONDS = 60 * 60


def _refused(request, status: int):
    return render(request, "enquiries/enquiry_refused.html", {"status": status}, status=status)


# No CSRF cookie for anonymous visitors: the Origin check stands in for it (see
# common/anonymous_posts.py), as for feedback.
@csrf_exempt
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def ask(request, trial_id: int):
    trial = get_object_or_404(Trial.objects.listed(), pk=trial_id)
    if request.method == "GET":
        return render(request, "enquiries/enquiry_form.html",
                      {"trial": trial, "form": EnquiryForm(trial=trial)})
    if not sent_from_this_site(request):
        return _refused(request, 403)
    if not allow(request, "ask", ASK_LIMIT, ASK_WINDOW_SECONDS):
        return _refused(request, 429)
    form = EnquiryForm(request.POST, trial=trial)
    if form.is_spam:  # answered like a success, so the robot learns nothing
        return render(request, "enquiries/enquiry_sent.html", {"trial": trial})
    if not form.is_valid():
        return render(request, "enquiries/enquiry_form.html", {"trial": trial, "form": form})
    enquiry = form.save()
    services.notify_trial_team(request.build_absolute_uri(services.admin_list_path()))
    # No redirect: the confirmation would need a cookie to carry the withdraw link.
    return render(request, "enquiries/enquiry_sent.html", {
        "trial": trial,
        "enquiry": enquiry,
        "withdraw_url": request.build_absolute_uri(services.withdraw_path(enquiry)),
        "reply_days": settings.ENQUIRY_REPLY_WORKING_DAYS,
        "keep_days": settings.ENQUIRY_MAX_RETENTION_DAYS,
    })


@csrf_exempt
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def withdraw(request):
    """GET asks "withdraw?" (link checkers and previews must not delete); POST deletes."""
    token = (request.POST if request.method == "POST" else request.GET).get("t", "")
    if request.method == "GET":
        state = "confirm" if services.enquiry_for_token(token) is not None else "gone"
    elif not sent_from_this_site(request):
        return _refused(request, 403)
    else:
        state = "withdrawn" if services.withdraw(token) else "gone"
    return render(request, "enquiries/withdraw.html", {"token": token, "state": state},
                  status=404 if state == "gone" else 200)
