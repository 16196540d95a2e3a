"""Forms anonymous visitors send without a cookie (feedback, questions to the trial team).

They need no CSRF cookie: there is no session to ride on, and every page can carry the
form without setting a cookie. A forged post from another site is refused by its Origin
instead (and flooding by a rate limit, feedback/ratelimit.py).
"""


def sent_from_this_site(request) -> bool:
    """Browsers name the page a POST comes from; only our own pages may send these forms."""
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == f"{request.scheme}://{request.get_host()}"
    return request.headers.get("Sec-Fetch-Site", "same-origin") in {"same-origin", "none"}
