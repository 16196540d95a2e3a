import factory
from factory.django import DjangoModelFactory

from trials.models import CentralContact, Site, Status, Trial


class TrialFactory(DjangoModelFactory):
    class Meta:
        model = Trial

    nct_id = factory.Sequence(lambda n: f"NCT9{n:07d}")
    brief_title = factory.Sequence(lambda n: f"Trial number {n}")
    brief_summary = "A study."
    overall_status = Status.RECRUITING
    phases = factory.LazyFunction(lambda: ["PHASE2"])
    conditions = factory.LazyFunction(lambda: ["Neuropathy"])


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
