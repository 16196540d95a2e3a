"""Small project-wide middleware."""

STAFF_PREFIXES = ("/admin/", "/preview/")


class StaffPagesNoIndexMiddleware:
    """Tell search engines never to index staff pages (robots.txt alone is advisory)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(STAFF_PREFIXES):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
