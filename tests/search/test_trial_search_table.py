"""The trial search's table of what patients type and the studies it must find, over the
shipped records (the team's sample and the MMN, CIDP and ALS ones), run as it is on SQLite and
on PostgreSQL: the same words give the same studies whichever database the clinic runs."""

import pytest

from tests.trials.conftest import SAMPLE_FILES
from tests.trials.results import searched
from trials.search.engine import TrialSearch

pytestmark = pytest.mark.django_db

MMN = ["NCT00268788", "NCT00666263", "NCT05225675", "NCT05405361"]
IVIG = ["NCT00268788", "NCT00666263", "NCT05225675"]  # the MMN ones that give IVIg
ALS = ["NCT00818389", "NCT04454892", "NCT05474235"]
CIDP = ["NCT04280718", "NCT05581199", "NCT05940922"]


def every_but(*excluded: str) -> list[str]:
    from tests.trials.conftest import CONDITION_DIR

    shipped = [p.stem for p in SAMPLE_FILES] + [p.stem for p in CONDITION_DIR.glob("*.json")]
    return sorted(set(shipped) - set(excluded))


TABLE = [
    ("mmn", MMN),
    ("MMN", MMN),
    ("multifocal motor neuropathy", MMN),
    ("multifocal motor neuropathy trials", [
        "NCT00268788", "NCT00666263", "NCT05225675", "NCT05405361",
    ]),
    ("study for MMN", MMN),
    ("mmn ivig", IVIG),
    ("mmn -ivig", ["NCT05405361"]),
    ("mmn -scig", ["NCT00666263", "NCT05225675", "NCT05405361"]),
    ("scig", ["NCT00268788"]),
    ("subcutaneous immunoglobulin", ["NCT00268788"]),
    ("under the skin", ["NCT00268788"]),
    ("ivig", IVIG),
    ("intravenous immunoglobulin", IVIG),
    ("immune globulin", IVIG),
    ("immunoglobulin", IVIG),
    ("als", ALS),
    ("ALS", ALS),
    ("Lou Gehrig's disease", ALS),
    ("lou gehrigs disease", ALS),
    ("motor neurone disease", ALS),
    ("motor neuron disease", ALS),
    ("amyotrophic lateral sclerosis", ALS),
    ("amyotrophic lateral sclerossis", ALS),
    ("als -lithium", ["NCT04454892", "NCT05474235"]),
    ("als lithium", ["NCT00818389"]),
    ("riluzole", ["NCT00818389"]),
    ("cidp", CIDP),
    ("CIDP batoclimab", ["NCT05581199"]),
    ("chronic inflammatory demyelinating polyneuropathy", [
        "NCT04280718", "NCT05581199", "NCT05940922",
    ]),
    ("neuropathy -cidp", MMN),
    ("mmn -als", MMN),
    ("-ivig", every_but("NCT00268788", "NCT00666263", "NCT05225675")),
    ("-als", every_but("NCT00818389", "NCT04454892", "NCT05474235")),
    ("ARGX-117", ["NCT05225675", "NCT05405361"]),
    ("argx 117", ["NCT05225675", "NCT05405361"]),
    ("empasiprubart", ["NCT05225675", "NCT05405361"]),  # the drug's name; the records say ARGX-117
    ("argx-117 -placebo", []),
    ("efgartigimod", ["NCT04280718"]),
    ("batoclimab", ["NCT05581199"]),
    ("efgartigimod OR batoclimab", ["NCT04280718", "NCT05581199"]),
    ("ivig OR scig", IVIG),
    ("cancer", ["NCT01126879", "NCT06388018"]),
    ("prostate cancer", ["NCT01126879"]),
    ("cancer -prostate", ["NCT06388018"]),
    ("cancer OR lymphoma", ["NCT01126879", "NCT06388018"]),
    ("melanoma", ["NCT00184067"]),
    ("melanom", ["NCT00184067"]),
    ("diabetes", ["NCT00763412", "NCT05600179"]),
    ("diabetis", ["NCT00763412", "NCT05600179"]),
    ("cystic fibrosis", ["NCT00763412"]),
    ('"cystic fibrosis"', ["NCT00763412"]),
    ('"fibrosis cystic"', []),  # not across two fields
    ("Crohn's disease", ["NCT03058679"]),
    ("crohns", ["NCT03058679"]),
    ("mediterranean diet", ["NCT03058679"]),
    ("atopic dermatitis", ["NCT02210780"]),
    ("dermatitus", ["NCT02210780"]),
    ("dupilumab", ["NCT02210780"]),
    ("alcohol", ["NCT01511679", "NCT03418623"]),
    ("alcohol -adolescent", ["NCT03418623"]),
    ("GET73", ["NCT03418623"]),
    ("GABA", ["NCT03418623"]),
    ("rosacea", ["NCT03064438"]),
    ("acne rosacea", ["NCT03064438"]),
    ("brain tumor", ["NCT03281889"]),
    ("proton", ["NCT03281889", "NCT06388018"]),
    ("knee", ["NCT05013879"]),
    ("kinesiotape", ["NCT05013879"]),
    ("edema", ["NCT05013879"]),
    ("aplastic anemia", ["NCT05531279"]),
    ("PEG-rhG-CSF", ["NCT05531279"]),
    ("rhG-CSF", ["NCT05531279"]),
    ("G-CSF", ["NCT05531279"]),
    ("diabetic retinopathy", ["NCT05600179"]),
    ("dexamethasone", ["NCT05600179"]),
    ("suicide", ["NCT05602779"]),
    ("vagus nerve stimulation", ["NCT05602779"]),
    ("pancreatic cancer", []),
    ("ciprofloxacin", ["NCT04523987"]),
    ("nab-paclitaxel", ["NCT04523987"]),
    ("endometrial cancer", ["NCT06388018"]),
    ("coronary", ["NCT00711542"]),
    ("myocardial infarction", ["NCT00711542"]),
    ("spondyloarthritis", ["NCT02552212"]),
    ("certolizumab", ["NCT02552212"]),
    ("nct02552212", ["NCT02552212"]),
    ("NCT05405361", ["NCT05405361"]),
    ("how can i join an mmn trial", MMN),
    ("what trials are there for cidp", CIDP),
    ("covid-19", []),
    ("steroids", []),
    ("nerve", ["NCT04280718", "NCT05602779"]),
    ('-"motor neuron" -cancer', every_but("NCT01126879", "NCT05474235", "NCT06388018")),
    ("mmn OR cidp", [
        "NCT00268788", "NCT00666263", "NCT04280718", "NCT05225675", "NCT05405361", "NCT05581199",
        "NCT05940922",
    ]),
    ('"motor neuron disease"', []),
    ("sclerosis -amyotrophic", []),
    ("immunoglobulin -subcutaneous", ["NCT00666263", "NCT05225675"]),
    ("lou-gehrig", ALS),
]


def found(q: str) -> list[str]:
    return sorted(t.nct_id for t in searched(TrialSearch(statuses=[], q=q)))


def test_every_query_finds_the_same_studies_on_every_database(sample_trials, condition_trials):
    # One test for the whole table: importing the records once keeps it quick.
    wrong = {q: found(q) for q, expected in TABLE if found(q) != sorted(expected)}
    assert wrong == {}
    assert len(TABLE) >= 80


def test_equal_ranks_keep_the_listing_order_then_the_id(db, client):
    """Rank first; between equal ranks the clinic's own, then the most recently updated,
    then the lowest id: the same page on both databases."""
    import datetime as dt

    from tests.trials.factories import TrialFactory

    day = dt.date(2024, 1, 1)
    older_low_id = TrialFactory(brief_title="Zebrafish", last_update_posted=day)
    newer = TrialFactory(brief_title="Zebrafish", last_update_posted=day + dt.timedelta(1))
    older_high_id = TrialFactory(brief_title="Zebrafish", last_update_posted=day)
    clinic = TrialFactory(brief_title="Zebrafish", last_update_posted=day, is_at_this_clinic=True)
    best = TrialFactory(brief_title="Zebrafish zebrafish", brief_summary="Zebrafish.",
                        conditions=["Zebrafish"], last_update_posted=day)
    expected = [best, clinic, newer, older_low_id, older_high_id]
    assert [t.pk for t in searched(TrialSearch(q="zebrafish"))] == [t.pk for t in expected]
    page = client.get("/trials/", {"q": "zebrafish"}).content.decode()
    shown = [t.nct_id for t in expected]
    assert [page.index(nct_id) for nct_id in shown] == sorted(page.index(n) for n in shown)
