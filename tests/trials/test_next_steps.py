"""No search is a dead end, and a study page leads back to the search it came from
(issue 22, section 1)."""

import datetime as dt
import html
import re

import pytest

from tests.trials.results import shown_cards

pytestmark = pytest.mark.django_db


def next_steps(body: str) -> list[tuple[str, str]]:
    """(text, href) of each step offered under "What you can try", in order."""
    if 'class="next-steps"' not in body:
        return []
    block = body.split('class="next-steps"', 1)[1].split("</ol>", 1)[0]
    steps = []
    for item in re.findall(r"<li>(.*?)</li>", block, re.S):
        link = re.search(r'href="([^"]*)"[^>]*>(.*?)</a>', item, re.S)
        steps.append((html.unescape(link.group(2)), html.unescape(link.group(1))) if link
                     else (html.unescape(item), ""))
    return steps


def test_words_found_nowhere_offer_the_spelling_and_the_registry_only(client, sample_trials):
    body = client.get("/trials/", {"q": "MMN"}).content.decode()  # no MMN study in this set
    assert "No trials match." in body
    steps = next_steps(body)
    assert [text.split(" ")[0] for text, _ in steps] == ["Check", "Search"]
    assert steps[1][1] == "https://clinicaltrials.gov/search?term=MMN"
    assert 'href="https://clinicaltrials.gov/search?term=MMN" rel="external"' in body


@pytest.fixture
def late_2026(monkeypatch):
    """The day the shipped MMN studies had all ended or were no longer confirmed."""
    monkeypatch.setattr("trials.staleness.registry_today", lambda: dt.date(2026, 12, 5))


def test_words_found_only_among_studies_not_open_lead_there_with_their_number(
        client, condition_trials, late_2026):
    # "mmn" finds none of the open studies, which is no reason to doubt the spelling.
    body = client.get("/trials/", {"q": "mmn"}).content.decode()
    steps = next_steps(body)
    assert steps[0] == ("Show trials with any status, not only those taking new people",
                        "?q=mmn&status=any")
    assert "(4 trials)" in body and "Check the spelling" not in body
    spanish = client.get("/es/trials/", {"q": "nmm"}).content.decode()
    assert "(4 ensayos)" in spanish


def test_a_step_that_would_show_nothing_is_left_out(client, condition_trials, late_2026):
    # Neither phase 4 alone nor "taking new people" alone hides the MMN studies: both do.
    body = client.get("/trials/", {"q": "mmn", "phase": "PHASE4"}).content.decode()
    steps = next_steps(body)
    assert steps[0] == ("Show every trial with “mmn”: any status, no filters",
                        "?q=mmn&status=any")
    assert [url for _, url in steps[1:]] == ["https://clinicaltrials.gov/search?term=mmn"]


def test_an_any_status_link_never_points_to_the_page_it_is_on(client, sample_trials):
    body = client.get("/trials/", {"q": "MMN", "status": "any"}).content.decode()
    steps = next_steps(body)
    assert steps and not any("any status" in text for text, _ in steps)
    assert "?q=MMN&status=any" not in [url for _, url in steps]
    assert "Show any status" not in body


def test_a_filter_in_use_can_be_taken_away_when_that_finds_trials(client, sample_trials):
    # The one melanoma study is a phase 2 study in the United States.
    body = client.get("/trials/", {"q": "melanoma", "phase": "PHASE4",
                                   "country": "United States", "status": "any"}).content.decode()
    steps = dict(next_steps(body))
    assert steps["Remove the filter “Phase: Phase 4”"] == (
        "?q=melanoma&country=United+States&status=any")
    assert "Remove the filter “Country: United States”" not in steps  # would find none
    texts = list(steps)
    assert texts.index("Remove the filter “Phase: Phase 4”") < texts.index(
        "Search ClinicalTrials.gov for “melanoma” (opens their website)")


def test_a_misspelt_search_that_still_finds_nothing_offers_the_spelling_we_know(
        client, sample_trials):
    body = client.get("/trials/", {"q": "melanomma", "phase": "PHASE4"}).content.decode()
    text, url = next_steps(body)[0]
    assert text == "Search for “melanoma”, spelt as we know the words"
    assert url == "?q=melanoma&phase=PHASE4"


def test_a_page_with_results_offers_no_next_steps(client, sample_trials):
    body = client.get("/trials/", {"q": "melanoma", "status": "any"}).content.decode()
    assert 'class="trial-list' in body
    assert next_steps(body) == []


def test_study_links_carry_the_search_but_not_the_pre_screen_answers(client, sample_trials):
    response = client.get("/trials/", {"q": "melanoma", "status": "any", "age": "40",
                                       "sex": "female", "near": "Boston"})
    assert shown_cards(response)
    body = response.content.decode()
    link = re.search(r'<a href="(/trials/NCT00184067/[^"]*)"', body).group(1)
    assert html.unescape(link) == "/trials/NCT00184067/?q=melanoma&status=any&near=Boston"


def test_back_to_trial_search_returns_to_the_words_filters_and_place(client, sample_trials):
    body = client.get("/trials/NCT00184067/", {
        "q": "melanoma", "status": "any", "phase": "PHASE2", "near": "Boston", "page": "2",
        "age": "40", "sex": "female", "eligible": "on"}).content.decode()
    back = re.search(r'<a class="target" href="([^"]*)" data-back-to-search', body).group(1)
    assert html.unescape(back) == (
        "/trials/?q=melanoma&status=any&phase=PHASE2&near=Boston&page=2")
    assert 'data-answers="age sex eligible"' in body
    assert "js/back-to-search" in body


def test_back_to_trial_search_from_a_study_opened_directly_is_the_search_page(client, db):
    from tests.trials.factories import TrialFactory

    trial = TrialFactory()
    body = client.get(f"/trials/{trial.nct_id}/").content.decode()
    assert '<a class="target" href="/trials/" data-back-to-search' in body


# ---------------------------------------------------------------- the filters on a phone


def checked_statuses(body: str) -> set[str]:
    boxes = re.findall(r'<input type="checkbox"[^>]*name="status" value="(\w+)"[^>]*>', body)
    ticked = re.findall(r'<input type="checkbox"[^>]*name="status" value="(\w+)"[^>]*checked>',
                        body)
    assert set(ticked) <= set(boxes)
    return set(ticked)


def chip_statuses(body: str) -> set[str]:
    from trials.models import Status

    labels = {str(label): value for value, label in Status.choices}
    chips = re.findall(r'<a class="chip target"[^>]*><span>([^<]+)</span>', body)
    return {labels[html.unescape(label)] for label in chips}


@pytest.mark.parametrize("params", [
    {}, {"q": "melanoma"}, {"status": "COMPLETED"}, {"status": ["COMPLETED", "RECRUITING"]},
    {"status": "any"}, {"q": "melanoma", "status": "TERMINATED", "phase": "PHASE2"},
])
def test_the_status_boxes_and_the_chips_always_agree(client, db, params):
    body = client.get("/trials/", params).content.decode()
    if params.get("status") == "any":
        assert checked_statuses(body) == {"any"} and chip_statuses(body) == set()
    else:
        assert checked_statuses(body) == chip_statuses(body) != set()


def test_the_status_list_folds_behind_a_line_that_says_the_choice(client, db):
    body = client.get("/trials/").content.decode()
    assert "<summary>Status: taking new people</summary>" in body
    body = client.get("/trials/", {"status": "any"}).content.decode()
    assert "<summary>Status: any status</summary>" in body
    body = client.get("/trials/", {"status": ["COMPLETED", "TERMINATED"]}).content.decode()
    assert "<summary>Status: completed, terminated</summary>" in body


@pytest.mark.parametrize("made_up", ["{{ 7|add:7 }}", "{% debug %}", "{{7*7}}", "<b>x</b>"])
def test_a_made_up_status_never_reaches_the_page_as_text_or_template(client, db, made_up):
    # The summary line is drawn by crispy forms' HTML(), which compiles its text as a
    # template: only the fixed status labels may go into it.
    response = client.get("/trials/", {"status": ["COMPLETED", made_up]})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<summary>Status: completed</summary>" in body
    assert "14" not in body.split("<summary>Status:", 1)[1].split("</summary>", 1)[0]
    assert "{&#x27;" not in body and "&lt;b&gt;x" not in body.split("<summary>", 1)[1][:80]


def test_the_place_and_pre_screen_come_before_the_long_filter_lists(client, db):
    body = client.get("/trials/").content.decode()
    form = body.split('class="trial-more-filters"', 1)[1]
    assert form.index('name="near"') < form.index('name="age"') < form.index('name="status"')


def test_a_cached_card_carries_each_searchs_own_link(client, sample_trials):
    for params, link in (
        ({"q": "melanoma", "status": "any"}, "/trials/NCT00184067/?q=melanoma&status=any"),
        ({"q": "melanoma", "status": "any", "sort": "updated"},
         "/trials/NCT00184067/?q=melanoma&status=any&sort=updated"),
        ({"q": "melanoma", "status": "any"}, "/trials/NCT00184067/?q=melanoma&status=any"),
    ):
        body = client.get("/trials/", params).content.decode()
        assert f'href="{html.escape(link)}"' in body
        assert "search-return" not in body
