"""PostgreSQL only (collected only there): ranked full-text search and spelling help."""

import pytest

from tests.trials.factories import TrialFactory
from trials.models import SearchWord, Trial
from trials.search import TrialSearch, correct_spelling

pytestmark = pytest.mark.django_db


def ids(q: str) -> list[str]:
    return sorted(t.nct_id for t in TrialSearch(statuses=[], q=q).queryset())


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
    assert correct_spelling(["multifokal"]) == {"multifokal": "multifocal"}


def test_words_in_the_vocabulary_are_not_changed(sample_trials):
    assert SearchWord.objects.filter(word="melanoma").exists()
    assert correct_spelling(["melanoma"]) == {}


def test_results_are_ranked_title_before_summary():
    in_summary = TrialFactory(brief_title="Study A", brief_summary="About neuropathy pain.")
    in_title = TrialFactory(brief_title="Neuropathy study", conditions=["Pain"])
    results = list(TrialSearch(q="neuropathy").queryset())
    assert [t.pk for t in results] == [in_title.pk, in_summary.pk]


def test_websearch_syntax_works(sample_trials):
    assert ids('"atopic dermatitis"') == ["NCT02210780"]
    assert "NCT00184067" not in ids("cancer -melanoma")
