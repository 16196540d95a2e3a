"""The trial search in Spanish, over the same shipped records (in English, as the registry
keeps them), run as it is on SQLite and on PostgreSQL: Spanish condition and treatment words
find the studies the registry's English words find."""

import pytest

from tests.search.test_trial_search_table import ALS, CIDP, IVIG, MMN, every_but
from tests.trials.results import searched
from trials.search.engine import TrialSearch

pytestmark = pytest.mark.django_db

TABLE = [
    ("neuropatía motora multifocal", MMN),
    ("neuropatia motora multifocal", MMN),  # no accents
    ("NMM", MMN),
    ("nmm", MMN),
    ("MMN", MMN),
    ("ensayos clínicos de NMM", MMN),
    ("¿Hay estudios para la NMM?", MMN),
    ("¿Cómo puedo participar en un ensayo de neuropatía motora multifocal?", MMN),
    ("ELA", ALS),
    ("esclerosis lateral amiotrófica", ALS),
    ("enfermedad de Lou Gehrig", ALS),
    ("enfermedad de la motoneurona", ALS),
    ("ela -litio", ALS),  # a Spanish word that is no synonym excludes nothing
    ("ela lithium", ["NCT00818389"]),
    ("PDIC", CIDP),
    ("pdic", CIDP),
    ("polineuropatía desmielinizante inflamatoria crónica", CIDP),
    ("CIDP", CIDP),
    ("inmunoglobulina", IVIG),
    ("inmunoglobulina intravenosa", IVIG),
    ("IgIV", IVIG),
    ("IgSC", ["NCT00268788"]),
    ("inmunoglobulina subcutánea", ["NCT00268788"]),
    ("bajo la piel", ["NCT00268788"]),
    ("nmm -igiv", ["NCT05405361"]),
    ("nmm -igsc", ["NCT00666263", "NCT05225675", "NCT05405361"]),
    ("neuropatía -pdic", MMN),
    ("-ela", every_but(*ALS)),
    ("nmm OR pdic", sorted(MMN + CIDP)),
    ("ARGX-117", ["NCT05225675", "NCT05405361"]),
    ("ensayos de empasiprubart", ["NCT05225675", "NCT05405361"]),
    ("efgartigimod", ["NCT04280718"]),
    ('"neuropatía motora multifocal"', MMN),
    ("NCT05405361", ["NCT05405361"]),
]


def found(q: str) -> list[str]:
    return sorted(t.nct_id for t in searched(TrialSearch(statuses=[], q=q, language="es")))


def test_spanish_words_find_the_registrys_studies_on_every_database(sample_trials,
                                                                    condition_trials):
    wrong = {q: found(q) for q, expected in TABLE if found(q) != sorted(expected)}
    assert wrong == {}
    assert len(TABLE) >= 30


def test_the_spanish_trial_page_searches_in_spanish_and_says_records_are_english(
        client, condition_trials):
    html = client.get("/es/trials/", {"q": "neuropatía motora multifocal", "status": "any"})
    html = html.content.decode()
    for nct_id in MMN:
        assert nct_id in html
    assert "están en inglés" in html
    english = client.get("/trials/", {"q": "neuropatía motora multifocal", "status": "any"})
    assert "NCT05405361" not in english.content.decode()  # English has no such synonym
