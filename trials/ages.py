"""Ages as ClinicalTrials.gov writes them ("18 Years", "6 Months"), in days."""

DAYS_PER_YEAR = 365
DAYS_PER_UNIT = {"year": DAYS_PER_YEAR, "month": 30, "week": 7, "day": 1, "hour": 0, "minute": 0}
