"""The shapes every app uses to contribute to the site-wide search page."""

from dataclasses import dataclass, field


@dataclass
class Result:
    title: str
    url: str
    snippet: str = ""  # plain text, or SafeString with the matched words marked
    context: str = ""
    path: str = ""  # where it sits on the site: "MMN › Treatment › IVIg"
    lang: str = ""  # the language of its words when not the page's ("en": only in English)


@dataclass
class ResultGroup:
    """One heading on the results page (condition pages, questions, glossary, trials)."""

    title: str
    results: list[Result] = field(default_factory=list)
    more_url: str = ""  # where to see every match, when the group shows only the first few
    more_label: str = ""
