"""Every public page, found the way a crawler would (sitemap) plus the search pages."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from common.languages import path_without_language

OWN_HOST = "testserver"  # the Django test client's host
COOKIE_FREE_POSTS = ("/feedback/", "/ask/")

SEARCH_PAGES = [
    "/search/?q=ivig",
    "/trials/",
    "/trials/?q=cancer&status=COMPLETED&age=40&sex=female&sort=updated",
    "/feedback/?page=/&helpful=yes",
]


def public_pages(client) -> list[str]:
    sitemap = client.get("/sitemap.xml").content.decode()
    paths = [re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>",
                                                                       sitemap)]
    assert len(paths) > 20, "the sitemap should list the shipped content and trials"
    return paths + SEARCH_PAGES


# Attributes through which a page makes the browser fetch something (not plain links).
FETCHING = {
    ("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"),
    ("iframe", "src"), ("source", "src"), ("video", "src"), ("audio", "src"),
    ("embed", "src"), ("object", "data"), ("form", "action"), ("input", "src"),
}


class PageAudit(HTMLParser):
    """Collects what makes a page unsafe: event handlers, script URLs, foreign fetches."""

    def __init__(self):
        super().__init__()
        self.event_handlers: list[str] = []
        self.script_urls: list[str] = []
        self.foreign_fetches: list[str] = []
        self.untrusted_scripts: list[str] = []
        self.post_forms = 0
        self.csrf_tokens = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.event_handlers.append(f"<{tag} {name}>")
            if value and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(
                    ("javascript:", "vbscript:", "data:text/html")):
                self.script_urls.append(f"<{tag} {name}={value!r}>")
            if (tag, name) in FETCHING and value and urlsplit(value.strip()).netloc not in {
                    "", OWN_HOST}:
                self.foreign_fetches.append(f"<{tag} {name}={value!r}>")
        if tag == "script" and "nonce" not in values and "src" not in values:
            self.untrusted_scripts.append(str(attrs))
        if tag in {"style"}:
            self.untrusted_scripts.append("<style>")
        # Anonymous feedback and questions to the trial team are the cookie-free POSTs:
        # their views check the Origin instead (common/anonymous_posts.py).
        if (tag == "form" and (values.get("method") or "").lower() == "post"
                and not path_without_language(values.get("action") or "").startswith(
                    COOKIE_FREE_POSTS)):
            self.post_forms += 1
        if tag == "input" and values.get("name") == "csrfmiddlewaretoken":
            self.csrf_tokens += 1


def audit(html: str) -> PageAudit:
    parser = PageAudit()
    parser.feed(html)
    return parser
