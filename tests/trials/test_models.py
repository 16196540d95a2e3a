import pytest
from django.db import IntegrityError

from tests.trials.factories import TrialFactory
from trials.models import Trial

pytestmark = pytest.mark.django_db


def test_nct_id_is_unique():
    TrialFactory(nct_id="NCT00000001")
    with pytest.raises(IntegrityError):
        TrialFactory(nct_id="NCT00000001")


def test_nct_id_format_is_enforced_by_the_database():
    trial = TrialFactory()
    with pytest.raises(IntegrityError):
        Trial.objects.filter(pk=trial.pk).update(nct_id="ABC")


def test_clinic_trials_need_no_nct_id_but_need_a_reference():
    TrialFactory(nct_id=None, clinic_reference="mmn-home-ivig")
    TrialFactory(nct_id=None, clinic_reference="mmn-grip-study")
    with pytest.raises(IntegrityError):
        TrialFactory(nct_id=None, clinic_reference=None)


def test_nct_id_is_normalised_and_url_uses_it():
    trial = TrialFactory(nct_id=" nct01234567 ")
    assert trial.nct_id == "NCT01234567"
    assert trial.get_absolute_url() == "/trials/NCT01234567/"
    assert str(trial).startswith("NCT01234567: ")


def test_phase_codes_and_label_follow_phases():
    trial = TrialFactory(phases=["PHASE1", "PHASE2"])
    assert trial.phase_codes == "|PHASE1|PHASE2|"
    assert trial.phase_label == "Phase 1 / Phase 2"


def test_history_is_kept():
    trial = TrialFactory()
    trial.is_at_this_clinic = True
    trial.save()
    assert trial.history.count() == 2
