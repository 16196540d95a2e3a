from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from common.anonymous_posts import sent_from_this_site
from feedback.forms import CommentForm, FeedbackForm, comment_token, safe_page
from feedback.ratelimit import allow

# At most this many answers per client in the window; more is flooding.
FEEDBACK_LIMIT = 10
FEEDBACK_WINDOW_SECONDS = 600
# feedback.js sends this header: the answer then comes back as the part of the page that
# replaces the question, so the reader stays on the page they were reading.
INLINE_HEADER = "X-Feedback-Inline"


# Anonymous feedback needs no CSRF cookie: there is no session to ride on, every page can
# carry the Yes/No buttons without setting a cookie, and a forged post from another site
# is refused by its Origin (and flooding by the rate limit); see common/anonymous_posts.py.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def feedback(request):
    """Yes/No is saved on the first press; a comment can follow on the thank-you page."""
    if request.method == "GET":
        page = safe_page(request.GET.get("page", "/")[:200])
        form = FeedbackForm(initial={"page": page, "is_helpful": request.GET.get("helpful")})
        # The language switcher reflects the checked page only, never the raw address.
        return render(request, "feedback/feedback_form.html",
                      {"form": form, "back": page, "language_query": urlencode({"page": page})})
    if not sent_from_this_site(request):
        raise PermissionDenied
    inline = request.headers.get(INLINE_HEADER) == "1"
    if not allow(request, "feedback", FEEDBACK_LIMIT, FEEDBACK_WINDOW_SECONDS):
        if inline:
            return render(request, "feedback/includes/reply.html", {"limited": True}, status=429)
        return render(request, "feedback/feedback_limited.html", status=429)
    if "token" in request.POST:
        return _add_comment(request, inline)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        if inline:
            return render(request, "feedback/includes/reply.html", {"invalid": True}, status=400)
        back = safe_page(request.POST.get("page"))
        return render(request, "feedback/feedback_form.html", {"form": form, "back": back})
    saved = form.save()
    comment_form = None if saved.comment else CommentForm(initial={"token": comment_token(saved)})
    # No redirect with a flash message: that would need a cookie.
    return _thanks(request, inline, {"page": saved.page, "comment_form": comment_form})


def _add_comment(request, inline: bool):
    form = CommentForm(request.POST)
    if form.is_valid():
        saved = form.save()
        return _thanks(request, inline, {"page": saved.page, "commented": saved.comment != ""})
    answer = form.cleaned_data.get("token")
    return _thanks(request, inline, {"page": answer.page if answer else "/",
                                     "comment_form": form if answer else None,
                                     "comment_refused": answer is None})  # fmt: skip


def _thanks(request, inline: bool, context: dict):
    """The thank-you page, or only its message and comment form for feedback.js."""
    template = "feedback/includes/reply.html" if inline else "feedback/feedback_thanks.html"
    return render(request, template, context)
