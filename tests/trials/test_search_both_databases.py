"""One table of queries and the trials they must find, run as it is on SQLite and on
PostgreSQL: patients get the same answers whichever database the clinic runs."""

import pytest

from common.query import MAX_QUERY_LENGTH, parse
from tests.trials.factories import SiteFactory, TrialFactory
from tests.trials.results import searched, shown_ids
from trials.models import SearchWord, Trial
from trials.search.engine import TrialSearch
from trials.search.spelling import closest

pytestmark = pytest.mark.django_db

ALS_TITLE = "NCT90000001"  # "amyotrophic lateral sclerosis" in the title
ALS_SHORT = "NCT90000002"  # only "ALS" as its condition
MND = "NCT90000003"  # "motor neuron disease"
MMN = "NCT90000004"  # multifocal motor neuropathy, treated with IVIg
CIDP = "NCT90000005"
LYMPHOMA = "NCT90000006"
ALS_ANY = [ALS_TITLE, ALS_SHORT, MND]

CANCER = ["NCT01126879", "NCT06388018"]  # prostate cancer; endometrial cancer


@pytest.fixture
def trials(sample_trials):
    TrialFactory(nct_id=ALS_TITLE, brief_title="Tofersen in amyotrophic lateral sclerosis",
                 conditions=["Amyotrophic Lateral Sclerosis"])
    TrialFactory(nct_id=ALS_SHORT, brief_title="Breathing support at home", conditions=["ALS"])
    TrialFactory(nct_id=MND, brief_title="Speech in motor neuron disease",
                 conditions=["Motor Neuron Disease"])
    TrialFactory(nct_id=MMN, brief_title="Home infusions in multifocal motor neuropathy",
                 conditions=["Multifocal Motor Neuropathy"],
                 interventions=[{"type": "DRUG", "name": "Intravenous immunoglobulin"}])
    TrialFactory(nct_id=CIDP, brief_title="Nerve conduction follow-up",
                 conditions=["Chronic Inflammatory Demyelinating Polyneuropathy"])
    TrialFactory(nct_id=LYMPHOMA, brief_title="Rituximab for follicular lymphoma",
                 conditions=["Follicular Lymphoma"])


def found(q: str) -> list[str]:
    return sorted(t.nct_id for t in searched(TrialSearch(statuses=[], q=q)))


def every_trial_except(*excluded: str) -> list[str]:
    return sorted(set(Trial.objects.values_list("nct_id", flat=True)) - set(excluded))


TABLE = [
    # patients' words for ALS, all finding the same three trials
    ("ALS", ALS_ANY),
    ("Lou Gehrig's disease", ALS_ANY),
    ("lou gehrig", ALS_ANY),
    ("motor neurone disease", ALS_ANY),
    ("amyotrophic lateral sclerosis", ALS_ANY),
    ("amyotrophic lateral sclerossis", ALS_ANY),  # misspelt
    ("ALS trials", ALS_ANY),
    ("Amyotrophic Lateral Sclérosis", ALS_ANY),  # accents do not matter
    # MMN, CIDP and IVIg
    ("study for MMN", [MMN]),
    ("multifocal motor neuropathy", [MMN]),
    ("multifokal motor neuropaty", [MMN]),  # misspelt
    ("IVIg therapy", [MMN]),
    ("immunoglobulin treatment", [MMN]),
    ("CIDP", [CIDP]),
    ("chronic inflammatory demyelinating polyneuropathy", [CIDP]),
    # the query language
    ("cancer", CANCER),
    ("cancer OR lymphoma", [*CANCER, LYMPHOMA]),
    ("cancer or lymphoma", [*CANCER, LYMPHOMA]),
    ("prostate cancer", ["NCT01126879"]),
    ('"atopic dermatitis"', ["NCT02210780"]),
    ('"dermatitis atopic"', []),
    ("melanoma", ["NCT00184067"]),
    ("melanom", ["NCT00184067"]),  # misspelt
    ("diabetis", ["NCT00763412", "NCT05600179"]),  # misspelt
    ("Crohn's disease", ["NCT03058679"]),
    ("nct02552212", ["NCT02552212"]),
]


@pytest.mark.parametrize(("q", "expected"), TABLE, ids=[row[0] for row in TABLE])
def test_queries_find_the_same_trials_on_every_database(trials, q, expected):
    assert found(q) == sorted(expected)


def test_minus_leaves_out_the_trials_with_that_word(trials):
    assert found("-cancer") == every_trial_except(*CANCER)
    assert found("cancer -prostate") == ["NCT06388018"]
    assert found('-"motor neuron" -lymphoma') == every_trial_except(MND, LYMPHOMA)


def test_a_query_of_symbols_only_says_there_are_no_words(trials, client):
    response = client.get("/trials/", {"q": "🙂 !!! ???", "status": "any"})
    assert response.status_code == 200
    assert "no words to search" in response.content.decode()
    assert found("🙂 !!! ???") == every_trial_except()


def test_an_over_long_query_is_cut_at_a_word_and_says_so(trials, client):
    q = "lymphoma " + "rituximab " * 40
    query = parse(q)
    assert len(query.text) <= MAX_QUERY_LENGTH and query.text.endswith("rituximab")
    response = client.get("/trials/", {"q": q, "status": "any"})
    assert response.status_code == 200
    assert "very long" in response.content.decode()
    assert LYMPHOMA in response.content.decode()


def test_spelling_help_says_which_word_it_used(trials):
    query = TrialSearch(q="amyotrophic lateral sclerossis").query
    assert query.corrections == {"sclerossis": "sclerosis"}
    assert any("“sclerosis” instead of “sclerossis”" in n for n in query.notices)


def test_title_matches_rank_before_summary_matches(db):
    in_summary = TrialFactory(brief_title="Study A", brief_summary="About neuropathy pain.",
                              conditions=["Pain"])
    in_title = TrialFactory(brief_title="Neuropathy study", conditions=["Pain"])
    results = searched(TrialSearch(q="neuropathy"))
    assert [t.pk for t in results] == [in_title.pk, in_summary.pk]


def test_the_index_follows_edits_and_deletes(db):
    trial = TrialFactory(brief_title="Zebrafish nerve study")
    assert found("zebrafish") == [trial.nct_id]
    trial.brief_title = "Salmon nerve study"
    trial.save()
    assert found("zebrafish") == [] and found("salmon") == [trial.nct_id]
    trial.delete()
    assert found("salmon") == []


def country_found(country: str) -> list[str]:
    return sorted(t.nct_id for t in searched(TrialSearch(statuses=[], country=country)))


def test_country_filter_follows_staff_edits_of_sites(db):
    """The filter reads the countries stored on the trial row: adding, moving and deleting a
    site (as the admin's inlines do, one by one) and saving the trial keep them current."""
    trial = TrialFactory(nct_id="NCT90000101")
    site = SiteFactory(trial=trial, country="United States")
    assert country_found("United States") == ["NCT90000101"]
    france = SiteFactory(trial=trial, country="France")
    assert country_found("France") == ["NCT90000101"]

    stale = Trial.objects.get(pk=trial.pk)  # loaded before the next site edit
    france.country = "Belgium"
    france.save()
    stale.brief_title = "Edited by staff"
    stale.save()
    assert country_found("France") == []
    assert country_found("Belgium") == ["NCT90000101"]

    assert Trial.objects.get(pk=trial.pk).site_count == 2

    site.delete()
    assert country_found("United States") == []
    assert Trial.objects.get(pk=trial.pk).site_countries == "|Belgium|"
    assert Trial.objects.get(pk=trial.pk).site_count == 1


def test_country_filter_is_exact_and_combines_with_phase(db):
    TrialFactory(nct_id="NCT90000102", phases=["PHASE1", "PHASE2"])
    SiteFactory(trial=Trial.objects.get(nct_id="NCT90000102"), country="Niger")
    SiteFactory(trial__nct_id="NCT90000103", trial__phases=["PHASE3"], country="Nigeria")
    assert country_found("Niger") == ["NCT90000102"]
    assert country_found("Nigeria") == ["NCT90000103"]
    found = searched(TrialSearch(statuses=[], country="Niger", phases=["PHASE2", "PHASE3"]))
    assert [t.nct_id for t in found] == ["NCT90000102"]
    assert searched(TrialSearch(statuses=[], country="Nigeria", phases=["PHASE1"])) == []


@pytest.mark.parametrize("q", ["", "stroke"])
def test_phase_filter_is_exact_with_and_without_words(db, q):
    # With words, PostgreSQL tests each row's phases instead of using their index.
    TrialFactory(nct_id="NCT90000104", brief_title="Stroke rehab", phases=["PHASE1", "PHASE2"])
    TrialFactory(nct_id="NCT90000105", brief_title="Stroke rehab", phases=["EARLY_PHASE1"])
    TrialFactory(nct_id="NCT90000106", brief_title="Stroke rehab", phases=[])

    def phase_found(*phases):
        search = TrialSearch(q=q, statuses=[], phases=list(phases))
        return sorted(t.nct_id for t in searched(search))

    assert phase_found("PHASE1") == ["NCT90000104"]
    assert phase_found("PHASE2", "EARLY_PHASE1") == ["NCT90000104", "NCT90000105"]
    assert phase_found("PHASE1", "PHASE3") == ["NCT90000104"]
    assert phase_found("PHASE3") == []


# ---------------------------------------------------------------- what patients type


@pytest.mark.parametrize("q", ["neuropathy -cidp", "mmn -als", "-ivig", "-\"lou gehrig\"",
                               "-als -mmn -cidp -ivig", "ivig OR -als"])
def test_minus_on_a_word_with_synonyms_answers_on_every_database(trials, client, q):
    response = client.get("/trials/", {"q": q, "status": "any"})
    assert response.status_code == 200


def test_minus_on_a_word_with_synonyms_leaves_out_all_of_them(trials):
    assert found("mmn -als") == [MMN]
    assert found("-ivig") == every_trial_except(MMN)
    assert found("-als") == every_trial_except(*ALS_ANY)
    # Quotes ask for exactly these words: no synonyms.
    assert found("motor -\"lou gehrig\"") == sorted([MND, MMN])


@pytest.fixture
def coded(db):
    return {
        "covid": TrialFactory(brief_title="Nerve damage after COVID-19").nct_id,
        "covid_spaced": TrialFactory(brief_title="Long COVID 19 fatigue").nct_id,
        "argx": TrialFactory(brief_title="ARGX-117 in multifocal motor neuropathy").nct_id,
        "gm1": TrialFactory(brief_title="Anti-GM1 antibodies in neuropathy").nct_id,
        "sars": TrialFactory(brief_title="SARS-CoV-2 vaccine and nerves").nct_id,
        "plain": TrialFactory(brief_title="Vaccine response in healthy adults").nct_id,
    }


@pytest.mark.parametrize(("q", "expected"), [
    ("COVID-19", ["covid", "covid_spaced"]),
    ("covid 19", ["covid", "covid_spaced"]),
    ("ARGX-117", ["argx"]),
    ("argx 117", ["argx"]),
    ("anti-GM1", ["gm1"]),
    ("anti GM1", ["gm1"]),
    ("SARS-CoV-2", ["sars"]),
    ("sars cov 2", ["sars"]),
    ("vaccine -SARS-CoV-2", ["plain"]),
    ("vaccine -sars", ["plain"]),
    ("neuropathy -ARGX-117", ["covid", "covid_spaced", "gm1", "sars", "plain"]),
])
def test_a_hyphen_inside_a_word_is_part_of_the_term(coded, q, expected):
    assert found(q) == sorted(coded[name] for name in expected)


def test_an_nct_id_goes_to_the_study_whatever_the_filters(sample_trials, client):
    # NCT00184067 was withdrawn: no filter below would list it.
    response = client.get("/trials/", {"q": " nct00184067 ", "status": "RECRUITING",
                                       "phase": "PHASE4", "country": "Japan"})
    assert response.status_code == 302 and response["Location"] == "/trials/NCT00184067/"
    page = client.get(response["Location"]).content.decode()
    assert "This study is not taking new people." in page


def test_an_unknown_nct_id_says_it_is_not_listed(sample_trials, client):
    response = client.get("/trials/", {"q": "NCT99999998"})
    assert response.status_code == 200
    assert "No study with the id NCT99999998 is listed here." in response.content.decode()


def test_a_hidden_trials_nct_id_is_not_revealed(client, db):
    TrialFactory(nct_id="NCT90000999", is_hidden=True)
    response = client.get("/trials/", {"q": "NCT90000999"})
    assert response.status_code == 200
    assert "is listed here" in response.content.decode()


@pytest.mark.parametrize("q", ["Lariboisière", "lariboisiere", "LARIBOISIÈRE", "Laribôisiere"])
def test_accents_are_folded_on_every_database(db, q):
    accented = TrialFactory(brief_title="Nerve study at Hôpital Lariboisière").nct_id
    plain = TrialFactory(brief_title="Follow-up at Lariboisiere hospital").nct_id
    assert found(q) == sorted([accented, plain])


@pytest.mark.parametrize(("typo", "right"), [
    ("sclerossis", "sclerosis"), ("diabetis", "diabetes"), ("neurapathy", "neuropathy"),
    ("multifokal", "multifocal"), ("carcinoma", None), ("caries", None), ("melanom", "melanoma"),
])
def test_spelling_help_picks_the_same_word_on_every_database(db, typo, right):
    SearchWord.add_words({"sclerosis", "diabetes", "neuropathy", "polyneuropathy",
                          "multifocal", "adenocarcinoma", "care", "melanoma", "melanomas"})
    assert closest([typo]) == ({typo: right} if right else {})


def _typos(word: str, rng) -> list[str]:
    """A letter dropped, added, changed and two swapped, anywhere but the first letter."""
    at = rng.randrange(1, len(word))
    letter = rng.choice("aeioulnrst")
    swapped = word[:at - 1] + word[at] + word[at - 1] + word[at + 1:] if at > 1 else word
    return [word[:at] + word[at + 1:], word[:at] + letter + word[at:],
            word[:at] + letter + word[at + 1:], swapped]


def test_spelling_help_reads_few_words_and_answers_as_the_whole_vocabulary_would(db):
    """The lookup reads only the known words that could pass (spelling.could_be_close),
    and picks what rapidfuzz picks over every word of that first letter and length."""
    import random

    from rapidfuzz import fuzz, process

    from trials.search.spelling import LENGTH_SPREAD, MIN_SCORE, could_be_close

    rng = random.Random(21)
    letters = "abcdefghijklmnoprstuvy"
    real = ["diabetes", "dermatitis", "depression", "dementia", "dystrophy", "diagnosis",
            "sclerosis", "sarcoma", "neuropathy", "neuralgia", "melanoma", "myopathy",
            "carcinoma", "cardiomyopathy", "immunoglobulin", "infusion", "paralysis"]
    made_up = {w[0] + "".join(rng.choice(letters) for _ in range(len(w) - 1 + rng.choice(
        (-2, -1, 0, 1, 2)))) for w in real for _ in range(150)}
    vocabulary = sorted(set(real) | made_up)
    SearchWord.add_words(set(vocabulary))
    typos = sorted({typo for word in real for typo in _typos(word, rng)} - set(vocabulary))

    def whole_vocabulary(typo: str) -> str | None:
        choices = [w for w in vocabulary if w[0] == typo[0]
                   and abs(len(w) - len(typo)) <= LENGTH_SPREAD]
        best = process.extractOne(typo, choices, scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
        return best[0] if best else None

    expected = {typo: whole_vocabulary(typo) for typo in typos}
    assert sum(1 for fix in expected.values() if fix) >= len(real)  # most typos have a fix
    assert closest(typos) == {typo: fix for typo, fix in expected.items() if fix}
    same_shape = SearchWord.objects.filter(word__startswith="d").count()
    read = SearchWord.objects.filter(could_be_close("diabetis"), word__startswith="d")
    assert read.filter(word="diabetes").exists()
    assert read.count() * 10 < same_shape


def test_an_nct_id_with_prescreen_answers_shows_its_card_whatever_the_filters(sample_trials,
                                                                               client):
    response = client.get("/trials/", {"q": "NCT00184067", "status": "RECRUITING", "age": "40"})
    assert response.status_code == 200
    assert shown_ids(response) == ["NCT00184067"]
