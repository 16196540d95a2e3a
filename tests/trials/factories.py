import factory
from factory.django import DjangoModelFactory

from trials.derived import clinic_text_digest
from trials.models import CentralContact, Site, Status, Trial


class TrialFactory(DjangoModelFactory):
    class Meta:
        model = Trial
        skip_postgeneration_save = True

    nct_id = factory.Sequence(lambda n: f"NCT9{n:07d}")
    brief_title = factory.Sequence(lambda n: f"Trial number {n}")
    brief_summary = "A study."
    overall_status = Status.RECRUITING
    phases = factory.LazyFunction(lambda: ["PHASE2"])
    conditions = factory.LazyFunction(lambda: ["Neuropathy"])

    @factory.post_generation
    def clinic_text_approved(trial, create, extracted, **kwargs):
        """The clinic's own studies come approved by a second person (trials/clinic_text.py)
        and shown, unless made with clinic_text_approved=False."""
        if create and trial.is_clinic_own and extracted is not False:
            trial.clinic_text_digest = clinic_text_digest(trial)
            trial.is_hidden = False
            Trial.objects.filter(pk=trial.pk).update(
                clinic_text_digest=trial.clinic_text_digest, is_hidden=False)


class SiteFactory(DjangoModelFactory):
    class Meta:
        model = Site

    trial = factory.SubFactory(TrialFactory)
    facility = factory.Sequence(lambda n: f"Hospital {n}")
    city = "Boston"
    country = "United States"
    latitude = 42.36
    longitude = -71.06


class CentralContactFactory(DjangoModelFactory):
    class Meta:
        model = CentralContact

    trial = factory.SubFactory(TrialFactory)
    name = "Study nurse"
    email = "study@example.org"
