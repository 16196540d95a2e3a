"""PostgreSQL only (collected only there): ranked full-text search and spelling help."""

import pytest

from tests.trials.factories import TrialFactory
from tests.trials.results import searched
from trials.models import SearchWord, Trial
from trials.search.engine import TrialSearch
from trials.search.spelling import closest

pytestmark = pytest.mark.django_db


def ids(q: str) -> list[str]:
    return sorted(t.nct_id for t in searched(TrialSearch(statuses=[], q=q)))


def test_search_vector_is_stored_on_import_and_on_save(sample_trials):
    assert not Trial.objects.filter(search_vector__isnull=True).exists()
    trial = TrialFactory(brief_title="Zebrafish nerve study")
    trial.refresh_from_db()
    assert "zebrafish" in str(trial.search_vector)


@pytest.mark.parametrize(
    ("typo", "right"),
    [("diabetis", "diabetes"), ("melanom", "melanoma"), ("dermatitus", "dermatitis"),
     ("crohns diseas", "crohn disease")],
)
def test_misspelled_conditions_find_the_same_trials(sample_trials, typo, right):
    assert ids(right)
    assert ids(typo) == ids(right)


def test_misspelled_mmn_words_find_the_trial():
    trial = TrialFactory(brief_title="IVIg dosing in multifocal motor neuropathy")
    assert ids("multifokal motor neuropaty") == [trial.nct_id]
    assert closest(["multifokal"]) == {"multifokal": "multifocal"}


def test_words_in_the_vocabulary_are_not_changed(sample_trials):
    assert SearchWord.objects.filter(word="melanoma").exists()
    assert closest(["melanoma"]) == {}


def test_results_are_ranked_title_before_summary():
    in_summary = TrialFactory(brief_title="Study A", brief_summary="About neuropathy pain.")
    in_title = TrialFactory(brief_title="Neuropathy study", conditions=["Pain"])
    results = searched(TrialSearch(q="neuropathy"))
    assert [t.pk for t in results] == [in_title.pk, in_summary.pk]


def test_websearch_syntax_works(sample_trials):
    assert ids('"atopic dermatitis"') == ["NCT02210780"]
    assert "NCT00184067" not in ids("cancer -melanoma")


def test_a_very_common_word_ranks_a_bounded_candidate_set(monkeypatch, client, settings):
    """Beyond CANDIDATES matches, only the first CANDIDATES in listing order (the clinic's
    own, then the most recently updated) are ranked, best first, and the page says so."""
    import datetime as dt

    from trials.search import engine as search

    monkeypatch.setattr(search, "CANDIDATES", 3)
    settings.PAGE_CACHE_SECONDS = 0  # the page as computed now, not as another run cached it
    day = dt.date(2024, 1, 1)
    old_best = TrialFactory(brief_title="Neuropathy neuropathy study",
                            last_update_posted=day)
    recent = [
        TrialFactory(brief_title=f"Study {n}", brief_summary="About neuropathy.",
                     last_update_posted=day + dt.timedelta(days=n))
        for n in range(1, 4)
    ]
    recent_best = TrialFactory(brief_title="Neuropathy study", conditions=["Neuropathy"],
                               last_update_posted=day + dt.timedelta(days=2))
    ordered = TrialSearch(q="neuropathy").page(1).ordered
    assert ordered.candidates_capped and ordered.truncated
    # The three most recently updated matches, ranked: the title match first, then equal
    # ranks in the listing order (the most recently updated first).
    assert ordered.ids == [recent_best.pk, recent[2].pk, recent[1].pk]
    assert old_best.pk not in ordered.ids
    page = client.get("/trials/?q=neuropathy").content.decode()
    assert "Very many trials match" in page and "best matches among the 3" in page


def test_fewer_matches_than_candidates_are_all_ranked():
    in_summary = [TrialFactory(brief_summary="About neuropathy.") for _ in range(3)]
    in_title = TrialFactory(brief_title="Neuropathy study")
    ordered = TrialSearch(q="neuropathy").page(1).ordered
    assert not ordered.candidates_capped and not ordered.truncated
    assert ordered.ids[0] == in_title.pk and len(ordered.ids) == 1 + len(in_summary)
