"""What a visitor sees in a results list, read from the page itself (not the context)."""

import html
import re
from dataclasses import dataclass

CARD_START = '<article class="card trial-card'


@dataclass
class ShownCard:
    identifier: str  # the NCT id, or "Clinic study"
    prescreen: str  # the pre-screen's state ("may", "closed", ...), or "" when none
    nearest_site: str  # the "Nearest site:" line, or ""
    km: int | None  # the distance it gives


def shown_cards(response) -> list[ShownCard]:
    body = response.content.decode()
    if 'class="trial-list' not in body:
        return []
    results = body.split('class="trial-list', 1)[1].split("</ol>", 1)[0]
    cards = []
    for card in results.split(CARD_START)[1:]:
        identifier = re.search(r'<span>(NCT\d{8}|Clinic study)</span>', card).group(1)
        prescreen = re.search(r'class="prescreen prescreen-(\w+)"', card)
        nearest = re.search(r"<strong>Nearest site:</strong> (.*?)</p>", card, re.S)
        km = re.search(r"about (\d+) km", nearest.group(1)) if nearest else None
        cards.append(ShownCard(
            identifier, prescreen.group(1) if prescreen else "",
            html.unescape(nearest.group(1)) if nearest else "", int(km.group(1)) if km else None,
        ))
    return cards


def shown_ids(response) -> list[str]:
    return [card.identifier for card in shown_cards(response)]


def searched(search) -> list:
    """Every result of a TrialSearch in order, page by page through page(), the path the
    results page takes, as the trials the cards are made from (with nearest_km)."""
    trials, number = [], 1
    while True:
        result = search.page(number)
        trials += search.trials(result.ids, result.ordered)
        if not result.page.has_next():
            return trials
        number += 1
